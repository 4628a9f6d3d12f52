"""Charts as inline SVG strings (matplotlib) whose text is SVG ``<text>``, drawn by the reader's browser.

Labels are not turned into glyph paths: a machine without CJK fonts would draw every Chinese label as a
row of boxes. Each ``<text>`` names a list of CJK fonts (:data:`FONT_FAMILIES`, ending in ``sans-serif``)
so any browser with a Chinese font shows them. Matplotlib still measures the text for the layout: with a
CJK font installed (Debian: fonts-noto-cjk) exactly; without one a little generously (the missing-glyph
warnings are silenced, a wider margin keeps labels inside the picture).

Labels may carry a key (the English id of a theme, agency type or rule): it becomes the label's SVG
``<title>``, shown on hover and kept in the markup for analysts (``keys=`` of each chart).
"""
from __future__ import annotations

import html
import io
import itertools
import re
import warnings
from functools import lru_cache
from typing import Optional, Sequence

import matplotlib

matplotlib.use("Agg")
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
             "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Noto Sans CJK TC", "Noto Sans CJK JP")
# What each <text> asks the browser for, in order; matplotlib adds the generic sans-serif at the end.
FONT_FAMILIES = [*CJK_FONTS, "DejaVu Sans", "Arial"]
_counter = itertools.count()
_KEY_GID = re.compile(r'<g id="(gkkey\d+_\d+)">')


@lru_cache(maxsize=1)
def cjk_font() -> Optional[str]:
    """The first CJK font matplotlib can measure with, or None (the SVG names them all the same)."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in names), None)


def _rc() -> dict:
    return {"svg.fonttype": "none", "font.family": "sans-serif", "font.sans-serif": FONT_FAMILIES,
            "axes.unicode_minus": False, "svg.hashsalt": f"gk{next(_counter)}"}


class _Keys:
    """English keys of one chart's labels, written as each label's SVG <title>."""

    def __init__(self) -> None:
        self.chart = next(_counter)
        self.titles: dict[str, str] = {}

    def tag(self, texts: Sequence[Text], keys: Optional[Sequence[Optional[str]]]) -> None:
        for text, key in zip(texts, keys or ()):
            if key:
                gid = f"gkkey{self.chart}_{len(self.titles)}"
                text.set_gid(gid)
                self.titles[gid] = key

    def insert(self, svg: str) -> str:
        def title(m: re.Match) -> str:
            key = self.titles.get(m.group(1))
            return m.group(0) + (f"<title>{html.escape(key)}</title>" if key else "")
        return _KEY_GID.sub(title, svg)


def _svg(fig: Figure, keys: Optional[_Keys] = None) -> str:
    buf = io.StringIO()
    # A distinct salt per chart keeps clip-path ids unique when several SVGs share one HTML page.
    with warnings.catch_warnings():
        # measuring Chinese without a CJK font: the browser draws the text, not matplotlib
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        fig.savefig(buf, format="svg", bbox_inches="tight", pad_inches=0.1 if cjk_font() else 0.5)
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    return keys.insert(text) if keys else text


def _figure(*size: float) -> Figure:
    return Figure(figsize=size)


def heatmap(row_labels: Sequence[str], col_labels: Sequence[str], values: Sequence[Sequence[float]],
            title: str, cmap: str = "Blues", row_keys: Optional[Sequence[Optional[str]]] = None,
            col_keys: Optional[Sequence[Optional[str]]] = None) -> str:
    """Rows × columns of counts, each cell annotated; ``*_keys``: the labels' English keys (SVG <title>)."""
    with matplotlib.rc_context(_rc()):
        keys = _Keys()
        n_rows, n_cols = len(row_labels), len(col_labels)
        fig = _figure(max(4.5, 1.0 + 0.75 * n_cols), max(2.5, 0.8 + 0.32 * n_rows))
        ax = fig.add_subplot()
        image = ax.imshow(values, cmap=cmap, aspect="auto")
        ax.set_xticks(range(n_cols), labels=list(col_labels), rotation=35 if n_cols > 6 else 0, ha="right"
                      if n_cols > 6 else "center", fontsize=8)
        ax.set_yticks(range(n_rows), labels=list(row_labels), fontsize=8)
        keys.tag(ax.get_yticklabels(), row_keys)
        keys.tag(ax.get_xticklabels(), col_keys)
        peak = max((v for row in values for v in row), default=0) or 1
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                if value:
                    ax.text(j, i, f"{value:g}", ha="center", va="center", fontsize=7,
                            color="white" if value > 0.6 * peak else "black")
        ax.set_title(title, fontsize=10)
        fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
        return _svg(fig, keys)


