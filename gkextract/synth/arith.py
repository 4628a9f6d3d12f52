"""Which table rules a generated table breaks: the truth the gold `checks` are written from.

The arithmetic comes from tables.yaml; blanks count as 0 (they stand for zeros in our reports).
"""
from __future__ import annotations

from typing import Optional

from ..record import Check
from .banks import request_cols, review_cols, tables_spec


def _v(x: Optional[float]) -> float:
    return 0 if x is None else x


def _sum(xs) -> float:
    return sum(_v(x) for x in xs)


def requests_checks(t: dict) -> list[Check]:
    spec = tables_spec()["requests"]["arithmetic"]
    cols = request_cols()
    out: list[Check] = []
    rs = spec["row_sum"]
    bad = [f"requests.{k}.{rs['total']}" for k, row in t.items()
           if abs(_v(row.get(rs["total"])) - _sum(row.get(c) for c in rs["parts"])) > 1e-9]
    if bad:
        out.append(Check(rule="T3_ROW_SUM", severity="error", message="表三 总计 ≠ sum of the six applicant columns", cells=bad))
    cs = spec["col_sum"]
    results = [k for k in tables_spec()["requests"][cs["parts"]] if k in t]
    bad = [f"requests.{cs['total']}.{c}" for c in cols
           if abs(_v(t[cs["total"]].get(c)) - _sum(t[k].get(c) for k in results)) > 1e-9]
    if bad:
        out.append(Check(rule="T3_TOTAL_SUM", severity="error", message="表三 （七）总计 ≠ sum of the result rows", cells=bad))
    cb = spec["col_balance"]
    bad = [f"requests.{cb['right'][1]}.{c}" for c in cols
           if abs(_sum(t[k].get(c) for k in cb["left"]) - _sum(t[k].get(c) for k in cb["right"])) > 1e-9]
    if bad:
        out.append(Check(rule="T3_BALANCE", severity="error", message="表三 本年新收 + 上年结转 ≠ （七）总计 + 结转下年度", cells=bad))
    return out


def review_checks(t: dict) -> list[Check]:
    rs = tables_spec()["review_litigation"]["arithmetic"]["row_sum"]
    bad = [f"review_litigation.{g}.{rs['total']}" for g, row in t.items()
           if abs(_v(row.get(rs["total"])) - _sum(row.get(c) for c in rs["parts"])) > 1e-9]
    if bad:
        return [Check(rule="T4_SUM", severity="error", message="表四 总计 ≠ 维持 + 纠正 + 其他 + 尚未审结", cells=bad)]
    return []


def proactive_checks(t: dict, template: str) -> list[Check]:
    if template != "2019":
        return []
    bad = [f"proactive.{k}.total_published" for k in ("rules", "normative_docs")
           if k in t and _v(t[k].get("total_published")) < _v(t[k].get("new_published"))]
    if bad:
        return [Check(rule="T2_TOTAL_LT_NEW", severity="warning", message="表二 对外公开总数量 < 本年新公开数量", cells=bad)]
    return []


def blank_cells(tables: dict) -> list[str]:
    """Paths of value cells that are blank (None) in 表二/三/四."""
    out = []
    for name in ("proactive", "requests", "review_litigation"):
        for row, cols in (tables.get(name) or {}).items():
            out += [f"{name}.{row}.{c}" for c, v in cols.items() if v is None]
    return out
