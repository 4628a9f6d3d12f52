"""Splitting digits that ran together (``351000036`` → 35, 1, 0, 0, 0, 0, 36) with the tables' own
arithmetic. A split is only accepted when the arithmetic leaves exactly one candidate."""
from __future__ import annotations

from typing import Iterator, Sequence

Sum = tuple[int, Sequence[int]]  # (index of the total, indices of the parts)

MAX_CANDIDATES = 5000
# No part is longer than a value may be (text.MAX_DIGITS), which also keeps int() off giant strings.
MAX_PART_DIGITS = 15
# Splits tried before giving up: past this the arithmetic cannot be shown to leave one candidate.
MAX_TRIES = 200_000


def compositions(digits: str, n: int, max_part: int = MAX_PART_DIGITS) -> Iterator[list[int]]:
    """Every way to cut ``digits`` into ``n`` numbers of at most ``max_part`` digits without leading zeros."""
    if n < 1 or len(digits) > n * max_part:
        return
    if n == 1:
        if digits and (digits == "0" or not digits.startswith("0")):
            yield [int(digits)]
        return
    max_len = min(len(digits) - (n - 1), max_part)
    for k in range(1, max_len + 1):
        head = digits[:k]
        if len(head) > 1 and head.startswith("0"):
            break
        for rest in compositions(digits[k:], n - 1, max_part):  # (returns at once when the rest is too long)
            yield [int(head), *rest]


def candidate_splits(digits: str, n: int, sums: Sequence[Sum]) -> list[list[int]]:
    """All splits of ``digits`` into ``n`` numbers that satisfy every (total, parts) sum."""
    out = []
    for tries, values in enumerate(compositions(digits, n)):
        if tries >= MAX_TRIES:
            return []  # undecidable in reasonable time: no split is accepted
        if all(values[t] == sum(values[p] for p in parts) for t, parts in sums):
            out.append(values)
            if len(out) >= MAX_CANDIDATES:
                break
    return out
