"""OCR (readers/ocr.py, scanned.py, image.py): scanned PDFs and images through the same geometry.

Engine tests skip when no OCR engine is installed (the [ocr] extra); scan generation needs LibreOffice.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

from gkextract.errors import ReadError
from gkextract.readers import ocr, read, sniff_format

cv2 = pytest.importorskip("cv2", reason="OCR tests need opencv (the [ocr] extra)")


def _engine_or_skip():
    if not ocr.available():
        pytest.skip("no OCR engine installed (pip install 'gkextract[ocr]')")


def _ruled_page(angle: float = 0.0) -> np.ndarray:
    """A white 200 dpi page with a 3×4 ruled grid and text-like bars, turned by ``angle``."""
    img = np.full((1400, 1000), 255, np.uint8)
    for y in range(300, 701, 100):
        cv2.line(img, (100, y), (900, y), 0, 2)
    for x in (100, 400, 650, 900):
        cv2.line(img, (x, 300), (x, 700), 0, 2)
    for y in range(80, 260, 40):  # prose lines
        cv2.rectangle(img, (100, y), (880, y + 18), 0, -1)
    m = cv2.getRotationMatrix2D((500, 700), angle, 1.0)
    return cv2.warpAffine(img, m, (1000, 1400), borderValue=255)


def test_straighten_finds_the_scan_angle():
    _, angle = ocr.straighten(_ruled_page(1.2))
    assert abs(angle + 1.2) < 0.15  # turned back by the angle it was turned
    _, flat = ocr.straighten(_ruled_page(0.0))
    assert flat == 0.0


def test_ruling_lines_of_a_drawn_grid():
    rules = ocr.find_rules(_ruled_page(), 200)
    hs = sorted(round(r.pos) for r in rules if r.horizontal)
    vs = sorted(round(r.pos) for r in rules if not r.horizontal)
    k = 72 / 200
    assert len(hs) == 5 and len(vs) == 4
    assert abs(hs[0] - 300 * k) <= 2 and abs(vs[-1] - 900 * k) <= 2
    # the prose bars are not rulings: too short vertically, and not thin
    assert all(r.start >= 100 * k - 2 for r in rules)


def test_lookalike_digits_are_kept_as_read_and_their_cell_flagged():
    words = [ocr.Word("o", 100, 100, 120, 130), ocr.Word("1O", 200, 100, 240, 130),
             ocr.Word("Office办公室", 300, 100, 500, 130), ocr.Word("本年度共10件", 100, 200, 400, 230)]
    texts = [b.text for b in ocr._boxes(words, 200)]
    assert texts == ["o", "1O", "Office办公室", "本年度共10件"]   # never corrected silently
    # in a table the misread cell is null and reported; its row and table still decode
    from gkextract.document import Document, Table
    from gkextract.tables.engine import decode_tables

    rows = [["第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "o", "1O", "2"]]
    decoded = decode_tables(Document.build("t.png", "image", "0" * 64, [Table(rows)]))
    assert decoded.tables.proactive.rows["rules"] == {"issued": None, "repealed": None, "in_force": 2}
    assert sorted(c for f in decoded.findings if f.rule == "NON_NUMERIC_CELL" for c in f.cells) == [
        "proactive.rules.issued", "proactive.rules.repealed"]


def test_characters_far_apart_split_into_cells():
    # one detector line over two cells: 自然人 … 12, far apart
    w = ocr.Word("自然人12", 100, 100, 700, 140,
                 chars=[(100, 130), (130, 160), (160, 190), (640, 670), (670, 700)])
    boxes = ocr._boxes([w], 200)
    assert [b.text for b in boxes] == ["自然人", "12"]


def test_long_image_cut_at_blank_bands():
    from gkextract.readers.image import cut_pages

    page = np.full((1414, 1000), 255, np.uint8)
    page[100:1300:50, 100:900] = 0  # text rows, blank margins top and bottom
    long = np.vstack([page, page, page])
    pieces = cut_pages(long)
    assert len(pieces) >= 2 and sum(p.shape[0] for p in pieces) == long.shape[0]
    for p in pieces[:-1]:
        assert (p[-1] < 160).sum() == 0  # every cut in a blank row


def test_modes_and_formats(tmp_path):
    assert ocr.mode("ALWAYS") == "always"
    with pytest.raises(ValueError):
        ocr.mode("sometimes")
    assert sniff_format(Path("x.bin"), b"\x89PNG\r\n\x1a\n....") == "image"
    assert sniff_format(Path("x.jpg"), b"\xff\xd8\xff\xe0....") == "image"


def test_missing_engine_says_what_to_install(tmp_path, monkeypatch):
    from PIL import Image

    p = tmp_path / "page.png"
    Image.fromarray(_ruled_page()).save(p)

    def missing(name=None):
        raise ocr.OcrUnavailable(ocr.INSTALL_HINT)

    monkeypatch.setattr(ocr, "engine", missing)
    with pytest.raises(ReadError) as e:
        read(p)
    assert "gkextract[ocr]" in str(e.value)


# ---------------------------------------------------------------------------------------------- engine

def _synth_pdf(tmp_path, seed: int = 7):
    from gkextract.synth.corpus import draw
    from gkextract.synth.render.pdf import PdfUnavailable, render_pdfs

    s = draw(1, seed, formats=("pdf",), templates=("2019",))[0]
    try:
        pdf = render_pdfs([s.content])[0]
    except PdfUnavailable:
        pytest.skip("scan generation needs LibreOffice")
    return s, pdf


def _cells(doc):
    return [c for t in doc.tables() for row in t.rows for c in row]


def test_scanned_table_page_reads_as_its_text_layer(tmp_path):
    """One scanned page (turned, blurred, JPEG) read by OCR gives the grid the text layer gives."""
    _engine_or_skip()
    import pypdfium2 as pdfium
    from PIL import Image

    from gkextract.document import Document
    from gkextract.readers.geometry import layout_page
    from gkextract.readers.layout import blocks
    from gkextract.readers.pdf import page_content
    from gkextract.synth.render.scan import page_images

    s, pdf = _synth_pdf(tmp_path)
    doc = pdfium.PdfDocument(pdf)
    # the page holding 表三 (the longest grid)
    best, best_n = 0, -1
    for i in range(len(doc)):
        boxes, rules = page_content(doc[i])
        n = sum(len(r) for r in rules and [rules])
        if n > best_n:
            best, best_n, text_page = i, n, layout_page(boxes, rules)
    want = _cells(Document.build("x", "pdf", "", blocks([text_page])))
    images, _ = page_images(pdf)
    p = tmp_path / "page.png"
    images[best].save(p, dpi=(200, 200))
    got = read(p)
    assert got.format == "image" and got.ocr_pages == [1]
    got_cells = _cells(got)
    assert len(got_cells) == len(want)
    same = sum(a == b for a, b in zip(got_cells, want))
    assert same / len(want) >= 0.97


def test_scanned_pdf_round_trip(tmp_path):
    """A whole generated report as an image-only PDF: OCR pages recorded, year right, cells ≥ 0.97."""
    _engine_or_skip()
    from gkextract.pipeline import extract
    from gkextract.synth.render.scan import scan_pdf

    s, pdf = _synth_pdf(tmp_path, seed=11)
    p = tmp_path / "scan.pdf"
    p.write_bytes(scan_pdf(pdf))
    with pytest.raises(ReadError, match="image-only"):
        read(p, ocr="never")
    rec = extract(p)
    assert rec.source.ocr_pages == list(range(1, len(rec.source.ocr_pages) + 1)) and rec.source.ocr_pages
    assert json.loads(rec.to_json())["source"]["ocr_pages"]
    assert rec.year == s.record.year
    gold = json.loads(s.record.to_json())["tables"]
    pred = json.loads(rec.to_json())["tables"]
    total = right = 0
    for name, rows in gold.items():
        for row, cols in (rows or {}).items():
            for col, value in (cols or {}).items():
                total += 1
                right += ((pred.get(name) or {}).get(row) or {}).get(col) == value
    assert total and right / total >= 0.97


def test_text_pdf_is_not_read_by_ocr(tmp_path):
    _, pdf = _synth_pdf(tmp_path)
    p = tmp_path / "text.pdf"
    p.write_bytes(pdf)
    doc = read(p, ocr="auto")
    assert doc.ocr_pages == [] and doc.text


def test_ruled_cells_cropped_inside_their_lines_and_blank_ones_skipped():
    from gkextract.readers import ocr_cells

    img = _ruled_page()
    cv2.putText(img, "12", (480, 370), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)  # row 1, column 2
    cells = ocr_cells.grid_cells(ocr.find_rules(img, 200), 200)
    assert len(cells) == 12
    crops = ocr_cells.cell_crops(img, cells, 200)
    assert len(crops) == 1  # only the cell holding ink is read
    cell, crop, (x, y) = crops[0]
    assert abs(cell.x0 - 400) <= 3 and abs(cell.x1 - 650) <= 3 and abs(cell.top - 300) <= 3
    assert (crop < 150).sum() > 0 and crop.shape[0] < 100  # the digits, none of the ruling lines
    stacked, where = ocr_cells.stack(crops, 200)
    assert stacked.shape[0] > crop.shape[0] and len(where) == 1


def test_cells_read_by_position_and_digits_reread():
    from gkextract.readers import ocr_cells

    img = np.full((600, 800), 255, np.uint8)
    for y in (100, 200, 300):
        cv2.line(img, (100, y), (700, y), 0, 2)
    for x in (100, 400, 700):
        cv2.line(img, (x, 100), (x, 300), 0, 2)
    for x, y in ((150, 170), (450, 170), (450, 270)):
        cv2.putText(img, "1", (x, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    cells = ocr_cells.grid_cells(ocr.find_rules(img, 200), 200)

    def chi(stack):  # a Chinese model: a lone '1' read as a character
        rows = np.nonzero((stack < 150).any(axis=1))[0]
        bands = np.split(rows, np.nonzero(np.diff(rows) > 1)[0] + 1)
        out = []
        for b in bands:
            cols = np.nonzero((stack[b[0]:b[-1] + 1] < 150).any(axis=0))[0]
            out.append(ocr.Word("昌", cols[0], b[0], cols[-1], b[-1]))
        return out

    def eng(stack):
        return [ocr.Word("1", w.x0, w.top, w.x1, w.bottom) for w in chi(stack)]

    words = ocr_cells.read_cells(img, cells, 200, chi, eng)
    assert sorted(w.text for w in words) == ["1", "1", "1"]
    # each back in its own cell, in page pixels
    inside = sorted((c.x0, c.top) for w in words for c in cells
                    if c.x0 <= w.x0 and w.x1 <= c.x1 and c.top <= w.top and w.bottom <= c.bottom)
    assert len(inside) == 3 and len(set(inside)) == 3
    assert [w.text for w in ocr_cells.read_cells(img, cells, 200, chi)] == ["昌", "昌", "昌"]


def test_long_image_cut_between_pages():
    from gkextract.readers.image import cut_pages

    page = np.full((1300, 1000), 255, np.uint8)
    page[150:1150:40, 100:900] = 0  # text rows 40 px apart; margins 150 px top and bottom
    long = np.vstack([page, page, page])
    pieces = cut_pages(long)
    # each cut in the page gap (two margins), not in a gap between text rows
    ends = np.cumsum([p.shape[0] for p in pieces])[:-1]
    assert len(pieces) >= 2 and all(min(abs(e - 1300 * k) for k in (1, 2)) < 150 for e in ends)


def _scanned_grid(angle: float) -> np.ndarray:
    """A 150 dpi scan of a full-width thin-ruled table (0.5 pt lines: one pixel), blurred, turned by a
    small ``angle`` and read at 200 dpi, as render/scan.py makes them."""
    img = np.full((1650, 1275), 255, np.uint8)
    for y in range(150, 1501, 40):
        cv2.line(img, (90, y), (1180, y), 0, 1)
        cv2.rectangle(img, (110, y + 12), (300 + (y * 7) % 200, y + 28), 0, -1)  # a label
        cv2.rectangle(img, (900, y + 12), (940, y + 28), 0, -1)                  # a value
    for x in (90, 500, 850, 1180):
        cv2.line(img, (x, 150), (x, 1500), 0, 1)
    m = cv2.getRotationMatrix2D((637, 825), angle, 1.0)
    img = cv2.warpAffine(img, m, (1275, 1650), flags=cv2.INTER_CUBIC, borderValue=255)
    img = cv2.GaussianBlur(img, (0, 0), 0.65)
    return cv2.resize(img, None, fx=200 / 150, fy=200 / 150, interpolation=cv2.INTER_CUBIC)


@pytest.mark.parametrize("angle", [0.43, -0.3])
def test_small_tilt_of_a_thin_ruled_table_is_straightened_and_its_grid_found(angle):
    # at quarter size a 0.4° tilt scored as level, and a rule left tilted spans more rows than
    # RULE_MAX_PT: the legacy 统计指标 table lost every ruling line and was read as prose
    gray, found = ocr.straighten(_scanned_grid(angle))
    assert abs(found + angle) <= 0.1
    rules = ocr.find_rules(gray, 200)
    assert sum(r.horizontal for r in rules) == 34 and sum(not r.horizontal for r in rules) == 4
    # a rule left tilted by a little still counts as thin (mean thickness, not its bounding box)
    tilted = ocr.find_rules(_scanned_grid(0.3), 200)  # old test (bounding box): none
    assert sum(r.horizontal for r in tilted) == 34


def test_tesseract_words_of_a_line_make_one_box_cut_only_between_cells(monkeypatch):
    # tesseract cuts a Chinese line into words anywhere; one box per word lined the pieces of a prose
    # page up as an unruled table's columns (prose read as grids, merged into the table below). A
    # full-width stop leaves most of its square blank ('2．依申请' 25 px apart at 200 dpi)
    eng = ocr.TesseractEngine.__new__(ocr.TesseractEngine)
    line1, line2, line3 = ("1", "4", "4"), ("1", "5", "1"), ("1", "6", "1")
    words = [(line1, ocr.Word("2.", 251, 962, 280, 986)), (line1, ocr.Word("依", 305, 960, 327, 989)),
             (line1, ocr.Word("申请", 341, 959, 388, 989)), (line1, ocr.Word("公开办理情况", 399, 960, 573, 989)),
             (line2, ocr.Word("行政许可", 250, 1100, 366, 1129)), (line2, ocr.Word("218", 900, 1100, 950, 1129)),
             (line3, ocr.Word("本年度共", 250, 1200, 366, 1229)), (line3, ocr.Word("10", 374, 1200, 400, 1229)),
             (line3, ocr.Word("件", 410, 1200, 439, 1229))]
    monkeypatch.setattr(eng, "_words", lambda gray, lang: words)
    boxes = ocr._boxes(eng.read_lines(np.zeros((10, 10), np.uint8)), 200)
    assert [b.text for b in boxes] == ["2.依申请公开办理情况", "行政许可", "218", "本年度共10件"]
    assert [w.text for w in eng.read(None)] == [w.text for _, w in words]  # cells still word by word


def test_misread_row_label_where_its_row_is_due_keeps_the_row():
    # OCR misreads two or three characters of a short 表三 label: below the fuzzy threshold for any row,
    # the row was dropped with its seven cells. The row the table's order expects next accepts it; an
    # unrelated label there is still no row, and the digits are never touched
    from gkextract.document import Document, Table
    from gkextract.tables.engine import decode_tables
    from gkextract.tables.templates import load_templates

    rows = [r for r in load_templates().requests_rows if r.applies_to("2021")]
    misread = {"denied_three_safeties": "3.危殉过全，一稳定", "denied_enforcement_files": "7.属于行政执法案老"}

    def grid(labels):
        out = [["", "", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
        for n, r in enumerate(rows):
            vals = [str(n)] + ["0"] * 5 + [str(n)]
            out.append(["", "", labels.get(r.key, r.label), *vals])
        return Table(out)

    decoded = decode_tables(Document.build("t.pdf", "pdf", "0" * 64, [grid(misread)]))
    got = decoded.tables.requests.rows
    n = next(i for i, r in enumerate(rows) if r.key == "denied_three_safeties")
    assert got["denied_three_safeties"]["natural_person"] == n and got["denied_three_safeties"]["total"] == n
    assert got["denied_enforcement_files"]["total"] is not None
    unrelated = decode_tables(Document.build("t.pdf", "pdf", "0" * 64,
                                             [grid({"denied_three_safeties": "网站访问量统计"})]))
    assert "denied_three_safeties" not in unrelated.tables.requests.rows or \
        unrelated.tables.requests.rows["denied_three_safeties"]["total"] is None


def test_short_cell_border_blurred_past_its_rules_is_a_rule():
    # a one-row band (行政许可 | 0) whose border, blurred and widened by the gap-closing dilation, ends
    # 1.6 pt past the rules' centres: not found, the two cells were one crop, read '行政许可|0'
    img = np.full((600, 1000), 255, np.uint8)
    for y in (300, 342):
        cv2.line(img, (100, y), (900, y), 0, 2)
    for x in (100, 900):
        cv2.line(img, (x, 300), (x, 342), 0, 2)
    cv2.line(img, (450, 298), (450, 344), 0, 2)   # the border between the cells, a little long
    img = cv2.GaussianBlur(img, (0, 0), 0.8)
    vs = sorted(round(r.pos / 72 * 200) for r in ocr.find_rules(img, 200) if not r.horizontal)
    assert len(vs) == 3 and abs(vs[1] - 450) <= 1


def test_signed_number_reread_and_labels_kept_out_of_the_reread():
    # '-1' in a 本年增/减 cell read '过' by chi_sim: the English reread's '-1' is a number; a label cell
    # (规章: two Chinese characters) is no misread number and is not sent along (stacked with it, the
    # English model read the '-1' as 'A')
    from gkextract.readers import ocr_cells

    img = np.full((400, 1000), 255, np.uint8)
    for y in (100, 200):
        cv2.line(img, (100, y), (900, y), 0, 2)
    for x in (100, 400, 600, 900):
        cv2.line(img, (x, 100), (x, 200), 0, 2)
    for x in (150, 450, 650):
        cv2.putText(img, "1", (x, 170), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    cells = ocr_cells.grid_cells(ocr.find_rules(img, 200), 200)
    first = {150: "规章", 450: "过", 650: "昌"}
    sent = []

    def bands(stack):
        rows = np.nonzero((stack < 150).any(axis=1))[0]
        return np.split(rows, np.nonzero(np.diff(rows) > 1)[0] + 1)

    def chi(stack):
        out = []
        for b, x in zip(bands(stack), sorted(first)):
            out.append(ocr.Word(first[x], 10, b[0], 40, b[-1]))
        return out

    def eng(stack):
        sent.append(len(bands(stack)))
        return [ocr.Word(t, 10, b[0], 40, b[-1]) for b, t in zip(bands(stack), ["-1", "12"])]

    words = ocr_cells.read_cells(img, cells, 200, chi, eng)
    assert sorted(w.text for w in words) == ["-1", "12", "规章"]
    assert sent == [2]


def test_blank_cell_slash_read_as_a_character_is_reread_as_the_slash():
    # chi_sim reads the '/' of a blank cell as 站: a spurious NON_NUMERIC_CELL; the English reread's '/'
    from gkextract.readers import ocr_cells

    img = np.full((400, 800), 255, np.uint8)
    for y in (100, 200):
        cv2.line(img, (100, y), (700, y), 0, 2)
    for x in (100, 400, 700):
        cv2.line(img, (x, 100), (x, 200), 0, 2)
    for x in (150, 450):
        cv2.putText(img, "/", (x, 170), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    cells = ocr_cells.grid_cells(ocr.find_rules(img, 200), 200)

    def bands(stack):
        rows = np.nonzero((stack < 150).any(axis=1))[0]
        return np.split(rows, np.nonzero(np.diff(rows) > 1)[0] + 1)

    def chi(stack):
        return [ocr.Word("站", 10, b[0], 40, b[-1]) for b in bands(stack)]

    def eng(stack):
        return [ocr.Word(t, 10, b[0], 40, b[-1]) for b, t in zip(bands(stack), ["/", "Z"])]

    assert sorted(w.text for w in ocr_cells.read_cells(img, cells, 200, chi, eng)) == ["/", "站"]


def test_digits_read_with_a_stray_mark_are_reread():
    # chi_sim read 11 as ']1': a cell holding no number, left null; the English reread's '11' is taken,
    # a cell chi_sim read as a number is not reread
    from gkextract.readers import ocr_cells

    img = np.full((400, 800), 255, np.uint8)
    for y in (100, 200):
        cv2.line(img, (100, y), (700, y), 0, 2)
    for x in (100, 400, 700):
        cv2.line(img, (x, 100), (x, 200), 0, 2)
    for x in (150, 450):
        cv2.putText(img, "11", (x, 170), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    cells = ocr_cells.grid_cells(ocr.find_rules(img, 200), 200)
    sent = []

    def bands(stack):
        rows = np.nonzero((stack < 150).any(axis=1))[0]
        return np.split(rows, np.nonzero(np.diff(rows) > 1)[0] + 1)

    def chi(stack):
        return [ocr.Word(t, 10, b[0], 40, b[-1]) for b, t in zip(bands(stack), ["]1", "17"])]

    def eng(stack):
        sent.append(len(bands(stack)))
        return [ocr.Word("11", 10, b[0], 40, b[-1]) for b in bands(stack)]

    assert sorted(w.text for w in ocr_cells.read_cells(img, cells, 200, chi, eng)) == ["11", "17"]
    assert sent == [1]


def test_rows_the_page_reading_skipped_are_read_again_alone():
    # tesseract's page layout dropped the bold heading 一、总体情况 (read alone at once): a row of ink
    # with no word on it is read again by itself and its words come back at its place on the page
    img = np.full((800, 1000), 255, np.uint8)
    for top in (100, 200, 300):      # three rows of 'text', 40 px (0.2 in) tall
        cv2.rectangle(img, (100, top), (700, top + 40), 0, -1)
    cv2.line(img, (100, 500), (900, 500), 0, 2)   # a ruling line: no row of text
    read_page = [ocr.Word("first", 100, 100, 700, 140), ocr.Word("third", 100, 300, 700, 340)]
    calls = []

    def read(stack):
        calls.append(stack.shape)
        rows = np.nonzero((stack < 150).any(axis=1))[0]
        return [ocr.Word("heading", 100, rows[0], 700, rows[-1], [(100, 700)] * 7)]

    again = ocr.reread_missed_rows(img, read_page, 200, read)
    assert len(calls) == 1 and [w.text for w in again] == ["heading"]
    assert abs(again[0].top - 200) <= 1 and abs(again[0].bottom - 239) <= 1 and again[0].chars
    assert ocr.reread_missed_rows(img, read_page + again, 200, read) == [] and len(calls) == 1


def test_review_value_row_with_a_misread_cell_keeps_the_table():
    # 表四's value row with '1' read as 渤: taken for a label row, it ended the header with no values
    # and the whole table was lost; now that one cell is null and reported, the other 14 decode
    from gkextract.document import Document, Paragraph, Table
    from gkextract.tables.engine import decode_tables

    head = [["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
            ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "",
             "复议后起诉", "", "", "", ""],
            [""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2]
    values = ["0"] * 11 + ["1", "0", "0", "渤"]
    doc = Document.build("t.pdf", "pdf", "0" * 64,
                         [Paragraph("四、政府信息公开行政复议、行政诉讼情况"), Table(head + [values])])
    decoded = decode_tables(doc)
    rows = decoded.tables.review_litigation.rows
    assert rows["litigation_after_review"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 0,
                                               "total": None}
    assert [c for f in decoded.findings if f.rule == "NON_NUMERIC_CELL" for c in f.cells] == [
        "review_litigation.litigation_after_review.total"]
