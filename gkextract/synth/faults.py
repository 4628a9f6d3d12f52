"""The fault catalogue of corpus/synth/faults.yaml: which fault to inject, and the table faults.

Structural faults (headings, layout, dates) are applied by the generator where it writes that part;
the gold checks of table faults are computed afterwards from the tables themselves (arith.py).
"""
from __future__ import annotations

import random
from typing import Optional

from .banks import bank, request_cols

STYLE_ONLY = {"BLANK_CELLS"}


def applicable(template: str, year: int, level: str) -> list[str]:
    out = []
    for rule, spec in bank("faults").items():
        if rule in STYLE_ONLY or template not in spec.get("templates", []):
            continue
        if rule == "TEMPLATE_OUTDATED" and year < 2021:
            continue
        if "levels" in spec and level not in spec["levels"]:
            continue
        out.append(rule)
    return out


def draw(rng: random.Random, template: str, year: int, level: str) -> Optional[str]:
    rules = applicable(template, year, level)
    if not rules:
        return None
    weights = [bank("faults")[r].get("weight", 1) for r in rules]
    return rng.choices(rules, weights)[0]


def apply_table_fault(rng: random.Random, rule: Optional[str], template: str, pro: dict, units: dict,
                      req: dict, rev: dict) -> None:
    """Perturb the tables in place so that exactly the arithmetic the rule names is broken."""
    cols = request_cols()
    parts, total = cols[:-1], cols[-1]
    d = rng.choice([-3, -2, -1, 1, 2, 3, 5, 10])
    if rule == "T3_BALANCE":       # carried_forward moves in one column and its total: only R3.1 fails
        c = rng.choice(parts)
        d = abs(d)
        req["carried_forward"][c] += d
        req["carried_forward"][total] += d
    elif rule == "T3_TOTAL_SUM":   # a result row moves, （七）总计 does not
        c = rng.choice(parts)
        d = abs(d)
        row = rng.choice(["granted", "partly_granted", "unable_not_held"])
        req[row][c] += d
        req[row][total] += d
    elif rule == "T3_ROW_SUM":     # one row's 总计 is off
        row = rng.choice(list(req))
        req[row][total] = max(0, req[row][total] + abs(d))
    elif rule == "T4_SUM":
        g = rng.choice(list(rev))
        rev[g]["total"] = rev[g]["total"] + abs(d)
    elif rule == "T2_TOTAL_LT_NEW":
        row = pro["normative_docs"]
        row["new_made"] = max(row["new_made"], 3)
        row["new_published"] = max(row["new_published"], 3)
        row["total_published"] = row["new_published"] - rng.randint(1, row["new_published"])
    elif rule == "T2_FEE_UNIT":
        pro["fees"]["amount"] = rng.randint(200, 90000)
        units["fees.amount"] = "元"
    elif rule == "T2_RULES_POWER":
        row = pro["rules"]
        first = list(row)[0]
        row[first] = rng.randint(1, 4)
        last = list(row)[-1]
        row[last] = max(row[last], row[first]) + rng.randint(0, 5)
        if template == "2019":
            row["new_published"] = row["new_made"]


# ---------------------------------------------------------------- one cell changed as written (benchmarks/real_faults.py)

def value_cells(content, kind: str, table) -> list[tuple[str, str, object]]:
    """(row, col, grid cell) of every value cell of the table's grid, in grid order: grids write their
    rows in the record's row order and each row's cells in its column order (synth/grid.py)."""
    grid = next((b.grid for b in content.blocks if b.grid is not None and b.grid.kind == kind), None)
    if grid is None or table is None:
        return []
    cells = [c for row in grid.rows for c in row if c.role == "value"]
    keys = [(r, c) for r, cols in table.rows.items() for c in cols]
    if len(cells) != len(keys):
        return []
    return [(r, c, cell) for (r, c), cell in zip(keys, cells)]


def change_cell(rec, content, kind: str, row: str, col: str, text: str, value) -> bool:
    """Write ``text`` into one table cell before rendering and ``value`` into the gold record: a
    report with one cell changed (its arithmetic broken), or with a cell no number (``value`` None).
    False when the grid has no such cell."""
    table = getattr(rec.tables, kind)
    for r, c, cell in value_cells(content, kind, table):
        if (r, c) == (row, col):
            cell.text = text
            table.rows[r][c] = value
            return True
    return False
