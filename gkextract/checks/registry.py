"""The rule registry: one small function per rule id, registered with ``@rule("ID")``.

A rule function gets a :class:`RuleContext` and returns the checks it found: ``ctx.fail(...)`` for a
failure (severity from the configuration) and ``ctx.not_evaluable(...)`` (severity info) where blanks or
missing data keep it from being decided. A rule that passes returns nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from ..record import Check, Record
from .config import CheckConfig, RuleSettings

RuleFunction = Callable[["RuleContext"], list[Check]]

#: per-record rules, in registration order
RULES: dict[str, RuleFunction] = {}
#: rules that need several records (gkextract.checks.cross)
CROSS_RULES = ("CROSS_YEAR_CARRY", "DUPLICATE_CONTENT")
#: findings made upstream (the table decoder alone sees raw cell text): passed through by run_checks
PASS_THROUGH_RULES = ("NON_NUMERIC_CELL",)

MODERN_TEMPLATES = ("2019", "2021")


def rule(rule_id: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(fn: RuleFunction) -> RuleFunction:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        RULES[rule_id] = fn
        return fn
    return register


@dataclass
class RuleContext:
    record: Record
    config: CheckConfig
    rule: str = ""
    #: the report's plain text, where the caller has it (narrative rules read statements from it)
    text: Optional[str] = None

    @property
    def settings(self) -> RuleSettings:
        return self.config.settings(self.rule)

    def param(self, name: str, default=None):
        return self.settings.param(name, default)

    def fail(self, message: str, cells: Iterable[str] = ()) -> Check:
        return Check(rule=self.rule, severity=self.settings.severity, message=message,
                     cells=_unique(cells))

    def not_evaluable(self, message: str, cells: Iterable[str] = ()) -> Check:
        return Check(rule=self.rule, severity="info", message=message, cells=_unique(cells))

    def is_modern(self, from_year: int = 2019) -> bool:
        """A report under the 2019 条例 (2019 and later), judged by its year, else by its tables."""
        year = self.record.year
        if year is not None:
            return year >= from_year
        return self.record.template in MODERN_TEMPLATES


def _unique(cells: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(cells))
