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

from ..text import is_value_text

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
UNRULED_MAX_PITCH = 3.0


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
class TextLine:
    boxes: list[Box]   # left to right
    top: float
    bottom: float

    @property
    def x0(self) -> float:
        return self.boxes[0].x0

    @property
    def x1(self) -> float:
        return self.boxes[-1].x1

    @property
    def size(self) -> float:
        """The font size most of its boxes have."""
        hs = [round(b.size, 1) for b in self.boxes]
        return max(set(hs), key=hs.count) if hs else 10.0

    @property
    def text(self) -> str:
        return _join_boxes(self.boxes)

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


@dataclass
class Line:
    text: str
    full: bool      # runs to the right margin: the paragraph may go on in the next line
    size: float     # font size (of most of its boxes)


@dataclass
class Span:
    """A row of one cell spanning its table: a group label of the grid, or a line of framed prose."""
    row: Row
    lines: list[Line] = field(default_factory=list)  # its text as lines, should it be prose


@dataclass
class PageLayout:
    items: list[tuple[str, object]] = field(default_factory=list)  # ("row"|"line"|"span", payload)
    # for a table ending the page: per column, the row holding the cell that reaches the table's bottom
    # and whether that cell's last text line runs to the cell's right edge (its text goes on)
    open_cells: dict[int, tuple[Row, bool]] = field(default_factory=dict)


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

    def text(self) -> str:
        return "".join(ln.text for ln in group_lines(self.boxes)) if self.boxes else ""

    def last_line_full(self) -> bool:
        """The cell's last text line runs to its right edge: its text may go on below."""
        if not self.boxes:
            return False
        last = group_lines(self.boxes)[-1]
        return last.x1 >= self.x1 - 1.5 * last.size


@dataclass
class _Table:
    xs: list[float]         # column starts
    cells: list[_Cell]
    n_rows: int
    top: float
    bottom: float
    x0: float
    x1: float


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
            _place_table(payload, placed, tables)  # every line of it is in a row
            continue
        ln: TextLine = payload
        size = ln.size
        placed.append((ln.top, "line", Line(ln.text, ln.x1 >= right - 1.5 * size, size)))
    placed.sort(key=lambda item: item[0])
    out = PageLayout([(kind, payload) for _, kind, payload in placed])
    if out.items and id(out.items[-1][1]) in tables:  # the page ends with a table's last row
        out.open_cells = _open_cells(*tables[id(out.items[-1][1])])
    return out


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
    rows = []
    for r in sorted(by_row):
        cells = by_row[r]
        texts = [""] * len(xs)
        for c in cells:
            t = c.text()
            texts[c.col] = texts[c.col] + t if texts[c.col] else t
        spanning = len(cells) == 1 and cells[0].col == 0 and abs(cells[0].x1 - table.x1) < COLUMN_TOLERANCE
        top = min(c.top for c in cells)
        rows.append((top, Row(texts, list(xs)), cells, cells[0] if spanning else None))
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


def _open_cells(table: _Table, rows) -> dict[int, tuple[Row, bool]]:
    """For the table ending the page: column -> (row holding the cell that reaches the table's bottom,
    whether that cell's last text line runs to its right edge, i.e. its text goes on on the next page)."""
    owner_of = {id(c): r for _, r, cells in rows for c in cells}
    out: dict[int, tuple[Row, bool]] = {}
    for cell in table.cells:
        if abs(cell.bottom - table.bottom) > COLUMN_TOLERANCE or id(cell) not in owner_of:
            continue
        owner = owner_of[id(cell)]
        text = owner.cells[cell.col]
        # a number is never cut by a page break: only a label's text goes on
        out[cell.col] = (owner, bool(text) and not is_value_text(text) and cell.last_line_full())
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
        cells.append(_Cell(i0, j0, xs[j0], ys[i0], xs[j1 + 1], ys[i1 + 1]))
    if not cells:
        return None
    return _Table(xs[:-1], cells, nr, ys[0], ys[-1], xs[0], xs[-1])


# ---------------------------------------------------------------------------------------------- unruled

