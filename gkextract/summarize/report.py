"""Build the summary report: store → tables (SQL) → charts → one HTML file + CSV/JSON copies.

``build_report(store, "report.html", by="year")`` writes ``report.html`` and ``report_files/`` beside it
and returns a :class:`ReportResult` with the tables and the seconds each step took.
"""
from __future__ import annotations

import html
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator, Optional, Union

from ..store import Store
from . import charts, clusters, failed_checks, indicators, themes
from ..agency import AGENCY_TYPE_LABELS
from .frames import Frame
from .html import Block, render_page

BY_CHOICES = tuple(themes.GROUPINGS)
MAX_GROUPS = 20          # theme charts and tables: the largest groups, the rest as 其他
OTHER_GROUP = "其他"
STEPS = ("themes", "unmatched problems", "clustering", "failed checks", "indicators", "writing")


@dataclass
class ReportResult:
    html_path: Path
    files_dir: Path
    frames: dict[str, Frame] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    clusters: list[clusters.Cluster] = field(default_factory=list)


class _Steps:
    """Times each step and shows a rich progress bar (on stderr) unless quiet."""

    def __init__(self, quiet: bool):
        self.timings: dict[str, float] = {}
        self._progress = None
        if not quiet:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                      TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                                      console=Console(stderr=True), transient=True)
            self._task = self._progress.add_task("summarising", total=len(STEPS))

    def __enter__(self) -> "_Steps":
        if self._progress:
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress:
            self._progress.stop()

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        if self._progress:
            self._progress.update(self._task, description=name)
        start = time.perf_counter()
        yield
        self.timings[name] = round(time.perf_counter() - start, 3)
        if self._progress:
            self._progress.advance(self._task)


# Charts label in Chinese (their text is SVG <text>, drawn by the reader's browser); the English key of
# each label is its SVG <title> and stays in the CSV/JSON tables.
def _group_label(by: str, value: str) -> str:
    return AGENCY_TYPE_LABELS.get(value, value) if by == "agency_type" else value


def _group_key(by: str, value: str) -> Optional[str]:
    return value if by == "agency_type" and value in AGENCY_TYPE_LABELS else None


def _theme_label(mapping: themes.ThemeMapping, kind: str, theme: str) -> str:
    return mapping.label(kind, theme)


def _rule_label(rule: str) -> str:
    from ..reviewer.labels import rule_name

    return rule_name(rule)


def theme_table(long: Frame, kind: str, by: str, mapping: themes.ThemeMapping, groups: list[str]) -> Frame:
    """Wide form of ``themes.theme_frequencies``: one row per theme, item counts per group."""
    counts: dict[str, dict[str, int]] = {}
    for group, theme, n_items, _reports in long.rows:
        counts.setdefault(theme, {})[group] = n_items
    rows = []
    for theme, per_group in counts.items():
        rows.append((theme, mapping.label(kind, theme), sum(per_group.values()),
                     *[per_group.get(g, 0) for g in groups]))
    rows.sort(key=lambda r: (-r[2], r[0]))
    return Frame(f"{kind}_themes_by_{by}", f"{kind} themes by {by} (items)", ["theme", "label", "total", *groups],
                 rows)


def _merge_small_groups(sizes: dict[str, int], long: Frame) -> tuple[dict[str, int], Frame]:
    """Keep the ``MAX_GROUPS - 1`` largest groups (in their order) and fold the rest into 其他."""
    if len(sizes) <= MAX_GROUPS:
        return sizes, long
    keep = set(sorted(sizes, key=lambda g: (-sizes[g], g))[:MAX_GROUPS - 1])
    merged_sizes = {g: n for g, n in sizes.items() if g in keep}
    merged_sizes[OTHER_GROUP] = sum(n for g, n in sizes.items() if g not in keep)
    merged: dict[tuple[str, str], list[int]] = {}
    for group, theme, n_items, n_reports in long.rows:
        key = (group if group in keep else OTHER_GROUP, theme)
        acc = merged.setdefault(key, [0, 0])
        acc[0] += n_items
        acc[1] += n_reports
    return merged_sizes, Frame(long.name, long.title, long.columns, [(g, t, i, r) for (g, t), (i, r) in merged.items()])


