"""The checker: a registry of rules (one small function per rule id of record.md's Check table),
switched on and off and given severities by configs/checks.yaml.

    from gkextract.checks import run_checks, cross_checks, CheckConfig
    record.checks = run_checks(record)                       # per-record rules
    extra = cross_checks(records, narratives)                 # CROSS_YEAR_CARRY, DUPLICATE_CONTENT

Only failed rules (severity from the configuration) and rules that could not be evaluated (severity info,
saying why) are returned. Findings made upstream, which only the table decoder can make
(NON_NUMERIC_CELL), are taken from ``record.checks`` and passed through.
"""
from __future__ import annotations

from typing import Optional

from ..record import RULE_IDS, Check, Record
from . import form_rules, narrative_rules, table_rules  # noqa: F401  (they register their rules)
from .config import CheckConfig, ConfigError, default_config
from .cross import cross_checks
from .registry import CROSS_RULES, PASS_THROUGH_RULES, RULES, RuleContext

__all__ = ["run_checks", "cross_checks", "CheckConfig", "ConfigError", "RULES", "SEVERITY_RANK", "worst"]

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def run_checks(record: Record, config: Optional[CheckConfig] = None, *, text: Optional[str] = None) -> list[Check]:
    """Every enabled per-record rule over ``record``. ``text`` (the report's plain text, optional) lets
    the narrative rules also read statements such as 统计期限 or 均获维持 that are not figures."""
    config = config or default_config()
    checks: list[Check] = []
    for upstream in record.checks:
        if upstream.rule in PASS_THROUGH_RULES and config.enabled(upstream.rule):
            checks.append(upstream)
    for rule_id in RULE_IDS:
        fn = RULES.get(rule_id)
        if fn is None or not config.enabled(rule_id):
            continue
        checks.extend(fn(RuleContext(record=record, config=config, rule=rule_id, text=text)))
    return checks


def worst(checks: list[Check]) -> Optional[str]:
    """The highest severity among ``checks`` (None for none)."""
    if not checks:
        return None
    return max((c.severity for c in checks), key=SEVERITY_RANK.__getitem__)


