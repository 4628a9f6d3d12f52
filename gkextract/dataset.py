"""The store as a hive-partitioned Parquet dataset (``gkextract export --parquet DIR``).

One folder per table, partitioned by the report's ``year`` and ``province`` (from the agency's name,
:func:`gkextract.agency.describe_agency`; ``__HIVE_DEFAULT_PARTITION__`` where unknown)::

    DIR/reports/year=2021/province=%E5%8C%97%E4%BA%AC%E5%B8%82/part-0.parquet
    DIR/cells/year=2021/province=.../part-0.parquet        (child tables carry year and province too)
    DIR/failures/part-0.parquet                             (no year: not partitioned)

Partition values are percent-encoded in folder names (pyarrow's default; Chinese names stay portable
on object stores) and decoded by every reader::

    duckdb:  SELECT * FROM read_parquet('DIR/reports/**/*.parquet', hive_partitioning = true)
    polars:  pl.scan_parquet('DIR/reports/**/*.parquet', hive_partitioning=True)
    pyarrow: gkextract.dataset.open_dataset('DIR', 'reports')   (the partition types given)
    spark:   spark.read.parquet('DIR/reports')

Rows stream from DuckDB in record batches, so the store's size does not bound memory. Each table is
written to a hidden folder beside its target and then put in place of the previous export of it.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Union

import pyarrow as pa

from .store import COLUMNS, Store

PARTITION = pa.schema([("year", pa.int32()), ("province", pa.string())])
BATCH_ROWS = 100_000
MAX_ROWS_PER_FILE = 1_000_000


def _query(table: str) -> str:
    if table == "reports":
        return "SELECT * FROM reports"
    cols = ", ".join(f't."{c}"' for c in COLUMNS[table])
    return (f"SELECT {cols}, r.year, r.province FROM {table} t "
            f"LEFT JOIN (SELECT sha256, year, province FROM reports) r USING (sha256)")


def _batches(con, sql: str) -> pa.RecordBatchReader:
    """A query's rows as arrow record batches (DuckDB 2 renamed ``fetch_record_batch``)."""
    rel = con.sql(sql)
    if hasattr(rel, "to_arrow_reader"):
        return rel.to_arrow_reader(BATCH_ROWS)
    return rel.fetch_arrow_reader(BATCH_ROWS)


def open_dataset(out_dir: Union[str, Path], table: str = "reports"):
    """One exported table as a ``pyarrow.dataset.Dataset`` (partition types given, so a column of
    unknown provinces only still reads)."""
    import pyarrow.dataset as ds

    partitioning = None if table == "failures" else ds.partitioning(PARTITION, flavor="hive")
    return ds.dataset(Path(out_dir) / table, format="parquet", partitioning=partitioning)


def write_partitioned(store: Store, out_dir: Union[str, Path], tables=None) -> list[Path]:
    """Write ``tables`` (default: every table and ``failures``) under ``out_dir``; returns their folders."""
    import pyarrow.dataset as ds

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables or (*COLUMNS, "failures"):
        target, tmp = out / table, out / f".{table}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        reader = _batches(store.con, _query(table) if table != "failures" else "SELECT * FROM failures")
        partitioned = table != "failures"
        ds.write_dataset(reader, tmp, format="parquet", basename_template="part-{i}.parquet",
                         partitioning=ds.partitioning(PARTITION, flavor="hive") if partitioned else None,
                         max_rows_per_file=MAX_ROWS_PER_FILE, max_rows_per_group=min(BATCH_ROWS, MAX_ROWS_PER_FILE),
                         existing_data_behavior="overwrite_or_ignore")
        if not any(tmp.rglob("*.parquet")):  # an empty table still reads back, with its columns
            import pyarrow.parquet as pq

            tmp.mkdir(parents=True, exist_ok=True)
            schema = reader.schema
            if partitioned:
                schema = pa.schema([f for f in schema if f.name not in PARTITION.names])
            pq.write_table(schema.empty_table(), tmp / "part-0.parquet")
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
        written.append(target)
    return written


def write_records(record_jsons: list[str], failures: list[tuple[str, str]], out_dir: Union[str, Path],
                  part: str) -> None:
    """Add records (their JSON texts) and failures (path, reason) to the dataset at ``out_dir`` as files
    named ``part-<part>-N.parquet``, in the layout :func:`write_partitioned` gives: how Dask workers write
    their own share of a very large run (:func:`gkextract.engines.dask_engine.extract_to_parquet`)."""
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    from .record import Record
    from .store import _arrow, flatten

    out = Path(out_dir)
    rows: dict[str, list[dict]] = {t: [] for t in COLUMNS}
    for text in record_jsons:
        tables = flatten(Record.model_validate_json(text))
        keys = {"year": tables["reports"][0]["year"], "province": tables["reports"][0]["province"]}
        for table, table_rows in tables.items():
            rows[table].extend(table_rows if table == "reports" else ({**r, **keys} for r in table_rows))
    for table, table_rows in rows.items():
        if not table_rows:
            continue
        data = _arrow(table, table_rows)
        if table != "reports":
            data = data.append_column("year", pa.array([r["year"] for r in table_rows], pa.int32())) \
                       .append_column("province", pa.array([r["province"] for r in table_rows], pa.string()))
        ds.write_dataset(data, out / table, format="parquet", basename_template=f"part-{part}-{{i}}.parquet",
                         partitioning=ds.partitioning(PARTITION, flavor="hive"),
                         existing_data_behavior="overwrite_or_ignore")
    if failures:
        (out / "failures").mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.table({"path": [p for p, _ in failures], "reason": [r for _, r in failures]}),
                       out / "failures" / f"part-{part}.parquet")
