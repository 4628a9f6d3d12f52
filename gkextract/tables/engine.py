"""One decoding engine for every statistical table, driven by the template definitions as data.

``decode_tables(doc)`` finds 表二, 表三, 表四 and legacy 统计指标 tables among the document's lines, matches
row labels to template rows, parses cells and, where digits ran together, splits them with the tables'
own arithmetic. Cells it cannot decode stay null and come back as NON_NUMERIC_CELL findings.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Optional

from ..document import Document
from ..record import Cell, Check, ExtraRow, LegacyStat, StatTable, Tables
from ..text import label_key, parse_cell
from . import flat
from .align import Aligner, distinct_values, legacy_cells
from .digits import candidate_splits
from .lines import Line, align_values, document_lines, is_value_text, run_together
from .match import best_row, next_row
from .templates import RowDef, Templates, load_templates

REVIEW_HEADER_CHARS = set("行政复议诉讼结果维持纠正其他尚未审结总计未经直接起后")


@dataclass
class Decoded:
    tables: Tables
    template: str
    findings: list[Check] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # document offsets the tables cover


@dataclass
class _RowValues:
    """Raw value cells found for one template row (or digits that ran together)."""
    cells: list[str]
    digits: Optional[str] = None
    rectangular: bool = False
    problem: Optional[str] = None  # why no column alignment fits (tables/align.py): cells stay blank

    def aligned(self, n: int) -> list[str]:
        return [""] * n if self.problem else align_values(self.cells, n, self.rectangular)


def decode_tables(doc: Document, templates: Optional[Templates] = None) -> Decoded:
    t = templates or load_templates()
    lines = document_lines(doc)
    findings: list[Check] = []
    used: list[tuple[int, int]] = []  # (first, last) line index of each decoded table
    req_start = _find_requests_anchor(lines, t)
    template = _detect_template(lines, t, req_start)
    proactive = _decode_proactive(lines, t, template, req_start, findings, used)
    requests, other_layout = _decode_requests(lines, t, req_start, findings, used)
    if template == "unknown" and other_layout:
        template = other_layout
    review = _decode_review(lines, t, findings, used)
    legacy = _decode_legacy(lines, t, used, doc.text, findings)
    if template == "unknown" and legacy and not (proactive or requests):
        template = "legacy"
    spans = [(lines[a].start, lines[b].end) for a, b in used]
    return Decoded(Tables(proactive=proactive, requests=requests, review_litigation=review,
                          legacy_stats=legacy), template, findings, spans)


# ---------------------------------------------------------------- shared cell handling

def _cells_to_row(table: str, row_key: str, cols: list[str], cells: list[str], out: StatTable,
                  findings: list[Check], signed=("change",)) -> None:
    values: dict[str, Cell] = {}
    for i, col in enumerate(cols):
        text = cells[i] if i < len(cells) else ""
        parsed = parse_cell(text)
        value = parsed.value
        if not parsed.numeric:
            findings.append(_not_a_number(f"{table}.{row_key}.{col}", text))
        if parsed.unit and parsed.unit != "%":
            out.units[f"{row_key}.{col}"] = parsed.unit
        values[col] = value
    out.rows[row_key] = values


def _not_a_number(path: str, text: str) -> Check:
    """The finding for a value cell left null because its text is no number (never guessed)."""
    return Check(rule="NON_NUMERIC_CELL", severity="info", message=f"{path}: 「{text}」 is not a number; left blank",
                 cells=[path])


def _value_cells(values: list[str]) -> list[str]:
    return [v.strip() for v in values]


# ---------------------------------------------------------------- template detection

def _detect_template(lines: list[Line], t: Templates, req_start: Optional[int]) -> str:
    stop = req_start if req_start is not None else len(lines)
    hits = {tpl: 0 for tpl in t.proactive_markers}
    for line in lines[:stop]:
        for cell in line.cells:
            key = label_key(cell)
            # a sentence (a full stop inside) is prose that may name a marker (全年出台行政规范性文件13件。…),
            # not a table's label or header
            if len(key) > 40 or "。" in key.rstrip("。"):
                continue
            for tpl, markers in t.proactive_markers.items():
                hits[tpl] += sum(1 for m in markers if m in key)
    if not any(hits.values()):
        return "unknown"
    return max(hits, key=lambda k: hits[k])


def _find_requests_anchor(lines: list[Line], t: Templates) -> Optional[int]:
    anchor = t.requests_rows[0]
    for i, line in enumerate(lines):
        labels, values = line.split()
        if labels and len(label_key(labels[-1])) <= 40 and any(p.search(label_key(labels[-1])) for p in anchor.patterns):
            # a grid row of blank cells is a (blank) row too, even with its empty cells trimmed
            if any(v.strip() for v in values) or line.grid or run_together(labels[-1]) \
                    or _next_values(lines, i):
                return i
    return None


def _next_values(lines: list[Line], i: int) -> bool:
    return i + 1 < len(lines) and lines[i + 1].is_values_only


# ---------------------------------------------------------------- row-wise tables (表二, 表三)

def _match_rows(lines: list[Line], rows: list[RowDef], start: int, stop: int, used: list[tuple[int, int]],
                is_end=lambda key: False) -> tuple[dict[str, _RowValues], list[tuple[str, list[str]]]]:
    """Walk lines[start:stop], assigning value cells to template rows.

    Handles labels whose values sit on the next line (misaligned rows), values printed just above their
    label (PDF text of vertically centred cells), wrapped labels (several label-only lines), labels with
    their digits run together, and group labels (（三）不予公开) that hold no values.
    """
    found: dict[str, _RowValues] = {}
    extra: list[tuple[str, list[str]]] = []
    pending: Optional[RowDef] = None
    buffer = ""      # label-only lines not matched yet: a wrapped label, or a group label
    orphan: Optional[_RowValues] = None  # a values-only line no label claimed yet
    filling: Optional[tuple[RowDef, _RowValues]] = None  # a row taking one cell per line
    last = -1
    at: dict[str, int] = {}   # row key → the last line that gave it cells
    header: Optional[tuple[int, int, list[int]]] = None  # (grid, width, value positions) of a header row
    aligner = Aligner(lines)
    for i in range(start, min(stop, len(lines))):
        line = lines[i]
        labels, values = line.split()
        values = _value_cells(values)
        has_values = any(values)
        if not labels and filling is not None and len(values) == 1:
            # one cell per line (text copied from a PDF): the row's cells follow it line by line
            row, rv = filling
            rv.cells.append(values[0])
            at[row.key] = i
            if len(rv.cells) >= len(row.cols):
                filling = None
                if is_end(row.key):
                    break
            continue
        filling = None
        if line.grid and not has_values and len(labels) >= 2:
            # a column header row (信息内容 | 上一年项目数量 | 本年增/减): where its rows' values stand
            header = (line.start, len(line.cells), [k for k, c in enumerate(line.cells) if c][1:])
        if labels:
            idx = None
            # the last label cell names the row; an earlier one does when text sits in a value cell
            for label, cell_values in _label_candidates(line, buffer):
                rt = run_together(label) if not any(cell_values) else None
                idx = best_row(rt[0] if rt else label, rows, after=last)
                if idx is None and any(_value_cells(cell_values)):
                    idx = next_row(label, rows, last, found)  # a misread label where its row is due
                if idx is not None and rows[idx].key not in found:
                    values = _value_cells(cell_values)
                    has_values = any(values)
                    break
                idx = None
            if idx is None:
                if has_values:
                    if any(parse_cell(v).value is not None for v in values) and len(labels[-1]) <= 40:
                        extra.append((labels[-1], values))
                    buffer = ""
                else:
                    buffer = (buffer + labels[-1])[-80:]
                continue
            buffer = ""
            row = rows[idx]
            rt = run_together(labels[-1]) if not has_values else None
            if rt and best_row(rt[0], rows, after=last) == idx:
                found[row.key] = _RowValues([], digits=rt[1].replace(",", ""))
                at[row.key] = i
            elif has_values or (values and not _next_values(lines, i)):
                found[row.key] = _row_values(aligner, line, values, header, len(row.cols))
                at[row.key] = i
            elif not values and row.group is None and not _next_values(lines, i) and _heads_group(lines, i, row, rows):
                continue  # e.g. （六）其他处理 heading the 2021 sub-rows
            elif line.grid and orphan is None and not _next_values(lines, i):
                found[row.key] = _RowValues([])  # a grid row whose cells are all blank
                at[row.key] = i
            elif orphan is not None and not values:
                found[row.key] = orphan  # its values were printed above it
                at[row.key] = i
            else:
                pending = row
                last = idx
                continue
            pending, orphan = None, None
            last = idx
            if is_end(row.key):
                break
        elif has_values:
            target = pending
            if target is None and buffer:
                j = best_row(buffer, rows, after=last)
                target = rows[j] if j is not None and rows[j].key not in found else None
            if target is not None:
                found[target.key] = _RowValues(values, rectangular=line.rectangular)
                at[target.key] = i
                last = rows.index(target)
                pending, buffer = None, ""
                if len(values) == 1 and len(target.cols) > 1 and not line.grid:
                    filling = (target, found[target.key])
                elif is_end(target.key):
                    break
            else:
                orphan = _RowValues(values, rectangular=line.rectangular)
    if at:
        used.append((min(at.values()), max(at.values())))
    return found, extra


def _row_values(aligner: Aligner, line: Line, values: list[str], header, n: int) -> _RowValues:
    """A row's n value cells, placed by the row's distinct cells, the table's other rows or its header
    row (tables/align.py); otherwise the n consecutive cells holding the most written ones."""
    placed = aligner.place(line, values, n, header)
    if placed.cells is None and placed.problem is None:
        return _RowValues(values, rectangular=line.rectangular)
    return _RowValues(placed.cells or [], problem=placed.problem)


def _report_unplaced(table: str, row_key: str, cols, rv: _RowValues, findings: list[Check]) -> None:
    if rv.problem:
        findings.append(Check(rule="NON_NUMERIC_CELL", severity="info",
                              message=f"{table}.{row_key}: cells not aligned to columns ({rv.problem}); left blank",
                              cells=[f"{table}.{row_key}.{c}" for c in cols]))


def _label_candidates(line: Line, buffer: str):
    cells = line.cells
    positions = [i for i, c in enumerate(cells) if c and not is_value_text(c)]
    last = positions[-1]
    yield cells[last], cells[last + 1:]
    if buffer:
        yield buffer + cells[last], cells[last + 1:]
    for i in reversed(positions[:-1]):
        yield cells[i], cells[i + 1:]


def _heads_group(lines: list[Line], i: int, row: RowDef, rows: list[RowDef]) -> bool:
    """True when the row's label heads sub-rows (2021's （六）其他处理) and the next line is one of them;
    otherwise it is the 2019 row of the same name, with its cells blank."""
    members = [r for r in rows if r.group and label_key(r.group) == row.label_key]
    if not members or i + 1 >= len(lines):
        return False
    labels, _ = lines[i + 1].split()
    if not labels:
        return False
    nxt = best_row(labels[0], rows)
    return nxt is not None and rows[nxt] in members


def _decode_proactive(lines, t: Templates, template: str, req_start, findings, used) -> Optional[StatTable]:
    anchors = tuple(label_key(a) for a in t.raw["proactive"]["anchors"])  # 第二十条第…项 captions, 信息内容 headers
    start = next((i for i, ln in enumerate(lines)
                  if any(label_key(c).startswith(anchors) for c in ln.cells)), None)
    if start is None:
        return None
    stop = req_start if req_start is not None and req_start > start else len(lines)
    rows = t.proactive_rows.get(template) or t.proactive_rows["2021"]
    found, extra = _match_rows(lines, rows, start, stop, used, is_end=lambda k: k == rows[-1].key)
    if not found:
        return None
    table = StatTable()
    for row in rows:
        if row.key not in found:
            continue
        rv = found[row.key]
        cells = rv.aligned(len(row.cols)) if rv.digits is None else _split_flat(rv.digits, len(row.cols), [], "proactive",
                                                              row.key, row.cols, findings)
        _report_unplaced("proactive", row.key, row.cols, rv, findings)
        _cells_to_row("proactive", row.key, list(row.cols), cells, table, findings)
    table.extra_rows = [ExtraRow(label=label, cells=[parse_cell(v).value for v in vals])
                        for label, vals in extra if not label_key(label).startswith(anchors)]
    return table


def _split_flat(digits: str, n: int, sums, table: str, row_key: str, cols, findings) -> list[str]:
    if len(digits) == n:
        return list(digits)
    cands = candidate_splits(digits, n, sums)
    if len(cands) == 1:
        return [str(v) for v in cands[0]]
    findings.append(Check(rule="NON_NUMERIC_CELL", severity="info",
                          message=f"{table}.{row_key}: digits run together 「{digits}」 split {len(cands)} ways; left blank",
                          cells=[f"{table}.{row_key}.{c}" for c in cols]))
    return [""] * n


def _decode_requests(lines, t: Templates, req_start, findings, used) -> tuple[Optional[StatTable], Optional[str]]:
    if req_start is None:
        return None, None
    rows = t.requests_rows
    found, extra = _match_rows(lines, rows, req_start, len(lines), used, is_end=lambda k: k == "carried_forward")
    if not found:
        return None, None
    cols = t.requests_cols
    n = len(cols)
    row_sum = [(n - 1, list(range(n - 1)))]
    # run-together rows: candidates from the row sum, then the column arithmetic picks among them
    cands = {k: candidate_splits(rv.digits, n, row_sum) for k, rv in found.items() if rv.digits is not None}
    resolved = _resolve_columns(found, cands, t)
    table = StatTable()
    for row in rows:
        if row.key not in found:
            continue
        rv = found[row.key]
        if rv.digits is None:
            cells = rv.aligned(n)
            _report_unplaced("requests", row.key, cols, rv, findings)
        elif row.key in resolved:
            cells = [str(v) for v in resolved[row.key]]
        else:
            findings.append(Check(rule="NON_NUMERIC_CELL", severity="info",
                                  message=f"表三 {row.label}: digits run together 「{rv.digits}」 fit "
                                          f"{len(cands.get(row.key, []))} splits; left blank",
                                  cells=[f"requests.{row.key}.{c}" for c in cols]))
            cells = [""] * n
        _cells_to_row("requests", row.key, cols, cells, table, findings)
    table.extra_rows = [ExtraRow(label=label, cells=[parse_cell(v).value for v in vals]) for label, vals in extra]
    has_single = "other_handling" in found
    has_sub = any(k in found for k in ("other_no_correction", "other_unpaid_fee", "other_misc"))
    layout = "2021" if has_sub and not has_single else "2019" if has_single and not has_sub else None
    return table, layout


def _resolve_columns(found: dict[str, _RowValues], cands: dict[str, list[list[int]]], t: Templates) -> dict[str, list[int]]:
    """Pick the one combination of run-together splits that satisfies the column arithmetic."""
    if not cands:
        return {}
    fixed = {k: v[0] for k, v in cands.items() if len(v) == 1}
    open_rows = [k for k, v in cands.items() if len(v) > 1]
    if not open_rows:
        return fixed
    known: dict[str, list[Optional[float]]] = {}
    for k, rv in found.items():
        if rv.digits is None:
            known[k] = [parse_cell(c).value for c in rv.aligned(len(t.requests_cols))]
    known.update({k: list(v) for k, v in fixed.items()})
    arith = t.raw["requests"]["arithmetic"]
    result_rows = t.raw["requests"]["result_rows"]
    space = [cands[k] for k in open_rows]
    total = 1
    for s in space:
        total *= len(s)
    if total > 200_000:
        return fixed
    solutions = []
    for combo in itertools.product(*space):
        grid = dict(known)
        grid.update(dict(zip(open_rows, combo)))
        if _columns_hold(grid, arith, result_rows):
            solutions.append(combo)
            if len(solutions) > 1:
                break
    if len(solutions) == 1:
        fixed.update(dict(zip(open_rows, solutions[0])))
    return fixed


def _columns_hold(grid, arith, result_rows) -> bool:
    for c in range(7):
        def val(k):
            row = grid.get(k)
            return None if row is None else row[c]
        parts = [val(k) for k in result_rows if k in grid]
        tot = val(arith["col_sum"]["total"])
        if tot is not None and parts and None not in parts and sum(parts) != tot:
            return False
        left = [val(k) for k in arith["col_balance"]["left"]]
        right = [val(k) for k in arith["col_balance"]["right"]]
        if None not in left and None not in right and sum(left) != sum(right):
            return False
    return True


# ---------------------------------------------------------------- 表四: one row of 15 values

def _decode_review(lines, t: Templates, findings, used) -> Optional[StatTable]:
    groups, cols = t.review_groups, t.review_cols
    n = len(groups) * len(cols)
    for i, line in enumerate(lines):
        keys = [label_key(c) for c in line.cells if c]
        if not any(k.startswith("行政复议") or ("行政复议" in k and "诉讼" in k and len(k) <= 30) for k in keys):
            continue
        collected = _collect_review_values(lines, i + 1, n)
        if collected is None:
            continue
        values, end = collected
        if len(values) == 1 and len(values[0]) > 1 and values[0].isdigit():
            # all 15 digits ran together: each group's 总计 sums its first four columns
            sums = [(g * len(cols) + len(cols) - 1, [g * len(cols) + j for j in range(len(cols) - 1)])
                    for g in range(len(groups))]
            values = _split_flat(values[0], n, sums, "review_litigation", "*", cols, findings)
        values = values[:n] + [""] * (n - len(values))
        table = StatTable()
        for g, group in enumerate(groups):
            _cells_to_row("review_litigation", group, cols, values[g * len(cols):(g + 1) * len(cols)], table, findings)
        used.append((i if line.grid else i + 1, end))  # a paragraph naming 行政复议 may be a heading
        return table
    return None


def _collect_review_values(lines, start, n) -> Optional[tuple[list[str], int]]:
    """The value cells after 表四's header rows (unpadded), and the index of the last line read."""
    values: list[str] = []
    end = start
    header_rows = 0
    for end in range(start, min(start + 40, len(lines))):
        labels, vals = lines[end].split()
        if labels and header_rows >= 2 and _misread_value_row(lines[end]):
            labels, vals = [], list(lines[end].cells)  # its odd cells are left null and reported
        if labels:
            if values or (header_rows >= 2 and not lines[end].grid):
                end -= 1
                break
            header_rows += lines[end].grid
            # header rows use only the words of 表四's headers (a whole header row may be one line);
            # anything else is prose, and this mention of 行政复议 was no table header
            if any(len(label_key(l)) > 120 or not set(label_key(l)) <= REVIEW_HEADER_CHARS | set("0123456789()、")
                   for l in labels):
                return None
            continue
        vals = distinct_values(lines[end], vals)  # a merged cell is one value, however many columns
        if any(v.strip() for v in vals) or (lines[end].grid and len(vals) >= n):
            values.extend(v.strip() for v in vals)
        if len(values) >= n:
            break
    if not values:
        # a grid that has 表四's header rows and no value row: every cell was blank
        return ([], end) if header_rows >= 2 else None
    return values, end


