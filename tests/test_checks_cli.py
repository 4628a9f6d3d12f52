"""`gkextract check`: reports per file, exit status by --fail-on, formats, config, bad files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gkextract.cli import app

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
GOLD = CORPUS / "gold"
pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason="shared corpus not available")

runner = CliRunner()


def check(*args):
    return runner.invoke(app, ["check", *map(str, args)])


def test_errors_make_exit_status_1_and_are_reported():
    result = check(GOLD / "huaian_hongzequ_2023.json")
    assert result.exit_code == 1, result.output
    assert "T4_SUM" in result.output and "T3_OTHER_LAYOUT" in result.output
    assert "行政复议" in result.output


def test_fail_on_warning():
    path = GOLD / "002_0a6fad6ec4f98190.json"    # one warning (SECTION_ORDER), no error
    assert check(path).exit_code == 0
    assert check(path, "--fail-on", "warning").exit_code == 1


def test_clean_report_exits_0():
    result = check(GOLD / "003_9405448751938849.json")
    assert result.exit_code == 0, result.output


def test_json_output_with_cross_checks(tmp_path):
    out = tmp_path / "report.json"
    result = check(*sorted(GOLD.glob("*.json")), "--format", "json", "--out", out)
    assert result.exit_code == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["reports"]) == len(list(GOLD.glob("*.json")))
    by_name = {Path(r["path"]).stem: r for r in data["reports"]}
    rules = {c["rule"] for c in by_name["huaian_hongzequ_2024"]["checks"] if c["severity"] != "info"}
    assert rules == {"T3_OTHER_LAYOUT", "NARRATIVE_REQUESTS"}


def test_html_output():
    result = check(GOLD / "001_21383420ef0381a8.json", "--format", "html")
    assert result.exit_code == 1
    assert result.output.startswith("<!DOCTYPE html>") and "T3_OTHER_LAYOUT" in result.output


def test_config_switches_rules_off(tmp_path):
    config = tmp_path / "checks.yaml"
    config.write_text("rules:\n  T4_SUM: {enabled: false}\n  T3_OTHER_LAYOUT: {severity: warning}\n",
                      encoding="utf-8")
    result = check(GOLD / "huaian_hongzequ_2023.json", "--config", config)
    assert result.exit_code == 0, result.output
    assert "T4_SUM" not in result.output


def test_usage_errors_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: {NOPE: {enabled: false}}\n", encoding="utf-8")
    assert check(GOLD / "003_9405448751938849.json", "--config", bad).exit_code == 2
    assert check(GOLD / "003_9405448751938849.json", "--format", "xml").exit_code == 2
    assert check(tmp_path / "missing.pdf").exit_code == 2


def test_bad_file_is_reported_and_skipped(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = check(broken, GOLD / "003_9405448751938849.json")
    assert result.exit_code == 0
    assert "skipped" in result.output and "broken.json" in result.output
    assert "Traceback" not in result.output


def test_extracts_report_files():
    seed = CORPUS / "seeds" / "000_e5875dbb8e9b79de.txt"
    result = check(seed, "--format", "json")
    data = json.loads(result.output)
    rules = {c["rule"] for c in data["reports"][0]["checks"] if c["severity"] != "info"}
    assert rules == {"SECTION_ORDER", "BLANK_CELLS"}


def test_a_table_pasted_as_a_picture_end_to_end(tmp_path):
    """A generated HTML report whose 表四 is a picture: extracted without it, TABLE_MISSING is info saying
    the part holds a picture (it was an error claiming the table is missing)."""
    import random
    import re

    from gkextract.pipeline import extract
    from gkextract.synth import generate_record, render

    _, content = generate_record(random.Random("pictured:1"), templates=["2021"], allow_blanks=False)
    page = render(content, "html").decode("utf-8")
    tables = re.findall(r"<table.*?</table>", page, flags=re.S)
    path = tmp_path / "r.html"
    path.write_text(page.replace(tables[-1], '<p><img src="t4.png" width="640"></p>'), encoding="utf-8")
    record = extract(path)
    assert record.tables.review_litigation is None
    (check,) = [c for c in record.checks if c.rule == "TABLE_MISSING"]
    assert check.severity == "info" and "图片" in check.message
