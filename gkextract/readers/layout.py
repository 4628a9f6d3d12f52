"""Pages → blocks: the page layouts of a document (geometry.py) as paragraphs and table grids.

- a row cut by a page break (its label wrapped onto the next page) is one row again, also where its
  line stopped short of the cell's edge before a piece no line break splits (3.危 | 及“三);
- label lines alone at a page's top, after an unruled table that ended the previous page, are its rows
  of blank cells going on;
- a spanning row between grid rows (on one page or across a break) is a grid row (a group label), any
  other is text lines;
- lines are re-joined into paragraphs where a line runs to the right margin (a wrapped line; or stops
  short of it before an unsplittable piece: …交 | 流。) in the same size, unless the next one starts a
  numbered heading;
- the rows of a table running over several pages are laid out on one set of columns (matched by their x
  positions), so every row of a grid has the same width and a blank cell keeps its column.
"""
from __future__ import annotations

import re

from typing import Optional

from ..document import Block, Paragraph, Table
from ..text import is_value_text
from .geometry import COLUMN_TOLERANCE, SENTENCE_END, Line, OpenCell, PageLayout, Row, wraps

STARTS_HEADING = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])")



def blocks(pages: list[PageLayout]) -> list[Block]:
    _mark_short_lines(pages)
    return _blocks(_join_pages(pages))


