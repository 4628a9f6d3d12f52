"""The rule-based figure tagger: finds the numbers the prose states and labels them (record.md, Figure).

A figure is a number with a counting unit (条, 件, 次, %, 元, ...) — or a number after ``：`` at the end
of a statement — whose clause says what it counts. Dates, times, years, document numbers, addresses, phone
numbers, staff counts, page views and other counts of no disclosure work are left alone. The label comes
from keywords in the clause left of the number (nearest first; words inside a topic list "X、Y等" name
topics, not what is counted). The items of a breakdown ("…信息314条，其中工作动态30条，通知公告12条") take
the channel named in their sentence or the total's label; a bare "发布信息N条" or "…，共计N条" borrows
the label of its sentence; a number before its noun ("累计公开186条信息") reads the noun after it.
Every word list is data: configs/figures/rules.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import yaml

from ..paths import CONFIGS
from ..record import Figure
from .numbers import NUMBER, Number, parse_arabic, parse_chinese
from ..text import MAX_DIGITS

RULES_CONFIG = CONFIGS / "figures" / "rules.yaml"


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return yaml.safe_load(RULES_CONFIG.read_text(encoding="utf-8"))


_C = _cfg()
UNITS = tuple(_C["units"])
PEOPLE_UNITS = tuple(_C["people_units"])
# 100余条, 3.6万余条, 1万多件: 余/多 before or after the multiplier
_UNIT = re.compile(r"(?P<approx>余|多)?(?P<mult>万|亿)?(?:余|多)?(?P<unit>" + "|".join(map(re.escape, UNITS)) + ")")
_NOT_AFTER_UNIT = re.compile(r"^(?:工作日|月|小时|以上|以内|性|化|时|部门|单位|方面|内容|年|分|门|长|署|委|队)")  # 3个工作日, 一次性
_ONE_OF_AN_EVENT = re.compile(r"(?:共|累计|开展|举办|召开|组织|会议?|培训|活动|访谈|讲座|班|申请|收到|受理)了?$")
_CLAUSE_END = "，,；;。！？!?\n"
_SENTENCE_END = "。！？!?；;\n"
_STATEMENT_END = "。！？!?\n"
# a count with a unit other than % (a share): "对622项行政权力进行梳理公示，其中…" breaks down the 622项
_COUNT = re.compile(r"\d\s*(?:余|多)?(?:万|亿)?(?:" + "|".join(map(re.escape, (u for u in UNITS if u != "%"))) + ")")

# offline channels (公示栏, newspapers…): the proactive total's share (annotation guide, convention 2)
OFFLINE = re.compile(_C["offline_channel"])
MAIN_CHANNEL = re.compile(_C["main_channel"])
# label rules: (label, pattern searched in the context left of the number), first match wins
LABEL_RULES: list[tuple[str, re.Pattern]] = [(label, re.compile(p)) for label, p in _C["labels"]]
PERCENT_RULES: list[tuple[str, re.Pattern]] = [(label, re.compile(p)) for label, p in _C["percent_labels"]]
GENERIC_POST = re.compile(_C["generic_post"])
BORROWABLE = tuple(_C["borrowable"])
GENERIC_TOTAL = re.compile(_C["generic_total"])
LIST_UNITS = tuple(_C["list_units"])
LIST_LABELS = tuple(_C["list_labels"])
BREAKDOWN_TOTALS = {label: tuple(own) for label, own in _C["breakdown_totals"].items()}
REQUEST_RESULT = re.compile(_C["request_result"])
REQUEST_AGAIN = re.compile(_C["request_again"])
BARE_TOTAL = re.compile(_C["bare_total"])
NOT_COUNTED = re.compile(_C["not_counted"])
NOT_COUNTED_ITEM = re.compile(_C["not_counted_in_breakdown"])
NOT_IN_UNITS = {label: tuple(units) for label, units in _C["not_in_units"].items()}
ALL_CHANNELS = [re.compile(p) for p in _C["all_channels"]]
ITEM_KIND = re.compile(_C["item_kind"])
REQUESTS_NOT = re.compile(_C["requests_not"])
CHANNEL_UNIT_NOT = tuple(_C["channel_unit_not"])
BREAKDOWN = re.compile(_C["breakdown_marker"])
ADDITION = re.compile(_C["addition_marker"])
ITEM_OWN_LABELS = tuple(_C["item_own_labels"])
CHANNELS = {label: re.compile(p) for label, p in _C["channel_words"].items()}
TOPIC_LIST = re.compile(r"(?:[^，。；;,、\n]{1,16}、)+[^，。；;,、\n]{1,16}?等")
TOPIC_LABELS = tuple(_C["topic_labels"])
NOUN_AFTER_MAX = int(_C["noun_after_max"])
TRAINING_WORDS = re.compile(r"培训|参训|授课|讲座|学习")

# where a span of text (figure.text) begins: the first strong verb left of the number, else a weak one
STRONG_START = re.compile(_C["strong_start"])
WEAK_START = re.compile(_C["weak_start"])


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
        if m["ar"] and len(m["ar"].replace(",", "").partition(".")[0]) > MAX_DIGITS:
            continue   # no count has that many digits (and int() refuses 4,300+ of them)
        before = text[max(0, start - 6):start]
        if before.endswith(("第", "〔", "[", "【", "（第", "编号")) or re.search(r"[A-Za-z@_/\-.#]$", before):
            continue
        if re.match(r"[\-—－_@.]\d|[A-Za-z]", text[end:end + 2]):
            continue   # phone numbers, e-mail, codes
        if re.search(r"\d\s*[:：]\s*$", before) or re.match(r"\s*[:：]\d", text[end:end + 3]):
            continue   # a time of day (时间:2019-03-07 11:43), not a count
        if re.search(r"第[\d一二三四五六七八九十]+\s*(?:至|-|—|－|、)\s*$", before):
            continue   # 第9至12条: the end of a range of articles, not a count
        if before.endswith("计") and not before.endswith(("共计", "合计", "总计", "累计")):
            continue   # （相同信息计1条）: a counting convention, not a count
        cn_value = None
        if m["cn"]:
            value = cn_value = parse_chinese(m["cn"]) or _round_count(m["cn"], before, text[end:end + 1])
            if value is None or (m["cn"] in ("一", "两") and not _ONE_OF_AN_EVENT.search(before)):
                continue   # 一次性, 每两周至少一次: idioms, unless right after a verb or an event
        unit_match = _UNIT.match(text, end)
        if unit_match and unit_match["unit"] == "起" and m["cn"] in ("一",):
            unit_match = None   # 一起: together, not one case
        if unit_match and unit_match["unit"] == "个" and _is_cjk(text[unit_match.end():unit_match.end() + 1]):
            unit_match = None   # 六个部分, 3个专栏: a measure word before a noun, not a stated count
        if unit_match and not _NOT_AFTER_UNIT.match(text[unit_match.end():unit_match.end() + 3]):
            mult = unit_match["mult"] or ""
            unit = unit_match["unit"]
            if unit in ("元",) and mult:
                unit, mult = mult + "元", ""
            value = cn_value if m["cn"] else parse_arabic(m["ar"], mult)
            if m["cn"] and mult:
                value = value * (10000 if mult == "万" else 100000000)
            out.append(Mention(value, unit, start, unit_match.end(), bool(m["cn"])))
        elif m["ar"] and re.search(r"[：:]\s*$", before) and re.match(r"\s*(?:$|[。；;，,])", text[end:]):
            out.append(Mention(parse_arabic(m["ar"]), None, start, end, False))
    return out


_ROUND = {"百": 100, "千": 1000, "万": 10000}


def _round_count(numeral: str, before: str, after: str) -> Optional[int]:
    """百余条, 千余篇: a round count stated with 余/多 (annotation guide: 100余条 → 100); not 数百余, 几千多."""
    if numeral in _ROUND and after in ("余", "多") and not before.endswith(("数", "几", "上")):
        return _ROUND[numeral]
    return None


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def _clause_start(text: str, pos: int, ends: str) -> int:
    return max(text.rfind(ch, 0, pos) for ch in ends) + 1


def _masked(context: str) -> str:
    """``context`` with its topic lists (X、Y、Z等) blanked: what they name is a topic, not what is counted."""
    return TOPIC_LIST.sub(lambda m: "＿" * len(m.group(0)), context)


def _first_label(context: str, mention: Mention, allowed=None) -> Optional[str]:
    if not context:
        return None
    masked = None
    for label, pattern in LABEL_RULES:
        if allowed and label not in allowed:
            continue
        if label in TOPIC_LABELS:
            masked = masked if masked is not None else _masked(context)
            if not pattern.search(masked):
                continue
        elif not pattern.search(context):
            continue
        if label == "FEES" and mention.unit not in ("元", "万元", "亿元"):
            continue
        if mention.unit in NOT_IN_UNITS.get(label, ()):
            continue   # 政府开放日37条: posts about an event, not events
        if label.startswith("REQUESTS_") and REQUESTS_NOT.search(context):
            continue   # 建议提案办理结果: published information, not an application
        if mention.unit in PEOPLE_UNITS and label != "TRAINING":
            continue   # staff counts, persons: only training participants are figures
        return label
    return None


def _percent_label(clause: str) -> str:
    for label, pattern in PERCENT_RULES:
        if pattern.search(clause):
            return label
    return "RATE"


def _noun_after(text: str, end: int) -> str:
    """The noun right of a unit up to its clause end ("186条信息" → "信息"), or "" when none is there."""
    m = re.match(r"[\u4e00-\u9fff][^，,；;。！？!?\n、（(\d]*", text[end:end + NOUN_AFTER_MAX + 1])
    if not m or len(m.group(0)) > NOUN_AFTER_MAX or text[m.end() + end:m.end() + end + 1].isdigit():
        return ""
    return m.group(0)


def label_for(mention: Mention, text: str, left_start: int) -> Optional[str]:
    """The label of a number from the words left of it: its own stretch first, then its clause's head
    (the words before the clause's first number: a list's earlier items name no subject), and for a
    generic "发布信息N条" or a bare "共计N条" the label of its sentence."""
    label, _ = _label_and_after(mention, text, left_start)
    return label


def _label_and_after(mention: Mention, text: str, left_start: int, clause_head_end: Optional[int] = None
                     ) -> tuple[Optional[str], str]:
    clause_start = _clause_start(text, mention.start, _CLAUSE_END)
    own = text[left_start:mention.start]
    if mention.unit == "%":
        return _percent_label(text[clause_start:mention.start]), ""
    label = _first_label(own, mention)
    if label:
        return label, ""
    after = _noun_after(text, mention.end)
    if after:
        label = _first_label(own + after, mention)
        if label:
            return label, after
        if GENERIC_POST.search(own + after):
            own = own + after
        else:
            after = ""
    head = text[clause_start:clause_head_end if clause_head_end is not None else mention.start]
    marker = BREAKDOWN.search(head)
    if marker and clause_head_end is not None and clause_head_end < mention.start:
        head = head[:marker.start()]   # "主动公开的信息包括A1条、B2条": the list's subject is before 包括
    label = _first_label(head, mention)
    if label:
        return label, after
    clause = text[clause_start:mention.start] + after
    if GENERIC_POST.search(clause) or BARE_TOTAL.match(own):
        sentence = text[_clause_start(text, mention.start, _STATEMENT_END):mention.start]
        label = _first_label(sentence, mention, allowed=BORROWABLE if not BARE_TOTAL.match(own) else None)
        if label:
            return label, after
        if GENERIC_TOTAL.search(clause) and mention.unit not in CHANNEL_UNIT_NOT:
            return "PROACTIVE_TOTAL", after   # not 设立信息公开查阅点4个: places, not published items
    return None, ""


def _channel(context: str) -> Optional[str]:
    found = {label for label, pattern in CHANNELS.items() if pattern.search(context)}
    return found.pop() if len(found) == 1 else None


def span_start(text: str, lo: int, hi: int) -> int:
    """Where the shortest span that carries the number begins: at its verb."""
    left = text[lo:hi]
    m = STRONG_START.search(left) or WEAK_START.search(left)
    if m:
        return lo + m.start()
    stripped = re.match(r"[\s（(、，,：:]*(?:\d{4}年(?:度)?|今年|全年|本年度?)?[，,、\s]*(?:其中[，,：:\s]*)?", left)
    return lo + (stripped.end() if stripped else 0)


@dataclass
class _Tagged:
    figure: Figure
    start: int
    end: int
    mention: Mention
    child_of: Optional["_Tagged"] = None
    list_head: bool = False   # the first item of a list with no total ("主要类别：机构概况3条，人事信息8条")


def _parent_of(tagged: list[_Tagged], text: str, mention: Mention) -> Optional[_Tagged]:
    """The total this number breaks down: the last publishing figure before it, followed by a breakdown
    marker (其中, 包括, 含…) with no statement end between them other than one right before the marker,
    and at least as large as this number."""
    for t in reversed(tagged):
        if t.mention.unit == "%" and t.child_of is None:
            continue   # "…977条，超额完成任务40%。其中包括…": a share said of the total, not a new total
        between = text[t.end:mention.start]
        if t.child_of is not None or t.list_head:
            # the next item of a breakdown: same statement as the item before it
            if any(ch in between for ch in "。！？!?\n"):
                return None
            head = t.child_of or t
            return head if head.list_head or _fits(mention, head) else None
        if t.figure.label not in BORROWABLE and t.figure.label not in BREAKDOWN_TOTALS:
            return None
        markers = list(BREAKDOWN.finditer(between))
        if not markers or "\n" in between:
            return None
        marker = markers[-1]   # "…200条，其中电子化率达100%。其中，…": the list starts at the last one
        if any(ch in between[marker.end():] for ch in "。！？!?") or \
                sum(between[:marker.start()].count(ch) for ch in "。！？!?") > 1:
            return None
        if _COUNT.search(between[:marker.start()]):
            return None   # the breakdown is of a count between them that is no figure (622项行政权力)
        lead = between[_clause_start(between, marker.start(), "。！？!?"):marker.start()]
        if lead != between[:marker.start()] and _first_label(lead, mention) not in (None, t.figure.label):
            return None   # "…专栏更新信息2014条。主动公开政府信息的主要类别：…": a list of its own
        return t if _fits(mention, t) else None
    return None


def _breaks_down_uncounted(text: str, uncounted_end: int, tagged: list[_Tagged], mention: Mention) -> bool:
    """Whether this number is an item of a breakdown of a count left alone ("办理在线留言1647条，其中…
    答复1061条"): a breakdown marker after that count, in its statement, with no count figure since (a
    share may be), unless the item's own words count published items ("访问量…，其中平台发布信息545篇")."""
    counts = [t for t in tagged if t.mention.unit != "%"]
    if mention.unit == "%" or uncounted_end < 0 or (counts and counts[-1].end > uncounted_end):
        return False
    between = text[uncounted_end:mention.start]
    if not BREAKDOWN.search(between) or any(ch in between for ch in _STATEMENT_END):
        return False
    own = text[_clause_start(text, mention.start, _CLAUSE_END):mention.start]
    return _first_label(own, mention) not in BORROWABLE


