"""Can a row of digits written together be split back? (the run-together layout writes only rows
whose split is unique under the row arithmetic: 总计 = the six columns; 表四 总计 = four results)."""
from __future__ import annotations

from functools import lru_cache


def _numbers(s: str, i: int):
    """Every number that can start at s[i]: "0" alone, or digits without a leading zero."""
    if s[i] == "0":
        yield 1, 0
        return
    for j in range(i + 1, len(s) + 1):
        yield j - i, int(s[i:j])


def count_group_splits(s: str, parts: int, groups: int = 1, limit: int = 2) -> int:
    """How many ways (capped at ``limit``) ``s`` splits into ``groups`` runs of ``parts`` numbers
    then their sum."""

    @lru_cache(maxsize=None)
    def run(i: int, k: int, acc: int, g: int) -> int:
        if g == groups:
            return 1 if i == len(s) else 0
        if i >= len(s):
            return 0
        if k == parts:  # the total of this group must come next
            n = 0
            for ln, v in _numbers(s, i):
                if v == acc:
                    n += run(i + ln, 0, 0, g + 1)
                elif v > acc:
                    break
            return min(n, limit)
        n = 0
        for ln, v in _numbers(s, i):
            n += run(i + ln, k + 1, acc + v, g)
            if n >= limit:
                return limit
        return n

    return run(0, 0, 0, 0)


def recoverable(texts: list[str], kind: str) -> bool:
    if not all(t.isdigit() for t in texts):
        return False
    s = "".join(texts)
    if kind == "last_is_sum":
        return count_group_splits(s, len(texts) - 1) == 1
    if kind == "groups5":
        return count_group_splits(s, 4, groups=len(texts) // 5) == 1
    return False
