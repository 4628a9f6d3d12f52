"""`gkextract summarize`: a self-contained HTML summary of a store (plus CSV/JSON tables beside it)."""
from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer


class By(str, Enum):
    year = "year"
    agency_type = "agency_type"
    region = "region"


def summarize(
    db: Path = typer.Option(Path("gkextract.duckdb"), "--db", help="DuckDB store written by `extract --db`."),
    out: Path = typer.Option(Path("report.html"), "--out", "-o", help="HTML file to write; tables go to <stem>_files/."),
    by: By = typer.Option(By.year, "--by", help="Grouping for themes, failed checks and indicators."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Theme frequencies, unmatched problems, recurring problems, failed checks and indicators as HTML."""
    from rich.console import Console

    from ..summarize.report import build_report
    from . import open_store

    console = Console(stderr=True)
    with open_store(db, console) as store:
        result = build_report(store, out, by=by.value, quiet=quiet)
    total = sum(result.timings.values())
    console.print(f"wrote {result.html_path} and {len(result.frames)} tables in {result.files_dir}/ "
                  f"({total:.1f} s: " + ", ".join(f"{k} {v:.1f}" for k, v in result.timings.items()) + ")")


def register(app: typer.Typer) -> None:
    app.command("summarize")(summarize)
