"""Datasets from annotated reports: labels per task, split by report."""
from collections import Counter

from gkextract import corpus as C
from gkextract.document import Document, Paragraph, Table
from gkextract.record import Figure, Item, Record, Section, Source


def make_report(rid: str, n: int = 12) -> C.AnnotatedReport:
    blocks = [Paragraph("一、总体情况"), Paragraph(f"本年度主动公开政府信息{n}条，其中政策解读3篇。"),
              Table([["规章", "0"], ["收到申请5件"]]),
              Paragraph("五、存在的主要问题及改进情况"),
              Paragraph("主要存在以下问题：一是栏目更新不及时；二是解读形式单一。"),
              Paragraph("下一步，我们将建立栏目更新台账。"),
              Paragraph("六、其他需要报告的事项"), Paragraph("无。")]
    doc = Document.build(f"{rid}.txt", "txt", "0" * 64, blocks)
    starts = {b.text if isinstance(b, Paragraph) else "t": b.start for b in doc.blocks}
    record = Record(
        source=Source(path=f"{rid}.txt", format="txt", sha256="0" * 64),
        sections=[Section(key="overview", title="一、总体情况", start=starts["一、总体情况"]),
                  Section(key="problems", title="五、存在的主要问题及改进情况"),  # no offsets: found by title
                  Section(key="other", title="六、其他需要报告的事项")],
        figures=[Figure(label="PROACTIVE_TOTAL", value=n, unit="条", text=f"主动公开政府信息{n}条"),
                 Figure(label="INTERPRETATIONS", value=3, unit="篇", text="政策解读3篇"),
                 Figure(label="REQUESTS_RECEIVED", value=5, unit="件", text="收到申请5件")],
        problems=[Item(text="栏目更新不及时", themes=["timeliness"]),
                  Item(text="解读形式单一", themes=["interpretation"])],
        measures=[Item(text="下一步，我们将建立栏目更新台账", themes=["timeliness"])])
    return C.AnnotatedReport(rid, "folder", doc, record)


def test_section_examples_label_headings_only():
    rows = C.section_examples([make_report("a")])
    labels = {r["text"]: r["label"] for r in rows}
    assert labels["一、总体情况"] == "overview"
    assert labels["五、存在的主要问题及改进情况"] == "problems"
    assert labels["无。"] == "none"
    assert Counter(labels.values())["none"] == 4


def test_item_examples_have_kinds_themes_and_non_items():
    rows = C.item_examples([make_report("a")])
    kinds = Counter(r["kind"] for r in rows)
    assert kinds["problem"] == 2 and kinds["measure"] == 1
    neither = [r["text"] for r in rows if r["kind"] == "neither"]
    assert neither == ["主要存在以下问题："]
    assert all(r["themes"] == [] for r in rows if r["kind"] == "neither")


def test_figure_examples_tag_characters_bio():
    rep = make_report("a", n=1234)
    rows = C.figure_examples([rep], stats=(stats := Counter()))
    line = next(r for r in rows if "1234" in r["text"])
    text, tags = line["text"], line["tags"]
    start = text.index("主动公开政府信息")
    assert tags[start] == "B-PROACTIVE_TOTAL"
    assert set(tags[start + 1:text.index("条") + 1]) == {"I-PROACTIVE_TOTAL"}
    assert tags[text.index("政策解读")] == "B-INTERPRETATIONS"
    assert tags[0] == "O"
    # 收到申请5件 sits in a one-cell table row: prose the taggers read, so it is placed too
    assert stats["figures"] == 3 and stats["not_located"] == 0 and stats["outside_prose"] == 0


def test_datasets_split_by_report():
    reports = [make_report(f"r{i}", n=10 + i) for i in range(6)]
    dd = C.build_datasets("items", reports, test_size=0.34, seed=3)
    train, test = set(dd["train"]["report"]), set(dd["test"]["report"])
    assert train and test and not train & test and train | test == {r.id for r in reports}
    assert dd["train"].features["kind"].names == list(C.ITEM_KINDS)
    again = C.build_datasets("items", reports, test_size=0.34, seed=3)
    assert set(again["test"]["report"]) == test
    loro = C.build_datasets("figures", reports, test_reports=["r2"])
    assert set(loro["test"]["report"]) == {"r2"} and "r2" not in set(loro["train"]["report"])
    sections = C.build_datasets("sections", reports, test_size=0.2, validation_size=0.2, seed=0)
    assert set(sections) == {"train", "validation", "test"}


def test_gold_corpus_loads_and_every_figure_is_placed(shared_corpus):
    reports = C.gold_reports(shared_corpus)
    assert len(reports) >= 7
    stats = Counter()
    C.figure_examples(reports, stats)
    assert stats["not_located"] == 0
    kinds = Counter(r["kind"] for r in C.item_examples(reports))
    assert kinds["problem"] > 0 and kinds["measure"] > 0


def test_synth_reports_are_seeded():
    a = C.synth_reports(2, seed=7, formats=("txt_tab",))
    b = C.synth_reports(2, seed=7, formats=("txt_tab",))
    assert [r.doc.text for r in a] == [r.doc.text for r in b]
    assert all(r.origin == "synth" and r.record.sections for r in a)


def test_phrase_variants_split_the_banks_and_restore_them():
    from gkextract.synth.banks import bank

    before = {k: list(v) for k, v in bank("problems").items()}
    with C.phrase_variants("train", seed=3):
        train = {k: list(v) for k, v in bank("problems").items()}
    with C.phrase_variants("test", seed=3):
        test = {k: list(v) for k, v in bank("problems").items()}
    assert {k: list(v) for k, v in bank("problems").items()} == before
    for theme, phrases in before.items():
        assert train[theme] and not set(train[theme]) & set(test[theme])
        assert set(train[theme]) | set(test[theme]) == set(phrases)
    assert C.variant_split("x", 1) == set() and len(C.variant_split("x", 6)) == 2
    reports = C.synth_reports(2, seed=5, formats=("txt_tab",), variants="test", variant_seed=3)
    held = {p for ps in test.values() for p in ps}
    items = [it.text.rstrip("。") for r in reports for it in r.record.problems]
    assert items and all(any(p in it for p in held) for it in items)


def test_generated_figure_spans_follow_the_shortest_span_convention():
    doc = Document.build("s.txt", "txt", "0" * 64, [Paragraph("门户网站全年发布信息783条，全年累计主动公开各类政府信息650件。")])
    record = Record(source=Source(path="s.txt", format="txt", sha256="0" * 64),
                    figures=[Figure(label="PORTAL_POSTS", value=783, unit="条", text="门户网站全年发布信息783条"),
                             Figure(label="PROACTIVE_TOTAL", value=650, unit="件", text="主动公开各类政府信息650件")])
    synth = C.AnnotatedReport("synth:0:0", "synth", doc, record)
    (row,) = C.figure_examples([synth])
    from gkextract.models.figures import bio_spans

    spans = [(row["text"][s:e], lab) for s, e, lab in bio_spans(row["tags"])]
    # cut to where the rule tagger starts the same figure (the record's convention, and the real gold's)
    assert spans == [("发布信息783条", "PORTAL_POSTS"), ("累计主动公开各类政府信息650件", "PROACTIVE_TOTAL")]
    real = C.AnnotatedReport("gold:x", "gold", doc, record)  # real gold spans are never changed
    (row,) = C.figure_examples([real])
    assert [row["text"][s:e] for s, e, _ in bio_spans(row["tags"])][0] == "门户网站全年发布信息783条"
