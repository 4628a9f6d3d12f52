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
    finder = classifier if hasattr(classifier, "find") else ModelSectionFinder(classifier)
    heads = {s.start: s.key for s in finder.find(doc)}
    # an inline heading starts inside its paragraph: the paragraph gets its key
    starts = [p.start for p in doc.paragraphs()]
    out = ["none"] * len(starts)
    for st, key in heads.items():
        i = max((j for j, a in enumerate(starts) if a <= st), default=None)
        if i is not None and out[i] == "none":
            out[i] = key
    return out


class CandidateSectionClassifier:
    """Key-or-none over heading candidates (:mod:`gkextract.models.section_candidates`): explicit features
    (numbering style and level, the report's top style, position, length, punctuation, table span, the
    part the title names) plus character 1–3-grams of the title, scikit-learn logistic regression.
    ``fit(pairs)`` takes (Document, gold sections) pairs; ``find(doc)`` is a SectionFinder."""

    def __init__(self, C: float = 4.0, seed: int = 0):
        self.C, self.seed = C, seed
        self.dv = self.tf = self.clf = None

    @staticmethod
    def examples(doc: Document, sections) -> tuple[list, list[str]]:
        from ..corpus import locate_sections
        from .section_candidates import candidates

        gold = {start: s.key for s, start in locate_sections(doc, sections)}
        cands = candidates(doc)
        labels = []
        for c in cands:
            key = gold.get(c.start) or next((k for st, k in gold.items() if abs(st - c.start) <= 3), None)
            labels.append(key or "none")
        return cands, labels

    def _matrix(self, cands, fit: bool = False):
        from scipy.sparse import hstack

        from .section_candidates import text_view

        feats, texts = [c.feats for c in cands], [text_view(c) for c in cands]
        if fit:
            from sklearn.feature_extraction import DictVectorizer
            from sklearn.feature_extraction.text import TfidfVectorizer

            self.dv = DictVectorizer()
            self.tf = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
            return hstack([self.dv.fit_transform(feats), self.tf.fit_transform(texts)]).tocsr()
        return hstack([self.dv.transform(feats), self.tf.transform(texts)]).tocsr()

    def fit(self, pairs, weights: Optional[Sequence[float]] = None) -> "CandidateSectionClassifier":
        from sklearn.linear_model import LogisticRegression

        cands, labels, w = [], [], []
        for i, (doc, sections) in enumerate(pairs):
            cs, ls = self.examples(doc, sections)
            cands += cs
            labels += ls
            w += [weights[i] if weights is not None else 1.0] * len(cs)
        X = self._matrix(cands, fit=True)
        self.clf = LogisticRegression(C=self.C, max_iter=2000, random_state=self.seed)
        self.clf.fit(X, labels, sample_weight=w)
        return self

    def find(self, doc: Document) -> list[Section]:
        from .section_candidates import candidates

        cands = [c for c in candidates(doc)]
        if not cands:
            return []
        keys = self.clf.predict(self._matrix(cands))
        heads = [(c, k) for c, k in zip(cands, keys) if k != "none"]
        out = []
        for i, (c, k) in enumerate(heads):
            end = heads[i + 1][0].start if i + 1 < len(heads) else len(doc.text)
            out.append(Section(key=k, title=c.text, start=c.start, end=end))
        return out

    def save(self, path: Path | str, meta: Optional[dict] = None) -> None:
        import json
        import pickle

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        with open(path / "model.pkl", "wb") as fh:
            pickle.dump({"C": self.C, "seed": self.seed, "dv": self.dv, "tf": self.tf, "clf": self.clf}, fh)
        (path / "meta.json").write_text(json.dumps({"kind": "candidates-logreg", **(meta or {})},
                                                   ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str) -> "CandidateSectionClassifier":
        import pickle

        with open(Path(path) / "model.pkl", "rb") as fh:
            state = pickle.load(fh)
        obj = cls(state["C"], state["seed"])
        obj.dv, obj.tf, obj.clf = state["dv"], state["tf"], state["clf"]
        return obj
