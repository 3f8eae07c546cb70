"""`planner data download`: a loopback HTTP server serves the file; the checksum decides."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.work.download import DATASETS, DownloadError, download, file_sha256
from tests.conftest import SHARED

LABELS_DIR = SHARED / "gpts-are-gpts"
runner = CliRunner()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # noqa: D102
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTP server on 127.0.0.1 serving a folder with the real file and a changed copy."""
    if not (LABELS_DIR / "full_labelset.tsv").exists():
        pytest.skip("../shared/datasets/gpts-are-gpts/full_labelset.tsv is not beside the project")
    root = tmp_path / "www"
    root.mkdir()
    (root / "full_labelset.tsv").symlink_to(LABELS_DIR / "full_labelset.tsv")
    data = (LABELS_DIR / "full_labelset.tsv").read_bytes()
    (root / "tampered.tsv").write_bytes(data[:-10] + b"0000000000")
    handler = partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", tmp_path / "dest"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_checksum_is_that_of_the_shared_copy() -> None:
    if not (LABELS_DIR / "full_labelset.tsv").exists():
        pytest.skip("../shared/datasets/gpts-are-gpts/full_labelset.tsv is not beside the project")
    assert file_sha256(LABELS_DIR / "full_labelset.tsv") == DATASETS["onet-labels"].sha256
    assert DATASETS["onet-labels"].url.startswith(
        "https://raw.githubusercontent.com/openai/GPTs-are-GPTs/")


def test_downloads_and_verifies(server: tuple[str, Path]) -> None:
    base, dest = server
    result = runner.invoke(app, ["data", "download", "onet-labels", "--url",
                                 f"{base}/full_labelset.tsv", "--dest", str(dest)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())  # the console wraps a long temporary path
    assert "sha256 verified" in said and "CC BY 4.0" in said
    stored = dest / "full_labelset.tsv"
    assert file_sha256(stored) == DATASETS["onet-labels"].sha256
    assert sorted(p.name for p in dest.iterdir()) == ["full_labelset.tsv"]


def test_a_checksum_mismatch_leaves_no_file(server: tuple[str, Path]) -> None:
    base, dest = server
    with pytest.raises(DownloadError, match="expected content with sha256 094378"):
        download("onet-labels", dest, url=f"{base}/tampered.tsv")
    assert list(dest.iterdir()) == []
    result = runner.invoke(app, ["data", "download", "onet-labels", "--url",
                                 f"{base}/tampered.tsv", "--dest", str(dest)])
    assert result.exit_code == 1
    assert "nothing was stored" in " ".join(result.output.split())


def test_a_server_error_is_reported(server: tuple[str, Path]) -> None:
    base, dest = server
    with pytest.raises(DownloadError, match="404"):
        download("onet-labels", dest, url=f"{base}/missing.tsv")
    assert list(dest.iterdir()) == []
    with pytest.raises(DownloadError, match="expected one of onet-labels"):
        download("nothing", dest)
