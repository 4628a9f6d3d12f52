"""Models: tiny seeded training runs, save/load, fallbacks, evaluation bookkeeping."""
import json
import warnings

import pytest

from gkextract.corpus import BIO_TAGS
from gkextract.document import Document, Paragraph
from gkextract.models import load_components
from gkextract.models.evaluate import LabelTally, select
from gkextract.models.figures import CrfFigureTagger, bio_spans, span_figure, spans_to_tags


def bio(text, spans):
    return spans_to_tags(len(text), [(text.index(s), text.index(s) + len(s), lab) for s, lab in spans])


FIG_TRAIN = [(f"全年主动公开政府信息{n}条，收到申请{m}件。",
              [(f"主动公开政府信息{n}条", "PROACTIVE_TOTAL"), (f"收到申请{m}件", "REQUESTS_RECEIVED")])
             for n, m in [(12, 3), (450, 7), (98, 0), (1203, 15), (77, 2), (5, 11)]]
FIG_TRAIN += [("联系电话：0431-1234567。", []), ("本报告数据统计期限为1月1日至12月31日。", [])]


def test_bio_helpers_and_span_values():
    tags = ["O", "B-RATE", "I-RATE", "I-PROACTIVE_TOTAL", "O", "I-FEES"]
    assert bio_spans(tags) == [(1, 3, "RATE"), (3, 4, "PROACTIVE_TOTAL"), (5, 6, "FEES")]
    fig = span_figure("主动公开政府信息1,136条", "PROACTIVE_TOTAL", start=10)
    assert (fig.value, fig.unit, fig.start, fig.end) == (1136, "条", 10, 24)
    assert span_figure("占比47.5%", "RATE").value == 47.5
    assert span_figure("没有数字", "RATE") is None


def test_crf_learns_figures_and_round_trips(tmp_path):
    texts = [t for t, _ in FIG_TRAIN]
    tags = [bio(t, s) for t, s in FIG_TRAIN]
    crf = CrfFigureTagger(max_iterations=60).fit(texts, tags)
    doc = Document.build("x.txt", "txt", "0" * 64, [Paragraph("全年主动公开政府信息321条，收到申请9件。")])
    figs = crf.tag(doc)
    assert [(f.label, f.value) for f in figs] == [("PROACTIVE_TOTAL", 321), ("REQUESTS_RECEIVED", 9)]
    assert doc.text[figs[0].start:figs[0].end] == figs[0].text
    crf.save(tmp_path / "crf")
    assert CrfFigureTagger.load(tmp_path / "crf").predict_tags(texts[:2]) == crf.predict_tags(texts[:2])


