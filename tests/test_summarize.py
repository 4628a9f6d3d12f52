"""`summarize` on a few hundred synthetic records: it finishes, and its tables equal direct counts."""
from __future__ import annotations

import json
import re
import time
from collections import Counter

import pytest

from gkextract.store import Store
from gkextract.agency import agency_type, region_of
from gkextract.summarize.report import build_report
from gkextract.summarize.themes import load_mapping

pytest.importorskip("gkextract.synth.generate")
from gkextract.summarize.sample import sample_records  # noqa: E402

N_RECORDS = 300


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("summary")
    records = sample_records(N_RECORDS, seed=11)
    with Store(folder / "gk.duckdb") as store:
        store.add_many(records)
        store.add("corpus/broken.pdf", failed="no text layer")
        start = time.perf_counter()
        result = build_report(store, folder / "report.html", by="year", quiet=True)
        seconds = time.perf_counter() - start
    return records, result, seconds


def _load(result, name):
    return json.loads((result.files_dir / f"{name}.json").read_text(encoding="utf-8"))


def _group(record, by):
    value = {"year": str(record.year) if record.year is not None else None,
             "agency_type": agency_type(record.agency), "region": region_of(record.agency)}[by]
    return value if value is not None else "未知"


def test_finishes_and_writes_files(built):
    _records, result, seconds = built
    assert seconds < 60
    assert result.html_path.exists()
    for name in result.frames:
        assert (result.files_dir / f"{name}.csv").exists()
        assert (result.files_dir / f"{name}.json").exists()
    assert set(result.timings) == {"themes", "unmatched problems", "clustering", "failed checks", "indicators",
                                   "writing"}


@pytest.mark.parametrize("kind", ["problem", "measure"])
@pytest.mark.parametrize("by", ["year", "agency_type"])
def test_theme_frequencies_equal_direct_count(built, kind, by):
    records, result, _ = built
    direct: Counter = Counter()
    for record in records:
        for item in (record.problems if kind == "problem" else record.measures):
            for theme in item.themes:
                direct[(theme, _group(record, by))] += 1
    table = _load(result, f"{kind}_themes_by_{by}")
    groups = [c for c in table[0] if c not in ("theme", "label", "total")]
    from_report = Counter({(row["theme"], g): row[g] for row in table for g in groups if row[g]})
    assert from_report == direct
    assert sum(row["total"] for row in table) == sum(direct.values()) > 0


def test_unmatched_problems_equal_direct_count(built):
    records, result, _ = built
    mapping = load_mapping().problem_to_measures
    with_problem, without_measure = Counter(), Counter()
    for record in records:
        measure_themes = {t for m in record.measures for t in m.themes}
        for theme in {t for p in record.problems for t in p.themes}:
            with_problem[theme] += 1
            if not measure_themes & set(mapping.get(theme, ())):
                without_measure[theme] += 1
    table = {row["problem_theme"]: row for row in _load(result, "unmatched_problems")}
    assert {t: r["reports_with_problem"] for t, r in table.items()} == dict(with_problem)
    assert {t: r["reports_without_measure"] for t, r in table.items()} == {t: without_measure[t] for t in with_problem}
    assert sum(without_measure.values()) > 0


def test_failed_checks_equal_direct_count(built):
    records, result, _ = built
    direct = Counter((c.rule, c.severity) for r in records for c in r.checks)
    table = _load(result, "failed_checks")
    assert {(row["rule"], row["severity"]): row["failures"] for row in table} == dict(direct)
    failures = [row["failures"] for row in table]
    assert failures == sorted(failures, reverse=True)


def test_clusters_and_indicators(built):
    records, result, _ = built
    clusters = _load(result, "problem_clusters")
    assert clusters and all(c["statements"] >= 2 and c["quotes"] for c in clusters)
    texts = {p.text for r in records for p in r.problems}
    assert all(q in texts for c in clusters for q in c["quotes"])   # quotes are real statements
    summary = _load(result, "indicators_by_year")
    assert {row["indicator"] for row in summary} >= {"substantive_rate", "applications", "denied_share"}
    assert sum(row["reports"] for row in summary if row["indicator"] == "applications") == len(records)


def test_html_is_self_contained(built):
    _records, result, _ = built
    page = result.html_path.read_text(encoding="utf-8")
    assert page.count("<svg") >= 7          # 4 theme heatmaps, unmatched, checks, indicators
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert not re.search(r"""(src|href)=["']https?://""", page)
    for section in ("problem-themes", "measure-themes", "unmatched", "clusters", "checks", "indicators"):
        assert f'id="{section}"' in page
    assert "corpus/broken.pdf" in page


def test_cli_summarize_by_region(tmp_path):
    from typer.testing import CliRunner

    from gkextract.cli import app

    with Store(tmp_path / "small.duckdb") as store:
        store.add_many(sample_records(40, seed=3))
    out = tmp_path / "out" / "summary.html"
    result = CliRunner().invoke(app, ["summarize", "--db", str(tmp_path / "small.duckdb"), "--out", str(out),
                                      "--by", "region", "--quiet"])
    assert result.exit_code == 0, result.output
    assert out.exists() and (tmp_path / "out" / "summary_files" / "problem_themes_by_region.json").exists()
    missing = CliRunner().invoke(app, ["summarize", "--db", str(tmp_path / "none.duckdb"), "--out", str(out)])
    assert missing.exit_code == 2
