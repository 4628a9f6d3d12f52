"""Ruled tables on a page image read cell by cell: the grid comes from the ruling lines, each cell holding
ink is cropped inside its lines, and the crops are stacked into one narrow image read in a single engine
call. The engine never sees a ruling line (tesseract reads them as '|', 'l', '1' and merges cells) and does
no layout over the grid; a blank cell is never sent at all.

The words read are mapped back to their cell by position, and come back in page pixels, so the grid is
rebuilt by the same geometry as for a PDF text layer.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

import numpy as np

# Rule positions closer than this (inches) are one line (a blurred rule is found once per edge).
SAME_LINE_INCH = 0.03
# A crop stays this far (inches) inside its cell's ruling lines: a blurred line spreads a few pixels.
INSET_INCH = 0.025
# Ink darker than this is text; a cell with fewer such pixels than INK_MIN_INCH2 × dpi² is blank.
INK = 150
INK_MIN_INCH2 = 0.0008
# White space between stacked crops (inches): more than any line gap inside a cell.
STACK_GAP_INCH = 0.15
PAD = 6  # pixels of white around each crop's ink
# The stacked crops are read this many times larger (tesseract reads 10.5 pt at 200 dpi, ~29 px, less
# well than at ~40 px: '（六）' as '(线'); GKEXTRACT_OCR_CELL_SCALE overrides it for measuring.
CELL_SCALE = 1.5


@dataclass
class Cell:
    x0: int
    top: int
    x1: int
    bottom: int


def _merge(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def grid_cells(rules, dpi: float) -> list[Cell]:
    """Cells of the ruled tables (pixels): each band between two horizontal rules is cut at the vertical
    rules crossing all of it; a cell whose top rule is missing (a label spanning rows) joins the one above."""
    px = dpi / 72.0
    tol = SAME_LINE_INCH * dpi
    hs = [(r.pos * px, r.start * px, r.end * px) for r in rules if r.horizontal]
    vs = [(r.pos * px, r.start * px, r.end * px) for r in rules if not r.horizontal]
    ys = _merge([h[0] for h in hs], tol)
    cells: list[Cell] = []
    open_by_x: dict[tuple[int, int], Cell] = {}
    for ya, yb in zip(ys, ys[1:]):
        xs = _merge([x for x, t, b in vs if t - tol <= ya and b + tol >= yb], tol)
        if len(xs) < 2:
            open_by_x = {}
            continue
        now: dict[tuple[int, int], Cell] = {}
        for xa, xb in zip(xs, xs[1:]):
            key = (int(xa), int(xb))
            ruled_top = any(abs(y - ya) <= tol and s - tol <= xa + tol and e + tol >= xb - tol
                            for y, s, e in hs)
            above = open_by_x.get(key)
            if above is not None and not ruled_top:
                above.bottom = int(yb)
                now[key] = above
                continue
            c = Cell(int(xa), int(ya), int(xb), int(yb))
            cells.append(c)
            now[key] = c
        open_by_x = now
    return cells


def cell_crops(gray: np.ndarray, cells: list[Cell], dpi: float):
    """(cell, crop, (x, y) of the crop's corner on the page) for each cell holding ink."""
    inset = max(2, int(INSET_INCH * dpi))
    min_ink = INK_MIN_INCH2 * dpi * dpi
    out = []
    for c in cells:
        x0, y0, x1, y1 = c.x0 + inset, c.top + inset, c.x1 - inset, c.bottom - inset
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        crop = gray[y0:y1, x0:x1]
        ink = crop < INK
        if ink.sum() < min_ink:
            continue
        rows, cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
        ty0, ty1 = max(0, rows[0] - PAD), min(crop.shape[0], rows[-1] + 1 + PAD)
        tx0, tx1 = max(0, cols[0] - PAD), min(crop.shape[1], cols[-1] + 1 + PAD)
        out.append((c, crop[ty0:ty1, tx0:tx1], (x0 + tx0, y0 + ty0)))
    return out


def stack(crops, dpi: float) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """The crops one under another on white; per crop (top in the stack, height, page x, page y)."""
    gap = int(STACK_GAP_INCH * dpi)
    width = max(c.shape[1] for _, c, _ in crops) + 2 * gap
    height = sum(c.shape[0] for _, c, _ in crops) + gap * (len(crops) + 1)
    img = np.full((height, width), 255, np.uint8)
    where = []
    y = gap
    for _, crop, (px, py) in crops:
        h, w = crop.shape
        img[y:y + h, gap:gap + w] = crop
        where.append((y, h, px - gap, py - y))
        y += h + gap
    return img, where


def read_cells(gray: np.ndarray, cells: list[Cell], dpi: float, read, read_digits=None) -> list:
    """Words of the ruled cells in page pixels (``read``: the engine's image → words). ``read_digits``
    (tesseract's English model) reads again the short cells ``read`` found no number in; its reading is
    taken only when it is all digits or a blank's slash (a unit like 件 it reads as letters and keeps its
    first reading)."""
    crops = cell_crops(gray, cells, dpi)
    if not crops:
        return []
    texts = _read_stacked(crops, dpi, read)
    if read_digits is not None:
        again = [i for i, (_, crop, _) in enumerate(crops)
                 if crop.shape[1] <= SHORT_CELL * crop.shape[0]
                 and not _is_number(texts.get(i, [])) and _cjk_count(texts.get(i, [])) <= 1]
        if again:
            redo = _read_stacked([crops[i] for i in again], dpi, read_digits)
            for j, i in enumerate(again):
                words = redo.get(j, [])
                if words and all(_NUMBER.fullmatch(w.text) or _BLANK_MARK.fullmatch(w.text) for w in words):
                    texts[i] = words
    out = []
    for words in texts.values():
        out.extend(words)
    return out


def _is_number(words) -> bool:
    """The cell was read as numbers only. Digits with a stray mark (']1' for 11, '1/' for 2) are not:
    the English model reads them again, as it does a cell read with no digit."""
    return bool(words) and all(_NUMBER.fullmatch(w.text) for w in words)


def _cjk_count(words) -> int:
    """Chinese characters read in a cell: a misread number is one (or none: '过' for -1); two or more
    are a label (规章, 件数), whose crops in the English reread's stack made it misread its neighbours
    ('-1' read alone, 'A' stacked under 规章)."""
    return sum(1 for w in words for ch in w.text if "\u3400" <= ch <= "\u9fff")


# a cell this many times wider than high at most is short (a number of a few digits)
SHORT_CELL = 3.0
_NUMBER = re.compile(r"[-−+]?[0-9][0-9.,]*")  # 本年增/减 cells hold signed numbers
# the slash a blank cell is marked with: chi_sim reads it as a character (站, 人, 民), a cell holding no
# number reported NON_NUMERIC_CELL; the English model reads it '/', the blank it is
_BLANK_MARK = re.compile(r"[/／]")


def _read_stacked(crops, dpi: float, read) -> dict[int, list]:
    """{crop index: its lines as words in page pixels} from one engine call over the stacked crops."""
    from .ocr import Word

    img, where = stack(crops, dpi)
    tops = [w[0] for w in where]
    by_crop: dict[int, list] = {}
    scale = float(os.environ.get("GKEXTRACT_OCR_CELL_SCALE", CELL_SCALE))
    if scale != 1.0:
        import cv2

        img = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    for w in read(img):
        w = Word(w.text, w.x0 / scale, w.top / scale, w.x1 / scale, w.bottom / scale)
        mid = (w.top + w.bottom) / 2
        i = max(0, np.searchsorted(tops, mid, side="right") - 1)
        by_crop.setdefault(int(i), []).append(w)
    out: dict[int, list] = {}
    for i, words in by_crop.items():
        _, _, dx, dy = where[i]
        for line in _lines(words):
            text = _join([w.text for w in line])
            x0, x1 = min(w.x0 for w in line), max(w.x1 for w in line)
            top, bottom = min(w.top for w in line), max(w.bottom for w in line)
            out.setdefault(i, []).append(Word(text, x0 + dx, top + dy, x1 + dx, bottom + dy))
    return out


def _lines(words):
    """Words of one cell grouped into lines (their vertical middles within half a height)."""
    lines: list[list] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        mid = (w.top + w.bottom) / 2
        if lines:
            last = lines[-1]
            lm = sum((x.top + x.bottom) / 2 for x in last) / len(last)
            if abs(mid - lm) <= 0.5 * max(w.bottom - w.top, 1):
                last.append(w)
                continue
        lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _join(parts: list[str]) -> str:
    """Words of one line: a space only between two Latin/digit words (Chinese is written without)."""
    out = ""
    for p in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out


def blank_tables(gray: np.ndarray, cells: list[Cell], dpi: float) -> np.ndarray:
    """The page with its ruled cells (and their lines) painted white, for reading the rest."""
    if not cells:
        return gray
    out = gray.copy()
    m = int(SAME_LINE_INCH * dpi) + 2
    for c in cells:
        out[max(0, c.top - m):c.bottom + m, max(0, c.x0 - m):c.x1 + m] = 255
    return out
