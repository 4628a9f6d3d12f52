"""A record's tables laid out as the template draws them, as plain data for the page's script to draw.

A grid is ``{"id", "title", "head": [[cell]], "body": [[cell]]}``. A label cell is ``{"t": text}``, a value
cell ``{"v": shown text, "p": cell path}`` (``v`` is ``""`` for a blank: blank is not 0); either may carry
``cs``/``rs`` (col/row span) and ``c`` (a CSS class). Findings are attached later by cell path, so this
module knows nothing of checks.
"""
from __future__ import annotations

from typing import Optional

from ..record import Cell, Record, StatTable
from ..tables.templates import RowDef, load_templates
from .labels import labels

MODERN = ("2019", "2021")


def show(value: Cell, unit: Optional[str] = None) -> str:
    """A cell as the report wrote it: blank stays blank, 12.0 is 12, a written unit is kept."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}{unit or ''}"


def record_grids(record: Record) -> list[dict]:
    t = record.tables
    grids = []
    if t.proactive is not None:
        grids.append(proactive_grid(t.proactive, record.template))
    if t.requests is not None:
        grids.append(requests_grid(t.requests, record.template))
    if t.review_litigation is not None:
        grids.append(review_grid(t.review_litigation))
    if t.legacy_stats:
        grids.append(legacy_grid(t.legacy_stats))
    return grids


def _value(table: str, data: StatTable, row: str, col: str) -> dict:
    return {"v": show(data.get(row, col), data.units.get(f"{row}.{col}")), "p": f"{table}.{row}.{col}"}


def _rows_to_draw(template_rows: list[RowDef], all_rows: list[RowDef], data: StatTable) -> list[tuple[RowDef, bool]]:
    """The template's rows, plus rows the report has that its template lacks (flagged True), in config order."""
    own = {r.key for r in template_rows}
    return [(r, r.key not in own) for r in all_rows if r.key in own or r.key in data.rows]


def _extra_rows(data: StatTable, width: int, label_span: int) -> list[list[dict]]:
    """Rows the decoder could not name, as written (their cells by position)."""
    out = []
    for extra in data.extra_rows:
        cells = [{"v": show(v)} for v in extra.cells[:width]]
        cells += [{"v": ""}] * (width - len(cells))
        out.append([{"t": f"{extra.label}（模板外行）", "cs": label_span, "c": "off"}, *cells])
    return out


def requests_grid(data: StatTable, template: str) -> dict:
    tpl = load_templates()
    spec = tpl.raw["requests"]
    cols = tpl.requests_cols
    use = template if template in MODERN else "2021"
    rows = _rows_to_draw([r for r in tpl.requests_rows if r.applies_to(use)], tpl.requests_rows, data)
    head = [[{"t": "", "cs": 2}, *({"t": spec["columns"][c]} for c in cols)]]
    body = []
    for i, (row, off) in enumerate(rows):
        label = {"t": row.label + ("（非本模板行）" if off else ""), **({"c": "off"} if off else {})}
        cells = [_value("requests", data, row.key, c) for c in cols]
        if row.group is None:
            body.append([{**label, "cs": 2}, *cells])
            continue
        first = i == 0 or rows[i - 1][0].group != row.group
        span = 1
        while first and i + span < len(rows) and rows[i + span][0].group == row.group:
            span += 1
        group = [{"t": row.group, "rs": span, "c": "grp"}] if first else []
        body.append([*group, label, *cells])
    body.extend(_extra_rows(data, len(cols), label_span=2))
    return {"id": "requests", "title": spec["name"], "head": head, "body": body}


