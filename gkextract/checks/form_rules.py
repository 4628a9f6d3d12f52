"""Rules on the report's form: template for the year, sections, year statements, deadline, 问题/改进."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from ..record import Check
from ..agency import classify_agency
from ..text import arabic_dates, chinese_numeral, parse_numeral
from .registry import RuleContext, rule

SECTION_NAMES = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
TEMPLATE_NAMES = {"2021": "2021版格式", "2019": "2019版（试行）格式", "legacy": "2019年以前的统计表格式",
                  "unknown": "无法识别的格式"}
# ---- template ----------------------------------------------------------------------------------------

def expected_template(year: int, table: list[dict]) -> Optional[str]:
    for entry in table:
        if entry.get("from", -10**9) <= year <= entry.get("to", 10**9):
            return str(entry["template"])
    return None


@rule("TEMPLATE_OUTDATED")
def check_template_outdated(ctx: RuleContext) -> list[Check]:
    rec = ctx.record
    has_tables = any(getattr(rec.tables, n) for n in ("proactive", "requests", "review_litigation", "legacy_stats"))
    if not has_tables:
        return []   # nothing laid out: TABLE_MISSING speaks
    if rec.year is None:
        return [ctx.not_evaluable("报告年度未知，无法核对表格格式是否与年度相符")]
    if rec.template == "unknown":
        return [ctx.not_evaluable("无法识别表格格式，无法核对是否与年度相符")]
    expected = expected_template(rec.year, ctx.param("expected", []))
    if expected is None or expected == rec.template:
        return []
    return [ctx.fail(f"{rec.year}年度报告应使用{TEMPLATE_NAMES.get(expected, expected)}，"
                     f"实际使用{TEMPLATE_NAMES.get(rec.template, rec.template)}")]


# ---- sections ----------------------------------------------------------------------------------------

@rule("SECTION_MISSING")
def check_section_missing(ctx: RuleContext) -> list[Check]:
    if not ctx.is_modern(ctx.param("from_year", 2019)):
        return []
    present = {s.key for s in ctx.record.sections}
    missing = [k for k in ctx.param("required", list(SECTION_NAMES)) if k not in present]
    if not missing:
        return []
    names = "、".join(f"“{SECTION_NAMES.get(k, k)}”" for k in missing)
    return [ctx.fail(f"缺少必备部分：{names}")]


_ENUMERATOR = re.compile(r"^\s*(?:第(?P<cn_ord>[一二三四五六七八九十]+)部分|(?P<cn>[一二三四五六七八九十]+)\s*[、.．，,]"
                         r"|(?P<ar>\d{1,2})\s*[、.．，,](?!\d))")


@rule("SECTION_ORDER")
def check_section_order(ctx: RuleContext) -> list[Check]:
    if not ctx.is_modern(ctx.param("from_year", 2019)):
        return []
    sections = ctx.record.sections
    order = ctx.param("order", list(SECTION_NAMES))
    problems: list[str] = []

    counts: dict[str, list[str]] = {}
    for s in sections:
        if s.key in order:
            counts.setdefault(s.key, []).append(s.title)
    for key, titles in counts.items():
        if len(titles) > 1:
            problems.append(f"“{SECTION_NAMES.get(key, key)}”部分出现{len(titles)}次（{'；'.join(titles)}）")

    first = [s.key for s in sections if s.key in order]
    first = list(dict.fromkeys(first))
    if first != sorted(first, key=order.index):
        problems.append("各部分顺序与规定格式不一致：" + " → ".join(SECTION_NAMES.get(k, k)[2:] for k in first))

    numbered = []
    for i, s in enumerate(sections):
        m = _ENUMERATOR.match(s.title)
        if m:
            numbered.append((i, s.title, m))
    styles = {"cn" if (m["cn"] or m["cn_ord"]) else "ar" for _, _, m in numbered}
    present = {s.key for s in sections}
    previous: Optional[int] = None
    previous_key: Optional[str] = None
    for i, title, m in numbered:
        number = _number(m)
        if previous is None:   # the first numbered part: one after the required parts before it
            expected = sum(1 for s in sections[:i] if s.key in order) + 1
        else:
            expected = previous + 1
        key = sections[i].key
        if m["ar"] and "cn" in styles:
            problems.append(f"标题“{title}”编号应为“{chinese_numeral(expected)}、”")
        elif number is not None and (number < expected or number > expected and not (
                _jump_explained(order, present, previous_key, key)
                # a skipped number the text has as a heading line (二、信息公开工作组织落实情况, a local part)
                or ctx.text and set(range(expected, number)) <= _heading_numbers(ctx.text))):
            problems.append(f"标题“{title}”编号应为第{chinese_numeral(expected)}部分")
        previous, previous_key = (number if number is not None else expected), key
    if not problems:
        return []
    return [ctx.fail("；".join(problems))]


def _number(m: re.Match) -> Optional[int]:
    return int(m["ar"]) if m["ar"] else parse_numeral(m["cn"] or m["cn_ord"])


def _heading_numbers(text: str) -> set[int]:
    """The numbers of the lines of the report text that begin like a numbered part (二、…): read only
    where a jump in the parts' numbers needs explaining."""
    return {n for m in map(_ENUMERATOR.match, text.splitlines()) if m and (n := _number(m)) is not None}


