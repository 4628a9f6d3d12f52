"""Trained theme classifier for items: one spaCy textcat_multilabel pipeline per item kind.

Same interface as the keyword baseline (:class:`gkextract.items.ThemeClassifier`):
``predict(texts, kind) -> list[list[str]]``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from ..items.themes import KINDS, theme_ids
from ..paths import CONFIGS
from .spacy_text import SpacyTextClassifier

THEMES_CFG = CONFIGS / "spacy" / "themes.cfg"


class SpacyThemeClassifier:
    """``fit(texts, kinds, themes)``; ``predict(texts, kind)``.

    ``threshold``: a theme is predicted when its score reaches it; ``fallback_min``: a text with no theme
    over the threshold gets its best theme if that scores at least this (None: read from the config).
    """

    def __init__(self, config_path: Path | str = THEMES_CFG, seed: int = 0, threshold: float = 0.5,
                 fallback_min: Optional[float] = None):
        self.config_path = Path(config_path)
        self.seed = seed
        self.threshold = threshold
        self.fallback_min = fallback_min
        self.models: dict[str, SpacyTextClassifier] = {}

    def fit(self, texts: Sequence[str], kinds: Sequence[str], themes: Sequence[Sequence[str]],
            epochs: Optional[int] = None) -> "SpacyThemeClassifier":
        for kind in KINDS:
            ids = theme_ids(kind)
            rows = [(t, set(th)) for t, k, th in zip(texts, kinds, themes) if k == kind]
            if not rows:
                continue
            model = SpacyTextClassifier(self.config_path, ids, seed=self.seed)
            model.fit([t for t, _ in rows], [{i: float(i in th) for i in ids} for _, th in rows], epochs=epochs)
            self.models[kind] = model
        return self

    def _fallback(self, model: SpacyTextClassifier) -> float:
        if self.fallback_min is not None:
            return self.fallback_min
        return float(model.params.get("fallback_min", 1.0))

    def predict(self, texts: Sequence[str], kind: str) -> list[list[str]]:
        ids = theme_ids(kind)
        model = self.models.get(kind)
        if model is None or not texts:
            return [[] for _ in texts]
        floor = self._fallback(model)
        out = []
        for cats in model.scores(texts):
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
            model.save(path / kind, meta={"threshold": self.threshold, **(meta or {})})

    @classmethod
    def load(cls, path: Path | str) -> "SpacyThemeClassifier":
        path = Path(path)
        obj = cls()
        for kind in KINDS:
            if (path / kind / "gk_meta.json").exists():
                obj.models[kind] = SpacyTextClassifier.load(path / kind)
        if not obj.models:
            raise FileNotFoundError(f"no theme model under {path}")
        return obj
