"""Figure candidate classifier: every number the prose writes gets a label or ``NONE`` (issue: one more
learned design for figures, models/EVALUATION.md).

A candidate is one number mention found by :data:`gkextract.figures.numbers.NUMBER` in a prose block
(normalised as the rules read it, ``NormalText``), with its value (``万``/``亿`` multipliers and ``百余``
read as the rules read them) and the counting unit right after it (the unit list is data:
configs/figures/rules.yaml ``units``). A scikit-learn linear model (logistic regression or a linear SVM,
explicit parameters) labels each candidate from sparse features:

- jieba words and character 1–3-grams of the left clause window (clause start → number), the words of the
  sentence before that clause, the characters just before the number and the few right after its unit;
- the unit, the number's form (Arabic/Chinese, decimal, magnitude, year-like), its position in its clause
  and sentence, and marker words of its clause/sentence (其中, 累计, 同比, 共计, …);
- optionally (``rule_feature``) the rule tagger's label for that number and for the previous one.

A figure's ``text`` is the rule tagger's span when the rules found that number, else its clause up to the
unit; the score is (label, value), so spans matter less. ``fit(texts, tags, complete)`` takes character BIO
rows as the other taggers do (a candidate is labelled when it is the last number inside a gold span);
``complete[i]`` False (distant rows, partly labelled) keeps only that row's labelled candidates.
"""
from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from ..document import Document
from ..record import FIGURE_LABELS, Figure

NONE = "NONE"
_CLAUSE_END = "，,；;。！？!?\n"
_SENTENCE_END = "。！？!?；;\n"
# words whose presence in a clause or sentence changes what a number counts (breakdowns, totals, changes)
MARKERS = ("其中", "累计", "同比", "共计", "合计", "总计", "共", "包括", "含", "较", "增长", "下降", "减少",
           "增加", "比", "占", "此外", "另外", "分别", "主要", "全年", "本年")


@dataclass
class Candidate:
    start: int            # the number, in the normalised text
    num_end: int
    end: int              # after its unit (== num_end when none)
    value: float | int
    unit: Optional[str]
    chinese: bool


@lru_cache(maxsize=1)
def _unit_re():
    from ..figures.rules import UNITS

    return re.compile(r"(?P<approx>余|多)?(?P<mult>万|亿)?(?P<unit>" + "|".join(map(re.escape, UNITS)) + ")")


def find_candidates(text: str) -> list[Candidate]:
    """One candidate per number mention of a normalised text (years and dates included: the model learns
    to say NONE to them)."""
    from ..figures.numbers import NUMBER, parse_arabic, parse_chinese
    from ..figures.rules import _round_count
    from ..text import MAX_DIGITS

    unit_re = _unit_re()
    out: list[Candidate] = []
    for m in NUMBER.finditer(text):
        start, end = m.span()
        if out and start < out[-1].end:
            continue   # the 万 of 1.2万条, read with its number
        unit_m = unit_re.match(text, end)
        mult = unit_m["mult"] if unit_m else (text[end:end + 1] if text[end:end + 1] in ("万", "亿") else "")
        unit = unit_m["unit"] if unit_m else None
        if m["ar"]:
            if len(m["ar"].replace(",", "").partition(".")[0]) > MAX_DIGITS:
                continue
            if unit == "元" and mult:
                unit, mult = mult + "元", ""   # 12.5万元: the value in 万元, as the rules and gold write it
            value = parse_arabic(m["ar"], mult or "")
        else:
            value = parse_chinese(m["cn"]) or _round_count(m["cn"], text[max(0, start - 2):start], text[end:end + 1])
            if value is None:
                continue
            if unit_m and unit_m["mult"]:
                value = value * (10000 if unit_m["mult"] == "万" else 100000000)
        stop = unit_m.end() if unit_m else end + (1 if mult and not unit_m else 0)
        out.append(Candidate(start, end, stop, value, unit, bool(m["cn"])))
    return out


def _ngrams(s: str, prefix: str, n_max: int = 3) -> dict:
    f = {}
    for n in range(1, n_max + 1):
        for i in range(len(s) - n + 1):
            f[f"{prefix}{n}={s[i:i + n]}"] = 1.0
    return f


def _words(s: str) -> list[str]:
    import jieba

    return [w for w in jieba.lcut(s) if w.strip()]


