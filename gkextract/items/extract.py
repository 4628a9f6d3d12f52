"""Problems and measures of a document: the paragraphs of section ``problems``, segmented and themed."""
from __future__ import annotations

from functools import lru_cache

from typing import Optional, Sequence

from ..document import Document, Paragraph
from ..record import Item, Section
from .segment import MEASURE, PROBLEM, ItemSegmenter, Segment
from .themes import KeywordThemeClassifier, ThemeClassifier, normalise

@lru_cache(maxsize=1)
def default_classifier() -> KeywordThemeClassifier:
    return KeywordThemeClassifier.from_config()


def section_spans(doc: Document, sections: Sequence[Section], key: str) -> list[tuple[int, int]]:
    """(start, end) of each section with ``key``; offsets the sections lack are found from their titles."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    located: list[tuple[Section, int, Optional[int]]] = []
    for s in sections:
        start = s.start
        if start is None:
            at = doc.text.find(s.title, cursor) if s.title else -1
            start = at if at >= 0 else None
        if start is not None:
            cursor = start + 1
        located.append((s, start, s.end))
    for i, (s, start, end) in enumerate(located):
        if s.key != key or start is None:
            continue
        if end is None:
            nxt = [st for _, st, _ in located[i + 1:] if st is not None and st > start]
            end = nxt[0] if nxt else len(doc.text)
        spans.append((start, end))
    return spans


def section_paragraphs(doc: Document, sections: Sequence[Section], key: str = "problems"
                       ) -> list[tuple[str, int]]:
    """(text, start) of the paragraphs inside the ``key`` sections, their heading lines left out."""
    titles = {normalise(s.title) for s in sections if s.key == key and s.title}
    out: list[tuple[str, int]] = []
    for start, end in section_spans(doc, sections, key):
        for block in doc.blocks:
            if not isinstance(block, Paragraph) or block.end <= start or block.start >= end:
                continue
            text = block.text
            if block.start == start or normalise(text) in titles:
                # the heading line; text after it on the same line (PDF joins) still counts
                title = next((s.title for s in sections if s.key == key and s.title
                              and text.startswith(s.title)), None)
                if title is None or len(text) <= len(title):
                    continue
                out.append((text[len(title):], block.start + len(title)))
                continue
            out.append((text, block.start))
    return out


def segment_items(doc: Document, sections: Sequence[Section],
                  segmenter: Optional[ItemSegmenter] = None) -> list[Segment]:
    """Problem and measure segments of section 五, in document order, without themes."""
    return (segmenter or ItemSegmenter()).segment(section_paragraphs(doc, sections, "problems"))


def extract_items(doc: Document, sections: Sequence[Section], themes: Optional[ThemeClassifier] = None,
                  segmenter: Optional[ItemSegmenter] = None) -> tuple[list[Item], list[Item]]:
    """(problems, measures) of a document, each item with its themes.

    ``themes`` defaults to the keyword baseline; pass the classifier from
    :func:`gkextract.models.load_components` to use a trained model.
    """
    segments = segment_items(doc, sections, segmenter)
    classifier = themes or default_classifier()
    result: dict[str, list[Item]] = {}
    for kind in (PROBLEM, MEASURE):
        texts = [s.text for s in segments if s.kind == kind]
        labels = classifier.predict(texts, kind) if texts else []
        result[kind] = [Item(text=t, themes=list(th)) for t, th in zip(texts, labels)]
    return result[PROBLEM], result[MEASURE]
