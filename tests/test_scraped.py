"""Scraped page text (issue 10 §1): metadata header, one-line bodies, legacy tables flattened into one run."""
from __future__ import annotations

import random

import pytest

from gkextract.readers.normalise import split_body, split_header, split_inline
from gkextract.tables import flat
from gkextract.synth import generate_record, render
from gkextract.synth.roundtrip import differences

extract = pytest.importorskip("gkextract.pipeline").extract

# invented report text, in the shapes crawlers save
TITLE = "青禾县统计局2015年政府信息公开工作年度报告"
BODY = ("本报告根据《中华人民共和国政府信息公开条例》编制，欢迎提出意见建议。一、概述2015年，本局认真贯彻落实条例，"
        "各项工作稳步推进。二、主动公开政府信息情况（一）公开情况全年主动公开信息120条。（二）公开渠道通过门户网站公开。"
        "三、依申请公开政府信息情况全年受理申请3件，均按时答复。四、存在的主要问题及改进措施一是公开内容不够全面。"
        "五、政府信息公开情况统计表")


def _decode(text):
    findings = []
    tables = flat.find_tables(text)
    assert len(tables) == 1
    return flat.decode(tables[0], findings), findings


# ---------------------------------------------------------------- metadata header

def test_header_fields_leave_the_body():
    lines = [f"标题：{TITLE}", "发布时间: 2016-03-20 10:12", "文号：青统〔2016〕3号", "发布机构：青禾县统计局",
             "栏目：年度报告", "来源：http://www.example.gov.cn/a/1.html", "本地路径：/data/1.txt", "=" * 30, BODY]
    fields, rest = split_header(lines)
    assert fields == {"title": TITLE, "date": "2016-03-20 10:12", "doc_number": "青统〔2016〕3号",
                      "publisher": "青禾县统计局", "column": "年度报告", "source": "http://www.example.gov.cn/a/1.html",
                      "path": "/data/1.txt"}
    assert rest == [BODY]


def test_one_key_line_needs_a_separator():
    assert split_header(["标题：某报告", "-----", "正文"])[0] == {"title": "某报告"}
    # a report that opens with a key-like line of its own is left alone
    lines = ["联系电话：0000-1234567", "正文第一段。"]
    assert split_header(lines) == ({}, lines)
    lines = ["标题：某报告", "正文第一段。"]
    assert split_header(lines) == ({}, lines)
    # a page's metadata table saved as pipe rows is a table, not a header of key lines
    lines = ["索引号: | 000/2024-1 | 公开方式: | 主动公开 |", "发布机构: | 某局 | 主题分类: | 其他 |", "正文。"]
    assert split_header(lines) == ({}, lines)


