"""`gkextract export`: the store's tables as Parquet files, one per table."""
from __future__ import annotations

from pathlib import Path

import typer


def export(
    db: Path = typer.Option(Path("gkextract.duckdb"), "--db", help="DuckDB store to read."),
    parquet: Path = typer.Option(..., "--parquet", help="Folder for <table>.parquet files."),
    views: bool = typer.Option(False, "--views", help="Also write the indicator views."),
) -> None:
    """Write reports, sections, cells, figures, items, checks and failures as Parquet."""
    from rich.console import Console

    from . import open_store

    console = Console(stderr=True)
    with open_store(db, console) as store:
        written = store.export_parquet(parquet, views=views)
    console.print(f"wrote {len(written)} Parquet files to {parquet}/")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
