"""DOCX reader: documents built here with python-docx (no real report text), read through readers.read."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from gkextract.document import Paragraph, Table
from gkextract.errors import ReadError
from gkextract.readers import read


def paragraphs(doc) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def tables(doc) -> list[list[list[str]]]:
    return [b.rows for b in doc.blocks if isinstance(b, Table)]


def fill(table, rows: list[list[str]]) -> None:
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def merged_report() -> docx.Document:
    """Title, a two-line paragraph, a 4x5 table with horizontal and vertical merges, a closing paragraph."""
    document = docx.Document()
    document.add_paragraph("示例区人民政府2019年政府信息公开工作年度报告")
    p = document.add_paragraph("一、总体情况")
    p.add_run().add_break()  # a soft line break is a new visual line
    p.add_run("本年度主动公开信息。")
    table = document.add_table(rows=4, cols=5)
    fill(table, [
        ["", "", "本年新", "本年新公开数量", "对外公开总数量"],
        ["规章", "", "0", "0", "3"],
        ["规范性文件", "", "2", "", "15"],
        ["行政许可", "上一年项目数量", "本年增/减", "处理决定数量", ""],
    ])
    table.cell(0, 0).merge(table.cell(0, 1)).text = "信息内容"       # across: gridSpan=2
    table.cell(1, 1).merge(table.cell(2, 1)).text = "纵向"           # down: vMerge restart/continue
    table.cell(3, 3).merge(table.cell(3, 4)).text = "处理决定数量"
    label = table.cell(0, 2).paragraphs[0]
    label.add_run().add_break()
    label.add_run("制作数量")                                         # 本年新 + break + 制作数量
    table.cell(0, 2).add_paragraph("（件）")                          # a second paragraph in the cell
    document.add_paragraph("二、主动公开政府信息情况")
    return document


def save(document: docx.Document, path) -> None:
    document.save(str(path))


def test_paragraphs_and_merged_table_in_body_order(tmp_path):
    path = tmp_path / "report.docx"
    save(merged_report(), path)
    doc = read(path)
    assert doc.format == "docx"
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph"] * 3 + ["Table", "Paragraph"]
    assert paragraphs(doc) == ["示例区人民政府2019年政府信息公开工作年度报告", "一、总体情况",
                               "本年度主动公开信息。", "二、主动公开政府信息情况"]
    assert tables(doc) == [[
        ["信息内容", "", "本年新制作数量（件）", "本年新公开数量", "对外公开总数量"],
        ["规章", "纵向", "0", "0", "3"],
        ["规范性文件", "", "2", "", "15"],
        ["行政许可", "上一年项目数量", "本年增/减", "处理决定数量", ""],
    ]]
    table = next(doc.tables())
    assert doc.text[table.start:table.end].split("\n")[1] == "规章\t纵向\t0\t0\t3"


def test_nested_table_makes_the_outer_one_layout(tmp_path):
    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "表前说明"
    inner = cell.add_table(rows=2, cols=2)
    fill(inner, [["统计指标", "统计数"], ["主动公开政府信息数", "970"]])
    cell.add_paragraph("表后说明")
    document.add_paragraph("正文结束")
    path = tmp_path / "layout.docx"
    save(document, path)
    doc = read(path)
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph", "Paragraph"]
    assert paragraphs(doc) == ["表前说明", "表后说明", "正文结束"]
    assert tables(doc) == [[["统计指标", "统计数"], ["主动公开政府信息数", "970"]]]


def test_tracked_insertions_and_blank_rows(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("本年度收到申请")
    insertion = OxmlElement("w:ins")  # a tracked insertion wraps its run: Word shows its text
    insertion.set(qn("w:id"), "1")
    insertion.set(qn("w:author"), "x")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "12件"
    run.append(text)
    insertion.append(run)
    p._p.append(insertion)
    table = document.add_table(rows=3, cols=2)
    fill(table, [["自然人", "12"], ["", ""], ["总计", "12"]])
    path = tmp_path / "ins.docx"
    save(document, path)
    doc = read(path)
    assert paragraphs(doc) == ["本年度收到申请12件"]
    assert tables(doc) == [[["自然人", "12"], ["总计", "12"]]]  # the all-blank row says nothing


def test_blank_edge_columns_are_dropped(tmp_path):
    # an empty cell closing every row (and one opening them) says nothing: as in HTML (test_read_html)
    document = docx.Document()
    table = document.add_table(rows=2, cols=5)
    fill(table, [["", "统计指标", "单位", "统计数", ""], ["", "主动公开", "条", "970", " "]])
    path = tmp_path / "edges.docx"
    save(document, path)
    assert tables(read(path)) == [[["统计指标", "单位", "统计数"], ["主动公开", "条", "970"]]]


def test_a_picture_is_a_line_of_its_own(tmp_path):
    # a table pasted as a picture stays in the text as IMAGE_LINE, as in HTML (test_read_html)
    from PIL import Image

    from gkextract.document import IMAGE_LINE

    png = tmp_path / "t4.png"
    Image.new("RGB", (300, 200), "white").save(png)
    document = docx.Document()
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    document.add_picture(str(png))
    document.add_paragraph("五、存在的主要问题及改进情况")
    path = tmp_path / "pic.docx"
    save(document, path)
    assert paragraphs(read(path)) == ["四、政府信息公开行政复议、行政诉讼情况", IMAGE_LINE, "五、存在的主要问题及改进情况"]


def expect_error(path, reason: str) -> None:
    with pytest.raises(ReadError) as err:
        read(path)
    assert str(err.value) == f"{path}: {reason}"


def test_truncated_docx_is_corrupt(tmp_path):
    buffer = io.BytesIO()
    merged_report().save(buffer)
    path = tmp_path / "cut.docx"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    expect_error(path, "not a valid DOCX (corrupt or encrypted)")


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    expect_error(path, "not a valid DOCX (a zip archive, but not a Word document)")


def test_office_package_that_is_not_word(tmp_path):
    buffer = io.BytesIO()
    merged_report().save(buffer)
    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":  # pretend the main part is a spreadsheet
                data = data.replace(b"wordprocessingml.document.main", b"spreadsheetml.sheet.main")
            target.writestr(item, data)
    expect_error(path, "not a valid DOCX (a zip archive, but not a Word document)")


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def test_legacy_doc_saved_as_docx_is_refused(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 512)
    expect_error(path, "legacy .doc is not supported; save as .docx")


def test_encrypted_docx_is_refused(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(OLE + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512)
    expect_error(path, "not a valid DOCX (corrupt or encrypted)")


def test_row_starting_late_and_stray_vertical_merge(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    fill(table, [["统计指标", "单位", "统计数"], ["", "条", "970"]])
    table.cell(0, 0)._tc.get_or_add_tcPr().append(OxmlElement("w:vMerge"))  # "continue" with no row above
    row = table.rows[1]._tr
    row.remove(row.tc_lst[0])  # the second row starts one grid column late (w:gridBefore)
    grid_before = OxmlElement("w:gridBefore")
    grid_before.set(qn("w:val"), "1")
    row.get_or_add_trPr().append(grid_before)
    path = tmp_path / "odd.docx"
    save(document, path)
    assert tables(read(path)) == [[["统计指标", "单位", "统计数"], ["", "条", "970"]]]


def test_continued_merge_keeps_later_cells_in_their_grid_columns(tmp_path):
    # a malformed vMerge "continue" wider than the cell above it: the cell after it still sits in the
    # grid column it starts at (python-docx's cell API shifts it left, under the merged cell)
    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    fill(table, [["指标", "甲", "乙", "丙"], ["", "", "", "970"]])
    row = table.rows[1]._tr
    first = row.tc_lst[0]
    row.remove(row.tc_lst[1])
    row.remove(row.tc_lst[1])
    first.get_or_add_tcPr().append(OxmlElement("w:vMerge"))
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), "3")
    first.get_or_add_tcPr().append(span)
    path = tmp_path / "wide_merge.docx"
    save(document, path)
    assert tables(read(path)) == [[["指标", "甲", "乙", "丙"], ["", "", "", "970"]]]


def _wrapped_run(wrapper: str, text_tag: str, text: str):
    """<wrapper><w:r><text_tag>text</text_tag></w:r></wrapper>"""
    element, run, t = OxmlElement(wrapper), OxmlElement("w:r"), OxmlElement(text_tag)
    t.text = text
    run.append(t)
    element.append(run)
    return element


def test_text_boxes_deleted_runs_and_breaks(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("第一行")
    p.add_run().add_break()                                      # a line break: a new line
    p.add_run("第二行")
    from docx.enum.text import WD_BREAK
    p.add_run().add_break(WD_BREAK.PAGE)                         # a page break is no text
    p.add_run("续")
    p._p.append(_wrapped_run("w:del", "w:delText", "删去"))          # a tracked deletion is not shown
    p._p.append(_wrapped_run("w:hyperlink", "w:t", "（链接）"))       # a link's runs are text
    path = tmp_path / "runs.docx"
    save(document, path)
    assert paragraphs(read(path)) == ["第一行", "第二行续（链接）"]


@pytest.fixture(scope="module")
def blank_docx_reports(tmp_path_factory):
    """Generated 2019/2021 reports as DOCX with every zero left blank; some have 表三/表四 all blank."""
    import random

    from gkextract.pipeline import extract
    from gkextract.synth import generate_record, render

    out = tmp_path_factory.mktemp("blank_docx")
    results = []
    for seed in range(16):
        gold, content = generate_record(random.Random(f"rt:docx:{seed}"), templates=["2019", "2021"],
                                        blank_rate=1.0)
        path = out / f"r{seed}.docx"
        path.write_bytes(render(content, "docx"))
        results.append((gold, extract(path)))
    return results


def all_blank(table) -> bool:
    return table is not None and all(v is None for row in table.rows.values() for v in row.values())


def test_all_blank_requests_and_review_tables_give_rows_of_nulls(blank_docx_reports):
    from gkextract.synth.roundtrip import differences

    blank = [(gold, pred) for gold, pred in blank_docx_reports
             if all_blank(gold.tables.requests) or all_blank(gold.tables.review_litigation)]
    assert blank, "no generated report with an all-blank 表三 or 表四"
    for gold, pred in blank:
        for name in ("requests", "review_litigation"):
            if all_blank(getattr(gold.tables, name)):
                assert getattr(pred.tables, name) is not None, name
                assert getattr(pred.tables, name).rows == getattr(gold.tables, name).rows
    assert {gold.source: differences(gold, pred)[:3] for gold, pred in blank_docx_reports
            if differences(gold, pred)} == {}


def test_reading_a_generated_report_is_fast(tmp_path):
    # the lxml reader takes a few milliseconds per report (python-docx's cell API took ~60 ms)
    import random
    import time

    from gkextract.synth import generate_record, render

    _, content = generate_record(random.Random("speed"), templates=["2021"])
    path = tmp_path / "r.docx"
    path.write_bytes(render(content, "docx"))
    read(path)
    start = time.perf_counter()
    for _ in range(10):
        read(path)
    assert (time.perf_counter() - start) / 10 < 0.04
