"""`gkextract annotate export FILES --out tasks.json` and `gkextract annotate import tasks.json --out DIR`."""
from __future__ import annotations

from pathlib import Path
from typing import List

import typer
from rich.console import Console

console = Console(stderr=True)
annotate_app = typer.Typer(help="Label Studio round trip: pre-annotated tasks out, corrected records in.",
                           no_args_is_help=True)


@annotate_app.command("export")
def export_command(
    files: List[Path] = typer.Argument(..., help="report files (txt, html, docx, pdf)"),
    out: Path = typer.Option(..., "--out", "-o", help="tasks JSON file (a .label_config.xml is written beside)"),
) -> None:
    """Write one pre-annotated Label Studio task per report, from the current predictions."""
    from ..annotate import export_tasks, write_tasks

    tasks = export_tasks(files)
    write_tasks(tasks, out)
    console.print(f"[green]wrote[/] {len(tasks)} task(s) → {out}")


@annotate_app.command("import")
def import_command(
    tasks_file: Path = typer.Argument(..., help="tasks JSON exported from Label Studio"),
    out: Path = typer.Option(..., "--out", "-o", help="folder for one <stem>.json record per task"),
) -> None:
    """Turn corrected tasks back into records (annotations win over predictions)."""
    from ..annotate import import_tasks, read_tasks

    records = import_tasks(read_tasks(tasks_file))
    out.mkdir(parents=True, exist_ok=True)
    for rec in records:
        (out / f"{Path(rec.source.path).stem}.json").write_text(rec.to_json(), encoding="utf-8")
    console.print(f"[green]wrote[/] {len(records)} record(s) → {out}")


def register(app: typer.Typer) -> None:
    app.add_typer(annotate_app, name="annotate")
