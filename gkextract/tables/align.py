"""Which value cell of a table row goes to which template column: alignment strategies chosen by data.

Hand-edited HTML and Word tables disagree with themselves: a header cell spans two grid columns where
every data row gives that column one cell and its neighbour two, or a header ``A | B (2) | C`` stands over
data rows ``x (2) | y | z``. Read by grid position, every value after the disagreement shifts a column.
The data rows know better than the header: readers that see the cells (HTML, DOCX) say where each row's
distinct cells start (``Line.origins``). The strategies, in order; each places the row or does not fit:

1. ``distinct``: the row's distinct value cells are exactly the template's n columns (text rows: its
   value cells, blanks at the end aside).
2. ``layout``: the grid columns where the value cells start in the other rows of the same table that
   have n distinct value cells; every written cell of this row starts on one of them.
3. ``header``: a header row naming exactly n columns (信息内容 | 本年新制作数量 | …); every written cell
   of the row stands under one of its names.
4. ``window``: rows without cell information (PDF grids) keep the engine's old rule (lines.align_values);
   rows with it take the n consecutive distinct cells holding every written one, when all such windows
   agree.

A row with cell information that no strategy places is left blank and says why (``Placed.problem``);
the engine reports it as a NON_NUMERIC_CELL check at info, never guessing a column.
"""
from __future__ import annotations

import collections
from dataclasses import dataclass
from typing import Optional

from .lines import Line

# (grid block start, grid width, value positions) of the last header row, as the engine tracks it
Header = Optional[tuple[int, int, list[int]]]


@dataclass
class Placed:
    """The n cells of a row (``cells`` None: the engine's window rule decides), or why none fit."""
    cells: Optional[list[str]] = None
    problem: Optional[str] = None


class Aligner:
    """Places rows of one document's lines; remembers each table's data layout per column count."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self._layouts: dict[tuple[int, int], Optional[tuple[int, ...]]] = {}

    def place(self, line: Line, values: list[str], n: int, header: Header = None) -> Placed:
        """The row's n cells; ``values`` are the line's cells after its label (a suffix of line.cells)."""
        first = len(line.cells) - len(values)
        starts = _starts(line, first)
        if starts is not None and len(starts) == n:
            return Placed([line.cells[k].strip() for k in starts])
        if line.grid and starts is None and len(_trimmed(values)) == n and _header_disagrees(line, first, n, header):
            return Placed(_trimmed(values))
        written = _written(line, starts if starts is not None else list(range(first, len(line.cells))))
        layout = self._layout(line, n) if starts is not None else None
        for columns in (layout, _header_columns(line, n, header)):
            if columns and _fits(written, columns):
                return Placed([line.cells[k].strip() for k in columns])
        if starts is None:
            return Placed()
        return _window([line.cells[k].strip() for k in starts], n)

    def _layout(self, line: Line, n: int) -> Optional[tuple[int, ...]]:
        """Where value cells start in the rows of this line's table that have exactly n of them."""
        key = (line.start, n)
        if key not in self._layouts:
            counts: collections.Counter = collections.Counter()
            for other in self.lines:
                if other.grid and other.start == line.start and other.origins is not None:
                    _, values = other.split()
                    starts = _starts(other, len(other.cells) - len(values))
                    if starts is not None and len(starts) == n and any(other.cells[k] for k in starts):
                        counts[tuple(starts)] += 1
            self._layouts[key] = counts.most_common(1)[0][0] if counts else None
        return self._layouts[key]


def _starts(line: Line, first: int) -> Optional[list[int]]:
    """Grid positions (from ``first`` on) where the row's distinct cells start; None without cell info."""
    if line.origins is None or len(line.origins) != len(line.cells):
        return None
    return [k for k in range(first, len(line.cells)) if line.origins[k]]


def _written(line: Line, starts: list[int]) -> list[tuple[int, int]]:
    """(first, last + 1) grid columns of each written cell (a cell reaches the next one's start)."""
    ends = starts[1:] + [len(line.cells)]
    return [(k, end) for k, end in zip(starts, ends) if line.cells[k].strip()]


def _fits(written: list[tuple[int, int]], columns: list[int]) -> bool:
    """Every written cell starts on one of the columns and covers no other (a value merged over two
    columns belongs to neither for sure)."""
    return all(k in columns and not any(k < c < end for c in columns) for k, end in written)


def _trimmed(values: list[str]) -> list[str]:
    """Value cells of a text row without the empty cells after the last written one."""
    cells = [v.strip() for v in values]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _header_columns(line: Line, n: int, header: Header) -> Optional[list[int]]:
    if header and line.grid and header[0] == line.start and header[1] == len(line.cells) and len(header[2]) == n:
        return header[2]
    return None


def _header_disagrees(line: Line, first: int, n: int, header: Header) -> bool:
    """A text row with n value cells under a header whose columns would read it otherwise."""
    columns = _header_columns(line, n, header)
    return columns is not None and columns != list(range(first, first + n))


def _window(cells: list[str], n: int) -> Placed:
    """n consecutive distinct cells holding every written one, when every such choice reads the same."""
    written = [i for i, c in enumerate(cells) if c]
    if not written:
        return Placed([""] * n)
    if len(cells) > n:
        reads = {tuple(cells[k:k + n]) for k in range(len(cells) - n + 1) if k <= written[0] and written[-1] < k + n}
        if len(reads) == 1:
            return Placed(list(reads.pop()))
    return Placed(problem=f"{len(cells)} cells in the row, {n} columns in the table, and neither the "
                          f"header nor the other rows place them")


def distinct_values(line: Line, values: list[str]) -> list[str]:
    """The row's value cells, each merged cell once (as written, for rows without cell information)."""
    starts = _starts(line, len(line.cells) - len(values))
    return values if starts is None else [line.cells[k] for k in starts]


def legacy_cells(line: Line, header: Line) -> list[str]:
    """A legacy 统计指标 row's cells (label, unit, values): its distinct cells when there are as many as
    the header names (header and data spans may disagree); otherwise by grid position (a label merged
    over the unit column leaves the unit blank)."""
    starts, named = _starts(line, 0), _starts(header, 0) if header.grid else None
    if starts is None or named is None or len(starts) != sum(1 for k in named if header.cells[k].strip()):
        return list(line.cells)
    return [line.cells[k] for k in starts]
