"""Indicators as DuckDB views over the store's ``cells`` (表三 总计 column, 表四 groups).

Per report (``report_indicators``):

- ``applications``        本年新收 总计
- ``total_handled``       （七）总计 总计
- ``substantive_rate``    (予以公开 + 部分公开) / （七）总计                      实质公开率
- ``denied_share``        Σ 不予公开 1–8 / （七）总计
- ``unable_share``        Σ 无法提供 1–3 / （七）总计
- ``review_correction_rate``, ``litigation_direct_correction_rate``,
  ``litigation_after_review_correction_rate``: 结果纠正 / 总计 of each 表四 group

Nulls stay null: a sum is null unless every term is present (a missing row counts as null), and a
ratio is null when either side is null or the denominator is 0. ``agency_year_indicators`` sums the
components of all reports of one agency and year (null if any report lacks one) and recomputes the
ratios. ``indicator_values`` is the long form; ``indicator_outliers`` compares each value with its
peers (the reports of the same agency type when there are at least ``MIN_PEERS`` values, else all
reports) and flags it by robust z-score (|z| > 3.5 with z = (x − median) / max(1.4826·MAD, floor))
or by the IQR fences (outside Q1 − 1.5·IQR … Q3 + 1.5·IQR, when IQR > 0). Counts are scored as
x = ln(1 + value) (volumes are heavy-tailed); the floor keeps a near-constant group (MAD = 0) from
flagging every small difference.
"""
from __future__ import annotations

import duckdb

RATE_INDICATORS = (
    "substantive_rate", "denied_share", "unable_share", "review_correction_rate",
    "litigation_direct_correction_rate", "litigation_after_review_correction_rate",
)
COUNT_INDICATORS = ("applications",)
INDICATORS = (*COUNT_INDICATORS, *RATE_INDICATORS)
INDICATOR_LABELS = {
    "applications": "本年新收申请（总计）",
    "substantive_rate": "实质公开率",
    "denied_share": "不予公开占比",
    "unable_share": "无法提供占比",
    "review_correction_rate": "行政复议纠错率",
    "litigation_direct_correction_rate": "直接起诉纠错率",
    "litigation_after_review_correction_rate": "复议后起诉纠错率",
}
VIEWS = ("report_components", "report_indicators", "agency_year_indicators", "indicator_values",
         "indicator_outliers")
Z_LIMIT = 3.5
MIN_PEERS = 10
COUNT_SCALE_FLOOR = 0.7   # log units: below a factor of ~2 a count is never an outlier
RATE_SCALE_FLOOR = 0.05   # rates: a spread below 5 points is not a spread
IQR_FACTOR = 1.5

# The components each ratio needs, per report. strict_sum(): the sum only when all n terms are present.
_COMPONENTS_SQL = """
CREATE OR REPLACE VIEW report_components AS
WITH t3 AS (
    SELECT sha256,
        max(value) FILTER (WHERE row_key = 'new_received') AS applications,
        max(value) FILTER (WHERE row_key = 'total_handled') AS total_handled,
        max(value) FILTER (WHERE row_key = 'granted') AS granted,
        max(value) FILTER (WHERE row_key = 'partly_granted') AS partly_granted,
        CASE WHEN count(value) FILTER (WHERE row_key LIKE 'denied\\_%' ESCAPE '\\') = 8
             THEN sum(value) FILTER (WHERE row_key LIKE 'denied\\_%' ESCAPE '\\') END AS denied,
        CASE WHEN count(value) FILTER (WHERE row_key LIKE 'unable\\_%' ESCAPE '\\') = 3
             THEN sum(value) FILTER (WHERE row_key LIKE 'unable\\_%' ESCAPE '\\') END AS unable
    FROM cells WHERE tbl = 'requests' AND col_key = 'total'
    GROUP BY sha256
), t4 AS (
    SELECT sha256,
        max(value) FILTER (WHERE row_key = 'review' AND col_key = 'corrected') AS review_corrected,
        max(value) FILTER (WHERE row_key = 'review' AND col_key = 'total') AS review_total,
        max(value) FILTER (WHERE row_key = 'litigation_direct' AND col_key = 'corrected') AS direct_corrected,
        max(value) FILTER (WHERE row_key = 'litigation_direct' AND col_key = 'total') AS direct_total,
        max(value) FILTER (WHERE row_key = 'litigation_after_review' AND col_key = 'corrected') AS after_corrected,
        max(value) FILTER (WHERE row_key = 'litigation_after_review' AND col_key = 'total') AS after_total
    FROM cells WHERE tbl = 'review_litigation'
    GROUP BY sha256
)
SELECT r.sha256, r.path, r.agency, r.agency_type, r.region, r.year, r.template,
    t3.applications, t3.total_handled, t3.granted, t3.partly_granted, t3.denied, t3.unable,
    t4.review_corrected, t4.review_total, t4.direct_corrected, t4.direct_total,
    t4.after_corrected, t4.after_total
FROM reports r LEFT JOIN t3 USING (sha256) LEFT JOIN t4 USING (sha256)
"""

