"""Paragraph → section-heading classifier (spaCy textcat) and a SectionFinder built on it.

Labels are the section keys plus ``none``. Paragraphs longer than the config's ``max_chars`` are never
headings and are not shown to the model. The rule baseline is the lead's
:class:`gkextract.sections.RuleSectionFinder`; :func:`rule_paragraph_labels` puts it on the same footing.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from ..document import Document
from ..paths import CONFIGS
from ..record import Section
from .spacy_text import SpacyTextClassifier

SECTIONS_CFG = CONFIGS / "spacy" / "sections.cfg"


def _labels() -> list[str]:
    from ..corpus import SECTION_LABELS

    return list(SECTION_LABELS)


class SpacyParagraphClassifier:
    """``fit(texts, labels)``, ``predict(texts) -> labels``; long paragraphs are ``none`` without asking."""

    def __init__(self, config_path: Path | str = SECTIONS_CFG, seed: int = 0):
        self.model = SpacyTextClassifier(config_path, _labels(), seed=seed)

    @property
    def max_chars(self) -> int:
        return int(self.model.params.get("max_chars", 60))

    def fit(self, texts: Sequence[str], labels: Sequence[str], epochs: Optional[int] = None
            ) -> "SpacyParagraphClassifier":
        keep = [(t, y) for t, y in zip(texts, labels) if len(t.strip()) <= self.max_chars]
        cats = [{lab: float(lab == y) for lab in self.model.labels} for _, y in keep]
        self.model.fit([t for t, _ in keep], cats, epochs=epochs)
        return self

    def predict(self, texts: Sequence[str]) -> list[str]:
        short = [i for i, t in enumerate(texts) if len(t.strip()) <= self.max_chars]
        out = ["none"] * len(texts)
        for i, cats in zip(short, self.model.scores([texts[i].strip() for i in short])):
            out[i] = max(cats, key=cats.get)
        return out

    def save(self, path: Path | str, meta: Optional[dict] = None) -> None:
        self.model.save(path, meta)

    @classmethod
    def load(cls, path: Path | str) -> "SpacyParagraphClassifier":
        obj = cls.__new__(cls)
        obj.model = SpacyTextClassifier.load(path)
        return obj


class ModelSectionFinder:
    """SectionFinder (``find(doc) -> list[Section]``) from a paragraph classifier's heading labels."""

    def __init__(self, classifier: SpacyParagraphClassifier):
        self.classifier = classifier

    def find(self, doc: Document) -> list[Section]:
        tables = doc.spans.get("tables", [])  # set by the pipeline's tables step: numbered table rows
        paras = [p for p in doc.paragraphs() if not any(a <= p.start < b for a, b in tables)]
        labels = self.classifier.predict([p.text for p in paras])
        heads = [(p, lab) for p, lab in zip(paras, labels) if lab != "none"]
        out = []
        for i, (p, lab) in enumerate(heads):
            end = heads[i + 1][0].start if i + 1 < len(heads) else len(doc.text)
            out.append(Section(key=lab, title=p.text.strip(), start=p.start, end=end))
        return out


def rule_paragraph_labels(doc: Document) -> list[str]:
    """The rule baseline's label for every paragraph of ``doc`` (heading key or ``none``)."""
    from ..sections import RuleSectionFinder

    heads = {s.start: s.key for s in RuleSectionFinder().find(doc)}
    return [heads.get(p.start, "none") for p in doc.paragraphs()]


def finder_paragraph_labels(classifier: SpacyParagraphClassifier, doc: Document) -> list[str]:
    """The label :class:`ModelSectionFinder` gives every paragraph of ``doc`` (heading key or ``none``)."""
    heads = {s.start: s.key for s in ModelSectionFinder(classifier).find(doc)}
    return [heads.get(p.start, "none") for p in doc.paragraphs()]
