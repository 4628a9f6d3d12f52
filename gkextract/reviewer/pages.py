"""The data of each page (Python decides everything; the page's small script only draws it) and the site
written from the templates in ``templates/`` (one per page type, CSS and JS inline: the site opens from disk,
offline)."""
from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..agency import describe_agency
from ..record import Check, Record
from .grids import record_grids
from .labels import (agency_type_name, cell_label, is_narrative, labels, rule_name, section_name,
                     severity_name, template_name, theme_name)
from .loading import Failed, Reviewed

TEMPLATES = Path(__file__).parent / "templates"
SEVERITIES = ("error", "warning", "info")
_QUOTED = re.compile(r"“([^”]{2,})”")
_SENTENCE_END = "。；！？\n"


@dataclass
class Site:
    out_dir: Path
    index: Path
    pages: int
    index_bytes: int


def page_id(record: Record, taken: set[str]) -> str:
    base = (record.source.sha256 or "")[:16] or re.sub(r"\W", "_", Path(record.source.path).stem) or "report"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name


def counts(checks: list[Check]) -> dict[str, int]:
    out = dict.fromkeys(SEVERITIES, 0)
    for c in checks:
        out[c.severity] += 1
    return out


# ---- a report's page ---------------------------------------------------------------------------------

def quote_of(check: Check) -> Optional[str]:
    """The sentence a narrative finding rests on: Check.quote, else the text its message quotes (正文称“…”)."""
    if check.quote:
        return check.quote
    if is_narrative(check.rule):
        m = _QUOTED.search(check.message)
        return m.group(1) if m else None
    return None


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to the sentence holding it (up to 。；！？ or a line end)."""
    s = start
    while s > 0 and text[s - 1] not in _SENTENCE_END:
        s -= 1
    e = end
    while e < len(text) and text[e - 1] not in _SENTENCE_END:
        e += 1
    while s < e and text[s].isspace():
        s += 1
    return s, e


def report_data(item: Reviewed, index_href: str = "../index.html") -> dict:
    record, text = item.record, item.text
    findings, marks = [], []
    for i, c in enumerate(record.checks):
        quote = quote_of(c)
        at = None
        if quote and text:
            pos = text.find(quote)
            if pos >= 0:
                at = sentence_around(text, pos, pos + len(quote))
                marks.append([*at, "q", f"q{i}", rule_name(c.rule)])
        findings.append({"rule": c.rule, "name": rule_name(c.rule), "sev": c.severity,
                         "sevName": severity_name(c.severity), "msg": c.message, "paths": list(c.cells),
                         "cells": [cell_label(p) for p in c.cells], "quote": quote, "at": at})
    sections = []
    for i, s in enumerate(record.sections):
        placed = text is not None and s.start is not None
        sections.append({"key": s.key, "name": section_name(s.key), "title": s.title,
                         "anchor": f"sec{i}" if placed else None})
        if placed:
            line_end = text.find("\n", s.start)
            marks.append([s.start, line_end if line_end >= 0 else len(text), "h", f"sec{i}", section_name(s.key)])
    kept = _non_overlapping(marks)
    placed = {m[3] for m in kept}   # a dropped mark's link would lead nowhere
    for i, f in enumerate(findings):
        if f["at"] is not None and f"q{i}" not in placed:
            f["at"] = None
    for s in sections:
        if s["anchor"] not in placed:
            s["anchor"] = None
    agency = describe_agency(record.agency)
    return {
        "title": record.title or record.agency or Path(record.source.path).name,
        "agency": record.agency, "year": record.year, "date": record.date, "path": record.source.path,
        "template": template_name(record.template), "type": agency_type_name(agency.type),
        "counts": counts(record.checks), "index": index_href,
        "grids": record_grids(record), "findings": findings, "sections": sections,
        "problems": _items(record.problems, "problem"), "measures": _items(record.measures, "measure"),
        "text": text, "marks": kept,
    }


def _items(items, kind: str) -> list[dict]:
    return [{"text": it.text, "themes": [theme_name(kind, t) for t in it.themes]} for it in items]


def _non_overlapping(marks: list[list]) -> list[list]:
    """Quotes before headings; a mark overlapping one already kept is dropped (its finding still lists it)."""
    kept: list[list] = []
    for m in sorted(marks, key=lambda m: (m[2] != "q", m[0])):
        if all(m[1] <= k[0] or m[0] >= k[1] for k in kept):
            kept.append(m)
    return sorted(kept)


# ---- the index ---------------------------------------------------------------------------------------

def index_data(entries: list[tuple[str, Reviewed]], failed: list[Failed]) -> dict:
    rules = sorted({c.rule for _, d in entries for c in d.record.checks},
                   key=lambda r: list(labels()["rules"]).index(r) if r in labels()["rules"] else 99)
    rule_ix = {r: i for i, r in enumerate(rules)}
    rows = []
    for pid, d in entries:
        r = d.record
        n = counts(r.checks)
        rows.append({"id": pid, "a": r.agency or r.title or Path(r.source.path).name, "y": r.year,
                     "t": template_name(r.template), "k": agency_type_name(describe_agency(r.agency).type),
                     "e": n["error"], "w": n["warning"], "i": n["info"],
                     "r": sorted({rule_ix[c.rule] for c in r.checks}), "f": Path(r.source.path).name})
    return {"reports": rows, "rules": [[r, rule_name(r)] for r in rules],
            "severity": {s: severity_name(s) for s in SEVERITIES},
            "failed": [{"p": f.path, "r": f.reason} for f in failed]}


# ---- writing -----------------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def fill(template: str, title: str, data: dict) -> str:
    # "</" inside the JSON would end the <script> element early; "<\/" is the same string in JSON
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (template.replace("/*CSS*/", _template("site.css"))
            .replace("__TITLE__", html.escape(title))
            .replace("__DATA__", blob))


def write_site(done: list[Reviewed], failed: list[Failed], out_dir: Path) -> Site:
    out_dir.mkdir(parents=True, exist_ok=True)
    pages_dir = out_dir / "reports"
    pages_dir.mkdir(exist_ok=True)
    report_tpl = _template("report.html")
    taken: set[str] = set()
    entries = []
    for d in done:
        pid = page_id(d.record, taken)
        data = report_data(d)
        (pages_dir / f"{pid}.html").write_text(fill(report_tpl, data["title"], data), encoding="utf-8")
        entries.append((pid, d))
    page = fill(_template("index.html"), "政府信息公开工作年度报告 审核", index_data(entries, failed))
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return Site(out_dir, index, len(entries), len(page.encode("utf-8")))
