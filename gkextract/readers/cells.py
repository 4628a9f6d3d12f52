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
