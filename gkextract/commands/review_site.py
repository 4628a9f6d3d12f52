"""`gkextract review REPORTS... --out DIR`: a static site for reviewers (and `--xlsx FILE`, the 整改 list)."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer


def review(
    paths: Optional[list[Path]] = typer.Argument(None, help="Report files or folders, or record .json files."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder for the site (index.html, reports/)."),
    db: Optional[Path] = typer.Option(None, "--db", help="Review a store written by `extract --db` instead."),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="Also write the 整改 list as an Excel workbook."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="A checks.yaml laid over the defaults "
                                          "(for the batch rules)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for extraction."),
) -> None:
    """Write a self-contained static site (opens from disk, offline) with every report's tables, findings and
    text, and a filterable list of the batch. Exit status: 0, 1 when some files could not be read, 2 for
    usage errors."""
    from rich.console import Console

    from ..checks import CheckConfig, ConfigError
    from ..reviewer import add_batch_checks, from_paths, from_store, write_site, write_xlsx

    console = Console(stderr=True)
    if out is None and xlsx is None:
        console.print("[red]gkextract review: give --out DIR and/or --xlsx FILE[/red]")
        raise typer.Exit(2)
    if not paths and db is None:
        console.print("[red]gkextract review: give report files or folders, or --db DB[/red]")
        raise typer.Exit(2)
    try:
        settings = CheckConfig.load(config) if config else CheckConfig.load()
    except ConfigError as e:
        console.print(f"[red]gkextract review: bad --config: {e}[/red]")
        raise typer.Exit(2)
    started = time.perf_counter()
    done, failed = [], []
    if db is not None:
        from . import open_store

        with open_store(db, console) as store:
            done, failed = from_store(db, store=store)
    if paths:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("[bold]review"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as progress:
            task = progress.add_task("review", total=None)
            more, more_failed = from_paths(paths, jobs=jobs, on_done=lambda _: progress.advance(task),
                                           on_found=lambda n: progress.update(task, total=n))
        done, failed = done + more, failed + more_failed
    add_batch_checks(done, settings)
    loaded = time.perf_counter()
    if out is not None:
        site = write_site(done, failed, out)
        console.print(f"wrote {site.index} and {site.pages} report page(s) in {out / 'reports'}")
    if xlsx is not None:
        write_xlsx(done, failed, xlsx)
        console.print(f"wrote {xlsx}")
    for f in failed:
        console.print(f"[yellow]could not read[/yellow] {f.path}: {f.reason}")
    console.print(f"{len(done)} report(s), {len(failed)} failed; read {loaded - started:.1f} s, "
                  f"written {time.perf_counter() - loaded:.1f} s")
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("review")(review)
