"""OCR: a page image → positioned text boxes and ruling lines, for the same geometry as a PDF's text layer
(geometry.py: lines, paragraphs, ruled and unruled table grids, values placed in columns by x-range).

- the image is straightened first (scans are a little rotated: a ruling line tilted by 1° drifts by a
  row's height across a table), by the angle that makes its rows of ink sharpest;
- ruling lines are the long thin horizontal and vertical runs of ink (morphological opening);
- text comes from an OCR engine as lines with a box per character; a line's characters are kept together
  as one box, cut only where two characters stand as far apart as table cells do.

Coordinates are points (1/72 in) from the image's top-left corner, as the PDF reader gives them.

Engines (``GKEXTRACT_OCR_ENGINE``): ``tesseract`` (Debian's tesseract-ocr + chi_sim, the CLI; the
default: ruled tables read cell by cell (ocr_cells.py) it is several times faster than rapidocr on 2 cores
and as accurate, benchmarks/ocr_speed.py) and ``rapidocr`` (rapidocr-onnxruntime: PP-OCRv4 models inside
the wheel, the ``[ocr-rapid]`` extra). Without tesseract, rapidocr is used when installed.
Nothing is corrected here: a digit misread stays as read, and the tables' arithmetic flags it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

import numpy as np

from .geometry import Box, Rule

INSTALL_HINT = ("OCR needs tesseract and the [ocr] extra: apt-get install tesseract-ocr tesseract-ocr-chi-sim; "
                "pip install 'gkextract[ocr]' (opencv)")
# Resolution page images are read at (PDF pages are rendered at it; images are assumed to have it when
# they do not say). PP-OCR reads 10.5 pt text reliably from 150 dpi up.
DPI = 200
# Straightening: angles tried (degrees) and the step of the fine search.
MAX_SKEW = 3.0
# ... on a copy this much smaller (generated scans: angle error mean 0.02°, max 0.1°; 0.06 s/page)
SKEW_SCALE = 0.5
# A run of ink at least this long (inches) is a ruling line; text strokes are shorter.
RULE_MIN_INCH = 0.35
# A shorter vertical run (inches) is a ruling line when it joins two horizontal ones.
SHORT_RULE_INCH = 0.12
# ... touching them: within this distance (points; a digit in a cell stands a few points off its lines).
# 1.5 missed blurred scans: the run's end, widened by the blur and the gap-closing dilation, stood
# 1.6 pt past the line's centre, the cell merged with its neighbour and its crop was read '行政许可|0'
RULE_MEET_PT = 2.5
# ... and at most this thick (points; a blurred 0.5 pt line spreads over a few pixels)
RULE_MAX_PT = 4.0
# Two characters of one OCR line further apart than this (× the font size) stand in different cells.
CELL_GAP = 0.9
# ... plus one font size after a full-width stop or comma (read as '.', ',' too) and before an opening
# bracket: its ink fills a corner of its square, the rest is blank ('2．依申请' stood 0.85 em apart, and
# the numbered headings of a page lined up as an unruled table's first column)
PUNCT_BLANK_AFTER = set("．.，,、。：:；;）)》”")
PUNCT_BLANK_BEFORE = set("（(《“")
# Line heights within this fraction of the body's are the body's font size.
SAME_SIZE = 0.3
# OCR digit confusions (o/O for 0, l/I for 1) are kept as read, never corrected: the table engine reads
# such a piece as a value cell holding no number (tables/lines.is_value_text), left null and reported as
# NON_NUMERIC_CELL, so a person sees it and the rest of the table still decodes.
# Rows of text the page reading skipped are read again (reread_missed_rows): ink darker than this, in a
# run of rows as tall as a line of text (inches: 7 pt to 0.5 in)
INK_ROW = 150
TEXT_ROW_INCH = (0.1, 0.5)
# OCR line height → font size (the detector's boxes reach above and below the glyphs).
LINE_TO_FONT = 0.8


class OcrUnavailable(RuntimeError):
    """No OCR engine is installed; the message says what to install."""


@dataclass
class OcrPage:
    boxes: list[Box]
    rules: list[Rule]
    angle: float      # degrees the image was turned to straighten it
    width: float      # points
    height: float


# ---------------------------------------------------------------------------------------------- engines

@dataclass
class Word:
    """An engine's output: a text line (or word) with its box and per-character x ranges, in pixels."""
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    chars: Optional[list[tuple[float, float]]] = None  # per character of ``text``: (x0, x1)


