"""Fetch public reference data the planner can use but does not ship, and verify it.

Each dataset has a public URL, a SHA-256 checksum and a licence. A download goes to a
temporary file beside the destination and is renamed into place only when its checksum
matches, so a failed or tampered download leaves no partial file.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from planner.errors import PlannerError


class DownloadError(PlannerError):
    """A download failed, or its content is not the file expected."""


@dataclass(frozen=True)
class Dataset:
    """A public file the planner knows how to fetch.

    Attributes
    ----------
    name : str
        What the CLI calls it (``onet-labels``).
    url : str
        Default public URL.
    filename : str
        Name it is stored under.
    sha256 : str
        Checksum of the expected content (hex).
    size : int
        Expected size [bytes] (for the progress message only).
    licence : str
        Licence and credit to give when using it.
    """

    name: str
    url: str
    filename: str
    sha256: str
    size: int
    licence: str


DATASETS: dict[str, Dataset] = {
    "onet-labels": Dataset(
        name="onet-labels",
        url="https://raw.githubusercontent.com/openai/GPTs-are-GPTs/main/data/full_labelset.tsv",
        filename="full_labelset.tsv",
        sha256="094378905e1f3349e50a9a83dc69643a2ef227954d611c8316a46da08cb3d8de",
        size=3_893_248,
        licence="Exposure labels: MIT (openai/GPTs-are-GPTs). Task statements: O*NET 27.x "
                "Database by the U.S. Department of Labor, Employment and Training "
                "Administration (USDOL/ETA), CC BY 4.0."),
}
"""The datasets ``planner data download`` knows."""


def download(name: str, dest: str | os.PathLike[str] = ".", *, url: str | None = None,
             timeout: float = 60.0, force: bool = False) -> Path:
    """Download a known dataset into a folder and verify its checksum.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`.
    dest : path
        Folder to store the file in (created if needed).
    url : str, optional
        Another URL serving the same file (a mirror); the checksum is checked all the same.
    timeout : float
        Seconds to wait for the server [s].
    force : bool
        Download even when a verified copy is already there.

    Returns
    -------
    Path
        The stored file.

    Raises
    ------
    DownloadError
        Unknown dataset, network or server error, or a checksum that does not match (the
        partial file is removed).
    """
    if name not in DATASETS:
        raise DownloadError(f"dataset: expected one of {', '.join(DATASETS)}, found {name!r}")
    ds = DATASETS[name]
    folder = Path(dest)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ds.filename
    if target.exists() and not force and file_sha256(target) == ds.sha256:
        return target
    source = url or ds.url
    tmp = target.with_name(target.name + ".part")
    h = hashlib.sha256()
    try:
        with urllib.request.urlopen(source, timeout=timeout) as resp, open(tmp, "wb") as fh:
            for chunk in iter(lambda: resp.read(1 << 16), b""):
                h.update(chunk)
                fh.write(chunk)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        tmp.unlink(missing_ok=True)
        raise DownloadError(f"{source}: expected the {name} file, the download failed: {exc}. "
                            "Fix: check the connection, or download from a mirror (url)") from exc
    if h.hexdigest() != ds.sha256:
        tmp.unlink(missing_ok=True)
        raise DownloadError(f"{source}: expected content with sha256 {ds.sha256}, found "
                            f"{h.hexdigest()}; nothing was stored. Fix: check that the URL "
                            "serves the original file (not a changed or truncated copy)")
    os.replace(tmp, target)
    return target


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file (hex)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
