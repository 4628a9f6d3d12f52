"""PDFs with a text layer, via pypdfium2 (PDFium, C++): characters with their boxes and the ruling lines
drawn on each page; lines, paragraphs and tables are rebuilt from their positions (geometry.py) and the
pages joined (layout.py).

Ruled tables come out as grids (cells from crossing ruling lines), and so do unruled ones (columns from
where their text stands): a value is placed in its column by position, so a blank cell keeps its place.
Everything else is text lines, re-joined into paragraphs where a line runs to the right margin. Page
markers (``- 2 -``) go, and so do the artefact spaces PDF exporters put between Chinese and digits
(``2023 年``).

pdfplumber (pdfminer, pure Python) read PDFs here before: the same output took as long as its bare
``extract_text``; PDFium gives a page's characters and paths in a few milliseconds.
"""
from __future__ import annotations

import ctypes
import math
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..document import IMAGE_LINE, Document
from ..errors import ReadError
from .geometry import Box, Rule, layout_page, rules_from_rect
from .layout import blocks


# a character's box above and below its baseline, in font sizes (a CJK font's em box)
_ASCENT, _DESCENT = 0.88, 0.12
# PDFium's document load errors (FPDF_GetLastError)
_ERR_PASSWORD = 4
_ERR_SECURITY = 5


def read_pdf(path: Path, raw: bytes, sha256: str) -> Document:
    try:
        pdf = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) in (_ERR_PASSWORD, _ERR_SECURITY):
            raise ReadError(path, "encrypted PDF: needs a password to open; remove the password first") \
                from None
        raise ReadError(path, "corrupt or truncated PDF") from None
    try:
        if len(pdf) == 0:
            raise ReadError(path, "corrupt or truncated PDF")
        contents = []
        for i in range(len(pdf)):
            try:
                page = pdf[i]
            except pdfium.PdfiumError:
                raise ReadError(path, "corrupt or truncated PDF") from None
            try:
                contents.append(page_content(page))
            finally:
                page.close()
    finally:
        pdf.close()
    if not any(boxes for boxes, _ in contents):
        raise ReadError(path, "image-only PDF (no text layer); run OCR on it first")
    pages = [layout_page(boxes, rules) for boxes, rules in contents]
    return Document.build(str(path), "pdf", sha256, blocks(pages))


def page_content(page) -> tuple[list[Box], list[Rule]]:
    """A page's visible characters and ruling lines, in points from the page's top-left corner.

    A character's box spans its advance width (its loose box: the boxes of a word touch; its glyph's box
    where PDFium's loose one is implausible, many times the font size) and, vertically, a fixed share of
    the font size above and below its baseline: glyph boxes (，一) and some fonts' loose boxes differ in
    height along one line, the baseline does not. Its size is the font size as drawn (the font size
    times the text matrix's scale).
    """
    height = page.get_height()
    textpage = page.get_textpage()
    boxes: list[Box] = []
    try:
        n = pdfium_c.FPDFText_CountChars(textpage)
        rect = pdfium_c.FS_RECTF()
        matrix = pdfium_c.FS_MATRIX()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        ox, oy = ctypes.c_double(), ctypes.c_double()
        for i in range(n):
            code = pdfium_c.FPDFText_GetUnicode(textpage, i)
            if code <= 32 or code in (0xA0, 0x3000, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
                continue  # spaces, line breaks (generated or written): geometry tells them
            if not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, rect):
                continue
            size = pdfium_c.FPDFText_GetFontSize(textpage, i)
            if pdfium_c.FPDFText_GetMatrix(textpage, i, matrix):
                size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
            x0, x1 = rect.left, rect.right
            if x1 - x0 > 2 * size:
                pdfium_c.FPDFText_GetCharBox(textpage, i, left, right, bottom, top)
                x0, x1 = left.value, right.value
            if pdfium_c.FPDFText_GetCharOrigin(textpage, i, ox, oy):
                base = height - oy.value
            else:
                base = height - rect.bottom - _DESCENT * size
            boxes.append(Box(chr(code), x0, base - _ASCENT * size, x1, base + _DESCENT * size, size))
    finally:
        textpage.close()
    if boxes:   # a page without text goes to OCR, pictures and all
        boxes += _picture_marks(page, height, boxes)
    return boxes, _rules(page, height)


# a picture as wide as this share of the page, at least this tall (points) and no taller than this share of
# it, with no text drawn over it, is a picture of the body (a table pasted as an image), not a logo, a seal
# or a letterhead behind the text
_PICTURE_WIDTH, _PICTURE_HEIGHT, _PICTURE_MAX_HEIGHT = 0.4, 60.0, 0.8
_MARK_SIZE = 10.5


def _picture_marks(page, height: float, boxes: list[Box]) -> list[Box]:
    """Characters spelling ``IMAGE_LINE`` where a picture of the body stands, so that it becomes a line of
    the text in reading order, as the HTML and DOCX readers give it."""
    width = page.get_width()
    marks: list[Box] = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=1):
        left, bottom, right, top = obj.get_bounds()
        y0, y1 = height - top, height - bottom
        if right - left < _PICTURE_WIDTH * width or not _PICTURE_HEIGHT <= y1 - y0 <= _PICTURE_MAX_HEIGHT * height:
            continue
        if any(left <= (b.x0 + b.x1) / 2 <= right and y0 <= (b.top + b.bottom) / 2 <= y1 for b in boxes):
            continue   # text over it: a background
        top_of_line = (y0 + y1) / 2 - _MARK_SIZE / 2
        x = left
        for ch in IMAGE_LINE:
            w = _MARK_SIZE if ord(ch) > 0x2E80 else _MARK_SIZE / 2
            marks.append(Box(ch, x, top_of_line, x + w, top_of_line + _MARK_SIZE, _MARK_SIZE))
            x += w
    return marks


def _rules(page, height: float) -> list[Rule]:
    """Ruling lines: thin drawn rectangles and lines, and the edges of stroked rectangles."""
    out: list[Rule] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=1):
        left, bottom, right, top = obj.get_bounds()
        thin = rules_from_rect(left, height - top, right, height - bottom)
        if thin:
            out += thin
            continue
        pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
        if stroke.value:  # a stroked outline (a cell's border): its straight pieces are rulings
            out += _path_rules(obj, height)
    return out


def _path_rules(obj, height: float) -> list[Rule]:
    m = obj.get_matrix()
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[int, float, float, bool]] = []
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f
        points.append((pdfium_c.FPDFPathSegment_GetType(seg), px, height - py,
                       bool(pdfium_c.FPDFPathSegment_GetClose(seg))))
    out: list[Rule] = []
    start = None
    for i, (kind, px, py, close) in enumerate(points):
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = (px, py)
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and i > 0:
            out += _segment_rule(points[i - 1][1], points[i - 1][2], px, py)
        if close and start is not None:
            out += _segment_rule(px, py, *start)
    return out


def _segment_rule(x0: float, y0: float, x1: float, y1: float) -> list[Rule]:
    if abs(y0 - y1) < 0.5 and abs(x1 - x0) > 1:
        return [Rule(True, y0, min(x0, x1), max(x0, x1))]
    if abs(x0 - x1) < 0.5 and abs(y1 - y0) > 1:
        return [Rule(False, x0, min(y0, y1), max(y0, y1))]
    return []
