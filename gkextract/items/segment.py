"""Cut the text of section 五 (存在的主要问题及改进情况) into problem and measure items.

Rules (record.md "Item"): one item per enumerated point (一是…, （一）…, 1.…), per element of a list that
follows a colon (主要表现为：A，B，C) or a 如… sentence, else one per sentence. The enumerator and the lead-in
sentence of a list are not part of any item. Whether an item is a problem or a measure follows the
sub-headings (（一）存在问题 / （二）改进情况) and the lead-in cues (存在以下问题, 主要表现为 vs 下一步,
改进措施, 将…做好以下工作); before any cue, items are problems.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from .enumerators import EnumerationState, accepted_enumerators, find_candidates

PROBLEM, MEASURE = "problem", "measure"

# --- cue vocabulary -----------------------------------------------------------------------------------
_PROBLEM_WORDS = r"(问题|不足|差距|短板|薄弱|欠缺|表现为|表现在|困难)"
_MEASURE_WORDS = (r"(下一步|下步|今后|接下来|明年|来年|新的一年|改进|整改|措施|举措|打算|计划|努力方向|"
                  r"将|做好|抓好|针对|着力|重点做好)")
PROBLEM_CUE = re.compile(_PROBLEM_WORDS)
MEASURE_CUE = re.compile(_MEASURE_WORDS)
# a sentence whose opening says "from now on we will": it starts the measures even without a heading
MEASURE_START = re.compile(
    r"^[^。；;]{0,8}?(今后|下一步|下步|接下来|明年|来年|新的一年|未来|针对|为此|对此|为进一步|我们将|"
    r"将(切实|继续|进一步|着力|重点|持续|不断|认真|全面|积极|从|采取|围绕))"
    r"|^\s*\d{4}\s*年[^。]{0,15}将")
# sentences that frame a list or the section rather than state a point
FRAME_WORDS = re.compile(r"(以下|如下|下列|几个方面|几点|几项)")
FRAME_CONCESSION = re.compile(r"(取得|做了|有了|开展了).{0,30}(成效|成绩|进展|成果|工作).{0,40}(但|然而|不过)")
FRAME_THERE_ARE = re.compile(
    r"(存在|还有|仍有|也有)着?(一定|一些|不少|部分|诸多|较多|某些)?的?"
    r"(问题|不足|差距|短板|薄弱环节|困难)(和|与|及)?(问题|不足|差距)?(之处|的地方)?[，,。！!]?$")
LIST_PREFIX = re.compile(r"(表现为|表现在|主要是|主要有|包括|体现在|如下|以下|问题|不足|差距|措施|方面)")
# a list named inline without a colon: 存在的问题主要是A，B，C等问题 / 不足主要表现在A、B等方面
NAMED_LIST = re.compile(r"^(?P<lead>[^。；;：:，,]{0,16}?(问题|不足|差距|短板|措施|举措)[^。；;：:，,]{0,4}?"
                        r"(主要是|主要有|主要表现为|主要表现在|主要体现在|表现为|表现在|体现在|包括))")
LIST_TAIL = re.compile(r"等(多个|几个|诸多)?(方面的?)?(问题|不足|情况|方面|短板|差距)?[。.！!]*$")
# the same list opened after a comma, in a sentence that frames it (取得了一定成效，但也存在一些不足，如A，B)
MID_LIST_OPENER = re.compile(r"[，,](主要表现为|主要表现在|具体表现为|具体表现在|表现为|表现在|主要是|主要有|具体为|"
                             r"比如|例如|诸如|如)[：:，,]?")
LIST_OPENER = re.compile(r"^(主要表现为|主要表现在|具体表现为|具体表现在|表现为|表现在|主要是|主要有|具体为|"
                         r"比如|例如|诸如|如)[：:，,]?")
_SUBHEAD_TITLE = re.compile(r"问题.{0,4}(及|和|与|以及).{0,6}(改进|整改|措施)")
_SUBHEAD_SUBJECT = r"(20\d\d\s*年度?)?(政府信息公开|政务公开|信息公开)?(工作)?(中)?"
_SUBHEAD_PROBLEM = re.compile(
    _SUBHEAD_SUBJECT + r"(存在的?|当前|目前)?(的)?(主要|突出)?(问题|不足|短板|困难)(和|与|及)?(不足|问题|困难)?"
    r"(及其?原因)?")
_SUBHEAD_MEASURE = re.compile(
    _SUBHEAD_SUBJECT + r"(针对(上述|以上)?问题的?)?(下一步|下步|今后|来年|明年)?(的)?(工作)?"
    r"(改进|整改|努力)?(的)?(情况|措施|举措|打算|计划|安排|思路|方向)")
_SUBHEAD_MEASURE_ALONE = re.compile(r"(下一步|下步|今后)(工作)?")
# the 2021 format asks how last year's problems were fixed: （一）上年度问题整改情况 opens measures (改进情况)
_SUBHEAD_FIXED = re.compile(
    r"(上一?年度?|(?:19|20)\d\d\s*年度?)?(报告中?)?(存在的?|提出的?|发现的?)?(主要)?问题的?(整改|改进)(落实)?(情况)?")
# a sentence saying problems were fixed (上一年度存在的问题已全部整改到位) states an improvement: a measure
# (record.md: measures are 改进情况 / 改进措施), not a problem; 尚未整改到位 is still a problem
FIXED = re.compile(r"(?<![未不])(?<!没有)(?<!不够)(?<!有待)(整改到位|整改完毕|完成整改|整改完成|得到(有效)?(整改|解决)|已(经)?整改)")

# --- text helpers -------------------------------------------------------------------------------------
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_PAGE_MARKER = re.compile(r"\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*|[。！？!?]+")
_LEAD_JUNK = "，,、：:；;。.．\t\r\n \u3000"
_TRAIL_JUNK = "，,、：:；;\t\r\n \u3000"
_WORD_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_TERMINAL = re.compile(r"[。！？!?；;]\s*$")


def clean_item_text(text: str) -> str:
    """The item as a reader sees it: no page markers, no spaces around Chinese, no leading/trailing joints."""
    text = _PAGE_MARKER.sub("", text)
    text = _SPACE_NEAR_CJK.sub("", text.replace("\n", ""))
    return text.strip(_LEAD_JUNK).rstrip(_TRAIL_JUNK).strip()


def content_length(text: str) -> int:
    return len(_WORD_CHAR.findall(text))


def sentences(text: str, offset: int = 0) -> list[tuple[str, int]]:
    """(sentence, start) pieces cut after 。！？; the pieces cover the text."""
    return [(m.group(0), offset + m.start()) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def cue_kind(text: str) -> Optional[str]:
    """The part a lead-in opens: measures if it speaks of what will be done, problems if of shortcomings."""
    if MEASURE_CUE.search(text):
        return MEASURE
    if PROBLEM_CUE.search(text):
        return PROBLEM
    return None


def subheading_kind(text: str) -> Optional[str]:
    """'problem'/'measure' for a short sub-heading (（一）存在问题, 改进情况：), 'title' for a restated
    section title, None for anything else."""
    body = text.strip()
    cands = find_candidates(body)
    if cands and cands[0].start == 0:
        body = body[cands[0].end:]
    body = body.strip(_LEAD_JUNK).rstrip("：: ")
    if not body or len(body) > 24 or re.search(r"[。；;，,！？!?]", body):
        return None
    if _SUBHEAD_TITLE.search(body):
        return "title"
    if _SUBHEAD_MEASURE.fullmatch(body) or _SUBHEAD_MEASURE_ALONE.fullmatch(body) or \
            _SUBHEAD_FIXED.fullmatch(body):
        return MEASURE
    if _SUBHEAD_PROBLEM.fullmatch(body):
        return PROBLEM
    return None


def is_frame(sentence: str) -> bool:
    """A sentence that introduces or frames a list instead of stating a point."""
    s = sentence.strip()
    if s.rstrip("。 ").endswith(("：", ":")):
        return True
    if FRAME_WORDS.search(s):
        return True
    if FRAME_CONCESSION.search(s) and re.search(r"(存在|差距|不足|问题)", s):
        return True
    return bool(FRAME_THERE_ARE.search(s))


def split_list(text: str) -> list[str]:
    """Elements of an inline list: split on ；, else ，, else 、 — the first whose parts are all substantial."""
    body = text.strip().rstrip("。.！!")
    for sep in (r"[；;]", r"[，,]", r"、"):
        parts = [p for p in re.split(sep, body) if p.strip(_LEAD_JUNK)]
        if len(parts) >= 2:
            if all(content_length(p) >= 4 for p in parts):
                return parts
            if sep == r"[；;]":  # semicolons separate points even when one is short
                return parts
    return [body]


# --- the segmenter ------------------------------------------------------------------------------------
@dataclass
class Segment:
    kind: str  # "problem" | "measure"
    text: str
    start: int  # offset of the raw piece in the document text
    end: int


class ItemSegmenter:
    """Paragraphs of section 五 in, problem/measure segments out.

    Parameters: ``default_kind`` — the part assumed before any heading or cue; ``min_chars`` — pieces with
    fewer word characters (无, 略) are no item; ``heading_join_chars`` — an enumerated point shorter than
    this with no end punctuation is a heading whose body is the next plain paragraph; ``lead_chars`` — a
    paragraph opening with a sentence at most this long and no clause break (a lead phrase, often bold:
    信息更新不及时。部分栏目…), next to another such paragraph, is one point from its lead to its end.
    """

    def __init__(self, default_kind: str = PROBLEM, min_chars: int = 4, heading_join_chars: int = 30,
                 lead_chars: int = 20):
        self.default_kind = default_kind
        self.min_chars = min_chars
        self.heading_join_chars = heading_join_chars
        self.lead_chars = lead_chars

    def segment(self, paragraphs: Iterable[tuple[str, int]]) -> list[Segment]:
        """``paragraphs``: (text, start offset) pairs, in order, without the section heading."""
        self._kind = self.default_kind
        self._out: list[Segment] = []
        self._open_heading: Optional[Segment] = None
        state = EnumerationState()
        paragraphs = list(paragraphs)
        leads = [self._has_lead(text) for text, _ in paragraphs]
        for i, (text, start) in enumerate(paragraphs):
            # a run of two or more lead-phrase paragraphs: each one point
            lead_point = leads[i] and ((i > 0 and leads[i - 1]) or (i + 1 < len(leads) and leads[i + 1]))
            self._paragraph(text, start, state, lead_point)
        return [s for s in self._out if content_length(s.text) >= self.min_chars]

    def _has_lead(self, text: str) -> bool:
        """Whether a paragraph opens with a short lead phrase (one sentence, no clause break) and goes on."""
        sents = sentences(text.strip())
        if len(sents) < 2 or subheading_kind(text) is not None or find_candidates(text.strip()[:4]):
            return False
        first = sents[0][0]
        return (self.min_chars <= content_length(first) <= self.lead_chars and not re.search(r"[，,；;：:]", first)
                and not is_frame(first) and content_length(text) - content_length(first) >= self.min_chars)

    # one paragraph
    def _paragraph(self, text: str, start: int, state: EnumerationState, lead_point: bool = False) -> None:
        head = subheading_kind(text)
        if head is not None:
            if head in (PROBLEM, MEASURE):
                self._kind = head
            state.reset()
            self._open_heading = None
            return
        self._inline_heading(text, state)
        self._lead_in_switch(text, state)
        enums = accepted_enumerators(text, state)
        if not enums and lead_point:
            self._open_heading = None
            if self._kind == PROBLEM and MEASURE_START.search(text):
                self._kind = MEASURE
            self._out.append(Segment(self._kind, clean_item_text(text), start, start + len(text)))
            return
        if not enums:
            if self._open_heading is not None and not self._starts_new_part(text):
                seg = self._open_heading
                seg.text = clean_item_text(seg.text + "。" + text)
                seg.end = start + len(text)
                if _TERMINAL.search(text):
                    self._open_heading = None
                return
            self._open_heading = None
            self._plain(sentences(text, start), before_enumeration=False)
            return
        self._open_heading = None
        self._plain(sentences(text[: enums[0].start], start), before_enumeration=True)
        for i, e in enumerate(enums):
            stop = enums[i + 1].start if i + 1 < len(enums) else len(text)
            self._point(text[e.end:stop], start + e.end, more_follow=i + 1 < len(enums))

    def _inline_heading(self, text: str, state: EnumerationState) -> None:
        """'存在的问题：一是…' — a heading before a colon, with the points on the same line."""
        m = re.match(r"^([^。；;：:]{2,24})[：:]", text)
        if m and subheading_kind(m.group(1)) in (PROBLEM, MEASURE):
            rest = text[m.end():]
            cands = find_candidates(rest)
            if cands and not rest[: cands[0].start].strip():
                self._kind = subheading_kind(m.group(1))
                state.reset()

    def _lead_in_switch(self, text: str, state: EnumerationState) -> None:
        """'针对上述问题，我们将采取以下措施：一是…' after a list of problems numbered 1. 2. 3.: a lead-in that
        opens the other part ends the running list, so its points may be of any style."""
        cands = find_candidates(text)
        if not cands or cands[0].start == 0:
            return
        lead = text[: cands[0].start]
        kind = cue_kind(lead)
        if re.search(r"[：:]\s*$", lead) and kind is not None and kind != self._kind:
            state.reset()

    def _starts_new_part(self, text: str) -> bool:
        first = sentences(text)[0][0] if text.strip() else ""
        return is_frame(first) or (self._kind == PROBLEM and bool(MEASURE_START.search(first)))

    def _point(self, body: str, start: int, more_follow: bool) -> None:
        """One enumerated point; sentences after it that open a new part (下一步…) are cut off."""
        sents = sentences(body, start)
        cut = len(sents)
        for k in range(1, len(sents)):
            s = sents[k][0]
            if is_frame(s) or (self._kind == PROBLEM and MEASURE_START.search(s)):
                cut = k
                break
        own = "".join(s for s, _ in sents[:cut])
        head = subheading_kind(own.split("：")[0].split(":")[0]) if own else None
        if head in (PROBLEM, MEASURE) and len(own.split("：")[0].split(":")[0]) <= 20:
            # （一）存在问题：… — a heading, its remainder is plain text
            self._kind = head
            colon = re.search(r"[：:]", own)
            rest_at = colon.end() if colon else len(own)
            self._plain(sentences(own[rest_at:], start + rest_at), before_enumeration=False)
        elif own.strip():
            seg = Segment(self._kind, clean_item_text(own), start, start + len(own))
            self._out.append(seg)
            if (not more_follow and cut == len(sents) and not _TERMINAL.search(own)
                    and content_length(own) < self.heading_join_chars):
                self._open_heading = seg
        if cut < len(sents):
            self._plain(sents[cut:], before_enumeration=more_follow)

    def _plain(self, sents: list[tuple[str, int]], before_enumeration: bool) -> None:
        """Sentences outside any enumerated point: lead-ins set the part, lists and sentences are items."""
        for idx, (s, pos) in enumerate(sents):
            if content_length(s) < self.min_chars:
                continue
            if before_enumeration and idx == len(sents) - 1:
                self._kind = cue_kind(s) or self._kind
                continue
            if self._list(s, pos):
                continue
            if is_frame(s):
                self._kind = cue_kind(s) or self._kind
                continue
            if self._kind == PROBLEM and MEASURE_START.search(s):
                self._kind = MEASURE
            # this sentence only; 虽已整改，但仍有反复 is still a problem
            kind = MEASURE if FIXED.search(s) and not re.search(r"但|仍|尚|然而", s) else self._kind
            self._out.append(Segment(kind, clean_item_text(s), pos, pos + len(s)))

    def _list(self, s: str, pos: int) -> bool:
        """A list after a colon (主要表现为：A，B) or after 如 (如A、B、C等): emit its elements."""
        opener = LIST_OPENER.match(s.strip())
        named = NAMED_LIST.match(s.strip())
        framed = next((m for m in MID_LIST_OPENER.finditer(s) if is_frame(s[: m.start()])), None)
        if framed and not opener and not named:
            self._kind = cue_kind(s[: framed.start()]) or self._kind
            parts = self._named_parts(s, framed.end())
            if content_length("".join(parts)) < self.min_chars:
                return False
            self._emit(s, pos, framed.end(), parts)
            return True
        if opener:
            lead = s[: len(s) - len(s.lstrip())] + opener.group(0)
            rest_at = len(lead)
        elif named and not re.search(r"[：:]", s):
            self._kind = cue_kind(named["lead"]) or self._kind
            rest_at = len(s) - len(s.lstrip()) + named.end()
            parts = self._named_parts(s, rest_at)
            if len(parts) < 2:
                return False
            self._emit(s, pos, rest_at, parts)
            return True
        else:
            colon = re.search(r"[：:]", s)
            if not colon:
                return False
            prefix = s[: colon.start()]
            if not (LIST_PREFIX.search(prefix) or cue_kind(prefix)):
                return False
            self._kind = cue_kind(prefix) or self._kind
            rest_at = colon.end()
        if content_length(s[rest_at:]) < self.min_chars:
            return False
        self._emit(s, pos, rest_at, split_list(s[rest_at:]))
        return True

    @staticmethod
    def _named_parts(s: str, rest_at: int) -> list[str]:
        """The elements of a list named inline from ``rest_at`` on, its closing 等问题 left out."""
        body = s[rest_at:]
        tail = LIST_TAIL.search(body)
        return split_list(body[: tail.start()] if tail else body)

    def _emit(self, s: str, pos: int, rest_at: int, parts: list[str]) -> None:
        """One item per list element, each at its place in ``s`` (which starts at ``pos``)."""
        for part in parts:
            at = max(s.find(part, rest_at), rest_at)
            self._out.append(Segment(self._kind, clean_item_text(part), pos + at, pos + at + len(part)))
