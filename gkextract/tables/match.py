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


# The row a table's order expects next matches at a lower similarity than any row: OCR misreads two or
# three characters of a short label ('3.危殉过全、一稳定' for 3.危及“三安全一稳定”: 0.64), and a row whose
# label matched nothing was dropped with its cells. Its position is the rest of the evidence.
NEXT_ROW_THRESHOLD = 0.55


def next_row(label: str, rows: Sequence[RowDef], after: int, taken) -> Optional[int]:
    """Index of the first row after position ``after`` whose key is not in ``taken``, when ``label`` is
    at least NEXT_ROW_THRESHOLD similar to it; else None."""
    nxt = next((i for i in range(after + 1, len(rows)) if rows[i].key not in taken), None)
    if nxt is None:
        return None
    key = label_key(label)
    if not key or SequenceMatcher(None, key, rows[nxt].label_key).ratio() < NEXT_ROW_THRESHOLD:
        return None
    return nxt
