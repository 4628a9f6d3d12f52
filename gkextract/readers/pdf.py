"""PDFs with a text layer, via pdfplumber.

Ruled tables come out as grids; everything else as text lines, re-joined into paragraphs where a line runs
to the right margin (a wrapped line) in the same font size. Page markers (``- 2 -``) go, and so do the
artefact spaces PDF exporters put between Chinese and digits (``2023 年``).

A table's text stays in its cells: lines wrapped inside a cell are one cell, a row cut by a page break
(its label wrapped onto the next page) is one row again, and the rows of a table running over several
pages are laid out on one set of columns (matched by their x positions), so every row of a grid has the
same width.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from ..document import Block, Document, Paragraph, Table
from ..errors import ReadError
from ..text import is_value_text

_PAGE_MARKER = re.compile(r"^[-—–－\s]*(第\s*)?\d+\s*(页)?[-—–－\s]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SENTENCE_END = ("。", "：", ":", "；", "！", "？", "”")
_STARTS_HEADING = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])")
# Column starts closer than this (points) are one column: the same table on the next page, or a cell
# border drawn a hair apart.
COLUMN_TOLERANCE = 3.0
# A spanning row longer than this is prose in a frame, not a group label of a table.
GROUP_LABEL_MAX = 40


def clean_pdf_text(text: str) -> str:
    """Remove in-cell line breaks and the spaces exporters put around Chinese characters."""
    return _SPACE_NEAR_CJK.sub("", text.replace("\n", "")).strip()


@dataclass
class _Row:
    """A grid row: its cell texts at the table's column x positions."""
    cells: list[str]
    xs: list[float]


@dataclass
class _Line:
    text: str
    full: bool      # runs to the right margin: the paragraph may go on in the next line
    size: float     # font size (of most of its characters)


@dataclass
class _Span:
    """A row of one cell spanning its table: a group label of the grid, or a line of framed prose."""
    row: _Row
    lines: list[_Line] = field(default_factory=list)  # its text as lines, should it be prose


@dataclass
class _Page:
    items: list[tuple[str, object]] = field(default_factory=list)  # ("row"|"line"|"span", payload)
    # for a table ending the page: per column, the row holding the cell that reaches the table's bottom
    # and whether that cell's last text line runs to the cell's right edge (its text goes on)
    open_cells: dict[int, tuple[_Row, bool]] = field(default_factory=dict)


def read_pdf(path: Path, raw: bytes, sha256: str) -> Document:
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReadError(path, "encrypted PDF: remove the password first") from None
    except (PDFSyntaxError, PdfminerException, ValueError, KeyError, TypeError) as e:
        _raise_read_error(path, e)
    with pdf:
        pages: list[_Page] = []
        n_chars = 0
        try:
            for page in pdf.pages:
                n_chars += len(page.chars)
                pages.append(_read_page(page))
        except (PDFSyntaxError, PdfminerException, ValueError, KeyError, TypeError, AssertionError) as e:
            _raise_read_error(path, e)
    if n_chars == 0:
        raise ReadError(path, "image-only PDF (no text layer); run OCR on it first")
    return Document.build(str(path), "pdf", sha256, _blocks(_join_pages(pages)))


def _raise_read_error(path: Path, error: Exception):
    # pdfplumber wraps pdfminer's errors: look inside for the password ones
    inner = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(inner).lower():
        raise ReadError(path, "encrypted PDF: remove the password first") from None
    raise ReadError(path, "corrupt or truncated PDF") from None


# ---------------------------------------------------------------------------------------------- pages

