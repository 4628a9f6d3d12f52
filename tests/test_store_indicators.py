"""Indicator arithmetic in the store's views: blanks stay null, ratios over nulls are null, outliers."""
from __future__ import annotations

import pytest

from gkextract.record import Record
from gkextract.store import Store

COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")
DENIED = ("denied_state_secret", "denied_prohibited_by_law", "denied_three_safeties", "denied_third_party",
          "denied_internal_affairs", "denied_process_info", "denied_enforcement_files", "denied_query_matter")
UNABLE = ("unable_not_held", "unable_needs_creation", "unable_unclear")


def _requests(**totals) -> dict:
    """A 表三 with only the 总计 column filled (others null); totals by row key."""
    return {row: {c: (totals[row] if c == "total" else None) for c in COLS} for row in totals}


def _full(**over) -> dict:
    totals = {"new_received": 18, "carried_over": 2, "granted": 6, "partly_granted": 2,
              **{k: 1 for k in DENIED}, **{k: 1 for k in UNABLE}, "other_handling": 1,
              "total_handled": 20, "carried_forward": 0}
    totals.update(over)
    return _requests(**totals)


def _group(upheld=None, corrected=None, other=None, pending=None, total=None) -> dict:
    return {"upheld": upheld, "corrected": corrected, "other": other, "pending": pending, "total": total}


def _record(key: str, requests=None, review=None, agency="某某县人民政府", year=2021) -> Record:
    tables = {}
    if requests is not None:
        tables["requests"] = requests
    if review is not None:
        tables["review_litigation"] = review
    return Record.model_validate({"source": {"path": f"{key}.txt", "format": "txt", "sha256": key},
                                  "agency": agency, "year": year, "template": "2021", "tables": tables})


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "ind.duckdb") as s:
        yield s


def _ind(store: Store, key: str) -> dict:
    return store.query("SELECT * FROM report_indicators WHERE sha256 = ?", [key])[0]


def test_full_table(store):
    review = {"review": _group(3, 1, 0, 0, 4), "litigation_direct": _group(total=None),
              "litigation_after_review": _group(0, 0, 0, 0, 0)}
    store.add(_record("full", _full(), review))
    ind = _ind(store, "full")
    assert ind["applications"] == 18
    assert ind["substantive_rate"] == pytest.approx(8 / 20)
    assert ind["denied_share"] == pytest.approx(8 / 20)
    assert ind["unable_share"] == pytest.approx(3 / 20)
    assert ind["review_correction_rate"] == pytest.approx(0.25)
    assert ind["litigation_direct_correction_rate"] is None     # blank total: null, not 0
    assert ind["litigation_after_review_correction_rate"] is None  # 0 / 0: null


def test_nulls_propagate(store):
    store.add(_record("one_denied_blank", _full(denied_third_party=None)))
    store.add(_record("granted_blank", _full(granted=None)))
    missing_row = _full()
    del missing_row["unable_unclear"]
    store.add(_record("unable_row_missing", missing_row))
    store.add(_record("zero_total", _full(total_handled=0)))
    store.add(_record("no_tables"))

    ind = _ind(store, "one_denied_blank")
    assert ind["denied_share"] is None and ind["substantive_rate"] == pytest.approx(0.4)
    ind = _ind(store, "granted_blank")
    assert ind["substantive_rate"] is None and ind["denied_share"] == pytest.approx(0.4)
    ind = _ind(store, "unable_row_missing")
    assert ind["unable_share"] is None and ind["denied_share"] == pytest.approx(0.4)
    ind = _ind(store, "zero_total")
    assert ind["substantive_rate"] is None and ind["denied_share"] is None
    ind = _ind(store, "no_tables")
    assert all(ind[k] is None for k in ("applications", "substantive_rate", "denied_share", "unable_share",
                                        "review_correction_rate"))
    # written zeros are zeros
    store.add(_record("zeros", _full(granted=0, partly_granted=0)))
    assert _ind(store, "zeros")["substantive_rate"] == 0


def test_agency_year_sums_components(store):
    store.add(_record("a1", _full(granted=10, partly_granted=0, total_handled=20), agency="甲局", year=2022))
    store.add(_record("a2", _full(granted=0, partly_granted=5, total_handled=30), agency="甲局", year=2022))
    store.add(_record("b1", _full(granted=3), agency="乙局", year=2022))
    store.add(_record("b2", _full(granted=None), agency="乙局", year=2022))
    rows = {r["agency"]: r for r in store.query("SELECT * FROM agency_year_indicators WHERE year = 2022")}
    assert rows["甲局"]["n_reports"] == 2
    assert rows["甲局"]["substantive_rate"] == pytest.approx(15 / 50)
    assert rows["甲局"]["applications"] == 36
    assert rows["乙局"]["substantive_rate"] is None          # one report's 予以公开 is blank
    assert rows["乙局"]["denied_share"] == pytest.approx(16 / 40)
    assert rows["甲局"]["agency_type"] == "department"


def test_outliers_flagged(store):
    for i in range(20):
        store.add(_record(f"r{i}", _full(new_received=10 + i % 5), agency=f"第{i}局"))
    store.add(_record("big", _full(new_received=1000), agency="大局"))
    flagged = store.query("SELECT sha256, robust_z, z_outlier, iqr_outlier FROM indicator_outliers "
                          "WHERE indicator = 'applications' AND is_outlier")
    assert [r["sha256"] for r in flagged] == ["big"]
    assert flagged[0]["robust_z"] > 3.5 and flagged[0]["iqr_outlier"]


def test_outliers_when_mad_is_zero(store):
    # Most reports grant everything (rate 1.0): MAD and IQR are 0; the mean absolute deviation still
    # separates the one report that granted almost nothing.
    for i in range(20):
        store.add(_record(f"r{i}", _full(granted=18, partly_granted=2), agency=f"第{i}局"))
    store.add(_record("low", _full(granted=1, partly_granted=0), agency="低局"))
    flagged = store.query("SELECT sha256 FROM indicator_outliers WHERE indicator = 'substantive_rate' "
                          "AND is_outlier")
    assert [r["sha256"] for r in flagged] == ["low"]


def test_outliers_compare_with_peers(store):
    # 12 streets with few applications and 12 departments with many: a department with the streets'
    # volume is the outlier among its peers, and no street is flagged for being below the departments.
    for i in range(12):
        store.add(_record(f"s{i}", _full(new_received=2 + i % 3), agency=f"第{i}街道"))
        store.add(_record(f"d{i}", _full(new_received=200 + 5 * (i % 4)), agency=f"第{i}局"))
    store.add(_record("quiet_department", _full(new_received=3), agency="安静局"))
    flagged = store.query("SELECT sha256, peer_group FROM indicator_outliers WHERE indicator = 'applications' "
                          "AND is_outlier")
    assert flagged == [{"sha256": "quiet_department", "peer_group": "department"}]