def _theme_blocks(con, by_dims: list[str], mapping) -> tuple[list[Block], dict[str, Frame]]:
    frames: dict[str, Frame] = {}
    blocks = []
    for kind in ("problem", "measure"):
        block = Block(f"{kind}-themes", f"{'Problem' if kind == 'problem' else 'Measure'} themes",
                      notes=[f"Charts: share of each group's reports with at least one {kind} of the theme. "
                             f"Tables: {kind} items per theme (an item with two themes counts under both)."])
        for by in by_dims:
            sizes, long = _merge_small_groups(themes.group_sizes(con, by), themes.theme_frequencies(con, kind, by))
            groups = list(sizes)
            wide = theme_table(long, kind, by, mapping, groups)
            frames[wide.name] = wide
            block.frames.append(wide)
            if wide.rows:
                # colour and number: % of the group's reports raising the theme (groups differ in size)
                share = {(g, t): 100 * n / sizes[g] for g, t, _items, n in long.rows}
                block.charts.append(charts.heatmap(
                    [_theme_label(mapping, kind, r[0]) for r in wide.rows],
                    [f"{_group_label(by, g)}\n(n={sizes[g]})" for g in groups],
                    [[round(share.get((g, r[0]), 0)) for g in groups] for r in wide.rows],
                    f"{kind} themes by {by}: % of reports", cmap="Blues" if kind == "problem" else "Greens",
                    row_keys=[r[0] for r in wide.rows], col_keys=[_group_key(by, g) for g in groups]))
        blocks.append(block)
    return blocks, frames


def _with_rule_labels(frame: Frame) -> Frame:
    """The frame with each rule's Chinese name (configs/labels_zh.yaml) beside its id."""
    i = frame.columns.index("rule") + 1
    return Frame(frame.name, frame.title, [*frame.columns[:i], "rule_zh", *frame.columns[i:]],
                 [(*row[:i], _rule_label(row[i - 1]), *row[i:]) for row in frame.rows])


def _with_group_labels(frame: Frame, by: str) -> Frame:
    """For agency types: each group's Chinese name (agency_type_zh) beside its key."""
    if by != "agency_type" or by not in frame.columns:
        return frame
    i = frame.columns.index(by) + 1
    return Frame(frame.name, frame.title, [*frame.columns[:i], f"{by}_zh", *frame.columns[i:]],
                 [(*row[:i], _group_label(by, row[i - 1]), *row[i:]) for row in frame.rows])


def _severity_label(severity: str) -> str:
    from ..reviewer.labels import severity_name

    return severity_name(severity)


def _cluster_frame(found: list[clusters.Cluster]) -> Frame:
    return Frame("problem_clusters", "recurring problem statements",
                 ["rank", "statements", "reports", "agencies", "terms", "quotes"],
                 [(i + 1, c.size, c.reports, c.agencies, c.terms, c.quotes) for i, c in enumerate(found)])


def _cluster_html(found: list[clusters.Cluster]) -> str:
    if not found:
        return '<p class="empty">no recurring statements</p>'
    rows = []
    for i, c in enumerate(found, start=1):
        quotes = "".join(f"<li>{html.escape(q)}</li>" for q in c.quotes)
        rows.append(f'<tr><td class="num">{i}</td><td class="num">{c.size}</td><td class="num">{c.reports}</td>'
                    f'<td class="num">{c.agencies}</td><td>{html.escape(" · ".join(c.terms))}</td>'
                    f'<td><ul class="quotes">{quotes}</ul></td></tr>')
    return ('<table data-name="problem_clusters"><thead><tr><th>#</th><th>statements</th><th>reports</th>'
            '<th>agencies</th><th>top terms</th><th>representative quotes</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def build_report(store: Union[Store, str, Path], out: Union[str, Path], by: str = "year",
                 quiet: bool = False, top_clusters: int = 20) -> ReportResult:
    if by not in BY_CHOICES:
        raise ValueError(f"--by must be one of {', '.join(BY_CHOICES)}")
    own_store = not isinstance(store, Store)
    db = Store(store) if own_store else store
    try:
        return _build(db, Path(out), by, quiet, top_clusters)
    finally:
        if own_store:
            db.close()


