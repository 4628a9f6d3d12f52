"""Store: round trip, idempotent re-adding, replacement, failures, one transaction per batch, Parquet."""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from gkextract import store as store_mod
from gkextract.record import Record
from gkextract.store import TABLES, Store

GOLD = Path("/work/shared/corpus/gold")
ORDER = {  # a total order per table, to compare contents
    "reports": "sha256", "sections": "sha256, ord", "cells": "sha256, tbl, ord, row_key, col_key",
    "figures": "sha256, ord", "items": "sha256, kind, ord", "checks": "sha256, ord", "failures": "path",
}


def _records() -> list[Record]:
    records = [Record.model_validate(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(GOLD.glob("*.json"))]
    records.append(_legacy_record())
    return records


def _legacy_record() -> Record:
    return Record.model_validate({
        "source": {"path": "made/legacy.txt", "format": "txt", "sha256": "f" * 64},
        "agency": "某某县人民政府", "year": 2015, "template": "legacy",
        "tables": {
            "proactive": {"rules": {"issued": 1, "repealed": None, "in_force": 3},
                          "units": {"rules.issued": "件"}, "extra_rows": [{"label": "其他主动公开文件", "cells": [2, None]}]},
            "legacy_stats": [
                {"label": "主动公开政府信息数", "unit": "条", "value": 970, "values": [970, 5120]},
                {"label": "收到申请数", "unit": "件", "value": None},
            ],
        },
        "problems": [{"text": "公开内容不够全面", "themes": ["scope_depth"]}],
        "checks": [{"rule": "BLANK_CELLS", "severity": "warning", "message": "x", "cells": ["a.b", "c.d"]}],
    })


def _expected_cells(record: Record) -> int:
    n = 0
    for name in ("proactive", "requests", "review_litigation"):
        table = getattr(record.tables, name)
        if table is not None:
            n += sum(len(cols) for cols in table.rows.values()) + sum(len(e.cells) for e in table.extra_rows)
    for stat in record.tables.legacy_stats or []:
        n += 1 + len(stat.values or [])
    return n


def _contents(store: Store) -> dict[str, list[tuple]]:
    return {t: store.con.execute(f"SELECT * FROM {t} ORDER BY {ORDER[t]}").fetchall() for t in TABLES}


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "gk.duckdb") as s:
        yield s


def test_round_trip(store):
    records = _records()
    assert store.add_many(records) == len(records)
    for record in records:
        assert store.get(record.source.sha256).to_dict() == record.to_dict()
    counts = store.counts()
    assert counts["reports"] == len(records)
    assert counts["cells"] == sum(_expected_cells(r) for r in records)
    assert counts["items"] == sum(len(r.problems) + len(r.measures) for r in records)
    assert counts["checks"] == sum(len(r.checks) for r in records)
    assert counts["figures"] == sum(len(r.figures) for r in records)
    assert counts["sections"] == sum(len(r.sections) for r in records)


def test_cells_long_form_values(store):
    store.add_many(_records())
    value = store.con.execute(
        "SELECT value FROM cells c JOIN reports r USING (sha256) WHERE r.agency = '淮安市洪泽区人民政府' "
        "AND tbl = 'requests' AND row_key = 'total_handled' AND col_key = 'total'").fetchone()[0]
    assert value == 95
    rows = store.con.execute("SELECT tbl, row_key, col_key, value, unit FROM cells WHERE sha256 = ? "
                             "ORDER BY tbl, ord, col_key", ["f" * 64]).fetchall()
    assert ("legacy_stats", "主动公开政府信息数", "value", 970, "条") in rows
    assert ("legacy_stats", "主动公开政府信息数", "values.1", 5120, "条") in rows
    assert ("legacy_stats", "收到申请数", "value", None, "件") in rows          # blank stays null
    assert ("proactive", "rules", "issued", 1, "件") in rows
    assert ("proactive.extra_rows", "其他主动公开文件", "1", None, None) in rows
    themes, = store.con.execute("SELECT themes FROM items WHERE sha256 = ?", ["f" * 64]).fetchone()
    assert themes == ["scope_depth"]
    cells, = store.con.execute("SELECT cells FROM checks WHERE sha256 = ?", ["f" * 64]).fetchone()
    assert cells == ["a.b", "c.d"]


