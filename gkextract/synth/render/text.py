"""Plain-text layouts: tab-per-cell, pipe rows, one cell per line, digits run together, scraped page text."""
from __future__ import annotations

import random
import re

from ..content import Content, Grid
from ..splits import recoverable


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "gbk":      # GBK has no no-break space: GBK files carry a plain one
        text = text.replace("\xa0", " ")
    return text.encode(encoding)


def render_text(content: Content, fmt: str) -> bytes:
    if fmt == "txt_scraped":
        return render_scraped(content)
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


# ---------------------------------------------------------------- scraped page text (issue 10 §1)

_HEADER_KEYS = {   # field -> the keys crawlers write it under (configs/scraped.yaml reads them all)
    "title": ["标题", "文章标题", "title"],
    "date": ["发布时间", "发布日期", "日期"],
    "publisher": ["发布机构", "发文机关", "来源单位"],
    "doc_number": ["文号"],
    "column": ["栏目", "所属栏目"],
    "source": ["来源", "原文链接", "url"],
    "path": ["本地路径", "文件路径"],
}


def render_scraped(content: Content) -> bytes:
    """What a crawler saves: a metadata header (title, date, publisher, document number, column, link,
    local path …) and a separator line, then the body on one line, headings inline; a legacy statistics
    table flattened into the line (labels glued to units, values and the next label's number); 2019/2021
    tables stay tab-per-cell, each breaking the line."""
    st = content.style
    rng = random.Random(st.get("pad_seed", 0) * 3 + 11)   # a side stream: the report's draws stay as they are
    title = "".join(b.text for b in content.blocks if b.kind == "title")
    signs = [b.text for b in content.blocks if b.kind == "signature"]
    values = {"title": title, "date": _iso_date(signs[-1]) if signs else None,
              "publisher": signs[0] if len(signs) == 2 else None,
              "doc_number": f"{rng.choice(['政办', '办发', '府办'])}〔{rng.randint(2009, 2025)}〕{rng.randint(1, 99)}号",
              "column": rng.choice(["政府信息公开年报", "年度报告", "政务公开"]),
              "source": f"http://www.example.gov.cn/xxgk/ndbg/{rng.randrange(10**8)}.html",
              "path": f"/data/crawl/{rng.randrange(10**6)}/index.txt"}
    colon = rng.choice(["：", ": ", ":"])
    out = [f"{rng.choice(_HEADER_KEYS[k])}{colon}{v}" for k, v in values.items()
           if v and (k in ("title", "date") or rng.random() < 0.6)]
    sep = rng.choice(["=" * 40, "-" * 30, "=" * 20, ""])
    if sep:
        out.append(sep)
    line = title if rng.random() < 0.5 else ""    # the page's body repeats the title half of the time
    after_table = False
    for b in content.blocks:
        if b.kind == "title":
            continue
        if b.kind == "table" and b.grid.kind != "legacy_stats":
            if line:
                out.append(line)
            out += _tab(b.grid, rng)
            line = ""
        elif b.kind == "table":
            line += flat_legacy(b.grid)
            after_table = True
            continue
        elif after_table and b.text.strip()[:1].isdigit():
            # a date right after the last value would run into its digits (…万元02009年3月23日): no page
            # can be read back from that, so the crawl keeps the line break there
            out.append(line)
            line = b.text.strip()
        else:
            line += b.text.strip()
        after_table = False
    if line:
        out.append(line)
    text = "\n".join(out) + "\n"
    if rng.random() < 0.3:
        text = text.replace("\n", "\r\n")
    return _encode(text, st.get("encoding", "utf-8"))


def _iso_date(text: str):
    m = re.match(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$", text.strip())
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def flat_legacy(grid: Grid) -> str:
    """The table as one run: header words, then per row label + unit + values, all glued. A row whose
    glued values the extractor's own rules (tables/flat.py) would not split back exactly is written with
    its values spaced (``条17 75``), as pages that keep a space between cells do: no ambiguous run is made."""
    from ...tables.flat import decode, find_tables

    header = "".join(c.text for c in grid.rows[0])
    rows = [([c.text for c in r if c.role == "label"], [c.text for c in r if c.role == "value"]) for r in grid.rows[1:]]
    gold = [[int(v) if v else None for v in vals] for _, vals in rows]
    spaced: set[int] = set()
    for _ in range(len(rows) + 1):
        parts = [header]
        for i, (labels, vals) in enumerate(rows):
            parts.append("".join(labels) + (" ".join(vals) if i in spaced else "".join(vals)))
        run = "".join(parts)
        tables = find_tables(run)
        stats = decode(tables[0], []) if tables else []
        got = [(s.values if s.values is not None else [s.value]) for s in stats]
        wrong = {i for i, g in enumerate(gold) if i >= len(got) or got[i][:len(g)] != g} - spaced
        if not wrong:
            return run
        spaced |= wrong
    return run
