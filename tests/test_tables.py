"""The table engine: label matching, cell parsing and the broken layouts real reports come in."""
import random

import pytest

from gkextract.document import Document, Paragraph, Table
from gkextract.tables.engine import decode_tables
from gkextract.tables.templates import load_templates
from gkextract.text import parse_cell

T = load_templates()
COLS = T.requests_cols


def doc_of(*blocks) -> Document:
    return Document.build("t.txt", "txt", "0" * 64, list(blocks))


def t3_rows(template="2021", values=None, rng=None):
    """表三 rows with official labels and values that satisfy the arithmetic."""
    rng = rng or random.Random(1)
    rows = [r for r in T.requests_rows if r.applies_to(template)]
    values = values or {}
    results = [r.key for r in rows if r.key not in ("new_received", "carried_over", "total_handled", "carried_forward")]
    grid = {}
    for key in results:
        parts = [rng.choice([0, 0, 0, 1, 2, 13]) for _ in range(6)]
        grid[key] = parts + [sum(parts)]
    total = [sum(grid[k][c] for k in results) for c in range(7)]
    carry_in = [rng.choice([0, 1]) for _ in range(6)]
    carry_in.append(sum(carry_in))
    carry_out = [min(c, 1) for c in carry_in[:6]]
    carry_out.append(sum(carry_out))
    grid["carried_over"] = carry_in
    grid["total_handled"] = total
    grid["carried_forward"] = carry_out
    grid["new_received"] = [total[c] + carry_out[c] - carry_in[c] for c in range(7)]
    grid.update(values)
    return [(r.label, grid[r.key]) for r in rows], grid


@pytest.mark.parametrize("text,value,unit", [
    ("减4", -4, None), ("+1036", 1036, None), ("增3", 3, None), ("−8", -8, None), ("3739265元", 3739265, "元"),
    ("165950.2", 165950.2, None), ("1,036", 1036, None), ("/", None, None), ("——", None, None), ("无", None, None),
    (" ", None, None), ("0", 0, None),
])
def test_cells(text, value, unit):
    parsed = parse_cell(text)
    assert parsed.numeric and parsed.value == value and parsed.unit == unit
    assert type(parsed.value) is type(value)


def test_text_in_a_value_cell_is_null_and_reported():
    doc = doc_of(Paragraph("二、主动公开政府信息情况"),
                 Table([["第二十条第（五）项"], ["信息内容", "本年处理决定数量"], ["行政许可", "见附件"]]))
    decoded = decode_tables(doc)
    assert decoded.tables.proactive.rows["licensing"] == {"decisions": None}
    assert [c.rule for c in decoded.findings] == ["NON_NUMERIC_CELL"]
    assert decoded.findings[0].cells == ["proactive.licensing.decisions"]


def test_run_together_rows_split_by_the_tables_arithmetic():
    rows, grid = t3_rows("2019")
    paras = [Paragraph(label + "".join(str(v) for v in vals)) for label, vals in rows]
    decoded = decode_tables(doc_of(*paras))
    table = decoded.tables.requests
    for key, vals in grid.items():
        if key in table.rows:
            got = [table.rows[key][c] for c in COLS]
            if got != vals:
                # only rows the arithmetic cannot pin down may stay blank, and they are reported
                assert got == [None] * 7
                assert any(f"requests.{key}.total" in c.cells for c in decoded.findings)
    assert table.rows["new_received"]["total"] == grid["new_received"][6]
    assert decoded.template == "2019"


def test_ambiguous_run_together_is_left_blank_and_reported():
    # 1 1 0 0 0 0 2 also reads 11 0 0 0 0 0 11? no — but 1 10 0 0 0 0 11 and 11 0 0 0 0 0 11 both fit "1100000011"
    doc = doc_of(Paragraph("一、本年新收政府信息公开申请数量1100000011"))
    decoded = decode_tables(doc)
    assert decoded.tables.requests.rows["new_received"] == dict.fromkeys(COLS)
    assert decoded.findings[0].rule == "NON_NUMERIC_CELL" and decoded.findings[0].severity == "info"


def test_misaligned_pipe_rows_take_the_next_lines_values():
    doc = doc_of(Table([["第二十条第(六)项"], ["信息内容", "本年处理决定数量"], ["行政处罚"], ["7", "", ""],
                        ["行政强制", "", "", ""]]))
    pro = decode_tables(doc).tables.proactive
    assert pro.rows["penalty"] == {"decisions": 7}
    assert pro.rows["coercion"] == {"decisions": None}


