"""`gkextract annotate export PATHS --out tasks.json | --format review --out DIR` and
`gkextract annotate import tasks.json --out DIR | REVIEW_DIR --labels DIR` (see gkextract.review)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

console = Console(stderr=True)
annotate_app = typer.Typer(help="Annotation round trips: Label Studio tasks, or review files corrected by hand "
                                "into label files.",
                           no_args_is_help=True)


@annotate_app.command("export")
def export_command(
    paths: List[Path] = typer.Argument(..., help="report files or folders (txt, html, docx, pdf)"),
    out: Path = typer.Option(..., "--out", "-o", help="labelstudio: tasks JSON file (a .label_config.xml is "
                                                      "written beside); review: folder for <id>.review.json"),
    fmt: str = typer.Option("labelstudio", "--format", "-f", help="labelstudio | review (hand edit)"),
    force: bool = typer.Option(False, "--force", help="review: overwrite existing review files (they may hold "
                                                      "hand corrections; by default they are kept)"),
    only: Optional[str] = typer.Option(None, "--only", help="review: just these fields, comma-separated (e.g. "
                                                            "sections); import them with --merge"),
) -> None:
    """Write one pre-annotated task (Label Studio) or review file per report, from the current predictions."""
    from ..batch import discover

    files, missing = discover(paths)
    for m in missing:
        console.print(f"[red]✗[/] {m.path}: {m.error}")
    if not files:
        console.print("[red]no report files found[/] (looked for .txt .html .htm .docx .pdf)")
        raise typer.Exit(2)
    if fmt == "review":
        from ..review import export_review

        from ..labels import LabelError

        fields = [f.strip() for f in only.split(",") if f.strip()] if only else None
        try:
            written = export_review(files, out, overwrite=force, only=fields)
        except LabelError as e:
            raise typer.BadParameter(str(e), param_hint="--only")
        kept = len(files) - len(written)
        console.print(f"[green]wrote[/] {len(written)} review file(s) → {out}"
                      + (f"; {kept} existing kept (--force overwrites)" if kept else ""), soft_wrap=True)
    elif fmt == "labelstudio":
        from ..annotate import export_tasks, write_tasks

        tasks = export_tasks(files)
        write_tasks(tasks, out)
        console.print(f"[green]wrote[/] {len(tasks)} task(s) → {out}")
    else:
        raise typer.BadParameter("labelstudio or review", param_hint="--format")
    raise typer.Exit(1 if missing else 0)


@annotate_app.command("import")
def import_command(
    sources: List[Path] = typer.Argument(..., help="Label Studio tasks JSON, or (with --labels) review "
                                                   "files / folders of *.review.json"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Label Studio: folder for <stem>.json records"),
    labels: Optional[Path] = typer.Option(None, "--labels", help="review: folder for <id>.json label files"),
    by: Optional[str] = typer.Option(None, "--by", help="annotator name recorded in each label (default: the "
                                                         "review's annotated_by, else the login name)"),
    allow_changed: bool = typer.Option(False, "--allow-changed", help="re-find spans by text when a report "
                                                                       "file changed since export"),
    merge: bool = typer.Option(False, "--merge", help="review: write only the fields the review carries "
                                                      "(its --only list) into existing label files"),
) -> None:
    """Corrected tasks back into records (Label Studio), or corrected review files into label files."""
    if labels is not None:
        from ..review import import_review

        res = import_review(sources, labels, annotated_by=by, allow_changed=allow_changed, merge=merge)
        for w in res.warnings:
            console.print(f"[yellow]![/] {w}", soft_wrap=True)
        for e in res.errors:
            console.print(f"[red]✗[/] {e}", soft_wrap=True)
        console.print(f"[green]wrote[/] {len(res.written)} label file(s) → {labels}"
                      + (f", [red]{len(res.errors)} failed[/]" if res.errors else ""))
        raise typer.Exit(1 if res.errors or not res.written else 0)
    if out is None or len(sources) != 1:
        raise typer.BadParameter("give one tasks JSON and --out DIR, or review files and --labels DIR",
                                 param_hint="--out/--labels")
    from ..annotate import import_tasks, read_tasks

    records = import_tasks(read_tasks(sources[0]))
    out.mkdir(parents=True, exist_ok=True)
    for rec in records:
        (out / f"{Path(rec.source.path).stem}.json").write_text(rec.to_json(), encoding="utf-8")
    console.print(f"[green]wrote[/] {len(records)} record(s) → {out}")


def register(app: typer.Typer) -> None:
    app.add_typer(annotate_app, name="annotate")
