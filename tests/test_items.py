"""Problems/measures segmentation and the keyword theme baseline, on invented report text."""
import json
import subprocess
import sys

import pytest

from gkextract.document import Document, Paragraph
from gkextract.items import (KeywordThemeClassifier, ItemSegmenter, extract_items, load_taxonomy,
                             section_paragraphs)
from gkextract.items.enumerators import EnumerationState, accepted_enumerators
from gkextract.text import parse_numeral
from gkextract.items.segment import split_list, subheading_kind
from gkextract.record import MEASURE_THEMES, PROBLEM_THEMES, Section


def segment(*paragraphs):
    pos, pairs = 0, []
    for p in paragraphs:
        pairs.append((p, pos))
        pos += len(p) + 1
    return [(s.kind, s.text) for s in ItemSegmenter().segment(pairs)]


def test_numerals():
    assert [parse_numeral(t) for t in ("三", "十", "十二", "二十一", "两", "7", "③", "甲", "")] == [3, 10, 12, 21, 2, 7, 3, None, None]


def test_enumerators_need_a_sequence_and_a_boundary():
    state = EnumerationState()
    text = "统一是基础。一是内容不全；二是更新较慢；四是无关"
    found = accepted_enumerators(text, state)
    assert [(e.style, e.number) for e in found] == [("shi", 1), ("shi", 2)]


def test_inline_shi_points_with_lead_in_and_trailing_measure_sentence():
    items = segment("尽管做了大量工作，但对照要求仍然存在差距，一是栏目更新频率偏低；二是解读材料形式单一。"
                    "今后我们将建立更新台账，按月检查各栏目内容。")
    assert items == [("problem", "栏目更新频率偏低"), ("problem", "解读材料形式单一"),
                     ("measure", "今后我们将建立更新台账，按月检查各栏目内容")]


def test_subheadings_and_points_one_per_paragraph():
    items = segment("（一）存在的问题", "1.公开内容不够全面。", "2.工作人员业务能力有待提高。",
                    "（二）改进措施", "1.拓展公开范围，聚焦重点领域。", "2.加强业务培训，提升队伍能力。")
    assert items == [("problem", "公开内容不够全面"), ("problem", "工作人员业务能力有待提高"),
                     ("measure", "拓展公开范围，聚焦重点领域"), ("measure", "加强业务培训，提升队伍能力")]


def test_colon_lists_and_measure_lead_in():
    items = segment("经自查，主要存在以下问题：信息发布审核把关不严；部分栏目长期未更新；答复文书不够规范。",
                    "针对上述问题，我们将采取以下措施：一是严格落实三审三校制度；二是建立栏目更新台账。")
    assert items == [("problem", "信息发布审核把关不严"), ("problem", "部分栏目长期未更新"),
                     ("problem", "答复文书不够规范"),
                     ("measure", "严格落实三审三校制度"), ("measure", "建立栏目更新台账")]


def test_comma_list_after_colon_and_ru_list():
    assert split_list("栏目设置不够合理，解读形式比较单一，互动回应不够及时") == [
        "栏目设置不够合理", "解读形式比较单一", "互动回应不够及时"]
    assert split_list("及时、准确、全面") == ["及时、准确、全面"]  # parts too short to be items
    items = segment("本年度工作仍有不足之处。如基层公开栏内容陈旧、网上检索功能不完善等。"
                    "下一步，将推进基层公开栏标准化建设。")
    assert items == [("problem", "基层公开栏内容陈旧"), ("problem", "网上检索功能不完善等"),
                     ("measure", "下一步，将推进基层公开栏标准化建设")]


def test_heading_point_takes_the_next_paragraph_as_body():
    items = segment("存在问题：一是基层公开不够规范，二是数字化水平不高。", "改进措施：",
                    "（一）推进基层标准化", "组织各村规范设置公开栏，定期更新内容。",
                    "（二）强化数字赋能", "依托政务服务平台，推进智能检索功能建设。")
    assert items == [("problem", "基层公开不够规范"), ("problem", "数字化水平不高"),
                     ("measure", "推进基层标准化。组织各村规范设置公开栏，定期更新内容"),
                     ("measure", "强化数字赋能。依托政务服务平台，推进智能检索功能建设")]


def test_nested_lists_stay_inside_their_point_and_nothing_becomes_an_item():
    items = segment("2024年，我局将重点做好以下工作：",
                    "（一）完善制度。健全发布审核机制：1.建立台账；2.定期检查。",
                    "（二）加强培训。每季度组织一次专题培训。")
    assert [k for k, _ in items] == ["measure", "measure"]
    assert items[0][1].startswith("完善制度。") and "定期检查" in items[0][1]
    assert segment("无。") == []


