"""DOCX reader: Word/WPS documents to a Document, paragraphs and tables in body order.

python-docx gives the objects; the body's XML children (w:p, w:tbl, content controls) give the order.
A merged cell (gridSpan across, vMerge down) appears once, top-left, "" in the positions it covers, so
every row of a grid has the same width. Layout tables (a cell holding another table, or mostly prose) are
walked into instead of being kept as a grid.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Iterator

import docx
import lxml.etree
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row

from ..document import Block, Document, Paragraph, Table
from ..errors import ReadError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: legacy .doc, or an encrypted OOXML file
# Encrypted OOXML is an OLE container holding these streams (names are stored as UTF-16LE).
ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
CORRUPT = "not a valid DOCX (corrupt or encrypted)"
NOT_WORD = "not a valid DOCX (a zip archive, but not a Word document)"
LEGACY_DOC = "legacy .doc is not supported; save as .docx"
# A cell longer than this holds prose, not a value or a row label.
LONG_CELL = 100

_WS = r"[\s\u00a0\u3000]"
_WS_RUN = re.compile(_WS + "+")
_WS_WITH_BREAK = re.compile(_WS + r"*\n" + _WS + "*")
# Runs whose text Word shows: not deleted or moved-away ones (tracked changes).
_SHOWN_RUNS = ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom)]"


def read_docx(path: Path, raw: bytes, sha256: str) -> Document:
    """Read a .docx report into paragraphs (one per visual line) and table grids, in body order."""
    document = open_docx(path, raw)
    blocks = list(iter_blocks(document.element.body, document))
    return Document.build(str(path), "docx", sha256, blocks)


def open_docx(path: Path, raw: bytes) -> docx.document.Document:
    """The python-docx document, or a ReadError saying why the bytes are not one."""
    if raw.startswith(OLE_MAGIC):
        encrypted = any(stream in raw for stream in ENCRYPTION_STREAMS)
        raise ReadError(path, CORRUPT if encrypted else LEGACY_DOC)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if "[Content_Types].xml" not in archive.namelist():
                raise ReadError(path, NOT_WORD)
        return docx.Document(io.BytesIO(raw))
    except ValueError as error:  # python-docx: the package's main part is not a Word document
        if "not a Word file" in str(error):
            raise ReadError(path, NOT_WORD) from None
        raise ReadError(path, CORRUPT) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, PackageNotFoundError,
            lxml.etree.XMLSyntaxError):
        raise ReadError(path, CORRUPT) from None


# ---------------------------------------------------------------------------------------------- blocks

def iter_blocks(container: lxml.etree._Element, parent) -> Iterator[Block]:
    """Paragraphs and tables of a body or cell element, in document order."""
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield from paragraph_lines(child)
        elif child.tag == qn("w:tbl"):
            yield from table_blocks(DocxTable(child, parent))
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):  # content controls wrap ordinary blocks
            content = child.find(qn("w:sdtContent"))
            yield from iter_blocks(content if content is not None else child, parent)


def paragraph_text(p: lxml.etree._Element) -> str:
    """The text Word shows for a paragraph (tabs as \\t, line breaks as \\n).

    python-docx's Paragraph.text reads only direct runs and hyperlinks; this also reads runs inside
    tracked insertions, smart tags, fields and inline content controls, but not those of text boxes
    (their own nested paragraphs).
    """
    runs = p.xpath(_SHOWN_RUNS)
    return "".join(run.text for run in runs if _own_paragraph(run) is p)


def _own_paragraph(run: lxml.etree._Element) -> lxml.etree._Element:
    return run.xpath("ancestor::w:p[1]")[0]


def paragraph_lines(p: lxml.etree._Element) -> Iterator[Paragraph]:
    """One Paragraph per visual line: a soft line break starts a new one."""
    for line in paragraph_text(p).split("\n"):
        text = _WS_RUN.sub(" ", line).strip()
        if text:
            yield Paragraph(text)


# ---------------------------------------------------------------------------------------------- tables

def table_blocks(table: DocxTable) -> Iterator[Block]:
    """A data table as one grid; a layout table as the blocks inside its cells."""
    if is_layout_table(table):
        for cell in unique_cells(table):
            yield from iter_blocks(cell._tc, cell)
        return
    rows = table_grid(table)
    if rows:
        yield Table(rows)


def row_cells(row: _Row) -> list[_Cell]:
    """The cell at each grid position of the row, as python-docx's row.cells gives them.

    row.cells follows a vMerge "continue" up to the cell it continues; a malformed one with nothing
    above it makes python-docx raise, and then each w:tc stands for itself (its text is usually "").
    """
    try:
        return list(row.cells)
    except ValueError:
        return [_Cell(tc, row.table) for tc in row._tr.tc_lst for _ in range(tc.grid_span)]


def unique_cells(table: DocxTable) -> list[_Cell]:
    """Each real cell once, in row order (python-docx repeats merged cells in every position they span)."""
    seen: dict[int, object] = {}  # id -> element; holding the element keeps its id from being reused
    cells = []
    for row in table.rows:
        for cell in row_cells(row):
            if id(cell._tc) not in seen:
                seen[id(cell._tc)] = cell._tc
                cells.append(cell)
    return cells


def is_layout_table(table: DocxTable) -> bool:
    """A table used for layout: a cell holds another table, or most cells hold prose."""
    cells = unique_cells(table)
    if any(cell._tc.find(".//" + qn("w:tbl")) is not None for cell in cells):
        return True
    lengths = [len(text) for text in map(cell_text, cells) if text]
    return 2 * sum(length > LONG_CELL for length in lengths) >= len(lengths) > 0


def cell_text(cell: _Cell) -> str:
    """The cell's paragraphs joined without separator; line breaks inside them vanish too."""
    text = "\n".join(paragraph_text(p) for p in cell._tc.iterchildren(qn("w:p")))
    return _WS_RUN.sub(" ", _WS_WITH_BREAK.sub("", text)).strip()


def table_grid(table: DocxTable) -> list[list[str]]:
    """The table as a rectangular grid: each merged cell's text once, top-left; "" where it spans."""
    seen: dict[int, object] = {}
    lines = []
    for row in table.rows:
        line = [""] * row.grid_cols_before
        for cell in row_cells(row):
            if id(cell._tc) in seen:
                line.append("")
            else:
                seen[id(cell._tc)] = cell._tc
                line.append(cell_text(cell))
        lines.append(line + [""] * row.grid_cols_after)
    width = max((len(line) for line in lines), default=0)
    lines = [line + [""] * (width - len(line)) for line in lines]
    return [line for line in lines if any(line)]  # all-blank rows say nothing
