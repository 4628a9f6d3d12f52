"""One evaluator for the table arithmetic (勾稽关系), driven by the ``arithmetic`` entries of
configs/templates/tables.yaml:

- ``row_sum  {total: COL, parts: [COL, ...]}``      each row:    total column = Σ part columns
- ``col_sum  {total: ROW, parts: [ROW, ...] | NAME}`` each column: total row = Σ part rows (NAME: a list
  given elsewhere in the table's entry, e.g. ``result_rows``)
- ``col_balance {left: [ROW, ...], right: [ROW, ...]}`` each column: Σ left rows = Σ right rows

T3_ROW_SUM, T3_TOTAL_SUM, T3_BALANCE and T4_SUM are this evaluator with a different (table, arithmetic).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import yaml

from ..paths import CONFIGS
from ..record import Cell, StatTable


@lru_cache(maxsize=2)
def table_definitions(path: Optional[str] = None) -> dict:
    """configs/templates/tables.yaml as plain data."""
    with open(path or CONFIGS / "templates" / "tables.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+\.)")
_NOTE = re.compile(r"(?<=.)（[^）]*）$")


def short_label(label: str) -> str:
    """``一、本年新收政府信息公开申请数量`` → ``本年新收``; ``四、结转下年度继续办理`` → ``结转下年度``."""
    s = _ENUM.sub("", label)
    s = _NOTE.sub("", s)
    for tail in ("政府信息公开申请数量", "继续办理"):
        if s.endswith(tail) and len(s) > len(tail):
            s = s[: -len(tail)]
    return s


@dataclass(frozen=True)
class TableLabels:
    """Chinese names of a table's rows (or groups) and columns, for messages."""

    title: str
    rows: dict[str, str]
    cols: dict[str, str]
    col_order: tuple[str, ...]


@lru_cache(maxsize=8)
def table_labels(table: str) -> TableLabels:
    spec = table_definitions()[table]
    if table == "requests":
        rows = {}
        for r in spec["rows"]:
            label = short_label(r["label"])
            rows[r["key"]] = f"{r['group']}{label}" if r.get("group") else label
        title = "表三"
    elif table == "review_litigation":
        rows = dict(spec["groups"])
        title = "表四"
    else:
        rows = {r["key"]: r["label"] for tpl in spec["rows"].values() for r in tpl}
        title = "表二"
    cols = dict(spec["columns"])
    return TableLabels(title=title, rows=rows, cols=cols, col_order=tuple(cols))


@dataclass
class Term:
    path: str
    label: str
    value: Cell


@dataclass
class Equation:
    where: str            # 自然人列 / （一）予以公开行 / 行政复议
    left: list[Term]
    right: list[Term]
    #: (total, its parts) pairs: a total blank while a part of it is written keeps the equation from
    #: being decided. A sum equation guards its own total; T3_BALANCE guards （七）总计 by the result rows.
    guards: list[tuple[Term, list[Term]]] = field(default_factory=list)

    def terms(self) -> list[Term]:
        return self.left + self.right

    def blanks(self) -> list[Term]:
        return [t for t in self.terms() if t.value is None]

    def holds(self, blank_as_zero: bool = False) -> Optional[bool]:
        """True/False, or None when a blank total keeps it from being decided (record.md, Check).

        Real reports leave zeros blank, so a blank counts as 0 (and a changed cell is still caught) —
        except a blank total while parts it adds up to are written (with a non-zero sum; over zeros the
        blank total is one more zero left blank): not evaluable."""
        if not blank_as_zero and self.blank_totals():
            return None
        lhs = sum(t.value or 0 for t in self.left)
        rhs = sum(t.value or 0 for t in self.right)
        return math.isclose(lhs, rhs, rel_tol=0, abs_tol=1e-6)

    def blank_totals(self) -> list[Term]:
        """The blank totals whose parts are written: what keeps the equation from being decided."""
        return [total for total, parts in self.guards
                if total.value is None and any(p.value for p in parts)]

    def describe(self) -> str:
        return f"{self.where}：{_side(self.left)} ≠ {_side(self.right)}"

    def evidence(self) -> list[str]:
        """The cells worth looking at: every total (a one-term side) and every non-zero part."""
        cells = []
        for side in (self.left, self.right):
            for t in side:
                if len(side) == 1 or t.value not in (0, None):
                    cells.append(t.path)
        return cells


def format_number(v: Cell) -> str:
    if v is None:
        return "（空）"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:g}" if isinstance(v, float) else str(v)


def _side(terms: list[Term]) -> str:
    if len(terms) == 1:
        return f"{terms[0].label}{format_number(terms[0].value)}"
    total = format_number(sum(t.value or 0 for t in terms))
    shown = terms
    if len(terms) > 7:   # long sums (the 22 result rows): name only the non-zero parts
        shown = [t for t in terms if t.value != 0]
        listed = " + ".join(f"{t.label}{format_number(t.value)}" for t in shown) or "各项均为0"
        return f"办理结果各行之和{total}（{listed}）"
    return " + ".join(f"{t.label}{format_number(t.value)}" for t in shown) + f" = {total}"


def equations(table_name: str, table: StatTable, arithmetic: str) -> list[Equation]:
    """The equations of one ``arithmetic`` entry of tables.yaml, over the rows the record has."""
    spec = table_definitions()[table_name]
    formula = spec["arithmetic"][arithmetic]
    labels = table_labels(table_name)
    rows = table.rows

    def term(row: str, col: str, row_first: bool) -> Term:
        name = labels.cols[col] if row_first else labels.rows.get(row, row)
        return Term(f"{table_name}.{row}.{col}", name, rows.get(row, {}).get(col))

    def row_list(value) -> list[str]:
        return list(spec[value]) if isinstance(value, str) else list(value)

    out: list[Equation] = []
    if "parts" in formula and isinstance(formula.get("total"), str) and formula["total"] in labels.cols:
        # row_sum: within each row, total column = Σ part columns
        total, parts = formula["total"], row_list(formula["parts"])
        for row in rows:
            where = labels.rows.get(row, row)
            where = where if table_name == "review_litigation" else f"{where}行"
            total_term, part_terms = term(row, total, True), [term(row, c, True) for c in parts]
            out.append(Equation(f"{labels.title} {where}", [total_term], part_terms,
                                [(total_term, part_terms)]))
        return out
    columns = [c for c in labels.col_order if any(c in r for r in rows.values())]
    if "parts" in formula:
        # col_sum: within each column, total row = Σ part rows present in the record
        total, parts = formula["total"], [r for r in row_list(formula["parts"]) if r in rows]
        parts = parts or row_list(formula["parts"])[:1]   # none present: a blank term, not evaluable
        for col in columns:
            total_term, part_terms = term(total, col, False), [term(r, col, False) for r in parts]
            out.append(Equation(f"{labels.title} {labels.cols[col]}列", [total_term], part_terms,
                                [(total_term, part_terms)]))
        return out
    left, right = row_list(formula["left"]), row_list(formula["right"])
    # a row of the balance that is itself the total of other rows (（七）总计 = Σ result rows)
    sums = [f for f in spec["arithmetic"].values()
            if "parts" in f and f.get("total") in left + right and f["total"] not in labels.cols]
    for col in columns:
        guards = [(term(f["total"], col, False), [term(r, col, False) for r in row_list(f["parts"]) if r in rows])
                  for f in sums]
        out.append(Equation(f"{labels.title} {labels.cols[col]}列",
                            [term(r, col, False) for r in left], [term(r, col, False) for r in right], guards))
    return out
