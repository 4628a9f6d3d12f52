"""Consistent synthetic records with random counts: the base that check tests (and fault injection)
mutate. Every table adds up, every section is there, the prose agrees with the tables, the report is on
time; so ``run_checks`` finds nothing but what a test breaks on purpose.
"""
from __future__ import annotations

import random
from typing import Optional

from ..record import Figure, Item, Record, Section, Source, StatTable, Tables
from .arithmetic import table_definitions
from .form_rules import SECTION_NAMES


def _split(total: int, n: int, rng: random.Random) -> list[int]:
    """``total`` split into ``n`` random non-negative parts."""
    cuts = sorted(rng.randint(0, total) for _ in range(n - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


def template_for(year: int) -> str:
    return "2021" if year >= 2021 else "2019"


def build_proactive(template: str, rng: random.Random) -> StatTable:
    spec = table_definitions()["proactive"]
    rows: dict[str, dict] = {}
    for row in spec["rows"][template]:
        cells = {}
        for col in row["cols"]:
            if col == "change":
                cells[col] = rng.randint(-5, 5)
            elif col == "amount":
                cells[col] = round(rng.uniform(0, 500), 2)
            else:
                cells[col] = rng.randint(0, 60)
        if row["key"] == "rules":
            cells = {c: 0 for c in cells}   # a department of a city: no 规章 of its own
        if "total_published" in cells:
            cells["total_published"] = cells["new_published"] + rng.randint(0, 200)
        rows[row["key"]] = cells
    return StatTable(rows=rows)


def build_requests(template: str, rng: random.Random, scale: int = 40) -> StatTable:
    spec = table_definitions()["requests"]
    cols = [c for c in spec["columns"] if c != "total"]
    result_rows = [r["key"] for r in spec["rows"]
                   if r["key"] in spec["result_rows"] and template in r.get("templates", [template])]
    rows: dict[str, dict] = {r["key"]: {} for r in spec["rows"] if template in r.get("templates", [template])}
    for col in cols:
        weight = scale if col == "natural_person" else scale // 8
        new, carried = rng.randint(1, weight + 1), rng.randint(0, max(1, weight // 5))
        forward = rng.randint(0, new + carried)
        handled = new + carried - forward
        rows["new_received"][col], rows["carried_over"][col] = new, carried
        rows["carried_forward"][col], rows["total_handled"][col] = forward, handled
        for key, part in zip(result_rows, _split(handled, len(result_rows), rng)):
            rows[key][col] = part
    for cells in rows.values():
        cells["total"] = sum(cells[c] for c in cols)
    return StatTable(rows=rows)


def build_review_litigation(rng: random.Random) -> StatTable:
    spec = table_definitions()["review_litigation"]
    parts = spec["arithmetic"]["row_sum"]["parts"]
    rows = {}
    for group in spec["groups"]:
        cells = {c: rng.randint(0, 4) for c in parts}
        cells["total"] = sum(cells.values())
        rows[group] = cells
    return StatTable(rows=rows)


def consistent_record(year: int = 2021, seed: Optional[int] = None, *,
                      agency: str = "某某市生态环境局") -> Record:
    """A record for ``year`` (2019 or later) in which every check passes."""
    rng = random.Random(seed)
    template = template_for(year)
    requests = build_requests(template, rng)
    review = build_review_litigation(rng)
    proactive = build_proactive(template, rng)
    issued_col = "issued" if template == "2021" else "new_made"
    proactive_total = rng.randint(50, 3000)
    figures = [
        Figure(label="PROACTIVE_TOTAL", value=proactive_total, unit="条", text=f"主动公开政府信息{proactive_total}条"),
        Figure(label="REQUESTS_RECEIVED", value=requests.get("new_received", "total"), unit="件",
               text=f"收到政府信息公开申请{requests.get('new_received', 'total')}件"),
        Figure(label="REQUESTS_HANDLED", value=requests.get("granted", "total"), unit="件",
               text=f"予以公开{requests.get('granted', 'total')}件"),
        Figure(label="REVIEW_LITIGATION", value=review.get("review", "total"), unit="件",
               text=f"发生政府信息公开行政复议{review.get('review', 'total')}件"),
        Figure(label="NORMATIVE_DOCS", value=proactive.get("normative_docs", issued_col), unit="件",
               text=f"制发规范性文件{proactive.get('normative_docs', issued_col)}件"),
    ]
    return Record(
        source=Source(path=f"synthetic/{agency}-{year}-{seed}.txt", format="txt", sha256="0" * 64),
        title=f"{agency}{year}年政府信息公开工作年度报告",
        agency=agency,
        year=year,
        date=f"{year + 1}-01-20",
        template=template,
        sections=[Section(key=k, title=t) for k, t in SECTION_NAMES.items()],
        tables=Tables(proactive=proactive, requests=requests, review_litigation=review),
        figures=figures,
        problems=[Item(text="政策解读形式较为单一", themes=["interpretation"])],
        measures=[Item(text="丰富政策解读形式，推出图解、视频解读", themes=["interpretation_response"])],
    )
