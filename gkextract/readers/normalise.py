"""Scraped page text (issue 10 §1): what crawlers and browser copies add to a report, undone before the
report is read.

- A metadata header of ``key: value`` lines (标题, 发布时间, 文号, 发布机构, 来源, 本地路径 …), often closed by a
  ``====`` line: its fields go to ``Document.fields`` under the names of configs/scraped.yaml, and its lines
  leave the body (so no component takes 标题：… for the title or 发布机构：… for the agency).
- The whole body on one line: it is cut into paragraphs at its headings, found by their numbering (一、 二、
  … or 第一部分 or 1．, increasing; then （一） （二） inside each part), a heading's title cut from the text
  that follows it; a legacy statistics table flattened into the line (tables/flat.py) becomes a paragraph
  of its own, so that its numbered group rows are not taken for headings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import yaml

from ..paths import CONFIGS
from ..text import parse_numeral

_KEY_VALUE = re.compile(r"^\s*(?P<key>[^:：]{1,12}?)\s*[:：]\s*(?P<value>.*?)\s*$")


@dataclass(frozen=True)
class _Config:
    keys: dict[str, str]                 # written key (normalised) -> field name
    min_lines: int
    separator: re.Pattern
    min_chars: int
    min_headings: int
    styles: tuple[re.Pattern, ...]
    second: re.Pattern
    before: str
    title_ends: tuple[str, ...]
    title_continues: re.Pattern
    title_stops: re.Pattern
    max_title: int
    sentence_end: str = "。；;，,！!？?"


@lru_cache(maxsize=1)
def _config() -> _Config:
    raw = yaml.safe_load(open(CONFIGS / "scraped.yaml", encoding="utf-8"))
    head, inline = raw["header"], raw["inline"]
    keys = {_key(w): name for name, written in head["keys"].items() for w in written}
    return _Config(keys, int(head["min_lines"]), re.compile(head["separator"]),
                   int(inline["min_chars"]), int(inline["min_headings"]),
                   tuple(re.compile(p) for p in inline["styles"].values()), re.compile(inline["second_level"]),
                   inline["before"], tuple(sorted(inline["title_ends"], key=len, reverse=True)),
                   re.compile(inline["title_continues"]), re.compile(inline["title_stops"]),
                   int(inline["max_title_chars"]))


def _key(text: str) -> str:
    return "".join(text.split()).lower()


def field_name(key: str) -> Optional[str]:
    """The field a metadata key names (标 题 → "title", 发布机构 → "publisher"), per configs/scraped.yaml;
    None for any other text. Also used for a page's metadata table above the body."""
    return _config().keys.get(_key(key))


# ---------------------------------------------------------------- metadata header

def split_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """(fields, the remaining lines): the ``key: value`` lines at the top whose keys configs/scraped.yaml
    names, and the separator line after them. Nothing is taken unless the header is clear: enough key
    lines (or one and a separator)."""
    cfg = _config()
    fields: dict[str, str] = {}
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    first = i
    n = 0
    while i < len(lines):
        line = lines[i]
        m = _KEY_VALUE.match(line) if "|" not in line else None   # 索引号: | … | 公开方式: |: a page's table
        if m and _key(m["key"]) in cfg.keys:
            name = cfg.keys[_key(m["key"])]
            if m["value"] and name not in fields:
                fields[name] = m["value"]
            n += 1
        elif not line.strip() and n:
            pass   # blank lines between header lines
        else:
            break
        i += 1
    sep = i < len(lines) and bool(cfg.separator.match(lines[i]))
    if n == 0 or (n < cfg.min_lines and not sep):
        return {}, lines
    if sep:
        i += 1
    return fields, lines[:first] + lines[i:]


# ---------------------------------------------------------------- one-line bodies

def split_body(lines: list[str], fields: dict[str, str]) -> list[str]:
    """The lines with every long body line cut into paragraphs at its headings and around flattened
    tables, when the text is scraped: it had a metadata header, or some line is long and holds headings
    counting up (一、…二、…). Table lines (tab cells, pipe rows) are left alone; so is every line of any
    other text."""
    body = [i for i, line in enumerate(lines) if not line.startswith("\t") and "|" not in line]
    if not fields and not _one_line_body(lines[i] for i in body):
        return lines
    out = list(lines)
    for i in reversed(body):
        out[i:i + 1] = split_inline(lines[i], fields.get("title"))
    return out


def split_paragraphs(blocks: list) -> list:
    """The HTML reader's blocks with every paragraph cut as :func:`split_body` cuts lines, when a page
    holds its whole body in one paragraph (a <p> or <div> of one line)."""
    from ..document import Paragraph

    if not _one_line_body(b.text for b in blocks if isinstance(b, Paragraph)):
        return blocks
    return [p for b in blocks for p in ([Paragraph(t) for t in split_inline(b.text)] if isinstance(b, Paragraph) else [b])]


