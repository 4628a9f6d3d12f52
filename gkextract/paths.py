"""Where the project's data lives: configs/ (templates, check settings, taxonomies), models/, the synth
phrase banks (corpus/synth/) and the dev corpus (corpus/).

Each folder is looked up in order, the first that exists wins:

1. ``$GKEXTRACT_HOME/<folder>`` — a user's own configs or trained models (a home may hold only
   ``models/``; the other folders then come from 2 or 3). ``extract --models DIR`` overrides models alone.
2. the checkout this module sits in (an editable install: ``pip install -e .``);
3. the copy inside the installed package (``gkextract/_data/``: the wheel maps configs/, models/ and
   corpus/synth/ there at build time, see setup.py), read through importlib.resources.

``HOME`` is the home the folders were found under (the user's home, the checkout, or the package data).
"""
from __future__ import annotations

import atexit
import contextlib
import os
from importlib import resources
from pathlib import Path
from typing import Optional

ENV_HOME = "GKEXTRACT_HOME"
CHECKOUT = Path(__file__).resolve().parent.parent


def _is_checkout(root: Path) -> bool:
    return (root / "pyproject.toml").is_file() and (root / "configs").is_dir() and (root / "gkextract").is_dir()


def _package_data() -> Optional[Path]:
    """gkextract/_data as a real folder (extracted once if the package is imported from a zip)."""
    try:
        root = resources.files("gkextract._data")
    except ModuleNotFoundError:
        return None
    if isinstance(root, Path):
        return root
    stack = contextlib.ExitStack()  # zipped package: extract for the life of the process
    atexit.register(stack.close)
    return Path(stack.enter_context(resources.as_file(root)))


def _user_home() -> Optional[Path]:
    env = os.environ.get(ENV_HOME)
    return Path(env).expanduser() if env else None


def homes() -> list[Path]:
    """The candidate homes, first wins: $GKEXTRACT_HOME, the checkout, the package data."""
    found = [_user_home(), CHECKOUT if _is_checkout(CHECKOUT) else None, _package_data()]
    return [h for h in found if h is not None]


def resolve(folder: str) -> Path:
    """The first home's ``folder`` that exists (e.g. "configs", "models", "corpus/synth"); else the first
    candidate's, so an error names a sensible path."""
    candidates = [h / folder for h in homes()]
    for path in candidates:
        if path.is_dir():
            return path
    return candidates[0] if candidates else Path(folder)


CONFIGS = resolve("configs")
MODELS = resolve("models")
SYNTH = resolve("corpus/synth")
HOME = CONFIGS.parent
CORPUS = HOME / "corpus"  # dev corpora (openings, samples): in a checkout or a user's home only

MODELS_ENV = "GKEXTRACT_MODELS"  # set by ``extract --models DIR`` (inherited by worker processes)


def models_dir() -> Path:
    """The models folder extraction uses now: ``$GKEXTRACT_MODELS`` (``--models DIR``), else :data:`MODELS`."""
    env = os.environ.get(MODELS_ENV)
    return Path(env).expanduser() if env else MODELS
