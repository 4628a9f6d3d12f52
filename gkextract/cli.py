"""The command line: a thin typer app; each command lives in gkextract/commands/<name>.py."""
from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="gkextract",
    help="Extract, check and summarise 政府信息公开工作年度报告 (government information disclosure annual reports).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help text is plain: `gkextract[dask]` is an extra, not a markup tag to drop
)



def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"gkextract {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="print the version and exit")) -> None:
    """Keeps gkextract a group of commands even when only one is installed."""


# Each module defines register(app). A command whose optional dependencies are missing stays out.
COMMAND_MODULES = ("extract", "check", "synth", "train", "annotate", "summarize", "export", "review_site")

for _name in COMMAND_MODULES:
    try:
        _mod = importlib.import_module(f"gkextract.commands.{_name}")
    except ModuleNotFoundError as _e:  # a command not built yet, or its module missing
        if _e.name and _e.name.startswith("gkextract.commands"):
            continue
        raise
    _mod.register(app)


def main() -> None:  # pragma: no cover - console entry
    app()