def _one_line_body(lines) -> bool:
    """Some line is long and holds headings counting up (一、…二、…)."""
    cfg = _config()
    return any(len(line) >= cfg.min_chars and len(_chain(line, [])) >= cfg.min_headings for line in lines)


def split_inline(line: str, title: Optional[str] = None) -> list[str]:
    """One body line cut into paragraphs: before every heading number (一、, （一） …), after its title,
    around flattened legacy tables, and after the page title when the body repeats it."""
    from ..tables.flat import find_tables   # the table module knows the units and header words

    if not line.strip():
        return [line]   # a blank line ends a tab-per-cell table row
    tables = [(t.start, t.end) for t in find_tables(line)]
    cuts = {a for span in tables for a in span}
    lead = (title or "").strip()
    if lead and line.lstrip().startswith(lead):
        cuts.add(line.index(lead) + len(lead))
    # a heading may follow a table or the repeated page title directly: those ends count as line starts
    edges = tuple(sorted(cuts))
    # every number in place opens a paragraph (parts, and the items numbered inside them alike)
    heads = sorted({(p, e) for style in _config().styles for p, e, _ in _starts(line, style, tables, also=edges)})
    stops = sorted([p for p, _ in heads] + [a for a, _ in tables] + [len(line)])
    if not heads:
        cuts |= _second_level(line, 0, stops[0])
    for pos, end in heads:
        cuts.add(pos)
        nxt = min(s for s in stops if s > pos)
        title_end = _title_end(line, end, nxt)
        if title_end is not None:
            cuts.add(title_end)
        cuts |= _second_level(line, title_end or end, nxt)
    bounds = sorted(c for c in cuts if 0 < c < len(line))
    parts = [line[a:b].strip() for a, b in zip([0] + bounds, bounds + [len(line)])]
    return [p for p in parts if p]


def _starts(line: str, pattern: re.Pattern, tables, lo: int = 0, hi: Optional[int] = None,
            also: tuple[int, ...] = ()) -> list[tuple[int, int, int]]:
    """(start, end, number) of every enumerator that may open a heading: at the start, after a sentence
    end or a closing bracket, or right after a table."""
    cfg = _config()
    edges = {b for _, b in tables} | set(also)
    out = []
    for m in pattern.finditer(line, lo, len(line) if hi is None else hi):
        p = m.start()
        if any(a <= p < b for a, b in tables):
            continue
        if p == 0 or p in edges or line[p - 1] in cfg.before:
            n = parse_numeral(m["n"])
            if n:
                out.append((p, m.end(), n))
    return out


def _chain(line: str, tables, style: Optional[re.Pattern] = None, edges: tuple[int, ...] = ()) -> list[tuple[int, int]]:
    """The longest run of enumerators of one numbering style counting up by one (二、 三、 …, from any
    number: a line may start in the middle of the report): (start, end of the enumerator)."""
    best: list[tuple[int, int]] = []
    for pattern in ([style] if style else _config().styles):
        found = _starts(line, pattern, tables, also=edges)
        for k, (_, _, first) in enumerate(found):
            chain, want = [], first
            for p, e, n in found[k:]:
                if n == want:
                    chain.append((p, e))
                    want += 1
            if len(chain) > len(best):
                best = chain
    return best


def _second_level(line: str, lo: int, hi: int) -> set[int]:
    """Cuts before （一） （二） … inside one part, and after their titles."""
    cuts: set[int] = set()
    for p, e, n in _starts(line, _config().second, [], lo, hi, also=(lo,)):
        cuts.add(p)
        end = _title_end(line, e, hi)
        if end is not None:
            cuts.add(end)
    return cuts


def _title_end(line: str, start: int, stop: int) -> Optional[int]:
    """Where a heading's title starting at ``start`` ends: after the first title word (情况, 事项, 措施 …)
    not continued by a conjunction or another title word, before any sentence punctuation, number or
    sub-heading. None when no title word ends it (the cut before the number still stands)."""
    cfg = _config()
    m = cfg.title_stops.search(line, start, stop)
    limit = min(m.start() if m else stop, start + cfg.max_title)
    i = start
    fallback = None   # a title word followed by a conjunction that leads to no further title word
    while i < limit:
        word = next((w for w in cfg.title_ends if line.startswith(w, i)), None)
        if word is None:
            i += 1
            continue
        end = i + len(word)
        while True:   # 情况统计表, 问题及改进情况: the title goes on
            more = next((w for w in cfg.title_ends if line.startswith(w, end) and end + len(w) <= limit), None)
            if more:
                end += len(more)
            elif cfg.title_continues.match(line[end:limit]):
                fallback = fallback or end   # 情况和安区司法局…: 和 starts a name, not a longer title
                break
            elif end > limit or (end < len(line) and line[end] in cfg.sentence_end):
                return None   # 1．工作经费保障不足。: an item's sentence, no heading
            else:
                return end
        i = end
    return fallback
