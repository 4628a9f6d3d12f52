"""Geometry of PDF pages: lines, ruled and unruled tables, blank cells kept in their columns, rows cut by
page breaks; then generated PDFs (LibreOffice) with ruled and unruled tables round-tripped exactly."""
import random

import pytest

from gkextract.document import Table
from gkextract.readers import read
from gkextract.readers.geometry import Box, Rule, layout_page
from gkextract.readers.layout import blocks
from rendered import write_rendered

SIZE = 10.0
# a 表三-like row: label, then 7 value columns 40 pt apart
COLS = [60.0, 260.0, 300.0, 340.0, 380.0, 420.0, 460.0, 500.0]
ROW = ["一、本年新收政府信息公开申请数量", "412", "18", "", "", "3", "1", "434"]


def text_boxes(text: str, x: float, top: float, size: float = SIZE) -> list[Box]:
    """Characters as a text layer gives them: CJK one em wide, digits half."""
    out = []
    for ch in text:
        w = size if ord(ch) > 0x2E80 else size / 2
        out.append(Box(ch, x, top, x + w, top + size, size))
        x += w
    return out


def row_boxes(cells: list[str], top: float) -> list[Box]:
    return [b for x, text in zip(COLS, cells) if text for b in text_boxes(text, x + 4, top)]


def ruled(top: float, n_rows: int, height: float = 20.0) -> list[Rule]:
    """Ruling lines of a table of n_rows rows on COLS (and a right border)."""
    right = COLS[-1] + 40
    rules = [Rule(True, top + k * height, COLS[0], right) for k in range(n_rows + 1)]
    rules += [Rule(False, x, top, top + n_rows * height) for x in COLS + [right]]
    return rules


def grids(pages) -> list[list[list[str]]]:
    return [b.rows for b in blocks(pages) if isinstance(b, Table)]


def header(top: float) -> list[Box]:
    names = ["", "自然人", "商业", "科研", "公益", "法律", "其他", "总计"]
    return row_boxes(names, top)


# ---------------------------------------------------------------------------------------------- units

def test_blank_cells_keep_their_columns_in_a_ruled_table():
    boxes = header(104) + row_boxes(ROW, 124)
    [grid] = grids([layout_page(boxes, ruled(100, 2))])
    assert grid[1] == ROW


def test_blank_cells_keep_their_columns_in_an_unruled_table():
    # no ruling line at all: the blanks are only empty space; rows 26 pt apart as in a padded table
    rows = [ROW, ["二、上年结转政府信息公开申请数量", "", "", "", "7", "", "", "7"]]
    boxes = header(100) + [b for k, r in enumerate(rows) for b in row_boxes(r, 126 + 26 * k)]
    [grid] = grids([layout_page(boxes, [])])
    assert grid[1:] == rows
    assert grid[0][1:] == ["自然人", "商业", "科研", "公益", "法律", "其他", "总计"]


def test_unruled_label_wrapped_inside_its_cell_is_one_cell():
    # lines of one cell 13 pt apart, rows 26 pt: the second line goes on the label, not a row of its own
    boxes = header(100) + row_boxes(["一、本年新收政府信息", "5", "", "", "", "", "", "5"], 126)
    boxes += text_boxes("公开申请数量", COLS[0] + 4, 139)
    boxes += row_boxes(["二、上年结转", "", "1", "", "", "", "", "1"], 165)
    [grid] = grids([layout_page(boxes, [])])
    assert grid[1] == ["一、本年新收政府信息公开申请数量", "5", "", "", "", "", "", "5"]
    assert grid[2] == ["二、上年结转", "", "1", "", "", "", "", "1"]


def test_prose_around_an_unruled_table_stays_prose():
    boxes = text_boxes("统计情况如下：", 60, 50) + header(100) + row_boxes(ROW, 126)
    boxes += row_boxes(["二、上年结转", "", "1", "", "", "", "", "1"], 152)
    boxes += text_boxes("四、政府信息公开行政复议、行政诉讼情况", 60, 220)
    out = blocks([layout_page(boxes, [])])
    assert [type(b).__name__ for b in out] == ["Paragraph", "Table", "Paragraph"]
    assert out[0].text == "统计情况如下：" and out[2].text.startswith("四、")


def test_ruled_row_cut_by_a_page_break_is_one_row():
    # page 1 ends inside the label's cell (its line runs to the cell's edge); page 2 holds its rest
    label = "一、本年度新收到的政府信息公开申请的数"  # 19 em: fills the 200 pt label column
    values = ["412", "18", "", "", "3", "1", "434"]
    p1 = header(704) + row_boxes([label] + values, 724)
    p2 = text_boxes("量", COLS[0] + 4, 54) + row_boxes(["二、上年结转", "", "1", "", "", "", "", "1"], 74)
    pages = [layout_page(p1, ruled(700, 2)), layout_page(p2, ruled(50, 2))]
    [grid] = grids(pages)
    assert grid[1] == [label + "量"] + values
    assert grid[2] == ["二、上年结转", "", "1", "", "", "", "", "1"]