def test_bert_tagger_trains_saves_and_loads(tmp_path):
    from gkextract.models.bert_figures import BertFigureTagger, windows

    assert [p for _, p in windows("一二三，四五六，七八九", 5)] == ["一二三，", "四五六，", "七八九"]
    tiny = {"hidden_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 64}
    texts = [t for t, _ in FIG_TRAIN]
    tags = [bio(t, s) for t, s in FIG_TRAIN]
    bert = BertFigureTagger(model_params=tiny, training={"epochs": 2, "threads": 1}, seed=1).fit(texts, tags, BIO_TAGS)
    pred = bert.predict_tags(texts + ["没有任何数字的句子"])
    assert [len(p) for p in pred] == [len(t) for t in texts] + [9]
    assert set(pred[-1]) == {"O"}  # no number, no figure
    bert.save(tmp_path / "bert")
    again = BertFigureTagger.load(tmp_path / "bert")
    assert again.predict_tags(texts) == bert.predict_tags(texts)
    assert len(again.tokenizer("2023年", add_special_tokens=False)["input_ids"]) == 5  # one token per char


def test_spacy_theme_classifier_fits_predicts_and_round_trips(tmp_path):
    from gkextract.models.themes import SpacyThemeClassifier

    data = [("政策解读形式单一", "problem", ["interpretation"]), ("信息更新不及时", "problem", ["timeliness"]),
            ("解读材料不够丰富", "problem", ["interpretation"]), ("栏目长期未更新", "problem", ["timeliness"]),
            ("加强业务培训", "measure", ["training"]), ("组织专题培训学习", "measure", ["training"])] * 3
    clf = SpacyThemeClassifier(seed=0, fallback_min=0.0).fit(
        [d[0] for d in data], [d[1] for d in data], [d[2] for d in data], epochs=15)
    assert clf.predict(["政策解读形式比较单一", "栏目更新不及时"], "problem") == [["interpretation"], ["timeliness"]]
    assert clf.predict(["开展培训"], "measure") == [["training"]]
    clf.save(tmp_path / "themes")
    again = SpacyThemeClassifier.load(tmp_path / "themes")
    again.fallback_min = 0.0
    assert again.predict(["信息更新不及时"], "problem") == [["timeliness"]]


def test_paragraph_classifier_finds_sections(tmp_path):
    from gkextract.models.sections import ModelSectionFinder, SpacyParagraphClassifier

    texts = ["一、总体情况", "二、主动公开政府信息情况", "五、存在的主要问题及改进情况", "（一）主动公开",
             "本年度共主动公开信息100条。", "无。"] * 4
    labels = ["overview", "proactive", "problems", "none", "none", "none"] * 4
    clf = SpacyParagraphClassifier(seed=0).fit(texts, labels, epochs=10)
    doc = Document.build("x.txt", "txt", "0" * 64,
                         [Paragraph(t) for t in ["一、总体情况", "本年度共主动公开信息5条。", "二、主动公开政府信息情况",
                                                 "（一）主动公开", "五、存在的主要问题及改进情况", "无。"]])
    sections = ModelSectionFinder(clf).find(doc)
    assert [(s.key, s.title) for s in sections] == [
        ("overview", "一、总体情况"), ("proactive", "二、主动公开政府信息情况"),
        ("problems", "五、存在的主要问题及改进情况")]
    assert sections[0].end == sections[1].start and sections[-1].end == len(doc.text)
    assert clf.predict(["很长的段落" * 20]) == ["none"]
    clf.save(tmp_path / "sec")
    assert SpacyParagraphClassifier.load(tmp_path / "sec").predict(texts[:3]) == clf.predict(texts[:3])


def test_load_components_falls_back_with_a_warning(tmp_path):
    from gkextract.figures import RuleFigureTagger
    from gkextract.items import KeywordThemeClassifier
    from gkextract.sections import RuleSectionFinder

    with pytest.warns(UserWarning, match="rule baseline"):
        comp = load_components(tmp_path)
    assert isinstance(comp.themes, KeywordThemeClassifier)
    assert isinstance(comp.figures, RuleFigureTagger) and isinstance(comp.sections, RuleSectionFinder)
    assert set(comp.used.values()) == {"baseline"}
    (tmp_path / "selection.json").write_text(json.dumps(
        {"themes": "baseline", "sections": "baseline", "figures": "baseline"}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a chosen baseline is no reason to warn
        assert load_components(tmp_path).used == {"themes": "baseline", "figures": "baseline",
                                                  "sections": "baseline"}


def test_load_components_uses_a_selected_model(tmp_path):
    texts = [t for t, _ in FIG_TRAIN]
    CrfFigureTagger(max_iterations=20).fit(texts, [bio(t, s) for t, s in FIG_TRAIN]).save(tmp_path / "figures_crf")
    (tmp_path / "selection.json").write_text(json.dumps({"figures": "figures_crf", "themes": "baseline",
                                                         "sections": "baseline"}))
    comp = load_components(tmp_path)
    assert comp.used["figures"] == "model:figures_crf" and isinstance(comp.figures, CrfFigureTagger)


def test_label_tally_and_selection():
    t = LabelTally()
    t.add_sets({"a", "b"}, {"a", "c"})
    t.add_single("none", "x")
    s = t.summary()
    assert s["per_label"]["a"]["f1"] == 1.0 and s["per_label"]["x"]["precision"] == 0.0
    assert s["micro"]["precision"] == pytest.approx(1 / 3, abs=1e-3) and s["micro"]["recall"] == 0.5
    res = {"themes": {"gold_loro": {"model": {"micro": {"f1": 0.5}}, "baseline": {"micro": {"f1": 0.6}}}},
           "sections": {"gold_loro": {"model": {"micro": {"f1": 0.9}}, "baseline": {"micro": {"f1": 0.8}}}},
           "figures": {"gold_loro": {"crf": {"micro": {"f1": 0.7}}, "baseline": {"micro": {"f1": 0.6}}}}}
    assert select(res) == {"themes": "baseline", "sections": "sections", "figures": "figures_crf"}


def test_write_results_keeps_tasks_not_rerun(tmp_path):
    from gkextract.models.evaluate import write_results

    m = lambda f: {"micro": {"precision": f, "recall": f, "f1": f, "support": 1}, "per_label": {}}
    first = {"date": "d", "seed": 0, "synth_train": 0, "synth_test": 0, "real_reports": [],
             "themes": {"gold_loro": {"model": m(0.9), "baseline": m(0.5)}}}
    first["selection"] = select(first)
    write_results(first, tmp_path / "evaluation.json", tmp_path)
    second = {"date": "d", "seed": 0, "synth_train": 0, "synth_test": 0, "real_reports": [],
              "figures": {"gold_loro": {"crf": m(0.2), "baseline": m(0.6)}}}
    second["selection"] = select(second)
    write_results(second, tmp_path / "evaluation.json", tmp_path)
    assert json.loads((tmp_path / "selection.json").read_text()) == {"themes": "themes", "figures": "baseline"}
    assert "model" in (tmp_path / "EVALUATION.md").read_text()
