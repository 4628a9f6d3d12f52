"""Table values that look real and satisfy the arithmetic of tables.yaml.

Numbers grow with the agency's scale: mostly zeros for a 街道, hundreds for a city. Every table is a
``{row_key: {col_key: value}}`` dict; faults and blanks are applied afterwards (faults.py, blanks()).
"""
from __future__ import annotations

import random
from typing import Optional

from .banks import bank, proactive_rows, request_cols, request_rows, review_cols, review_groups, tables_spec

Table = dict[str, dict[str, Optional[float]]]


def _count(rng: random.Random, scale: float, hi: float, p_zero: float = 0.3) -> int:
    """A count whose size follows the scale; zero with some probability (more often when small)."""
    if rng.random() < p_zero / max(scale, 0.3) * 0.5 + (0.4 if scale < 0.05 else 0):
        return 0
    top = max(1, int(hi * scale * rng.uniform(0.2, 1.0)))
    return rng.randint(0, top)


def distribute(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into len(weights) non-negative integers, roughly proportional to weights."""
    out = [0] * len(weights)
    if total <= 0:
        return out
    s = sum(weights)
    probs = [w / s for w in weights]
    if total > 200:  # proportional with jitter, then fix the remainder
        for i, p in enumerate(probs):
            out[i] = int(total * p * rng.uniform(0.7, 1.3))
        while sum(out) > total:
            i = rng.randrange(len(out))
            if out[i]:
                out[i] -= min(out[i], sum(out) - total)
        out[0] += total - sum(out)
        return out
    for _ in range(total):
        out[rng.choices(range(len(weights)), probs)[0]] += 1
    return out


# ---------------------------------------------------------------- 表二
def proactive(rng: random.Random, template: str, scale: float, rules_power: bool) -> tuple[Table, dict]:
    """表二 values for the 2019 or 2021 layout, and the units written in cells."""
    t: Table = {}
    units: dict[str, str] = {}
    for row in proactive_rows(template):
        key, cols = row["key"], row["cols"]
        vals: dict[str, Optional[float]] = {}
        if key in ("rules", "normative_docs"):
            power = rules_power or key == "normative_docs"
            hi = 12 if key == "rules" else 40
            new = _count(rng, scale, hi) if power else 0
            if template == "2021":
                repealed = rng.randint(0, max(0, new // 2)) if new else (rng.randint(0, 2) if power and rng.random() < .2 else 0)
                in_force = new + rng.randint(0, int(60 * scale) + 2) if power else 0
                vals = {"issued": new, "repealed": repealed, "in_force": max(in_force, repealed)}
            else:
                published = new if rng.random() < 0.7 else rng.randint(0, new)
                total = published + (rng.randint(0, int(80 * scale) + 2) if power else 0)
                vals = {"new_made": new, "new_published": published, "total_published": total}
        elif key == "fees":
            if template == "2021":
                amt = 0 if rng.random() < 0.6 or scale < 0.1 else round(rng.uniform(0.5, 300 * scale), 2)
                vals = {"amount": amt}
            else:
                prev = _count(rng, scale, 15)
                vals = {"prev_items": prev, "change": -rng.randint(0, prev) if prev and rng.random() < .3 else 0}
        elif key == "procurement":
            items = _count(rng, scale, 80)
            if items == 0:
                vals = {"items": 0, "amount": 0}
            elif rng.random() < 0.5:
                vals = {"items": items, "amount": rng.randint(2, 60) * items * 1000 + rng.randint(0, 999)}
                if rng.random() < 0.6:
                    units[f"{key}.amount"] = "元"
            else:
                vals = {"items": items, "amount": round(rng.uniform(1, 80) * items, 2)}
                if rng.random() < 0.5:
                    units[f"{key}.amount"] = "万元"
        else:  # licensing, other_services, penalty, coercion
            hi = {"licensing": 3000, "penalty": 800, "coercion": 60, "other_services": 1500}[key]
            decisions = _count(rng, scale, hi)
            if template == "2021":
                vals = {"decisions": decisions}
            else:
                prev = _count(rng, scale, 120)
                change = rng.choice([0, 0, 0, rng.randint(-prev, 5) if prev else rng.randint(0, 3)])
                vals = {"prev_items": prev, "change": change, "decisions": decisions}
        t[key] = {c: vals[c] for c in cols}
    return t, units


# ---------------------------------------------------------------- 表三
RESULT_WEIGHTS = {
    "granted": 40, "partly_granted": 6, "unable_not_held": 14, "unable_needs_creation": 2,
    "unable_unclear": 2, "not_processed_petition": 3, "not_processed_repeat": 2,
    "denied_third_party": 1.5, "denied_process_info": 1.5, "denied_internal_affairs": 1,
    "other_handling": 4, "other_no_correction": 2, "other_misc": 2,
}


def requests(rng: random.Random, row_keys: list[str], scale: float) -> Table:
    """表三 values over the given rows: every row sums across, every column balances down."""
    cols = request_cols()
    parts = cols[:-1]
    results = [k for k in tables_spec()["requests"]["result_rows"] if k in row_keys]
    busy = rng.random() < min(0.9, 0.25 + scale)
    new_total = 0 if not busy else max(0, int(rng.uniform(1, 300) * scale * rng.uniform(0.3, 1.5)))
    col_w = [80, 10, 1, 1.5, 3, 4.5]
    new = distribute(rng, new_total, col_w)
    carried = [rng.randint(0, max(0, n // 8)) if n and rng.random() < 0.4 else 0 for n in new]
    t: Table = {k: {c: 0 for c in cols} for k in row_keys}
    for i, c in enumerate(parts):
        avail = new[i] + carried[i]
        fwd = rng.randint(0, max(0, avail // 6)) if avail and rng.random() < 0.4 else 0
        handled = avail - fwd
        weights = [RESULT_WEIGHTS.get(k, 0.4) for k in results]
        for k, v in zip(results, distribute(rng, handled, weights)):
            t[k][c] = v
        t["new_received"][c], t["carried_over"][c] = new[i], carried[i]
        t["total_handled"][c], t["carried_forward"][c] = handled, fwd
    for k in row_keys:
        t[k]["total"] = sum(t[k][c] for c in parts)
    return t


# ---------------------------------------------------------------- 表四
def review(rng: random.Random, scale: float) -> Table:
    t: Table = {}
    cols = review_cols()
    for g in review_groups():
        vals = {c: 0 for c in cols}
        if rng.random() < min(0.8, scale):
            for c in cols[:-1]:
                vals[c] = rng.choice([0, 0, 1, 2, rng.randint(0, max(1, int(8 * scale)))])
        vals["total"] = sum(vals[c] for c in cols[:-1])
        t[g] = vals
    return t


# ---------------------------------------------------------------- legacy
def legacy(rng: random.Random, year: int, scale: float, two_columns: bool) -> list[dict]:
    """Rows of a 统计指标/单位/统计数 table: group rows (no unit, no value) and indicator rows."""
    out: list[dict] = []
    vals: dict[str, int] = {}
    for group in bank("legacy")["groups"]:
        if year < group.get("from", 0):
            continue
        out.append({"label": group["label"], "unit": None, "value": None})
        for row in group["rows"]:
            if row.get("optional") and rng.random() < 0.4:
                continue
            if "same_as" in row:
                v = vals.get(row["same_as"], 0)
            elif "sum_of" in row:
                lo, hi = row["range"]
                v = int(rng.uniform(lo, hi) * scale) if rng.random() < 0.7 else 0
                for part, pv in zip(row["sum_of"], distribute(rng, v, [3, 5, 1])):
                    vals[part] = pv
            elif row.get("part"):
                v = vals.get(row["id"], 0)
            else:
                lo, hi = row["range"]
                v = int(rng.uniform(lo, hi) * (scale if hi > 20 else 1))
                if "ge" in row:
                    v = max(v, vals.get(row["ge"], 0))
            vals[row["id"]] = v
            rec = {"label": row["label"], "unit": row["unit"], "value": v}
            if two_columns:
                rec["values"] = [v, v + int(v * rng.uniform(1, 6))]
            out.append(rec)
    if two_columns:
        for rec in out:
            if rec["value"] is None:
                rec["values"] = [None, None]
    return out