def hbar(labels: Sequence[str], values: Sequence[float], title: str, xlabel: str = "",
         color: str = "#4878a8", keys: Optional[Sequence[Optional[str]]] = None) -> str:
    """Horizontal bars, first label on top; ``keys``: the labels' English keys (SVG <title>)."""
    with matplotlib.rc_context(_rc()):
        titles = _Keys()
        fig = _figure(6.5, max(1.8, 0.6 + 0.3 * len(labels)))
        ax = fig.add_subplot()
        positions = list(range(len(labels)))[::-1]
        ax.barh(positions, values, color=color)
        ax.set_yticks(positions, labels=list(labels), fontsize=8)
        titles.tag(ax.get_yticklabels(), keys)
        for y, v in zip(positions, values):
            ax.text(v, y, f" {v:g}", va="center", fontsize=7)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        return _svg(fig, titles)


def distributions(panels: Sequence[tuple[str, dict[str, list[tuple[float, bool]]]]], title: str,
                  panel_keys: Optional[Sequence[Optional[str]]] = None,
                  group_keys: Optional[dict[str, str]] = None) -> str:
    """One box plot panel per indicator: a box per group, every value as a dot, outliers in red.

    ``panels`` is ``[(panel_title, {group: [(value, is_outlier), ...]}), ...]``; ``panel_keys`` and
    ``group_keys`` ({group label: key}) give the English keys (SVG <title>).
    """
    with matplotlib.rc_context(_rc()):
        keys = _Keys()
        n = len(panels)
        cols = min(n, 3) or 1
        rows = (n + cols - 1) // cols or 1
        fig = _figure(4.2 * cols, 3.2 * rows)
        for k, (panel_title, groups) in enumerate(panels):
            ax = fig.add_subplot(rows, cols, k + 1)
            names = [g for g, vals in groups.items() if vals]
            if not names:
                ax.text(0.5, 0.5, "no values", ha="center", va="center", transform=ax.transAxes)
            else:
                ax.boxplot([[v for v, _ in groups[g]] for g in names], showfliers=False, widths=0.5)
                for x, g in enumerate(names, start=1):
                    vals = groups[g]
                    jitter = [x + ((i * 37) % 21 - 10) / 60 for i in range(len(vals))]
                    ax.scatter([j for j, (_, o) in zip(jitter, vals) if not o],
                               [v for v, o in vals if not o], s=6, color="#4878a8", alpha=0.5)
                    ax.scatter([j for j, (_, o) in zip(jitter, vals) if o],
                               [v for v, o in vals if o], s=14, color="#d62728", marker="D")
                ax.set_xticks(range(1, len(names) + 1), labels=names, rotation=30 if len(names) > 4 else 0,
                              ha="right" if len(names) > 4 else "center", fontsize=7)
                if group_keys:
                    keys.tag(ax.get_xticklabels(), [group_keys.get(g) for g in names])
            ax.set_title(panel_title, fontsize=9)
            if panel_keys and k < len(panel_keys):
                keys.tag([ax.title], [panel_keys[k]])
            ax.tick_params(axis="y", labelsize=7)
            ax.spines[["top", "right"]].set_visible(False)
        fig.suptitle(title, fontsize=10)
        fig.tight_layout()
        return _svg(fig, keys)