def test_traditional_halfwidth_and_split_labels_match():
    rows, grid = t3_rows("2021")
    import opencc

    s2t = opencc.OpenCC("s2t")
    table_rows = [[s2t.convert(label).replace("（", "(").replace("）", ")").replace("，", ","), *map(str, vals)]
                  for label, vals in rows]
    review = [["行政復議", "", "", "", "", "行政訴訟"], ["結", "果", "維", "持"], [str(v) for v in [1, 0, 0, 0, 1] * 3]]
    decoded = decode_tables(doc_of(Table(table_rows), Table(review)))
    for key, vals in grid.items():
        assert [decoded.tables.requests.rows[key][c] for c in COLS] == vals, key
    assert decoded.tables.review_litigation.rows["litigation_after_review"]["total"] == 1


def test_review_table_values_one_per_line():
    lines = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", "结果", "维持", "总计"]
    values = [2, 1, 0, 0, 3, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2]
    decoded = decode_tables(doc_of(*[Paragraph(x) for x in lines + [str(v) for v in values]]))
    rl = decoded.tables.review_litigation.rows
    assert [rl["review"][c] for c in T.review_cols] == [2, 1, 0, 0, 3]
    assert [rl["litigation_after_review"][c] for c in T.review_cols] == [1, 0, 0, 1, 2]


def test_2019_proactive_with_units_signed_changes_and_a_local_row():
    rows = [["第二十条第（一）项"], ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"], ["规章", "", "/", "—"],
            ["第二十条第（五）项"], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"], ["行政许可", "12", "减4", "30"],
            ["其他主动公开文件", "5", "", ""],
            ["第二十条第（九）项"], ["信息内容", "采购项目数量", "采购总金额"], ["政府集中采购", "61", "3739265元"]]
    decoded = decode_tables(doc_of(Table(rows)))
    pro = decoded.tables.proactive
    assert decoded.template == "2019"
    assert pro.rows["rules"] == {"new_made": None, "new_published": None, "total_published": None}
    assert pro.rows["licensing"] == {"prev_items": 12, "change": -4, "decisions": 30}
    assert pro.rows["procurement"] == {"items": 61, "amount": 3739265}
    assert pro.units == {"procurement.amount": "元"}
    assert [(r.label, r.cells) for r in pro.extra_rows] == [("其他主动公开文件", [5, None, None])]
    assert "penalty" not in pro.rows  # absent from the report: absent from the record


def test_2021_other_handling_sub_rows_and_template():
    rows, grid = t3_rows("2021")
    decoded = decode_tables(doc_of(Table([["（六）其他处理", label, *map(str, v)] if "逾期不补正" in label
                                          else [label, *map(str, v)] for label, v in rows])))
    req = decoded.tables.requests.rows
    assert "other_handling" not in req
    assert [req["other_misc"][c] for c in COLS] == grid["other_misc"]


def test_legacy_statistics_table():
    rows = [["统　计　指　标", "单位", "统计数"], ["一、主动公开情况", "", ""],
            ["（一）主动公开政府信息数\n（不同渠道和方式公开相同信息计1条）", "条", "970"],
            ["（二）通过不同渠道和方式公开政府信息的情况", "——", "——"], ["举报投诉数量", "件", "3"]]
    decoded = decode_tables(doc_of(Paragraph("某局2015年政府信息公开工作年度报告"), Table(rows)))
    stats = decoded.tables.legacy_stats
    assert decoded.template == "legacy"
    assert [(s.label, s.unit, s.value) for s in stats] == [
        ("一、主动公开情况", None, None),
        ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", 970),
        ("（二）通过不同渠道和方式公开政府信息的情况", None, None), ("举报投诉数量", "件", 3)]


LEGACY_AS_TEXT = [
    "七、相关说明和指标统计表", "统计指标 单位 本年 历年累计", "一、主动公开情况", "（一）主动公开政府信息数条 84 1200",
    "制发规范性文件总数件 3 40", "四、行政复议数量", "行政复议数量件 2 9", "（三）接受培训人员数人次 17 300",
    "某某县统计局", "2015年3月22日"]


