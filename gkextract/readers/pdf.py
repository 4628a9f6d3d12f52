"""PDFs with a text layer, via pdfplumber.

Ruled tables come out as grids; everything else as text lines, re-joined into paragraphs where a line runs
to the right margin (a wrapped line). Page markers (``- 2 -``) go, and so do the artefact spaces PDF
exporters put between Chinese and digits (``2023 年``).
"""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from ..document import Block, Document, Paragraph, Table
from ..errors import ReadError

_PAGE_MARKER = re.compile(r"^[-—–－\s]*(第\s*)?\d+\s*(页)?[-—–－\s]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SENTENCE_END = ("。", "：", ":", "；", "！", "？", "”")
_STARTS_HEADING = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])")


def clean_pdf_text(text: str) -> str:
    """Remove in-cell line breaks and the spaces exporters put around Chinese characters."""
    return _SPACE_NEAR_CJK.sub("", text.replace("\n", "")).strip()


def read_pdf(path: Path, raw: bytes, sha256: str) -> Document:
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReadError(path, "encrypted PDF: remove the password first") from None
    except (PDFSyntaxError, PdfminerException, ValueError, KeyError, TypeError) as e:
        _raise_read_error(path, e)
    with pdf:
        items: list[tuple[str, object]] = []
        n_chars = 0
        try:
            for page in pdf.pages:
                n_chars += len(page.chars)
                items.extend(_page_items(page))
        except (PDFSyntaxError, PdfminerException, ValueError, KeyError, TypeError, AssertionError) as e:
            _raise_read_error(path, e)
    if n_chars == 0:
        raise ReadError(path, "image-only PDF (no text layer); run OCR on it first")
    return Document.build(str(path), "pdf", sha256, _blocks(items))


def _raise_read_error(path: Path, error: Exception):
    # pdfplumber wraps pdfminer's errors: look inside for the password ones
    inner = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(inner).lower():
        raise ReadError(path, "encrypted PDF: remove the password first") from None
    raise ReadError(path, "corrupt or truncated PDF") from None


def _page_items(page) -> list[tuple[float, str, object]]:
    """(top, kind, payload) for the page, in reading order: grid rows and text lines."""
    grid_rows = []
    for table in page.find_tables():
        for row, cells in zip(table.rows, table.extract()):
            texts = ["" if c is None else clean_pdf_text(c) for c in cells]
            filled = [i for i, c in enumerate(texts) if c]
            # a frame around the page's prose also comes back as a "table" of one-cell rows: those rows
            # are text lines, not table rows
            if len(texts) >= 2 and (len(filled) >= 2 or (filled and filled[0] > 0)):
                grid_rows.append((row.bbox, texts))
    out: list[tuple[float, str, object]] = []
    lines = page.extract_text_lines(return_chars=False, strip=True)
    right = max((ln["x1"] for ln in lines), default=page.width)
    for ln in lines:
        mid = (ln["top"] + ln["bottom"]) / 2
        if any(b[1] <= mid <= b[3] and ln["x0"] < b[2] and ln["x1"] > b[0] for b, _ in grid_rows):
            continue
        text = ln["text"].strip()
        if not text or _PAGE_MARKER.match(text):
            continue
        size = (ln["bottom"] - ln["top"]) or 10.0
        full = ln["x1"] >= right - 1.5 * size
        out.append((ln["top"], "line", (clean_pdf_text(text), full)))
    out.extend((b[1], "row", texts) for b, texts in grid_rows)
    out.sort(key=lambda item: item[0])
    return [(kind, payload) for _, kind, payload in out]


def _blocks(items) -> list[Block]:
    blocks: list[Block] = []
    rows: list[list[str]] = []
    para = ""
    joinable = False
    for kind, payload in items:
        if kind == "row":
            if para:
                blocks.append(Paragraph(para))
                para, joinable = "", False
            rows.append(payload)
            continue
        if rows:
            blocks.append(Table(rows))
            rows = []
        text, full = payload
        if para and joinable and not _STARTS_HEADING.match(text):
            para += text
        else:
            if para:
                blocks.append(Paragraph(para))
            para = text
        joinable = full and not para.endswith(_SENTENCE_END)
    if para:
        blocks.append(Paragraph(para))
    if rows:
        blocks.append(Table(rows))
    return blocks
