"""Rule-based section finder: which numbered lines are headings of the report's parts."""
from __future__ import annotations

from gkextract.document import Document, Paragraph
from gkextract.pipeline import default_pipeline
from gkextract.sections import RuleSectionFinder


def find(lines):
    doc = Document.build("r.txt", "txt", "0" * 64, [Paragraph(t) for t in lines])
    return [(s.key, s.title) for s in RuleSectionFinder().find(doc)]


def test_numbering_styles_and_heading_variants():
    lines = ["某局2023年政府信息公开工作年度报告", "第一部分 总体情况", "正文。", "第二部分：主动公开政府信息情况", "正文。",
             "3．收到和处理政府信息公开申请情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
             "五、存在问题及改进情况", "六、其他需要报告的事项", "无。"]
    assert [k for k, _ in find(lines)] == ["overview", "proactive", "requests", "review_litigation", "problems",
                                          "other"]


def test_an_enumerated_item_with_a_clause_break_is_no_heading():
    lines = ["五、存在的主要问题及改进情况", "1．部分工作人员对政务公开认识不够，主动公开的内容还不够全", "六、其他需要报告的事项"]
    assert [k for k, _ in find(lines)] == ["problems", "other"]


def test_numbered_rows_inside_a_decoded_table_are_no_headings():
    lines = ["七、相关说明和指标统计表", "统计指标 单位 统计数", "一、主动公开情况", "（一）主动公开政府信息数条 84",
             "三、依申请公开情况", "（一）收到申请数件 13", "四、行政复议数量", "行政复议数量件 1", "某某县统计局"]
    doc = Document.build("r.txt", "txt", "0" * 64, [Paragraph(t) for t in lines])
    record = default_pipeline()(doc)
    assert [(s.key, s.title) for s in record.sections] == [("statistics", "七、相关说明和指标统计表")]
    assert record.tables.legacy_stats[4].label == "四、行政复议数量"


def test_numbered_sub_items_inside_a_part_are_no_parts():
    lines = ["一、总体情况", "1.主动公开政府信息情况", "正文。", "2.深化重点领域信息公开", "正文。", "3.规范办理依申请公开",
             "正文。", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "1、依申请公开情况",
             "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert [k for k, _ in find(lines)] == ["overview", "proactive", "requests", "review_litigation", "problems",
                                          "other"]


def test_a_sub_item_numbered_as_the_next_part_is_no_part_when_that_part_follows():
    lines = ["一、总体情况", "1．主动公开情况", "2．依申请公开情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    assert [t for _, t in find(lines)] == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]


def test_a_part_numbered_in_the_wrong_style_stays_a_part():
    lines = ["一、总体情况", "2、 主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    assert [k for k, _ in find(lines)] == ["overview", "proactive", "requests"]


def test_arabic_top_level_and_parts_under_a_part_numbering():
    lines = ["1．总体情况", "1.主动公开政府信息情况", "2．主动公开政府信息情况", "3．收到和处理政府信息公开申请情况"]
    assert [t for _, t in find(lines)] == ["1．总体情况", "2．主动公开政府信息情况", "3．收到和处理政府信息公开申请情况"]
    lines = ["第一部分 总体情况", "一、主动公开情况", "第二部分 主动公开政府信息情况", "二、依申请公开", "第三部分 收到和处理政府信息公开申请情况"]
    assert [k for k, _ in find(lines)] == ["overview", "proactive", "requests"]


def test_generated_sub_items_numbered_like_parts_give_exact_sections():
    import random

    from gkextract.readers import read
    from gkextract.synth.generate import generate_record
    from gkextract.synth.render import render
    seen = 0
    for seed in range(300):
        gold, content = generate_record(random.Random(seed), templates=["2019", "2021"])
        subs = [b.text for b in content.blocks if b.kind == "subheading" and b.text[:1].isdigit()]
        if not subs:
            continue
        seen += 1
        doc = Document.build("r.txt", "txt", "0" * 64, [Paragraph(b.text) for b in content.blocks if b.text])
        assert [(s.key, s.title) for s in RuleSectionFinder().find(doc)] == \
            [(s.key, s.title) for s in gold.sections], (seed, subs)
        if seen >= 20:
            break
    assert seen >= 20


def test_part_headings_inline_in_a_one_line_body():
    # scraped pages the reader leaves as one paragraph: the heading alone is the section, at its offset
    body = ("根据《条例》要求，编制本报告。 一、总体情况 2021年，本部认真贯彻落实条例，一、加强领导。"
            "主动公开信息8118篇，收到申请12件，均已办结，相关工作有序推进，取得积极成效。二、主动公开政府信息情况 "
            "第二十条第（一）项 三、收到和处理政府信息公开申请情况")
    doc = Document.build("r.txt", "txt", "0" * 64, [Paragraph("某部2021年政府信息公开工作年度报告"), Paragraph(body)])
    secs = RuleSectionFinder().find(doc)
    assert [(s.key, s.title) for s in secs] == [("overview", "一、总体情况"), ("proactive", "二、主动公开政府信息情况"),
                                               ("requests", "三、收到和处理政府信息公开申请情况")]
    assert all(doc.text[s.start:s.start + len(s.title)] == s.title for s in secs)


def test_first_part_titles_with_a_subject_or_year_in_front():
    for title in ("一、政府信息公开工作总体情况", "一、2023年政务公开总体情况", "一、2011年度政府信息公开基本情况",
                  "一、2015年政府信息公开工作的情况概述",
                  # the year's work in general
                  "一、年度工作总体情况", "一、 本年度工作基本情况", "第一部分 2023年工作总体情况"):
        assert [k for k, _ in find([title, "正文。", "二、主动公开政府信息情况"])] == ["overview", "proactive"], title


def test_section_score_ignores_headings_cut_at_an_opening_end():
    from gkextract.models.section_cv import section_counts
    from gkextract.record import Section

    gold = [Section(key="overview", title="一、总体情况", start=0)]
    pred = gold + [Section(key="requests", title="三、收到和处理政府信息公开申请情", start=100)]
    assert section_counts(gold, pred, text_len=116) == {"tp": 1, "fp": 0, "fn": 0}
    assert section_counts(gold, pred)["fp"] == 1


def test_candidate_classifier_learns_generated_headings():
    from gkextract.corpus import synth_reports
    from gkextract.models.sections import CandidateSectionClassifier
    from gkextract.tables.engine import decode_tables

    reps = synth_reports(14, seed=7, formats=["txt_tab", "html"])
    for r in reps:
        r.doc.spans["tables"] = decode_tables(r.doc).spans
    model = CandidateSectionClassifier().fit([(r.doc, r.record.sections) for r in reps[:10]])
    hits = total = 0
    for r in reps[10:]:
        gold = [(s.key, s.title) for s in r.record.sections]
        pred = [(s.key, s.title) for s in model.find(r.doc)]
        hits += len(set(gold) & set(pred))
        total += len(gold)
    assert hits >= 0.9 * total
