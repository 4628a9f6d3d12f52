"""`gkextract export`: the store's tables as a Parquet dataset partitioned by year and province
(gkextract.dataset), or with ``--flat`` one Parquet file per table."""
from __future__ import annotations

from pathlib import Path

import typer


def export(
    db: Path = typer.Option(Path("gkextract.duckdb"), "--db", help="DuckDB store to read."),
    parquet: Path = typer.Option(..., "--parquet", help="Folder for the dataset: <table>/year=…/province=…/"
                                 "part-N.parquet (DuckDB, Polars, Spark and pyarrow read it as is)."),
    views: bool = typer.Option(False, "--views", help="Also write the indicator views (<view>.parquet)."),
    flat: bool = typer.Option(False, "--flat", help="One <table>.parquet per table instead, unpartitioned."),
) -> None:
    """Write reports, sections, cells, figures, items, checks and failures as Parquet."""
    from rich.console import Console

    from . import open_store

    console = Console(stderr=True)
    with open_store(db, console) as store:
        if flat:
            written = store.export_parquet(parquet, views=views)
            console.print(f"wrote {len(written)} Parquet files to {parquet}/")
            return
        from ..dataset import write_partitioned

        tables = write_partitioned(store, parquet)
        if views:
            from ..summarize.indicators import VIEWS

            _views(store, parquet, VIEWS)
    console.print(f"wrote {len(tables)} tables partitioned by year and province to {parquet}/"
                  + (" and the indicator views" if views else ""))


def _views(store, out: Path, names) -> None:
    """The indicator views, small aggregates, as one file each beside the tables."""
    for name in names:
        literal = str(out / f"{name}.parquet").replace("'", "''")
        store.con.execute(f"COPY (SELECT * FROM {name}) TO '{literal}' (FORMAT parquet)")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
