"""Figure taggers trained on character BIO tags: the shared span → Figure step and a CRF.

A sequence tagger answers ``predict_tags(texts) -> list[list[str]]`` (one tag per character);
:class:`SequenceFigureTagger` turns that into ``tag(doc) -> list[Figure]`` over the document's prose
blocks (the same blocks the rule baseline reads), reading value and unit with the rule package's number
parser.
"""
from __future__ import annotations

import pickle
from pathlib import Path
from typing import Optional, Sequence

import yaml

from ..document import Document
from ..paths import CONFIGS
from ..record import FIGURE_LABELS, Figure

CRF_CONFIG = CONFIGS / "figures" / "crf.yaml"


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of each entity in a BIO sequence; a stray I- starts an entity."""
    spans, start, label = [], None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and tag[2:] != label):
            if start is not None:
                spans.append((start, i, label))
                start, label = None, None
            if tag != "O":
                start, label = i, tag[2:]
    return spans


def spans_to_tags(length: int, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * length
    for s, e, lab in spans:
        if 0 <= s < e <= length:
            tags[s] = f"B-{lab}"
            for k in range(s + 1, e):
                tags[k] = f"I-{lab}"
    return tags


def span_figure(text: str, label: str, start: Optional[int] = None) -> Optional[Figure]:
    """The Figure a tagged span states: its last number (with unit) read by the rule package's parser."""
    from ..figures.rules import find_numbers

    if label not in FIGURE_LABELS:
        return None
    mentions = find_numbers(text)
    if not mentions:
        import re

        m = re.search(r"(\d+(?:\.\d+)?)\s*%?\s*$", text)
        if not m:
            return None
        value = float(m.group(1)) if "." in m.group(1) else int(m.group(1))
        unit = "%" if text.rstrip().endswith("%") else None
    else:
        value, unit = mentions[-1].value, mentions[-1].unit
    fig = Figure(label=label, value=value, unit=unit, text=text.strip())
    if start is not None:
        fig.start, fig.end = start, start + len(text)
    return fig


class SequenceFigureTagger:
    """Base: subclasses implement ``predict_tags``; ``tag(doc)`` reads the prose blocks."""

    name = "sequence"

    def predict_tags(self, texts: Sequence[str]) -> list[list[str]]:  # pragma: no cover - interface
        raise NotImplementedError

    def tag_texts(self, texts: Sequence[str], offsets: Optional[Sequence[int]] = None) -> list[list[Figure]]:
        out = []
        for i, (text, tags) in enumerate(zip(texts, self.predict_tags(texts))):
            figs = []
            for s, e, lab in bio_spans(tags):
                fig = span_figure(text[s:e], lab, None if offsets is None else offsets[i] + s)
                if fig is not None:
                    figs.append(fig)
            out.append(figs)
        return out

    def tag(self, doc: Document) -> list[Figure]:
        from ..figures import prose_blocks

        blocks = prose_blocks(doc)
        per_block = self.tag_texts([t for t, _ in blocks], [o for _, o in blocks])
        return [f for figs in per_block for f in figs]


# ------------------------------------------------------------------ CRF

def _char_class(ch: str) -> str:
    if ch.isdigit():
        return "D"
    if ch in "零〇一二三四五六七八九十百千万两":
        return "N"
    if ch in "，,。；;：:、（）()%％":
        return "P" + ch
    if "\u4e00" <= ch <= "\u9fff":
        return "C"
    if ch.isspace():
        return "S"
    return "X"