def _in_request_statement(tagged: list[_Tagged], text: str, mention: Mention) -> bool:
    """Whether the figure before this number is an application count of the same statement."""
    if not tagged or not tagged[-1].figure.label.startswith("REQUESTS_"):
        return False
    return not any(ch in text[tagged[-1].end:mention.start] for ch in _STATEMENT_END)


def _list_item_label(tagged: list[_Tagged], text: str, mention: Mention) -> Optional[str]:
    """A list of published counts with no marker ("公开动态信息51条，安全生产信息28条，通知公告3条"): an
    item with no label words of its own, right after a publishing figure of the same statement with no
    other number between them, is counted like it."""
    if not tagged or mention.unit not in LIST_UNITS:
        return None
    previous = tagged[-1]
    between = text[previous.end:mention.start]
    if previous.figure.label not in LIST_LABELS or previous.mention.unit not in LIST_UNITS or \
            any(ch in between for ch in _STATEMENT_END) or re.search(r"\d", between):
        return None
    return previous.figure.label


def _fits(mention: Mention, parent: _Tagged) -> bool:
    """A breakdown item is no larger than its total, and one of documents, cases or events counts in its
    total's unit (新闻发布会56场，其中…12场; not 其中邀请媒体20家)."""
    if parent.figure.label in BREAKDOWN_TOTALS and mention.unit != parent.mention.unit:
        return False
    try:
        return float(mention.value) <= float(parent.figure.value)
    except (TypeError, ValueError):
        return False


