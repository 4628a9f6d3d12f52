"""Enumerators of points in prose: 一是…, （一）…, 1.…, ①…, 第一，… and where they start and end.

An enumerator is recognised only where a point can begin (start of the text or after punctuation), and
only as part of a sequence (1, 2, 3, … of one style); :class:`EnumerationState` carries the sequence from
one paragraph to the next so that a list laid out one point per paragraph is followed too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..text import parse_numeral

# a point can start at the beginning or after punctuation/space
_BEFORE = r"(?:^|(?<=[\s，,。．.；;：:、！!？?）)\]】”\"]))"
_CN = r"[一二三四五六七八九十]{1,3}"

STYLES: dict[str, re.Pattern] = {
    "shi": re.compile(_BEFORE + rf"({_CN})是[，,：:]?"),
    "paren_cn": re.compile(rf"[（(]\s*({_CN})\s*[）)][、，,.．]?"),
    "cn_dun": re.compile(_BEFORE + rf"({_CN})[、.．](?![、.．])"),
    "di": re.compile(_BEFORE + rf"第({_CN})[，,、：:是]"),
    "qi": re.compile(_BEFORE + rf"其({_CN})[，,、：:是]"),
    "paren_num": re.compile(r"[（(]\s*(\d{1,2})\s*[）)][、，,.．]?"),
    "num": re.compile(_BEFORE + r"(\d{1,2})\s*[.．、](?!\d)"),
    "circled": re.compile(r"([\u2460-\u2473])"),
}


@dataclass
class Enumerator:
    style: str
    number: int
    start: int  # where the enumerator begins in the text
    end: int  # where the point's own text begins


def find_candidates(text: str) -> list[Enumerator]:
    """Every enumerator-shaped match, any style, in text order (overlaps resolved by the earliest)."""
    found: list[Enumerator] = []
    for style, pattern in STYLES.items():
        for m in pattern.finditer(text):
            n = parse_numeral(m.group(1))
            if not n:
                continue
            found.append(Enumerator(style, n, m.start(), m.end()))
    found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[Enumerator] = []
    for e in found:
        if kept and e.start < kept[-1].end:
            continue
        kept.append(e)
    return kept


@dataclass
class EnumerationState:
    """The enumeration being followed: its style and the last number seen."""

    style: Optional[str] = None
    last: int = 0

    def reset(self) -> None:
        self.style, self.last = None, 0

    def accept(self, e: Enumerator, at_paragraph_start: bool) -> bool:
        if self.style == e.style and e.number == self.last + 1:
            self.last = e.number
            return True
        if e.number == 1 and (self.style is None or self.style == e.style or at_paragraph_start):
            self.style, self.last = e.style, 1
            return True
        return False


def accepted_enumerators(text: str, state: EnumerationState) -> list[Enumerator]:
    """The enumerators of the followed sequence in one paragraph; nested lists of other styles are skipped.

    A point number 1 of the running style restarts the sequence (a measures list after a problems list).
    """
    accepted: list[Enumerator] = []
    for e in find_candidates(text):
        at_start = e.start == 0 or not text[: e.start].strip()
        if state.accept(e, at_start):
            accepted.append(e)
    return accepted