def unruled_tables(lines: list[TextLine]) -> list[tuple[str, object]]:
    """The lines, with runs of lines that split into segments at common column positions replaced by
    one ("table", _Table) each; every other line stays ("line", TextLine)."""
    out: list[tuple[str, object]] = []
    segs = [ln.segments() for ln in lines]
    i, n = 0, len(lines)
    while i < n:
        if len(segs[i]) < 2:
            out.append(("line", lines[i]))
            i += 1
            continue
        j = i  # the run: lines close below each other, ending at its last multi-segment line
        last_multi = i
        while j + 1 < n and lines[j + 1].top - lines[j].top <= UNRULED_MAX_PITCH * lines[j].size:
            j += 1
            if len(segs[j]) >= 2:
                last_multi = j
        multi = [k for k in range(i, last_multi + 1) if len(segs[k]) >= 2]
        table = _unruled_table(lines, segs, i, last_multi) if len(multi) >= 2 else None
        if table is None:
            out.append(("line", lines[i]))
            i += 1
            continue
        end = last_multi
        # a label wrapped below the last row, or a last row of blank cells: text within the first column
        while end + 1 < n and len(segs[end + 1]) == 1 and _in_first_column(table, lines[end + 1]) \
                and lines[end + 1].top - lines[end].top <= UNRULED_MAX_PITCH * lines[end].size:
            end += 1
        if end > last_multi:
            table = _unruled_table(lines, segs, i, end)
        out.append(("table", table))
        i = end + 1
    return out


def _in_first_column(table: _Table, line: TextLine) -> bool:
    return abs(line.x0 - table.xs[0]) < COLUMN_TOLERANCE and line.x1 < table.xs[1]


@dataclass
class _Interval:
    x0: float
    x1: float


def _columns(segments: list[Segment]) -> list[_Interval]:
    """Column x-ranges from the segments of a table's lines: narrow segments first, each joins the one
    column it overlaps or starts a new one; one over two columns or more is a spanning cell."""
    cols: list[_Interval] = []
    for s in sorted(segments, key=lambda s: s.x1 - s.x0):
        hit = [c for c in cols if s.x0 < c.x1 and s.x1 > c.x0]
        if len(hit) > 1:
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


def _unruled_table(lines: list[TextLine], segs: list[list[Segment]], i: int, j: int) -> Optional[_Table]:
    cols = _columns([s for k in range(i, j + 1) for s in segs[k]])
    if len(cols) < 2:
        return None
    rows = _unruled_rows(lines, segs, i, j, cols)
    xs = [c.x0 for c in cols]
    x1 = max(c.x1 for c in cols)
    cells: list[_Cell] = []
    for r, members in enumerate(rows):
        by_col: dict[int, _Cell] = {}
        top = lines[members[0]].top
        bottom = lines[members[-1]].bottom
        for k in members:
            for s in segs[k]:
                col = _column_of_segment(s, cols)
                cell = by_col.get(col)
                if cell is None:
                    right = x1 if col + 1 == len(cols) else cols[col].x1
                    cell = by_col[col] = _Cell(r, col, cols[col].x0, top, right, bottom)
                cell.boxes.extend(s.boxes)
        # a cell that runs over to the table's right edge spans it
        for cell in by_col.values():
            last_seg_end = max(b.x1 for b in cell.boxes)
            if last_seg_end > (cols[cell.col + 1].x0 if cell.col + 1 < len(cols) else x1):
                cell.x1 = x1 if all(last_seg_end >= c.x0 for c in cols[cell.col + 1:]) else cell.x1
        cells.extend(by_col.values())
    top, bottom = lines[i].top, lines[j].bottom
    return _Table(xs, cells, len(rows), top, bottom, xs[0], x1)


def _unruled_rows(lines, segs, i: int, j: int, cols: list[_Interval]) -> list[list[int]]:
    """The table's lines grouped into rows. Lines of one cell are closer than rows are (cell padding,
    paragraph spacing); when every line is as close, a line with text in the first column only goes on
    the label above it when that label ran to its column's edge."""
    pitches = [lines[k + 1].top - lines[k].top for k in range(i, j)]
    tight = min(pitches) if pitches else 0.0
    spaced = bool(pitches) and max(pitches) > 1.25 * tight + 0.5
    rows: list[list[int]] = [[i]]
    for k in range(i + 1, j + 1):
        pitch = lines[k].top - lines[k - 1].top
        if spaced:
            joined = pitch <= 1.25 * tight + 0.5
        else:
            prev = [s for s in segs[k - 1] if _column_of_segment(s, cols) == 0]
            joined = (len(segs[k]) == 1 and _column_of_segment(segs[k][0], cols) == 0 and bool(prev)
                      and prev[-1].x1 >= cols[0].x1 - 1.5 * lines[k - 1].size
                      and not is_value_text(segs[k][0].text))
        if joined:
            rows[-1].append(k)
        else:
            rows.append([k])
    return rows


def median_height(boxes: list[Box]) -> float:
    return median(b.height for b in boxes) if boxes else 10.0
