"""Where the project's data lives: configs/ (templates, check settings, taxonomies), models/, corpus/.

gkextract runs from its checkout (``pip install -e .``); ``GKEXTRACT_HOME`` points elsewhere if needed.
"""
from __future__ import annotations

import os
from pathlib import Path

HOME = Path(os.environ.get("GKEXTRACT_HOME", Path(__file__).resolve().parent.parent))
CONFIGS = HOME / "configs"
MODELS = HOME / "models"
CORPUS = HOME / "corpus"
