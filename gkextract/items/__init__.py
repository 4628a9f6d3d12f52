"""Problems and measures (section 五): segmentation into items and theme classification.

``extract_items(doc, sections) -> (problems, measures)`` is the entry point; the theme classifier is
pluggable (keyword baseline here, trained spaCy model in :mod:`gkextract.models`).
"""
from __future__ import annotations

from .extract import extract_items, section_paragraphs, section_spans, segment_items
from .segment import MEASURE, PROBLEM, ItemSegmenter, Segment
from .themes import KeywordThemeClassifier, ThemeClassifier, load_taxonomy, theme_ids

__all__ = [
    "extract_items", "segment_items", "section_paragraphs", "section_spans",
    "ItemSegmenter", "Segment", "PROBLEM", "MEASURE",
    "ThemeClassifier", "KeywordThemeClassifier", "load_taxonomy", "theme_ids",
]