def _mark_short_lines(pages: list[PageLayout]) -> None:
    """A page whose text does not reach the right margin most pages reach (a last page of two short
    lines): its lines are full only where they reach that margin."""
    rights = sorted(p.right for p in pages if p.items)
    if not rights:
        return
    margin = rights[len(rights) // 2]
    for page in pages:
        if page.right >= margin:
            continue
        for kind, line in page.items:
            if kind == "line" and line.x1 is not None:
                line.full = line.x1 >= margin - 1.5 * line.size
                line.margin = margin


def _join_pages(pages: list[PageLayout]) -> list[tuple[str, object]]:
    """All pages' items; a row cut by a page break (its text wrapped onto the next page) joined again."""
    items: list[tuple[str, object]] = []
    prev: Optional[PageLayout] = None
    for page in pages:
        page_items = page.items
        if prev is not None and prev.open_cells and page_items and page_items[0][0] == "row":
            if _continue_row(prev.open_cells, page_items[0][1]):
                page_items = page_items[1:]
        elif prev is not None and prev.open_cells and page_items and page_items[0][0] == "line":
            if _continue_cell(prev.open_cells, page_items[0][1]):
                page_items = page_items[1:]
        if prev is not None and prev.open_cells:
            page_items = _blank_rows(prev.open_cells, items, page_items)
        items.extend(page_items)
        prev = page if page.items else prev
    return _resolve_spans(items)


def _resolve_spans(items: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """A spanning row between grid rows (on this page or across a page break) is a grid row; any other
    is text lines."""
    kinds = [kind for kind, _ in items]
    out: list[tuple[str, object]] = []
    for i, (kind, payload) in enumerate(items):
        if kind != "span":
            out.append((kind, payload))
            continue
        before = next((k for k in reversed(kinds[:i]) if k != "span"), None)
        after = next((k for k in kinds[i + 1:] if k != "span"), None)
        if before == after == "row":
            out.append(("row", payload.row))
        else:
            out.extend(("line", line) for line in payload.lines)
    return out


def _continue_row(open_cells: dict[int, OpenCell], row: Row) -> bool:
    """Append the first row of a page to the cells it continues, if it is their wrapped rest: some of its
    text sits below a cell whose last line ran to the edge, and none sits below a cell that was complete.
    (An unruled cell whose page showed no wrapped cell in its column is measured against the edge the
    next page's cells show.)"""
    xs_prev = next(iter(open_cells.values())).row.xs
    targets: list[tuple[Row, int, str]] = []
    wrapped = False
    first = next((text for text in row.cells if text), "")
    if STARTS_HEADING.match(first):
        return False  # a numbered label starts a row of its own
    for k, (x, text) in enumerate(zip(row.xs, row.cells)):
        if not text:
            continue
        col = _column_of(x, xs_prev)
        if col is None or col not in open_cells:
            return False
        cell = open_cells[col]
        full = cell.full
        if not full:
            # (a line breaking before a piece that cannot be split stops short of the edge: 3.危 | 及“三)
            edge = cell.edge if cell.edge is not None else row.edges[k] if row.edges else None
            full = edge is not None and wraps(edge - cell.end, text, cell.size)
        if cell.row.cells[col] and (not full or is_value_text(text)):
            return False  # below a complete cell, or a number below a label: a row of its own
        wrapped |= full
        targets.append((cell.row, col, text))
    if not wrapped:
        return False
    for owner, col, text in targets:
        owner.cells[col] += text
    return True


def _continue_cell(open_cells: dict[int, OpenCell], line: Line) -> bool:
    """A page whose first line is the rest of a label cut by the break, with no table row below it (the
    table's last row): a short line in the table's size, standing in the cut cell's column."""
    if line.x0 is None or STARTS_HEADING.match(line.text) or line.text.endswith(SENTENCE_END):
        return False
    for col, cell in open_cells.items():
        if cell.size == 0.0 or abs(cell.size - line.size) > 0.5 or not cell.row.cells[col]:
            continue
        if abs(cell.row.xs[col] - line.x0) >= COLUMN_TOLERANCE + 0.5 * cell.size:
            continue  # (a cell's text starts a padding's width right of the column line)
        cut = cell.full or (cell.edge is not None and wraps(cell.edge - cell.end, line.text, cell.size))
        if cut or (cell.full is None and not line.full):
            cell.row.cells[col] += line.text
            return True
    return False


def _blank_rows(open_cells: dict[int, OpenCell], items: list, page_items: list) -> list:
    """The page's first lines as rows of the unruled table that ended the previous page, where its rows
    go on without a value (no line of several cells shows the table on this page): each line starts at
    one of the table's columns, in its font size, and ends within the widest wrapped line of the column
    it reaches (a label may span columns; a heading or prose is larger, or reaches past the label
    columns); a line goes on in the next one of its column where it ran to that edge."""
    size = next((c.size for c in open_cells.values() if c.size), 0.0)
    if not size or not page_items or page_items[0][0] != "line":
        return page_items
    table: list[Row] = []
    for kind, payload in reversed(items):
        if kind != "row":
            break
        table.append(payload)
    if not table or any(r.edges is None for r in table):
        return page_items  # (a ruled table's blank rows are drawn: geometry finds them)
    xs = _shared_columns(table)  # the table's columns over its pages, as _grid lays them out
    edge_at: dict[float, float] = {}
    for r in table:
        for x, e in zip(r.xs, r.edges):
            if e is not None:
                at = xs[_nearest_column(x, xs)]
                edge_at[at] = max(e, edge_at.get(at, e))
    rows: list[tuple[Row, int, Line]] = []
    used = 0
    for kind, line in page_items:
        if kind != "line" or line.x0 is None or line.x1 is None:
            break
        col = _column_of(line.x0, xs)
        # (the edge of the last column the line reaches)
        edge = edge_at.get(max((x for x in xs if x <= line.x1), default=xs[0]))
        if col is None or edge is None or abs(line.size - size) > 0.5 \
                or line.x1 > edge + COLUMN_TOLERANCE or line.text.endswith(SENTENCE_END):
            break
        used += 1
        if rows and rows[-1][1] == col and not STARTS_HEADING.match(line.text) \
                and wraps(edge - rows[-1][2].x1, line.text, size):
            rows[-1][0].cells[col] += line.text
            rows[-1] = (rows[-1][0], col, line)
            continue
        cells = [""] * len(xs)
        cells[col] = line.text
        rows.append((Row(cells, list(xs), [edge_at.get(x) for x in xs]), col, line))
    return [("row", r) for r, _, _ in rows] + page_items[used:]


def _nearest_column(x: float, xs: list[float]) -> int:
    return min(range(len(xs)), key=lambda i: abs(xs[i] - x))


def _column_of(x: float, xs: list[float]) -> Optional[int]:
    """The column starting at x (within the tolerance), or None."""
    k = _nearest_column(x, xs)
    return k if abs(xs[k] - x) < COLUMN_TOLERANCE else None


def _blocks(items) -> list[Block]:
    out: list[Block] = []
    rows: list[Row] = []
    para = ""
    last: Optional[Line] = None
    for kind, payload in items:
        if kind == "row":
            if para:
                out.append(Paragraph(para))
                para, last = "", None
            rows.append(payload)
            continue
        if rows:
            out.append(Table(_grid(rows)))
            rows = []
        line: Line = payload
        joinable = last is not None and _runs_on(last, line) and not para.endswith(SENTENCE_END) \
            and abs(last.size - line.size) < 0.5 and not STARTS_HEADING.match(line.text)
        if para and joinable:
            para += line.text
        else:
            if para:
                out.append(Paragraph(para))
            para = line.text
        last = line
    if para:
        out.append(Paragraph(para))
    if rows:
        out.append(Table(_grid(rows)))
    return out


def _runs_on(last: Line, line: Line) -> bool:
    """The line goes on in the next one: it runs to the margin, or stopped short of it before a piece a
    line break cannot split (…进行交 | 流。)."""
    if last.full:
        return True
    return last.margin is not None and last.x1 is not None \
        and wraps(last.margin - last.x1, line.text, last.size)


def _shared_columns(rows: list[Row]) -> list[float]:
    """One set of column starts for rows of one table (over its pages): starts closer than the tolerance
    are one column."""
    columns: list[float] = []
    for x in sorted({x for row in rows for x in row.xs}):
        if not columns or x - columns[-1] >= COLUMN_TOLERANCE:
            columns.append(x)
    return columns


def _grid(rows: list[Row]) -> list[list[str]]:
    """Rows from one or more tables (a table going on over pages) on one set of columns."""
    columns = _shared_columns(rows)
    grid = []
    for row in rows:
        line = [""] * len(columns)
        for x, text in zip(row.xs, row.cells):
            if text:
                col = _column_of(x, columns)
                line[col] = (line[col] + text) if line[col] else text
        grid.append(line)
    return grid