def test_ruled_row_below_a_complete_cell_on_the_next_page_stays_a_row():
    p1 = header(704) + row_boxes(ROW, 724)
    p2 = row_boxes(["二、上年结转", "", "1", "", "", "", "", "1"], 54)
    [grid] = grids([layout_page(p1, ruled(700, 2)), layout_page(p2, ruled(50, 1))])
    assert grid[1:] == [ROW, ["二、上年结转", "", "1", "", "", "", "", "1"]]


def test_short_last_page_heading_is_not_joined_to_the_next_line():
    # the last page holds a heading and one short line: its text reaches no right margin of its own
    full = "本机关持续推进政务公开工作，" * 3  # 42 em from x=60: runs to the margin
    p1 = [b for k in range(3) for b in text_boxes(full, 60, 60 + 20 * k)]
    p2 = text_boxes("六、其他需要报告的事项", 60, 60) + text_boxes("无。", 80, 80)
    out = blocks([layout_page(p1, []), layout_page(p2, [])])
    assert [b.text for b in out][-2:] == ["六、其他需要报告的事项", "无。"]


# a legacy 统计表: label, unit, two value columns
LEGACY = [60.0, 200.0, 280.0, 360.0]


def legacy_row(cells: list[str], top: float) -> list[Box]:
    return [b for x, text in zip(LEGACY, cells) if text for b in text_boxes(text, x + 4, top)]


def test_unruled_row_alone_below_the_rest_of_a_cut_label_is_a_row():
    # page 1 ends with a group label cut by the break (its line fills the column, as the wrapped label
    # above shows); page 2 holds its rest, then one data row (label, unit, values) whose label wraps
    p1 = legacy_row(["指标名称", "计量单位", "本年", "累计"], 100)
    p1 += legacy_row(["依申请公开信息收取", "件", "3", "5"], 126) + text_boxes("的费用", 64, 139)
    p1 += legacy_row(["七、依申请公开信息", "", "", ""], 165)
    p2 = text_boxes("收取的费用", 64, 54) + legacy_row(["依申请公开信息收取", "万元", "0", "0"], 80)
    p2 += text_boxes("的费用", 64, 93) + text_boxes("本机关", 300, 160, 11.0)
    [grid] = grids([layout_page(p1, []), layout_page(p2, [])])
    assert grid[-2:] == [["七、依申请公开信息收取的费用", "", "", ""], ["依申请公开信息收取的费用", "万元", "0", "0"]]


def test_unruled_label_cut_where_no_cell_of_its_column_wrapped_goes_on():
    # no label of page 1 wraps, so no line shows the label column's edge: the unit column's text bounds it,
    # and the cut label's line ends right before it; page 2 holds its rest and the table's last row
    p1 = legacy_row(["指标名称", "计量单位", "本年", "累计"], 100) + legacy_row(["举报投诉数量", "件", "2", "7"], 126)
    p1 += legacy_row(["七、依申请公开信息收取的费", "", "", ""], 152)
    p2 = text_boxes("用", 64, 54) + legacy_row(["依申请公开信息收取的费用", "万元", "0", "0"], 80)
    [grid] = grids([layout_page(p1, []), layout_page(p2, [])])
    assert grid[-2:] == [["七、依申请公开信息收取的费用", "", "", ""], ["依申请公开信息收取的费用", "万元", "0", "0"]]


def test_unruled_row_with_a_unit_alone_at_a_page_top_is_a_row():
    # the table's last row alone on its page (its header ended the previous one): label, unit, value
    p1 = legacy_row(["指标名称", "计量单位", "本年"], 100) + legacy_row(["六、举报投诉数量", "件", "4"], 126)
    p2 = legacy_row(["依申请公开信息收取的费用", "万元", "0"], 54) + text_boxes("本机关", 300, 110, 11.0)
    [grid] = grids([layout_page(p1, []), layout_page(p2, [])])
    assert grid[-1] == ["依申请公开信息收取的费用", "万元", "0"]


