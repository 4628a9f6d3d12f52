"""`export --parquet DIR`: a dataset partitioned by year and province that DuckDB, pyarrow (and Polars
where installed) read with hive partitioning, row for row what the store holds."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest
from typer.testing import CliRunner

from gkextract.cli import app
from gkextract.dataset import open_dataset
from gkextract.record import Record
from gkextract.store import COLUMNS, Store

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
# (agency, year): a known province, two agencies of one province, a central body (no province), no year
AGENCIES = [("北京市海淀区人民政府", 2021), ("广东省教育厅", 2021), ("广东省广州市人民政府", 2022),
            ("国家统计局", 2020), ("北京市海淀区人民政府", None)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("export")
    gold = sorted(SAMPLES.glob("*.json"))
    with Store(root / "s.duckdb") as store:
        for i, (agency, year) in enumerate(AGENCIES):
            data = json.loads(gold[i].read_text(encoding="utf-8"))
            data["agency"], data["year"] = agency, year
            data["source"]["sha256"] = f"{i:064d}"
            store.add(Record.model_validate(data))
        store.add_failure("bad.pdf", "no text layer")
    res = CliRunner().invoke(app, ["export", "--db", str(root / "s.duckdb"), "--parquet", str(root / "pq")])
    assert res.exit_code == 0, res.output
    return root / "s.duckdb", root / "pq"


def _hive(dataset: Path, table: str) -> str:
    return f"read_parquet('{dataset}/{table}/**/*.parquet', hive_partitioning = true)"


def test_folders_are_hive_partitions_by_year_and_province(exported):
    _, pq = exported
    folders = {p.parent.relative_to(pq / "reports").as_posix() for p in (pq / "reports").rglob("*.parquet")}
    assert folders == {f"year=2021/province={quote('北京市')}", f"year=2021/province={quote('广东省')}",
                       f"year=2022/province={quote('广东省')}", "year=2020/province=__HIVE_DEFAULT_PARTITION__",
                       f"year=__HIVE_DEFAULT_PARTITION__/province={quote('北京市')}"}
    assert [p.name for p in (pq / "failures").iterdir()] == ["part-0.parquet"]


def test_duckdb_reads_every_table_as_the_store_holds_it(exported):
    db, pq = exported
    store = duckdb.connect(str(db), read_only=True)
    for table, columns in COLUMNS.items():
        cols = ", ".join(f'"{c}"' for c in columns)
        want = sorted(map(repr, store.execute(f"SELECT {cols} FROM {table}").fetchall()))
        got = duckdb.sql(f"SELECT {cols} FROM {_hive(pq, table)}").fetchall()
        assert sorted(map(repr, got)) == want, table
    rows = duckdb.sql(f"SELECT agency, year, province FROM {_hive(pq, 'reports')} ORDER BY sha256").fetchall()
    assert rows == [(a, y, {"北京市海淀区人民政府": "北京市", "国家统计局": None}.get(a, "广东省"))
                    for a, y in AGENCIES]
    # child tables carry the partition keys: filter cells of one province and year without a join
    n = duckdb.sql(f"SELECT count(*) FROM {_hive(pq, 'cells')} WHERE province = '广东省' AND year = 2021")
    assert n.fetchall()[0][0] == store.execute("SELECT count(*) FROM cells WHERE sha256 = ?", [f"{1:064d}"]).fetchall()[0][0]
    assert duckdb.sql(f"SELECT * FROM read_parquet('{pq}/failures/*.parquet')").fetchall() == [("bad.pdf", "no text layer")]


def test_pyarrow_reads_the_dataset(exported):
    _, pq = exported
    table = open_dataset(pq, "reports").to_table()
    assert table.num_rows == len(AGENCIES)
    assert sorted(map(str, table.column("province").to_pylist())) == sorted(["北京市", "北京市", "广东省", "广东省", "None"])
    import pyarrow.dataset as ds

    assert ds.dataset(pq / "cells", format="parquet", partitioning="hive").to_table().num_rows > 0


def test_polars_reads_the_dataset(exported):
    pl = pytest.importorskip("polars")
    _, pq = exported
    frame = pl.scan_parquet(f"{pq}/reports/**/*.parquet", hive_partitioning=True).collect()
    assert frame.height == len(AGENCIES) and set(frame["province"].to_list()) == {"北京市", "广东省", None}


def test_export_again_replaces_the_dataset(exported, tmp_path):
    db, pq = exported
    res = CliRunner().invoke(app, ["export", "--db", str(db), "--parquet", str(pq)])
    assert res.exit_code == 0, res.output
    assert duckdb.sql(f"SELECT count(*) FROM {_hive(pq, 'reports')}").fetchall()[0][0] == len(AGENCIES)
    assert not list(pq.glob(".*"))  # no temporary folders left


def test_empty_store_exports_readable_empty_tables(tmp_path):
    with Store(tmp_path / "e.duckdb"):
        pass
    res = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "e.duckdb"), "--parquet", str(tmp_path / "pq")])
    assert res.exit_code == 0, res.output
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/pq/reports/**/*.parquet')").fetchall()[0][0] == 0


def _inputs_with_an_empty_file(folder: Path, numbers: str) -> Path:
    """The bundled samples synth_2024_000<numbers> (reports only) and an empty file, which fails."""
    folder.mkdir()
    for f in sorted(SAMPLES.glob(f"synth_2024_000{numbers}_*")):
        if f.suffix != ".json":
            (folder / f.name).write_bytes(f.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_dask_workers_write_the_dataset_export_would(tmp_path):
    """extract_to_parquet (workers write their chunks) gives the rows that extract + export give."""
    pytest.importorskip("distributed")
    from gkextract.batch import discover, run
    from gkextract.engines.dask_engine import extract_to_parquet

    files, _ = discover([_inputs_with_an_empty_file(tmp_path / "in", "[0-6]")])
    outcomes = list(extract_to_parquet(files, tmp_path / "workers", jobs=2, chunk=3))
    assert len(outcomes) == 8 and sum(o.ok for o in outcomes) == 7
    with Store(tmp_path / "s.duckdb") as store:
        for o in run(files, isolate=False):
            store.add_json(o.record_json) if o.ok else store.add_failure(o.path, o.error)
        from gkextract.dataset import write_partitioned

        write_partitioned(store, tmp_path / "export")
    for table in (*COLUMNS, "failures"):
        pattern = "*.parquet" if table == "failures" else "**/*.parquet"
        rows = [sorted(map(repr, duckdb.sql(f"SELECT * FROM read_parquet('{tmp_path}/{d}/{table}/{pattern}', "
                                            "hive_partitioning = true, union_by_name = true)").fetchall()))
                for d in ("workers", "export")]
        assert rows[0] == rows[1], table


def test_cli_extract_parquet_has_the_workers_write_the_dataset(tmp_path):
    """`extract --engine dask --parquet DIR`: the workers write the dataset, failures are listed and kept in it,
    the exit code says a file failed; --parquet without the dask engine, or beside --out, is a usage error."""
    pytest.importorskip("distributed")
    _inputs_with_an_empty_file(tmp_path / "in", "[0-4]")
    res = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "--engine", "dask", "--jobs", "1",
                                   "--parquet", str(tmp_path / "ds")])
    assert res.exit_code == 1, res.output
    assert "empty.txt" in res.output
    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/ds/reports/**/*.parquet', "
                       "hive_partitioning = true)").fetchall()[0][0]
    failures = duckdb.sql(f"SELECT path FROM read_parquet('{tmp_path}/ds/failures/*.parquet')").fetchall()
    assert count == 5 and [Path(p).name for (p,) in failures] == ["empty.txt"]
    for options in (["--parquet", str(tmp_path / "x")], ["--engine", "dask", "--parquet", str(tmp_path / "x"),
                                                          "--out", str(tmp_path / "o")]):
        res = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), *options])
        assert res.exit_code == 2 and "--parquet" in res.output
