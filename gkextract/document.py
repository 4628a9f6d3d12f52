"""The normalised document every reader produces and every component reads.

A document is one plain text plus the blocks it was built from: paragraphs (one line of prose each) and
tables (grids of cell strings). Every block knows its character span in ``text``, so anything found in a
block can be reported as an offset into the record's normalised plain text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional, Union


# A picture in the body (a statistics table pasted as an image, typically) stays in the text as a line of
# its own, so that a check can say a table it does not find may be a picture.
IMAGE_LINE = "[图片]"


@dataclass
class Paragraph:
    text: str
    start: int = 0
    end: int = 0


@dataclass
class Table:
    """A grid of cell texts. Blank cells are ``""``; merged cells appear once (top-left), the rest ``""``."""

    rows: list[list[str]]
    start: int = 0
    end: int = 0
    # per row, True at each position where a cell of that row starts (its own, or one spanning down into
    # it): the row's distinct cells, which hand-edited spans can place off the header's columns. None
    # when the reader cannot tell (text, PDF).
    origins: Optional[list[list[bool]]] = None

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Union[Paragraph, Table]


@dataclass
class Document:
    path: str
    format: str  # txt | html | docx | pdf
    sha256: str
    blocks: list[Block] = field(default_factory=list)
    text: str = ""
    # regions later components found, by name (as spaCy's Doc.spans): "tables" → (start, end) offsets of
    # decoded statistical tables, so that a numbered row inside one is not taken for a section heading
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # a scraped page's metadata header (标题, 发布时间, 发布机构 …) by field name: title, date, publisher,
    # doc_number, index, source, column, path (configs/scraped.yaml); its lines are not in ``text``
    fields: dict[str, str] = field(default_factory=dict)
    # 1-based pages read by OCR (scanned PDF pages, images): the record's source.ocr_pages
    ocr_pages: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, path: str, format: str, sha256: str, blocks: list[Block]) -> "Document":
        """Lay the blocks out into one text (paragraph = line, table row = tab-joined line) with offsets."""
        parts: list[str] = []
        pos = 0
        kept: list[Block] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                line = block.text.strip()
                if not line:
                    continue
                chunk = line
                block = Paragraph(line)
            else:
                if not block.rows:
                    continue
                chunk = "\n".join("\t".join(c for c in row) for row in block.rows)
            block.start, block.end = pos, pos + len(chunk)
            parts.append(chunk)
            kept.append(block)
            pos += len(chunk) + 1
        return cls(path=path, format=format, sha256=sha256, blocks=kept, text="\n".join(parts))

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))
