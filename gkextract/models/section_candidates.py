"""Heading candidates with the context a section classifier needs (issue 11 §2).

A candidate is a line that could open a top-level part: a short paragraph, any numbered paragraph, or a
numbered heading written inline after a sentence end inside a long one-line body (``…如下： 一、总体情况
2021年，…``; its span is the heading alone). Each carries the features the rules look at, as data:
numbering style and number, the report's top-level style (that of the first candidate naming a part),
its index among the candidates, the previous part key the rules found, length, end punctuation, clause
breaks, whether it lies in a decoded table span, and the part its title names (``heading_key``).
:class:`gkextract.models.sections.CandidateSectionClassifier` learns key-or-none over them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..document import Document
from ..sections import _config, heading_key

# a numbered heading inside a long paragraph: after a sentence end or a space, up to the next space/。
INLINE = re.compile(r"(?:(?<=[。：:；;])|(?<=\s))\s*(?P<head>(?:第[一二三四五六七八九十]{1,3}部分|[一二三四五六七八九十]{1,2}、)"
                    r"[^\s。，,；;（(]{2,30}?)(?=\s|。|$|（|\()")
MAX_SHORT = 60


@dataclass
class Candidate:
    start: int
    end: int
    text: str                       # the heading as written, trimmed (the section title if chosen)
    style: str                      # part | cn | ar | bracket | none
    number: Optional[int]
    inline: bool = False
    in_table: bool = False
    named_key: Optional[str] = None  # the part the title names (configs/sections.yaml), or None
    feats: dict = field(default_factory=dict)


_BRACKET = re.compile(r"^[（(]([一二三四五六七八九十]{1,3}|\d{1,2})[）)]")
_NONE_HEAD = re.compile(r"^[一二三四五六七八九十]是")


def _style(text: str):
    from ..figures.numbers import parse_chinese

    m = _config()["numbering_re"].match(text)
    if m:
        if m["part"]:
            return "part", parse_chinese(m["part"]), m["title"]
        if m["num"].isdigit():
            return "ar", int(m["num"]), m["title"]
        return "cn", parse_chinese(m["num"]), m["title"]
    if _BRACKET.match(text):
        return "bracket", None, text[_BRACKET.match(text).end():]
    if text[:1] in "、.．" and len(text) > 3:  # a heading that lost its number (、主动公开政府信息情况)
        return "lost", None, text[1:]
    return "none", None, text


def candidates(doc: Document) -> list[Candidate]:
    tables = doc.spans.get("tables", [])
    out: list[Candidate] = []
    for para in doc.paragraphs():
        raw = para.text
        text = raw.strip()
        if not text:
            continue
        lead = len(raw) - len(raw.lstrip())
        style, number, title = _style(text)
        in_table = any(a <= para.start < b for a, b in tables)
        if len(text) <= MAX_SHORT or style in ("part", "cn"):
            out.append(Candidate(para.start + lead, para.start + lead + len(text), text, style, number,
                                 in_table=in_table))
        if len(text) > MAX_SHORT:
            for m in INLINE.finditer(raw):
                if m.start("head") - 0 <= lead:
                    continue
                head = m["head"]
                st, nb, _ = _style(head)
                s = para.start + m.start("head")
                out.append(Candidate(s, s + len(head), head, st, nb, inline=True, in_table=in_table))
    for c in out:
        _, _, title = _style(c.text)
        c.named_key = heading_key(title) if title else None
    _add_features(out)
    return out


def _bucket(n: int, edges=(4, 8, 12, 16, 24, 40, 60)) -> str:
    return next((f"<={e}" for e in edges if n <= e), ">60")


def _add_features(cands: list[Candidate]) -> None:
    from ..sections import _is_table_label

    top = next((c.style for c in cands if c.named_key and c.style in ("part", "cn")), None) or \
        next((c.style for c in cands if c.named_key), "none")
    seen_named = 0
    last_num = {"part": 0, "cn": 0, "ar": 0}
    for i, c in enumerate(cands):
        t = c.text
        f = {
            "style=" + c.style: 1, "top=" + top: 1, "is_top_style": float(c.style == top),
            "len=" + _bucket(len(t)): 1, "inline": float(c.inline), "in_table": float(c.in_table),
            "ends_punct": float(t.endswith(("。", "；", ";", "，", ","))), "ends_colon": float(t.endswith(("：", ":"))),
            "clause_break": float(any(ch in t for ch in "，；;")), "has_digit_year": float(bool(re.search(r"\d{4}年", t))),
            "named=" + (c.named_key or "none"): 1, "named_any": float(c.named_key is not None),
            "first_named": float(c.named_key is not None and seen_named == 0),
            "idx=" + _bucket(i, (0, 1, 2, 4, 8, 16)): 1, "yishi": float(bool(_NONE_HEAD.match(t))),
            "table_label": float(bool(c.named_key) and _is_table_label(t)),
        }
        if c.number is not None and c.style in last_num:
            f["num=" + str(min(c.number, 9))] = 1
            f["num_next"] = float(c.number == last_num[c.style] + 1)
            f["num_restart"] = float(c.number == 1 and last_num[c.style] > 0)
            last_num[c.style] = c.number
        f["x_style_named=" + c.style + "_" + str(c.named_key is not None)] = 1
        f["x_top_named=" + str(c.style == top) + "_" + str(c.named_key is not None)] = 1
        c.feats = f
        seen_named += c.named_key is not None


def text_view(c: Candidate) -> str:
    """The heading text without its number, for character n-grams."""
    return _style(c.text)[2] or c.text
