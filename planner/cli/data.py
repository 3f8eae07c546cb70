"""``planner data download``: public reference data, verified."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.cli import render
from planner.cli.common import exit_codes

app = typer.Typer(help="Public reference data.", no_args_is_help=True)


@app.command("download")
def data_download(
        name: Annotated[str, typer.Argument(help="Dataset: onet-labels.")],
        url: Annotated[str | None, typer.Option("--url", help="Mirror URL.")] = None,
        dest: Annotated[Path, typer.Option("--dest", help="Folder to store it in.")] = Path(
            "."),
        force: Annotated[bool, typer.Option(
            "--force", help="Download even if a verified copy is there.")] = False) -> None:
    """Fetch a public dataset, verify its checksum and store it."""
    from planner.work.download import DATASETS, download

    with exit_codes():
        path = download(name, dest, url=url, force=force)
    render.say(f"stored {path} (sha256 verified)")
    render.say(f"licence: {DATASETS[name].licence}")
