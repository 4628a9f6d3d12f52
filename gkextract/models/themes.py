"""Trained theme classifiers for items: one spaCy textcat_multilabel pipeline per item kind, and the
stacked classifier that ships (the keyword baseline, corrected by the textcat where it is confident).

Same interface as the keyword baseline (:class:`gkextract.items.ThemeClassifier`):
``predict(texts, kind) -> list[list[str]]``.

Why stacked: the generated training text comes from a few phrases per theme, so a textcat alone learns
those phrases and misses the themes of differently worded real items; the keyword lists of
configs/themes.yaml generalise better. The textcat sees the item text plus one token per theme whose
keywords occur (``kwtimeliness``…), and :class:`StackedThemeClassifier` starts from the keyword themes,
adds a theme the textcat scores at least ``add_above`` and drops a keyword theme it scores below
``remove_below``. Both thresholds are calibrated on generated reports whose phrasings the textcat did not
see (:func:`gkextract.models.train.calibrate_themes`), never on real reports.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional, Sequence

from ..items.themes import KINDS, KeywordThemeClassifier, theme_ids
from ..paths import CONFIGS
from .spacy_text import SpacyTextClassifier

THEMES_CFG = CONFIGS / "spacy" / "themes.cfg"
STACK_FILE = "stack.json"
NEVER = 2.0  # a threshold no probability reaches (add_above) ...
ALWAYS_KEEP = -1.0  # ... or always undercuts (remove_below)


def _keywords() -> KeywordThemeClassifier:
    from ..items.extract import default_classifier

    return default_classifier()


def keyword_tokens(text: str, kind: str, keywords: Optional[KeywordThemeClassifier] = None) -> str:
    """The textcat's input: the text, then ``kw<theme>`` for every theme one of whose keywords occurs."""
    hits = (keywords or _keywords()).scores(text, kind)
    return text + " " + " ".join(f"kw{t}" for t, n in hits.items() if n > 0)


class SpacyThemeClassifier:
    """``fit(texts, kinds, themes)``; ``predict(texts, kind)``; ``scores(texts, kind)``.

    ``threshold``: a theme is predicted when its score reaches it; ``fallback_min``: a text with no theme
    over the threshold gets its best theme if that scores at least this (None: read from the config);
    ``keyword_features``: add the keyword-hit tokens of :func:`keyword_tokens` to the text.
    """

    def __init__(self, config_path: Path | str = THEMES_CFG, seed: int = 0, threshold: float = 0.5,
                 fallback_min: Optional[float] = None, keyword_features: bool = False):
        self.config_path = Path(config_path)
        self.seed = seed
        self.threshold = threshold
        self.fallback_min = fallback_min
        self.keyword_features = keyword_features
        self.models: dict[str, SpacyTextClassifier] = {}

    def _inputs(self, texts: Sequence[str], kind: str) -> list[str]:
        if not self.keyword_features:
            return list(texts)
        kw = _keywords()
        return [keyword_tokens(t, kind, kw) for t in texts]

    def fit(self, texts: Sequence[str], kinds: Sequence[str], themes: Sequence[Sequence[str]],
            epochs: Optional[int] = None) -> "SpacyThemeClassifier":
        for kind in KINDS:
            ids = theme_ids(kind)
            rows = [(t, set(th)) for t, k, th in zip(texts, kinds, themes) if k == kind]
            if not rows:
                continue
            model = SpacyTextClassifier(self.config_path, ids, seed=self.seed)
            model.fit(self._inputs([t for t, _ in rows], kind), [{i: float(i in th) for i in ids} for _, th in rows],
                      epochs=epochs)
            self.models[kind] = model
        return self

    def _fallback(self, model: SpacyTextClassifier) -> float:
        if self.fallback_min is not None:
            return self.fallback_min
        return float(model.params.get("fallback_min", 1.0))

    def scores(self, texts: Sequence[str], kind: str) -> list[dict[str, float]]:
        """{theme: probability} per text (all zeros when no model was trained for ``kind``)."""
        model = self.models.get(kind)
        if model is None or not texts:
            return [{t: 0.0 for t in theme_ids(kind)} for _ in texts]
        return model.scores(self._inputs(texts, kind))

    def predict(self, texts: Sequence[str], kind: str) -> list[list[str]]:
        ids = theme_ids(kind)
        model = self.models.get(kind)
        if model is None or not texts:
            return [[] for _ in texts]
        floor = self._fallback(model)
        out = []
        for cats in self.scores(texts, kind):
            chosen = {t for t in ids if cats.get(t, 0.0) >= self.threshold}
            if not chosen:
                best = max(ids, key=lambda t: cats.get(t, 0.0))
                if cats.get(best, 0.0) >= floor:
                    chosen = {best}
            out.append([t for t in ids if t in chosen])
        return out

    def save(self, path: Path | str, meta: Optional[dict] = None) -> None:
        path = Path(path)
        for kind, model in self.models.items():
            model.save(path / kind, meta={"threshold": self.threshold, "keyword_features": self.keyword_features,
                                          **(meta or {})})

    @classmethod
    def load(cls, path: Path | str) -> "SpacyThemeClassifier":
        path = Path(path)
        obj = cls()
        for kind in KINDS:
            if (path / kind / "gk_meta.json").exists():
                obj.models[kind] = SpacyTextClassifier.load(path / kind)
                info = json.loads((path / kind / "gk_meta.json").read_text(encoding="utf-8"))
                obj.keyword_features = bool(info.get("keyword_features", False))
                obj.threshold = float(info.get("threshold", obj.threshold))
        if not obj.models:
            raise FileNotFoundError(f"no theme model under {path}")
        return obj


