"""The table definitions of configs/templates/tables.yaml, loaded into typed objects."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import yaml

from ..paths import CONFIGS
from ..text import label_key


@dataclass(frozen=True)
class RowDef:
    key: str
    label: str
    patterns: tuple[re.Pattern, ...]
    cols: tuple[str, ...] = ()
    templates: Optional[frozenset[str]] = None
    group: Optional[str] = None

    @property
    def label_key(self) -> str:
        return label_key(self.label)

    def applies_to(self, template: str) -> bool:
        return self.templates is None or template in self.templates


@dataclass
class Templates:
    raw: dict
    proactive_rows: dict[str, list[RowDef]] = field(default_factory=dict)   # template -> rows
    proactive_markers: dict[str, list[str]] = field(default_factory=dict)
    requests_rows: list[RowDef] = field(default_factory=list)
    requests_cols: list[str] = field(default_factory=list)
    review_groups: list[str] = field(default_factory=list)
    review_cols: list[str] = field(default_factory=list)

    def proactive_columns(self) -> dict[str, str]:
        return self.raw["proactive"]["columns"]


def _row(d: dict, default_cols=()) -> RowDef:
    return RowDef(
        key=d["key"],
        label=d["label"],
        # patterns are written against normalised labels (half-width punctuation, no spaces)
        patterns=tuple(re.compile(p if _is_regex(p) else label_key(p)) for p in d["match"]),
        cols=tuple(d.get("cols", default_cols)),
        templates=frozenset(d["templates"]) if "templates" in d else None,
        group=d.get("group"),
    )


def _is_regex(p: str) -> bool:
    return any(ch in p for ch in "^$\\[]()?*+|")


@lru_cache(maxsize=4)
def load_templates(path: Optional[str] = None) -> Templates:
    raw = yaml.safe_load(open(path or CONFIGS / "templates" / "tables.yaml", encoding="utf-8"))
    t = Templates(raw=raw)
    pro = raw["proactive"]
    t.proactive_rows = {tpl: [_row(r) for r in rows] for tpl, rows in pro["rows"].items()}
    t.proactive_markers = {tpl: [label_key(m.replace("\\", "")) for m in ms] for tpl, ms in pro["markers"].items()}
    req = raw["requests"]
    t.requests_cols = list(req["columns"])
    t.requests_rows = [_row(r, default_cols=t.requests_cols) for r in req["rows"]]
    rl = raw["review_litigation"]
    t.review_groups = list(rl["groups"])
    t.review_cols = list(rl["columns"])
    return t
