"""PDFs whose pages are scans: each page without a usable text layer is rendered and read by OCR (ocr.py),
the others from their text layer (pdf.page_content); both go through the same geometry and page joining.

``--ocr auto`` (the default) reads a page by OCR when its text layer has almost no characters and the
page shows an image; ``always`` reads every page by OCR; ``never`` leaves image-only PDFs failing with
their reason. The pages read by OCR are recorded (Document.ocr_pages → source.ocr_pages).
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..document import Document
from ..errors import ReadError
from . import ocr
from .geometry import layout_page
from .layout import blocks
from .pdf import page_content, read_pdf

# A page with fewer text-layer characters than this has no usable text layer (a page number, a stamp).
MIN_TEXT_CHARS = 20


def needs_ocr(page, n_chars: int) -> bool:
    """No usable text layer, and something drawn as an image (a blank page needs no OCR)."""
    if n_chars >= MIN_TEXT_CHARS:
        return False
    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))


def read_pdf_ocr(path: Path, raw: bytes, sha256: str, mode: str = "auto") -> Document:
    """Read a PDF, its scanned pages by OCR (mode auto|always). The text-layer pages are laid out as the
    PDF reader lays them out (each page's content is read once); any PDF error is the PDF reader's to
    name (password, corrupt)."""
    try:
        pdf = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError:
        return read_pdf(path, raw, sha256)
    try:
        contents, to_ocr = [], []
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                boxes, rules = page_content(page)
                if mode == "always" or needs_ocr(page, len(boxes)):
                    to_ocr.append(i)
                contents.append((boxes, rules))
            finally:
                page.close()
        if not to_ocr:
            if not any(boxes for boxes, _ in contents):
                return read_pdf(path, raw, sha256)  # no text at all: the PDF reader says so
            return Document.build(str(path), "pdf", sha256,
                                  blocks([layout_page(b, r) for b, r in contents]))
        try:
            ocr.engine()
        except ocr.OcrUnavailable as e:
            raise ReadError(path, f"image-only PDF ({len(to_ocr)} of {len(pdf)} pages without a text "
                                  f"layer); {e}") from None
        pages = []
        for i, (boxes, rules) in enumerate(contents):
            if i in to_ocr:
                page = pdf[i]
                try:
                    scan = ocr.ocr_image(ocr.render_pdf_page(page))
                finally:
                    page.close()
                boxes, rules = scan.boxes, scan.rules
                ocr.report_page(path.name, to_ocr.index(i) + 1, len(to_ocr))
            pages.append(layout_page(boxes, rules))
    except pdfium.PdfiumError:
        return read_pdf(path, raw, sha256)
    finally:
        pdf.close()
    doc = Document.build(str(path), "pdf", sha256, blocks(pages))
    doc.ocr_pages = [i + 1 for i in to_ocr]
    return doc
