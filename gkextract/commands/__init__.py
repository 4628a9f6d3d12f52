"""The CLI's commands, one module each; shared helpers for them here."""
from __future__ import annotations

from pathlib import Path

import typer


def open_store(db: Path, console):
    """The store at ``db``, read-only; a clear message and exit code 2 when there is none."""
    from ..store import Store

    if not db.exists():
        console.print(f"[red]no store at {db}[/red] (create one with `gkextract extract ... --db {db}`)")
        raise typer.Exit(2)
    return Store(db, read_only=True)
