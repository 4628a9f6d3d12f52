"""Numbers as the prose writes them: Arabic (``1,136``, ``47.27``, ``1.2万``) and Chinese (``十二``, ``两``)."""
from __future__ import annotations

import re
from typing import Optional, Union

Number = Union[int, float]

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
            "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千万"


def parse_chinese(s: str) -> Optional[int]:
    """``十二`` → 12, ``一百零五`` → 105, ``两千三百`` → 2300, ``三万`` → 30000; None if not a numeral."""
    if not s or any(ch not in CN_NUMERAL for ch in s) or s[0] in "百千万":
        return None
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in CN_DIGIT:
            digit = CN_DIGIT[ch]
        elif ch in CN_UNIT:
            section += (1 if digit is None else digit) * CN_UNIT[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    if digit is not None and len(s) > 1 and s[-2] in CN_DIGIT and all(c in CN_DIGIT for c in s):
        # a string of digits (一二三) is no numeral a report would write
        return None
    return total + section + (digit or 0)


def parse_arabic(digits: str, multiplier: str = "") -> Number:
    value: Number = float(digits.replace(",", "")) if "." in digits else int(digits.replace(",", ""))
    if multiplier == "万":
        value *= 10000
    elif multiplier == "亿":
        value *= 100000000
    if isinstance(value, float) and value.is_integer() and "." not in digits:
        value = int(value)
    if isinstance(value, float):
        value = round(value, 6)
        if value.is_integer() and multiplier:
            value = int(value)
    return value


ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CHINESE = r"[一二两三四五六七八九十百千万]+"
NUMBER = re.compile(rf"(?P<ar>{ARABIC})|(?P<cn>{CHINESE})")