def test_readding_is_idempotent(store):
    records = _records()
    store.add_many(records)
    before_counts, before = store.counts(), _contents(store)
    store.add_many(records)                    # the whole batch again
    for record in records[:3]:                 # and some one by one, as dicts
        store.add(record.to_dict())
    store.add_many(records[:2] + records[:2])  # duplicates inside one batch
    assert store.counts() == before_counts
    assert _contents(store) == before


def test_readding_replaces_rows(store):
    record = _records()[-1]
    store.add(record)
    changed = record.model_copy(deep=True)
    changed.problems = []
    changed.title = "changed"
    store.add(changed)
    assert store.counts()["items"] == 0
    assert store.counts()["reports"] == 1
    assert store.get(record.source.sha256).title == "changed"


def test_failures(store):
    store.add("corpus/broken.pdf", failed="no text layer")
    store.add("corpus/broken.pdf", failed="still broken")      # replaces, never duplicates
    store.add_failure("corpus/other.docx", "not a zip file")
    assert store.query("SELECT * FROM failures ORDER BY path") == [
        {"path": "corpus/broken.pdf", "reason": "still broken"},
        {"path": "corpus/other.docx", "reason": "not a zip file"},
    ]
    record = _records()[-1].model_copy(deep=True)
    record.source.path = "corpus/broken.pdf"
    store.add(record)                          # the file reads now: its failure goes
    assert [r["path"] for r in store.query("SELECT path FROM failures")] == ["corpus/other.docx"]


def test_record_without_sha_is_refused(store):
    record = _records()[-1].model_copy(deep=True)
    record.source.sha256 = ""
    with pytest.raises(ValueError):
        store.add(record)


def test_batch_is_one_transaction(store, monkeypatch):
    records = _records()
    store.add_many(records[:2])
    before = _contents(store)
    real = store_mod._arrow

    def failing(table, rows):
        if table == "checks":
            raise RuntimeError("disk full")
        return real(table, rows)

    monkeypatch.setattr(store_mod, "_arrow", failing)
    with pytest.raises(RuntimeError):
        store.add_many(records)                # deletes and inserts of earlier tables roll back
    assert _contents(store) == before


def test_export_parquet(store, tmp_path):
    store.add_many(_records())
    store.add_failure("x.pdf", "bad")
    written = store.export_parquet(tmp_path / "pq")
    assert sorted(p.stem for p in written) == sorted(TABLES)
    counts = store.counts()
    for path in written:
        assert pq.read_table(path).num_rows == counts[path.stem]


def test_export_command(store, tmp_path):
    from typer.testing import CliRunner

    from gkextract.cli import app

    store.add_many(_records())
    db = store.path
    store.close()
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--parquet", str(tmp_path / "out"), "--views",
                                   "--flat"])
    assert result.exit_code == 0, result.output
    names = {p.stem for p in (tmp_path / "out").glob("*.parquet")}
    assert set(TABLES) <= names and "report_indicators" in names


def test_single_adds_are_buffered_and_written_on_close(tmp_path):
    records = _records()
    db = tmp_path / "buffered.duckdb"
    with Store(db, buffer_size=3) as store:
        for record in records:
            store.add_json(record.to_json(indent=None))
        store.add("corpus/late.pdf", failed="unreadable")   # a failure after buffered records
        late = records[0].model_copy(deep=True)
        late.source.path = "corpus/late.pdf"
        store.add(late)                                     # ...and then the same path reads
    with Store(db, read_only=True) as store:
        assert store.counts()["reports"] == len(records)
        assert store.counts()["failures"] == 0
        assert store.get(records[0].source.sha256).source.path == "corpus/late.pdf"


@pytest.mark.parametrize("command", [["summarize", "--out", "r.html"], ["export", "--parquet", "pq"]])
def test_commands_on_a_missing_store_say_so_and_exit_2(tmp_path, command):
    from typer.testing import CliRunner

    from gkextract.cli import app

    db = tmp_path / "none.duckdb"
    res = CliRunner().invoke(app, [command[0], "--db", str(db), *command[1:]])
    assert res.exit_code == 2
    assert "no store at" in res.output and not db.exists()