def _read_page(page) -> _Page:
    """The page's grid rows, text lines and spanning rows in reading order."""
    placed: list[tuple[float, str, object]] = []
    grid_boxes: list[tuple] = []
    spans: list[tuple[tuple, _Span]] = []
    out = _Page()
    tables: dict[int, tuple[object, list]] = {}  # id of a table's last row -> (table, its rows)
    for table in page.find_tables():
        rows, table_spans = _table_rows(page, table)
        for bbox, row in rows:
            grid_boxes.append(bbox)
            placed.append((bbox[1], "row", row))
        for bbox, span in table_spans:
            spans.append((bbox, span))
            placed.append((bbox[1], "span", span))
        if rows:
            tables[id(rows[-1][1])] = (table, rows)
    lines = page.extract_text_lines(return_chars=True, strip=True)
    right = max((ln["x1"] for ln in lines), default=page.width)
    for ln in lines:
        text = ln["text"].strip()
        if not text or _PAGE_MARKER.match(text) or any(_inside(ln, b) for b in grid_boxes):
            continue
        size = _line_size(ln)
        line = _Line(clean_pdf_text(text), ln["x1"] >= right - 1.5 * size, size)
        span = next((span for b, span in spans if _inside(ln, b)), None)
        if span is not None:
            span.lines.append(line)
        else:
            placed.append((ln["top"], "line", line))
    placed.sort(key=lambda item: item[0])
    out.items = [(kind, payload) for _, kind, payload in placed]
    if out.items and id(out.items[-1][1]) in tables:  # the page ends with a table's last row
        out.open_cells = _open_cells(page, *tables[id(out.items[-1][1])])
    return out


def _inside(line: dict, box: tuple) -> bool:
    mid = (line["top"] + line["bottom"]) / 2
    return box[1] <= mid <= box[3] and line["x0"] < box[2] and line["x1"] > box[0]


def _line_size(line: dict) -> float:
    sizes = [round(c.get("size", 0.0), 1) for c in line.get("chars", ())]
    if sizes:
        return max(set(sizes), key=sizes.count)
    return (line["bottom"] - line["top"]) or 10.0


def _table_rows(page, table) -> tuple[list[tuple[tuple, _Row]], list[tuple[tuple, _Span]]]:
    """The table's grid rows, and its spanning rows that may be group labels, with their boxes.

    A frame around the page's prose also comes back as a "table", of rows that are one cell spanning the
    frame: those rows are text lines. A short label in such a row (not a wrapped line of prose) may also
    be a group row of a data table (一、主动公开情况 across a legacy table, 第二十条第（五）项 between the
    parts of 表二): it is a grid row when grid rows come before and after it (see _resolve_spans).
    """
    xs = sorted({cell[0] for cell in table.cells})
    if len(xs) < 2:
        return [], []
    x1 = max(cell[2] for cell in table.cells)
    rows = []
    for row, cells in zip(table.rows, table.extract()):
        texts = ["" if c is None else clean_pdf_text(c) for c in cells]
        real = [c for c in row.cells if c is not None]
        spanning = len(real) == 1 and abs(real[0][0] - xs[0]) < COLUMN_TOLERANCE \
            and abs(real[0][2] - x1) < COLUMN_TOLERANCE
        rows.append((row.bbox, _Row(texts, xs), real[0] if spanning else None))
    has_data = any(cell is None and sum(1 for t in r.cells if t) >= 2 for _, r, cell in rows)
    grid, spans = [], []
    for bbox, r, span_cell in rows:
        filled = [i for i, t in enumerate(r.cells) if t]
        if not filled:
            continue
        if span_cell is None:
            if has_data or filled[0] > 0:
                grid.append((bbox, r))
            continue
        text = r.cells[filled[0]]
        if len(filled) == 1 and len(text) <= GROUP_LABEL_MAX and not text.endswith(_SENTENCE_END) \
                and not _last_line_full(page, span_cell):
            spans.append((bbox, _Span(r)))
    return grid, spans


def _open_cells(page, table, rows) -> dict[int, tuple[_Row, bool]]:
    """For the table ending the page: column -> (row holding the cell that reaches the table's bottom,
    whether that cell's last text line runs to its right edge, i.e. its text goes on on the next page)."""
    bottom = table.bbox[3]
    xs = rows[-1][1].xs
    by_top = sorted(rows, key=lambda r: r[0][1])
    out: dict[int, tuple[_Row, bool]] = {}
    for cell in table.cells:
        if abs(cell[3] - bottom) > COLUMN_TOLERANCE:
            continue
        col = _nearest_column(cell[0], xs)
        owner = next((r for bbox, r in reversed(by_top) if bbox[1] <= cell[1] + COLUMN_TOLERANCE), None)
        if owner is None:
            continue
        text = owner.cells[col] if col < len(owner.cells) else ""
        # a number is never cut by a page break: only a label's text goes on
        out[col] = (owner, bool(text) and not is_value_text(text) and _last_line_full(page, cell))
    return out