def candidate_features(text: str, cands: Sequence[Candidate], rule_labels: Optional[Sequence[str]] = None,
                       window: int = 20, right: int = 4) -> list[dict]:
    """Sparse features of every candidate of one normalised text (see the module docstring)."""
    feats = []
    for i, c in enumerate(cands):
        clause_start = max(text.rfind(ch, 0, c.start) for ch in _CLAUSE_END) + 1
        sent_start = max(text.rfind(ch, 0, c.start) for ch in _SENTENCE_END) + 1
        left = text[clause_start:c.start][-window:]
        near = left[-4:]
        before = text[max(sent_start, clause_start - 30):clause_start]
        after = text[c.end:c.end + right]
        f = {"bias": 1.0, "unit=" + (c.unit or "-"): 1.0, "form=" + ("cn" if c.chinese else "ar"): 1.0}
        f.update(_ngrams(left, "l"))
        f.update(_ngrams(near, "n", 2))
        f.update(_ngrams(after, "r", 2))
        for w in _words(left):
            f["w=" + w] = 1.0
        for w in _words(left[-6:]):
            f["wn=" + w] = 1.0
        for w in _words(before):
            f["ws=" + w] = 1.0
        f["p1=" + text[c.start - 1:c.start]] = 1.0
        f["a1=" + text[c.num_end:c.num_end + 1]] = 1.0
        num = text[c.start:c.num_end]
        f["decimal"] = float("." in num)
        try:
            mag = int(math.log10(abs(float(c.value)) + 1))
        except (TypeError, ValueError):
            mag = -1
        f[f"mag={min(mag, 6)}"] = 1.0
        f["yearlike"] = float(bool(re.fullmatch(r"(19|20)\d\d", num)) and text[c.num_end:c.num_end + 1] in "年-./")
        f["left_empty"] = float(not left.strip())
        in_clause = sum(1 for d in cands[:i] if d.start >= clause_start)
        in_sent = sum(1 for d in cands[:i] if d.start >= sent_start)
        f[f"pos_clause={min(in_clause, 3)}"] = 1.0
        f[f"pos_sent={min(in_sent, 5)}"] = 1.0
        f[f"clause_len={min(len(text[clause_start:c.start]) // 8, 5)}"] = 1.0
        clause = text[clause_start:text_end(text, c.end)]
        sentence = text[sent_start:c.start]
        for mk in MARKERS:
            if mk in clause:
                f["cm=" + mk] = 1.0
            if mk in sentence:
                f["sm=" + mk] = 1.0
        if rule_labels is not None:
            f["rule=" + rule_labels[i]] = 1.0
            f["rule_prev=" + (rule_labels[i - 1] if i else "-")] = 1.0
            f["rule|unit=" + rule_labels[i] + "|" + (c.unit or "-")] = 1.0
        feats.append(f)
    return feats


def text_end(text: str, pos: int) -> int:
    ends = [text.find(ch, pos) for ch in _CLAUSE_END]
    return min([e for e in ends if e >= 0], default=len(text))


def _rule_figures(text: str, cands: Sequence[Candidate]) -> dict[int, tuple[Figure, int, int]]:
    """Candidate index → (the rules' figure, span start, end) for each number the rule tagger states: the
    last candidate inside its span with its value (else the last inside it)."""
    from ..figures.rules import tag_normalised

    out = {}
    for fig, s, e in tag_normalised(text):
        inside = [i for i, c in enumerate(cands) if s <= c.start < e]
        same = [i for i in inside if _same(cands[i].value, fig.value)]
        pick = (same or inside or [None])[-1]
        if pick is not None:
            out[pick] = (fig, s, e)
    return out