@pytest.mark.parametrize("one_cell_per_line", [False, True])
def test_legacy_table_as_text_units_glued_or_one_cell_per_line(one_cell_per_line):
    lines = LEGACY_AS_TEXT
    if one_cell_per_line:  # PDF text: every cell its own line, units no longer glued
        lines = [lines[0], "统计指标", "单位", "本年", "历年累计", "一、主动公开情况", "（一）主动公开政府信息数", "条", "84",
                 "1200", "制发规范性文件总数", "件", "3", "40", "四、行政复议数量", "行政复议数量", "件", "2", "9",
                 "（三）接受培训人员数", "人次", "17", "300", "某某县统计局", "2015年3月22日"]
    doc = doc_of(*[Paragraph(x) for x in lines])
    decoded = decode_tables(doc)
    assert decoded.template == "legacy"
    assert [(s.label, s.unit, s.value, s.values) for s in decoded.tables.legacy_stats] == [
        ("一、主动公开情况", None, None, None), ("（一）主动公开政府信息数", "条", 84, [84, 1200]),
        ("制发规范性文件总数", "件", 3, [3, 40]), ("四、行政复议数量", None, None, None),
        ("行政复议数量", "件", 2, [2, 9]), ("（三）接受培训人员数", "人次", 17, [17, 300])]
    # the numbered group rows are table rows, not section headings: the decoded span covers them
    start = doc.text.index("四、行政复议数量")
    assert any(a <= start < b for a, b in decoded.spans)
    assert not any(a <= doc.text.index("七、相关说明") < b for a, b in decoded.spans)


@pytest.mark.parametrize("layout", ["grid", "text", "one_cell_per_line"])
def test_legacy_value_cell_holding_text_stays_null_and_is_reported(layout):
    """A legacy value that is no number (OCR's 7l, a note) is null and NON_NUMERIC_CELL names its row; the
    other values and rows are read as written. Nothing is left blank silently."""
    if layout == "grid":
        blocks = [Paragraph("某局2015年政府信息公开工作年度报告"), Table([
            ["统计指标", "单位", "统计数"], ["一、主动公开情况", "", ""], ["（一）主动公开政府信息数", "条", "84"],
            ["制发规范性文件总数", "件", "7l"], ["举报投诉数量", "件", "3"]])]
    elif layout == "text":
        blocks = [Paragraph(x) for x in ["统计指标 单位 统计数", "一、主动公开情况", "（一）主动公开政府信息数条 84",
                                         "制发规范性文件总数件 7l", "举报投诉数量件 3", "某某县统计局"]]
    else:
        blocks = [Paragraph(x) for x in ["统计指标", "单位", "统计数", "一、主动公开情况", "（一）主动公开政府信息数",
                                         "条", "84", "制发规范性文件总数", "件", "7l", "举报投诉数量", "件", "3",
                                         "某某县统计局"]]
    decoded = decode_tables(doc_of(*blocks))
    assert [(s.label, s.value) for s in decoded.tables.legacy_stats] == [
        ("一、主动公开情况", None), ("（一）主动公开政府信息数", 84), ("制发规范性文件总数", None), ("举报投诉数量", 3)]
    assert [(c.rule, c.cells) for c in decoded.findings] == [("NON_NUMERIC_CELL", ["legacy_stats.2"])]


def test_one_cell_per_line_rows_take_their_following_lines():
    lines = ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "0", "1", "2",
             "行政规范性文件", "3", "1", "21", "第二十条第（五）项", "信息内容", "本年处理决定数量", "行政许可", "7"]
    pro = decode_tables(doc_of(*[Paragraph(x) for x in lines])).tables.proactive
    assert pro.rows["rules"] == {"issued": 0, "repealed": 1, "in_force": 2}
    assert pro.rows["normative_docs"] == {"issued": 3, "repealed": 1, "in_force": 21}
    assert pro.rows["licensing"] == {"decisions": 7}


def test_review_row_of_fifteen_digits_run_together_is_split_by_group_totals():
    lines = ["行政复议 行政诉讼", "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉",
             "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计",
             "210031000110012"]
    rl = decode_tables(doc_of(*[Paragraph(x) for x in lines])).tables.review_litigation.rows
    assert [rl["review"][c] for c in T.review_cols] == [2, 1, 0, 0, 3]
    assert [rl["litigation_direct"][c] for c in T.review_cols] == [1, 0, 0, 0, 1]
    assert [rl["litigation_after_review"][c] for c in T.review_cols] == [1, 0, 0, 1, 2]


def test_review_grid_with_every_cell_blank_is_a_table_of_nulls():
    review = [["行政复议", "", "", "", "", "行政诉讼"], ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
              [" "] * 15]
    rl = decode_tables(doc_of(Table(review), Paragraph("五、存在的主要问题及改进情况"))).tables.review_litigation
    assert rl is not None
    assert all(v is None for row in rl.rows.values() for v in row.values()) and len(rl.rows) == 3


