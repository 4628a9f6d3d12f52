"""The 整改 list as an Excel workbook (openpyxl, write-only: a 5,000-report batch stays quick).

Sheets: 整改清单 (one row per finding: agency, year, rule, its Chinese name, severity, message, cells as
Chinese labels, the quoted sentence); 表二 / 表三 / 表四 (one row per report, one column per cell of the
template, blank left blank, cells named by a finding filled in its severity's colour); 统计指标表 (legacy
tables, one row per indicator); 无法读取 (files that failed, with the reason).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..agency import describe_agency
from ..checks.arithmetic import table_labels
from ..record import Record
from ..tables.templates import load_templates
from .labels import agency_type_name, labels, cell_label, rule_name, severity_name, table_name, template_name
from .loading import Failed, Reviewed
from .pages import quote_of

FINDING_COLUMNS = ("机关", "年度", "机关类型", "表格格式", "文件", "规则", "规则名称", "严重程度", "说明",
                   "涉及单元格", "原文引述")
REPORT_COLUMNS = ("机关", "年度", "文件")
FILLS = {"error": "FFD6D6", "warning": "FFF1C7", "info": "E8EEF9"}
RANK = {"error": 3, "warning": 2, "info": 1}


def table_columns(table: str) -> list[tuple[str, str, str]]:
    """(row key, column key, header) of every cell the templates give ``table``, in template order."""
    tpl = load_templates()
    names = table_labels(table)
    if table == "requests":
        pairs = [(r.key, c) for r in tpl.requests_rows for c in tpl.requests_cols]
    elif table == "review_litigation":
        pairs = [(g, c) for g in tpl.review_groups for c in tpl.review_cols]
    else:   # 表二: the rows of both templates; a column named as the template that has the cell names it
        renamed = labels().get("proactive_column_names", {})
        cells = {}
        for t, rows in tpl.proactive_rows.items():
            for r in rows:
                for c in r.cols:
                    cells.setdefault((r.key, c), f"{r.label}·{renamed.get(t, {}).get(c, names.cols.get(c, c))}")
        return [(r, c, h) for (r, c), h in cells.items()]
    return [(r, c, f"{names.rows.get(r, r)}·{names.cols.get(c, c)}") for r, c in pairs]


def finding_rows(done: list[Reviewed]) -> Iterator[list]:
    for d in done:
        r = d.record
        kind = agency_type_name(describe_agency(r.agency).type)
        for c in r.checks:
            yield [r.agency, r.year, kind, template_name(r.template), r.source.path, c.rule, rule_name(c.rule),
                   severity_name(c.severity), c.message, "；".join(cell_label(p) for p in c.cells), quote_of(c)]


def write_xlsx(done: list[Reviewed], failed: list[Failed], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fills = {s: PatternFill("solid", fgColor=c) for s, c in FILLS.items()}

    def header(ws, names, widths=None):
        ws.freeze_panes = "A2"
        for i, w in enumerate(widths or []):
            ws.column_dimensions[_letter(i + 1)].width = w
        cells = []
        for name in names:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)

    ws = wb.create_sheet("整改清单")
    header(ws, FINDING_COLUMNS, [28, 6, 9, 14, 30, 22, 36, 8, 60, 40, 40])
    for row in finding_rows(done):
        ws.append(row)

    for table in ("proactive", "requests", "review_litigation"):
        have = [d.record for d in done if getattr(d.record.tables, table) is not None]
        if not have:
            continue
        columns = table_columns(table)
        ws = wb.create_sheet(table_name(table))
        header(ws, [*REPORT_COLUMNS, *(h for _, _, h in columns)], [28, 6, 30])
        for record in have:
            ws.append(_table_row(ws, record, table, columns, fills, WriteOnlyCell))

    legacy = [d.record for d in done if d.record.tables.legacy_stats]
    if legacy:
        ws = wb.create_sheet(table_name("legacy_stats"))
        header(ws, [*REPORT_COLUMNS, "统计指标", "单位", "统计数"], [28, 6, 30, 36, 8, 12])
        for r in legacy:
            for stat in r.tables.legacy_stats:
                ws.append([r.agency, r.year, r.source.path, stat.label, stat.unit, stat.value])

    ws = wb.create_sheet("无法读取")
    header(ws, ("文件", "原因"), [60, 60])
    for f in failed:
        ws.append([f.path, f.reason])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _table_row(ws, record: Record, table: str, columns, fills, WriteOnlyCell) -> list:
    data = getattr(record.tables, table)
    worst: dict[str, str] = {}
    for c in record.checks:
        for p in c.cells:
            if RANK[c.severity] > RANK.get(worst.get(p, ""), 0):
                worst[p] = c.severity
    row: list = [record.agency, record.year, record.source.path]
    for r, c, _ in columns:
        value = data.get(r, c)
        unit = data.units.get(f"{r}.{c}")
        sev = worst.get(f"{table}.{r}.{c}")
        if sev is None and unit is None:
            row.append(value)   # None stays an empty cell: blank is not 0
            continue
        cell = WriteOnlyCell(ws, value=value)
        if sev:
            cell.fill = fills[sev]
        if unit and value is not None:
            cell.number_format = f'0"{unit}"' if float(value).is_integer() else f'0.00"{unit}"'
        row.append(cell)
    return row


def _letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)