def _same(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return False


class CandidateFigureTagger:
    """Label-or-NONE over number candidates, scikit-learn linear model. Parameters: ``C`` (inverse
    regularisation), ``classifier`` (``logreg`` | ``svm``), ``rule_feature`` (the rule tagger's label of the
    number as a feature), ``window`` (left clause characters), ``right`` (characters after the unit),
    ``class_weight`` (``None`` | ``balanced``), ``seed``."""

    name = "candidates"

    def __init__(self, C: float = 1.0, classifier: str = "logreg", rule_feature: bool = True, window: int = 20,
                 right: int = 4, class_weight: Optional[str] = None, seed: int = 0):
        self.C, self.classifier, self.rule_feature = float(C), classifier, bool(rule_feature)
        self.window, self.right, self.class_weight, self.seed = int(window), int(right), class_weight, seed
        self.dv = self.clf = None
        logging.getLogger("jieba").setLevel(logging.WARNING)

    def params(self) -> dict:
        return {"C": self.C, "classifier": self.classifier, "rule_feature": self.rule_feature,
                "window": self.window, "right": self.right, "class_weight": self.class_weight, "seed": self.seed}

    # ---------------------------------------------------------------- examples

    def _line(self, raw: str):
        """The normalised text, its candidates, their features and the rules' figures by candidate."""
        from ..figures.rules import NormalText

        normal = NormalText.of(raw)
        cands = find_candidates(normal.text)
        rules = _rule_figures(normal.text, cands) if cands else {}
        labels = [rules[i][0].label if i in rules else NONE for i in range(len(cands))] if self.rule_feature \
            else None
        feats = candidate_features(normal.text, cands, labels, self.window, self.right)
        return normal, cands, feats, rules

    def examples(self, raw: str, tags: Sequence[str], complete: bool = True) -> tuple[list[dict], list[str]]:
        """Features and gold labels of a BIO-tagged line's candidates: a gold span's label goes to the last
        candidate starting inside it; the others are NONE (dropped when ``complete`` is False)."""
        from .figures import bio_spans

        normal, cands, feats, _ = self._line(raw)
        spans = bio_spans(tags)
        labels = [NONE] * len(cands)
        for s, e, lab in spans:
            inside = [i for i, c in enumerate(cands) if c.start < len(normal.origin) and s <= normal.origin[c.start] < e]
            if inside and lab in FIGURE_LABELS:
                labels[inside[-1]] = lab
        keep = [i for i in range(len(cands)) if complete or labels[i] != NONE]
        return [feats[i] for i in keep], [labels[i] for i in keep]

    # ---------------------------------------------------------------- fit / predict

    def fit(self, texts: Sequence[str], tags: Sequence[Sequence[str]], complete: Optional[Sequence[bool]] = None,
            weights: Optional[Sequence[float]] = None) -> "CandidateFigureTagger":
        from sklearn.feature_extraction import DictVectorizer

        X, y, w = [], [], []
        for i, (t, tg) in enumerate(zip(texts, tags)):
            f, lab = self.examples(t, tg, True if complete is None else complete[i])
            X += f
            y += lab
            w += [1.0 if weights is None else weights[i]] * len(f)
        self.dv = DictVectorizer()
        M = self.dv.fit_transform(X)
        if self.classifier == "svm":
            from sklearn.svm import LinearSVC

            self.clf = LinearSVC(C=self.C, class_weight=self.class_weight, max_iter=5000, random_state=self.seed)
        else:
            from sklearn.linear_model import LogisticRegression

            self.clf = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000,
                                          random_state=self.seed)
        self.clf.fit(M, y, sample_weight=w)
        self.n_examples_ = len(y)
        return self

    def tag_texts(self, texts: Sequence[str], offsets: Optional[Sequence[int]] = None) -> list[list[Figure]]:
        if self.clf is None:
            raise RuntimeError("model not trained or loaded")
        out = []
        for k, raw in enumerate(texts):
            normal, cands, feats, rules = self._line(raw)
            figs = []
            if cands:
                for i, lab in enumerate(self.clf.predict(self.dv.transform(feats))):
                    if lab == NONE:
                        continue
                    c = cands[i]
                    if i in rules:
                        s, e = rules[i][1], rules[i][2]
                    else:
                        s = max(normal.text.rfind(ch, 0, c.start) for ch in _CLAUSE_END) + 1
                        e = c.end
                    fig = Figure(label=str(lab), value=c.value, unit=c.unit, text=normal.text[s:e].strip())
                    if offsets is not None and normal.origin:
                        fig.start = offsets[k] + normal.origin[s]
                        fig.end = offsets[k] + normal.origin[e - 1] + 1
                    figs.append(fig)
            out.append(figs)
        return out

    def tag(self, doc: Document) -> list[Figure]:
        from ..figures import prose_blocks

        blocks = prose_blocks(doc)
        return [f for figs in self.tag_texts([t for t, _ in blocks], [o for _, o in blocks]) for f in figs]

    # ---------------------------------------------------------------- persistence

    def save(self, path: Path | str, meta: Optional[dict] = None) -> None:
        import json

        import joblib

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        joblib.dump({"params": self.params(), "dv": self.dv, "clf": self.clf}, path / "model.joblib")
        (path / "meta.json").write_text(json.dumps({"kind": "figure-candidates", **self.params(), **(meta or {})},
                                                   ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str) -> "CandidateFigureTagger":
        import joblib

        state = joblib.load(Path(path) / "model.joblib")
        obj = cls(**state["params"])
        obj.dv, obj.clf = state["dv"], state["clf"]
        return obj
