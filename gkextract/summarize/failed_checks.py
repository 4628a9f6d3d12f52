"""Which check rules fail most often, and in how many reports."""
from __future__ import annotations

import duckdb

from .frames import Frame


def failed_check_counts(con: duckdb.DuckDBPyConnection) -> Frame:
    sql = """
        SELECT rule, severity, count(*) AS failures, count(DISTINCT sha256) AS reports,
            round(count(DISTINCT sha256) / (SELECT greatest(count(*), 1) FROM reports), 4) AS share_of_reports
        FROM checks GROUP BY rule, severity ORDER BY failures DESC, rule, severity
    """
    return Frame.from_sql(con, "failed_checks", "most frequent failed checks", sql)


def failed_checks_by(con: duckdb.DuckDBPyConnection, by: str) -> Frame:
    from .themes import group_expr

    sql = f"""
        SELECT {group_expr(by)} AS "{by}", c.rule, count(*) AS failures, count(DISTINCT c.sha256) AS reports
        FROM checks c JOIN reports r USING (sha256) GROUP BY ALL ORDER BY 1, failures DESC, rule
    """
    return Frame.from_sql(con, f"failed_checks_by_{by}", f"failed checks by {by}", sql)
