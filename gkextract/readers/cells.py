"""Text of table cells, shared by the markup readers (HTML, DOCX): whitespace as those formats carry it,
and the rule that tells a data table from one that lays out prose."""
from __future__ import annotations

import re
from typing import Iterable

WS = r"[\s\u00a0\u3000]"            # what renders as blank in Chinese documents (no-break, ideographic)
WS_RUN = re.compile(WS + "+")
_WS_WITH_BREAK = re.compile(WS + r"*[\r\n]" + WS + "*")
# A cell longer than this holds prose, not a value or a row label.
LONG_CELL = 100


def clean_cell(text: str) -> str:
    """A cell: line breaks (and the indentation around them) vanish (本年新⏎制作数量), other whitespace runs
    become one space."""
    return WS_RUN.sub(" ", _WS_WITH_BREAK.sub("", text)).strip()


def mostly_prose(texts: Iterable[str]) -> bool:
    """True when at least half of the non-empty cells hold prose (False when none hold text)."""
    lengths = [len(text) for text in texts if text]
    return 2 * sum(length > LONG_CELL for length in lengths) >= len(lengths) > 0


def drop_blank(lines: list[list[str]], origins: list[list[bool]]) -> tuple[list[list[str]], list[list[bool]]]:
    """A grid without its all-blank rows (width or spacer rows say nothing) and its all-blank columns at either
    edge (a Word export's empty cell closing every row: left in, it widens the rows past the header and a
    sparse row's values are placed from the wrong edge). A cell reaching in from a dropped column starts at
    the new edge."""
    kept = [i for i, line in enumerate(lines) if any(line)]
    width = max((len(lines[i]) for i in kept), default=0)
    used = [c for c in range(width) if any(c < len(lines[i]) and lines[i][c] for i in kept)]
    lo, hi = (used[0], used[-1] + 1) if used else (0, width)
    return ([lines[i][lo:hi] for i in kept],
            [[origins[i][lo] or lo > 0] + origins[i][lo + 1:hi] if hi > lo else [] for i in kept])

