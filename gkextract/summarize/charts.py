"""Charts as inline SVG strings (matplotlib, text drawn as paths: no fonts or files needed to view).

Chinese labels use Noto Sans CJK when it is installed (Debian: fonts-noto-cjk); without a CJK font,
callers get ``cjk_font() is None`` and should label with the English keys.
"""
from __future__ import annotations

import io
import itertools
from functools import lru_cache
from typing import Optional, Sequence

import matplotlib

matplotlib.use("Agg")
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Source Han Sans SC",
             "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei")
_counter = itertools.count()


@lru_cache(maxsize=1)
def cjk_font() -> Optional[str]:
    """The first CJK font matplotlib knows of, configured as the default sans-serif; or None."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in names:
            matplotlib.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
            matplotlib.rcParams["font.family"] = "sans-serif"
            matplotlib.rcParams["axes.unicode_minus"] = False
            return name
    return None


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    # A distinct salt per chart keeps clip-path ids unique when several SVGs share one HTML page.
    with matplotlib.rc_context({"svg.hashsalt": f"gk{next(_counter)}", "svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", bbox_inches="tight")
    text = buf.getvalue()
    return text[text.index("<svg"):]


def heatmap(row_labels: Sequence[str], col_labels: Sequence[str], values: Sequence[Sequence[float]],
            title: str, cmap: str = "Blues") -> str:
    """Rows × columns of counts, each cell annotated."""
    cjk_font()
    n_rows, n_cols = len(row_labels), len(col_labels)
    fig = Figure(figsize=(max(4.5, 1.0 + 0.75 * n_cols), max(2.5, 0.8 + 0.32 * n_rows)))
    ax = fig.add_subplot()
    image = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.set_xticks(range(n_cols), labels=list(col_labels), rotation=35 if n_cols > 6 else 0, ha="right"
                  if n_cols > 6 else "center", fontsize=8)
    ax.set_yticks(range(n_rows), labels=list(row_labels), fontsize=8)
    peak = max((v for row in values for v in row), default=0) or 1
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, f"{value:g}", ha="center", va="center", fontsize=7,
                        color="white" if value > 0.6 * peak else "black")
    ax.set_title(title, fontsize=10)
    fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    return _svg(fig)


def hbar(labels: Sequence[str], values: Sequence[float], title: str, xlabel: str = "",
         color: str = "#4878a8") -> str:
    """Horizontal bars, first label on top."""
    cjk_font()
    fig = Figure(figsize=(6.5, max(1.8, 0.6 + 0.3 * len(labels))))
    ax = fig.add_subplot()
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=color)
    ax.set_yticks(positions, labels=list(labels), fontsize=8)
    for y, v in zip(positions, values):
        ax.text(v, y, f" {v:g}", va="center", fontsize=7)
    ax.set_xlabel(xlabel, fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def distributions(panels: Sequence[tuple[str, dict[str, list[tuple[float, bool]]]]], title: str) -> str:
    """One box plot panel per indicator: a box per group, every value as a dot, outliers in red.

    ``panels`` is ``[(panel_title, {group: [(value, is_outlier), ...]}), ...]``.
    """
    cjk_font()
    n = len(panels)
    cols = min(n, 3) or 1
    rows = (n + cols - 1) // cols or 1
    fig = Figure(figsize=(4.2 * cols, 3.2 * rows))
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
        ax.set_title(panel_title, fontsize=9)
        ax.tick_params(axis="y", labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return _svg(fig)