def _build(store: Store, out: Path, by: str, quiet: bool, top_clusters: int) -> ReportResult:
    con = store.con
    files_dir = out.with_name(f"{out.stem}_files")
    mapping = themes.load_mapping()
    by_dims = [by] + [d for d in ("year", "agency_type") if d != by]
    frames: dict[str, Frame] = {}
    blocks: list[Block] = []

    with _Steps(quiet) as steps:
        with steps.step("themes"):
            overview = Frame.from_sql(con, f"reports_by_{by}", f"reports by {by}", f"""
                SELECT {themes.group_expr(by)} AS "{by}", count(*) AS reports, sum(n_problems) AS problems,
                    sum(n_measures) AS measures, sum(n_checks) AS failed_checks
                FROM reports r GROUP BY 1 ORDER BY 1""")
            overview = _with_group_labels(overview, by)
            failures = Frame.from_sql(con, "failures", "files that could not be read",
                                      "SELECT path, reason FROM failures ORDER BY path")
            frames.update({overview.name: overview, failures.name: failures})
            blocks.append(Block("overview", "Overview", frames=[overview, failures]))
            theme_blocks, theme_frames = _theme_blocks(con, by_dims, mapping)
            blocks += theme_blocks
            frames.update(theme_frames)

        with steps.step("unmatched problems"):
            unmatched = themes.unmatched_problems(con, mapping)
            examples = themes.unmatched_examples(con, mapping)
            frames.update({unmatched.name: unmatched, examples.name: examples})
            block = Block("unmatched", "Problems without a matching measure",
                          notes=["A problem theme counts as unmatched in a report when none of the report's "
                                 "measures has a theme mapped to it (configs/theme_mapping.yaml, domain.md §9.3)."],
                          frames=[unmatched, examples])
            if unmatched.rows:
                block.charts.append(charts.hbar(
                    [_theme_label(mapping, "problem", t) for t in unmatched.column("problem_theme")],
                    unmatched.column("reports_without_measure"),
                    "reports raising a problem theme without a matching measure", "reports", color="#c0504d",
                    keys=unmatched.column("problem_theme")))
            blocks.append(block)

        with steps.step("clustering"):
            statements = [clusters.Statement(text, sha, agency, year) for text, sha, agency, year in con.execute(
                "SELECT i.text, i.sha256, r.agency, r.year FROM items i JOIN reports r USING (sha256) "
                "WHERE i.kind = 'problem' ORDER BY i.sha256, i.ord").fetchall()]
            found = clusters.cluster_statements(statements, top=top_clusters)
            cluster_frame = _cluster_frame(found)
            frames[cluster_frame.name] = cluster_frame
            blocks.append(Block("clusters", "Recurring problem statements",
                                notes=[f"{len(statements)} problem statements; jieba tokens, TF-IDF (1–2-grams), "
                                       "average-linkage clustering on cosine distance. Clusters of two or more, "
                                       "largest first."],
                                html_parts=[_cluster_html(found)]))

        with steps.step("failed checks"):
            counts = _with_rule_labels(failed_checks.failed_check_counts(con))
            by_group = _with_group_labels(_with_rule_labels(failed_checks.failed_checks_by(con, by)), by)
            frames.update({counts.name: counts, by_group.name: by_group})
            block = Block("checks", "Most frequent failed checks", frames=[counts, by_group])
            if counts.rows:
                top = counts.rows[:20]
                rule, name, severity, n_failed = (counts.columns.index(c) for c in
                                                  ("rule", "rule_zh", "severity", "failures"))
                block.charts.append(charts.hbar([f"{r[name]}（{_severity_label(r[severity])}）" for r in top],
                                                [r[n_failed] for r in top], "failed checks", "failures",
                                                color="#8064a2", keys=[f"{r[rule]} ({r[severity]})" for r in top]))
            blocks.append(block)

        with steps.step("indicators"):
            summary = _with_group_labels(indicators.indicator_summary(con, by), by)
            outliers = indicators.outlier_list(con)
            frames.update({summary.name: summary, outliers.name: outliers})
            points = indicators.distribution_points(con, by)
            panels = [(indicators.INDICATOR_LABELS[name], {_group_label(by, g): v for g, v in points[name].items()})
                      for name in indicators.INDICATORS]
            group_keys = {_group_label(by, g): g for name in indicators.INDICATORS for g in points[name]
                          if _group_key(by, g)}
            blocks.append(Block("indicators", "Indicators",
                                notes=["实质公开率 = (予以公开 + 部分公开) / （七）总计; shares over （七）总计; "
                                       "correction rates = 结果纠正 / 总计 per 表四 group. Blank cells stay null, "
                                       "so an indicator over a blank is null (counted under nulls). "
                                       f"Red diamonds: outliers (robust z > {indicators.Z_LIMIT} or outside "
                                       f"the {indicators.IQR_FACTOR}·IQR fences)."],
                                charts=[charts.distributions(panels, f"indicators by {by}",
                                                             panel_keys=list(indicators.INDICATORS),
                                                             group_keys=group_keys)],
                                frames=[summary, outliers]))

        with steps.step("writing"):
            out.parent.mkdir(parents=True, exist_ok=True)
            for frame in frames.values():
                frame.write(files_dir)
            n_reports = con.execute("SELECT count(*) FROM reports").fetchone()[0]
            years = con.execute("SELECT min(year), max(year) FROM reports").fetchone()
            facts = [f"{n_reports} reports · years {years[0]}–{years[1]} · {len(failures)} unreadable files · "
                     f"grouped by {by}",
                     f"generated {datetime.now():%Y-%m-%d %H:%M} from {store.path.name}"]
            page = render_page("政府信息公开工作年度报告 · 汇总 (gkextract summary)", facts, blocks, files_dir.name)
            out.write_text(page, encoding="utf-8")

    return ReportResult(out, files_dir, frames, steps.timings, found)