@pytest.mark.parametrize("name", ["huaian_hongzequ_2023", "huaian_hongzequ_2024"])
def test_pdf_text_without_grids_decodes_like_gold(shared_corpus, name):
    """The same real PDFs as plain text lines (values printed above or below their labels, labels wrapped,
    header words split): what a text-only PDF or a copy of one gives."""
    import json

    import pdfplumber

    with pdfplumber.open(shared_corpus / "real" / f"{name}.pdf") as pdf:
        lines = [ln for page in pdf.pages for ln in page.extract_text().split("\n")]
    decoded = decode_tables(doc_of(*[Paragraph(ln) for ln in lines]))
    gold = json.loads((shared_corpus / "gold" / f"{name}.json").read_text(encoding="utf-8"))["tables"]
    assert decoded.tables.requests.rows == gold["requests"]
    assert decoded.tables.review_litigation.rows == gold["review_litigation"]
    assert decoded.tables.proactive.rows == gold["proactive"]


# ---------------------------------------------------------------- a value cell that holds no number

BROKEN = ["o", "l", "0O", "1l", "5件?", "12（注）"]


def _t3_text_rows(broken: str, sep: str):
    rows, grid = t3_rows("2021")
    out = []
    for label, vals in rows:
        cells = [str(v) for v in vals]
        if label == rows[0][0]:
            cells[1] = broken   # 本年新收 · 法人或其他组织 商业企业: the anchor row of 表三
        out.append(label + sep + sep.join(cells))
    return out, grid


def _assert_one_null_cell(decoded, grid, broken):
    table = decoded.tables.requests
    assert table is not None, "one broken cell must not lose the table"
    for key, vals in grid.items():
        want = [None if (key, c) == ("new_received", COLS[1]) else v for c, v in zip(COLS, vals)]
        assert [table.rows[key][c] for c in COLS] == want, key
    findings = [f for f in decoded.findings if f.rule == "NON_NUMERIC_CELL"]
    assert [f.cells for f in findings] == [[f"requests.new_received.{COLS[1]}"]]
    assert broken in findings[0].message


@pytest.mark.parametrize("broken", BROKEN)
def test_broken_cell_in_a_grid_is_one_null_cell(broken):
    lines, grid = _t3_text_rows(broken, "\t")
    decoded = decode_tables(doc_of(Table([line.split("\t") for line in lines])))
    _assert_one_null_cell(decoded, grid, broken)


@pytest.mark.parametrize("broken", BROKEN)
@pytest.mark.parametrize("sep", [" ", "\t"])
def test_broken_cell_in_text_rows_is_one_null_cell(broken, sep):
    lines, grid = _t3_text_rows(broken, sep)
    decoded = decode_tables(doc_of(*[Paragraph(x) for x in lines]))
    _assert_one_null_cell(decoded, grid, broken)


@pytest.mark.parametrize("broken", BROKEN)
def test_broken_cell_one_cell_per_line_is_one_null_cell(broken):
    lines, grid = _t3_text_rows(broken, "\n")
    decoded = decode_tables(doc_of(*[Paragraph(x) for x in "\n".join(lines).split("\n")]))
    _assert_one_null_cell(decoded, grid, broken)


@pytest.mark.parametrize("broken", BROKEN)
def test_broken_cell_in_review_and_proactive_rows(broken):
    lines = ["第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数", f"规章 0 {broken} 2",
             "行政复议 行政诉讼", "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉",
             "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计",
             f"2 1 0 0 3 1 0 0 0 1 1 0 {broken} 1 2"]
    decoded = decode_tables(doc_of(*[Paragraph(x) for x in lines]))
    assert decoded.tables.proactive.rows["rules"] == {"issued": 0, "repealed": None, "in_force": 2}
    rl = decoded.tables.review_litigation.rows
    assert [rl["litigation_after_review"][c] for c in T.review_cols] == [1, 0, None, 1, 2]
    assert [rl["review"][c] for c in T.review_cols] == [2, 1, 0, 0, 3]
    assert sorted(c for f in decoded.findings for c in f.cells) == [
        "proactive.rules.repealed", "review_litigation.litigation_after_review.other"]


@pytest.mark.parametrize("label", ["1、", "2.规章", "2015年", "2021.1.15", "0931-1234567", "（一）予以公开"])
def test_labels_with_digits_are_no_broken_values(label):
    from gkextract.tables.lines import is_value_text
    assert not is_value_text(label)
