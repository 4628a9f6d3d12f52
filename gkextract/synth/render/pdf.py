"""PDF: the DOCX converted by LibreOffice (one run for many documents); dates and ids fixed.

Two layouts: ``pdf`` (tables with ruling lines) and ``pdf_unruled`` (the same tables without borders:
a blank cell is then nothing but empty space, and only the columns' positions place the values).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..content import Content
from .docx import build_docx, docx_bytes, render_docx


class PdfUnavailable(RuntimeError):
    pass


def libreoffice() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:[^)]*\)")
_ID = re.compile(rb"/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]")
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)[^<]*(</xmp:)")
_UUID = re.compile(rb"uuid:[0-9a-fA-F-]{36}")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")


def _fixed(pdf: bytes) -> bytes:
    """Same length replacements (xref offsets stay valid): creation dates and document ids."""
    pdf = _DATE.sub(lambda m: re.sub(rb"\d", b"0", m.group(0)), pdf)
    pdf = _ID.sub(lambda m: re.sub(rb"<[0-9A-Fa-f]+>", lambda h: b"<" + b"0" * (len(h.group(0)) - 2) + b">", m.group(0)), pdf)
    pdf = _XMP_DATE.sub(lambda m: m.group(1) + re.sub(rb"\d", b"0", m.group(0)[len(m.group(1)):-len(m.group(2))]) + m.group(2), pdf)
    pdf = _UUID.sub(lambda m: b"uuid:" + re.sub(rb"[0-9a-fA-F]", b"0", m.group(0)[5:]), pdf)
    pdf = _CHECKSUM.sub(lambda m: m.group(1) + b"0" * len(m.group(2)), pdf)
    return pdf


def unruled_docx(content: Content) -> bytes:
    """The report's DOCX with its tables' borders removed (the document's plain table style)."""
    doc = build_docx(content)
    for table in doc.tables:
        table.style = None
    return docx_bytes(doc)


def render_pdfs(contents: list[Content], timeout: int = 600, ruled: bool = True) -> list[bytes]:
    lo = libreoffice()
    if not lo:
        raise PdfUnavailable("PDF needs LibreOffice: apt-get install -y --no-install-recommends "
                             "fonts-noto-cjk libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="gksynth-") as tmp:
        tmpd = Path(tmp)
        paths = []
        for i, c in enumerate(contents):
            p = tmpd / f"r{i:05d}.docx"
            p.write_bytes(render_docx(c) if ruled else unruled_docx(c))
            paths.append(p)
        profile = (tmpd / "profile").as_uri()
        cmd = [lo, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(tmpd)] + [str(p) for p in paths]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
        out = []
        for p in paths:
            pdf = p.with_suffix(".pdf")
            if not pdf.exists():
                raise PdfUnavailable(f"LibreOffice did not convert {p.name}")
            out.append(_fixed(pdf.read_bytes()))
        return out
