"""Rules on the statistical tables (表二, 表三, 表四) and their cells."""
from __future__ import annotations

from typing import Iterator, Optional

from ..document import IMAGE_LINE
from ..record import Cell, Check, StatTable
from ..agency import classify_agency
from .arithmetic import format_number, equations, table_definitions, table_labels
from .registry import PASS_THROUGH_RULES, RuleContext, rule

TABLE_TITLES = {"proactive": "表二", "requests": "表三", "review_litigation": "表四"}


def _table(ctx: RuleContext, name: str) -> Optional[StatTable]:
    return getattr(ctx.record.tables, name, None)


def _cells(table: StatTable, name: str) -> Iterator[tuple[str, str, str, Cell]]:
    for row, cols in table.rows.items():
        for col, value in cols.items():
            yield f"{name}.{row}.{col}", row, col, value


def _cell_name(name: str, row: str, col: str) -> str:
    labels = table_labels(name)
    return f"{labels.rows.get(row, row)}·{labels.cols.get(col, col)}"


def _list(items: list[str], limit: int = 6) -> str:
    shown = "、".join(items[:limit])
    return shown + (f" 等{len(items)}处" if len(items) > limit else "")


# ---- arithmetic (one evaluator, four rule ids) ------------------------------------------------------

def check_arithmetic(ctx: RuleContext) -> list[Check]:
    table_name, arithmetic = ctx.param("table"), ctx.param("arithmetic")
    table = _table(ctx, table_name)
    if table is None or not table.rows:
        return []
    failed, undecided = [], []
    for eq in equations(table_name, table, arithmetic):
        holds = eq.holds(ctx.config.blank_as_zero)
        if holds is False:
            failed.append(eq)
        elif holds is None:
            undecided.append(eq)
    out = []
    if failed:
        out.append(ctx.fail("；".join(eq.describe() for eq in failed),
                            [c for eq in failed for c in eq.evidence()]))
    if undecided:
        places = [f"{eq.where}（{'、'.join(t.label for t in eq.blank_totals()[:3])}"
                  f"{'等' if len(eq.blank_totals()) > 3 else ''}为空）" for eq in undecided]
        out.append(ctx.not_evaluable(f"合计为空而分项有数，无法核对：{_list(places, 4)}",
                                     [t.path for eq in undecided for t in eq.blank_totals()]))
    return out


for _rule_id in ("T3_BALANCE", "T3_TOTAL_SUM", "T3_ROW_SUM", "T4_SUM"):
    rule(_rule_id)(check_arithmetic)


# ---- 表三 layout --------------------------------------------------------------------------------------

def _template_only_rows(table: str = "requests") -> dict[str, list[str]]:
    """Row keys that only one national format has (tables.yaml ``templates:``), per format."""
    out: dict[str, list[str]] = {}
    for r in table_definitions()[table]["rows"]:
        for tpl in r.get("templates") or ():
            out.setdefault(tpl, []).append(r["key"])
    return out


def _expected_template(ctx: RuleContext) -> Optional[str]:
    if ctx.record.template in ("2019", "2021"):
        return ctx.record.template
    year = ctx.record.year
    if year is None or year < 2019:
        return None
    return "2021" if year >= 2021 else "2019"


@rule("T3_OTHER_LAYOUT")
def check_t3_other_layout(ctx: RuleContext) -> list[Check]:
    table = _table(ctx, "requests")
    template = _expected_template(ctx)
    if table is None or template is None:
        return []
    only = _template_only_rows()
    other = next((t for t in only if t != template), None)
    wrong = [r for r in only.get(other, []) if r in table.rows]
    if not wrong:
        return []
    basis = "表二为2021版格式" if ctx.record.template == "2021" else (
        "表二为2019版格式" if ctx.record.template == "2019" else f"{ctx.record.year}年度报告应使用{template}版格式")
    if template == "2021":
        what = "表三（六）其他处理只有一行，缺少2021版的三个细分行（2019版布局）"
    else:
        what = "表三（六）其他处理拆分为2021版的三个细分行（2019版应为一行）"
    cells = [p for p, row, _, _ in _cells(table, "requests") if row in wrong]
    return [ctx.fail(f"{basis}，但{what}", cells)]


