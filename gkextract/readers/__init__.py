"""Readers: one module per format, each ``read(path) -> Document``. Encoding and layout quirks live here.

Readers know nothing of templates or checks; they only turn a file into paragraphs and table grids.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from ..document import Document
from ..errors import ReadError

Reader = Callable[[Path, bytes, str], Document]  # (path, raw bytes, sha256) -> Document

SUFFIXES = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".png": "image", ".jpg": "image", ".jpeg": "image",  # read by OCR (readers/image.py)
}


def sniff_format(path: Path, raw: bytes) -> str:
    """The format from the file's first bytes, falling back to its suffix."""
    head = raw[:2048].lstrip()
    if raw.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return "image"
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    if raw.startswith(b"\xd0\xcf\x11\xe0") and path.suffix.lower() in (".doc", ".docx", ".wps"):
        return "docx"  # an old Word (OLE) file: the DOCX reader says what to do with it
    low = head.lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<table" in raw[:65536].lower():
        if path.suffix.lower() not in (".txt", ".text") or b"<html" in low or b"<table" in low:
            return "html"
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ReadError(path, f"unsupported file type {path.suffix or '(no suffix)'}; "
                              "expected .txt, .html, .docx, .pdf, .png or .jpg")
    return fmt


def _reader(fmt: str) -> Reader:
    if fmt == "txt":
        from .txt import read_txt as r
    elif fmt == "html":
        from .html import read_html as r
    elif fmt == "docx":
        from .docx import read_docx as r
    elif fmt == "image":
        from .image import read_image as r
    else:
        from .pdf import read_pdf as r
    return r


def read(path: str | Path, ocr: str | None = None) -> Document:
    """Read one report file into a Document, or raise ReadError naming the file and the reason.

    ``ocr``: auto (PDF pages without a usable text layer are read by OCR), always, never; default the
    GKEXTRACT_OCR environment variable (set by ``extract --ocr``), else auto."""
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "no such file")
    if path.is_dir():
        raise ReadError(path, "is a directory, not a report file")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ReadError(path, f"cannot read file: {e.strerror or e}") from None
    if not raw.strip():
        raise ReadError(path, "file is empty")
    fmt = sniff_format(path, raw)
    sha = hashlib.sha256(raw).hexdigest()
    if fmt == "pdf" and _ocr_mode(ocr) != "never":
        from .scanned import read_pdf_ocr

        doc = read_pdf_ocr(path, raw, sha, _ocr_mode(ocr))
    else:
        doc = _reader(fmt)(path, raw, sha)
    if not doc.text.strip():
        raise ReadError(path, "no text found in the file")
    return doc


def _ocr_mode(value: str | None) -> str:
    from .ocr import mode

    return mode(value)
