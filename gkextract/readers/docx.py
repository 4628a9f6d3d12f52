"""DOCX reader: Word/WPS documents to a Document, paragraphs and tables in body order.

The main document part is read straight from the zip with lxml (python-docx's object layer is slow on
report-sized tables); the body's XML children (w:p, w:tbl, content controls) give the order.
A merged cell (gridSpan across, vMerge down) appears once, top-left, "" in the positions it covers, so
every row of a grid has the same width; Table.origins keeps where each row's distinct cells start. Layout tables (a cell holding another table, or mostly prose) are
walked into instead of being kept as a grid.
"""
from __future__ import annotations

import io
import os
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import lxml.etree

from ..document import IMAGE_LINE, Block, Document, Paragraph, Table
from ..errors import ReadError
from .cells import WS_RUN, clean_cell, drop_blank, mostly_prose

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: legacy .doc, or an encrypted OOXML file
# Encrypted OOXML is an OLE container holding these streams (names are stored as UTF-16LE).
ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
CORRUPT = "not a valid DOCX (corrupt or encrypted)"
NOT_WORD = "not a valid DOCX (a zip archive, but not a Word document)"
LEGACY_DOC = "legacy .doc is not supported; save as .docx"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def qn(tag: str) -> str:
    """``w:p`` → ``{namespace}p``."""
    prefix, _, local = tag.partition(":")
    assert prefix == "w", tag
    return f"{{{W_NS}}}{local}"


W_P, W_R, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:r"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML, W_BODY = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:body")
W_DEL, W_MOVE_FROM = qn("w:del"), qn("w:moveFrom")
W_T, W_TAB, W_PTAB, W_BR, W_CR, W_NB_HYPHEN = (qn("w:t"), qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr"),
                                              qn("w:noBreakHyphen"))
W_TC_PR, W_TR_PR, W_GRID_SPAN, W_V_MERGE = qn("w:tcPr"), qn("w:trPr"), qn("w:gridSpan"), qn("w:vMerge")
W_GRID_BEFORE, W_GRID_AFTER, W_VAL, W_TYPE = qn("w:gridBefore"), qn("w:gridAfter"), qn("w:val"), qn("w:type")

# Elements whose runs Word does not show (tracked deletions), or that are paragraphs of their own
# (text boxes inside a run): a paragraph's text does not descend into them.
_NOT_OWN_TEXT = frozenset((W_DEL, W_MOVE_FROM, W_P))
_RUN_TEXT = {W_TAB: "\t", W_PTAB: "\t", W_CR: "\n", W_NB_HYPHEN: "-"}

# huge_tree: a single text run over 10 MB is valid XML (libxml2 refuses it otherwise); entities stay
# unresolved and every part's size is capped before it is read, so this opens no door to bombs.
_XML_PARSER = lxml.etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True,
                                   huge_tree=True)
# The most a part of the package may hold uncompressed (MB): a zip bomb is refused before it is inflated.
MAX_PART_MB = int(os.environ.get("GKEXTRACT_MAX_DOCX_PART_MB", "200"))


class _TooLarge(Exception):
    def __init__(self, name: str, size: int):
        self.reason = (f"DOCX part {name} is {size / 2**20:,.0f} MB uncompressed, over the "
                       f"{MAX_PART_MB} MB limit (a zip bomb, or set GKEXTRACT_MAX_DOCX_PART_MB)")


def read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part's bytes, refused by its declared size and again while inflating, before it fills memory."""
    cap = MAX_PART_MB * 2**20
    info = archive.getinfo(name)
    if info.file_size > cap:
        raise _TooLarge(name, info.file_size)
    with archive.open(info) as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise _TooLarge(name, len(data))
    return data


def read_docx(path: Path, raw: bytes, sha256: str) -> Document:
    """Read a .docx report into paragraphs (one per visual line) and table grids, in body order."""
    body = open_docx(path, raw)
    return Document.build(str(path), "docx", sha256, list(iter_blocks(body)))


def open_docx(path: Path, raw: bytes) -> lxml.etree._Element:
    """The w:body element of the main document part, or a ReadError saying why the bytes are not one."""
    if raw.startswith(OLE_MAGIC):
        encrypted = any(stream in raw for stream in ENCRYPTION_STREAMS)
        raise ReadError(path, CORRUPT if encrypted else LEGACY_DOC)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                raise ReadError(path, NOT_WORD)
            part = _main_part(archive)
            if part is None or part not in names:
                raise ReadError(path, CORRUPT)
            if not _is_word_main(_content_type(archive, part)):
                raise ReadError(path, NOT_WORD)
            root = lxml.etree.fromstring(read_part(archive, part), _XML_PARSER)
    except _TooLarge as e:
        raise ReadError(path, e.reason) from None
    except lxml.etree.XMLSyntaxError as e:
        if "depth" in str(e).lower():
            raise ReadError(path, "DOCX document XML nested too deeply to read (over 2,048 levels)") from None
        raise ReadError(path, CORRUPT) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, ValueError, NotImplementedError):
        raise ReadError(path, CORRUPT) from None
    body = root.find(W_BODY)
    if body is None:
        raise ReadError(path, NOT_WORD)
    return body


