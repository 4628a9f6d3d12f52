"""HTML with the official spans: 表三 group labels rowspan, 表二 single-value blocks colspan=3,
header spans; each heading its own paragraph; some pages close every table row with an empty cell (Word
exports). html_spans: header and data spans that disagree, as in
hand-edited pages (synth/grid.py disagree_spans)."""
from __future__ import annotations

import html
import random

from ..content import Content, Grid
from ..grid import disagree_spans


def render_html(content: Content, spans: bool = False) -> bytes:
    """The page; ``spans`` draws hand-edited header/data spans that disagree (layout html_spans)."""
    st = content.style
    rng = random.Random(st.get("pad_seed", 0) + 1)
    span_rng = random.Random(f"spans:{st.get('pad_seed', 0)}")  # its own stream: other draws unchanged
    head_tag = rng.choice(["p_strong", "h3", "p"])
    cell_wrap = rng.choice(["", "p", "span"])
    # a Word export closes every row of some tables with an empty cell (its own stream)
    closing_cell = random.Random(f"closing:{st.get('pad_seed', 0)}").random() < 0.2
    title = next((b.text for b in content.blocks if b.kind == "title"), "")
    out = ["<!DOCTYPE html>", "<html>", "<head>", '<meta charset="utf-8">',
           f"<title>{html.escape(title)}</title>", "</head>", "<body>", '<div class="article">']
    for b in content.blocks:
        t = html.escape(b.text)
        if b.kind == "table":
            out.append(_table(disagree_spans(b.grid, span_rng) if spans else b.grid, rng, cell_wrap, closing_cell))
        elif b.kind == "title":
            out.append(f'<h1 style="text-align:center">{t}</h1>' if rng.random() < 0.6
                       else f'<p style="text-align:center"><strong>{t}</strong></p>')
        elif b.kind == "heading":
            out.append({"p_strong": f"<p><strong>{t}</strong></p>", "h3": f"<h3>{t}</h3>",
                        "p": f'<p style="text-indent:2em">{t}</p>'}[head_tag])
        elif b.kind == "subheading":
            out.append(f'<p style="text-indent:2em"><strong>{t}</strong></p>')
        elif b.kind == "signature":
            out.append(f'<p style="text-align:right">{t}</p>')
        else:
            out.append(f'<p style="text-indent:2em">{t}</p>')
    out += ["</div>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


def _table(grid: Grid, rng: random.Random, wrap: str, closing_cell: bool = False) -> str:
    rows = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">', "<tbody>"]
    for row in grid.rows:
        cells = []
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            text = html.escape(cell.text) if cell.text else "&nbsp;"
            if cell.role == "header" and len(cell.text) >= 6 and rng.random() < 0.15:
                k = len(cell.text) // 2
                text = html.escape(cell.text[:k]) + "<br/>" + html.escape(cell.text[k:])
            if wrap:
                text = f"<{wrap}>{text}</{wrap}>"
            cells.append(f"<td{attrs}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + ("<td></td>" if closing_cell else "") + "</tr>")
    rows += ["</tbody>", "</table>"]
    return "\n".join(rows)