# ---- 表二 --------------------------------------------------------------------------------------------

@rule("T2_TOTAL_LT_NEW")
def check_t2_total_lt_new(ctx: RuleContext) -> list[Check]:
    table = _table(ctx, "proactive")
    if table is None or ctx.record.template != "2019":
        return []
    labels = table_labels("proactive")
    failed, undecided = [], []
    for row in ctx.param("rows", ["rules", "normative_docs"]):
        if row not in table.rows:
            continue
        new, total = table.get(row, "new_published"), table.get(row, "total_published")
        paths = [f"proactive.{row}.new_published", f"proactive.{row}.total_published"]
        if new is None or total is None:
            undecided.append((labels.rows.get(row, row), paths))
        elif total < new:
            failed.append((f"表二 {labels.rows.get(row, row)}：对外公开总数量{format_number(total)} < "
                           f"本年新公开数量{format_number(new)}", paths))
    out = []
    if failed:
        out.append(ctx.fail("；".join(m for m, _ in failed), [p for _, ps in failed for p in ps]))
    if undecided:
        out.append(ctx.not_evaluable(f"表二 {'、'.join(r for r, _ in undecided)} 的本年新公开数量或"
                                     "对外公开总数量为空，无法核对", [p for _, ps in undecided for p in ps]))
    return out


@rule("T2_FEE_UNIT")
def check_t2_fee_unit(ctx: RuleContext) -> list[Check]:
    table = _table(ctx, "proactive")
    if table is None or ctx.record.template != "2021" or "fees" not in table.rows:
        return []
    path = "proactive.fees.amount"
    amount, unit = table.get("fees", "amount"), table.units.get("fees.amount")
    expected = ctx.param("expected_unit", "万元")
    if unit and unit != expected:
        return [ctx.fail(f"表二 行政事业性收费 本年收费金额写作{format_number(amount)}{unit}，模板单位为{expected}", [path])]
    if amount is None:
        return [ctx.not_evaluable("表二 行政事业性收费 本年收费金额为空，无法核对单位", [path])]
    limit = ctx.param("max_amount", 1_000_000)
    if amount > limit:
        return [ctx.fail(f"表二 行政事业性收费 本年收费金额{format_number(amount)}{expected}（超过{format_number(limit)}{expected}），"
                         f"疑似按元填写", [path])]
    return []


@rule("T2_RULES_POWER")
def check_t2_rules_power(ctx: RuleContext) -> list[Check]:
    table = _table(ctx, "proactive")
    if table is None or "rules" not in table.rows:
        return []
    positive = {col: v for col, v in table.rows["rules"].items() if v is not None and v > 0}
    if not positive:
        return []
    cells = [f"proactive.rules.{col}" for col in positive]
    labels = table_labels("proactive")
    counts = "、".join(f"{labels.cols.get(c, c)}{format_number(v)}" for c, v in positive.items())
    body = classify_agency(ctx.record.agency)
    if body.level == "unknown":
        return [ctx.not_evaluable(f"表二 规章 有数（{counts}），但无法从机关名称判断其是否有规章制定权", cells)]
    if body.level in ctx.param("levels_without_power", ["county", "township"]):
        level = {"county": "县级", "township": "乡镇（街道）"}.get(body.level, body.level)
        return [ctx.fail(f"{ctx.record.agency}为{level}机关，无规章制定权，但表二 规章 填报了{counts}", cells)]
    return []


# ---- cells -------------------------------------------------------------------------------------------

@rule("NEGATIVE_OR_FRACTION")
def check_negative_or_fraction(ctx: RuleContext) -> list[Check]:
    spec = table_definitions()["proactive"]
    # record.md: count cells only (a signed change and the money amounts are exempt)
    exempt = set(spec.get("signed_columns", [])) | set(spec.get("amount_columns", []))
    bad = []
    for name in TABLE_TITLES:
        table = _table(ctx, name)
        if table is None:
            continue
        for path, row, col, value in _cells(table, name):
            if value is None or (name == "proactive" and col in exempt):
                continue
            if value < 0 or not float(value).is_integer():
                bad.append((path, f"{TABLE_TITLES[name]} {_cell_name(name, row, col)}={format_number(value)}"))
    if not bad:
        return []
    return [ctx.fail(f"计数单元格应为非负整数：{_list([m for _, m in bad])}", [p for p, _ in bad])]