def _last_line_full(page, bbox) -> bool:
    x0, top, x1, bottom = bbox
    chars = [c for c in page.chars
             if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom
             and c["text"].strip()]
    if not chars:
        return False
    last_top = max(c["top"] for c in chars)
    size = max(c.get("size", 10.0) for c in chars)
    end = max(c["x1"] for c in chars if c["top"] >= last_top - size / 2)
    return end >= x1 - 1.5 * size


def _join_pages(pages: list[_Page]) -> list[tuple[str, object]]:
    """All pages' items; a row cut by a page break (its text wrapped onto the next page) joined again."""
    items: list[tuple[str, object]] = []
    prev: Optional[_Page] = None
    for page in pages:
        page_items = page.items
        if prev is not None and prev.open_cells and page_items and page_items[0][0] == "row":
            if _continue_row(prev.open_cells, page_items[0][1]):
                page_items = page_items[1:]
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


def _continue_row(open_cells: dict[int, tuple[_Row, bool]], row: _Row) -> bool:
    """Append the first row of a page to the cells it continues, if it is their wrapped rest: some of its
    text sits below a cell whose last line ran to the edge, and none sits below a cell that was complete."""
    xs_prev = next(iter(open_cells.values()))[0].xs
    targets: list[tuple[_Row, int, str]] = []
    wrapped = False
    first = next((text for text in row.cells if text), "")
    if _STARTS_HEADING.match(first):
        return False  # a numbered label starts a row of its own
    for x, text in zip(row.xs, row.cells):
        if not text:
            continue
        col = _column_of(x, xs_prev)
        if col is None or col not in open_cells:
            return False
        owner, full = open_cells[col]
        if owner.cells[col] and (not full or is_value_text(text)):
            return False  # below a complete cell, or a number below a label: a row of its own
        wrapped |= full
        targets.append((owner, col, text))
    if not wrapped:
        return False
    for owner, col, text in targets:
        owner.cells[col] += text
    return True


def _nearest_column(x: float, xs: list[float]) -> int:
    return min(range(len(xs)), key=lambda i: abs(xs[i] - x))


def _column_of(x: float, xs: list[float]) -> Optional[int]:
    """The column starting at x (within the tolerance), or None."""
    k = _nearest_column(x, xs)
    return k if abs(xs[k] - x) < COLUMN_TOLERANCE else None


# ---------------------------------------------------------------------------------------------- blocks

def _blocks(items) -> list[Block]:
    blocks: list[Block] = []
    rows: list[_Row] = []
    para = ""
    last: Optional[_Line] = None
    for kind, payload in items:
        if kind == "row":
            if para:
                blocks.append(Paragraph(para))
                para, last = "", None
            rows.append(payload)
            continue
        if rows:
            blocks.append(Table(_grid(rows)))
            rows = []
        line: _Line = payload
        joinable = last is not None and last.full and not para.endswith(_SENTENCE_END) \
            and abs(last.size - line.size) < 0.5 and not _STARTS_HEADING.match(line.text)
        if para and joinable:
            para += line.text
        else:
            if para:
                blocks.append(Paragraph(para))
            para = line.text
        last = line
    if para:
        blocks.append(Paragraph(para))
    if rows:
        blocks.append(Table(_grid(rows)))
    return blocks


def _grid(rows: list[_Row]) -> list[list[str]]:
    """Rows from one or more tables (a table going on over pages) on one set of columns."""
    columns: list[float] = []
    for x in sorted({x for row in rows for x in row.xs}):
        if not columns or x - columns[-1] >= COLUMN_TOLERANCE:
            columns.append(x)
    grid = []
    for row in rows:
        line = [""] * len(columns)
        for x, text in zip(row.xs, row.cells):
            if text:
                col = _column_of(x, columns)
                line[col] = (line[col] + text) if line[col] else text
        grid.append(line)
    return grid
