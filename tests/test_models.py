"""Models: tiny seeded training runs, save/load, stacking on the baselines, fallbacks, evaluation, selection."""
import json
import logging
import warnings

import pytest

from gkextract import corpus as C
from gkextract.corpus import BIO_TAGS
from gkextract.document import Document, Paragraph
from gkextract.models import ALL_MODELS, load_components
from gkextract.models.evaluate import LabelTally, select, verdict
from gkextract.models.figures import (CrfFigureTagger, bio_spans, number_marks, rule_tags, span_figure,
                                      spans_to_tags, stacked_features)


def bio(text, spans):
    return spans_to_tags(len(text), [(text.index(s), text.index(s) + len(s), lab) for s, lab in spans])


FIG_TRAIN = [(f"全年主动公开政府信息{n}条，收到申请{m}件。",
              [(f"主动公开政府信息{n}条", "PROACTIVE_TOTAL"), (f"收到申请{m}件", "REQUESTS_RECEIVED")])
             for n, m in [(12, 3), (450, 7), (98, 0), (1203, 15), (77, 2), (5, 11)]]
FIG_TRAIN += [("联系电话：0431-1234567。", []), ("本报告数据统计期限为1月1日至12月31日。", [])]
# a phrasing the rules do not label: only a trained model can find it
LETTERS = [(f"本年度办理群众来信{n}件。", [(f"办理群众来信{n}件", "REQUESTS_RECEIVED")]) for n in (3, 8, 14, 21, 6, 9)]


def test_bio_helpers_and_span_values():
    tags = ["O", "B-RATE", "I-RATE", "I-PROACTIVE_TOTAL", "O", "I-FEES"]
    assert bio_spans(tags) == [(1, 3, "RATE"), (3, 4, "PROACTIVE_TOTAL"), (5, 6, "FEES")]
    fig = span_figure("主动公开政府信息1,136条", "PROACTIVE_TOTAL", start=10)
    assert (fig.value, fig.unit, fig.start, fig.end) == (1136, "条", 10, 24)
    assert span_figure("占比47.5%", "RATE").value == 47.5
    assert span_figure("没有数字", "RATE") is None


def test_stacked_features_carry_the_rule_tags_and_number_marks():
    text = "全年主动公开政府信息121条。"
    tags = rule_tags([text])[0]
    assert tags[text.index("主动")] == "B-PROACTIVE_TOTAL" and tags[-1] == "O"
    marks = number_marks(text)
    assert [marks[text.index(c)] for c in "121条"] == ["N", "N", "N", "U"] and marks[0] == "O"
    feats = stacked_features(text)
    i = text.index("主动")
    assert feats[i]["r"] == "B-PROACTIVE_TOTAL" and feats[i]["rl"] == "PROACTIVE_TOTAL"
    assert feats[i + 1]["r-1"] == "B-PROACTIVE_TOTAL" and feats[i]["c"] == "主"


@pytest.mark.parametrize("stack", [False, True])
def test_crf_learns_figures_and_round_trips(tmp_path, stack):
    texts = [t for t, _ in FIG_TRAIN]
    tags = [bio(t, s) for t, s in FIG_TRAIN]
    crf = CrfFigureTagger(max_iterations=60, stack_rules=stack).fit(texts, tags)
    doc = Document.build("x.txt", "txt", "0" * 64, [Paragraph("全年主动公开政府信息321条，收到申请9件。")])
    figs = crf.tag(doc)
    assert [(f.label, f.value) for f in figs] == [("PROACTIVE_TOTAL", 321), ("REQUESTS_RECEIVED", 9)]
    assert doc.text[figs[0].start:figs[0].end] == figs[0].text
    crf.save(tmp_path / "crf")
    again = CrfFigureTagger.load(tmp_path / "crf")
    assert again.stack_rules == stack and again.predict_tags(texts[:2]) == crf.predict_tags(texts[:2])


