"""Page geometry → text lines and table rows, from positioned boxes and ruling lines.

Input is what a page shows, not how a format stores it: boxes of text (one per character from a PDF's
text layer, or one per word from OCR) with their positions, and the ruling lines drawn on the page.
Coordinates are points from the page's top-left corner (y grows downwards).

- boxes on one baseline are a line; a line splits into segments where the gap between boxes is wider than
  a cell's padding (the text of different table cells never touches);
- ruling lines that cross make ruled tables: the grid of their x and y positions, elementary cells merged
  where a border is missing (merged cells), every box placed in the cell holding its centre;
- text without rulings is an unruled table where consecutive lines split into segments at the same
  column positions; columns are the x-ranges their segments occupy (narrow segments first, a segment
  over several columns is a spanning cell), so a value is placed by where it stands, never by order, and
  a blank cell keeps its place.

The output is a PageLayout: grid rows, spanning rows and text lines in reading order, plus the cells of
a table ending the page that may go on on the next page (see layout.py, which joins pages).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median
from typing import Iterable, Optional

from ..text import is_value_text, parse_cell

_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
PAGE_MARKER = re.compile(r"^[-—–－\s]*(第\s*)?\d+\s*(页)?[-—–－\s]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$")
SENTENCE_END = ("。", "：", ":", "；", "！", "？", "”")
# Column starts closer than this (points) are one column: the same table on the next page, or a cell
# border drawn a hair apart.
COLUMN_TOLERANCE = 3.0
# A spanning row longer than this is prose in a frame, not a group label of a table.
GROUP_LABEL_MAX = 40
# A drawn path thinner than this (points) is a ruling line.
RULE_MAX = 3.0
# Boxes further apart than this (× the line's height) belong to different segments (table cells); a
# cell's padding on both sides is wider, the space between words is narrower.
SEGMENT_GAP = 0.75
# A gap wider than this (× height) inside a segment is a space between words.
WORD_GAP = 0.2
# An unruled table's consecutive lines are at most this many line heights apart (top to top); the blank
# line after a table is more.
UNRULED_MAX_PITCH = 4.5


# Line breaking (kinsoku, as UAX #14 has it): no line starts with a closing mark nor ends with an opening
# one, and none breaks beside an ambiguous quotation mark or inside a run of Latin letters and digits. So a
# line may stop short of its cell's edge or the margin by more than a character: the next piece did not fit.
_NO_LINE_START = frozenset("，。、；：？！）》」』】〉〕…—·%,.;:?!)]}")
_NO_LINE_END = frozenset("（《「『【〈〔([{")
_QUOTES = frozenset("“”‘’\"'")


def _unbreakable(a: str, b: str) -> bool:
    return b in _NO_LINE_START or a in _NO_LINE_END or a in _QUOTES or b in _QUOTES \
        or (a.isascii() and a.isalnum() and b.isascii() and (b.isalnum() or b == "."))


def first_piece_width(text: str, size: float) -> float:
    """The width of the text's first piece a line break cannot split (流。, 及“三, 2023), in a font of
    the size (CJK one em, other characters half)."""
    if not text:
        return 0.0
    k = 1
    while k < len(text) and _unbreakable(text[k - 1], text[k]):
        k += 1
    return sum(size if ord(ch) > 0x2E80 else size / 2 for ch in text[:k])


def wraps(room: float, text: str, size: float) -> bool:
    """A line that left this much room before its edge goes on with the text: the room is less than a
    character and a half (the slack of justified text, a cell's padding) or than the text's first
    unsplittable piece."""
    return room <= max(1.5 * size, first_piece_width(text, size))


def clean_text(text: str) -> str:
    """Remove in-cell line breaks and the spaces exporters put around Chinese characters."""
    return _SPACE_NEAR_CJK.sub("", text.replace("\n", "")).strip()


# ---------------------------------------------------------------------------------------------- input

@dataclass(slots=True)
class Box:
    """A piece of text on the page: a character (text layer) or a word (OCR), with its font size (OCR:
    its height)."""
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Rule:
    """A ruling line: horizontal (y, x0..x1) or vertical (x, top..bottom)."""
    horizontal: bool
    pos: float
    start: float
    end: float


def rules_from_rect(x0: float, top: float, x1: float, bottom: float) -> list[Rule]:
    """A thin drawn rectangle as a ruling line; nothing for a thick one (a fill, a background)."""
    w, h = x1 - x0, bottom - top
    if h <= RULE_MAX and w > RULE_MAX:
        return [Rule(True, (top + bottom) / 2, x0, x1)]
    if w <= RULE_MAX and h > RULE_MAX:
        return [Rule(False, (x0 + x1) / 2, top, bottom)]
    return []


# ---------------------------------------------------------------------------------------------- lines

@dataclass
class Segment:
    """Boxes left to right: a run of a line without a wide gap, or (TextLine) the whole line."""
    boxes: list[Box]

    @property
    def x0(self) -> float:
        return self.boxes[0].x0

    @property
    def x1(self) -> float:
        return self.boxes[-1].x1

    @property
    def text(self) -> str:
        return _join_boxes(self.boxes)


@dataclass
class TextLine(Segment):
    top: float
    bottom: float

    @property
    def size(self) -> float:
        """The font size most of its boxes have."""
        hs = [round(b.size, 1) for b in self.boxes]
        return max(set(hs), key=hs.count) if hs else 10.0

    def segments(self) -> list[Segment]:
        gap = SEGMENT_GAP * self.size
        out = [Segment([self.boxes[0]])]
        for b in self.boxes[1:]:
            if b.x0 - out[-1].boxes[-1].x1 > gap:
                out.append(Segment([b]))
            else:
                out[-1].boxes.append(b)
        return out


def _join_boxes(boxes: list[Box]) -> str:
    parts = [boxes[0].text]
    for prev, b in zip(boxes, boxes[1:]):
        if b.x0 - prev.x1 > WORD_GAP * max(prev.size, b.size):
            parts.append(" ")
        parts.append(b.text)
    return clean_text("".join(parts))


def group_lines(boxes: Iterable[Box]) -> list[TextLine]:
    """Boxes on one baseline (vertical centres within half a line height) as lines, top to bottom."""
    lines: list[TextLine] = []
    for b in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        mid = (b.top + b.bottom) / 2
        if lines:
            ln = lines[-1]
            if abs(mid - (ln.top + ln.bottom) / 2) <= 0.5 * min(b.height, ln.bottom - ln.top):
                ln.boxes.append(b)
                ln.top, ln.bottom = min(ln.top, b.top), max(ln.bottom, b.bottom)
                continue
        lines.append(TextLine([b], b.top, b.bottom))
    for ln in lines:
        ln.boxes.sort(key=lambda b: b.x0)
    return lines


# ---------------------------------------------------------------------------------------------- layout

@dataclass
class Row:
    """A grid row: its cell texts at the table's column x positions."""
    cells: list[str]
    xs: list[float]
    # unruled tables: per column, where a line filling the cell ends, as the page's wrapped cells show it
    edges: Optional[list[Optional[float]]] = None


@dataclass
class OpenCell:
    """A cell of a table's last row on a page, whose text may go on on the next page."""
    row: Row
    full: Optional[bool]  # its last line runs to the cell's edge; None: no edge known on its page
    end: float = 0.0      # where its last line ends
    size: float = 0.0
    edge: Optional[float] = None  # where a line filling the cell ends, if its page shows it


@dataclass
class Line:
    text: str
    full: bool      # runs to the right margin: the paragraph may go on in the next line
    size: float     # font size (of most of its boxes)
    # where a page's line ends (None for a line inside a table cell): the document's margin may show it
    # short where its page's text does not reach the margin (layout.py)
    x1: Optional[float] = None
    x0: Optional[float] = None
    margin: Optional[float] = None  # the right margin `full` was measured against


@dataclass
class Span:
    """A row of one cell spanning its table: a group label of the grid, or a line of framed prose."""
    row: Row
    lines: list[Line] = field(default_factory=list)  # its text as lines, should it be prose


@dataclass
class PageLayout:
    items: list[tuple[str, object]] = field(default_factory=list)  # ("row"|"line"|"span", payload)
    right: float = 0.0  # where the page's text ends furthest right
    # for a table ending the page: per column, the row holding the cell that reaches the table's bottom
    # and whether that cell's last text line runs to the cell's right edge (its text goes on)
    open_cells: dict[int, OpenCell] = field(default_factory=dict)


@dataclass
class _Cell:
    """A table cell as found on the page: its box, its column, its text's boxes."""
    row: int
    col: int
    x0: float
    top: float
    x1: float
    bottom: float
    boxes: list[Box] = field(default_factory=list)
    # where a line of its text that fills the cell ends: its right border (ruled), the end of the
    # column's wrapped lines (unruled), None where nothing shows it (no cell of the column wrapped)
    edge: Optional[float] = None
    spans: bool = False  # an unruled cell whose text runs over the columns to its right

    def text(self) -> str:
        return "".join(ln.text for ln in group_lines(self.boxes)) if self.boxes else ""

    def last_line_full(self) -> bool:
        """The cell's last text line runs to its right edge: its text may go on below."""
        if not self.boxes or self.edge is None:
            return False
        last = group_lines(self.boxes)[-1]
        return last.x1 >= self.edge - 1.5 * last.size


@dataclass
class _Table:
    xs: list[float]         # column starts
    cells: list[_Cell]
    top: float
    bottom: float
    x0: float
    x1: float
    ruled: bool = True


def layout_page(boxes: list[Box], rules: list[Rule]) -> PageLayout:
    """The page's grid rows, text lines and spanning rows in reading order."""
    boxes = [b for b in boxes if b.text.strip()]
    placed: list[tuple[float, str, object]] = []
    tables: dict[int, tuple[_Table, list]] = {}  # id of a table's last row -> (table, its rows)
    free = boxes
    for table in ruled_tables(rules):
        free = _fill(table, free)
        free += _place_table(table, placed, tables)
    right = max((b.x1 for b in boxes), default=0.0)
    lines = [ln for ln in group_lines(free) if not PAGE_MARKER.match(ln.text)]
    for kind, payload in unruled_tables(lines):
        if kind == "table":
            # a row that is neither grid nor group label (prose in the table's place) is text lines
            for ln in group_lines(_place_table(payload, placed, tables)):
                placed.append((ln.top, "line", _page_line(ln, right)))
            continue
        placed.append((payload.top, "line", _page_line(payload, right)))
    placed.sort(key=lambda item: item[0])
    out = PageLayout([(kind, payload) for _, kind, payload in placed], right)
    if out.items and id(out.items[-1][1]) in tables:  # the page ends with a table's last row
        out.open_cells = _open_cells(*tables[id(out.items[-1][1])])
    return out


def _page_line(ln: TextLine, right: float) -> Line:
    size = ln.size
    return Line(ln.text, ln.x1 >= right - 1.5 * size, size, ln.x1, ln.x0, right)


def _place_table(table: _Table, placed: list, tables: dict) -> list[Box]:
    """Place the table's rows; the boxes of rows that are no part of it (framed prose) are returned."""
    rows, spans, released = _table_rows(table)
    for top, row, _ in rows:
        placed.append((top, "row", row))
    for top, span in spans:
        placed.append((top, "span", span))
    if rows:
        tables[id(rows[-1][1])] = (table, rows)
    return released


def _fill(table: _Table, boxes: list[Box]) -> list[Box]:
    """Put each box whose centre lies in one of the table's cells into it; the rest are returned."""
    rest = []
    for b in boxes:
        cx, cy = (b.x0 + b.x1) / 2, (b.top + b.bottom) / 2
        if not (table.x0 <= cx <= table.x1 and table.top <= cy <= table.bottom):
            rest.append(b)
            continue
        cell = next((c for c in table.cells if c.x0 <= cx <= c.x1 and c.top <= cy <= c.bottom), None)
        if cell is None:
            rest.append(b)
        else:
            cell.boxes.append(b)
    return rest


def _table_rows(table: _Table):
    """The table's grid rows (top, row, cells), its spanning rows that may be group labels, and the boxes
    of the rows that are neither.

    A frame around the page's prose also comes back as a "table", of rows that are one cell spanning the
    frame: those rows are text lines. A short label in such a row (not a wrapped line of prose) may also
    be a group row of a data table (一、主动公开情况 across a legacy table, 第二十条第（五）项 between the
    parts of 表二): it is a grid row when grid rows come before and after it (layout.resolve_spans).
    """
    xs = table.xs
    if len(xs) < 2:
        return [], [], [b for c in table.cells for b in c.boxes]
    by_row: dict[int, list[_Cell]] = {}
    for c in table.cells:
        by_row.setdefault(c.row, []).append(c)
    edges: Optional[list[Optional[float]]] = None
    if not table.ruled:
        edges = [None] * len(xs)
        for c in table.cells:
            if not c.spans and c.edge is not None:
                edges[c.col] = c.edge
    rows = []
    for r in sorted(by_row):
        cells = by_row[r]
        texts = [""] * len(xs)
        for c in cells:
            t = c.text()
            texts[c.col] = texts[c.col] + t if texts[c.col] else t
        # (an unruled table's lines were taken in as its rows already: one cell alone is a row of blanks)
        spanning = table.ruled and len(cells) == 1 and cells[0].col == 0 \
            and abs(cells[0].x1 - table.x1) < COLUMN_TOLERANCE
        top = min(c.top for c in cells)
        rows.append((top, Row(texts, list(xs), edges), cells, cells[0] if spanning else None))
    has_data = any(span is None and sum(1 for t in r.cells if t) >= 2 for _, r, _, span in rows)
    grid, spans, released = [], [], []
    for top, r, cells, span_cell in rows:
        filled = [i for i, t in enumerate(r.cells) if t]
        if filled and span_cell is None and (has_data or filled[0] > 0):
            grid.append((top, r, cells))
            continue
        text = r.cells[filled[0]] if filled else ""
        if span_cell is not None and len(filled) == 1 and len(text) <= GROUP_LABEL_MAX \
                and not text.endswith(SENTENCE_END) and not span_cell.last_line_full():
            spans.append((top, Span(r, _lines_of(span_cell))))
            continue
        released.extend(b for c in cells for b in c.boxes)  # prose in a frame: its text is lines
    return grid, spans, released


def _lines_of(cell: _Cell) -> list[Line]:
    out = []
    for ln in group_lines(cell.boxes):
        size = ln.size
        out.append(Line(ln.text, ln.x1 >= cell.x1 - 1.5 * size, size))
    return out


def _open_cells(table: _Table, rows) -> dict[int, OpenCell]:
    """For the table ending the page: column -> (row holding the cell that reaches the table's bottom,
    whether that cell's last text line runs to its right edge, i.e. its text goes on on the next page)."""
    owner_of = {id(c): r for _, r, cells in rows for c in cells}
    last_row = max(c.row for c in table.cells)
    out: dict[int, OpenCell] = {}
    for cell in table.cells:
        # ruled: the cells whose border is the table's bottom line; unruled: the last row's cells (a page
        # break may cut one cell's lines after the first and another's after the third)
        at_bottom = abs(cell.bottom - table.bottom) <= COLUMN_TOLERANCE if table.ruled \
            else cell.row == last_row
        if not at_bottom or id(cell) not in owner_of:
            continue
        owner = owner_of[id(cell)]
        text = owner.cells[cell.col]
        # a number is never cut by a page break: only a label's text goes on
        if not text or is_value_text(text):
            out[cell.col] = OpenCell(owner, False)
            continue
        last = group_lines(cell.boxes)[-1]
        full = None if cell.edge is None else cell.last_line_full()
        if full is None and not table.ruled and cell.col + 1 < len(table.xs):
            # no wrapped cell shows the column's edge, but the next column's text bounds it (a segment
            # gap to its left): a line ending that close to the bound ran to the edge
            bound = table.xs[cell.col + 1] - SEGMENT_GAP * last.size
            full = True if last.x1 >= bound - 1.5 * last.size else None
        out[cell.col] = OpenCell(owner, full, last.x1, last.size, cell.edge)
    return out


# ---------------------------------------------------------------------------------------------- ruled

def ruled_tables(rules: list[Rule]) -> list[_Table]:
    """Tables drawn with ruling lines: each set of crossing lines, as cells (merged where a border is
    missing)."""
    if not rules:
        return []
    tol = COLUMN_TOLERANCE
    parent = list(range(len(rules)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, r in enumerate(rules) if r.horizontal]
    vs = [i for i, r in enumerate(rules) if not r.horizontal]
    for i in hs:
        h = rules[i]
        for j in vs:
            v = rules[j]
            if h.start - tol <= v.pos <= h.end + tol and v.start - tol <= h.pos <= v.end + tol:
                parent[find(i)] = find(j)
    groups: dict[int, list[Rule]] = {}
    for i in range(len(rules)):
        groups.setdefault(find(i), []).append(rules[i])
    tables = [t for g in groups.values() if (t := _grid_table(g)) is not None]
    return sorted(tables, key=lambda t: t.top)


def _snap(values: Iterable[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] < COLUMN_TOLERANCE:
            continue
        out.append(v)
    return out


def _grid_table(rules: list[Rule]) -> Optional[_Table]:
    hs = [r for r in rules if r.horizontal]
    vs = [r for r in rules if not r.horizontal]
    if not hs or not vs:
        return None
    # the table's outer edges are where its lines end: a table cut by a page break has no bottom line
    ys = _snap([r.pos for r in hs] + [min(v.start for v in vs), max(v.end for v in vs)])
    xs = _snap([r.pos for r in vs] + [min(h.start for h in hs), max(h.end for h in hs)])
    if len(ys) < 2 or len(xs) < 2:
        return None
    tol = COLUMN_TOLERANCE
    nr, nc = len(ys) - 1, len(xs) - 1

    def has_v(x, y0, y1):
        mid = (y0 + y1) / 2
        return any(abs(v.pos - x) < tol and v.start - tol <= mid <= v.end + tol for v in vs)

    def has_h(y, x0, x1):
        mid = (x0 + x1) / 2
        return any(abs(h.pos - y) < tol and h.start - tol <= mid <= h.end + tol for h in hs)

    parent = list(range(nr * nc))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(nr):
        for j in range(nc):
            if j + 1 < nc and not has_v(xs[j + 1], ys[i], ys[i + 1]):
                parent[find(i * nc + j)] = find(i * nc + j + 1)
            if i + 1 < nr and not has_h(ys[i + 1], xs[j], xs[j + 1]):
                parent[find(i * nc + j)] = find((i + 1) * nc + j)
    regions: dict[int, list[tuple[int, int]]] = {}
    for i in range(nr):
        for j in range(nc):
            regions.setdefault(find(i * nc + j), []).append((i, j))
    cells = []
    for members in regions.values():
        i0 = min(i for i, _ in members)
        j0 = min(j for i, j in members if i == i0)
        i1 = max(i for i, _ in members)
        j1 = max(j for _, j in members)
        # (a region open at its top is kept: a table going on from the previous page may lack its top line)
        cells.append(_Cell(i0, j0, xs[j0], ys[i0], xs[j1 + 1], ys[i1 + 1], edge=xs[j1 + 1]))
    if not cells:
        return None
    return _Table(xs[:-1], cells, ys[0], ys[-1], xs[0], xs[-1])


# ---------------------------------------------------------------------------------------------- unruled

def unruled_tables(lines: list[TextLine]) -> list[tuple[str, object]]:
    """The lines, with runs of lines that split into segments at common column positions replaced by
    one ("table", _Table) each; every other line stays ("line", TextLine).

    A run starts at a line of two segments or more and ends at the last such line below it (lines at most
    UNRULED_MAX_PITCH line heights apart); lines of one segment that fit in one of its columns go with it
    below its end (a wrapped label, a last row of blank cells) and, at the top of the page, above its
    start (the rest of a row cut by the page break)."""
    out: list[tuple[str, object]] = []
    segs = [ln.segments() for ln in lines]
    i, n = 0, len(lines)
    while i < n:
        if len(segs[i]) < 2:
            out.append(("line", lines[i]))
            i += 1
            continue
        j = last_multi = i
        while j + 1 < n and _close(lines[j], lines[j + 1]):
            j += 1
            if len(segs[j]) >= 2:
                last_multi = j
        cols = _columns(segs[i:last_multi + 1])
        size = median(ln.size for ln in lines[i:last_multi + 1])
        if sum(1 for k in range(i, last_multi + 1) if len(segs[k]) >= 2) < 2 \
                and not _lone_row(segs[i], len(out) == i and _top_lines_fit(lines, segs, i, cols, size)):
            # one line of two segments is a table's row only when it holds nothing but values, or it
            # starts the page (below nothing but lines in its columns: the rest of a row cut by the
            # break) and values follow its label (the last rows of a table whose header ended the
            # previous page); else it is a line with a gap in it
            out.append(("line", lines[i]))
            i += 1
            continue
        if len(cols) < 2:
            out.append(("line", lines[i]))
            i += 1
            continue
        start, end = i, last_multi
        while end + 1 < n and _close(lines[end], lines[end + 1]) and _fits(lines[end + 1], segs[end + 1], cols, size):
            end += 1
        if len(out) == start and all(kind == "line" for kind, _ in out):
            # the page's first lines, each in one of its columns: rows (or a row cut by the break) of a
            # table going on from the previous page
            top = start
            while top > 0 and _close(lines[top - 1], lines[top]) \
                    and _fits(lines[top - 1], segs[top - 1], cols, size):
                top -= 1
            if top == 0:
                start = 0
                del out[:]
        out.append(("table", _unruled_table(segs, start, end)))
        i = end + 1
    return out


def _top_lines_fit(lines: list[TextLine], segs: list[list[Segment]], i: int, cols: list["_Interval"],
                   size: float) -> bool:
    """Every line above line i on the page is one of a table's rows in these columns (see _fits)."""
    return all(_close(lines[k], lines[k + 1]) and _fits(lines[k], segs[k], cols, size) for k in range(i))


def _lone_row(segs: list[Segment], at_top: bool) -> bool:
    """A line's segments as a table row on their own: values only; at the page's top, a label then
    values, with a unit's cell (万元, 件) among them."""
    rest = [s.text for s in (segs[1:] if at_top else segs)]
    return any(is_value_text(t) for t in rest) \
        and all(is_value_text(t) or (at_top and _is_unit(t)) for t in rest)


def _is_unit(text: str) -> bool:
    """A unit column's cell: what a number may carry as its unit (件, 万元)."""
    return not is_value_text(text) and parse_cell("0" + text).unit is not None


def _close(a: TextLine, b: TextLine) -> bool:
    return b.top - a.top <= UNRULED_MAX_PITCH * max(a.size, b.size)


def _fits(line: TextLine, segs: list[Segment], cols: list["_Interval"], size: float) -> bool:
    """A line of the table's rows without values (a wrapped label, a row of blank cells): one segment in
    the table's font size, starting at one of its columns and ending within the table (a heading or
    prose after a table is larger, or wider)."""
    if len(segs) != 1 or abs(line.size - size) > 0.5:
        return False
    s = segs[0]
    # at a column's start, or left of the first column found (a column with no text on this page)
    return s.x1 <= cols[-1].x1 + COLUMN_TOLERANCE and (
        s.x0 < cols[0].x0 - COLUMN_TOLERANCE or any(abs(s.x0 - c.x0) < COLUMN_TOLERANCE for c in cols))


@dataclass
class _Interval:
    x0: float
    x1: float


def _columns(lines: list[list[Segment]]) -> list[_Interval]:
    """Column x-ranges from the segments of a table's lines: narrow segments first, each joins the one
    column it overlaps or starts a new one; one over two columns or more is a spanning cell.

    So is one reaching over the gap between two cells of another line, whatever the order: the short
    last line of a spanning cell (第四项之和）, under a corner cell over two label columns) may be
    narrower than every text of the column it reaches into, and would otherwise widen its own column
    over that one's start, merging the two."""
    gaps = [(a.x1, b.x0) for segs in lines for a, b in zip(segs, segs[1:])]
    cols: list[_Interval] = []
    for s in sorted((s for segs in lines for s in segs), key=lambda s: s.x1 - s.x0):
        hit = [c for c in cols if s.x0 < c.x1 and s.x1 > c.x0]
        # (text in one column stays inside its cell, and a gap between cells lies between their columns)
        if len(hit) > 1 or any(s.x0 < g0 and s.x1 > g1 for g0, g1 in gaps):
            continue
        if hit:
            hit[0].x0, hit[0].x1 = min(hit[0].x0, s.x0), max(hit[0].x1, s.x1)
        else:
            cols.append(_Interval(s.x0, s.x1))
    return sorted(cols, key=lambda c: c.x0)


def _column_of_segment(s: Segment, cols: list[_Interval]) -> int:
    """The first column the segment overlaps (a spanning cell's text belongs to its top-left cell), or
    the nearest start."""
    for k, c in enumerate(cols):
        if s.x0 < c.x1 and s.x1 > c.x0:
            return k
    return min(range(len(cols)), key=lambda k: abs(cols[k].x0 - s.x0))


def _seg_top(s: Segment) -> float:
    return min(b.top for b in s.boxes)


def _seg_bottom(s: Segment) -> float:
    return max(b.bottom for b in s.boxes)


def _unruled_table(segs: list[list[Segment]], i: int, j: int) -> _Table:
    """Cells stacked in each column (a cell's wrapped lines are closer than rows are), rows from the
    cells' tops (cells are top-aligned)."""
    all_segs = [s for k in range(i, j + 1) for s in segs[k]]
    cols = _columns(segs[i:j + 1])
    x1 = max(c.x1 for c in cols)
    by_col: dict[int, list[Segment]] = {}
    for s in all_segs:
        by_col.setdefault(_column_of_segment(s, cols), []).append(s)
    for stack in by_col.values():
        stack.sort(key=_seg_top)
    size = median(b.size for s in all_segs for b in s.boxes)
    pitches = [_seg_top(b) - _seg_top(a) for st in by_col.values() for a, b in zip(st, st[1:])]
    tight = min(pitches) if pitches else 0.0
    # rows further apart than a cell's lines (cell padding, paragraph spacing): consecutive lines of the
    # table are at two distances (lines staggered by less than a line, cells of different fonts, aside)
    tops = sorted({round(min(_seg_top(sg) for sg in segs[k]), 1) for k in range(i, j + 1)})
    steps = [b - a for a, b in zip(tops, tops[1:]) if b - a >= 0.6 * size]
    spaced = bool(steps) and max(steps) > 1.25 * min(steps) + 0.5
    starts = {round(_seg_top(s)) for s in all_segs}
    cells: list[_Cell] = []
    for col, stack in by_col.items():
        right = x1 if col + 1 == len(cols) else cols[col].x1
        current: Optional[_Cell] = None
        for s in stack:
            if current is not None and _goes_on(current, s, spaced, tight, size, starts):
                current.boxes.extend(s.boxes)
                current.bottom = max(current.bottom, _seg_bottom(s))
                continue
            current = _Cell(0, col, cols[col].x0, _seg_top(s), right, _seg_bottom(s), list(s.boxes))
            if s.x1 > right + COLUMN_TOLERANCE:  # text over the columns to its right: a spanning cell
                current.x1 = current.edge = x1
                current.spans = True
            cells.append(current)
    # a column's cells are as wide as its wrapped lines show; a cell spanning to the right edge is not
    _set_edges(cells)
    # rows: cells whose tops are level (within half a line)
    cells.sort(key=lambda c: c.top)
    row, row_top = -1, None
    for c in cells:
        if row_top is None or c.top - row_top > 0.5 * size:
            row, row_top = row + 1, c.top
        c.row = row
    top = min(c.top for c in cells)
    bottom = max(c.bottom for c in cells)
    return _Table([c.x0 for c in cols], cells, top, bottom, cols[0].x0, x1, ruled=False)


def _set_edges(cells: list[_Cell]) -> None:
    widest: dict[int, float] = {}
    for c in cells:
        lines = group_lines(c.boxes)
        if len(lines) > 1 and not c.spans:  # a spanning cell's lines are as wide as its columns together
            widest[c.col] = max(widest.get(c.col, 0.0), max(ln.x1 for ln in lines))
    for c in cells:
        if not c.spans:
            c.edge = widest.get(c.col)


def _goes_on(cell: _Cell, s: Segment, spaced: bool, tight: float, size: float, starts: set) -> bool:
    """Is the segment the next line of the cell above it in its column? When lines of one cell are
    closer than rows are, by that; otherwise when the cell's text ran to the column's edge and nothing
    else starts a row beside it."""
    pitch = _seg_top(s) - max(b.top for b in cell.boxes)
    if spaced:
        return pitch <= 1.25 * tight + 0.5
    if pitch > 2 * size or is_value_text(s.text):
        return False
    last = group_lines(cell.boxes)[-1]
    alone = sum(1 for t in starts if abs(t - _seg_top(s)) <= 0.5 * size) <= 1
    # no cell has wrapped yet: the column's width shows only in its widest text
    return alone and last.x1 >= (cell.edge or cell.x1) - 1.5 * last.size
