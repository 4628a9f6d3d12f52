"""Summary charts keep their text as SVG <text> (drawn by the reader's browser, so labels read on machines
without CJK fonts), label themes, agency types and rules in Chinese, and keep the English keys as <title>."""
from __future__ import annotations

import re
import warnings

import pytest

from gkextract.summarize import charts


def _texts(svg: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, flags=re.S)]


def test_labels_are_text_with_a_cjk_font_list_and_key_titles():
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # no "Glyph … missing from font(s)" even without CJK fonts
        svg = charts.heatmap(["平台建设", "依申请公开"], ["市政府\n(n=3)", "街道\n(n=2)"], [[1, 2], [3, 0]],
                             "problem themes by agency_type", row_keys=["platforms", "requests"],
                             col_keys=["city_gov", "street"])
    texts = _texts(svg)
    for label in ("平台建设", "依申请公开", "市政府", "街道"):
        assert any(label in t for t in texts), label
    assert "Noto Sans CJK SC" in svg and "sans-serif" in svg
    for key in ("platforms", "requests", "city_gov", "street"):
        assert f"<title>{key}</title>" in svg
    # the title precedes the text it names
    assert re.search(r"<title>platforms</title>\s*<text[^>]*>平台建设</text>", svg)


def test_every_chart_kind_keeps_text_as_text():
    bars = charts.hbar(["表三 （七）总计不等于各办理结果之和（错误）"], [4], "failed checks",
                       keys=["T3_TOTAL_SUM (error)"])
    assert any("各办理结果之和" in t for t in _texts(bars)) and "<title>T3_TOTAL_SUM (error)</title>" in bars
    box = charts.distributions([("实质公开率", {"街道": [(0.5, False), (0.9, True)]})], "indicators",
                               panel_keys=["substantive_rate"], group_keys={"街道": "street"})
    assert {"实质公开率", "街道"} <= set(_texts(box))
    assert "<title>substantive_rate</title>" in box and "<title>street</title>" in box


def test_summary_page_labels_in_chinese(tmp_path):
    pytest.importorskip("gkextract.synth.generate")
    from gkextract.store import Store
    from gkextract.summarize.report import build_report
    from gkextract.summarize.sample import sample_records

    with Store(tmp_path / "gk.duckdb") as store:
        store.add_many(sample_records(40, seed=5))
        result = build_report(store, tmp_path / "report.html", by="agency_type", quiet=True)
    page = result.html_path.read_text(encoding="utf-8")
    texts = [t for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S) for t in _texts(svg)]
    assert any("街道" in t or "市政府" in t or "部门" in t for t in texts)        # agency types
    assert not any(t.strip() in ("platforms", "scope_depth", "city_gov") for t in texts)  # no bare keys
    assert "<title>" in page
    checks = (result.files_dir / "failed_checks.csv").read_text(encoding="utf-8").splitlines()[0]
    assert checks.startswith("rule,rule_zh,")       # English key and Chinese name in the data files


def test_without_a_cjk_font_the_text_stays_and_nothing_warns(monkeypatch):
    """A machine with no CJK font (matplotlib measures with DejaVu Sans): still <text>, no glyph warnings."""
    monkeypatch.setattr(charts, "FONT_FAMILIES", ["DejaVu Sans"])
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        svg = charts.hbar(["公开平台建设不足"], [3], "问题")
    assert "公开平台建设不足" in _texts(svg) and "问题" in _texts(svg)


def test_tables_carry_chinese_names_beside_keys(tmp_path):
    pytest.importorskip("gkextract.synth.generate")
    import json

    from gkextract.store import Store
    from gkextract.summarize.report import build_report
    from gkextract.summarize.sample import sample_records

    with Store(tmp_path / "gk.duckdb") as store:
        store.add_many(sample_records(30, seed=8))
        result = build_report(store, tmp_path / "r.html", by="agency_type", quiet=True)
    for name in ("reports_by_agency_type", "failed_checks_by_agency_type", "indicators_by_agency_type"):
        rows = json.loads((result.files_dir / f"{name}.json").read_text(encoding="utf-8"))
        assert rows and all(r["agency_type_zh"] and r["agency_type"] for r in rows), name
    rows = json.loads((result.files_dir / "failed_checks_by_agency_type.json").read_text(encoding="utf-8"))
    assert all(r["rule_zh"] != r["rule"] for r in rows)