def test_bert_tagger_trains_saves_and_loads(tmp_path):
    from gkextract.models.bert_figures import BertFigureTagger, windows

    assert [p for _, p in windows("一二三，四五六，七八九", 5)] == ["一二三，", "四五六，", "七八九"]
    tiny = {"hidden_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 64}
    texts = [t for t, _ in FIG_TRAIN]
    tags = [bio(t, s) for t, s in FIG_TRAIN]
    bert = BertFigureTagger(model_params=tiny, training={"epochs": 2, "threads": 1, "stack_rules": True},
                            seed=1).fit(texts, tags, BIO_TAGS)
    assert bert.model.config.type_vocab_size == 3  # B/I/O of the rule tagger as token types
    pred = bert.predict_tags(texts + ["没有任何数字的句子"])
    assert [len(p) for p in pred] == [len(t) for t in texts] + [9]
    assert set(pred[-1]) == {"O"}  # no number, no figure
    bert.save(tmp_path / "bert")
    again = BertFigureTagger.load(tmp_path / "bert")
    assert again.stack_rules and again.predict_tags(texts) == bert.predict_tags(texts)
    assert len(again.tokenizer("2023年", add_special_tokens=False)["input_ids"]) == 5  # one token per char
    assert "[R:RATE]" in again.tokenizer.get_vocab()  # the rule-hint entries travel with the tokenizer


THEME_DATA = [("政策解读形式单一", "problem", ["interpretation"]), ("信息更新不及时", "problem", ["timeliness"]),
              ("解读材料不够丰富", "problem", ["interpretation"]), ("栏目长期未更新", "problem", ["timeliness"]),
              ("加强业务培训", "measure", ["training"]), ("组织专题培训学习", "measure", ["training"])] * 3


def test_spacy_theme_classifier_fits_predicts_and_round_trips(tmp_path):
    from gkextract.models.themes import SpacyThemeClassifier

    data = THEME_DATA
    clf = SpacyThemeClassifier(seed=0, fallback_min=0.0).fit(
        [d[0] for d in data], [d[1] for d in data], [d[2] for d in data], epochs=15)
    assert clf.predict(["政策解读形式比较单一", "栏目更新不及时"], "problem") == [["interpretation"], ["timeliness"]]
    assert clf.predict(["开展培训"], "measure") == [["training"]]
    clf.save(tmp_path / "themes")
    again = SpacyThemeClassifier.load(tmp_path / "themes")
    again.fallback_min = 0.0
    assert again.predict(["信息更新不及时"], "problem") == [["timeliness"]]


def test_stacked_theme_classifier_starts_from_the_keywords(tmp_path):
    from gkextract.items.extract import default_classifier
    from gkextract.models.themes import (ALWAYS_KEEP, NEVER, SpacyThemeClassifier, StackedThemeClassifier,
                                         combine, keyword_tokens, load_theme_model)

    order = ("a", "b", "c")
    assert combine(["a", "b"], {"a": 0.9, "b": 0.001, "c": 0.95}, order, 0.9, 0.01) == ["a", "c"]
    assert combine(["a"], {"a": 0.0, "c": 0.5}, order, NEVER, ALWAYS_KEEP) == ["a"]
    assert keyword_tokens("栏目更新不及时", "problem").split()[-1].startswith("kw")
    data = THEME_DATA
    textcat = SpacyThemeClassifier(seed=0, keyword_features=True).fit(
        [d[0] for d in data], [d[1] for d in data], [d[2] for d in data], epochs=5)
    texts = ["栏目更新不及时，解读不够", "开展培训"]
    # never overriding: exactly the keyword baseline
    noop = StackedThemeClassifier(textcat, NEVER, ALWAYS_KEEP)
    for kind in ("problem", "measure"):
        assert noop.predict(texts, kind) == default_classifier().predict(texts, kind)
    stacked = StackedThemeClassifier(textcat, 0.6, 0.01, calibration={"f1": 0.5})
    stacked.save(tmp_path / "themes")
    again = load_theme_model(tmp_path / "themes")
    assert isinstance(again, StackedThemeClassifier) and (again.add_above, again.remove_below) == (0.6, 0.01)
    assert again.textcat.keyword_features
    assert again.predict(texts, "problem") == stacked.predict(texts, "problem")


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
    # paragraphs the tables step claimed are never headings
    doc.spans["tables"] = [(doc.blocks[2].start, doc.blocks[3].end)]
    assert [s.key for s in ModelSectionFinder(clf).find(doc)] == ["overview", "problems"]
    assert clf.predict(["很长的段落" * 20]) == ["none"]
    clf.save(tmp_path / "sec")
    assert SpacyParagraphClassifier.load(tmp_path / "sec").predict(texts[:3]) == clf.predict(texts[:3])


# ------------------------------------------------------------------ loading and wiring

def test_load_components_falls_back_with_a_warning(tmp_path):
    from gkextract.figures import RuleFigureTagger
    from gkextract.items import KeywordThemeClassifier
    from gkextract.sections import RuleSectionFinder

    with pytest.warns(UserWarning, match="rule baseline") as caught:
        comp = load_components(tmp_path)  # no selection.json, no models
    assert {str(w.message).split(":")[1].strip() for w in caught} == {"themes", "figures", "sections"}
    assert isinstance(comp.themes, KeywordThemeClassifier)
    assert isinstance(comp.figures, RuleFigureTagger) and isinstance(comp.sections, RuleSectionFinder)
    assert set(comp.used.values()) == {"baseline"}
    # a selected model whose artefact is missing: fallback, with a warning
    (tmp_path / "selection.json").write_text(json.dumps({"figures": "figures_crf", "themes": "baseline",
                                                         "sections": "baseline"}))
    with pytest.warns(UserWarning, match="figures: using the rule baseline"):
        assert load_components(tmp_path).used["figures"] == "baseline"
    # a broken artefact: fallback, with a warning
    (tmp_path / "figures_crf").mkdir()
    (tmp_path / "figures_crf" / "crf.pkl").write_bytes(b"not a pickle")
    with pytest.warns(UserWarning, match="failed to load"):
        assert load_components(tmp_path).used["figures"] == "baseline"


def test_a_chosen_baseline_is_no_reason_to_warn(tmp_path, caplog):
    (tmp_path / "selection.json").write_text(json.dumps(
        {"themes": "baseline", "sections": "baseline", "figures": "baseline"}))
    CrfFigureTagger(max_iterations=5).fit([t for t, _ in FIG_TRAIN], [bio(t, s) for t, s in FIG_TRAIN]) \
        .save(tmp_path / "figures_crf")  # present, but not selected
    with warnings.catch_warnings(), caplog.at_level(logging.DEBUG, logger="gkextract.models"):
        warnings.simplefilter("error")
        comp = load_components(tmp_path)
    assert comp.used == {"themes": "baseline", "figures": "baseline", "sections": "baseline"}
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("selection.json chose" in r.getMessage() for r in caplog.records)
    # forcing every model (benchmarks) loads it anyway
    with pytest.warns(UserWarning, match="no model at"):  # forced, but themes/sections are not there
        assert load_components(tmp_path, selection=ALL_MODELS).used["figures"] == "model:figures_crf"


def _letters_crf(path):
    data = FIG_TRAIN + LETTERS
    CrfFigureTagger(max_iterations=50).fit([t for t, _ in data], [bio(t, s) for t, s in data]).save(path)


def test_a_selected_model_is_used_by_extract(tmp_path, monkeypatch):
    import gkextract.models as M
    from gkextract import pipeline

    models = tmp_path / "models"
    _letters_crf(models / "figures_crf")
    (models / "selection.json").write_text(json.dumps({"figures": "figures_crf", "themes": "baseline",
                                                       "sections": "baseline"}))
    report = tmp_path / "r.txt"
    report.write_text("某某局2023年政府信息公开工作年度报告\n一、总体情况\n本年度办理群众来信8件。\n", encoding="utf-8")

    monkeypatch.setattr(M, "shared_components", lambda *a, **k: M._cached(str(models.resolve()), True))
    M._cached.cache_clear()
    comps = M.shared_components()
    assert comps.used["figures"] == "model:figures_crf" and M.shared_components() is comps  # loaded once
    record = pipeline.extract(report, pipeline.default_pipeline())
    assert [(f.label, f.value) for f in record.figures] == [("REQUESTS_RECEIVED", 8)]
    # the rules alone do not see this figure
    monkeypatch.setattr(M, "shared_components", lambda *a, **k: M.load_components(models, use_models=False))
    assert pipeline.extract(report, pipeline.default_pipeline()).figures == []
    M._cached.cache_clear()


# ------------------------------------------------------------------ evaluation and selection

def test_label_tally_counts_sets_and_multisets():
    from collections import Counter

    t = LabelTally()
    t.add_sets({"a", "b"}, {"a", "c"})
    t.add_single("none", "x")
    s = t.summary()
    assert s["per_label"]["a"]["f1"] == 1.0 and s["per_label"]["x"]["precision"] == 0.0
    assert s["micro"]["precision"] == pytest.approx(1 / 3, abs=1e-3) and s["micro"]["recall"] == 0.5
    v = LabelTally()
    v.add_counts(Counter({("RATE", 5.0): 2, ("FEES", 1.0): 1}), Counter({("RATE", 5.0): 1, ("FEES", 2.0): 1}))
    per = v.summary()["per_label"]
    assert per["RATE"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert per["FEES"]["f1"] == 0.0


def m(f):
    return {"micro": {"precision": f, "recall": f, "f1": f, "support": 1}, "per_label": {}}


def test_selection_needs_the_real_held_out_reports_and_breaks_ties_on_generated_ones():
    res = {"themes": {"gold_loro": {"model": m(0.5), "baseline": m(0.6)},
                      "synth_unseen": {"model": m(0.9), "baseline": m(0.6)}},          # better on generated only
           "sections": {"gold_loro": {"model": m(1.0), "baseline": m(1.0)},
                        "synth_unseen": {"model": m(0.9), "baseline": m(0.8)}},        # tie, better on generated
           "figures": {"gold_loro": {"crf": m(0.9), "baseline": m(0.9)},
                       "gold_loro_values": {"crf": m(1.0), "baseline": m(1.0)},
                       "synth_unseen": {"crf": m(1.0), "bert": m(1.0), "baseline": m(1.0)},
                       "synth_unseen_values": {"crf": m(1.0), "bert": m(1.0), "baseline": m(1.0)},
                       "gold_synth_only": {"bert": m(0.95), "baseline": m(0.9)},
                       "gold_synth_only_values": {"bert": m(0.9), "baseline": m(1.0)}}}
    assert select(res) == {"themes": "baseline", "sections": "sections", "figures": "baseline"}
    fig = res["figures"]
    assert "every held-out set" in verdict(fig, "crf", "gold_loro", "synth_unseen", ("", "_values"))["why"]
    assert not verdict(fig, "bert", "gold_synth_only", "synth_unseen", ("", "_values"))["selected"]
    assert select(res, ties="model")["figures"] == "figures_crf"  # evaluate --ties model
    fig["gold_loro"]["crf"] = m(0.95)  # better on real spans, equal on values
    assert select(res)["figures"] == "figures_crf"


def test_write_results_keeps_tasks_not_rerun(tmp_path):
    from gkextract.models.evaluate import write_results

    first = {"date": "d", "seed": 0, "synth_train": 0, "synth_test": 0, "real_reports": [],
             "themes": {"gold_loro": {"model": m(0.9), "baseline": m(0.5)}}}
    first["selection"] = select(first)
    write_results(first, tmp_path / "evaluation.json", tmp_path)
    second = {"date": "d", "seed": 0, "synth_train": 0, "synth_test": 0, "real_reports": [],
              "figures": {"gold_loro": {"crf": m(0.2), "baseline": m(0.6)}}}
    second["selection"] = select(second)
    write_results(second, tmp_path / "evaluation.json", tmp_path)
    assert json.loads((tmp_path / "selection.json").read_text()) == {"themes": "themes", "figures": "baseline"}
    text = (tmp_path / "EVALUATION.md").read_text()
    assert "model P/R/F1" in text and "baseline P/R/F1" in text and "not selected" in text
    # a hand-written section above the run's report and the notes below the mark survive a rerun
    from gkextract.models.evaluate import NOTES_MARK
    (tmp_path / "EVALUATION.md").write_text("# Where things stand\n\nkept above\n\n" + text + NOTES_MARK + "\nkept below\n")
    write_results(second, tmp_path / "evaluation.json", tmp_path)
    text = (tmp_path / "EVALUATION.md").read_text()
    assert text.startswith("# Where things stand\n\nkept above") and text.count("# Held-out evaluation") == 1
    assert text.rstrip().endswith("kept below")


def test_evaluate_writes_model_and_baseline_per_task(tmp_path, monkeypatch):
    """The whole protocol on a toy set: 2 'real' reports (leave-one-out) + 2 generated test reports."""
    from test_corpus import make_report

    from gkextract.models.evaluate import evaluate, format_table, write_results
    from gkextract.models.train import TrainSettings

    reals = [make_report("r1", 12), make_report("r2", 30)]
    monkeypatch.setattr(C, "load_reports", lambda *a, **k: list(reals))
    settings = TrainSettings(seed=0, synth=0, bert=False, calib_synth=2)
    results = evaluate(("sections", "themes", "figures"), settings, synth_test=2, log=lambda m: None)
    write_results(results, tmp_path / "evaluation.json", tmp_path)
    data = json.loads((tmp_path / "evaluation.json").read_text(encoding="utf-8"))
    assert data["real_reports"] == ["r1", "r2"] and data["synth_test"] == 2
    for task, model in (("sections", "model"), ("themes", "model"), ("figures", "crf")):
        for proto in ("gold_loro", "synth_unseen"):
            assert {model, "baseline"} <= set(data[task][proto]), (task, proto)
            assert "micro" in data[task][proto]["baseline"] and "per_label" in data[task][proto][model]
    assert {"crf", "crf_chars", "baseline"} == set(data["figures"]["gold_loro_values"])
    assert "textcat" in data["themes"]["gold_loro"] and "add_above" in data["themes"]["calibration"]
    assert set(data["selection"]) == {"sections", "themes", "figures"}
    assert set(json.loads((tmp_path / "selection.json").read_text())) == {"sections", "themes", "figures"}
    table = format_table(data)
    assert "## figures / gold_loro seqeval" in table and "## figures / synth_unseen_values (label, value)" in table