def _main_part(archive: zipfile.ZipFile) -> Optional[str]:
    """The zip name of the package's main part (the officeDocument relationship of /_rels/.rels)."""
    rels = lxml.etree.fromstring(read_part(archive, "_rels/.rels"), _XML_PARSER)
    for rel in rels.iter(f"{{{_PKG_RELS_NS}}}Relationship"):
        if rel.get("Type") == _OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            return posixpath.normpath(rel.get("Target", "").lstrip("/"))
    return None


def _content_type(archive: zipfile.ZipFile, part: str) -> str:
    types = lxml.etree.fromstring(read_part(archive, "[Content_Types].xml"), _XML_PARSER)
    for override in types.iter(f"{{{_CT_NS}}}Override"):
        if override.get("PartName", "").lstrip("/").lower() == part.lower():
            return override.get("ContentType", "")
    ext = part.rpartition(".")[2].lower()
    for default in types.iter(f"{{{_CT_NS}}}Default"):
        if default.get("Extension", "").lower() == ext:
            return default.get("ContentType", "")
    return ""


def _is_word_main(content_type: str) -> bool:
    """A Word document, macro-enabled document or template main part (not a sheet or a deck)."""
    ct = content_type.lower()
    return ct.endswith("main+xml") and ("wordprocessingml" in ct or "ms-word" in ct)


# ---------------------------------------------------------------------------------------------- blocks

def iter_blocks(container: lxml.etree._Element) -> Iterator[Block]:
    """Paragraphs and tables of a body or cell element, in document order."""
    for child in container:
        tag = child.tag
        if tag == W_P:
            yield from paragraph_lines(child)
        elif tag == W_TBL:
            yield from table_blocks(child)
        elif tag in (W_SDT, W_CUSTOM_XML):  # content controls wrap ordinary blocks
            content = child.find(W_SDT_CONTENT)
            yield from iter_blocks(content if content is not None else child)


def paragraph_text(p: lxml.etree._Element) -> str:
    """The text Word shows for a paragraph (tabs as \\t, line breaks as \\n).

    Reads the runs inside tracked insertions, hyperlinks, smart tags, fields and inline content controls,
    but not tracked deletions, nor the runs of text boxes (their own nested paragraphs).
    """
    out: list[str] = []
    _collect_runs(p, out)
    return "".join(out)


def _collect_runs(element: lxml.etree._Element, out: list[str]) -> None:
    stack = [iter(element)]  # an explicit stack, not recursion: wrappers may nest deeply
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag == W_R:
            for item in child:
                kind = item.tag
                if kind == W_T:
                    out.append(item.text or "")
                elif kind == W_BR:
                    # a line break; page and column breaks are not text
                    out.append("\n" if item.get(W_TYPE, "textWrapping") == "textWrapping" else "")
                elif kind in _RUN_TEXT:
                    out.append(_RUN_TEXT[kind])
        elif tag not in _NOT_OWN_TEXT and isinstance(tag, str):
            stack.append(iter(child))


# a picture in a paragraph: DrawingML (a:blip) or VML (v:imagedata)
_PICTURE = ("{http://schemas.openxmlformats.org/drawingml/2006/main}blip", "{urn:schemas-microsoft-com:vml}imagedata")


def paragraph_lines(p: lxml.etree._Element) -> Iterator[Paragraph]:
    """One Paragraph per visual line: a soft line break starts a new one; a picture is a line of its own
    (``IMAGE_LINE``)."""
    for line in paragraph_text(p).split("\n"):
        text = WS_RUN.sub(" ", line).strip()
        if text:
            yield Paragraph(text)
    if any(next(p.iter(tag), None) is not None for tag in _PICTURE):
        yield Paragraph(IMAGE_LINE)


# ---------------------------------------------------------------------------------------------- tables

@dataclass
class _Row:
    cells: list[lxml.etree._Element]  # the cell at each grid position it covers (the same one repeated)
    before: int                       # empty grid positions before the first cell (w:gridBefore)
    after: int                        # ... and after the last one (w:gridAfter)


