"""DOCX with merged cells (python-docx merge()); bytes made deterministic (fixed zip timestamps)."""
from __future__ import annotations

import io
import random
import zipfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..content import Content, Grid
from ..grid import disagree_spans

FONT = "Noto Sans CJK SC"


def build_docx(content: Content, spans: bool = False):
    """The Word document; ``spans`` draws header/data merges that disagree (layout docx_spans)."""
    span_rng = random.Random(f"spans:{content.style.get('pad_seed', 0)}")
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for b in content.blocks:
        if b.kind == "table":
            _table(doc, disagree_spans(b.grid, span_rng) if spans else b.grid)
            continue
        p = doc.add_paragraph()
        run = p.add_run(b.text)
        if b.kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            run.font.size = Pt(16)
        elif b.kind in ("heading", "subheading"):
            run.bold = True
        elif b.kind == "signature":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            p.paragraph_format.first_line_indent = Pt(22)
    core = doc.core_properties
    core.author = "gkextract synth"
    return doc


def _table(doc, grid: Grid) -> None:
    table = doc.add_table(rows=len(grid.rows), cols=grid.width)
    table.style = "Table Grid"
    table.autofit = False
    for c, w in enumerate(_widths(grid)):
        for cell in table.columns[c].cells:
            cell.width = w
    for r, line in enumerate(grid.matrix()):
        for c, slot in enumerate(line):
            if slot is None or not slot[1]:
                continue
            cell = slot[0]
            top = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                top = top.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            top.text = cell.text
            for p in top.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(8 if grid.width > 8 else 10)
    doc.add_paragraph()


def _widths(grid: Grid) -> list:
    """Column widths on a 15 cm line: label columns as wide as their longest label (within limits)."""
    need = [1.0] * grid.width
    for line in grid.matrix():
        for c, slot in enumerate(line):
            if slot and slot[1] and slot[0].colspan == 1 and slot[0].role == "label":
                need[c] = max(need[c], min(len(slot[0].text), 24) / 2.5)
    total = sum(need)
    return [Cm(15.5 * n / total) for n in need]


def docx_bytes(doc) -> bytes:
    raw = io.BytesIO()
    doc.save(raw)
    return fixed_zip(raw.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and order, so the same content gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def render_docx(content: Content, spans: bool = False) -> bytes:
    return docx_bytes(build_docx(content, spans))