_RATIOS = """
    applications,
    total_handled,
    (granted + partly_granted) / NULLIF(total_handled, 0) AS substantive_rate,
    denied / NULLIF(total_handled, 0) AS denied_share,
    unable / NULLIF(total_handled, 0) AS unable_share,
    review_corrected / NULLIF(review_total, 0) AS review_correction_rate,
    direct_corrected / NULLIF(direct_total, 0) AS litigation_direct_correction_rate,
    after_corrected / NULLIF(after_total, 0) AS litigation_after_review_correction_rate
"""

_REPORT_SQL = f"""
CREATE OR REPLACE VIEW report_indicators AS
SELECT sha256, path, agency, agency_type, region, year, template, {_RATIOS}
FROM report_components
"""

_COMPONENT_COLUMNS = ("applications", "total_handled", "granted", "partly_granted", "denied", "unable",
                      "review_corrected", "review_total", "direct_corrected", "direct_total",
                      "after_corrected", "after_total")
_STRICT_SUMS = ",\n    ".join(
    f"CASE WHEN count({c}) = count(*) THEN sum({c}) END AS {c}" for c in _COMPONENT_COLUMNS
)
_AGENCY_YEAR_SQL = f"""
CREATE OR REPLACE VIEW agency_year_indicators AS
WITH sums AS (
    SELECT agency, year, any_value(agency_type) AS agency_type, any_value(region) AS region,
        count(*) AS n_reports,
        {_STRICT_SUMS}
    FROM report_components
    GROUP BY agency, year
)
SELECT agency, year, agency_type, region, n_reports, {_RATIOS}
FROM sums
"""

_VALUES_SQL = f"""
CREATE OR REPLACE VIEW indicator_values AS
SELECT sha256, path, agency, agency_type, region, year, template, indicator, value
FROM (UNPIVOT report_indicators ON {", ".join(INDICATORS)} INTO NAME indicator VALUE value)
"""

_OUTLIERS_SQL = f"""
CREATE OR REPLACE VIEW indicator_outliers AS
WITH peers AS (
    -- reports are compared with their agency type (volumes scale with level) when it has enough
    -- values of the indicator; otherwise with all reports. Counts are scored on a log scale.
    SELECT v.*, CASE WHEN count(*) OVER (PARTITION BY indicator, agency_type) >= {MIN_PEERS}
                     THEN agency_type ELSE 'all' END AS peer_group,
        CASE WHEN indicator IN ({", ".join(f"'{c}'" for c in COUNT_INDICATORS)}) THEN ln(1 + greatest(value, 0))
             ELSE value END AS x,
        CASE WHEN indicator IN ({", ".join(f"'{c}'" for c in COUNT_INDICATORS)}) THEN {COUNT_SCALE_FLOOR}
             ELSE {RATE_SCALE_FLOOR} END AS scale_floor
    FROM indicator_values v
), stats AS (
    SELECT indicator, peer_group, median(value) AS median, median(x) AS med_x, mad(x) AS mad_x,
        quantile_cont(x, 0.25) AS q1, quantile_cont(x, 0.75) AS q3
    FROM peers GROUP BY indicator, peer_group
), scored AS (
    SELECT p.* EXCLUDE (x, scale_floor), s.median,
        (p.x - s.med_x) / greatest(1.4826 * s.mad_x, p.scale_floor) AS robust_z,
        (s.q3 - s.q1) > 0 AND (p.x < s.q1 - {IQR_FACTOR} * (s.q3 - s.q1)
                               OR p.x > s.q3 + {IQR_FACTOR} * (s.q3 - s.q1)) AS iqr_outlier
    FROM peers p JOIN stats s USING (indicator, peer_group)
)
SELECT *, abs(robust_z) > {Z_LIMIT} AS z_outlier, abs(robust_z) > {Z_LIMIT} OR iqr_outlier AS is_outlier
FROM scored
"""


