"""Plain-text layouts: tab-per-cell, pipe rows, one cell per line, digits run together."""
from __future__ import annotations

import random

from ..content import Content, Grid
from ..splits import recoverable


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "gbk":      # GBK has no no-break space: GBK files carry a plain one
        text = text.replace("\xa0", " ")
    return text.encode(encoding)


def render_text(content: Content, fmt: str) -> bytes:
    st = content.style
    rng = random.Random(st.get("pad_seed", 0))
    table = {"txt_tab": _tab, "txt_pipe": _pipe, "txt_lines": _lines, "txt_runtogether": _runtogether}[fmt]
    out: list[str] = []
    for b in content.blocks:
        if b.kind == "table":
            out += table(b.grid, rng)
        elif b.kind == "title":
            out.append((" " * rng.choice([0, 0, 8]) if fmt != "txt_pipe" else "") + b.text)
            if rng.random() < 0.3:
                out.append("")
        elif b.kind == "heading":
            out.append(st.get("heading_indent", "") + b.text)
        elif b.kind == "signature":
            out.append(" " * rng.choice([0, 20, 30]) + b.text)
        else:
            out.append(st.get("indent", "") + b.text)
    text = "\n".join(out) + "\n"
    if rng.random() < 0.3:
        text = text.replace("\n", "\r\n")
    return _encode(text, st.get("encoding", "utf-8"))


def _pad(rng: random.Random, text: str) -> str:
    r = rng.random()
    if r < 0.15:
        return "\u3000" + text
    if r < 0.25:
        return " " + text
    if r < 0.3:
        return text + " "
    return text


def _wrap(rng: random.Random, text: str, p: float) -> str:
    """A long header label broken over two lines, as Word copies often are."""
    if len(text) >= 6 and rng.random() < p:
        k = len(text) // 2
        return text[:k] + "\n" + text[k:]
    return text


def _tab(grid: Grid, rng: random.Random) -> list[str]:
    """Each cell on a line starting with a tab; rows separated by a blank line; a cell spanning from
    the row above shows as an empty cell, a column span shows once."""
    lines: list[str] = []
    wrap_p = rng.choice([0, 0, 0.3])
    blank = rng.choice(["", " ", "\xa0"])
    for row in grid.positions():
        for _, cell, origin in row:
            text = cell.text if origin else ""
            if cell.role == "header":
                text = _wrap(rng, text, wrap_p)
            elif cell.role == "value":
                text = _pad(rng, text) if text else blank
            lines.append("\t" + text)
        lines.append("")
    return lines + ["", ""]


def _pipe(grid: Grid, rng: random.Random) -> list[str]:
    """Origin cells joined by `` | ``; continuation cells left out; ragged empty cells at the end."""
    lines = []
    for row in grid.positions():
        cells = [cell.text for _, cell, origin in row if origin]
        tail = grid.width - len(cells)
        line = " | ".join(cells)
        lines.append(line + (" |" + "|" * tail if tail > 0 else " |"))
    return lines


def _lines(grid: Grid, rng: random.Random) -> list[str]:
    """One cell per line, as PDF text often comes out; empty cells leave no line."""
    return [cell.text for row in grid.positions() for _, cell, origin in row if origin and cell.text]


def _runtogether(grid: Grid, rng: random.Random) -> list[str]:
    """One line per row: labels glued to their values, digits run together where the row arithmetic
    recovers the split, else separated by spaces. 表四's row of 15 runs together half of the time."""
    lines = []
    glue_review = rng.random() < 0.5
    for r, row in enumerate(grid.positions()):
        cells = [cell for _, cell, origin in row if origin]
        labels = "".join(c.text for c in cells if not c.number)
        nums = [c.text for c in cells if c.number]
        if not nums:
            lines.append(" ".join(c.text for c in cells))
            continue
        kind = grid.row_sums.get(r)
        if kind and (kind != "groups5" or glue_review) and recoverable(nums, kind):
            lines.append(labels + "".join(nums))
        else:
            lines.append(labels + " " + " ".join(nums))
    return lines
