"""Images (.png, .jpg): a report published as a picture — one page, or a long image of many pages stacked
(the "long picture" many sites post) — read by OCR through the same geometry as a PDF page.

A long image is cut into pages at blank bands near each page's length, so the detector sees page-sized
pieces and tables going on over a cut are joined as over a page break.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from ..document import Document
from ..errors import ReadError
from . import ocr
from .geometry import layout_page
from .layout import blocks

# An A4 page's height / width: a longer image is cut into pieces about this tall.
PAGE_RATIO = 1.414
# Where no blank band is found this far above a cut, the cut falls where it is.
CUT_SEARCH = 0.25
# ... or this far below it: the cut is the middle of the widest blank band in that window — between
# stacked pages it is two page margins, so each piece is one scanned page (its own skew, its own grid)
CUT_PAST = 0.1


def read_image(path: Path, raw: bytes, sha256: str) -> Document:
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:  # pragma: no cover - Pillow comes with pdfplumber and the [ocr] extra
        raise ReadError(path, ocr.INSTALL_HINT) from None
    try:
        im = Image.open(io.BytesIO(raw))
        im.load()
    except (UnidentifiedImageError, OSError):
        raise ReadError(path, "corrupt or unreadable image") from None
    dpi = im.info.get("dpi", (ocr.DPI, ocr.DPI))[0] or ocr.DPI
    gray = np.asarray(im.convert("L"))
    try:
        ocr.engine()
    except ocr.OcrUnavailable as e:
        raise ReadError(path, f"an image needs OCR; {e}") from None
    pieces = cut_pages(gray)
    pages = []
    for n, piece in enumerate(pieces, 1):
        scan = ocr.ocr_image(piece, float(dpi))
        pages.append(layout_page(scan.boxes, scan.rules))
        ocr.report_page(path.name, n, len(pieces))
    doc = Document.build(str(path), "image", sha256, blocks(pages))
    doc.ocr_pages = [1]
    return doc


def cut_pages(gray: np.ndarray) -> list[np.ndarray]:
    """A long image as page-sized pieces, cut at the blank row band nearest above each page length."""
    h, w = gray.shape
    page = int(w * PAGE_RATIO)
    if h <= 1.5 * page:
        return [gray]
    blank = (gray < 160).sum(axis=1) == 0
    out, start = [], 0
    while h - start > 1.5 * page:
        target = start + page
        cut = _widest_blank(blank, int(target - CUT_SEARCH * page), min(h, int(target + CUT_PAST * page)))
        cut = target if cut is None else cut
        out.append(gray[start:cut])
        start = cut
    out.append(gray[start:])
    return out


def _widest_blank(blank: np.ndarray, lo: int, hi: int):
    """The middle row of the widest run of blank rows in [lo, hi), or None when none is blank."""
    best, best_len, run = None, 0, 0
    for y in range(max(0, lo), hi):
        run = run + 1 if blank[y] else 0
        if run > best_len:
            best, best_len = y - run // 2, run
    return best
