"""`gkextract extract PATH... --out DIR|FILE.jsonl [--jobs N] [--db FILE] [--timeout S] [--max-memory MB]
[--resume] [--engine dask [--scheduler tcp://HOST:PORT] [--parquet DIR]]`."""
from __future__ import annotations

import signal
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..batch import JsonDirWriter, JsonlWriter, StoreSink, discover, file_sha256, run, write_failures
from ..supervisor import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT

console = Console(stderr=True)
DEFAULT_DB = "gkextract.duckdb"


def extract_command(
    paths: List[Path] = typer.Argument(..., help="report files or folders (txt, html, docx, pdf)"),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="folder for one <stem>.json per report, or a .jsonl file"),
    db: Optional[str] = typer.Option(None, "--db", help=f"also store records in this DuckDB file "
                                                         f"(pass --db '' for {DEFAULT_DB})"),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="worker processes"),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=0,
                                  help="seconds one file may take; past it the file fails (0: no limit)"),
    max_memory: int = typer.Option(DEFAULT_MAX_MEMORY, "--max-memory", min=0,
                                   help="MB of memory one file may take; past it the file fails (0: no limit)"),
    resume: bool = typer.Option(False, "--resume", help="skip inputs whose records the outputs already hold "
                                "(same sha256), e.g. after an interrupted batch"),
    models: Optional[Path] = typer.Option(None, "--models", help="a folder of trained models (with its "
                                          "selection.json) instead of the shipped ones / $GKEXTRACT_HOME/models"),
    engine: str = typer.Option("local", "--engine", help="local (this machine's processes) or dask (a Dask "
                               "cluster: --jobs local workers, or --scheduler's; needs gkextract[dask])"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="with --engine dask: a running "
                                            "cluster's scheduler, tcp://HOST:PORT"),
    ocr: str = typer.Option("auto", "--ocr", help="auto: OCR the PDF pages without a usable text layer "
                            "(and .png/.jpg); always: every PDF page; never (needs gkextract[ocr])"),
    parquet: Optional[Path] = typer.Option(None, "--parquet", help="with --engine dask, instead of --out/--db: "
                                           "the workers write the records into this partitioned Parquet "
                                           "dataset themselves (storage every worker can write to); only "
                                           "failures travel back. For very large runs"),
) -> None:
    """Extract one record per report."""
    if ocr not in ("auto", "always", "never"):
        raise typer.BadParameter("auto, always or never", param_hint="--ocr")
    if parquet is not None and (engine != "dask" or out is not None or db is not None or resume):
        raise typer.BadParameter("needs --engine dask, and takes the place of --out, --db and --resume",
                                 param_hint="--parquet")
    import os

    # read by readers.read in this process and its workers; pages read by OCR are shown as they go
    os.environ["GKEXTRACT_OCR"] = ocr
    os.environ.setdefault("GKEXTRACT_OCR_PROGRESS", "1")
    if models is not None:
        if not models.is_dir():
            raise typer.BadParameter(f"{models} is not a folder", param_hint="--models")
        _use_models(models)
    if out is None and db is None and parquet is None:
        raise typer.BadParameter("give --out DIR, --out FILE.jsonl and/or --db FILE", param_hint="--out")
    files, missing = discover(paths)
    if not files and not missing:
        console.print("[red]no report files found[/] (looked for .txt .html .htm .docx .pdf)")
        raise typer.Exit(2)
    writer = None
    if out is not None:
        writer = JsonlWriter(out) if out.suffix.lower() == ".jsonl" else JsonDirWriter(out)
    store = _open_store(db)
    if resume:
        files = _not_done(files, writer, store)
    outcomes = list(missing)
    interrupted = False
    previous_term = _on_sigterm(_interrupt)  # a kill stops like Ctrl-C: outputs are completed
    try:
        with Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.fields[name]}"), console=console, transient=False,
                      disable=len(files) < 2) as progress:
            task = progress.add_task("extract", total=len(files), name="")
            for outcome in _engine(engine, scheduler, parquet)(files, jobs=jobs, timeout=timeout or None,
                                                               max_memory=max_memory or None):
                progress.update(task, advance=1, name=Path(outcome.path).name)
                outcomes.append(outcome)
                if outcome.ok:
                    if writer is not None:
                        writer.write(outcome)
                    if store is not None:
                        store.add_json(outcome.record_json)
                elif store is not None:
                    store.add_failure(outcome.path, outcome.error)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        _on_sigterm(previous_term)
        # whatever happened, what was extracted is written (gkextract extract --resume goes on from there)
        if writer is not None:
            writer.close()
        failed = [o for o in outcomes if not o.ok]
        if failed and isinstance(writer, JsonDirWriter):
            write_failures(out, failed)
        if store is not None:
            store.close()
    _summary(outcomes, out if parquet is None else parquet, db)
    if interrupted:
        console.print(f"[yellow]interrupted[/]: {len(outcomes) - len(missing)} of {len(files)} files done; "
                      "run again with --resume to go on")
        raise typer.Exit(130)
    raise typer.Exit(1 if failed else 0)


def _engine(engine: str, scheduler: Optional[str], parquet: Optional[Path] = None):
    """The batch runner of ``--engine`` (gkextract.engines); usage errors exit 2 like the others."""
    from ..engines import runner

    try:
        return runner(engine, scheduler, parquet)
    except (ValueError, ImportError) as e:
        console.print(f"[red]{e}[/]")
        raise typer.Exit(2)


def _use_models(models: Path) -> None:
    """Point model loading at ``models``: an environment variable, so worker processes see it too."""
    import os

    from ..paths import MODELS_ENV

    os.environ[MODELS_ENV] = str(models.resolve())


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _on_sigterm(handler):
    """Install a SIGTERM handler, returning the previous one (None where signals cannot be set: a thread)."""
    if handler is None:
        return None
    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:
        return None


def _not_done(files: list[Path], writer, store) -> list[Path]:
    """The inputs whose records are not in every output yet (by sha256 of the input's bytes)."""
    done_sets = [output.done() for output in (writer, store) if output is not None]
    done = set.intersection(*done_sets) if done_sets else set()
    todo = [f for f in files if file_sha256(f) not in done]
    if len(todo) < len(files):
        console.print(f"resume: {len(files) - len(todo)} of {len(files)} inputs already done, skipped")
    return todo


def _open_store(db: Optional[str]):
    if db is None:
        return None
    try:
        from ..store import StoreBusy
    except ImportError:
        console.print("[red]--db needs the store module (gkextract.store), which is not installed[/]")
        raise typer.Exit(2)
    try:
        return StoreSink(db or DEFAULT_DB)  # batches of records, each written under the store's file lock
    except StoreBusy as e:
        console.print(f"[red]{e}[/]")
        raise typer.Exit(2)


def _summary(outcomes, out, db) -> None:
    ok = sum(1 for o in outcomes if o.ok)
    failed = [o for o in outcomes if not o.ok]
    where = ", ".join(str(x) for x in (out, db) if x is not None)
    console.print(f"[green]{ok} ok[/], [{'red' if failed else 'green'}]{len(failed)} failed[/]"
                  + (f" → {where}" if where else ""))
    for o in failed:
        console.print(f"  [red]✗[/] {o.path}: {o.error}")


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)