def tag_normalised(text: str) -> list[tuple[Figure, int, int]]:
    """Figures in a normalised text, with their spans (start, end) in it."""
    tagged: list[_Tagged] = []
    previous_end = 0
    first_in_clause: dict[int, int] = {}
    uncounted_end = -1   # where the last number left alone ended (访问量, 留言…)
    for mention in find_numbers(text):
        clause_start = _clause_start(text, mention.start, _CLAUSE_END)
        left_start = max(clause_start, previous_end)
        previous_end = mention.end
        head_end = first_in_clause.setdefault(clause_start, mention.start)
        own = text[left_start:mention.start]
        after = _noun_after(text, mention.end)
        # 此外/另外: an addition to the total, no item of its breakdown
        parent = _parent_of(tagged, text, mention) if mention.unit != "%" and not ADDITION.search(own) else None
        # visits, accounts, checks, messages, staff: no disclosure work counted; a breakdown item that
        # names a kind of published information (双随机抽查类信息6条) counts that information
        # (also the first item of a list with no total: 主要类别：双随机抽查类信息421条)
        listed = parent is not None or BREAKDOWN.search(own)
        not_counted = NOT_COUNTED_ITEM if listed and ITEM_KIND.search(own) else NOT_COUNTED
        in_breakdown = _breaks_down_uncounted(text, uncounted_end, tagged, mention)
        if in_breakdown or not_counted.search(_masked(own)) or (after and not_counted.search(after)):
            if not in_breakdown:
                uncounted_end = mention.end   # a breakdown's items all follow its uncounted head
            continue
        if parent is not None:
            label = _first_label(own, mention)
            if parent.figure.label in BREAKDOWN_TOTALS:
                if label not in BREAKDOWN_TOTALS[parent.figure.label]:
                    label = parent.figure.label   # a document's or case's share, whatever its words
            elif OFFLINE.search(own):
                label = "PROACTIVE_TOTAL"   # 其中政府公报0条: an offline channel's share of the total
            elif label not in ITEM_OWN_LABELS:
                # the channel named from the total's statement on, or only in the item's own statement
                # where that one frames its list anew ("…网站…434条。主动公开的信息包括…"), unless it
                # is the main one of all (以门户网站为主渠道)
                region = text[_clause_start(text, parent.mention.start, _STATEMENT_END):mention.start]
                own_statement = text[_clause_start(text, mention.start, _STATEMENT_END):mention.start]
                if BREAKDOWN.match(own_statement) is None and len(own_statement) < len(region):
                    region = own_statement
                region = MAIN_CHANNEL.sub(lambda m: "＿" * len(m.group(0)), region)
                label = _channel(_masked(region)) or parent.figure.label
            after = ""
        else:
            label, after = _label_and_after(mention, text, left_start, head_end)
            if label in BORROWABLE + (None,) and _in_request_statement(tagged, text, mention) and \
                    REQUEST_RESULT.search(own):
                label = "REQUESTS_HANDLED"   # 收到申请3件，…，公开1件: a result of those applications
            elif label is None and _in_request_statement(tagged, text, mention) and REQUEST_AGAIN.search(own):
                label = "REQUESTS_RECEIVED"   # 全区共受理申请37件，区政府本级受理5件: applications again
            elif label in CHANNELS and all(p.search(own) for p in ALL_CHANNELS):
                label = "PROACTIVE_TOTAL"   # 在网站和微信平台公布信息202条: all channels, the year's total
            elif label in BORROWABLE + (None,) and OFFLINE.search(_masked(own)):
                label = "PROACTIVE_TOTAL"   # 在村公示栏公开N次, 通过报纸刊稿N篇: an offline channel's share
            elif label is None:
                label = _list_item_label(tagged, text, mention)
        if label is None:
            continue
        unit = mention.unit
        if unit in CHANNEL_UNIT_NOT and label in ("PORTAL_POSTS", "NEWMEDIA_POSTS"):
            continue   # 网站1个, 微信3个, 专栏2个: accounts and columns, not posts
        start = span_start(text, left_start, mention.start)
        end = mention.end + len(after)
        figure = Figure(label=label, value=mention.value, unit=unit, text=text[start:end])
        marker = BREAKDOWN.search(own) if parent is None and label in BORROWABLE else None
        list_head = bool(marker) and bool(own[marker.end():].strip("：:，, ")) and not (
            tagged and not any(ch in text[tagged[-1].end:start] for ch in _STATEMENT_END))
        tagged.append(_Tagged(figure, start, end, mention, parent, list_head))
    return [(t.figure, t.start, t.end) for t in tagged]


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
