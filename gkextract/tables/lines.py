"""The document as the table engine sees it: a sequence of lines, each a list of cells.

A table row is a line of its cells. A paragraph is a line too: text copied out of PDFs or flattened HTML
keeps table rows as ``label 0 0 0`` or one cell per line, so a paragraph is split into its label and the
run of value tokens that ends it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..document import Document, Table
from ..text import is_value_text as _is_number_or_blank, label_key

_TRAILING_DIGITS = re.compile(r"^(?P<label>.*?[^\d\s.,+\-])(?P<digits>\d[\d.,]*)$")


@dataclass
class Line:
    cells: list[str]
    start: int          # offset of the line's block in the document text
    end: int            # end of that block
    grid: bool          # True for a row of a table grid, False for a paragraph
    rectangular: bool = False  # its grid has rows of equal width: value columns are the last ones
    origins: Optional[list[bool]] = None  # where the row's distinct cells start (Table.origins)

    def split(self) -> tuple[list[str], list[str]]:
        """(label cells, value cells): the value cells are those after the last label cell."""
        last = -1
        for i, cell in enumerate(self.cells):
            if cell and not is_value_text(cell):
                last = i
        labels = [c for c in self.cells[: last + 1] if c]
        return labels, self.cells[last + 1:]

    @property
    def is_values_only(self) -> bool:
        labels, values = self.split()
        return not labels and any(v for v in values)


# A value cell that holds no number: OCR letters for digits (o, l, 0O, 1l) or a number with a short note
# glued to it (5件?, 12（注）, 10万). It is read as a value cell, so its row keeps its label and the table
# its other cells; the cell parser then leaves it null with a NON_NUMERIC_CELL finding. Not: enumerators
# (1、 2.), years (2015年), dates (2021.1.15), labels with a number in front (2.规章), phone numbers.
_LOOKALIKES = re.compile(r"^[0-9oOlI.,]*[oOlI][0-9oOlI.,]*$")
_NOTED_NUMBER = re.compile(r"^[+\-增减]?\d[\d.,]*(?P<rest>[^\d.,、][^\d]*)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_BROKEN = 8


def is_value_text(cell: str) -> bool:
    """True for a value cell: a number, a blank marker, or a broken number (above)."""
    if _is_number_or_blank(cell):
        return True
    s = label_key(cell)
    if not s or len(s) > _MAX_BROKEN:
        return False
    if _LOOKALIKES.match(s):
        return any(ch.isdigit() for ch in s) or len(s) <= 2
    m = _NOTED_NUMBER.match(s)
    return bool(m) and not m["rest"].startswith(("年", ".", ")", "）")) and len(_CJK.findall(m["rest"])) <= 1


def document_lines(doc: Document) -> list[Line]:
    lines: list[Line] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            rect = len(block.rows) > 1 and len({len(r) for r in block.rows}) == 1
            for r, row in enumerate(block.rows):
                if any(c for c in row):
                    origins = list(block.origins[r]) if block.origins else None
                    lines.append(Line(list(row), block.start, block.end, True, rect, origins))
        else:
            lines.append(Line(_paragraph_cells(block.text), block.start, block.end, False))
    return lines


def _paragraph_cells(text: str) -> list[str]:
    tokens = text.split()
    k = len(tokens)
    while k > 0 and is_value_text(tokens[k - 1]):
        k -= 1
    if k == len(tokens):
        return [text]
    head = "".join(tokens[:k])
    return ([head] if head else []) + tokens[k:]


def align_values(values: list[str], n: int, rectangular: bool) -> list[str]:
    """The n value cells of a row. Ragged text rows (``0 | 0 | ||``) trail empty cells. Rectangular grids
    (HTML, DOCX, PDF) hold empty cells where merges were: placeholders of merged label columns before the
    values (表三), or the rest of a value spanning several columns after it (表二 colspan=3). The window of
    n cells holding the most filled cells wins; on a tie, the later one (label merges are the common case)."""
    if len(values) <= n:
        return values + [""] * (n - len(values))
    if not rectangular:
        return values[:n]
    best = max(range(len(values) - n + 1), key=lambda k: (sum(1 for v in values[k:k + n] if v.strip()), k))
    return values[best:best + n]


def run_together(label: str) -> tuple[str, str] | None:
    """``一、本年新收政府信息公开申请数量351000036`` → (label, digits) when a label ends in a digit run."""
    m = _TRAILING_DIGITS.match(label)
    if not m or len(m["digits"]) < 2:
        return None
    return m["label"], m["digits"]