def proactive_grid(data: StatTable, template: str) -> dict:
    """表二: blocks of rows sharing their columns, each under its own header row (as the form prints them)."""
    tpl = load_templates()
    spec = tpl.raw["proactive"]
    use = template if template in MODERN else _proactive_template(data)
    every = [r for rows in tpl.proactive_rows.values() for r in rows]
    by_key: dict[str, RowDef] = {}
    for r in tpl.proactive_rows[use] + every:   # the report's template's definition of a row first
        by_key.setdefault(r.key, r)
    keys = [r.key for r in tpl.proactive_rows[use]] + [k for k in data.rows if k not in
                                                      {r.key for r in tpl.proactive_rows[use]}]
    own = {r.key for r in tpl.proactive_rows[use]}
    lines = []
    for key in keys:
        row = by_key.get(key)
        label = row.label if row else key
        cols = list(row.cols) if row else []
        cols += [c for c in data.rows.get(key, {}) if c not in cols]
        lines.append((key, label, cols, key not in own))
    names = {**spec["columns"], **labels().get("proactive_column_names", {}).get(use, {})}
    width = max((len(c) for _, _, c, _ in lines), default=1)
    body: list[list[dict]] = []
    previous: Optional[list[str]] = None
    for key, label, cols, off in lines:
        pad = [{"t": "", "cs": width - len(cols), "c": "na"}] if len(cols) < width else []
        if cols != previous:
            body.append([{"t": "信息内容", "c": "hd"}, *({"t": names.get(c, c), "c": "hd"} for c in cols),
                         *pad])
            previous = cols
        cell_label = {"t": label + ("（非本模板行）" if off else ""), **({"c": "off"} if off else {})}
        body.append([cell_label, *(_value("proactive", data, key, c) for c in cols), *pad])
    body.extend(_extra_rows(data, width, label_span=1))
    return {"id": "proactive", "title": spec["name"], "head": [], "body": body}


def _proactive_template(data: StatTable) -> str:
    modern_cols = {c for r in load_templates().proactive_rows["2021"] for c in r.cols}
    used = {c for cols in data.rows.values() for c in cols}
    return "2021" if used & modern_cols - {"decisions", "amount"} else "2019"


def review_grid(data: StatTable) -> dict:
    """表四 in one row, groups side by side; groups under a common heading (行政诉讼) get a row above."""
    tpl = load_templates()
    spec = tpl.raw["review_litigation"]
    groups = tpl.review_groups + [g for g in data.rows if g not in tpl.review_groups]
    cols = tpl.review_cols
    supers = labels().get("review_litigation_super", {})
    col_cells = [{"t": spec["columns"][c]} for c in cols]
    top, mid, low = [], [], []
    for g in groups:
        name = spec["groups"].get(g, g)
        sup = supers.get(g)
        if sup is None:
            top.append({"t": name, "cs": len(cols)})
            mid.extend({**c, "rs": 2} for c in col_cells)
            continue
        if top and top[-1].get("sup") == sup:
            top[-1]["cs"] += len(cols)
        else:
            top.append({"t": sup, "cs": len(cols), "sup": sup})
        mid.append({"t": name, "cs": len(cols)})
        low.extend(col_cells)
    for cell in top:
        cell.pop("sup", None)
    head = [top, mid] + ([low] if low else [])
    if not low:
        for cell in mid:
            cell.pop("rs", None)
    body = [[_value("review_litigation", data, g, c) for g in groups for c in cols]]
    return {"id": "review_litigation", "title": spec["name"], "head": head, "body": body}


def legacy_grid(stats) -> dict:
    names = labels()["legacy_columns"]
    n_values = max((len(s.values or []) for s in stats), default=0)
    head = [[{"t": names["label"]}, {"t": names["unit"]}, {"t": names["value"]},
             *({"t": f"{names['values']}{i + 1}"} for i in range(n_values))]]
    body = []
    for i, s in enumerate(stats):
        values = [{"v": show(v), "p": f"legacy_stats.{i}.values.{j}"} for j, v in enumerate(s.values or [])]
        values += [{"v": "", "c": "na"}] * (n_values - len(values))
        body.append([{"t": s.label}, {"t": s.unit or ""}, {"v": show(s.value), "p": f"legacy_stats.{i}.value"},
                     *values])
    return {"id": "legacy_stats", "title": load_templates().raw["legacy_stats"]["name"], "head": head, "body": body}