def test_subheading_kinds():
    assert subheading_kind("（一）存在的主要问题") == "problem"
    assert subheading_kind("(二)下一步工作打算：") == "measure"
    assert subheading_kind("存在的主要问题及改进情况") == "title"
    assert subheading_kind("（一）信息更新不及时等问题。") is None


def test_extract_items_uses_the_problems_section_only():
    blocks = [Paragraph("一、总体情况"), Paragraph("一是建立了制度；二是开展了培训。"),
              Paragraph("五、存在的主要问题及改进情况"),
              Paragraph("主要问题：政策解读形式单一，门户网站栏目更新不及时。"),
              Paragraph("下一步，我们将加强政策解读，丰富图解和视频解读。"),
              Paragraph("六、其他需要报告的事项"), Paragraph("无。")]
    doc = Document.build("x.txt", "txt", "0" * 64, blocks)
    starts = [b.start for b in doc.blocks]
    sections = [Section(key="overview", title="一、总体情况", start=starts[0], end=starts[2]),
                Section(key="problems", title="五、存在的主要问题及改进情况", start=starts[2], end=starts[5]),
                Section(key="other", title="六、其他需要报告的事项", start=starts[5], end=len(doc.text))]
    assert [t for t, _ in section_paragraphs(doc, sections)][0].startswith("主要问题")
    problems, measures = extract_items(doc, sections)
    assert [p.text for p in problems] == ["政策解读形式单一", "门户网站栏目更新不及时"]
    assert problems[0].themes == ["interpretation"]
    assert "timeliness" in problems[1].themes and "platforms" in problems[1].themes
    assert [m.text for m in measures] == ["下一步，我们将加强政策解读，丰富图解和视频解读"]
    assert measures[0].themes == ["interpretation_response"]
    # offsets may be missing: sections are found by title
    loose = [Section(key=s.key, title=s.title) for s in sections]
    assert extract_items(doc, loose)[0] == problems
    assert extract_items(doc, [s for s in sections if s.key != "problems"]) == ([], [])


def test_taxonomy_matches_the_record_contract():
    tax = load_taxonomy()
    assert tuple(tax["problem"]) == PROBLEM_THEMES and tuple(tax["measure"]) == MEASURE_THEMES
    assert all(tax["problem"][t] for t in PROBLEM_THEMES) and all(tax["measure"][t] for t in MEASURE_THEMES)
    clf = KeywordThemeClassifier(tax, max_themes=1)
    assert clf.predict(["保密审查不严，敏感信息把关不够，发布审核流于形式"], "problem") == [["info_management"]]
    with pytest.raises(ValueError):
        clf.predict(["x"], "other")