def _misread_value_row(line: Line) -> bool:
    """A grid row of values with a few short cells that hold no number (OCR read '1' as 渤): still the
    value row. As a label row it ended 表四's header with no values, and the whole table was lost."""
    filled = [c for c in line.cells if c.strip()]
    odd = [c for c in filled if not is_value_text(c)]
    return line.grid and len(odd) * 4 <= len(filled) and all(len(c.strip()) <= 2 for c in odd)


# ---------------------------------------------------------------- legacy 统计指标 / 单位 / 统计数

def _decode_legacy(lines: list[Line], t: Templates, used: list, text: str = "",
                   findings: Optional[list[Check]] = None) -> Optional[list[LegacyStat]]:
    """Every 统计指标/单位/统计数 table: grid rows, or the same rows as text (``label unit value`` on one
    line, the unit often glued to the label, or one cell per line), or the whole table flattened into one
    paragraph (tables/flat.py)."""
    findings = findings if findings is not None else []
    cfg = t.raw["legacy_stats"]
    markers = [label_key(m) for m in cfg["header_markers"]]
    units = sorted((label_key(u) for u in cfg["units"]), key=len, reverse=True)
    out: list[LegacyStat] = []
    i = 0
    while i < len(lines):
        flat_tables = [] if lines[i].grid else flat.find_tables(text[lines[i].start:lines[i].end])
        for ft in flat_tables:
            out += flat.decode(ft, findings, offset=len(out))
        if flat_tables:
            used.append((i, i))
            i += 1
            continue
        header = _legacy_header(lines, i, markers)
        if header is None:
            i += 1
            continue
        rows, end = _legacy_rows(lines, i + header, units, findings, len(out))
        if rows:
            out += rows
            used.append((i, end))
        i = max(end, i) + 1
    return out or None


