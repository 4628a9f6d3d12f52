"""Legacy 统计指标 tables flattened into one run of text, as crawlers and browser copies save them:

    指标名称计量单位2015年度历年累计主动公开文件数条125040210其中：1、政府网站公开数条1250402102、…

Each row is ``label unit digits``: a row ends where a unit (configs/templates/tables.yaml, legacy_stats)
is followed by digits, and the digits end at the next label. The next label's number may be glued to the
digits (``…1250402102、政府公报…``): it is the number the list expects next (1 after an unnumbered row,
k+1 after row k). Group rows (一、主动公开情况) have no unit and no digits and end at the next number.

Digits of several value columns run together are split with the table's own arithmetic: no column before
a running total (历年累计) exceeds it, and a parent row equals the sum of its numbered rows in every column.
A split that stays ambiguous leaves the row's cells null and is reported as NON_NUMERIC_CELL, never
guessed.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..record import Check, LegacyStat
from .digits import MAX_PART_DIGITS, compositions
from .templates import load_templates

MAX_COMBINATIONS = 20_000   # parent/children splits tried together at most
_SENTENCE = re.compile(r"[，,。；;！!？?]")
_ARABIC_ENUM = re.compile(r"^(?:其中[:：]?)?(\d{1,2})[、.．]")
# where a label starts a new row inside a run of label text: 一、 （一） (一) 1、 1. 其中：
_ROW_START = re.compile(r"[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|(?<!\d)\d{1,2}[、.．](?=\D)")
_TOP_ENUM = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]")
_BLANK = "/／—–-"


@dataclass
class FlatRow:
    label: str
    unit: Optional[str] = None
    tokens: list[str] = field(default_factory=list)   # value text: one glued run, or the spaced cells
    enum: Optional[int] = None                         # its Arabic number (1、 2.) when it has one
    values: list[Optional[float]] = field(default_factory=list)
    cands: list[list] = field(default_factory=list)    # the splits its value text fits
    ambiguous: bool = False                            # not exactly one split: its cells stay null

    @property
    def group(self) -> bool:
        return self.unit is None and not self.tokens


@dataclass
class FlatTable:
    start: int                     # offsets in the text the run was found in
    end: int
    n_cols: int
    cumulative: list[bool]         # per value column: a running total
    rows: list[FlatRow]


@dataclass(frozen=True)
class _Config:
    header: re.Pattern
    column: re.Pattern
    cumulative: tuple[str, ...]
    row_end: re.Pattern
    group_labels: tuple[str, ...]
    max_label: int
    unit_words: tuple[str, ...]


@lru_cache(maxsize=1)
def _config() -> _Config:
    raw = load_templates().raw["legacy_stats"]
    cfg = raw["flat"]
    alt = lambda ws: "|".join(w if any(c in w for c in "\\()?[") else re.escape(w)
                              for w in sorted(ws, key=len, reverse=True))
    cols = alt(cfg["column_words"])
    header = re.compile(rf"(?:{alt(cfg['name_words'])})\s*(?:{alt(cfg['unit_words'])})\s*(?P<cols>(?:(?:{cols})\s*)+)")
    units = alt(raw["units"])
    # a unit followed by value cells (digits, or blank markers) separated by nothing or whitespace
    value = rf"(?:\d+(?:\.\d+)?|[{_BLANK}]{{1,2}}(?![{_BLANK}]))"
    row_end = re.compile(rf"(?P<unit>{units})[ \t\u3000]*(?P<vals>{value}(?:[ \t\u3000]+{value})*)")
    return _Config(header, re.compile(cols), tuple(cfg["cumulative_words"]), row_end,
                   tuple(cfg["group_labels"]), int(cfg["max_label_chars"]), tuple(cfg["unit_words"]))


def find_tables(text: str) -> list[FlatTable]:
    """Every flattened legacy table in ``text`` (one paragraph), with its rows' cells split."""
    cfg = _config()
    out: list[FlatTable] = []
    if not any(w in text for w in cfg.unit_words):   # no header without its unit column: a cheap exit
        return out
    pos = 0
    while True:
        m = cfg.header.search(text, pos)
        if m is None:
            return out
        words = cfg.column.findall(m["cols"])
        table = _rows(text, m.start(), m.end(), len(words), [any(c in w for c in cfg.cumulative) for w in words])
        if table.rows:
            out.append(table)
            pos = table.end
        else:
            pos = m.end()


