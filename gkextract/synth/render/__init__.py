"""Renderers: Content -> bytes in one layout. Every renderer reads the same Content and Grid."""
from __future__ import annotations

from typing import Sequence

from ..content import Content

TEXT_FORMATS = ("txt_tab", "txt_pipe", "txt_lines", "txt_runtogether", "txt_scraped")
FORMATS = TEXT_FORMATS + ("html", "docx", "pdf")
# hand-edited tables: header and data spans that disagree (synth/grid.py disagree_spans)
SPAN_FORMATS = ("html_spans", "docx_spans")
FORMATS += SPAN_FORMATS
# PDF tables without ruling lines: blank cells placed by column geometry only
FORMATS += ("pdf_unruled",)
# variants drawn with generate_record(web_noise=True) and laid out as their base layout (not in FORMATS,
# so default corpora keep their layouts): web page chrome, no title, short agency names
WEB_FORMATS = {"txt_web": "txt_tab", "html_web": "html"}
SUFFIX = {"html": ".html", "docx": ".docx", "pdf": ".pdf", **{f: ".txt" for f in TEXT_FORMATS}}
RECORD_FORMAT = {"html": "html", "docx": "docx", "pdf": "pdf", **{f: "txt" for f in TEXT_FORMATS}}
SUFFIX.update({w: SUFFIX[b] for w, b in WEB_FORMATS.items()})
SUFFIX.update(html_spans=".html", docx_spans=".docx")
RECORD_FORMAT.update(html_spans="html", docx_spans="docx")
SUFFIX.update(pdf_unruled=".pdf")
RECORD_FORMAT.update(pdf_unruled="pdf")
RECORD_FORMAT.update({w: RECORD_FORMAT[b] for w, b in WEB_FORMATS.items()})
# scanned reports (render/scan.py): the PDF layout's pages as images, read back by OCR; not in FORMATS
# (OCR is slow and an optional extra), asked for by name
SCAN_FORMATS = ("pdf_scan", "png_scan")
SUFFIX.update(pdf_scan=".pdf", png_scan=".png")
RECORD_FORMAT.update(pdf_scan="pdf", png_scan="image")
# layouts that cannot show a blank cell in its place, or whose digits must split back
NO_BLANKS = ("txt_lines", "txt_runtogether")


def render(content: Content, fmt: str) -> bytes:
    """One report as the bytes of a file in ``fmt`` (one of FORMATS or WEB_FORMATS)."""
    fmt = WEB_FORMATS.get(fmt, fmt)
    if fmt in TEXT_FORMATS:
        from .text import render_text

        return render_text(content, fmt)
    if fmt in ("html", "html_spans"):
        from .html import render_html

        return render_html(content, spans=fmt == "html_spans")
    if fmt in ("docx", "docx_spans"):
        from .docx import render_docx

        return render_docx(content, spans=fmt == "docx_spans")
    if fmt in ("pdf", "pdf_unruled"):
        from .pdf import render_pdfs

        return render_pdfs([content], ruled=fmt == "pdf")[0]
    if fmt in SCAN_FORMATS:
        return render_many([content], fmt)[0]
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def render_many(contents: Sequence[Content], fmt: str) -> list[bytes]:
    """Several reports at once (PDF: one LibreOffice run for all)."""
    if fmt in ("pdf", "pdf_unruled"):
        from .pdf import render_pdfs

        return render_pdfs(list(contents), ruled=fmt == "pdf")
    if fmt in SCAN_FORMATS:
        from .pdf import render_pdfs
        from .scan import scan_pdf, scan_png

        scan = scan_pdf if fmt == "pdf_scan" else scan_png
        return [scan(pdf) for pdf in render_pdfs(list(contents))]
    return [render(c, fmt) for c in contents]