def install_views(con: duckdb.DuckDBPyConnection, temporary: bool = False) -> None:
    """Create (or replace) the indicator views on a store connection.

    ``temporary``: as TEMP views (for a read-only store, whose file may hold views of an older version;
    temp views are found first, so they shadow those).
    """
    for sql in (_COMPONENTS_SQL, _REPORT_SQL, _AGENCY_YEAR_SQL, _VALUES_SQL, _OUTLIERS_SQL):
        con.execute(sql.replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMP VIEW") if temporary else sql)


# -- summaries for the report ------------------------------------------------------------------
def _group(by: str) -> str:
    from .themes import group_expr

    return group_expr(by).replace("r.", "v.")


def indicator_summary(con: duckdb.DuckDBPyConnection, by: str):
    """Per indicator and group: reports, nulls, quartiles, outliers."""
    from .frames import Frame

    sql = f"""
        WITH v AS (
            SELECT * FROM report_indicators
            UNPIVOT INCLUDE NULLS (value FOR indicator IN ({", ".join(INDICATORS)}))
        )
        SELECT indicator, {_group(by)} AS "{by}", count(*) AS reports, count(*) - count(value) AS nulls,
            min(value) AS min, quantile_cont(value, 0.25) AS q1, median(value) AS median,
            quantile_cont(value, 0.75) AS q3, max(value) AS max,
            count(*) FILTER (WHERE o.is_outlier) AS outliers
        FROM v LEFT JOIN (SELECT sha256, indicator, is_outlier FROM indicator_outliers) o
            USING (sha256, indicator)
        GROUP BY ALL ORDER BY indicator, 2
    """
    return Frame.from_sql(con, f"indicators_by_{by}", f"indicator distributions by {by}", sql)


def outlier_list(con: duckdb.DuckDBPyConnection, limit: int = 200):
    from .frames import Frame

    sql = """
        SELECT indicator, agency, agency_type, region, year, value, peer_group, median,
            round(robust_z, 2) AS robust_z, z_outlier, iqr_outlier, path
        FROM indicator_outliers WHERE is_outlier
        ORDER BY indicator, abs(robust_z) DESC NULLS LAST LIMIT ?
    """
    return Frame.from_sql(con, "indicator_outliers", "indicator outliers", sql, [limit])


def distribution_points(con: duckdb.DuckDBPyConnection, by: str, max_groups: int = 12):
    """{indicator: {group: [(value, is_outlier)]}}; groups beyond the largest ``max_groups`` → 其他."""
    rows = con.execute(f"""
        WITH ranked AS (
            SELECT {_group(by)} AS g, count(*) AS n FROM indicator_outliers v GROUP BY g
        ), keep AS (SELECT g FROM ranked ORDER BY n DESC, g LIMIT {int(max_groups)})
        SELECT indicator, CASE WHEN g IN (SELECT g FROM keep) THEN g ELSE '其他' END AS grp,
            value, is_outlier
        FROM (SELECT *, {_group(by)} AS g FROM indicator_outliers v)
        ORDER BY indicator, grp
    """).fetchall()
    out: dict[str, dict[str, list[tuple[float, bool]]]] = {name: {} for name in INDICATORS}
    for indicator, grp, value, is_outlier in rows:
        out[indicator].setdefault(grp, []).append((value, bool(is_outlier)))
    return out