class RapidEngine:
    name = "rapidocr"
    # its detector finds no lines in the stacked cell crops (cell accuracy 0.05 against 0.52 on the page)
    read_cells = False

    def __init__(self, threads: int = 0):
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise OcrUnavailable(INSTALL_HINT) from None
        threads = threads or min(2, os.cpu_count() or 1)
        # no angle classifier: pages are straightened first and lines are never upside down
        self.ocr = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, use_cls=False,
                            det_limit_side_len=DET_SIDE, det_limit_type="max", rec_batch_num=16,
                            max_side_len=10000)

    def read(self, gray: np.ndarray) -> list[Word]:
        rgb = np.repeat(gray[:, :, None], 3, axis=2)
        # a low score threshold: a faint digit read is better than a blank cell (the checks see it)
        result, _ = self.ocr(rgb, use_cls=False, return_word_box=True, text_score=0.3)
        out = []
        for item in result or []:
            quad, text = item[0], item[1]
            if not text.strip():
                continue
            xs, ys = [p[0] for p in quad], [p[1] for p in quad]
            chars = None
            if len(item) > 3 and item[3] and len(item[3]) == len(text):
                chars = [(min(p[0] for p in q), max(p[0] for p in q)) for q in item[3]]
            out.append(Word(text, min(xs), min(ys), max(xs), max(ys), chars))
        return out


# longest side the detector sees (pixels): a 200 dpi A4 page is 2339 high; detection at this size still
# separates 10.5 pt lines and costs a third of full size
DET_SIDE = 1600


class TesseractEngine:
    name = "tesseract"
    read_cells = True  # ruled tables cell by cell (ocr_cells.py): cells 0.03 → 0.95 on generated scans

    def __init__(self, threads: int = 0):
        self.exe = shutil.which("tesseract")
        if not self.exe:
            raise OcrUnavailable("tesseract engine: apt-get install -y tesseract-ocr tesseract-ocr-chi-sim")

    def read_digits(self, gray: np.ndarray) -> list[Word]:
        """The English model: chi_sim reads a lone digit as a Chinese character ('1' as 昌), eng does not.
        Used only for cells chi_sim read as no number (ocr_cells.read_cells)."""
        return self.read(gray, "eng")

    def read(self, gray: np.ndarray, lang: str = "chi_sim") -> list[Word]:
        """Tesseract's words (for Chinese: runs of a few characters, cut anywhere in a line)."""
        return [w for _, w in self._words(gray, lang)]

    def read_lines(self, gray: np.ndarray) -> list[Word]:
        """Whole lines, each word's characters spread over its box (``Word.chars``), so that ``_boxes``
        cuts a line only where cells stand apart. Read word by word, a line of prose came apart at
        tesseract's arbitrary word breaks, and the pieces of consecutive lines lined up as the columns
        of an unruled table (prose pages laid out as grids, merged into the table above)."""
        lines: dict[tuple, list[Word]] = {}
        for key, w in self._words(gray, "chi_sim"):
            lines.setdefault(key, []).append(w)
        out = []
        for words in lines.values():
            words.sort(key=lambda w: w.x0)
            text, chars = "", []
            for w in words:
                if text and text[-1].isascii() and text[-1].isalnum() and w.text[0].isascii() \
                        and w.text[0].isalnum():
                    text += " "
                    chars.append((chars[-1][1], w.x0))
                step = (w.x1 - w.x0) / len(w.text)
                chars += [(w.x0 + i * step, w.x0 + (i + 1) * step) for i in range(len(w.text))]
                text += w.text
            out.append(Word(text, words[0].x0, min(w.top for w in words), max(w.x1 for w in words),
                            max(w.bottom for w in words), chars))
        return out

    def _words(self, gray: np.ndarray, lang: str) -> list[tuple[tuple, Word]]:
        """(block, paragraph, line) and the word, for each word tesseract reads."""
        import cv2

        ok, png = cv2.imencode(".png", gray)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        proc = subprocess.run([self.exe, "stdin", "stdout", "-l", lang, "--psm", "6", "tsv"],
                              input=png.tobytes(), capture_output=True, env=env, check=True)
        out = []
        for line in proc.stdout.decode("utf-8", "replace").splitlines()[1:]:
            f = line.split("\t")
            if len(f) < 12 or f[0] != "5" or not f[11].strip():
                continue
            x, y, w, h = map(float, f[6:10])
            out.append((tuple(f[2:5]), Word(f[11].strip(), x, y, x + w, y + h)))
        return out


