"""Trained models and their loading: the pipeline asks :func:`shared_components` what to use.

Layout under ``models/`` (each folder with a MODEL_CARD.md):
  themes/{problem,measure}/   spaCy textcat_multilabel, + stack.json: stacked on the keyword baseline
                              (gkextract.models.themes)
  sections/                   spaCy textcat              (gkextract.models.sections)
  figures_crf/                sklearn-crfsuite CRF, stacked on the rule tagger  (gkextract.models.figures)
  figures_bert/               small BERT from scratch, stacked on the rule tagger (gkextract.models.bert_figures)
  selection.json              written by ``gkextract evaluate``: per task, the model that is at least as good
                              as its baseline on held-out real reports, or "baseline"

A model is used when selection.json names it (or, without a selection.json, when its files are present).
When selection.json deliberately picks the baseline, the baseline is used without a warning (logged at
debug level): that is a decision. When a wanted model is missing or fails to load, the baseline is used
and a warning says why: that is a fallback.
"""
from __future__ import annotations

import json
import logging
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from ..paths import models_dir as _default_models_dir

log = logging.getLogger(__name__)

MODEL_DIRS = {"themes": "themes", "sections": "sections", "figures_crf": "figures_crf",
              "figures_bert": "figures_bert"}
SELECTION_FILE = "selection.json"
ALL_MODELS = {"sections": "sections", "themes": "themes", "figures": "*"}  # force: every model


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
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        _fallback("models", f"{path} is not valid JSON ({e}); every model present is tried")
        return None


def _wanted(selection: Optional[dict], task: str, candidates: list[str]) -> list[str]:
    """The models to try for ``task``, best first; [] when the evaluation chose the baseline."""
    if selection is None or task not in selection:
        return candidates
    chosen = selection[task]
    if chosen == "*":
        return candidates
    return [c for c in candidates if c == chosen]


# The optional dependencies a model may need -> the extra that installs them (pyproject.toml)
EXTRAS = {"torch": "train", "transformers": "train", "tokenizers": "train", "safetensors": "train",
          "accelerate": "train", "spacy": "core", "sklearn_crfsuite": "core", "pycrfsuite": "core"}


def _load_error(path: Path, e: Exception) -> str:
    """Why a model did not load; a missing optional package names the extra that installs it."""
    if isinstance(e, ModuleNotFoundError) and e.name:
        extra = EXTRAS.get(e.name.split(".")[0])
        hint = f"pip install 'gkextract[{extra}]'" if extra and extra != "core" else f"pip install {e.name}"
        return f"model at {path} needs {e.name!r}, which is not installed ({hint})"
    return f"model at {path} failed to load: {e}"


def _fallback(task: str, reason: str) -> None:
    msg = f"gkextract: {task}: using the rule baseline ({reason})"
    warnings.warn(msg, stacklevel=3)
    log.warning(msg)


def _chosen_baseline(task: str) -> None:
    log.debug("%s: the rule baseline, as models/selection.json chose", task)


def _load_single(task: str, models_dir: Path, selection: Optional[dict], used: dict, loader, baseline):
    """The task's one model (in the folder named like the task) when wanted and loadable, else the baseline."""
    if _wanted(selection, task, [task]):
        path = Path(models_dir) / MODEL_DIRS[task]
        if path.is_dir():
            try:
                model = loader(path)
                used[task] = f"model:{task}"
                return model
            except Exception as e:  # a broken or incompatible artefact must not stop extraction
                _fallback(task, _load_error(path, e))
        else:
            _fallback(task, f"no model at {path}")
    else:
        _chosen_baseline(task)
    used[task] = "baseline"
    return baseline()


def load_themes(models_dir: Path, selection: Optional[dict], used: dict):
    from ..items.extract import default_classifier

    def loader(path: Path):
        from .themes import load_theme_model

        return load_theme_model(path)
    return _load_single("themes", models_dir, selection, used, loader, default_classifier)


def load_figures(models_dir: Path, selection: Optional[dict], used: dict):
    from ..figures import RuleFigureTagger

    candidates = _wanted(selection, "figures", ["figures_crf", "figures_bert"])
    for name in candidates:
        path = Path(models_dir) / MODEL_DIRS[name]
        if not path.is_dir():
            if selection is not None and selection.get("figures") == name:
                _fallback("figures", f"no model at {path}")
            continue
        try:
            if name == "figures_bert":
                from .bert_figures import BertFigureTagger as cls
            else:
                from .figures import CrfFigureTagger as cls
            model = cls.load(path)
            used["figures"] = f"model:{name}"
            return model
        except Exception as e:
            _fallback("figures", _load_error(path, e))
    if not candidates:
        _chosen_baseline("figures")
    elif selection is None or selection.get("figures") in (None, "*"):
        _fallback("figures", f"no figure model under {models_dir}")
    used["figures"] = "baseline"
    return RuleFigureTagger()


def load_sections(models_dir: Path, selection: Optional[dict], used: dict):
    from ..sections import RuleSectionFinder

    def loader(path: Path):
        from .sections import CandidateSectionClassifier, ModelSectionFinder, SpacyParagraphClassifier

        if (Path(path) / "model.pkl").exists():  # the candidate classifier (issue 11 §2) is its own finder
            return CandidateSectionClassifier.load(path)
        return ModelSectionFinder(SpacyParagraphClassifier.load(path))
    return _load_single("sections", models_dir, selection, used, loader, RuleSectionFinder)


def load_components(models_dir: Path | str | None = None, use_models: bool = True,
                    selection: Optional[dict] = None) -> Components:
    """The theme classifier, figure tagger and section finder to use.

    Shipped models are used when present and chosen by the last evaluation (models/selection.json);
    otherwise the rule baselines, with a warning when a wanted model is missing or broken.
    ``use_models=False`` gives the baselines silently. ``selection`` overrides selection.json
    (:data:`ALL_MODELS` loads every model, e.g. for benchmarks).
    """
    from ..figures import RuleFigureTagger
    from ..items.extract import default_classifier
    from ..sections import RuleSectionFinder

    used: dict[str, str] = {}
    if not use_models:
        return Components(default_classifier(), RuleFigureTagger(), RuleSectionFinder(),
                          {"themes": "baseline", "figures": "baseline", "sections": "baseline"})
    models_dir = Path(models_dir) if models_dir is not None else _default_models_dir()
    if selection is None:
        selection = read_selection(models_dir)
    return Components(themes=load_themes(models_dir, selection, used),
                      figures=load_figures(models_dir, selection, used),
                      sections=load_sections(models_dir, selection, used), used=used)


@lru_cache(maxsize=4)
def _cached(models_dir: str, use_models: bool) -> Components:
    comps = load_components(models_dir, use_models)
    log.info("models: %s", ", ".join(f"{k}={v}" for k, v in sorted(comps.used.items())))
    return comps


def shared_components(models_dir: Path | str | None = None, use_models: bool = True) -> Components:
    """:func:`load_components`, loaded once per process (per models folder): what extraction uses.
    The folder defaults to gkextract.paths.models_dir() (``--models DIR``, $GKEXTRACT_HOME, the shipped ones)."""
    return _cached(str(Path(models_dir if models_dir is not None else _default_models_dir()).resolve()), use_models)
