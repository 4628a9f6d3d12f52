"""What a synthetic report says, before it is laid out in a file format.

A :class:`Content` is an ordered list of blocks (title, paragraphs, headings, tables) plus the style
choices that renderers must honour (encoding, width of punctuation). Every renderer reads the same
Content; tables are :class:`Grid` objects made by :mod:`gkextract.synth.grid`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    role: str = "value"   # value | label | header
    number: bool = False  # the text is a table value (may be run together with its neighbours)


@dataclass
class Grid:
    """A table as rows of origin cells; a spanned position holds no cell of its own."""

    kind: str                      # proactive | requests | review_litigation | legacy_stats
    rows: list[list[GridCell]]
    width: int
    # per row: the values of that row (for the run-together layout) and the arithmetic it obeys
    row_sums: dict[int, str] = field(default_factory=dict)   # row index -> "last_is_sum" | "groups5"

    def matrix(self) -> list[list[Optional[tuple[GridCell, bool, bool]]]]:
        """Expand spans: each position -> (cell, is_origin, is_row_origin) or None when nothing is there."""
        height = len(self.rows)
        mat: list[list[Optional[tuple[GridCell, bool, bool]]]] = [[None] * self.width for _ in range(height)]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while c < self.width and mat[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if r + dr < height and c + dc < self.width:
                            mat[r + dr][c + dc] = (cell, dr == 0 and dc == 0, dr == 0)
                c += cell.colspan
        return mat

    def positions(self) -> list[list[tuple[int, GridCell, bool]]]:
        """Per row, the cells a row-wise copy shows: (column, cell, is_origin). A cell spanning from
        a row above shows once (as continuation, is_origin False); column spans show once."""
        out = []
        for r, line in enumerate(self.matrix()):
            seen, items = set(), []
            for c, slot in enumerate(line):
                if slot is None:
                    continue
                cell, origin, row_origin = slot
                if id(cell) in seen:
                    continue
                seen.add(id(cell))
                items.append((c, cell, row_origin))
            out.append(items)
        return out


@dataclass
class Block:
    kind: str                      # title | para | heading | subheading | table | signature
    text: str = ""
    key: Optional[str] = None      # section key of a heading
    grid: Optional[Grid] = None


@dataclass
class Content:
    blocks: list[Block] = field(default_factory=list)
    style: dict = field(default_factory=dict)   # encoding, halfwidth, indent, title_lines, ...

    def add(self, kind: str, text: str = "", **kw) -> Block:
        b = Block(kind, text, **kw)
        self.blocks.append(b)
        return b

    def text_lines(self) -> list[str]:
        """Prose lines (everything but tables), for tests and debugging."""
        return [b.text for b in self.blocks if b.kind != "table"]
