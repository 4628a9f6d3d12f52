"""Distant supervision: prose numbers equal to a table cell, in a clause about that cell, are labelled."""
from __future__ import annotations

import random

from gkextract.document import Document, Paragraph
from gkextract.models.distant import distant_figures
from gkextract.pipeline import default_pipeline
from gkextract.readers import read
from gkextract.record import Record, Source, StatTable
from gkextract.synth import generate_record, render


def _doc(*lines: str) -> Document:
    return Document.build("x.txt", "txt", "0" * 64, [Paragraph(t) for t in lines])


def _record(**cells) -> Record:
    rec = Record(source=Source(path="x.txt", format="txt", sha256="0" * 64))
    rows: dict = {}
    for path, value in cells.items():
        row, col = path.split("__")
        rows.setdefault(row, {})[col] = value
    rec.tables.requests = StatTable(rows=rows)
    return rec


def test_number_equal_to_a_cell_in_its_subject_clause_is_labelled():
    doc = _doc("2023年共收到政府信息公开申请58件，办结55件。")
    found = distant_figures(doc, _record(new_received__total=58, total_handled__total=55))
    assert [(f.label, f.value, doc.text[f.start:f.end]) for f in found] == [
        ("REQUESTS_RECEIVED", 58, "共收到政府信息公开申请58件"), ("REQUESTS_HANDLED", 55, "办结55件")]


def test_same_number_in_another_subject_or_zero_is_no_example():
    doc = _doc("全年发布信息58条，未收到申请，共收到申请0件。")
    assert distant_figures(doc, _record(new_received__total=58)) == []
    assert distant_figures(_doc("共收到申请0件。"), _record(new_received__total=0)) == []


def test_generated_reports_give_examples_that_agree_with_gold(tmp_path):
    pipe = default_pipeline()
    found = agree = 0
    for seed in range(25):
        gold, content = generate_record(random.Random(f"distant:{seed}"))
        path = tmp_path / "r.txt"
        path.write_bytes(render(content, "txt_tab"))
        doc = read(path)
        pred = pipe(doc)
        gold_figs = [(f.label, float(f.value)) for f in gold.figures]
        for f in distant_figures(doc, pred):
            found += 1
            agree += (f.label, f.value) in gold_figs
    assert found >= 10
    assert agree == found


def test_figure_scores_count_per_label_and_bootstrap_a_difference():
    from gkextract.models.figure_scores import bootstrap_diff, counts, summary
    from gkextract.record import Figure

    gold = [Figure(label="PROACTIVE_TOTAL", value=50, unit="条", text="主动公开信息50条"),
            Figure(label="PORTAL_POSTS", value=30, unit="条", text="工作动态30条")]
    good = counts(gold, gold)
    half = counts(gold, gold[:1] + [Figure(label="PROACTIVE_TOTAL", value=30, unit="条", text="工作动态30条")])
    s = summary([half])
    assert s["micro"]["tp"] == 1 and s["per_label"]["PORTAL_POSTS"]["fn"] == 1
    assert s["per_label"]["PROACTIVE_TOTAL"]["fp"] == 1
    d = bootstrap_diff([good] * 5, [half] * 5, n=50)
    assert d["diff"] == 0.5 and d["ci95"][0] > 0


def test_distant_rows_keep_only_sentences_with_a_match():
    from gkextract.models.figure_data import _sentences_with_entities

    row = {"text": "甲。收到申请58件。乙", "tags": ["O", "O"] + ["B-REQUESTS_RECEIVED"] + ["I-REQUESTS_RECEIVED"] * 6 + ["O"] * 2,
           "report": "x", "source": "distant"}
    cut = _sentences_with_entities(row)
    assert cut["text"] == "收到申请58件。" and len(cut["tags"]) == len(cut["text"])
