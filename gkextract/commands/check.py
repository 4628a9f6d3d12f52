"""`gkextract check PATH...`: extract (or load) each report, run the checks, print a report per file."""
from __future__ import annotations

import html
import io
import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..checks import SEVERITY_RANK
from ..record import Check, Record


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


class Checked:
    """One report that was read and checked."""

    def __init__(self, path: str, record: Record, text: Optional[str]):
        self.path = path
        self.record = record
        self.text = text
        self.checks: list[Check] = []

    def as_dict(self) -> dict:
        r = self.record
        return {"path": self.path, "agency": r.agency, "year": r.year, "template": r.template,
                "checks": [c.model_dump() for c in self.checks]}


def load_report(path: Path) -> tuple[Record, Optional[str]]:
    """A record .json is read as it is; any other file is extracted. Returns (record, prose text)."""
    if path.suffix.lower() == ".json":
        try:
            return Record.model_validate_json(path.read_bytes()), None
        except ValueError as e:
            raise ValueError(f"not a gkextract record: {str(e).splitlines()[0]}") from None
    from .. import extract
    from ..readers import read

    record = extract(path)
    try:
        doc = read(path)
        text = "\n".join(p.text for p in doc.paragraphs())
    except Exception:  # the prose is optional: narrative statements and duplicates fall back to figures
        text = None
    return record, text


def check_reports(paths: list[Path], config) -> tuple[list[Checked], list[tuple[str, str]]]:
    from ..checks import cross_checks, run_checks

    done: list[Checked] = []
    skipped: list[tuple[str, str]] = []
    for path in paths:
        try:
            if not path.exists():
                raise FileNotFoundError("no such file")
            record, text = load_report(path)
        except Exception as e:  # a bad file is reported and skipped, never a traceback
            skipped.append((str(path), _reason(e)))
            continue
        item = Checked(str(path), record, text)
        item.checks = run_checks(record, config, text=text)
        done.append(item)
    narratives = {c.record.source.path: c.text for c in done if c.text}
    batch = cross_checks([c.record for c in done], narratives, config)
    for item in done:
        item.checks.extend(batch.get(item.record.source.path, []))
        item.checks.sort(key=lambda c: -SEVERITY_RANK[c.severity])
    return done, skipped


def _reason(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


# ---- renderers ---------------------------------------------------------------------------------------

def _heading(item: Checked) -> str:
    r = item.record
    who = r.agency or r.title or "（机关不明）"
    return f"{item.path} — {who} {r.year or '?'}年度（表格格式 {r.template}）"


def render_text(done: list[Checked], skipped: list[tuple[str, str]], color: bool) -> str:
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=160, highlight=False)
    for item in done:
        console.print(f"[bold]{_heading(item)}[/bold]")
        if not item.checks:
            console.print("  ✓ 未发现问题 (no problems found)\n")
            continue
        table = Table(show_header=True, header_style="bold", expand=True, show_lines=False)
        table.add_column("severity", no_wrap=True)
        table.add_column("rule", no_wrap=True)
        table.add_column("message", ratio=3)
        table.add_column("cells", ratio=1)
        for c in item.checks:
            style = SEVERITY_STYLE[c.severity]
            cells = ", ".join(c.cells[:4]) + (f" …(+{len(c.cells) - 4})" if len(c.cells) > 4 else "")
            table.add_row(f"[{style}]{c.severity}[/{style}]", c.rule, c.message, cells)
        console.print(table)
        console.print()
    for path, reason in skipped:
        console.print(f"[bold red]skipped[/bold red] {path}: {reason}")
    counts = {s: sum(1 for d in done for c in d.checks if c.severity == s) for s in SEVERITY_RANK}
    console.print(f"{len(done)} report(s) checked, {len(skipped)} skipped: "
                  f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info")
    return buffer.getvalue()


def render_json(done: list[Checked], skipped: list[tuple[str, str]]) -> str:
    data = {"reports": [d.as_dict() for d in done],
            "skipped": [{"path": p, "reason": r} for p, r in skipped]}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def render_html(done: list[Checked], skipped: list[tuple[str, str]]) -> str:
    e = html.escape
    parts = ["<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>gkextract check</title>",
             "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}"
             "td,th{border:1px solid #ccc;padding:4px;vertical-align:top;text-align:left}"
             ".error{color:#b00;font-weight:bold}.warning{color:#a60}.info{color:#888}</style></head><body>",
             "<h1>gkextract check</h1>"]
    for item in done:
        parts.append(f"<h2>{e(_heading(item))}</h2>")
        if not item.checks:
            parts.append("<p>✓ 未发现问题</p>")
            continue
        parts.append("<table><tr><th>severity</th><th>rule</th><th>message</th><th>cells</th></tr>")
        for c in item.checks:
            parts.append(f"<tr><td class=\"{c.severity}\">{c.severity}</td><td>{e(c.rule)}</td>"
                         f"<td>{e(c.message)}</td><td>{e(', '.join(c.cells))}</td></tr>")
        parts.append("</table>")
    if skipped:
        parts.append("<h2>skipped</h2><ul>")
        parts.extend(f"<li>{e(p)}: {e(r)}</li>" for p, r in skipped)
        parts.append("</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


# ---- command -----------------------------------------------------------------------------------------

def check(
    paths: list[Path] = typer.Argument(..., help="Report files (.txt .html .docx .pdf) or record .json files."),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="Output format."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="A checks.yaml laid over the defaults."),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="Exit 1 when a check of this severity or worse fires."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the report to this file instead of stdout."),
) -> None:
    """Check reports: table arithmetic, template, sections, prose vs tables, deadlines, duplicates."""
    from ..checks import CheckConfig, ConfigError

    try:
        settings = CheckConfig.load(config) if config else CheckConfig.load()
    except ConfigError as e:
        typer.echo(f"gkextract check: bad --config: {e}", err=True)
        raise typer.Exit(2)
    done, skipped = check_reports(paths, settings)
    if format is OutputFormat.json:
        output = render_json(done, skipped)
    elif format is OutputFormat.html:
        output = render_html(done, skipped)
    else:
        output = render_text(done, skipped, color=out is None and _stdout_is_terminal())
    if out is not None:
        try:
            out.write_text(output, encoding="utf-8")
        except OSError as e:
            typer.echo(f"gkextract check: cannot write {out}: {e.strerror or e}", err=True)
            raise typer.Exit(2)
    else:
        typer.echo(output, nl=False)
    if format is not OutputFormat.text or out is not None:
        for path, reason in skipped:
            typer.echo(f"gkextract check: skipped {path}: {reason}", err=True)
    if not done:
        raise typer.Exit(2)
    threshold = SEVERITY_RANK[fail_on.value]
    if any(SEVERITY_RANK[c.severity] >= threshold for d in done for c in d.checks):
        raise typer.Exit(1)


def _stdout_is_terminal() -> bool:
    import sys

    return sys.stdout.isatty()


def register(app: typer.Typer) -> None:
    app.command("check")(check)
