"""The figure candidate classifier (gkextract.models.figure_candidates) on invented sentences: candidates,
fit/predict, save/load."""
import pytest

pytest.importorskip("sklearn")
pytest.importorskip("jieba")

from gkextract.models.figure_candidates import CandidateFigureTagger, find_candidates  # noqa: E402
from gkextract.models.figures import spans_to_tags  # noqa: E402

# invented sentences: (text, [(span text, label)])
SENTENCES = [
    ("2022年，本单位主动公开政府信息231条，其中网站发布信息180条。",
     [("主动公开政府信息231条", "PROACTIVE_TOTAL"), ("网站发布信息180条", "PORTAL_POSTS")]),
    ("全年共收到政府信息公开申请17件，均已按时答复。", [("收到政府信息公开申请17件", "REQUESTS_RECEIVED")]),
    ("通过微信公众号发布信息64条，较上年增加3个百分点。", [("微信公众号发布信息64条", "NEWMEDIA_POSTS")]),
    ("2021年12月31日，办公地点位于某路88号，联系电话一部。", []),
    ("本年度主动公开政府信息905条，网站发布信息712条。",
     [("主动公开政府信息905条", "PROACTIVE_TOTAL"), ("网站发布信息712条", "PORTAL_POSTS")]),
    ("收到政府信息公开申请6件。", [("收到政府信息公开申请6件", "REQUESTS_RECEIVED")]),
]


def _rows():
    texts, tags = [], []
    for text, spans in SENTENCES:
        located = []
        for span, label in spans:
            s = text.index(span)
            located.append((s, s + len(span), label))
        texts.append(text)
        tags.append(spans_to_tags(len(text), located))
    return texts, tags


def test_candidates_one_per_number_with_value_and_unit():
    cands = find_candidates("共1.2万条，其中十二件，百余篇，2021年")
    assert [(c.value, c.unit) for c in cands] == [(12000, "条"), (12, "件"), (100, "篇"), (2021, None)]
    assert [(c.value, c.unit) for c in find_candidates("收费12.5万元")] == [(12.5, "万元")]


@pytest.mark.parametrize("rule_feature", [False, True])
def test_fit_predict_and_round_trip(tmp_path, rule_feature):
    texts, tags = _rows()
    model = CandidateFigureTagger(C=10.0, rule_feature=rule_feature).fit(texts * 3, tags * 3)
    new = ["2023年，本单位主动公开政府信息340条，其中网站发布信息300条。", "共收到政府信息公开申请9件。"]
    got = [[(f.label, f.value) for f in figs] for figs in model.tag_texts(new, [0, 100])]
    assert got == [[("PROACTIVE_TOTAL", 340), ("PORTAL_POSTS", 300)], [("REQUESTS_RECEIVED", 9)]]
    first = model.tag_texts(new[:1], [0])[0][0]
    assert new[0][first.start:first.end].endswith("340条")

    model.save(tmp_path / "m")
    again = CandidateFigureTagger.load(tmp_path / "m")
    assert again.params() == model.params()
    assert [[(f.label, f.value, f.text) for f in figs] for figs in again.tag_texts(new)] == \
        [[(f.label, f.value, f.text) for f in figs] for figs in model.tag_texts(new)]
