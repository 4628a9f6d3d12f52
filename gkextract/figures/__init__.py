"""Figures: the numbers a report's prose states (record.md, Figure), behind one interface.

    from gkextract.figures import RuleFigureTagger, tag_text
    record.figures = RuleFigureTagger().tag(document)
    tag_text("主动公开政府信息121条")   # → [Figure(label="PROACTIVE_TOTAL", value=121, unit="条", ...)]

``RuleFigureTagger`` is the rule baseline a trained tagger must beat; any tagger with ``tag(doc)`` fits.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from ..document import Document, Paragraph, Table
from ..record import Figure
from .rules import tag_text

__all__ = ["FigureTagger", "RuleFigureTagger", "tag_text", "prose_blocks"]


@runtime_checkable
class FigureTagger(Protocol):
    def tag(self, doc: Document) -> list[Figure]:
        ...


def prose_blocks(doc: Document) -> list[tuple[str, int]]:
    """The prose of a document as (text, offset in doc.text): every paragraph, and every table row with
    exactly one non-empty cell (a sentence inside a table)."""
    out: list[tuple[str, int]] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append((block.text, block.start))
        elif isinstance(block, Table):
            pos = block.start
            for row in block.rows:
                line = "\t".join(row)
                filled = [c for c in row if c and c.strip()]
                if len(filled) == 1:
                    cell = filled[0]
                    out.append((cell, pos + line.index(cell)))
                pos += len(line) + 1
    return out


class RuleFigureTagger:
    """Keyword and pattern rules (gkextract/figures/rules.py): the baseline."""

    name = "rules"

    def tag(self, doc: Document) -> list[Figure]:
        figures: list[Figure] = []
        for text, offset in prose_blocks(doc):
            figures.extend(tag_text(text, offset=offset))
        return figures