def test_unruled_label_cut_before_an_unsplittable_piece_goes_on_on_the_next_page():
    # 3.危|及“三: no line breaks beside a quotation mark, so the cell's line stops two characters short of
    # the column's edge (the wrapped label above shows it); its rest on the next page is no row of its own
    values = ["0", "", "", "", "", "", "0"]
    p1 = header(100) + row_boxes(["1.属于国", *values], 126) + text_boxes("家秘密", COLS[0] + 4, 139)
    p1 += row_boxes(["3.危", *values], 165)
    p2 = text_boxes("及“三安", COLS[0] + 4, 54) + text_boxes("全一稳定”", COLS[0] + 4, 67)
    p2 += row_boxes(["4.保护第", *values], 93) + text_boxes("三方权益", COLS[0] + 4, 106)
    [grid] = grids([layout_page(p1, []), layout_page(p2, [])])
    assert [r[0] for r in grid[1:]] == ["1.属于国家秘密", "3.危及“三安全一稳定”", "4.保护第三方权益"]
    assert grid[2][1:] == values


def test_unruled_rows_of_blank_cells_going_on_on_the_next_page_stay_rows():
    # the table's last rows hold no value: on their page they are label lines alone (one wrapped to the
    # column's edge the first page shows), then a heading in the body's larger font
    p1 = header(100) + row_boxes(["一、本年新收政府信息", "5", "", "", "", "", "", "5"], 126)
    p1 += text_boxes("公开申请数量", COLS[0] + 4, 139) + row_boxes(["二、上年结转", "", "1", "", "", "", "", "1"], 165)
    p2 = text_boxes("三、本年度办理结果数", COLS[0] + 4, 54) + text_boxes("量", COLS[0] + 4, 67)
    p2 += text_boxes("四、结转下年度", COLS[0] + 4, 93) + text_boxes("四、政府信息公开行政复议情况", 60, 140, 12.0)
    out = blocks([layout_page(p1, []), layout_page(p2, [])])
    assert [type(b).__name__ for b in out] == ["Table", "Paragraph"]
    assert out[0].rows[-2:] == [["三、本年度办理结果数量"] + [""] * 7, ["四、结转下年度"] + [""] * 7]
    assert out[1].text == "四、政府信息公开行政复议情况"


def test_unruled_spanning_cells_short_line_reaching_into_the_next_column_keeps_that_column():
    # 表三's corner cell spans both label columns; its short last line (第四项之和）) runs a little past the
    # sub-label column's start. It is narrower than every sub-label, so it must not widen the group label
    # column over that start (the sub-labels merged into the group label, their column lost, and a
    # sub-label's wrapped line alone no longer fitted the table, which then ended there: the rest of the
    # table, on the next page, was read as a table of its own without the columns holding no value)
    group, sub = COLS[0] + 4, COLS[0] + 54  # sub-labels start inside 第四项之和） (64..124)
    boxes = text_boxes("（本列勾稽关系：第一", group, 100) + text_boxes("申请人情况", COLS[1] + 4, 100)
    boxes += text_boxes("第四项之和）", group, 113) + header(113)
    boxes += text_boxes("三、本年", group, 139) + text_boxes("（一）予以公开", sub, 139)
    boxes += row_boxes(["", "2", "1", "", "", "", "", "3"], 139) + text_boxes("度办理结", group, 152)
    boxes += text_boxes("果", group, 165) + text_boxes("（二）部分公开（区", sub, 165)
    boxes += text_boxes("分处理的，只计这一", sub, 178) + text_boxes("（三）不予公开", sub, 204)
    boxes += row_boxes(["", "", "", "", "", "", "4", "4"], 204)
    [grid] = grids([layout_page(boxes, [])])
    assert [r[1] for r in grid[2:]] == ["（一）予以公开", "（二）部分公开（区分处理的，只计这一", "（三）不予公开"]
    assert grid[2][2:] == ["2", "1", "", "", "", "", "3"]
    assert grid[-1][2:] == ["", "", "", "", "", "4", "4"]


def test_line_stopped_short_before_an_unsplittable_piece_is_joined():
    # 。 never starts a line and ” never follows a break: 流。” went down together, leaving the line two
    # characters short of the margin (more than the slack a justified line may leave)
    full = "本机关持续推进政务公开工作，" * 3  # 42 em from x=60: the margin
    short = "本机关持续推进政务公开工作，" * 2 + "全年出台与网民进行交"  # 38 em from x=80: 2 em short
    boxes = [b for k in range(2) for b in text_boxes(full, 60, 60 + 20 * k)]
    boxes += text_boxes(short, 80, 100) + text_boxes("流。”", 60, 120) + text_boxes("三、依申请公开情况", 60, 140)
    out = [b.text for b in blocks([layout_page(boxes, [])])]
    assert out[-2:] == [full * 2 + short + "流。”", "三、依申请公开情况"]