def combine(keyword_themes: Sequence[str], scores: dict[str, float], order: Sequence[str], add_above: float,
            remove_below: float) -> list[str]:
    """Keyword themes, less those the model scores below ``remove_below``, plus those it scores at least
    ``add_above``; in taxonomy order."""
    chosen = {t for t in keyword_themes if scores.get(t, 0.0) >= remove_below}
    chosen |= {t for t in order if scores.get(t, 0.0) >= add_above}
    return [t for t in order if t in chosen]


class StackedThemeClassifier:
    """The keyword baseline corrected by a textcat: see the module docstring. ``predict(texts, kind)``."""

    def __init__(self, textcat: SpacyThemeClassifier, add_above: float = NEVER, remove_below: float = ALWAYS_KEEP,
                 keywords: Optional[KeywordThemeClassifier] = None, calibration: Optional[dict] = None):
        self.textcat = textcat
        self.add_above = add_above
        self.remove_below = remove_below
        self.keywords = keywords or _keywords()
        self.calibration = calibration or {}

    def predict(self, texts: Sequence[str], kind: str) -> list[list[str]]:
        if not texts:
            return []
        order = theme_ids(kind)
        base = self.keywords.predict(texts, kind)
        return [combine(b, s, order, self.add_above, self.remove_below)
                for b, s in zip(base, self.textcat.scores(texts, kind))]

    def save(self, path: Path | str, meta: Optional[dict] = None) -> None:
        path = Path(path)
        self.textcat.save(path, meta)
        (path / STACK_FILE).write_text(json.dumps(
            {"add_above": self.add_above, "remove_below": self.remove_below, "calibration": self.calibration},
            ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str) -> "StackedThemeClassifier":
        path = Path(path)
        info = json.loads((path / STACK_FILE).read_text(encoding="utf-8"))
        return cls(SpacyThemeClassifier.load(path), float(info["add_above"]), float(info["remove_below"]),
                   calibration=info.get("calibration"))


def load_theme_model(path: Path | str):
    """The shipped theme classifier at ``path``: stacked when it has a stack.json, else the textcat."""
    path = Path(path)
    return StackedThemeClassifier.load(path) if (path / STACK_FILE).exists() else SpacyThemeClassifier.load(path)
