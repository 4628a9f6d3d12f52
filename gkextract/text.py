"""Text normalisation shared by every component: label keys and cell values."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Union

import opencc

_T2S = opencc.OpenCC("t2s")
_WS = re.compile(r"\s+")
# NFKC keeps these apart from their ASCII look-alikes; labels treat them as the same
_PUNCT = str.maketrans({"，": "、", ",": "、", "“": '"', "”": '"', "‘": "'", "’": "'", "．": ".",
                        "—": "-", "－": "-", "−": "-", "–": "-", "〇": "0"})


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """The form labels are compared in: NFKC (full → half width), simplified script, no whitespace,
    ``，`` → ``、``. ``（一）予以公开`` and ``(一) 予以公开`` give the same key."""
    s = unicodedata.normalize("NFKC", text)
    s = _WS.sub("", s).translate(_PUNCT)
    return _T2S.convert(s)


def clean_space(text: str) -> str:
    """Trim and collapse whitespace (incl. ideographic space and nbsp) to single spaces."""
    return _WS.sub(" ", text.replace("\u3000", " ").replace("\xa0", " ")).strip()


# besides these, any run of dashes and slashes is blank too (see parse_cell)
BLANK_MARKERS = {"", "无", "\\", "／", "空", "x", "X", "*"}
Number = Union[int, float]

_NUM = re.compile(
    r"^(?P<sign>增|减|\+|-)?(?P<num>\d+(?:\.\d+)?)(?P<unit>万元|亿元|元|件|条|个|项|次|人次|人|篇|家|场|期|份|%)?$"
)
# Integer digits a value may have: beyond 15 a float is no longer exact, and no count or amount in a
# report comes near (10^15). Longer digit runs are digits that ran together (tables/digits.py) or junk.
MAX_DIGITS = 15
_THOUSANDS = re.compile(r"^(?P<head>[+\-增减]?\d{1,3})(?P<tail>(?:,\d{3})+)(?P<rest>(?:\.\d+)?\D*)$")


@dataclass(frozen=True)
class ParsedCell:
    value: Optional[Number]
    unit: Optional[str] = None
    blank: bool = False      # a blank marker: value stays None, faithfully
    numeric: bool = True     # False: text that is neither a number nor a blank marker
    overflow: bool = False   # digits beyond MAX_DIGITS: a value cell, but no number (value None, numeric False)


@lru_cache(maxsize=65536)
def parse_cell(text: Optional[str]) -> ParsedCell:
    """Parse a value cell: blank markers → None; ``减4`` → -4; ``3739265元`` → 3739265 + unit 元;
    ``1,036`` → 1036; decimals stay floats. Anything else is non-numeric (value None, numeric False)."""
    if text is None:
        return ParsedCell(None, blank=True)
    s = unicodedata.normalize("NFKC", text)
    s = _WS.sub("", s).replace("−", "-").replace("－", "-")
    if s in BLANK_MARKERS or set(s) <= {"-", "—", "/"}:
        return ParsedCell(None, blank=True)
    m = _THOUSANDS.match(s)
    if m:
        s = m["head"] + m["tail"].replace(",", "") + m["rest"]
    m = _NUM.match(s)
    if not m:
        return ParsedCell(None, numeric=False)
    num = m["num"]
    if len(num.partition(".")[0]) > MAX_DIGITS:
        return ParsedCell(None, numeric=False, overflow=True)
    value: Number = float(num) if "." in num else int(num)
    if m["sign"] in ("减", "-"):
        value = -value
    return ParsedCell(value, unit=m["unit"])


def is_value_text(text: Optional[str]) -> bool:
    """True for a cell that holds a number or a blank marker (so: not a label); an overlong digit run
    is a value cell too (digits that ran together, or a broken one)."""
    parsed = parse_cell(text)
    return parsed.numeric or parsed.overflow


_CN_DIGITS = "零一二三四五六七八九"


def parse_numeral(token: str) -> Optional[int]:
    """An enumerator's number: '3', '三', '十二', '二十一', '两', '③' (1-99); None when it is none."""
    if not token:
        return None
    if len(token) == 1 and "\u2460" <= token <= "\u2473":
        return ord(token) - 0x2460 + 1
    if token.isascii() and token.isdigit():
        return int(token)
    s = token.replace("两", "二")
    if any(ch not in _CN_DIGITS + "十" for ch in s) or s.count("十") > 1:
        return None
    if "十" not in s:
        return _CN_DIGITS.index(s) if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(ones) if ones else 0)


def chinese_numeral(n: int) -> str:
    """0-99 in Chinese numerals, as headings write them (十二, 二十一)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


_YEAR_DIGITS = {"〇": "0", "○": "0", "零": "0", "Ｏ": "0", **{ch: str(i) for i, ch in enumerate(_CN_DIGITS) if i}}
_CN_YEAR = re.compile(r"([〇○零Ｏ一二][〇○零Ｏ一二三四五六七八九]{3})(?=\s*年)")
_CN_MONTH_DAY = re.compile(r"(?<=年)\s*([一二三四五六七八九十]{1,3})\s*月\s*(?:([一二三四五六七八九十]{1,3})\s*日)?")


def arabic_dates(text: Optional[str]) -> Optional[str]:
    """``text`` with dates written in Chinese numerals in Arabic digits: 二〇二三年 → 2023年, 二〇二三年十二月
    三十一日 → 2023年12月31日 (years only from 19xx/20xx; a month or day only after a year)."""
    if not text:
        return text

    def year(m: re.Match) -> str:
        digits = "".join(_YEAR_DIGITS[ch] for ch in m.group(1))
        return digits if digits[:2] in ("19", "20") else m.group(1)

    def month_day(m: re.Match) -> str:
        month, day = parse_numeral(m.group(1)), parse_numeral(m.group(2)) if m.group(2) else None
        if month is None or not 1 <= month <= 12 or (m.group(2) and (day is None or not 1 <= day <= 31)):
            return m.group(0)
        return f"{month}月" + (f"{day}日" if day else "")
    return _CN_MONTH_DAY.sub(month_day, _CN_YEAR.sub(year, text))