def test_gold_items_score(shared_corpus, tmp_path):
    """Items on the visible gold reports, sections taken from gold titles (regression guard, not a metric)."""
    from gkextract.readers import read

    scorer = shared_corpus.parent / "tools" / "gkscore.py"
    for g in sorted((shared_corpus / "gold").glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        doc = read(shared_corpus / gold["source"]["path"])
        sections = [Section(key=s["key"], title=s["title"]) for s in gold["sections"]]
        problems, measures = extract_items(doc, sections)
        (tmp_path / g.name).write_text(json.dumps(
            {"problems": [p.model_dump() for p in problems], "measures": [m.model_dump() for m in measures]},
            ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, str(scorer), str(shared_corpus / "gold"), str(tmp_path),
                          "--only", "items", "--min", "problems.f1=0.8", "--min", "measures.f1=0.8"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


def test_list_named_inline_without_colon():
    """存在的问题主要是A，B，C等问题: each element one item, without the lead-in and the closing 等问题."""
    items = segment("存在的问题主要是公开意识不强，信息更新不及时，解读形式单一等问题。",
                    "不足主要表现在栏目维护不到位、解读材料质量不高等方面。")
    assert items == [("problem", "公开意识不强"), ("problem", "信息更新不及时"), ("problem", "解读形式单一"),
                     ("problem", "栏目维护不到位"), ("problem", "解读材料质量不高")]
    # one element only: a plain sentence stays one item
    assert segment("存在的问题主要是信息更新不够及时。") == [("problem", "存在的问题主要是信息更新不够及时")]


def test_list_opened_after_a_comma_in_a_framing_sentence():
    """…取得一定成效，但仍存在一些问题，主要是A；B。 / …还有一定差距，比如A、B等: the frame is no item (it was
    dropped whole, list and all), each element after the opener is one."""
    items = segment("本年度工作虽然取得一定成效，但仍存在一些问题，主要是公开内容不够丰富；解读形式较为单一。"
                    "下一步，将丰富公开内容，创新解读形式。")
    assert items == [("problem", "公开内容不够丰富"), ("problem", "解读形式较为单一"),
                     ("measure", "下一步，将丰富公开内容，创新解读形式")]
    assert segment("对照上级要求还有一定差距，比如网站栏目更新不够及时、依申请公开答复不够规范等。") == [
        ("problem", "网站栏目更新不够及时"), ("problem", "依申请公开答复不够规范")]
    # a comma then 如 in a sentence that frames nothing is a plain sentence
    assert segment("本年度共办理申请5件，如期答复率达到百分之百。") == [
        ("problem", "本年度共办理申请5件，如期答复率达到百分之百")]


def test_generated_item_classes_round_trip(tmp_path):
    """The generator writes problem lists opened after a comma in their framing sentence (…但仍存在一些问题，
    主要是A，B，C。) and a part on how last year's problems were fixed (（一）上年度问题整改情况, measures);
    the pipeline reads the problems and measures the gold says."""
    import random

    from gkextract.pipeline import extract
    from gkextract.synth import generate_record, render

    classes = {"comma": ("成效，但仍存在一些问题，主要是", "差距，比如", "不足，主要表现为"), "fixed": ("整改情况",)}
    seen, path = {k: 0 for k in classes}, tmp_path / "r.txt"
    for s in range(120):
        rec, content = generate_record(random.Random(f"items:{s}"))
        text = "\n".join(b.text or "" for b in content.blocks)
        drawn = [k for k, marks in classes.items() if any(m in text for m in marks)]
        if not drawn:
            continue
        for k in drawn:
            seen[k] += 1
        path.write_bytes(render(content, "txt_tab"))
        pred = extract(path)
        for part in ("problems", "measures"):
            got = [i.text.rstrip("。") for i in getattr(pred, part)]
            assert got == [i.text.rstrip("。") for i in getattr(rec, part)], (s, part)
    assert min(seen.values()) >= 5, seen


def test_lead_phrase_paragraphs_are_one_point_each():
    """Points written as a short lead phrase (bold on the page) and their explanation, one per paragraph,
    with no enumerator: each paragraph is one item, not one per sentence."""
    items = segment("存在的问题：", "信息更新不及时。部分栏目更新慢，内容陈旧。", "队伍建设不足。兼职人员多，业务不熟。",
                    "改进措施：", "强化日常维护。明确专人负责栏目更新。", "加强队伍建设。定期组织业务培训。")
    assert items == [("problem", "信息更新不及时。部分栏目更新慢，内容陈旧"),
                     ("problem", "队伍建设不足。兼职人员多，业务不熟"),
                     ("measure", "强化日常维护。明确专人负责栏目更新"), ("measure", "加强队伍建设。定期组织业务培训")]
    # a lone paragraph of that shape is plain prose: one item per sentence
    assert segment("信息更新不及时。部分栏目更新慢。") == [("problem", "信息更新不及时"), ("problem", "部分栏目更新慢")]


def test_a_lead_in_opening_the_other_part_starts_a_new_list():
    """Problems numbered 1. 2., then '针对上述问题，将采取以下措施：一是…；二是…' in one paragraph: the 一是 points
    are the measures' own list (they were refused as a nested list of another style, enumerators and all)."""
    items = segment("存在以下问题：", "1.主动公开的积极性有待提高。", "2.数据资源开放共享程度不高。",
                    "针对上述问题，我们将采取以下措施：一是加大宣传力度；二是推进数据开放共享。")
    assert items == [("problem", "主动公开的积极性有待提高"), ("problem", "数据资源开放共享程度不高"),
                     ("measure", "加大宣传力度"), ("measure", "推进数据开放共享")]


def test_generated_items_round_trip(tmp_path):
    """Every item style the generator writes, over 80 seeds: the problems and measures the gold says."""
    import random

    from gkextract.pipeline import extract
    from gkextract.synth import generate_record, render

    path, wrong = tmp_path / "r.txt", {}
    for s in range(80):
        rec, content = generate_record(random.Random(f"itemsrt:{s}"))
        path.write_bytes(render(content, "txt_tab"))
        pred = extract(path)
        for part in ("problems", "measures"):
            if [i.text.rstrip("。") for i in getattr(pred, part)] != [i.text.rstrip("。") for i in getattr(rec, part)]:
                wrong[s] = part
    assert wrong == {}