def _template_cells(name: str, template: str) -> Optional[dict[str, set[str]]]:
    """The cells (row -> columns) the template defines for a table, or None where every row has every
    column (表三, 表四). 表二's rows each have their own columns (2021 行政许可: 处理决定数量 only)."""
    if name != "proactive":
        return None
    rows = table_definitions()["proactive"]["rows"].get(template)
    return {r["key"]: set(r["cols"]) for r in rows} if rows else None


@rule("BLANK_CELLS")
def check_blank_cells(ctx: RuleContext) -> list[Check]:
    if not ctx.is_modern():
        return []
    blanks: dict[str, list[str]] = {}
    cols_of = table_definitions()["requests"]["columns"], table_definitions()["review_litigation"]["columns"]
    known = {"requests": set(cols_of[0]), "review_litigation": set(cols_of[1])}
    # a cell the decoder left null because it held text (NON_NUMERIC_CELL) was not left blank
    unreadable = {c for f in ctx.record.checks if f.rule in PASS_THROUGH_RULES for c in f.cells}
    for name in ctx.param("tables", list(TABLE_TITLES)):
        table = _table(ctx, name)
        if table is None:
            continue
        layout = _template_cells(name, ctx.record.template)
        for path, row, col, value in _cells(table, name):
            # a blank where the template has no cell in that layout (a shifted or spanned column) is
            # no blank the report left: only cells the template asks for count
            expected = col in layout.get(row, ()) if layout is not None else col in known.get(name, {col})
            if value is None and expected and path not in unreadable:
                blanks.setdefault(name, []).append(path)
    if not blanks:
        return []
    parts = []
    for name, paths in blanks.items():
        examples = [_cell_name(name, *p.split(".")[1:]) for p in paths]
        parts.append(f"{TABLE_TITLES[name]} {len(paths)}个（{_list(examples, 3)}）")
    return [ctx.fail(f"应填数字的单元格为空白（空、/ 或 —）：{'；'.join(parts)}",
                     [p for paths in blanks.values() for p in paths])]


@rule("TABLE_MISSING")
def check_table_missing(ctx: RuleContext) -> list[Check]:
    if not ctx.is_modern(ctx.param("from_year", 2019)):
        return []
    missing, empty = [], []
    for name in ctx.param("required", list(TABLE_TITLES)):
        table = _table(ctx, name)
        if table is None or not table.rows:
            missing.append(name)
        elif ctx.param("empty_counts_as_missing", False) and all(v is None for *_, v in _cells(table, name)):
            empty.append(name)
    names = table_definitions()
    pictured = [n for n in missing if _pictured(ctx, n)]
    missing = [n for n in missing if n not in pictured]
    out = []
    if pictured:   # the part holds a picture where its table should be: not missing, just unreadable
        out.append(ctx.not_evaluable("；".join(f"{names[n]['name']}未能读取：该部分正文中是图片" for n in pictured),
                                     pictured))
    if missing or empty:
        parts = [f"缺少{names[n]['name']}" for n in missing] + [f"{names[n]['name']}没有任何数据" for n in empty]
        out.append(ctx.fail("；".join(parts), [f"{n}" for n in missing + empty]))
    return out


def _pictured(ctx: RuleContext, name: str) -> bool:
    """Whether the report's part for this table (表二 in part 二 …) holds a picture (``IMAGE_LINE``): a
    table pasted as an image. Found by the part's title and the next part's in the text."""
    if not ctx.text:
        return False
    sections = ctx.record.sections
    at = next((i for i, s in enumerate(sections) if s.key == name), None)
    if at is None:
        return False
    start = ctx.text.find(sections[at].title)
    if start < 0:
        return False
    end = ctx.text.find(sections[at + 1].title, start) if at + 1 < len(sections) else -1
    return IMAGE_LINE in ctx.text[start:end if end > start else len(ctx.text)]
