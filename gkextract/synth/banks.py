"""The phrase banks and grammars of corpus/synth/*.yaml, and the table template of configs/templates."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from ..paths import CONFIGS, SYNTH

SYNTH_DIR = SYNTH  # corpus/synth/ in a checkout, gkextract/_data/corpus/synth/ in an installed wheel


@lru_cache(maxsize=None)
def bank(name: str) -> Any:
    """One YAML file of corpus/synth (``bank("problems")`` reads problems.yaml)."""
    with open(SYNTH_DIR / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=None)
def tables_spec() -> dict:
    """configs/templates/tables.yaml: every table row, column, label and arithmetic rule."""
    with open(CONFIGS / "templates" / "tables.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def proactive_rows(template: str) -> list[dict]:
    return tables_spec()["proactive"]["rows"][template]


def request_rows(template: str) -> list[dict]:
    """表三 data rows of one template, in order (rows without ``templates`` belong to both)."""
    return [r for r in tables_spec()["requests"]["rows"] if template in r.get("templates", [template])]


def request_cols() -> list[str]:
    return list(tables_spec()["requests"]["columns"])


def review_groups() -> dict[str, str]:
    return tables_spec()["review_litigation"]["groups"]


def review_cols() -> list[str]:
    return list(tables_spec()["review_litigation"]["columns"])


@lru_cache(maxsize=None)
def _check_config() -> dict:
    path = CONFIGS / "checks.yaml"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def severity(rule: str) -> str:
    """The severity configs/checks.yaml gives a rule (the checker's own setting); warning if unset."""
    return (_check_config().get("rules", {}).get(rule) or {}).get("severity", "warning")


def blank_as_zero() -> bool:
    return bool(_check_config().get("blank_as_zero", False))
