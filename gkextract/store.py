"""The embedded store: records in DuckDB, one row per report plus long-form child tables.

Tables (all keyed by the report's ``sha256``):

- ``reports``   one row per report: source, title, agency (+ type and region), year, date, template, counts,
                and the full record as JSON (``record``) so :meth:`Store.get` gives the Record back
- ``sections``  ``ord, key, title, start, end``
- ``cells``     long form: ``tbl, row_key, col_key, ord, value, unit`` for 表二/表三/表四
                (``tbl`` proactive | requests | review_litigation), their ``extra_rows``
                (``tbl`` = ``proactive.extra_rows``, ``col_key`` = position) and ``legacy_stats``
                (``row_key`` = label, ``col_key`` = ``value`` or ``values.N``)
- ``figures``   ``ord, label, value, unit, text, start, end``
- ``items``     ``kind`` (problem | measure), ``ord, text, themes`` (a list)
- ``checks``    ``ord, rule, severity, message, cells`` (a list)
- ``failures``  ``path, reason``: files that could not be read (no sha256)

Re-adding a report with the same sha256 replaces all its rows in one transaction (a write interrupted
by a crash or a kill is rolled back as a whole when the file is next opened: no duplicates, no half
report). One writer at a time: a writing Store holds ``FILE.lock`` (filelock) from opening to
:meth:`Store.close`; another process waits for it up to ``lock_timeout`` seconds, then gets a
:class:`StoreBusy` error saying so. Records given one
at a time (:meth:`Store.add`, :meth:`Store.add_json`) are buffered and written in batches; every read
and :meth:`Store.close` writes the buffer first. Indicator views
(``report_indicators``, ``agency_year_indicators``, ``indicator_values``, ``indicator_outliers``) are
installed with the schema; their SQL lives in :mod:`gkextract.summarize.indicators`.

Usage::

    with Store("gkextract.duckdb") as store:
        store.add(record)                           # a Record or its dict
        store.add("corpus/bad.pdf", failed="no text layer")
        store.add_many(records)
        store.add_json(record_json_text)
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Optional, Union

import duckdb
import pyarrow as pa
from filelock import FileLock, Timeout

from .errors import GkError

from .record import Record
from .agency import describe_agency
from .summarize.indicators import install_views

RecordLike = Union[Record, dict]

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS reports (
    sha256 VARCHAR PRIMARY KEY, path VARCHAR, format VARCHAR, title VARCHAR, agency VARCHAR,
    agency_type VARCHAR, agency_level VARCHAR, province VARCHAR, city VARCHAR, county VARCHAR,
    region VARCHAR, year INTEGER, "date" VARCHAR, template VARCHAR,
    n_sections INTEGER, n_figures INTEGER, n_problems INTEGER, n_measures INTEGER, n_checks INTEGER,
    record JSON
);
CREATE TABLE IF NOT EXISTS sections (
    sha256 VARCHAR, ord INTEGER, key VARCHAR, title VARCHAR, start INTEGER, "end" INTEGER
);
CREATE TABLE IF NOT EXISTS cells (
    sha256 VARCHAR, tbl VARCHAR, row_key VARCHAR, col_key VARCHAR, ord INTEGER, value DOUBLE, unit VARCHAR
);
CREATE TABLE IF NOT EXISTS figures (
    sha256 VARCHAR, ord INTEGER, label VARCHAR, value DOUBLE, unit VARCHAR, text VARCHAR,
    start INTEGER, "end" INTEGER
);
CREATE TABLE IF NOT EXISTS items (
    sha256 VARCHAR, kind VARCHAR, ord INTEGER, text VARCHAR, themes VARCHAR[]
);
CREATE TABLE IF NOT EXISTS checks (
    sha256 VARCHAR, ord INTEGER, rule VARCHAR, severity VARCHAR, message VARCHAR, cells VARCHAR[]
);
CREATE TABLE IF NOT EXISTS failures (
    path VARCHAR PRIMARY KEY, reason VARCHAR
);
"""

# Column names and arrow types of every child table, in DDL order.
_STR, _INT, _DBL, _STRS = pa.string(), pa.int32(), pa.float64(), pa.list_(pa.string())
COLUMNS: dict[str, dict[str, pa.DataType]] = {
    "reports": {
        "sha256": _STR, "path": _STR, "format": _STR, "title": _STR, "agency": _STR,
        "agency_type": _STR, "agency_level": _STR, "province": _STR, "city": _STR, "county": _STR,
        "region": _STR, "year": _INT, "date": _STR, "template": _STR, "n_sections": _INT,
        "n_figures": _INT, "n_problems": _INT, "n_measures": _INT, "n_checks": _INT, "record": _STR,
    },
    "sections": {"sha256": _STR, "ord": _INT, "key": _STR, "title": _STR, "start": _INT, "end": _INT},
    "cells": {"sha256": _STR, "tbl": _STR, "row_key": _STR, "col_key": _STR, "ord": _INT,
              "value": _DBL, "unit": _STR},
    "figures": {"sha256": _STR, "ord": _INT, "label": _STR, "value": _DBL, "unit": _STR, "text": _STR,
                "start": _INT, "end": _INT},
    "items": {"sha256": _STR, "kind": _STR, "ord": _INT, "text": _STR, "themes": _STRS},
    "checks": {"sha256": _STR, "ord": _INT, "rule": _STR, "severity": _STR, "message": _STR,
               "cells": _STRS},
}
TABLES = (*COLUMNS, "failures")
STAT_TABLES = ("proactive", "requests", "review_litigation")


