"""Numbers as reports write them: Chinese numerals, signed changes, cell texts with units or blanks."""
from __future__ import annotations

import random
from typing import Optional, Union

Number = Union[int, float]
DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """0 ≤ n < 10000 as a Chinese numeral: 12 -> 十二, 105 -> 一百零五, 2000 -> 两千 is written 二千."""
    if n == 0:
        return "零"
    units = ((1000, "千"), (100, "百"), (10, "十"))
    out, zero = "", False
    rest = n
    for size, name in units:
        d, rest = divmod(rest, size)
        if d:
            if zero:
                out += "零"
                zero = False
            out += ("" if (size == 10 and d == 1 and not out) else DIGITS[d]) + name
        elif out:
            zero = True
    if rest:
        if zero:
            out += "零"
        out += DIGITS[rest]
    return out


def chinese_year(y: int) -> str:
    return "".join("〇一二三四五六七八九"[int(c)] for c in str(y))


def prose_number(rng: random.Random, n: Number, allow_chinese: bool) -> str:
    """A number in running text: Arabic mostly, Chinese for small counts, thousands separators rarely."""
    if isinstance(n, float):
        return f"{n:g}" if n != int(n) else str(int(n))
    if allow_chinese and n <= 99 and rng.random() < 0.5:
        return chinese(n)
    if n >= 1000 and rng.random() < 0.15:
        return f"{n:,}"
    return str(n)


def signed_text(rng: random.Random, n: int, style: str) -> str:
    """A 本年增/减 cell: styles ``sign`` (+12/-4), ``word`` (增12/减4), ``plain`` (12/-4)."""
    if n == 0:
        return "0"
    if style == "word":
        return ("增" if n > 0 else "减") + str(abs(n))
    if style == "sign":
        return ("+" if n > 0 else "-") + str(abs(n))
    return str(n)


def amount_text(v: Number) -> str:
    if isinstance(v, float):
        s = f"{v:.2f}".rstrip("0").rstrip(".")
        return s
    return str(v)


def blank_text(rng: random.Random, marker: Optional[str] = None) -> str:
    return marker if marker is not None else rng.choice(["", "", "", "/", "—"])