def char_features(text: str, window: int = 3) -> list[dict]:
    """Per character: itself, its class, and the characters/bigrams around it."""
    feats = []
    n = len(text)
    for i, ch in enumerate(text):
        f = {"bias": 1.0, "c": ch, "k": _char_class(ch)}
        for d in range(1, window + 1):
            if i - d >= 0:
                f[f"c-{d}"] = text[i - d]
                f[f"k-{d}"] = _char_class(text[i - d])
            if i + d < n:
                f[f"c+{d}"] = text[i + d]
                f[f"k+{d}"] = _char_class(text[i + d])
        if i >= 1:
            f["b-1"] = text[i - 1:i + 1]
        if i + 1 < n:
            f["b+1"] = text[i:i + 2]
        # distance to the next digit (numbers end the figure span)
        nxt = next((j - i for j in range(i, min(n, i + 25)) if text[j].isdigit()), 99)
        f["next_digit"] = str(min(nxt, 25) // 5)
        feats.append(f)
    return feats


def rule_tags(texts: Sequence[str]) -> list[list[str]]:
    """The rule baseline's character BIO tags for each text (its figures' spans)."""
    from ..figures import tag_text

    out = []
    for t in texts:
        spans = [(f.start, f.end, f.label) for f in tag_text(t, offset=0) if f.start is not None]
        out.append(spans_to_tags(len(t), spans))
    return out


def number_marks(text: str) -> list[str]:
    """Per character: ``N`` inside a number with a counting unit (as the rules read numbers), ``U`` in
    its unit, ``O`` elsewhere. Offsets are mapped back from the rules' normalised text."""
    from ..figures.rules import NormalText, find_numbers

    marks = ["O"] * len(text)
    normal = NormalText.of(text)
    for m in find_numbers(normal.text):
        for k in range(m.start, m.end):
            if k < len(normal.origin):
                ch = normal.text[k]
                numeral = ch.isdigit() or ch in "零〇一二两三四五六七八九十百千万.,"
                marks[normal.origin[k]] = "N" if numeral else "U"
    return marks


def stacked_features(text: str, window: int = 3, rules: Optional[Sequence[str]] = None) -> list[dict]:
    """:func:`char_features` plus what the rule baseline says: its BIO tag at and around each character
    (``r``, ``r-1``…), its label alone, and the number/unit marks — so the CRF learns where to trust the
    rules and where to correct or extend them."""
    feats = char_features(text, window)
    rules = list(rules) if rules is not None else rule_tags([text])[0]
    marks = number_marks(text)
    n = len(text)
    for i, f in enumerate(feats):
        f["r"] = rules[i]
        f["rl"] = rules[i][2:] if rules[i] != "O" else "O"
        f["m"] = marks[i]
        for d in (1, 2):
            if i - d >= 0:
                f[f"r-{d}"] = rules[i - d]
                f[f"m-{d}"] = marks[i - d]
            if i + d < n:
                f[f"r+{d}"] = rules[i + d]
                f[f"m+{d}"] = marks[i + d]
        f["r|c"] = f"{rules[i][:1]}|{text[i]}"
    return feats


class CrfFigureTagger(SequenceFigureTagger):
    """Linear-chain CRF over character features (sklearn-crfsuite).

    Parameters (defaults from configs/figures/crf.yaml): ``c1``, ``c2`` (L1/L2), ``max_iterations``,
    ``window`` (context characters each side), ``stack_rules`` (also give it the rule baseline's tags and
    number marks as features: :func:`stacked_features`).
    """

    name = "crf"

    def __init__(self, c1: float = 0.05, c2: float = 0.05, max_iterations: int = 100, window: int = 3,
                 stack_rules: bool = False):
        self.c1, self.c2, self.max_iterations, self.window = c1, c2, max_iterations, window
        self.stack_rules = stack_rules
        self.crf = None

    def features(self, text: str) -> list[dict]:
        return stacked_features(text, self.window) if self.stack_rules else char_features(text, self.window)

    @classmethod
    def from_config(cls, path: Path | str = CRF_CONFIG, **overrides) -> "CrfFigureTagger":
        """The tagger crf.yaml describes, with ``overrides`` of its parameters."""
        return cls(**{**(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}), **overrides})

    def fit(self, texts: Sequence[str], tags: Sequence[Sequence[str]]) -> "CrfFigureTagger":
        import sklearn_crfsuite

        self.crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=self.c1, c2=self.c2,
                                        max_iterations=self.max_iterations, all_possible_transitions=True)
        self.crf.fit([self.features(t) for t in texts], [list(t) for t in tags])
        return self

    def predict_tags(self, texts: Sequence[str]) -> list[list[str]]:
        if self.crf is None:
            raise RuntimeError("model not trained or loaded")
        return [list(p) for p in self.crf.predict([self.features(t) for t in texts])]

    def save(self, path: Path | str) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        with open(path / "crf.pkl", "wb") as fh:
            pickle.dump({"params": {"c1": self.c1, "c2": self.c2, "max_iterations": self.max_iterations,
                                    "window": self.window, "stack_rules": self.stack_rules},
                         "crf": self.crf}, fh)

    @classmethod
    def load(cls, path: Path | str) -> "CrfFigureTagger":
        with open(Path(path) / "crf.pkl", "rb") as fh:
            data = pickle.load(fh)
        obj = cls(**data["params"])
        obj.crf = data["crf"]
        return obj
