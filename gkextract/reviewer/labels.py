"""Chinese names for everything a reviewer reads: rules, severities, sections, themes (configs/labels_zh.yaml),
table rows and columns (the template's own, configs/templates/tables.yaml) and finding cells
(``requests.new_received.natural_person`` → ``表三·本年新收·自然人``)."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import yaml

from ..agency import AGENCY_TYPE_LABELS
from ..checks.arithmetic import table_labels
from ..paths import CONFIGS

STAT_TABLES = ("proactive", "requests", "review_litigation")


@lru_cache(maxsize=1)
def labels() -> dict:
    with open(CONFIGS / "labels_zh.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def rule_name(rule: str) -> str:
    return labels()["rules"].get(rule, rule)


def severity_name(severity: str) -> str:
    return labels()["severity"].get(severity, severity)


def template_name(template: Optional[str]) -> str:
    return labels()["templates"].get(template or "unknown", template or "")


def section_name(key: str) -> str:
    return labels()["sections"].get(key, key)


def theme_name(kind: str, theme: str) -> str:
    """``kind``: problem | measure."""
    return labels()["themes"][kind].get(theme, theme)


def agency_type_name(kind: Optional[str]) -> str:
    return AGENCY_TYPE_LABELS.get(kind or "unknown", kind or "")


def table_name(table: str) -> str:
    return labels()["tables"].get(table, table)


def is_narrative(rule: str) -> bool:
    return rule in labels()["narrative_rules"]


def proactive_column_name(row: str, col: str) -> Optional[str]:
    """A 表二 column a template prints under its own name (2021 fees: 本年收费金额), for the templates with the cell."""
    from ..tables.templates import load_templates

    renamed = labels().get("proactive_column_names", {})
    for template, rows in load_templates().proactive_rows.items():
        if col in renamed.get(template, {}) and any(r.key == row and col in r.cols for r in rows):
            return renamed[template][col]
    return None


@lru_cache(maxsize=4096)
def cell_label(path: str) -> str:
    """A finding's cell path in Chinese: ``表三·本年新收·自然人``, ``表四·行政复议·总计``, ``表二·规章·本年制发件数``;
    a whole table (``requests``) or a record field (``date``) by its name; anything unknown as written."""
    parts = path.split(".")
    if parts[0] in STAT_TABLES and len(parts) == 3:
        names = table_labels(parts[0])
        col = proactive_column_name(parts[1], parts[2]) if parts[0] == "proactive" else None
        return "·".join((table_name(parts[0]), names.rows.get(parts[1], parts[1]),
                         col or names.cols.get(parts[2], parts[2])))
    fields = labels()["fields"]
    if len(parts) == 1:
        return fields.get(path, path)
    return "·".join([fields.get(parts[0], parts[0]), *parts[1:]])
