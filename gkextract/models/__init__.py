"""Trained models and their loading: the pipeline asks :func:`load_components` what to use.

Layout under ``models/`` (each folder with a MODEL_CARD.md):
  themes/{problem,measure}/   spaCy textcat_multilabel   (gkextract.models.themes)
  sections/                   spaCy textcat              (gkextract.models.sections)
  figures_crf/                sklearn-crfsuite CRF       (gkextract.models.figures)
  figures_bert/               small BERT, from scratch   (gkextract.models.bert_figures)
  selection.json              written by ``gkextract evaluate``: per task, the model that beat its
                              baseline on held-out data (or "baseline")

A model is used only when its files are present and selection.json (if any) names it; otherwise the rule
baseline is used and a warning says why.
"""
from __future__ import annotations

import json
import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..paths import MODELS

log = logging.getLogger(__name__)

MODEL_DIRS = {"themes": "themes", "sections": "sections", "figures_crf": "figures_crf",
              "figures_bert": "figures_bert"}
SELECTION_FILE = "selection.json"


@dataclass
class Components:
    """What the pipeline should use: a theme classifier, a figure tagger, a section finder."""

    themes: Any
    figures: Any
    sections: Any
    used: dict[str, str] = field(default_factory=dict)  # task -> "model:<name>" | "baseline"


def read_selection(models_dir: Path) -> Optional[dict]:
    path = Path(models_dir) / SELECTION_FILE
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _wanted(selection: Optional[dict], task: str, candidates: list[str]) -> list[str]:
    """The models to try for ``task``, best first; [] when the evaluation chose the baseline."""
    if selection is None or task not in selection:
        return candidates
    chosen = selection[task]
    return [c for c in candidates if c == chosen]


def _fallback(task: str, reason: str) -> None:
    msg = f"gkextract: {task}: using the rule baseline ({reason})"
    warnings.warn(msg, stacklevel=3)
    log.warning(msg)


def load_themes(models_dir: Path, selection: Optional[dict], used: dict):
    from ..items.extract import default_classifier

    if _wanted(selection, "themes", ["themes"]):
        path = Path(models_dir) / MODEL_DIRS["themes"]
        if path.is_dir():
            try:
                from .themes import SpacyThemeClassifier

                used["themes"] = "model:themes"
                return SpacyThemeClassifier.load(path)
            except Exception as e:  # a broken or incompatible artefact must not stop extraction
                _fallback("themes", f"model at {path} failed to load: {e}")
        else:
            _fallback("themes", f"no model at {path}")
    used["themes"] = "baseline"
    return default_classifier()


def load_figures(models_dir: Path, selection: Optional[dict], used: dict):
    from ..figures import RuleFigureTagger

    candidates = _wanted(selection, "figures", ["figures_bert", "figures_crf"])
    for name in candidates:
        path = Path(models_dir) / MODEL_DIRS[name]
        if not path.is_dir():
            continue
        try:
            if name == "figures_bert":
                from .bert_figures import BertFigureTagger as cls
            else:
                from .figures import CrfFigureTagger as cls
            used["figures"] = f"model:{name}"
            return cls.load(path)
        except Exception as e:
            _fallback("figures", f"model at {path} failed to load: {e}")
    if candidates:
        _fallback("figures", f"no figure model under {models_dir}")
    used["figures"] = "baseline"
    return RuleFigureTagger()


def load_sections(models_dir: Path, selection: Optional[dict], used: dict):
    from ..sections import RuleSectionFinder

    if _wanted(selection, "sections", ["sections"]):
        path = Path(models_dir) / MODEL_DIRS["sections"]
        if path.is_dir():
            try:
                from .sections import ModelSectionFinder, SpacyParagraphClassifier

                used["sections"] = "model:sections"
                return ModelSectionFinder(SpacyParagraphClassifier.load(path))
            except Exception as e:
                _fallback("sections", f"model at {path} failed to load: {e}")
        else:
            _fallback("sections", f"no model at {path}")
    used["sections"] = "baseline"
    return RuleSectionFinder()


def load_components(models_dir: Path | str = MODELS, use_models: bool = True) -> Components:
    """The theme classifier, figure tagger and section finder to use.

    Shipped models are used when present and chosen by the last evaluation (models/selection.json);
    otherwise the rule baselines, with a warning. ``use_models=False`` gives the baselines silently.
    """
    from ..figures import RuleFigureTagger
    from ..items.extract import default_classifier
    from ..sections import RuleSectionFinder

    used: dict[str, str] = {}
    if not use_models:
        return Components(default_classifier(), RuleFigureTagger(), RuleSectionFinder(),
                          {"themes": "baseline", "figures": "baseline", "sections": "baseline"})
    models_dir = Path(models_dir)
    selection = read_selection(models_dir)
    return Components(themes=load_themes(models_dir, selection, used),
                      figures=load_figures(models_dir, selection, used),
                      sections=load_sections(models_dir, selection, used), used=used)
