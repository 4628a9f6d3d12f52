"""The self-contained HTML page: inline CSS, inline SVG charts, tables; no scripts, no external files
except the CSV/JSON copies it links to."""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Optional

from .frames import Frame

MAX_TABLE_ROWS = 60

CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;
color:#222;background:#fafafa;line-height:1.45}
header{background:#24476b;color:#fff;padding:18px 28px}header h1{margin:0 0 6px;font-size:22px}
header p{margin:2px 0;font-size:13px;opacity:.9}nav{padding:8px 28px;background:#e9eef3;font-size:13px}
nav a{margin-right:14px;color:#24476b;text-decoration:none}main{padding:8px 28px 40px}
section{background:#fff;border:1px solid #dde3ea;border-radius:6px;margin:18px 0;padding:12px 18px}
h2{font-size:18px;margin:6px 0 10px;color:#24476b}h3{font-size:15px;margin:14px 0 6px}
p.note{font-size:13px;color:#555;margin:4px 0 10px}div.charts{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}
figure.chart{margin:8px 0;overflow-x:auto;max-width:100%}
figure.chart svg{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:12px;margin:6px 0}th,td{border:1px solid #d5dbe1;padding:3px 7px;
vertical-align:top}th{background:#eef2f6;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
p.files{font-size:12px;color:#555}p.files a{color:#24476b}ul.quotes{margin:0;padding-left:18px}
.more{font-size:12px;color:#777}.empty{color:#888;font-style:italic}
"""


@dataclass
class Block:
    """One titled part of the page: notes, charts (SVG strings) and tables."""
    id: str
    title: str
    notes: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    html_parts: list[str] = field(default_factory=list)   # pre-rendered, already escaped HTML


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, (list, tuple)):
        return html.escape("; ".join(str(v) for v in value))
    return html.escape(str(value))


def frame_table(frame: Frame, files_dir: Optional[str]) -> str:
    if not frame.rows:
        return f'<h3>{html.escape(frame.title)}</h3><p class="empty">no rows</p>'
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    body = []
    for row in frame.rows[:MAX_TABLE_ROWS]:
        tds = "".join(
            f'<td class="num">{_cell(v)}</td>' if isinstance(v, (int, float)) and not isinstance(v, bool)
            else f"<td>{_cell(v)}</td>" for v in row)
        body.append(f"<tr>{tds}</tr>")
    more = (f'<p class="more">… {len(frame.rows) - MAX_TABLE_ROWS} more rows in the CSV/JSON files</p>'
            if len(frame.rows) > MAX_TABLE_ROWS else "")
    files = ""
    if files_dir:
        base = f"{html.escape(files_dir)}/{html.escape(frame.name)}"
        files = f'<p class="files">data: <a href="{base}.csv">{base}.csv</a> · <a href="{base}.json">{base}.json</a></p>'
    return (f'<h3>{html.escape(frame.title)}</h3><table data-name="{html.escape(frame.name)}">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}{files}")


def render_page(title: str, facts: list[str], blocks: list[Block], files_dir: Optional[str]) -> str:
    nav = "".join(f'<a href="#{b.id}">{html.escape(b.title)}</a>' for b in blocks)
    parts = []
    for block in blocks:
        inner = [f"<h2>{html.escape(block.title)}</h2>"]
        inner += [f'<p class="note">{html.escape(n)}</p>' for n in block.notes]
        if block.charts:
            figures = "".join(f'<figure class="chart">{svg}</figure>' for svg in block.charts)
            inner.append(f'<div class="charts">{figures}</div>')
        inner += block.html_parts
        inner += [frame_table(f, files_dir) for f in block.frames]
        parts.append(f'<section id="{block.id}">{"".join(inner)}</section>')
    fact_html = "".join(f"<p>{html.escape(f)}</p>" for f in facts)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
            f"<header><h1>{html.escape(title)}</h1>{fact_html}</header><nav>{nav}</nav>"
            f"<main>{''.join(parts)}</main></body></html>\n")
