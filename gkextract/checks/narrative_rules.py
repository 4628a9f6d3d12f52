"""Rules comparing what the prose says (record.figures, and the report text where given) with the tables.

Each narrative check quotes the sentence (the figure's text) it rests on. A figure is accepted when it
equals any reading of the table the wording allows (e.g. 收到申请N件 may count 上年结转 in); only a figure
that fits none of them is reported.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from ..record import Cell, Check, Figure, StatTable
from .arithmetic import format_number, short_label, table_definitions
from .registry import RuleContext, rule


def _sum_cells(table: StatTable, rows: Iterable[str], cols: Iterable[str] = ("total",)) -> Optional[float]:
    """Σ of the cells, or None when any is blank or the table lacks every row."""
    values = [table.get(r, c) for r in rows if r in table.rows for c in cols]
    if not values or any(v is None for v in values):
        return None
    return sum(values)


def _close(a: float, b: Optional[float]) -> bool:
    return b is not None and abs(a - b) < 1e-6


def _quote(fig: Figure) -> str:
    return f"正文称“{fig.text}”"


def locate(span: str, text: str) -> int:
    """Where a figure's text stands in ``text``, or -1. Figure texts drop the spaces PDF text keeps
    between digits and Chinese (record.md, Figure: ``19 件`` → ``19件``), so spaces may come between any
    two of its characters."""
    pos = text.find(span)
    if pos < 0:
        pattern = r"\s*".join(map(re.escape, span.replace(" ", "")))
        m = re.search(pattern, text) if pattern else None
        pos = m.start() if m else -1
    return pos


def sentence_of(fig: Figure, text: Optional[str]) -> str:
    """The prose sentence a figure stands in (its ``text`` where the report text is not given or the
    span cannot be found there): what a narrative check quotes."""
    if text:
        pos = locate(fig.text, text)
        if pos >= 0:
            return _sentence(text, pos) or fig.text
    return fig.text


_CUMULATIVE = re.compile(r"累计|历年|以来|近[两二三四五]年|截至|截止|总计[^，。；]{0,4}年")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")


def comparable(fig: Figure, sentence: str, year: Optional[int]) -> bool:
    """A prose figure may be compared with the report year's table only when it is about that year:
    not a cumulative or multi-year count, nor one stated for another year."""
    pos = locate(fig.text, sentence)
    clause = sentence[:pos] if pos >= 0 else sentence
    if _CUMULATIVE.search(clause + fig.text):
        return False
    # the year stated nearest before the figure is its year (2022年收到申请37件，2023年收到申请5件)
    before = _YEAR.findall(clause)
    if before:
        return year is None or int(before[-1]) == year
    years = {int(y) for y in _YEAR.findall(sentence)}
    return year is None or not years or year in years


# a count over a wider scope than the body's own tables (全县各单位, 全区行政机关, 各部门, 所属单位)
_WIDER_SCOPE = re.compile(r"全(?:省|市|县|区|旗|州|镇|乡|街道|系统)|各(?:单位|部门|乡镇|街道|镇|乡|县|区|市|级)|"
                          r"所属|下属|系统内")


class Comparisons:
    """The prose figures one narrative rule compares with a table reading (``key``: which one): a blank
    reading is not evaluable, a disagreeing one fails, except where a figure speaks of a wider scope
    (全县各单位共收到申请120件) and the report states the same reading for itself in agreement with the table
    (本级收到申请8件): two scopes, not a contradiction. Those become info, saying so."""

    def __init__(self, ctx: RuleContext):
        self.ctx = ctx
        self.found: list[tuple[Figure, str, str, Check]] = []
        self.agreeing: set[str] = set()

    def compare(self, fig: Figure, sentence: str, key: str, candidates: list[Optional[float]], cells: list[str],
                blank: str, wrong: str) -> None:
        """``blank``/``wrong``: what follows the quote when the reading is blank / disagrees."""
        if all(c is None for c in candidates):
            check = self.ctx.not_evaluable(f"{_quote(fig)}，{blank}", cells)
        elif not any(_close(fig.value, c) for c in candidates):
            check = self.ctx.fail(f"{_quote(fig)}，{wrong}", cells)
        else:
            self.agreeing.add(key)
            return
        self.found.append((fig, sentence, key, _quoted(check, sentence)))

    def checks(self) -> list[Check]:
        out = []
        for fig, sentence, key, check in self.found:
            pos = locate(fig.text, sentence)
            scope = _WIDER_SCOPE.search(sentence[:pos] if pos >= 0 else sentence)
            if check.severity != "info" and scope and key in self.agreeing:
                check = _quoted(self.ctx.not_evaluable(f"{_quote(fig)}，说的是{scope.group(0)}范围；本机关的同类数字与表相符，"
                                                       f"未作比较", check.cells), sentence)
            out.append(check)
        return out


# ---- 表三 --------------------------------------------------------------------------------------------

def _result_categories() -> list[tuple[str, list[str]]]:
    """(keyword, row keys) for each result of 表三, from tables.yaml: 予以公开, 部分公开, 不予公开 (its 8
    rows), 无法提供, 不予处理, 其他处理. Longer keywords first so 不予公开 wins over 予以公开."""
    groups: dict[str, list[str]] = {}
    spec = table_definitions()["requests"]
    results = set(spec["result_rows"])
    for r in spec["rows"]:
        if r["key"] not in results:
            continue
        name = r.get("group") or r["label"]
        keyword = re.sub(r"^（[一二三四五六七八九十]+）", "", short_label(name))
        groups.setdefault(keyword, []).append(r["key"])
    return sorted(groups.items(), key=lambda kv: -len(kv[0]))


_CARRIED_IN = re.compile(r"含上年结转|上年结转|包括上年")
# 顺延到下年度: the same carry-over in other words (…答复3278件，另有58件顺延到下年度答复)
_CARRIED_OUT = re.compile(r"(?:结转|顺延)(?:至|到)?下(?:一)?年|结转下年度|尚在办理|正在办理")
_HANDLED = re.compile(r"办结|答复|办理完毕|处理完毕|已办理|已处理|作出")


# a count of a part (by channel) or of a change: nothing in the tables to compare it with
NOT_COMPARABLE = re.compile(r"同比|较上年|比上年|增长|减少|下降|上升|增加|网上|网络|信函|当面|传真|电子邮件|现场|电话")
_ORGANISATIONS = re.compile(r"法人|其他组织")


def _applicant_columns(text: str) -> list[str]:
    """The 表三 columns a figure is about: one applicant type, all organisations, or the total."""
    labels = table_definitions()["requests"]["columns"]
    named = [col for col, label in labels.items() if col not in ("total", "other_org") and label in text]
    if named:
        return named[:1]
    if _ORGANISATIONS.search(text):
        return [c for c in labels if c not in ("total", "natural_person")]
    return ["total"]


def _requests_candidates(fig: Figure, table: StatTable) -> tuple[list[Optional[float]], str]:
    """The table readings a requests figure may match, and what they are called."""
    cols = _applicant_columns(fig.text)
    column_name = "总计" if cols == ["total"] else "、".join(
        table_definitions()["requests"]["columns"][c] for c in cols)

    def total(rows: Iterable[str]) -> Optional[float]:
        return _sum_cells(table, rows, cols)

    new, carried = total(["new_received"]), total(["carried_over"])
    handled, forward = total(["total_handled"]), total(["carried_forward"])
    both = None if new is None or carried is None else new + carried
    text = fig.text
    if fig.label == "REQUESTS_RECEIVED":
        if _CARRIED_IN.search(text):
            return [both], f"本年新收 + 上年结转 {column_name}"
        return [new, both], f"本年新收 {column_name}"
    if _CARRIED_OUT.search(text):
        return [forward], f"结转下年度 {column_name}"
    if "上年结转" in text:
        return [carried], f"上年结转 {column_name}"
    for keyword, rows in _result_categories():
        if keyword in text:
            if keyword == "予以公开" and "部分公开" in text:
                return [total(["granted", "partly_granted"])], f"予以公开 + 部分公开 {column_name}"
            return [total(rows)], f"{keyword} {column_name}"
    if _HANDLED.search(text):
        done = None if both is None or forward is None else both - forward
        return [handled, new, done], f"（七）总计 {column_name}"
    return [], ""


def _quoted(check: Check, sentence: str) -> Check:
    check.quote = sentence
    return check


_SUB = re.compile(r"其中")


def _sub_count(fig: Figure, sentence: str) -> bool:
    """其中… : a part of a count. Comparable only when it names its own cell (其中自然人申请N件)."""
    pos = locate(fig.text, sentence)
    head = sentence[:pos] if pos >= 0 else ""
    if not _SUB.search(head[-12:] + fig.text):
        return False
    return _applicant_columns(fig.text) == ["total"] and not any(
        k in fig.text for k, _ in _result_categories())


_NONE_RECEIVED = re.compile(r"(?:未|没有|无)(?:收到|受理|接到)[^。；，]{0,12}申请|没有依申请公开|无依申请公开")


@rule("NARRATIVE_REQUESTS")
def check_narrative_requests(ctx: RuleContext) -> list[Check]:
    table = ctx.record.tables.requests
    if table is None or not table.rows:
        return []
    out: list[Check] = []
    state = (f"（上年结转{format_number(table.get('carried_over', 'total'))}，（七）总计{format_number(table.get('total_handled', 'total'))}，"
             f"结转下年度{format_number(table.get('carried_forward', 'total'))}）")
    cells = ["requests.new_received.total", "requests.carried_over.total",
             "requests.total_handled.total", "requests.carried_forward.total"]
    compared = Comparisons(ctx)
    for fig in ctx.record.figures:
        if fig.label not in ("REQUESTS_RECEIVED", "REQUESTS_HANDLED") or fig.unit in ("%", None) \
                or NOT_COMPARABLE.search(fig.text):
            continue
        sentence = sentence_of(fig, ctx.text)
        if not comparable(fig, sentence, ctx.record.year) or _sub_count(fig, sentence):
            continue
        candidates, name = _requests_candidates(fig, table)
        if not candidates:
            continue
        shown = next((c for c in candidates if c is not None), None)
        compared.compare(fig, sentence, name, candidates, cells, f"但表三 {name} 为空，无法核对",
                         f"但表三 {name} 为{format_number(shown)}{state}")
    out.extend(compared.checks())
    new = table.get("new_received", "total")
    if ctx.text and new and new > 0:
        m = _NONE_RECEIVED.search(ctx.text)
        if m:
            out.append(_quoted(ctx.fail(f"正文称“{m.group(0)}”，但表三 本年新收 总计为{format_number(new)}", cells[:1]),
                               _sentence(ctx.text, m.start())))
    return out


# ---- 表四 --------------------------------------------------------------------------------------------

_REVIEW = re.compile(r"行政复议|复议")
_LITIGATION = re.compile(r"行政诉讼|诉讼|起诉|应诉")
_OUTCOME_WORDS = {"upheld": "维持", "corrected": "纠正|撤销|确认违法|败诉", "pending": "尚未审结|未审结|审理中|在审"}
_ALL_UPHELD = re.compile(r"(?:均|全部|都)(?:获|被|予以)?维持")


@rule("NARRATIVE_REVIEW")
def check_narrative_review(ctx: RuleContext) -> list[Check]:
    table = ctx.record.tables.review_litigation
    if table is None or not table.rows:
        return []
    lit = ["litigation_direct", "litigation_after_review"]
    reviewer_cases = re.compile(ctx.param("reviewer_cases", r"$^"))
    about_disclosure = re.compile(ctx.param("about_disclosure", r"信息公开"))
    not_disclosure = re.compile(ctx.param("not_disclosure", r"$^"))
    out: list[Check] = []
    compared = Comparisons(ctx)
    for fig in ctx.record.figures:
        if fig.label != "REVIEW_LITIGATION" or fig.unit in ("%", None) or NOT_COMPARABLE.search(fig.text):
            continue
        sentence = sentence_of(fig, ctx.text)
        if not comparable(fig, sentence, ctx.record.year) or not_disclosure.search(sentence) or (
                reviewer_cases.search(sentence) and not about_disclosure.search(sentence)):
            continue   # cases the body decides as reviewer, or cases about other matters
        text = fig.text
        groups = []
        if _REVIEW.search(text) and not re.search(r"复议后起诉", text):
            groups.append(["review"])
        if _LITIGATION.search(text):
            groups.extend([lit, ["litigation_direct"], ["litigation_after_review"]])
        if not groups:
            continue
        col = next((c for c, words in _OUTCOME_WORDS.items() if re.search(words, text)), "total")
        candidates = [_sum_cells(table, g, [col]) for g in groups]
        if len(groups) > 1 and groups[0] == ["review"]:
            candidates.append(_sum_cells(table, ["review", *lit], [col]))
        cells = [f"review_litigation.{g}.{col}" for grp in groups for g in grp]
        shown = next((c for c in candidates if c is not None), None)
        compared.compare(fig, sentence, " ".join(cells), candidates, cells, "但表四 相应单元格为空，无法核对",
                         f"但表四 相应数为{format_number(shown)}")
    out.extend(compared.checks())
    if ctx.text:
        m = _ALL_UPHELD.search(ctx.text)
        if m:
            cols = ("corrected", "other", "pending")
            bad = [(g, c, table.get(g, c)) for g in table.rows for c in cols if (table.get(g, c) or 0) > 0]
            if bad:
                names = table_definitions()["review_litigation"]
                listed = "、".join(f"{names['groups'].get(g, g)}{names['columns'].get(c, c)}{format_number(v)}"
                                   for g, c, v in bad)
                out.append(_quoted(ctx.fail(f"正文称“{_sentence(ctx.text, m.start())}”，但表四 有{listed}",
                                            [f"review_litigation.{g}.{c}" for g, c, _ in bad]),
                                   _sentence(ctx.text, m.start())))
    return out


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind(ch, 0, pos) for ch in "。；\n") + 1
    ends = [i for i in (text.find(ch, pos) for ch in "。；\n") if i >= 0]
    return text[start: min(ends) if ends else len(text)].strip()


# ---- 表二 --------------------------------------------------------------------------------------------

@rule("NARRATIVE_DOCS")
def check_narrative_docs(ctx: RuleContext) -> list[Check]:
    table = ctx.record.tables.proactive
    template = ctx.record.template
    if table is None or template not in ("2019", "2021"):
        return []
    words: dict[str, str] = ctx.param("columns", {}).get(template, {})
    skip = re.compile(ctx.param("not_comparable", "清理|审查|备案|起草"))
    compared = Comparisons(ctx)
    for fig in ctx.record.figures:
        if fig.label != "NORMATIVE_DOCS" or fig.unit in ("%", None) or skip.search(fig.text) \
                or NOT_COMPARABLE.search(fig.text):
            continue
        sentence = sentence_of(fig, ctx.text)
        if not comparable(fig, sentence, ctx.record.year) or _SUB.search(fig.text):
            continue
        rows = [r for r, w in (("rules", "规章"), ("normative_docs", "规范性文件")) if w in fig.text]
        rows = [r for r in rows if r in table.rows]
        if not rows:
            continue
        cols = [c for c, pattern in words.items() if re.search(pattern, fig.text)] or \
            sorted({c for r in rows for c in table.rows[r]})
        candidates: list[Cell] = []
        for col in cols:
            candidates.extend(table.get(r, col) for r in rows)
            if len(rows) > 1:
                candidates.append(_sum_cells(table, rows, [col]))
        cells = [f"proactive.{r}.{c}" for r in rows for c in cols]
        shown = "、".join(format_number(c) for c in candidates if c is not None)
        compared.compare(fig, sentence, " ".join(cells), candidates, cells, "但表二 相应单元格为空，无法核对",
                         f"但表二 相应数为{shown}")
    return compared.checks()