def test_page_markers_and_artefact_spaces_go():
    boxes = text_boxes("2023", 60, 50) + text_boxes("年，本机关", 60 + 20 + 3, 50)
    boxes += text_boxes("-2-", 290, 800)
    [para] = blocks([layout_page(boxes, [])])
    assert para.text == "2023年，本机关"


# ---------------------------------------------------------------------------------------------- generated

def _libreoffice():
    from gkextract.synth.render.pdf import libreoffice

    if not libreoffice():
        pytest.skip("needs LibreOffice (soffice) to make PDFs")


@pytest.fixture(scope="module")
def round_trips(tmp_path_factory):
    """20 generated reports with blank cells in each PDF layout, extracted."""
    _libreoffice()
    from gkextract.pipeline import extract
    from gkextract.synth import generate_record
    from gkextract.synth.roundtrip import differences

    out = tmp_path_factory.mktemp("geo_pdf")
    results = {}
    for fmt in ("pdf", "pdf_unruled"):
        drawn = [generate_record(random.Random(f"geo:{fmt}:{seed}"), allow_blanks=True) for seed in range(20)]
        for seed, ((gold, _), path) in enumerate(zip(drawn, write_rendered(drawn, fmt, out, f"{fmt}_"))):
            results[(fmt, seed)] = (gold, path, differences(gold, extract(path)))
    return results


@pytest.mark.parametrize("fmt", ["pdf", "pdf_unruled"])
def test_generated_pdfs_round_trip_exactly(round_trips, fmt):
    bad = {seed: diffs[:3] for (f, seed), (_, _, diffs) in round_trips.items() if f == fmt and diffs}
    assert bad == {}


def test_generated_blanks_are_read_as_blanks(round_trips):
    # the round trips hold blank cells (null in gold) in both layouts: they were placed, not shifted
    for fmt in ("pdf", "pdf_unruled"):
        blanks = sum(1 for (f, _), (gold, _, _) in round_trips.items() if f == fmt
                     for t in (gold.tables.proactive, gold.tables.requests, gold.tables.review_litigation)
                     if t is not None for cols in t.rows.values() for v in cols.values() if v is None)
        assert blanks > 20, fmt


def test_unruled_tables_have_no_ruling_lines(round_trips):
    from gkextract.readers.pdf import page_content
    import pypdfium2 as pdfium

    for (fmt, seed), (_, path, _) in round_trips.items():
        if seed > 2:
            continue
        pdf = pdfium.PdfDocument(str(path))
        rules = [r for i in range(len(pdf)) for r in page_content(pdf[i])[1]]
        assert bool(rules) == (fmt == "pdf"), (fmt, seed)
        pdf.close()


@pytest.fixture(scope="module")
def all_blank_unruled(tmp_path_factory):
    """Reports whose zeros are all left blank, unruled: whole columns of a table may be empty, rows are
    labels alone (also at a page's top and a table's end), a data row may stand alone on a page."""
    _libreoffice()
    from gkextract.synth import generate_record

    drawn = [generate_record(random.Random(f"geo:blank:{seed}"), allow_blanks=True, blank_rate=1.0,
                             templates=["2019", "2021"]) for seed in range(6)]
    paths = write_rendered(drawn, "pdf_unruled", tmp_path_factory.mktemp("geo_blank"), "b")
    return [gold for gold, _ in drawn], paths


def test_all_blank_zeros_unruled_round_trip(all_blank_unruled):
    from gkextract.pipeline import extract
    from gkextract.synth.roundtrip import differences

    golds, paths = all_blank_unruled
    assert {p.name: differences(g, extract(p))[:3] for g, p in zip(golds, paths)
            if differences(g, extract(p))} == {}


# ---------------------------------------------------------------------------------------------- encryption

def _encrypted(tmp_path, user: str):
    _libreoffice()
    pypdf = pytest.importorskip("pypdf")
    from gkextract.synth import generate_record, render_many

    _, content = generate_record(random.Random("geo:enc"), allow_blanks=False)
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(render_many([content], "pdf")[0])
    writer = pypdf.PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password=user, owner_password="owner-secret")
    p = tmp_path / "locked.pdf"
    with open(p, "wb") as fh:
        writer.write(fh)
    return plain, p


def test_encrypted_pdf_that_opens_without_a_password_is_read(tmp_path):
    plain, locked = _encrypted(tmp_path, user="")
    assert read(locked).text == read(plain).text


def test_encrypted_pdf_that_needs_a_password_names_file_and_reason(tmp_path):
    from gkextract.errors import ReadError

    _, locked = _encrypted(tmp_path, user="secret")
    with pytest.raises(ReadError, match="encrypted PDF: needs a password") as e:
        read(locked)
    assert e.value.path == str(locked)
