"""run_checks on the visible gold records reproduces exactly their error/warning rule sets."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gkextract.checks import cross_checks, run_checks
from gkextract.record import Record

GOLD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "gold"
GOLD_FILES = sorted(GOLD.glob("*.json"))

pytestmark = pytest.mark.skipif(not GOLD_FILES, reason="shared corpus not available")


def _load(path: Path) -> tuple[Record, set[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    expected = {c["rule"] for c in data.get("checks", []) if c["severity"] in ("error", "warning")}
    record = Record.model_validate(data)
    record.checks = []
    return record, expected


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_rule_set(path):
    record, expected = _load(path)
    checks = run_checks(record)
    assert {c.rule for c in checks if c.severity in ("error", "warning")} == expected
    for check in checks:
        assert check.message, check.rule


def test_gold_batch_rules_stay_quiet():
    """The two 洪泽区 reports are the same body in consecutive years: their carry-over agrees, and their
    boilerplate is alike but not a copy."""
    records = [_load(p)[0] for p in GOLD_FILES]
    out = cross_checks(records)
    assert not [c for checks in out.values() for c in checks if c.severity != "info"]
