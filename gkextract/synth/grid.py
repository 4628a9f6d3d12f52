"""One table-to-grid function for every renderer: record values -> a Grid with the official spans.

Labels, rows and columns come from configs/templates/tables.yaml; captions and header group labels that
file does not hold come from corpus/synth/layout.yaml.
"""
from __future__ import annotations

import copy
import random
from typing import Optional

from .banks import bank, proactive_rows, request_cols, review_cols, review_groups, tables_spec
from .content import Grid, GridCell

Texts = dict[str, dict[str, str]]   # row key -> col key -> cell text as written


def _lab(text: str, **kw) -> GridCell:
    return GridCell(text, role="label", **kw)


def _head(text: str, **kw) -> GridCell:
    return GridCell(text, role="header", **kw)


def _val(text: str, **kw) -> GridCell:
    return GridCell(text, role="value", number=True, **kw)


def proactive_grid(template: str, texts: Texts) -> Grid:
    lay = bank("layout")["proactive"]
    width = lay["width"]
    col_labels = dict(tables_spec()["proactive"]["columns"])
    col_labels.update(lay["header_labels"].get(template, {}))
    rows: list[list[GridCell]] = []
    item = None
    for row in proactive_rows(template):
        key, cols = row["key"], row["cols"]
        if key not in texts:
            continue
        if lay["items"][key] != item:
            item = lay["items"][key]
            rows.append([_head(lay["caption"].format(item=item), colspan=width)])
            rows.append([_head(lay["first_header"])] + _spread([col_labels[c] for c in cols], width - 1, _head))
        rows.append([_lab(row["label"])] + _spread([texts[key][c] for c in cols], width - 1, _val))
    return Grid("proactive", rows, width)


def _spread(texts: list[str], width: int, make) -> list[GridCell]:
    """Cells filling ``width`` columns: the last one spans what is left (single values span 3)."""
    cells = [make(t) for t in texts]
    cells[-1].colspan = width - len(texts) + 1
    return cells


def requests_grid(row_keys: list[str], texts: Texts) -> Grid:
    lay = bank("layout")["requests"]
    spec = {r["key"]: r for r in tables_spec()["requests"]["rows"]}
    labels = tables_spec()["requests"]["columns"]
    cols = request_cols()
    orgs = lay["org_columns"]
    rows: list[list[GridCell]] = [
        [_head(lay["note"], rowspan=3, colspan=3), _head(lay["applicants"], colspan=len(cols))],
        [_head(labels[cols[0]], rowspan=2), _head(lay["organisations"], colspan=len(orgs)),
         _head(labels[cols[-1]], rowspan=2)],
        [_head(labels[c]) for c in orgs],
    ]
    results = set(tables_spec()["requests"]["result_rows"]) | {"total_handled"}
    n_results = sum(1 for k in row_keys if k in results)
    sums: dict[int, str] = {}
    first_result = True
    prev_group: Optional[str] = None
    for k in row_keys:
        r = spec[k]
        line: list[GridCell] = []
        if k in results and first_result:
            line.append(_lab(lay["result_group"], rowspan=n_results))
            first_result = False
        group = r.get("group")
        if group and group != prev_group:
            size = sum(1 for kk in row_keys if spec[kk].get("group") == group)
            line.append(_lab(group, rowspan=size))
        if group:
            line.append(_lab(r["label"]))
        else:
            line.append(_lab(r["label"], colspan=2 if k in results else 3))
        prev_group = group
        line += [_val(texts[k][c]) for c in cols]
        sums[len(rows)] = "last_is_sum"
        rows.append(line)
    return Grid("requests", rows, 3 + len(cols), row_sums=sums)


def review_grid(texts: Texts) -> Grid:
    lay = bank("layout")["review_litigation"]
    groups = review_groups()
    cols = review_cols()
    labels = tables_spec()["review_litigation"]["columns"]
    g = list(groups)
    n = len(cols)
    rows = [
        [_head(groups[g[0]], colspan=n), _head(lay["litigation"], colspan=n * (len(g) - 1))],
        [_head(labels[c], rowspan=2) for c in cols] + [_head(groups[x], colspan=n) for x in g[1:]],
        [_head(labels[c]) for _ in g[1:] for c in cols],
        [_val(texts[x][c]) for x in g for c in cols],
    ]
    return Grid("review_litigation", rows, n * len(g), row_sums={3: "groups5"})


def legacy_grid(header: list[str], stats: list[dict], texts: list[list[str]]) -> Grid:
    """A 统计指标/单位/统计数 table; ``texts`` holds each row's value cells as written."""
    rows = [[_head(h) for h in header]]
    for rec, vals in zip(stats, texts):
        rows.append([_lab(rec["label"]), _lab(rec["unit"] or "")] + [_val(v) for v in vals])
    return Grid("legacy_stats", rows, len(header))


# ---------------------------------------------------------------- hand-edited spans (html_spans, docx_spans)

def disagree_spans(grid: Grid, rng: random.Random) -> Grid:
    """The same table as hand-edited ones come: header and data spans that disagree. One or two new grid
    columns are inserted at a boundary inside the value columns (or between labels and values); header
    rows give each to the cell on one side of the boundary (or to an empty header cell), data rows to the
    cell on the other side: a header column spanning two over data rows where its neighbour spans two, a
    data label spanning two under ``A | B (2) | C``. Cells, their order and texts are unchanged, so the
    gold stays exact."""
    out = copy.deepcopy(grid)
    for _ in range(rng.choice((1, 1, 2))):
        mat = out.matrix()
        first = min(c for line in mat for c, slot in enumerate(line) if slot and slot[0].role == "value")
        boundaries = range(max(first - 1, 0), out.width - 1)
        if not boundaries:
            break
        header_left = rng.random() < 0.5
        _insert_column(out, mat, rng.choice(boundaries), header_left, blank_header=rng.random() < 0.3)
    return out


def _insert_column(grid: Grid, mat, c: int, header_left: bool, blank_header: bool) -> None:
    """A new column between grid columns c and c+1, covered row by row (top-down, so a cell spanning rows
    is widened once, in its first row)."""
    widened: set[int] = set()
    for r, line in enumerate(mat):
        left, right = line[c][0], line[c + 1][0]
        if id(left) in widened or id(right) in widened:
            continue  # a cell widened in a row above covers the new column here too
        header = all(slot is None or slot[0].role == "header" for slot in line)
        if left is right:
            cell = left
        elif header and blank_header:
            at = sum(1 for k, slot in enumerate(line) if slot and slot[1] and k <= c)
            grid.rows[r].insert(at, _head(""))   # an empty header cell in the new column
            continue
        else:
            cell = left if header == header_left else right
        cell.colspan += 1
        widened.add(id(cell))
    grid.width += 1
