"""Theme classifiers for problem and measure items: one interface, a keyword baseline here.

A classifier answers ``predict(texts, kind) -> list[list[str]]`` where ``kind`` is ``"problem"`` or
``"measure"`` and the themes come from :data:`gkextract.record.PROBLEM_THEMES` / ``MEASURE_THEMES``.
Trained classifiers (gkextract.models.themes) have the same method.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Mapping, Optional, Protocol, Sequence, runtime_checkable

import yaml

from ..paths import CONFIGS
from ..record import MEASURE_THEMES, PROBLEM_THEMES

KINDS = {"problem": PROBLEM_THEMES, "measure": MEASURE_THEMES}
THEMES_CONFIG = CONFIGS / "themes.yaml"


def theme_ids(kind: str) -> tuple[str, ...]:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"kind must be 'problem' or 'measure', not {kind!r}") from None


def normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@runtime_checkable
class ThemeClassifier(Protocol):
    def predict(self, texts: Sequence[str], kind: str) -> list[list[str]]:
        """Themes for each text, in the taxonomy order of ``kind``."""
        ...


def load_taxonomy(path: Path | str = THEMES_CONFIG) -> dict[str, dict[str, list[str]]]:
    """{kind: {theme: [keyword, ...]}} from configs/themes.yaml, checked against the record's theme ids."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    taxonomy: dict[str, dict[str, list[str]]] = {}
    for kind, ids in KINDS.items():
        themes = data.get(kind) or {}
        unknown = set(themes) - set(ids)
        if unknown:
            raise ValueError(f"{path}: unknown {kind} themes {sorted(unknown)}")
        taxonomy[kind] = {t: [normalise(str(k)) for k in themes.get(t) or []] for t in ids}
    return taxonomy


class KeywordThemeClassifier:
    """Baseline: a text gets every theme one of whose keywords it contains.

    ``taxonomy``: {kind: {theme: keywords}}; ``max_themes``: keep at most this many themes per text (those
    with the most keyword hits, ties in taxonomy order); None keeps all.
    """

    def __init__(self, taxonomy: Mapping[str, Mapping[str, Sequence[str]]], max_themes: Optional[int] = 3):
        self.taxonomy = {k: {t: list(v) for t, v in themes.items()} for k, themes in taxonomy.items()}
        self.max_themes = max_themes

    @classmethod
    def from_config(cls, path: Path | str = THEMES_CONFIG, **kwargs) -> "KeywordThemeClassifier":
        return cls(load_taxonomy(path), **kwargs)

    def scores(self, text: str, kind: str) -> dict[str, int]:
        norm = normalise(text)
        return {t: sum(1 for k in kws if k and k in norm) for t, kws in self.taxonomy[kind].items()}

    def predict(self, texts: Sequence[str], kind: str) -> list[list[str]]:
        order = theme_ids(kind)
        out = []
        for text in texts:
            hits = {t: n for t, n in self.scores(text, kind).items() if n > 0}
            ranked = sorted(hits, key=lambda t: (-hits[t], order.index(t)))
            if self.max_themes is not None:
                ranked = ranked[: self.max_themes]
            out.append([t for t in order if t in ranked])
        return out