def _rows(text: str, start: int, pos: int, n: int, cumulative: list[bool]) -> FlatTable:
    cfg = _config()
    rows: list[FlatRow] = []
    end = pos
    expected = 1   # the Arabic number the next label would carry
    while pos < len(text):
        m = cfg.row_end.search(text, pos)
        if m is None:
            break
        label_text = text[pos:m.start()].strip()
        if not label_text or len(label_text) > cfg.max_label + 40 or _SENTENCE.search(label_text):
            break
        labels = _split_labels(label_text, cfg)
        if len(labels[-1]) > cfg.max_label:
            break
        tokens = m["vals"].split()
        nxt = m.end()
        # the next label's number glued to (or spaced after) the digits: 1250402102、政府公报…
        if re.match(r"[、.．]\D", text[nxt:nxt + 2]):
            tokens, cut = _drop_enumerator(tokens, expected_after(labels[-1]))
            nxt -= cut
        rows += [FlatRow(_clean(g)) for g in labels[:-1]]
        rows.append(FlatRow(_clean(labels[-1]), m["unit"], tokens, _enum(labels[-1])))
        end = pos = nxt
    return FlatTable(start, end, n, cumulative, rows)


def expected_after(label: str) -> int:
    """The Arabic number the label after this one carries: k+1 after 「k、…」, else 1."""
    k = _enum(label)
    return k + 1 if k is not None else 1


def _enum(label: str) -> Optional[int]:
    m = _ARABIC_ENUM.match(label.strip())
    return int(m.group(1)) if m else None


def _drop_enumerator(tokens: list[str], expected: int) -> tuple[list[str], int]:
    """(value tokens, characters given back to the next label). The number must be the one expected; when
    it is not, the last digit is taken for it and the row is left to the splitter to reject."""
    last = tokens[-1]
    e = str(expected)
    if last == e and len(tokens) > 1:
        return tokens[:-1], len(last)
    if last.endswith(e) and len(last) > len(e):
        return tokens[:-1] + [last[:-len(e)]], len(e)
    return tokens[:-1] + ([last[:-1]] if len(last) > 1 else []) + ["?"], 1


def _split_labels(text: str, cfg: _Config) -> list[str]:
    """Group rows before a row's label: 一、主动公开情况（一）主动公开政府信息数 → two labels."""
    cuts = [m.start() for m in _ROW_START.finditer(text) if m.start() > 0 and not text[:m.start()].endswith(("其中：", "其中:"))]
    parts = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
    last = parts[-1]
    m = _TOP_ENUM.match(last)
    if m:   # 四、行政复议数量行政复议数量: a group row whose only row repeats or continues without a number
        rest = last[m.end():]
        half = len(rest) // 2
        known = next((g for g in cfg.group_labels if rest.startswith(g) and len(rest) > len(g)), None)
        if known:
            parts[-1:] = [last[:m.end() + len(known)], rest[len(known):]]
        elif len(rest) % 2 == 0 and half >= 2 and rest[:half] == rest[half:]:
            parts[-1:] = [last[:m.end() + half], rest[half:]]
    return [p for p in parts if p.strip()]


def _clean(label: str) -> str:
    return "".join(label.split())


# ---------------------------------------------------------------- cells