def test_title_and_agency_from_the_header(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text(f"标题：{TITLE}\n发布机构：青禾县统计局\n{'-' * 20}\n{BODY}\n", encoding="utf-8")
    rec = extract(p)
    assert rec.title == TITLE
    assert rec.agency == "青禾县统计局"            # never 标题 / 发布机构
    assert rec.year == 2015
    assert [s.title for s in rec.sections][:4] == ["一、概述", "二、主动公开政府信息情况", "三、依申请公开政府信息情况",
                                                   "四、存在的主要问题及改进措施"]


# ---------------------------------------------------------------- one-line bodies

def test_inline_headings_and_sub_headings():
    parts = split_inline(TITLE + BODY, TITLE)
    assert parts[0] == TITLE
    for head in ("一、概述", "二、主动公开政府信息情况", "（一）公开情况", "三、依申请公开政府信息情况",
                 "四、存在的主要问题及改进措施", "五、政府信息公开情况统计表"):
        assert head in parts
    # no title word (情况, 措施 …) ends 公开渠道: the paragraph starts at its number, its title stays in it
    assert "（二）公开渠道通过门户网站公开。" in parts
    assert "2015年，本局认真贯彻落实条例，各项工作稳步推进。" in parts


def test_title_word_then_a_name_starting_with_a_conjunction():
    line = "前言。一、总体情况和安区司法局持续推进公开工作。二、主动公开政府信息情况全年公开信息。" * 3
    parts = split_inline(line)
    assert "一、总体情况" in parts and "和安区司法局持续推进公开工作。" in parts


def test_numbered_item_sentence_keeps_its_words():
    parts = split_inline("主要问题是：1．工作经费保障不足。2．人员多为兼职。")
    assert "1．工作经费保障不足。" in parts and "2．人员多为兼职。" in parts


def test_ordinary_text_is_left_alone():
    lines = ["某局2019年政府信息公开工作年度报告", "一、总体情况", "本局认真贯彻落实条例。", "二、主动公开政府信息情况"]
    assert split_body(lines, {}) == lines


def test_html_page_with_the_body_in_one_paragraph(tmp_path):
    p = tmp_path / "page.html"
    body = BODY.replace("建议。", "建议。" + "本局高度重视政府信息公开工作。" * 3)   # long, as whole bodies are
    p.write_text(f"<html><body><h1>{TITLE}</h1><p>{body}</p></body></html>", encoding="utf-8")
    rec = extract(p)
    assert rec.agency == "青禾县统计局"
    assert [s.title for s in rec.sections][:3] == ["一、概述", "二、主动公开政府信息情况", "三、依申请公开政府信息情况"]


# ---------------------------------------------------------------- flattened legacy tables

def test_issue_example_ambiguous_rows_stay_null():
    text = ("指标名称计量单位2015年度历年累计主动公开文件数条125040210其中：1、政府网站公开数条1250402102、"
            "政府公报公开数条00受理依申请公开信息总数件33")
    stats, findings = _decode(text)
    assert [s.label for s in stats] == ["主动公开文件数", "其中：1、政府网站公开数", "2、政府公报公开数", "受理依申请公开信息总数"]
    assert [s.unit for s in stats] == ["条", "条", "条", "件"]
    # 1250|40210, 12|5040210 and 1|25040210 all fit (parent = children in both columns): never guessed
    assert [s.values for s in stats] == [[None, None], [None, None], [0, 0], [3, 3]]
    assert {f.rule for f in findings} == {"NON_NUMERIC_CELL"} and {f.severity for f in findings} == {"info"}
    assert sorted(c for f in findings for c in f.cells) == ["legacy_stats.0", "legacy_stats.1"]


def test_parent_equals_sum_of_children_picks_the_split():
    # 1230 alone is 1|230 or 12|30; its children (10, 20) and (2, 10) sum to 12|30
    stats, findings = _decode("统计指标单位本年历年累计收到申请数件1230其中：1、当面申请数件10202、网络申请数件210")
    assert [s.values for s in stats] == [[12, 30], [10, 20], [2, 10]]
    assert findings == []


def test_one_column_groups_units_and_glued_numbers():
    text = ("统计指标单位统计数一、主动公开情况（一）主动公开政府信息数条84其中：主动公开规范性文件数条3"
            "三、依申请公开情况（一）收到申请数件121.当面申请数件52.网络申请数件7四、行政复议数量行政复议数量件0"
            "（三）接受培训人员数人次120青禾县统计局")
    stats, findings = _decode(text)
    assert [(s.label, s.unit, s.value) for s in stats] == [
        ("一、主动公开情况", None, None), ("（一）主动公开政府信息数", "条", 84), ("其中：主动公开规范性文件数", "条", 3),
        ("三、依申请公开情况", None, None), ("（一）收到申请数", "件", 12), ("1.当面申请数", "件", 5),
        ("2.网络申请数", "件", 7), ("四、行政复议数量", None, None), ("行政复议数量", "件", 0),
        ("（三）接受培训人员数", "人次", 120)]
    assert findings == []
    table = flat.find_tables(text)[0]
    assert text[table.end:] == "青禾县统计局"   # the run ends at the signature


def test_spaced_values_and_wrong_next_number():
    stats, _ = _decode("统计指标单位本年历年累计主动公开信息数条17 75政府网站公开数条3 9")
    assert [s.values for s in stats] == [[17, 75], [3, 9]]
    # the next label should be numbered 1: 「…件53.…」 cannot be read, the row stays blank
    stats, findings = _decode("统计指标单位统计数收到申请数件53.当面申请数件2")
    assert stats[0].value is None and findings[0].cells == ["legacy_stats.0"]


def test_flattened_legacy_report(tmp_path):
    p = tmp_path / "page.txt"
    table = "统计指标单位统计数一、主动公开情况（一）主动公开政府信息数条84三、依申请公开情况（一）收到申请数件12"
    p.write_text(f"标题：{TITLE}\n发布时间：2016-03-20\n{'=' * 20}\n{BODY}{table}青禾县统计局\n", encoding="utf-8")
    rec = extract(p)
    assert rec.template == "legacy"
    assert [(s.label, s.value) for s in rec.tables.legacy_stats] == [
        ("一、主动公开情况", None), ("（一）主动公开政府信息数", 84), ("三、依申请公开情况", None), ("（一）收到申请数", 12)]
    assert rec.sections[-1].title == "五、政府信息公开情况统计表"
    assert not any(s.title.startswith("三、依申请公开情况") for s in rec.sections)


# ---------------------------------------------------------------- round trip

def test_txt_scraped_round_trip(tmp_path):
    """100 generated reports of every template as crawlers save them: exact cells, sections, meta, title."""
    failures = {}
    path = tmp_path / "r.txt"
    for s in range(100):
        rec, content = generate_record(random.Random(f"rt:txt_scraped:{s}"))
        path.write_bytes(render(content, "txt_scraped"))
        pred = extract(path)
        diffs = differences(rec, pred)
        if pred.title != rec.title:
            diffs.append(f"title {pred.title!r}")
        if diffs:
            failures[s] = diffs[:4]
    assert failures == {}
