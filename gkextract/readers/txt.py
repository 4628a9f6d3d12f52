"""Plain-text reports. Layouts seen in real copies:

- tab-per-cell (Word "save as text"): each table cell a line starting with a tab, rows separated by blank
  lines, a wrapped cell continuing on an untabbed line (``\\t本年新`` / ``制作数量``);
- pipe rows (``行政处罚 | 0 | ||``), ragged, sometimes misaligned across lines;
- plain one-cell-per-line or space-separated rows (text copied out of a PDF): paragraphs here, the table
  engine reads them as a stream;
- scraped page text: a metadata header (kept as ``Document.fields``) and the body on one line, cut at its
  headings (readers/normalise.py).
"""
from __future__ import annotations

import re
from pathlib import Path

from ..document import Block, Document, Paragraph, Table
from .encoding import decode
from .normalise import split_body, split_header

_ARTEFACTS = re.compile(r"\[bookmark:[^\]]*\]|\[image:[^\]]*\]")
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]")


def read_txt(path: Path, raw: bytes, sha256: str) -> Document:
    text = decode(path, raw)
    text = _ARTEFACTS.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", ""))
    fields, lines = split_header(text.split("\n"))
    lines = split_body(lines, fields)
    doc = Document.build(str(path), "txt", sha256, parse_lines(lines))
    doc.fields = fields
    return doc


def parse_lines(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            table, i = _tab_table(lines, i)
            blocks.append(table)
        elif "|" in line:
            table, i = _pipe_table(lines, i)
            blocks.append(table)
        else:
            if line.strip():
                blocks.append(Paragraph(line.strip().replace("\u3000", " ").strip()))
            i += 1
    return blocks


def _tab_table(lines: list[str], i: int) -> tuple[Table, int]:
    rows: list[list[str]] = []
    row: list[str] = []
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            row.append(line[1:].strip())
        elif not line.strip():
            if row:
                rows.append(row)
                row = []
            # a blank line ends the table unless more tabbed rows follow
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j >= len(lines) or not lines[j].startswith("\t"):
                i = j
                break
        elif row and not _HEADING.match(line):
            row[-1] += line.strip()  # a cell wrapped onto an untabbed line
        else:
            break
        i += 1
    if row:
        rows.append(row)
    return Table(rows), i


def _pipe_table(lines: list[str], i: int) -> tuple[Table, int]:
    rows: list[list[str]] = []
    while i < len(lines) and "|" in lines[i]:
        cells = [c.strip() for c in lines[i].split("|")]
        # pipe rows are ragged: empty cells at the end (``0 | ||``) are padding, not positions, so a row
        # keeps its cells up to the last filled one and the engine reads values from the label onwards
        while cells and not cells[-1]:
            cells.pop()
        rows.append(cells)
        i += 1
    return Table(rows), i