def decode(table: FlatTable, findings: list[Check], offset: int = 0) -> list[LegacyStat]:
    """The table's rows as LegacyStat; ambiguous splits null, each reported once."""
    for row in table.rows:
        if not row.group:
            _local_split(row, table)
    _arithmetic(table)
    out = []
    for row in table.rows:
        i = offset + len(out)
        if row.ambiguous:
            findings.append(Check(rule="NON_NUMERIC_CELL", severity="info",
                                  message=f"legacy_stats.{i} {row.label}: digits run together 「{''.join(row.tokens)}」 "
                                          f"fit {len(row.cands)} splits; left blank",
                                  cells=[f"legacy_stats.{i}"]))
        values = row.values if not row.group else [None] * table.n_cols
        stat = LegacyStat(label=row.label, unit=row.unit, value=values[0] if values else None)
        if table.n_cols > 1:
            stat.values = list(values)
        out.append(stat)
    return out


def candidates(tokens: list[str], n: int, cumulative: list[bool]) -> list[list[Optional[float]]]:
    """Every reading of a row's value tokens as n cells that keeps running totals ≥ the columns before."""
    if any(t == "?" for t in tokens):
        return []
    cells: list[Optional[float]] = []
    if len(tokens) == n or (len(tokens) > 1 and len(tokens) < n):
        if any(len(t.partition(".")[0]) > MAX_PART_DIGITS for t in tokens):
            return []  # no value has that many digits
        cells = [_number(t) for t in tokens] + [None] * (n - len(tokens))
        return [cells] if _ordered(cells, cumulative) else []
    if len(tokens) > n:
        return []
    run = tokens[0]
    if not run.isdigit():
        return [[_number(run)] + [None] * (n - 1)] if n == 1 or run.strip(_BLANK) == "" else []
    return [list(map(float, c)) for c in compositions(run, n) if _ordered(c, cumulative)]


def _number(t: str) -> Optional[float]:
    if not t or t.strip(_BLANK) == "":
        return None
    return float(t)


def _ordered(cells, cumulative: list[bool]) -> bool:
    for k, is_total in enumerate(cumulative):
        if is_total and cells[k] is not None and any(c is not None and c > cells[k] for c in cells[:k]):
            return False
    return True


def _local_split(row: FlatRow, table: FlatTable) -> None:
    row.cands = candidates(row.tokens, table.n_cols, table.cumulative)
    row.ambiguous = len(row.cands) != 1
    row.values = [_int(v) for v in row.cands[0]] if not row.ambiguous else [None] * table.n_cols


def _int(v):
    return int(v) if v is not None and float(v).is_integer() else v


def families(rows: list[FlatRow]) -> list[tuple[int, list[int]]]:
    """(parent, numbered children) index groups: a valued row followed by rows numbered 1, 2, … (two at
    least; a single 其中 row is a part, not a breakdown)."""
    out = []
    for i, row in enumerate(rows):
        if row.group or row.enum is not None:
            continue
        kids, want = [], 1
        for j in range(i + 1, len(rows)):
            if rows[j].enum != want or rows[j].group:
                break
            kids.append(j)
            want += 1
        if len(kids) >= 2:
            out.append((i, kids))
    return out


def _arithmetic(table: FlatTable) -> None:
    """Resolve ambiguous rows of a parent/children family: the one combination of their splits where the
    parent equals the sum of its children in every column."""
    for parent, kids in families(table.rows):
        members = [parent] + kids
        rows = [table.rows[k] for k in members]
        if not any(r.ambiguous for r in rows):
            continue
        space = [r.cands if r.ambiguous else [r.values] for r in rows]
        if any(not s for s in space) or _product(space) > MAX_COMBINATIONS:
            continue
        fits = []
        for combo in itertools.product(*space):
            if all(None not in (combo[0][c], *(k[c] for k in combo[1:])) and combo[0][c] == sum(k[c] for k in combo[1:])
                   for c in range(table.n_cols)):
                fits.append(combo)
                if len(fits) > 1:
                    break
        if len(fits) == 1:
            for r, vals in zip(rows, fits[0]):
                r.values, r.ambiguous = [_int(v) for v in vals], False


def _product(space) -> int:
    total = 1
    for s in space:
        total *= len(s)
    return total