def as_record(record: RecordLike) -> Record:
    return record if isinstance(record, Record) else Record.model_validate(record)


def _cell_rows(sha: str, record: Record) -> Iterator[dict[str, Any]]:
    tables = record.tables
    for name in STAT_TABLES:
        table = getattr(tables, name)
        if table is None:
            continue
        for ord_, (row_key, cols) in enumerate(table.rows.items()):
            for col_key, value in cols.items():
                yield {"sha256": sha, "tbl": name, "row_key": row_key, "col_key": col_key, "ord": ord_,
                       "value": value, "unit": table.units.get(f"{row_key}.{col_key}")}
        for ord_, extra in enumerate(table.extra_rows):
            for i, value in enumerate(extra.cells):
                yield {"sha256": sha, "tbl": f"{name}.extra_rows", "row_key": extra.label,
                       "col_key": str(i), "ord": ord_, "value": value, "unit": None}
    for ord_, stat in enumerate(tables.legacy_stats or []):
        yield {"sha256": sha, "tbl": "legacy_stats", "row_key": stat.label, "col_key": "value",
               "ord": ord_, "value": stat.value, "unit": stat.unit}
        for i, value in enumerate(stat.values or []):
            yield {"sha256": sha, "tbl": "legacy_stats", "row_key": stat.label, "col_key": f"values.{i}",
                   "ord": ord_, "value": value, "unit": stat.unit}


def flatten(record: Record) -> dict[str, list[dict[str, Any]]]:
    """One record as rows of every table (the store's only view of a record)."""
    sha = record.source.sha256
    agency = describe_agency(record.agency)
    report = {
        "sha256": sha, "path": record.source.path, "format": record.source.format, "title": record.title,
        "agency": record.agency, "agency_type": agency.type, "agency_level": agency.level,
        "province": agency.province, "city": agency.city, "county": agency.county,
        "region": agency.region, "year": record.year, "date": record.date, "template": record.template,
        "n_sections": len(record.sections), "n_figures": len(record.figures),
        "n_problems": len(record.problems), "n_measures": len(record.measures),
        "n_checks": len(record.checks), "record": record.to_json(indent=None),
    }
    items = [
        {"sha256": sha, "kind": kind, "ord": i, "text": item.text, "themes": list(item.themes)}
        for kind, seq in (("problem", record.problems), ("measure", record.measures))
        for i, item in enumerate(seq)
    ]
    return {
        "reports": [report],
        "sections": [{"sha256": sha, "ord": i, "key": s.key, "title": s.title, "start": s.start,
                      "end": s.end} for i, s in enumerate(record.sections)],
        "cells": list(_cell_rows(sha, record)),
        "figures": [{"sha256": sha, "ord": i, "label": f.label, "value": f.value, "unit": f.unit,
                     "text": f.text, "start": f.start, "end": f.end} for i, f in enumerate(record.figures)],
        "items": items,
        "checks": [{"sha256": sha, "ord": i, "rule": c.rule, "severity": c.severity, "message": c.message,
                    "cells": list(c.cells)} for i, c in enumerate(record.checks)],
    }


def _arrow(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = COLUMNS[table]
    return pa.table({col: pa.array([r[col] for r in rows], type=typ) for col, typ in schema.items()})


def _failure_of(record: Union[RecordLike, str, Path]) -> str:
    if isinstance(record, (str, Path)):
        return str(record)
    return as_record(record).source.path


class StoreBusy(GkError):
    """Another process is writing the store."""


DEFAULT_LOCK_TIMEOUT = 30.0


def lock_path(path: Union[str, Path]) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".lock")


