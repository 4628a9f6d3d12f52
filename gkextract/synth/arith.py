"""Which table rules a generated table breaks: the truth the gold `checks` are written from.

The arithmetic comes from tables.yaml; blank parts count as 0 (they stand for zeros in our reports).
"""
from __future__ import annotations

from typing import Optional

from ..record import Check
from .banks import blank_as_zero, request_cols, review_cols, severity, tables_spec


def _v(x: Optional[float]) -> float:
    return 0 if x is None else x


def _sum(xs) -> float:
    return sum(_v(x) for x in xs)


def _blank_total(left: list, right: list) -> bool:
    """A total (``left`` of one term) left blank while its parts are written (non-zero): not evaluable."""
    return not blank_as_zero() and len(left) == 1 and left[0] is None and any(x for x in right)


def _fails(left: list, right: list) -> bool:
    """An equation fails when both sides differ, a blank counting as 0 (record.md, Check); a blank total
    (``left`` of one term) over written parts is not evaluable, so it does not fail (unless
    configs/checks.yaml reads every blank as 0). T3_BALANCE's guard on （七）总计 is in requests_checks."""
    if _blank_total(left, right):
        return False
    return abs(_sum(left) - _sum(right)) > 1e-9


def _check(rule: str, message: str, cells: list[str]) -> Check:
    return Check(rule=rule, severity=severity(rule), message=message, cells=cells)


def requests_checks(t: dict) -> list[Check]:
    spec = tables_spec()["requests"]["arithmetic"]
    cols = request_cols()
    out: list[Check] = []
    rs = spec["row_sum"]
    bad = [f"requests.{k}.{rs['total']}" for k, row in t.items()
           if _fails([row.get(rs["total"])], [row.get(c) for c in rs["parts"]])]
    if bad:
        out.append(_check("T3_ROW_SUM", "表三 总计 ≠ sum of the six applicant columns", bad))
    cs = spec["col_sum"]
    results = [k for k in tables_spec()["requests"][cs["parts"]] if k in t]
    bad = [f"requests.{cs['total']}.{c}" for c in cols
           if _fails([t[cs["total"]].get(c)], [t[k].get(c) for k in results])]
    if bad:
        out.append(_check("T3_TOTAL_SUM", "表三 （七）总计 ≠ sum of the result rows", bad))
    cb = spec["col_balance"]
    bad = [f"requests.{cb['right'][1]}.{c}" for c in cols
           if not _blank_total([t[cs["total"]].get(c)], [t[k].get(c) for k in results])
           and _fails([t[k].get(c) for k in cb["left"]], [t[k].get(c) for k in cb["right"]])]
    if bad:
        out.append(_check("T3_BALANCE", "表三 本年新收 + 上年结转 ≠ （七）总计 + 结转下年度", bad))
    return out


def review_checks(t: dict) -> list[Check]:
    rs = tables_spec()["review_litigation"]["arithmetic"]["row_sum"]
    bad = [f"review_litigation.{g}.{rs['total']}" for g, row in t.items()
           if _fails([row.get(rs["total"])], [row.get(c) for c in rs["parts"]])]
    if bad:
        return [_check("T4_SUM", "表四 总计 ≠ 维持 + 纠正 + 其他 + 尚未审结", bad)]
    return []


def proactive_checks(t: dict, template: str) -> list[Check]:
    if template != "2019":
        return []
    bad = [f"proactive.{k}.total_published" for k in ("rules", "normative_docs")
           if k in t and None not in (t[k].get("total_published"), t[k].get("new_published"))
           and t[k]["total_published"] < t[k]["new_published"]]
    if bad:
        return [_check("T2_TOTAL_LT_NEW", "表二 对外公开总数量 < 本年新公开数量", bad)]
    return []


def blank_cells(tables: dict) -> list[str]:
    """Paths of value cells that are blank (None) in 表二/三/四."""
    out = []
    for name in ("proactive", "requests", "review_litigation"):
        for row, cols in (tables.get(name) or {}).items():
            out += [f"{name}.{row}.{c}" for c, v in cols.items() if v is None]
    return out
