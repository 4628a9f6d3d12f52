"""A small named result table (columns + rows) that writes itself as CSV and JSON."""
from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb


@dataclass
class Frame:
    name: str                      # file stem: report_files/<name>.csv and .json
    title: str                     # heading in the HTML
    columns: list[str]
    rows: list[tuple] = field(default_factory=list)

    @classmethod
    def from_sql(cls, con: duckdb.DuckDBPyConnection, name: str, title: str, sql: str,
                 params: list | None = None) -> "Frame":
        cur = con.execute(sql, params or [])
        return cls(name, title, [d[0] for d in cur.description], [tuple(r) for r in cur.fetchall()])

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        csv_path, json_path = folder / f"{self.name}.csv", folder / f"{self.name}.json"
        with csv_path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(self.columns)
            writer.writerows([[_csv_cell(v) for v in row] for row in self.rows])
        json_path.write_text(json.dumps([{k: _json_cell(v) for k, v in r.items()} for r in self.records()],
                                        ensure_ascii=False, indent=1), encoding="utf-8")
        return [csv_path, json_path]


def _json_cell(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (list, tuple)):
        return [_json_cell(v) for v in value]
    return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value