def _jump_explained(order: list[str], present: set[str], previous_key: Optional[str], key: str) -> bool:
    """A number that jumps ahead is explained by a part the finder did not recognise (一、总体概述 named
    otherwise, a local part): true unless both parts are required ones and every required part the
    format puts between them was found (一、总体情况 then 三、主动公开…: nothing is missing to be 二)."""
    if key not in order or (previous_key is not None and previous_key not in order):
        return True
    start = order.index(previous_key) + 1 if previous_key is not None else 0
    return any(k not in present for k in order[start:order.index(key)]) or start > order.index(key)


# ---- year, date, problems ----------------------------------------------------------------------------

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-|~)\s*"
                     r"((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")


# the report's own statistics period is introduced as such (本报告所列数据的统计期限自…); a full year
# named elsewhere (与上年同期（2022年1月1日至2022年12月31日）相比) is another year's, not the report's
_PERIOD_INTRO = re.compile(r"统计|数据|所列|报告期|时限")


def _statistics_periods(text: str) -> list[re.Match]:
    """Every statistics period the text states (two that disagree are both reported)."""
    return [m for m in _PERIOD.finditer(text) if _PERIOD_INTRO.search(text[max(0, m.start() - 30):m.start()])]


@rule("YEAR_MISMATCH")
def check_year_mismatch(ctx: RuleContext) -> list[Check]:
    rec = ctx.record
    stated: list[tuple[str, int]] = []
    if rec.title:
        m = _TITLE_YEAR.search(arabic_dates(rec.title))
        if m:
            stated.append((f"标题“{rec.title}”", int(m.group(1))))
    if ctx.text:
        for m in _statistics_periods(arabic_dates(ctx.text)):   # 自二〇二三年一月一日起…
            stated.append((f"统计期限“{m.group(0)}”", int(m.group(1))))
            if m.group(1) != m.group(2):
                stated.append((f"统计期限“{m.group(0)}”", int(m.group(2))))
    if rec.year is None:
        if len({y for _, y in stated}) > 1:
            return [ctx.fail("；".join(f"{w}为{y}年" for w, y in stated))]
        return [ctx.not_evaluable("报告年度（数据年度）未知，无法核对年度")]
    wrong = [(w, y) for w, y in stated if y != rec.year]
    if not wrong:
        return []
    return [ctx.fail(f"数据年度为{rec.year}年，但" + "；".join(f"{w}为{y}年" for w, y in wrong),
                     ["year"])]


def _deadline(ctx: RuleContext) -> tuple[dt.date, str]:
    rec = ctx.record
    if rec.year < 2019:
        md, who = ctx.param("before_2019", "03-31"), "2019年以前的年度报告（2007年条例第三十一条）"
    else:
        body = classify_agency(rec.agency)
        deadlines = ctx.param("deadlines", {})
        md = deadlines.get(body.kind) or deadlines.get("unknown", "03-31")
        who = {"department": "县级以上人民政府部门（条例第四十九条）",
               "government": "县级以上地方人民政府（条例第四十九条）",
               "government_office": "人民政府办公厅（室）",
               "township": "乡镇人民政府、街道办事处（按本地规定）"}.get(body.kind, "机关类型不明")
    month, day = (int(x) for x in str(md).split("-"))
    return dt.date(rec.year + 1, month, day), who


@rule("LATE_PUBLICATION")
def check_late_publication(ctx: RuleContext) -> list[Check]:
    rec = ctx.record
    if rec.year is None or not rec.date:
        return [ctx.not_evaluable("报告未注明发布日期或年度，无法核对是否按时发布", ["date"])]
    try:
        published = dt.date.fromisoformat(rec.date[:10])
    except ValueError:
        return [ctx.not_evaluable(f"发布日期“{rec.date}”无法识别，无法核对是否按时发布", ["date"])]
    deadline, who = _deadline(ctx)
    if published <= deadline:
        return []
    return [ctx.fail(f"发布日期{published.isoformat()}晚于截止日期{deadline.isoformat()}（{who}）", ["date"])]


@rule("PROBLEMS_WITHOUT_MEASURES")
def check_problems_without_measures(ctx: RuleContext) -> list[Check]:
    if not ctx.is_modern(ctx.param("from_year", 2019)):
        return []
    rec = ctx.record
    if rec.measures:
        return []
    if rec.problems:
        return [ctx.fail(f"列出了{len(rec.problems)}项存在的主要问题，但没有改进措施或改进情况")]
    if any(s.key == "problems" for s in rec.sections):
        return [ctx.fail("“存在的主要问题及改进情况”部分既未列出问题，也未说明改进情况")]
    return []