def table_blocks(tbl: lxml.etree._Element) -> Iterator[Block]:
    """A data table as one grid; a layout table as the blocks inside its cells."""
    rows = table_rows(tbl)
    cells = unique_cells(rows)
    texts = {id(tc): cell_text(tc) for tc in cells}
    if is_layout_table(cells, texts):
        for tc in cells:
            yield from iter_blocks(tc)
        return
    grid, origins = table_cells(rows, texts)
    if grid:
        yield Table(grid, origins=origins)


def _int_val(parent: Optional[lxml.etree._Element], tag: str, default: int) -> int:
    element = parent.find(tag) if parent is not None else None
    if element is None:
        return default
    try:
        return int(element.get(W_VAL, default))
    except ValueError:
        return default


def table_rows(tbl: lxml.etree._Element) -> list[_Row]:
    """Each w:tr's cells by grid position. A vMerge "continue" cell stands for the cell it continues in
    the row above (the one starting at the same grid column); a malformed one with nothing there makes
    each w:tc of its row stand for itself (its text is usually "")."""
    rows: list[_Row] = []
    above: dict[int, Optional[lxml.etree._Element]] = {}  # grid column -> root cell starting there
    for tr in tbl.iterchildren(W_TR):
        tr_pr = tr.find(W_TR_PR)
        before = max(_int_val(tr_pr, W_GRID_BEFORE, 0), 0)
        after = max(_int_val(tr_pr, W_GRID_AFTER, 0), 0)
        starts: dict[int, Optional[lxml.etree._Element]] = {}
        own: list[tuple[lxml.etree._Element, int]] = []
        roots: list[Optional[lxml.etree._Element]] = []
        offset = before
        for tc in tr.iterchildren(W_TC):
            tc_pr = tc.find(W_TC_PR)
            span = max(_int_val(tc_pr, W_GRID_SPAN, 1), 1)
            merge = tc_pr.find(W_V_MERGE) if tc_pr is not None else None
            if merge is not None and merge.get(W_VAL, "continue") == "continue":
                root = above.get(offset)  # None: nothing above to continue
            else:
                root = tc
            starts[offset] = root
            own.append((tc, span))
            roots.append(root)
            offset += span
        if all(root is not None for root in roots):
            cells = [root for root, (_, span) in zip(roots, own) for _ in range(span)]
        else:
            cells = [tc for tc, span in own for _ in range(span)]
        rows.append(_Row(cells, before, after))
        above = starts
    return rows


def unique_cells(rows: list[_Row]) -> list[lxml.etree._Element]:
    """Each real cell once, in row order (a merged cell covers several grid positions)."""
    seen: set[int] = set()
    cells = []
    for row in rows:
        for tc in row.cells:
            if id(tc) not in seen:
                seen.add(id(tc))
                cells.append(tc)
    return cells


def is_layout_table(cells: list[lxml.etree._Element], texts: dict[int, str]) -> bool:
    """A table used for layout: a cell holds another table, or most cells hold prose."""
    if any(next(tc.iter(W_TBL), None) is not None for tc in cells):
        return True
    return mostly_prose(texts[id(tc)] for tc in cells)


def cell_text(tc: lxml.etree._Element) -> str:
    """The cell's paragraphs joined without separator; line breaks inside them vanish too."""
    text = "\n".join(paragraph_text(p) for p in tc.iterchildren(W_P))
    return clean_cell(text)


def table_grid(rows: list[_Row], texts: dict[int, str]) -> list[list[str]]:
    """The table as a rectangular grid: each merged cell's text once, top-left; "" where it spans."""
    return table_cells(rows, texts)[0]


def table_cells(rows: list[_Row], texts: dict[int, str]) -> tuple[list[list[str]], list[list[bool]]]:
    """The grid (as ``table_grid``) and, per row, where that row's distinct cells start (``Table.origins``;
    a gridSpan or a vMerge continuation is one cell, gridBefore/gridAfter positions none)."""
    seen: set[int] = set()
    lines, origins = [], []
    for row in rows:
        line = [""] * row.before
        starts = [False] * row.before
        previous = None
        for tc in row.cells:
            starts.append(tc is not previous)
            previous = tc
            if id(tc) in seen:
                line.append("")
            else:
                seen.add(id(tc))
                line.append(texts[id(tc)])
        lines.append(line + [""] * row.after)
        origins.append(starts + [False] * row.after)
    width = max((len(line) for line in lines), default=0)
    lines = [line + [""] * (width - len(line)) for line in lines]
    origins = [starts + [False] * (width - len(starts)) for starts in origins]
    return drop_blank(lines, origins)
