"""Web page chrome around a report: breadcrumbs, tool links, tags, page markers, source/time/views lines and
navigation bars, as data (configs/meta.yaml ``noise``).

``clean_lines`` drops such lines and cuts tags and glued page info off the rest; meta reads the result
(the document itself keeps every line: offsets stay as read).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import yaml

from .paths import CONFIGS

# a navigation bar's words: no sentence punctuation, no digits (a table row has numbers)
_MENU_TOKEN = re.compile(r"^[A-Za-z\u4e00-\u9fa5]+$")


@dataclass(frozen=True)
class NoiseRules:
    lines: tuple[tuple[str, re.Pattern], ...]   # (class, pattern)
    prefixes: tuple[re.Pattern, ...]
    tails: tuple[re.Pattern, ...]
    menu_min_tokens: int
    menu_max_chars: int
    head: int
    tail: int


@lru_cache(maxsize=1)
def config() -> dict:
    with open(CONFIGS / "meta.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


@lru_cache(maxsize=1)
def rules() -> NoiseRules:
    cfg = config()["noise"]
    return NoiseRules(
        lines=tuple((cls, re.compile(p)) for cls, pats in cfg["lines"].items() for p in pats),
        prefixes=tuple(re.compile(p) for p in cfg["prefixes"]),
        tails=tuple(re.compile(p) for p in cfg["tails"]),
        menu_min_tokens=int(cfg["menu"]["min_tokens"]),
        menu_max_chars=int(cfg["menu"]["max_token_chars"]),
        head=int(cfg["head"]), tail=int(cfg["tail"]),
    )


def noise_class(line: str) -> str | None:
    """The class of page chrome a whole line is (breadcrumb, tools, page_marker, info, menu), else None."""
    t = line.strip()
    if not t:
        return None
    r = rules()
    for cls, pattern in r.lines:
        if pattern.search(t):
            return cls
    tokens = t.split()
    if len(tokens) >= r.menu_min_tokens and all(len(w) <= r.menu_max_chars and _MENU_TOKEN.match(w)
                                                  for w in tokens):
        return "menu"
    return None


def strip_line(line: str) -> str:
    """A line without the tags in front of it (【解读】, 文字解读：) and page info glued after it."""
    r = rules()
    t = line.strip()
    changed = True
    while changed and t:
        changed = False
        for p in r.prefixes:
            s = p.sub("", t, count=1)
            if s != t:
                t, changed = s.strip(), True
    for p in r.tails:
        t = p.sub("", t).strip()
    return t


def clean_lines(lines: Iterable[str]) -> list[str]:
    """The lines that are not page chrome, each stripped of tags and glued page info; empty ones dropped."""
    out = []
    value_of_key = False
    for line in lines:
        # a page-info key alone on its line (信息来源：) has its value on the next one
        if value_of_key and len(line.strip()) <= 30:
            value_of_key = False
            continue
        cls = noise_class(line)
        if cls:
            value_of_key = cls == "info" and bool(re.search(r"[:：]\s*$", line))
            continue
        value_of_key = False
        t = strip_line(line)
        if t:
            out.append(t)
    return out