class Store:
    """A DuckDB file holding records (see the module docstring for the tables)."""

    def __init__(self, path: Union[str, Path] = "gkextract.duckdb", read_only: bool = False,
                 buffer_size: int = 200, lock_timeout: Optional[float] = DEFAULT_LOCK_TIMEOUT):
        """``buffer_size``: records passed to :meth:`add`/:meth:`add_json` are written in batches of this
        many (one transaction each); any read, :meth:`flush` or :meth:`close` writes the rest first.
        ``lock_timeout``: seconds to wait for another writer to close the file (None: wait forever)."""
        self.path = Path(path)
        self.read_only = read_only
        self.buffer_size = buffer_size
        self._pending: list[Record] = []
        self._lock: Optional[FileLock] = None
        if not read_only and str(path) != ":memory:":
            self._lock = FileLock(str(lock_path(self.path)))
            try:
                self._lock.acquire(timeout=-1 if lock_timeout is None else lock_timeout)
            except Timeout:
                raise StoreBusy(f"{self.path}: another process is writing this store (lock "
                                f"{lock_path(self.path)}); waited {lock_timeout:g} s") from None
        try:
            self._con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as e:
            self._release()
            if "lock" in str(e).lower():
                raise StoreBusy(f"{self.path}: in use by another process ({str(e).splitlines()[0]})") from None
            raise
        if not read_only:
            self._con.execute(SCHEMA_SQL)
        install_views(self._con, temporary=read_only)

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, after writing any buffered records."""
        self.flush()
        return self._con

    def flush(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, []
            self._write_batch(pending)

    # -- writing -----------------------------------------------------------------------------
    def add(self, record: Union[RecordLike, str, Path, None], failed: Optional[str] = None) -> None:
        """Add (or replace) one record; with ``failed`` record the file as unreadable instead.

        ``failed`` is the reason; ``record`` is then the file's path (or a record naming it).
        """
        if failed is not None:
            self.add_failure(_failure_of(record), failed)
            return
        if record is None:
            raise ValueError("add() needs a record, or a path with failed=reason")
        self._buffer(as_record(record))

    def add_json(self, text: str) -> None:
        """Add one record given as its JSON text (what ``extract`` writes)."""
        self._buffer(Record.model_validate_json(text))

    def _buffer(self, record: Record) -> None:
        _require_sha(record)
        self._pending.append(record)
        if len(self._pending) >= self.buffer_size:
            self.flush()

    def add_failure(self, path: Union[str, Path], reason: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO failures VALUES (?, ?)", [str(path), reason])  # flushes first

    def add_many(self, records: Iterable[RecordLike], batch_size: int = 500, progress: bool = False) -> int:
        """Add records in batches, each batch one transaction; returns how many were added."""
        self.flush()
        added = 0
        batch: list[Record] = []
        iterable = _with_progress(records, "storing records") if progress else records
        for record in iterable:
            record = as_record(record)
            _require_sha(record)
            batch.append(record)
            if len(batch) >= batch_size:
                added += self._write_batch(batch)
                batch = []
        if batch:
            added += self._write_batch(batch)
        return added

    def _write_batch(self, records: list[Record]) -> int:
        latest = {r.source.sha256: r for r in records}  # the same file twice in a batch: last one wins
        rows: dict[str, list[dict[str, Any]]] = {t: [] for t in COLUMNS}
        for record in latest.values():
            for table, table_rows in flatten(record).items():
                rows[table].extend(table_rows)
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            con.register("_new_reports", _arrow("reports", rows["reports"]))
            for table in COLUMNS:
                con.execute(f"DELETE FROM {table} WHERE sha256 IN (SELECT sha256 FROM _new_reports)")
            con.execute("DELETE FROM failures WHERE path IN (SELECT path FROM _new_reports)")
            for table in COLUMNS:
                con.register("_new_rows", _arrow(table, rows[table]))
                con.execute(f"INSERT INTO {table} SELECT * FROM _new_rows")
                con.unregister("_new_rows")
            con.unregister("_new_reports")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return len(latest)

    # -- reading -----------------------------------------------------------------------------
    def get(self, sha256: str) -> Optional[Record]:
        row = self.con.execute("SELECT record FROM reports WHERE sha256 = ?", [sha256]).fetchone()
        return Record.model_validate_json(row[0]) if row else None

    def records(self) -> Iterator[Record]:
        for (text,) in self.con.execute("SELECT record FROM reports ORDER BY path, sha256").fetchall():
            yield Record.model_validate_json(text)

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def query(self, sql: str, params: Optional[list] = None) -> list[dict[str, Any]]:
        """Run SQL and return rows as dicts (column name → value)."""
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    # -- export ------------------------------------------------------------------------------
    def export_parquet(self, out_dir: Union[str, Path], views: bool = False) -> list[Path]:
        """Write one Parquet file per table (and per indicator view with ``views``) into ``out_dir``."""
        from .summarize.indicators import VIEWS

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name in (*TABLES, *(VIEWS if views else ())):
            target = out / f"{name}.parquet"
            literal = str(target).replace("'", "''")
            self.con.execute(f"COPY (SELECT * FROM {name}) TO '{literal}' (FORMAT parquet)")
            written.append(target)
        return written

    def done(self) -> set[str]:
        """sha256 of every report stored (``gkextract extract --resume`` skips those inputs)."""
        return {sha for (sha,) in self.con.execute("SELECT sha256 FROM reports").fetchall()}

    def close(self) -> None:
        try:
            self.flush()
        finally:
            try:
                self._con.close()
            finally:
                self._release()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _require_sha(record: Record) -> None:
    if not record.source.sha256:
        raise ValueError(f"record {record.source.path or record.title!r} has no source.sha256")


def _with_progress(records: Iterable, description: str) -> Iterator:
    from rich.progress import track

    total = len(records) if hasattr(records, "__len__") else None
    yield from track(records, description=description, total=total, transient=True)
