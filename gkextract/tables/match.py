"""Matching a row label as written to a template row: pattern first, then fuzzy similarity."""
from __future__ import annotations

from difflib import SequenceMatcher
from typing import Optional, Sequence

from ..text import label_key
from .templates import RowDef

FUZZY_THRESHOLD = 0.72


def score(label: str, row: RowDef) -> float:
    key = label_key(label)
    if not key:
        return 0.0
    for p in row.patterns:
        if p.search(key):
            return 1.0
    # typos and dropped characters in real tables (其他法律行政止公开): similarity with the official label;
    # the cheap upper bounds rule most rows out before the full ratio is computed
    m = SequenceMatcher(None, key, row.label_key)
    if m.real_quick_ratio() < FUZZY_THRESHOLD or m.quick_ratio() < FUZZY_THRESHOLD:
        return 0.0
    return m.ratio()


def best_row(label: str, rows: Sequence[RowDef], after: int = -1) -> Optional[int]:
    """Index of the best-matching row; rows after position ``after`` win ties (tables keep their order)."""
    best, best_score = None, 0.0
    for i, row in enumerate(rows):
        s = score(label, row)
        if s < FUZZY_THRESHOLD:
            continue
        s += 0.01 if i > after else 0.0
        if s > best_score:
            best, best_score = i, s
    return best
