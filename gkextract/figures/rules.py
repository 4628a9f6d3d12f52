"""The rule-based figure tagger: finds the numbers the prose states and labels them (record.md, Figure).

A figure is a number with a counting unit (条, 件, 次, %, 元, ...) — or a number after ``：`` at the end
of a statement — whose clause says what it counts. Dates, years, document numbers, addresses, phone
numbers and staff counts are left alone. The label comes from keywords in the clause left of the number
(nearest first); a bare "发布信息N条" borrows the channel named earlier in its sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..record import Figure
from .numbers import NUMBER, Number, parse_arabic, parse_chinese

UNITS = ("人次", "万元", "亿元", "元", "条", "件", "篇", "次", "场", "期", "个", "项", "家", "份", "批", "则",
         "幅", "人", "名", "%")
PEOPLE_UNITS = ("人次", "人", "名")
_UNIT = re.compile(r"(?P<approx>余|多)?(?P<mult>万|亿)?(?P<unit>" + "|".join(map(re.escape, UNITS)) + ")")
_NOT_AFTER_UNIT = re.compile(r"^(?:工作日|月|小时|以上|以内|性|化|时|部门|单位|方面|年)")  # 3个工作日, 一次性
_ONE_OF_AN_EVENT = re.compile(r"(?:共|累计|开展|举办|召开|组织|会议?|培训|活动|访谈|讲座|班)$")
_CLAUSE_END = "，,；;。！？!?\n"
_SENTENCE_END = "。！？!?；;\n"

# label rules: (label, pattern searched in the context left of the number), first match wins
LABEL_RULES: list[tuple[str, re.Pattern]] = [(label, re.compile(p)) for label, p in (
    ("REVIEW_LITIGATION", r"行政复议|行政诉讼|复议|诉讼|起诉|应诉"),
    ("FEES", r"处理费|收费|费用|收取"),
    ("REQUESTS_RECEIVED", r"(?:收到|受理|新收|接收|接到|共收)[^，。；]{0,16}申请|申请[^，。；]{0,6}(?:收到|受理)"),
    ("REQUESTS_HANDLED", r"办结|答复|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|结转|告知|转办"),
    ("REQUESTS_RECEIVED", r"申请"),
    ("PRESS_EVENTS", r"发布会|新闻通气会|吹风会|在线访谈|访谈|听证|见面会|开放日|开放活动"),
    ("TRAINING", r"培训|参训|授课|讲座|业务辅导|专题学习|召开[^，。；]{0,20}会|举办[^，。；]{0,12}(?:班|课)"),
    ("INTERPRETATIONS", r"解读"),
    ("NORMATIVE_DOCS", r"规范性文件|规章"),
    ("DOCS_ISSUED", r"公文|发文|(?:制发|印发|出台|制定)[^，。；]{0,10}文件"),
    ("PROACTIVE_TOTAL", r"主动公开|主动发布|公开[^，。；]{0,10}(?:总数|总量)|共公开[^，。；]{0,6}信息"),
    ("NEWMEDIA_POSTS", r"微信|微博|新媒体|公众号|抖音|头条号|客户端|APP|App|app|视频号|快手|小程序"),
    ("PORTAL_POSTS", r"网站|门户|网页|平台|专栏|公开网|信息公开目录"),
)]
# a generic publishing clause ("全年共发布信息24条") takes its channel from the rest of its sentence
GENERIC_POST = re.compile(r"(?:发布|公开|更新|推送|上传|编发|报送)[^，。；]{0,8}信息|信息[^，。；]{0,6}(?:发布|公开|更新)")
BORROWABLE = ("PROACTIVE_TOTAL", "NEWMEDIA_POSTS", "PORTAL_POSTS")
APPLICATION_WORDS = re.compile(r"申请|答复|办结|予以公开|部分公开")
TRAINING_WORDS = re.compile(r"培训|参训|授课|讲座|学习")

# where a span of text (figure.text) begins: the first strong verb left of the number, else a weak one
STRONG_START = re.compile(r"全年共|主动|累计|共|受理|收到|收取|制发|印发|办结|答复|占|召开|举办|组织|开展|全文")
WEAK_START = re.compile(r"发布|公开|解读|更新|推送|发生|办理|予以|部分|不予|无法|新增|参加|接待|培训|达到|达")


@dataclass
class NormalText:
    """A paragraph with PDF artefacts removed, and where each of its characters came from."""

    text: str
    origin: list[int]

    @classmethod
    def of(cls, raw: str) -> "NormalText":
        raw = raw.translate(_WIDTH)
        raw = _PAGE_MARK.sub(lambda m: " " * len(m.group(0)), raw)
        chars, origin = [], []
        for i, ch in enumerate(raw):
            if ch.isspace():
                prev = next((raw[j] for j in range(i - 1, -1, -1) if not raw[j].isspace()), "")
                nxt = next((raw[j] for j in range(i + 1, len(raw)) if not raw[j].isspace()), "")
                if not (prev.isascii() and prev.isalpha() and nxt.isascii() and nxt.isalpha()):
                    continue   # a space between digits and Chinese, or a line break: an artefact
                if chars and chars[-1] == " ":
                    continue
                ch = " "
            chars.append(ch)
            origin.append(i)
        return cls("".join(chars), origin)


_WIDTH = str.maketrans("０１２３４５６７８９％．，", "0123456789%.，")
_PAGE_MARK = re.compile(r"[-—–]\s*\d{1,3}\s*[-—–](?=\s|$)")


@dataclass
class Mention:
    value: Number
    unit: Optional[str]
    start: int          # in the normalised text
    end: int
    chinese: bool


def find_numbers(text: str) -> list[Mention]:
    """Every number with a counting unit (or after a colon at the end of a statement) in ``text``."""
    out: list[Mention] = []
    for m in NUMBER.finditer(text):
        start, end = m.span()
        if out and start < out[-1].end:
            continue   # the 万 of 1.2万条, already read with its number
        before = text[max(0, start - 6):start]
        if before.endswith(("第", "〔", "[", "【", "（第", "编号")) or re.search(r"[A-Za-z@_/\-.#]$", before):
            continue
        if re.match(r"[\-—－_@.]\d|[A-Za-z]", text[end:end + 2]):
            continue   # phone numbers, e-mail, codes
        if before.endswith("计") and not before.endswith(("共计", "合计", "总计", "累计")):
            continue   # （相同信息计1条）: a counting convention, not a count
        if m["cn"]:
            value = parse_chinese(m["cn"])
            if value is None or (m["cn"] in ("一", "两") and not _ONE_OF_AN_EVENT.search(before)):
                continue   # 一次性, 每两周至少一次: idioms, unless right after a verb or an event
        unit_match = _UNIT.match(text, end)
        if unit_match and unit_match["unit"] == "个" and _is_cjk(text[unit_match.end():unit_match.end() + 1]):
            unit_match = None   # 六个部分, 3个专栏: a measure word before a noun, not a stated count
        if unit_match and not _NOT_AFTER_UNIT.match(text[unit_match.end():unit_match.end() + 3]):
            mult = unit_match["mult"] or ""
            unit = unit_match["unit"]
            if unit in ("元",) and mult:
                unit, mult = mult + "元", ""
            value = parse_chinese(m["cn"]) if m["cn"] else parse_arabic(m["ar"], mult)
            if m["cn"] and mult:
                value = value * (10000 if mult == "万" else 100000000)
            out.append(Mention(value, unit, start, unit_match.end(), bool(m["cn"])))
        elif m["ar"] and re.search(r"[：:]\s*$", before) and re.match(r"\s*(?:$|[。；;，,])", text[end:]):
            out.append(Mention(parse_arabic(m["ar"]), None, start, end, False))
    return out


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def _clause_start(text: str, pos: int, ends: str) -> int:
    return max(text.rfind(ch, 0, pos) for ch in ends) + 1


def label_for(mention: Mention, text: str, left_start: int) -> Optional[str]:
    """The label of a number from the words left of it: its own stretch first, then its clause, and for
    a generic "发布信息N条" the channel named earlier in its sentence."""
    clause_start = _clause_start(text, mention.start, _CLAUSE_END)
    own = text[left_start:mention.start]
    clause = text[clause_start:mention.start]
    if mention.unit == "%":
        if APPLICATION_WORDS.search(clause):
            return "REQUESTS_HANDLED"
        if re.search(r"复议|诉讼", clause):
            return "REVIEW_LITIGATION"
        return "RATE"
    for context in (own, clause):
        label = _first_label(context, mention)
        if label:
            return label
    if GENERIC_POST.search(clause):
        sentence = text[_clause_start(text, mention.start, _SENTENCE_END):mention.start]
        label = _first_label(sentence, mention, allowed=BORROWABLE)
        if label:
            return label
        if re.search(r"公开", clause):
            return "PROACTIVE_TOTAL"
    return None


def _first_label(context: str, mention: Mention, allowed=None) -> Optional[str]:
    if not context:
        return None
    for label, pattern in LABEL_RULES:
        if allowed and label not in allowed:
            continue
        if not pattern.search(context):
            continue
        if label == "FEES" and mention.unit not in ("元", "万元", "亿元"):
            continue
        if mention.unit in PEOPLE_UNITS and label != "TRAINING":
            continue   # staff counts, persons: only training participants are figures
        return label
    return None


def span_start(text: str, lo: int, hi: int) -> int:
    """Where the shortest span that carries the number begins: at its verb."""
    left = text[lo:hi]
    m = STRONG_START.search(left) or WEAK_START.search(left)
    if m:
        return lo + m.start()
    stripped = re.match(r"[\s（(]*(?:\d{4}年(?:度)?|今年|全年|本年度?)?[，,、\s]*", left)
    return lo + (stripped.end() if stripped else 0)


def tag_normalised(text: str) -> list[tuple[Figure, int, int]]:
    """Figures in a normalised text, with their spans (start, end) in it."""
    out = []
    previous_end = 0
    for mention in find_numbers(text):
        clause_start = _clause_start(text, mention.start, _CLAUSE_END)
        left_start = max(clause_start, previous_end)
        previous_end = mention.end
        label = label_for(mention, text, left_start)
        if label is None:
            continue
        start = span_start(text, left_start, mention.start)
        figure = Figure(label=label, value=mention.value, unit=mention.unit, text=text[start:mention.end])
        out.append((figure, start, mention.end))
    return out


def tag_text(text: str, offset: Optional[int] = None) -> list[Figure]:
    """The figures of a plain string. With ``offset`` (where ``text`` starts in the document's text) the
    figures carry ``start``/``end`` in the document."""
    normal = NormalText.of(text)
    figures = []
    for figure, start, end in tag_normalised(normal.text):
        if offset is not None and normal.origin:
            figure.start = offset + normal.origin[start]
            figure.end = offset + normal.origin[end - 1] + 1
        figures.append(figure)
    return figures
