"""`gkextract synth`: write synthetic reports in every layout, each beside its gold record."""
from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("synth")
    def synth(
        n: int = typer.Option(20, "--n", help="number of reports"),
        seed: int = typer.Option(0, "--seed", help="random seed (same seed, same bytes)"),
        out: Path = typer.Option(..., "--out", help="output folder"),
        formats: str = typer.Option("txt_tab,txt_pipe,txt_lines,txt_runtogether,html,docx,pdf", "--formats",
                                    help="layouts, used in turn"),
        templates: str = typer.Option("2019,2021,legacy", "--templates", help="table formats to draw years for"),
        faults: float = typer.Option(0.0, "--faults", help="chance that a report carries one injected fault"),
    ) -> None:
        """Write N synthetic reports and their gold records (<stem>.json) to OUT."""
        from ..synth import FORMATS, TEMPLATES, synth_corpus
        from ..synth.render.pdf import PdfUnavailable

        fmts = [f.strip() for f in formats.split(",") if f.strip()]
        tpls = [t.strip() for t in templates.split(",") if t.strip()]
        from ..synth.render import SCAN_FORMATS

        bad = [f for f in fmts if f not in FORMATS + SCAN_FORMATS] + [t for t in tpls if t not in TEMPLATES]
        if bad or not fmts or not tpls:
            raise typer.BadParameter(f"unknown format/template {bad}; formats: {', '.join(FORMATS)}; "
                                     f"templates: {', '.join(TEMPLATES)}")
        if not 0.0 <= faults <= 1.0:
            raise typer.BadParameter("--faults is a rate between 0 and 1")
        try:
            paths = synth_corpus(n, seed, out, fmts, tpls, faults)
        except PdfUnavailable as e:
            typer.echo(f"gkextract synth: {e}", err=True)
            raise typer.Exit(2)
        typer.echo(f"wrote {len(paths)} reports and their gold records to {out}")