def _legacy_header(lines: list[Line], i: int, markers: list[str]) -> Optional[int]:
    """How many lines the header starting at line i takes: a header row, or its cells one per line."""
    if lines[i].grid:
        return 1 if sum(1 for c in lines[i].cells if any(m in label_key(c) for m in markers)) >= 2 else None
    words = markers + _LEGACY_HEADER_WORDS
    n = hits = 0
    while i + n < len(lines) and not lines[i + n].grid:
        labels, values = lines[i + n].split()
        key = "".join(label_key(x) for x in labels)
        if values or not key or len(key) > 24 or (n == 0 and not key.startswith(tuple(markers))):
            break
        if n and not any(w in key for w in words):
            break
        hits += sum(1 for m in markers if m in key)
        n += 1
    return n if hits >= 2 else None


_LEGACY_HEADER_WORDS = ["单位", "本年", "上年", "统计数", "备注"]


def _legacy_rows(lines: list[Line], i: int, units, findings: list[Check], offset: int = 0
                 ) -> tuple[list[LegacyStat], int]:
    """The rows after a header. A grid row is ``label | unit | value…`` by position. As text, a label line
    opens a row and a unit line or values complete it; the unit is often glued to the label
    (``（一）主动公开政府信息数条 84``). Group rows (一、主动公开情况) may come as text between grid rows
    (PDF readers split full-width cells out). The table ends at prose, at another header, or at an
    unnumbered label with nothing after it (the signature). A value cell holding text that is not a
    number stays null and is reported (NON_NUMERIC_CELL on ``legacy_stats.<row index>``, ``offset`` rows
    before this table)."""
    rows: list[tuple[str, Optional[str], list]] = []

    def values(texts, row: int) -> list:
        out = []
        for text in texts:
            parsed = parse_cell(text)
            if not parsed.numeric:
                findings.append(_not_a_number(f"legacy_stats.{offset + row}", text.strip()))
            out.append(parsed.value)
        return out

    end = i - 1
    header = lines[i - 1]
    block = header.start   # the grid the header row belongs to (if a grid)
    widths = {len(header.cells)} if header.grid else {3, 4}   # label | unit | 本年 [| 历年累计]
    while i < len(lines):
        line = lines[i]
        labels, written = line.split()
        label = "".join(labels)
        key = label_key(label)
        if line.grid:
            cells = legacy_cells(line, header)  # merged cells once when the header agrees on the count
            while cells and not cells[0].strip():
                cells.pop(0)
            # rows of the header's grid; or, after group rows as text, a grid row as wide as the header
            if line.start != block and not (len(line.cells) in widths and not is_value_text(cells[0])):
                break
            block = line.start
            unit_cell = cells[1] if len(cells) > 1 else ""
            unit = None if parse_cell(unit_cell).blank else "".join(unit_cell.split())
            rows.append(("".join(cells[0].split()), unit, values(cells[2:], len(rows))))
        elif labels and key in units and rows and rows[-1][1] is None and not rows[-1][2]:
            rows[-1] = (rows[-1][0], key, values(written, len(rows) - 1))
        elif not labels and written and rows:
            rows[-1][2].extend(values(written, len(rows) - 1))
        elif labels and len(key) <= 40 and not key.endswith(("。", ";")):
            unit = None
            if written:
                unit = next((u for u in units if key.endswith(u) and len(key) > len(u)), None)
                if unit:
                    label = label.rstrip()[: -len(unit)] if label.rstrip().endswith(unit) else label
            elif not _LEGACY_GROUP.match(key) and not _legacy_continues(lines, i + 1, units):
                break
            rows.append(("".join(label.split()), unit, values(written, len(rows))))
        else:
            break
        end = i
        i += 1
    while rows and rows[-1][1] is None and not rows[-1][2]:   # a heading after the table, no group
        rows.pop()
        end -= 1
    return [_legacy_stat(*r) for r in rows], end


_LEGACY_GROUP = re.compile(r"^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+\.)")


def _legacy_continues(lines: list[Line], i: int, units) -> bool:
    if i >= len(lines):
        return False
    labels, values = lines[i].split()
    return bool(values) or (len(labels) == 1 and label_key(labels[0]) in units)


def _legacy_stat(label: str, unit: Optional[str], values: list) -> LegacyStat:
    stat = LegacyStat(label=label, unit=unit, value=values[0] if values else None)
    if len(values) > 1:
        stat.values = values
    return stat