ENGINES = {"rapidocr": RapidEngine, "tesseract": TesseractEngine}
DEFAULT_ORDER = ("tesseract", "rapidocr")


@lru_cache(maxsize=None)
def engine(name: Optional[str] = None):
    """The OCR engine (one per process: loading the models takes a second)."""
    name = name or os.environ.get("GKEXTRACT_OCR_ENGINE")
    if not name:  # the default, else the other one installed
        _cv2()
        for candidate in DEFAULT_ORDER:
            try:
                return ENGINES[candidate]()
            except OcrUnavailable:
                pass
        raise OcrUnavailable(INSTALL_HINT)
    if name not in ENGINES:
        raise OcrUnavailable(f"unknown OCR engine {name!r}; choose from {', '.join(ENGINES)}")
    return ENGINES[name]()


def available() -> bool:
    try:
        engine()
        return True
    except OcrUnavailable:
        return False


# ---------------------------------------------------------------------------------------------- images

def _cv2():
    try:
        import cv2
    except ImportError:
        raise OcrUnavailable(INSTALL_HINT) from None
    return cv2


def straighten(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The image turned so its text rows are level, and the angle (degrees, counter-clockwise).

    The angle is the one whose row profile of ink is sharpest (most variance), searched coarse then fine
    on a half-size copy (at quarter size a 10.5 pt row is 7 px and a 0.4° tilt scored as level: the
    ruling lines then broke apart), ink by a local threshold (a blurred 0.5 pt line is light grey)."""
    cv2 = _cv2()
    small = cv2.resize(gray, None, fx=SKEW_SCALE, fy=SKEW_SCALE, interpolation=cv2.INTER_AREA)
    ink = (cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 10)
           > 0).astype(np.float32)
    h, w = ink.shape
    centre = (w / 2, h / 2)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rot = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
        return float(np.var(rot.sum(axis=1)))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.25), key=score)
    best = max(np.arange(best - 0.25, best + 0.26, 0.05), key=score)
    if abs(best) < 0.05:
        return gray, 0.0
    hh, ww = gray.shape
    m = cv2.getRotationMatrix2D((ww / 2, hh / 2), float(best), 1.0)
    out = cv2.warpAffine(gray, m, (ww, hh), flags=cv2.INTER_LINEAR, borderValue=255)
    return out, float(best)


def find_rules(gray: np.ndarray, dpi: float) -> list[Rule]:
    """Ruling lines (points): long horizontal and vertical runs of ink."""
    cv2 = _cv2()
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    length = max(10, int(RULE_MIN_INCH * dpi))
    k = 72.0 / dpi
    out: list[Rule] = []
    # vertical lines of a lone table row (a header left at a page's foot) are shorter than a rule: found
    # with a short kernel, kept when both ends meet horizontal rules
    short = max(6, int(SHORT_RULE_INCH * dpi))
    for horizontal in (True, False):
        size = length if horizontal else short
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, 1) if horizontal else (1, size))
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        # close the small gaps a blurred scan leaves in a line
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for i in range(1, n):
            x, y, w, h, area = stats[i]
            # thin only: a filled box or a shaded band is no ruling line. Thickness is the mean (ink over
            # length): a line left tilted by a tenth of a degree spans more rows than it is thick
            if horizontal and w >= length and area / w * k <= RULE_MAX_PT:
                out.append(Rule(True, (y + h / 2) * k, x * k, (x + w) * k))
            elif not horizontal and area / h * k <= RULE_MAX_PT and (h >= length or _between_rules(
                    out, (x + w / 2) * k, y * k, (y + h) * k, RULE_MEET_PT)):
                out.append(Rule(False, (x + w / 2) * k, y * k, (y + h) * k))
    return out


def _between_rules(rules: list[Rule], x: float, top: float, bottom: float, tol: float) -> bool:
    """A vertical run from one horizontal rule to another (points)."""
    def meets(y):
        return any(r.horizontal and abs(r.pos - y) <= tol and r.start - tol <= x <= r.end + tol for r in rules)
    return meets(top) and meets(bottom)


def _boxes(words: list[Word], dpi: float) -> list[Box]:
    """Engine words → geometry boxes (points). A line's characters stay one box unless two of them stand
    as far apart as table cells; font sizes of lines of about the page's usual height are that height, so
    the lines of one paragraph have one size."""
    k = 72.0 / dpi
    # the body text's line height: of lines of prose (table cells are often a digit or two)
    heights = sorted(w.bottom - w.top for w in words if len(w.text) >= 4) \
        or sorted(w.bottom - w.top for w in words)
    usual = heights[len(heights) // 2] if heights else 0.0
    out: list[Box] = []
    for w in words:
        h = w.bottom - w.top
        # detector boxes of one font differ by a few pixels; a heading is ≥ 1.4 times the body
        size = LINE_TO_FONT * k * (usual if abs(h - usual) <= SAME_SIZE * usual else h)
        size = round(size, 1)
        top, bottom = w.top * k, w.bottom * k
        if not w.chars:
            out.append(Box(w.text, w.x0 * k, top, w.x1 * k, bottom, size))
            continue
        run, start = [], 0
        pieces: list[tuple[str, float, float]] = []
        for i, (c, (cx0, cx1)) in enumerate(zip(w.text, w.chars)):
            allow = CELL_GAP * size
            if i and (w.text[i - 1] in PUNCT_BLANK_AFTER or c in PUNCT_BLANK_BEFORE):
                allow += size
            if run and (cx0 - w.chars[i - 1][1]) * k > allow:
                pieces.append(("".join(run), start, w.chars[i - 1][1]))
                run = []
            if not run:
                start = cx0
            run.append(c)
        pieces.append(("".join(run), start, w.chars[-1][1]))
        if len(pieces) == 1:  # one run: the line's own box (the detector's edges are the better ones)
            out.append(Box(w.text, w.x0 * k, top, w.x1 * k, bottom, size))
            continue
        for text, x0, x1 in pieces:
            if text.strip():
                out.append(Box(text.strip(), x0 * k, top, x1 * k, bottom, size))
    return out


def ocr_image(gray: np.ndarray, dpi: float = DPI, engine_name: Optional[str] = None) -> OcrPage:
    """One page image (grayscale, uint8) → its text boxes and ruling lines in points."""
    eng = engine(engine_name)
    if dpi < DPI - 1:
        # a 150 dpi image's 0.5 pt ruling lines are a pixel of light grey after blur and JPEG: at DPI
        # (as PDF pages are rendered) they are found, and the engines read small digits better
        cv2 = _cv2()
        gray = cv2.resize(gray, None, fx=DPI / dpi, fy=DPI / dpi, interpolation=cv2.INTER_CUBIC)
        dpi = DPI
    gray, angle = straighten(gray)
    rules = find_rules(gray, dpi)
    read_page = getattr(eng, "read_lines", eng.read)  # whole lines where the engine reads words
    if eng.read_cells and os.environ.get("GKEXTRACT_OCR_CELLS", "1") == "1":
        # ruled tables cell by cell (ocr_cells.py), the rest of the page with the tables painted out
        from . import ocr_cells

        cells = ocr_cells.grid_cells(rules, dpi)
        rest = ocr_cells.blank_tables(gray, cells, dpi)
        words = ocr_cells.read_cells(gray, cells, dpi, eng.read, getattr(eng, "read_digits", None))
    else:
        rest, words = gray, []
    page_words = read_page(rest)
    words += page_words + reread_missed_rows(rest, page_words, dpi, read_page)
    boxes = _boxes(words, dpi)
    k = 72.0 / dpi
    return OcrPage(boxes, rules, angle, gray.shape[1] * k, gray.shape[0] * k)


def ink_rows(gray: np.ndarray, dpi: float) -> list[tuple[int, int]]:
    """Rows of text on a page (pixels, top and bottom): runs of pixel rows holding ink, as tall as a
    line of text (a ruling line or a speck is thinner, a picture taller)."""
    dark = (gray < INK_ROW).any(axis=1)
    rows = np.nonzero(dark)[0]
    if not len(rows):
        return []
    runs = np.split(rows, np.nonzero(np.diff(rows) > 1)[0] + 1)
    lo, hi = TEXT_ROW_INCH[0] * dpi, TEXT_ROW_INCH[1] * dpi
    return [(int(r[0]), int(r[-1]) + 1) for r in runs if lo <= r[-1] + 1 - r[0] <= hi]


def reread_missed_rows(gray: np.ndarray, words: list[Word], dpi: float, read) -> list[Word]:
    """Words of the rows of text the page reading skipped, read again by themselves, in page pixels.

    Tesseract's page layout drops a line now and then (a bold heading, 一、总体情况, read alone at
    once): every row of ink with no word on it is cut out across the page, the rows stacked with white
    between them and read in one call."""
    mids = sorted((w.top + w.bottom) / 2 for w in words)
    missed = [(t, b) for t, b in ink_rows(gray, dpi)
              if not mids or not _any_between(mids, t, b)]
    if not missed:
        return []
    pad, gap = int(0.03 * dpi), int(0.15 * dpi)
    pieces, y = [], gap
    for t, b in missed:
        t0, b0 = max(0, t - pad), min(gray.shape[0], b + pad)
        pieces.append((y, t0, b0))
        y += b0 - t0 + gap
    stack = np.full((y, gray.shape[1]), 255, np.uint8)
    for sy, t0, b0 in pieces:
        stack[sy:sy + b0 - t0] = gray[t0:b0]
    tops = [p[0] for p in pieces]
    out = []
    for w in read(stack):
        i = max(0, int(np.searchsorted(tops, (w.top + w.bottom) / 2, side="right")) - 1)
        dy = pieces[i][1] - pieces[i][0]
        out.append(Word(w.text, w.x0, w.top + dy, w.x1, w.bottom + dy, w.chars))
    return out


def _any_between(sorted_values: list[float], lo: float, hi: float) -> bool:
    i = int(np.searchsorted(sorted_values, lo))
    return i < len(sorted_values) and sorted_values[i] <= hi


def render_pdf_page(page, dpi: float = DPI) -> np.ndarray:
    """A pypdfium2 page as a grayscale image."""
    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
    arr = bitmap.to_numpy()
    if arr.ndim == 3:
        arr = arr[:, :, 0]
    return np.ascontiguousarray(arr)


# ---------------------------------------------------------------------------------------------- progress

ProgressHook = Callable[[str, int, int], None]  # (file name, page done (1-based), pages)
_progress: Optional[ProgressHook] = None


def set_progress(hook: Optional[ProgressHook]) -> None:
    """Called after each page read by OCR (the CLI shows it)."""
    global _progress
    _progress = hook


def report_page(name: str, page: int, total: int) -> None:
    """After each page read by OCR: the hook, or (``GKEXTRACT_OCR_PROGRESS=1``, set by ``extract``,
    whose workers are other processes) a line on stderr."""
    if _progress is not None:
        _progress(name, page, total)
    elif os.environ.get("GKEXTRACT_OCR_PROGRESS") == "1":
        import sys

        print(f"OCR {name}: page {page}/{total}", file=sys.stderr, flush=True)


def mode(value: Optional[str] = None) -> str:
    """OCR mode: ``auto`` (pages without a usable text layer), ``always`` or ``never``."""
    value = (value or os.environ.get("GKEXTRACT_OCR") or "auto").lower()
    if value not in ("auto", "always", "never"):
        raise ValueError(f"--ocr must be auto, always or never, not {value!r}")
    return value
