"""The settings of the checks: configs/checks.yaml, optionally overlaid with a user's file."""
from __future__ import annotations

from functools import lru_cache

from pathlib import Path
from typing import Any, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..paths import CONFIGS
from ..record import RULE_IDS, Severity

DEFAULT_CONFIG = CONFIGS / "checks.yaml"


class ConfigError(ValueError):
    """A check configuration file that cannot be used (unreadable, unknown rule, bad severity)."""


class RuleSettings(BaseModel):
    """One rule's switch, severity and parameters (every other key of its YAML entry)."""

    model_config = ConfigDict(extra="allow")

    enabled: bool = True
    severity: Severity = "warning"

    def param(self, name: str, default: Any = None) -> Any:
        return (self.model_extra or {}).get(name, default)


class CheckConfig(BaseModel):
    blank_as_zero: bool = False
    rules: dict[str, RuleSettings] = Field(default_factory=dict)

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, rules: dict[str, RuleSettings]) -> dict[str, RuleSettings]:
        unknown = sorted(set(rules) - set(RULE_IDS))
        if unknown:
            raise ValueError(f"unknown rule id(s) {unknown}; known: {', '.join(RULE_IDS)}")
        return rules

    def settings(self, rule: str) -> RuleSettings:
        return self.rules.get(rule) or RuleSettings()

    def enabled(self, rule: str) -> bool:
        return self.settings(rule).enabled

    def severity(self, rule: str) -> Severity:
        return self.settings(rule).severity

    @classmethod
    def load(cls, path: Optional[Union[str, Path]] = None) -> "CheckConfig":
        """The default settings, with the user's file (if any) laid over them rule by rule."""
        data = _read_yaml(DEFAULT_CONFIG)
        if path is not None:
            data = _overlay(data, _read_yaml(Path(path)))
        try:
            return cls.model_validate(data)
        except ValueError as e:
            where = path or DEFAULT_CONFIG
            raise ConfigError(f"{where}: {_first_line(e)}") from None


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read ({e.strerror or e})") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML ({_first_line(e)})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with a 'rules' key")
    return data


def _overlay(base: dict, top: dict) -> dict:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _overlay(out[key], value)
        else:
            out[key] = value
    return out


def _first_line(e: Exception) -> str:
    text = str(e).strip()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return " ".join(lines[:3]) if lines else type(e).__name__


@lru_cache(maxsize=1)
def default_config() -> CheckConfig:
    return CheckConfig.load()
