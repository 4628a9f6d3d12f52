"""Problem and measure theme frequencies, and problems left without a matching measure (§9.3)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import duckdb
import yaml

from ..paths import CONFIGS
from ..record import MEASURE_THEMES, PROBLEM_THEMES
from .frames import Frame

GROUPINGS = {
    "year": "CAST(r.year AS VARCHAR)",
    "agency_type": "r.agency_type",
    "region": "r.region",
}
UNKNOWN_GROUP = "未知"


@dataclass(frozen=True)
class ThemeMapping:
    problem_to_measures: dict[str, tuple[str, ...]]
    problem_labels: dict[str, str]
    measure_labels: dict[str, str]

    def pairs(self) -> list[tuple[str, str]]:
        return [(p, m) for p, ms in self.problem_to_measures.items() for m in ms]

    def label(self, kind: str, theme: str) -> str:
        labels = self.problem_labels if kind == "problem" else self.measure_labels
        return labels.get(theme, theme)


@lru_cache(maxsize=4)
def load_mapping(path: Optional[Path] = None) -> ThemeMapping:
    data = yaml.safe_load((path or CONFIGS / "theme_mapping.yaml").read_text(encoding="utf-8"))
    mapping = {p: tuple(ms) for p, ms in data["problem_to_measures"].items()}
    unknown = (set(mapping) - set(PROBLEM_THEMES)) | ({m for ms in mapping.values() for m in ms}
                                                      - set(MEASURE_THEMES))
    if unknown:
        raise ValueError(f"theme_mapping.yaml names unknown themes: {sorted(unknown)}")
    return ThemeMapping(mapping, data.get("problem_labels", {}), data.get("measure_labels", {}))


def group_expr(by: str) -> str:
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; choose one of {', '.join(GROUPINGS)}")
    return f"coalesce({GROUPINGS[by]}, '{UNKNOWN_GROUP}')"


def theme_frequencies(con: duckdb.DuckDBPyConnection, kind: str, by: str) -> Frame:
    """Long form: (group, theme, items, reports); an item with two themes counts under both."""
    sql = f"""
        SELECT {group_expr(by)} AS "{by}", t.theme, count(*) AS items, count(DISTINCT t.sha256) AS reports
        FROM (SELECT sha256, unnest(themes) AS theme FROM items WHERE kind = ?) t
        JOIN reports r USING (sha256)
        GROUP BY ALL ORDER BY 1, items DESC, theme
    """
    return Frame.from_sql(con, f"{kind}_themes_by_{by}", f"{kind} themes by {by}", sql, [kind])


def group_sizes(con: duckdb.DuckDBPyConnection, by: str) -> dict[str, int]:
    rows = con.execute(f"SELECT {group_expr(by)} AS g, count(*) FROM reports r GROUP BY g ORDER BY g").fetchall()
    return dict(rows)


def _register_mapping(con: duckdb.DuckDBPyConnection, mapping: ThemeMapping) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE theme_mapping (problem_theme VARCHAR, measure_theme VARCHAR)")
    con.executemany("INSERT INTO theme_mapping VALUES (?, ?)", mapping.pairs())


_MATCH_SQL = """
    WITH pt AS (SELECT DISTINCT sha256, unnest(themes) AS theme FROM items WHERE kind = 'problem'),
    mt AS (SELECT DISTINCT sha256, unnest(themes) AS theme FROM items WHERE kind = 'measure'),
    matched AS (
        SELECT pt.sha256, pt.theme, bool_or(mt.theme IS NOT NULL) AS has_measure
        FROM pt LEFT JOIN theme_mapping m ON m.problem_theme = pt.theme
        LEFT JOIN mt ON mt.sha256 = pt.sha256 AND mt.theme = m.measure_theme
        GROUP BY ALL
    )
"""


def unmatched_problems(con: duckdb.DuckDBPyConnection, mapping: ThemeMapping) -> Frame:
    """Per problem theme: reports raising it, and those whose measures contain no mapped measure theme."""
    _register_mapping(con, mapping)
    sql = _MATCH_SQL + """
        SELECT theme AS problem_theme, count(*) AS reports_with_problem,
            count(*) FILTER (WHERE NOT has_measure) AS reports_without_measure,
            round(count(*) FILTER (WHERE NOT has_measure) / count(*), 4) AS share_without_measure
        FROM matched GROUP BY theme ORDER BY reports_without_measure DESC, theme
    """
    return Frame.from_sql(con, "unmatched_problems", "problems without a matching measure", sql)


def unmatched_examples(con: duckdb.DuckDBPyConnection, mapping: ThemeMapping, limit: int = 25) -> Frame:
    """Problem statements whose every theme lacks a matching measure in the same report."""
    _register_mapping(con, mapping)
    sql = _MATCH_SQL + """
        , problem_items AS (
            SELECT i.sha256, i.ord, i.text, unnest(i.themes) AS theme FROM items i WHERE kind = 'problem'
        )
        SELECT r.agency, r.year, p.text, list(DISTINCT p.theme ORDER BY p.theme) AS themes
        FROM problem_items p JOIN matched m USING (sha256, theme) JOIN reports r USING (sha256)
        GROUP BY r.agency, r.year, p.sha256, p.ord, p.text
        HAVING NOT bool_or(m.has_measure)
        ORDER BY r.year DESC NULLS LAST, r.agency, p.ord
        LIMIT ?
    """
    return Frame.from_sql(con, "unmatched_problem_examples", "problem statements without a matching measure",
                          sql, [limit])
