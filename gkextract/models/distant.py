"""Distant supervision for the figure tagger: labelled figures from a report's own tables.

In a report whose tables were decoded, a number the prose states that equals a table cell, in a clause
that names that cell's subject (configs/figures/distant.yaml), is a labelled example: 收到政府信息公开申请58件
↔ 表三 本年新收 总计 58. Zero is skipped (未收到申请 is no figure, and "0件" matches every empty cell), and a
number that two links claim with different labels is dropped rather than guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Optional

import yaml

from ..document import Document
from ..figures import prose_blocks
from ..figures.rules import NormalText, _clause_start, _CLAUSE_END, find_numbers, span_start
from ..paths import CONFIGS
from ..record import Record


@dataclass(frozen=True)
class DistantLink:
    cell: str
    label: str
    clause: re.Pattern
    not_: Optional[re.Pattern]


@dataclass(frozen=True)
class DistantFigure:
    start: int          # offsets in doc.text
    end: int
    label: str
    value: float
    cell: str           # the table cell it was matched to


@lru_cache(maxsize=1)
def links() -> tuple[DistantLink, ...]:
    data = yaml.safe_load((CONFIGS / "figures" / "distant.yaml").read_text(encoding="utf-8"))
    return tuple(DistantLink(d["cell"], d["label"], re.compile(d["clause"]),
                             re.compile(d["not"]) if d.get("not") else None) for d in data["links"])


def cell_values(record: Record, link: DistantLink) -> list[tuple[str, float]]:
    """The non-zero values a link points at in ``record``'s tables, with their cell names."""
    if link.cell.startswith("legacy:"):
        pattern = re.compile(link.cell[len("legacy:"):])
        return [(f"legacy_stats[{i}]", row.value) for i, row in enumerate(record.tables.legacy_stats or [])
                if row.value and pattern.search(row.label)]
    table_key, row, col = link.cell.split(".")
    table = getattr(record.tables, table_key)
    value = table.get(row, col) if table is not None else None
    return [(link.cell, value)] if value else []


def distant_figures(doc: Document, record: Record) -> list[DistantFigure]:
    """Prose numbers equal to a cell of ``record``'s tables in a clause about that cell's subject."""
    wanted: dict[float, list[tuple[DistantLink, str]]] = {}
    for link in links():
        for cell, value in cell_values(record, link):
            wanted.setdefault(float(value), []).append((link, cell))
    if not wanted:
        return []
    table_spans = doc.spans.get("tables", [])
    out = []
    for text, offset in prose_blocks(doc):
        if any(a <= offset < b for a, b in table_spans):
            continue
        out.extend(_matches(text, offset, wanted))
    return out


def _matches(raw: str, offset: int, wanted: dict) -> Iterator[DistantFigure]:
    normal = NormalText.of(raw)
    text = normal.text
    for mention in find_numbers(text):
        if mention.unit == "%" or mention.value is None or float(mention.value) not in wanted:
            continue
        clause = text[_clause_start(text, mention.start, _CLAUSE_END):mention.start]
        hits = {(link.label, cell) for link, cell in wanted[float(mention.value)]
                if link.clause.search(clause) and not (link.not_ and link.not_.search(clause))}
        labels = {label for label, _ in hits}
        if len(labels) != 1:
            continue   # no subject named, or two subjects claim it: no example
        start = span_start(text, _clause_start(text, mention.start, _CLAUSE_END), mention.start)
        yield DistantFigure(offset + normal.origin[start], offset + normal.origin[mention.end - 1] + 1,
                            labels.pop(), float(mention.value), sorted(hits)[0][1])
