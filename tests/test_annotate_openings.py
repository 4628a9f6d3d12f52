"""Review round trip (export → hand edit → import → gold) on generated reports, and the committed labels."""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gkextract.cli import app
from gkextract.labels import LabelError, basis_of, resolve_span, validate
from gkextract.openings import LABELS, TEXTS, labelled_openings, load_labelled_openings, read_labels
from gkextract.readers import read

runner = CliRunner()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("review")
    res = runner.invoke(app, ["synth", "--n", "2", "--seed", "5", "--out", str(root / "reports"),
                              "--formats", "txt_pipe,html"])
    assert res.exit_code == 0, res.output
    # a folder as input, as `extract` takes it
    res = runner.invoke(app, ["annotate", "export", str(root / "reports"), "--format", "review",
                              "--out", str(root / "b1")])
    assert res.exit_code == 0, res.output
    return root


def _reviews(root):
    return {p: json.loads(p.read_text(encoding="utf-8")) for p in sorted((root / "b1").glob("*.review.json"))}


def test_export_review_is_prefilled_and_consistent(exported):
    reviews = _reviews(exported)
    assert len(reviews) == 2
    assert {r["basis"] for r in reviews.values()} == {"source", "document"}
    for r in reviews.values():
        text = r["text"]
        assert r["lines"] == text.split("\n")
        assert r["title"] and text[r["title"]["start"]:r["title"]["end"]] == r["title"]["text"]
        assert r["figures"] and r["year"]
        for sp in r["figures"] + r["problems"] + r["measures"]:
            assert text[sp["start"]:sp["end"]] == sp["text"]


def test_hand_edits_round_trip(exported, tmp_path):
    edited = tmp_path / "edited"
    edited.mkdir()
    for p, r in _reviews(exported).items():
        text = r["text"]
        f0 = r["figures"][0]
        # edit text only: the agency shrinks to its last 4 chars, offsets left stale
        r["agency"]["text"] = r["agency"]["text"][-4:]
        # change a label; null value → re-derived
        f0["label"] = "TRAINING" if f0["label"] != "TRAINING" else "FEES"
        # move a span: the second figure onto the title's first 4 chars by offsets only (text dropped)
        r["figures"][1] = {"start": r["title"]["start"], "end": r["title"]["start"] + 4, "label": "RATE",
                           "value": 1}
        # a new figure by text alone, picking the 1st occurrence explicitly
        r["figures"].append({"text": f0["text"], "label": "PORTAL_POSTS", "value": None, "occurrence": 1})
        r["year"] = 2001
        p2 = edited / p.name
        p2.write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
        # the report path in the review stays valid from here (absolute or cwd-relative)
        assert Path(r["path"]).exists()
    res = runner.invoke(app, ["annotate", "import", str(edited), "--labels", str(tmp_path / "labels"),
                              "--by", "tester"])
    assert res.exit_code == 0, res.output
    labels = sorted((tmp_path / "labels").glob("*.json"))
    assert len(labels) == 2
    for lp in labels:
        raw = lp.read_text(encoding="utf-8")
        label = json.loads(raw)
        review = json.loads((edited / f"{lp.stem}.review.json").read_text(encoding="utf-8"))
        text = review["text"]
        assert '"text"' not in raw and review["title"]["text"] not in raw  # offsets only
        assert label["annotated_by"] == "tester" and label["year"] == 2001
        ag = label["agency"]
        assert text[ag["start"]:ag["end"]] == review["agency"]["text"]
        assert ag["start"] >= review["agency"]["start"]  # found at/after the stale start
        f = label["figures"]
        assert f[0]["label"] == review["figures"][0]["label"]
        assert (f[1]["start"], f[1]["end"], f[1]["value"]) == (review["title"]["start"],
                                                              review["title"]["start"] + 4, 1)
        assert f[-1]["label"] == "PORTAL_POSTS" and f[-1]["start"] == text.index(review["figures"][0]["text"])
        assert label["pre_annotation"]["changed"]["agency"] is True
        assert label["pre_annotation"]["changed"]["year"] is True
        assert validate(label, text) == []
    # the loader rebuilds the gold from offsets and the reports
    texts = tmp_path / "texts"
    texts.mkdir()
    for lp in labels:
        review = json.loads((edited / f"{lp.stem}.review.json").read_text(encoding="utf-8"))
        if review["format"] == "txt":
            (texts / f"{lp.stem}.txt").write_bytes(Path(review["path"]).read_bytes())
    pairs = load_labelled_openings(texts, tmp_path / "labels")
    assert len(pairs) == 1
    gold, doc = pairs[0]
    assert gold.year == 2001 and gold.figures[1].label == "RATE"
    assert gold.agency and gold.agency in doc.text
    # the openings benchmark scores the pipeline against them (year edited to 2001: wrong by construction)
    bench = _benchmark()
    res = bench.evaluate(texts, tmp_path / "labels")
    assert res["overall"]["n"] == 1 and res["overall"]["year"]["acc"] == 0.0
    assert res["overall"]["figures"]["fn"] >= 1  # the moved RATE span is not predicted
    assert res["openings"][0]["year"]["gold"] == 2001


def _benchmark():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "openings_eval.py"
    spec = importlib.util.spec_from_file_location("openings_eval", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_import_fails_loudly_naming_file_and_span(exported, tmp_path):
    (p, r), = list(_reviews(exported).items())[:1]
    r["figures"][0]["text"] = "这段文字不在报告里"
    r["figures"][0]["start"] = None
    bad = tmp_path / p.name
    bad.write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
    res = runner.invoke(app, ["annotate", "import", str(bad), "--labels", str(tmp_path / "labels")])
    assert res.exit_code == 1
    assert p.name in res.output and "figures[0]" in res.output
    assert not list((tmp_path / "labels").glob("*.json"))


def test_resolve_span_rules():
    text = "甲乙丙甲乙丙"
    assert resolve_span(text, {"start": 3, "end": 5, "text": "甲乙"}, "x") == (3, 5)
    assert resolve_span(text, {"start": 1, "end": 2, "text": "甲乙"}, "x") == (3, 5)  # first at/after start
    assert resolve_span(text, {"start": None, "end": None, "text": "乙丙"}, "x") == (1, 3)
    assert resolve_span(text, {"text": "乙丙", "occurrence": 2}, "x") == (4, 6)
    with pytest.raises(LabelError, match="occurrence 3"):
        resolve_span(text, {"text": "乙丙", "occurrence": 3}, "x")
    with pytest.raises(LabelError, match="f.json: title"):
        resolve_span(text, {"text": "丁"}, "f.json: title")


# ---------------------------------------------------------------- the committed labels

LABEL_FILES = sorted(LABELS.glob("*.json"))


@pytest.mark.parametrize("path", LABEL_FILES, ids=[p.stem for p in LABEL_FILES])
def test_label_file_is_valid(path):
    raw = path.read_text(encoding="utf-8")
    label = json.loads(raw)
    assert label.get("id") == path.stem
    assert validate(label, where=path.name) == []  # sha256s present, offsets sane, no "text" keys
    text_path = TEXTS / f"{path.stem}.txt"
    if not text_path.exists():
        pytest.skip(f"{text_path} not fetched (texts are never committed)")
    doc = read(text_path)
    if doc.sha256 != label["sha256"]:
        pytest.skip(f"{text_path} is not the file labelled (sha256 differs)")
    _, text = basis_of(doc, text_path.read_bytes())
    assert validate(label, text, path.name) == []
    # no report text copied in: no string value of 4+ chars of the file appears in the label
    strings = [v for v in json.loads(raw, object_hook=lambda d: d).values() if isinstance(v, str)]
    assert not [s for s in strings if len(s) >= 4 and s in text and s != label["id"]]


def test_labelled_openings_load_where_texts_are():
    # in CI there are no texts: nothing loads and nothing fails
    loaded = labelled_openings()
    assert len(loaded) <= len(read_labels())
    for o in loaded:
        assert o.gold.source.sha256 == o.label["sha256"]


def test_export_never_overwrites_hand_corrections(exported):
    p = sorted((exported / "b1").glob("*.review.json"))[0]
    before = p.read_text(encoding="utf-8")
    p.write_text(before.replace('"notes": ""', '"notes": "checked"'), encoding="utf-8")
    res = runner.invoke(app, ["annotate", "export", str(exported / "reports"), "--format", "review",
                              "--out", str(exported / "b1")])
    assert res.exit_code == 0 and "existing kept" in res.output
    assert '"notes": "checked"' in p.read_text(encoding="utf-8")


def test_sections_only_export_and_merge_import_touch_nothing_else(exported, tmp_path):
    labels = tmp_path / "labels"
    res = runner.invoke(app, ["annotate", "import", str(exported / "b1"), "--labels", str(labels), "--by", "t"])
    assert res.exit_code == 0, res.output
    before = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in labels.glob("*.json")}
    assert all(lab["sections"] for lab in before.values())  # pre-filled from the pipeline's sections
    res = runner.invoke(app, ["annotate", "export", str(exported / "reports"), "--format", "review",
                              "--only", "sections", "--out", str(tmp_path / "sec")])
    assert res.exit_code == 0, res.output
    edited = tmp_path / "sec_edited"
    edited.mkdir()
    for p in sorted((tmp_path / "sec").glob("*.review.json")):
        r = json.loads(p.read_text(encoding="utf-8"))
        assert r["only"] == ["sections"] and "figures" not in r and "title" not in r
        for s in r["sections"]:
            assert r["text"][s["start"]:s["end"]] == s["text"]
        r["sections"] = r["sections"][1:] + [{"text": r["sections"][0]["text"], "key": "other"}]
        (edited / p.name).write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
    # without --merge an only-sections review would blank the other fields: refused
    res = runner.invoke(app, ["annotate", "import", str(edited), "--labels", str(labels)])
    assert res.exit_code == 1 and "--merge" in res.output
    res = runner.invoke(app, ["annotate", "import", str(edited), "--labels", str(labels), "--merge"])
    assert res.exit_code == 0, res.output
    for p in labels.glob("*.json"):
        after = json.loads(p.read_text(encoding="utf-8"))
        old = before[p.name]
        assert {k: v for k, v in after.items() if k != "sections"} == {k: v for k, v in old.items() if k != "sections"}
        assert sorted(s["key"] for s in after["sections"]) == sorted(
            ["other"] + [s["key"] for s in old["sections"][1:]])
        assert validate(after) == []
    # a full review exported before sections were labelled keeps the file's sections
    (p, r), = list(_reviews(exported).items())[:1]
    r.pop("sections", None)
    old_review = tmp_path / "old" / p.name
    old_review.parent.mkdir()
    old_review.write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
    target = labels / f"{r['id']}.json"
    kept = json.loads(target.read_text(encoding="utf-8"))["sections"]
    res = runner.invoke(app, ["annotate", "import", str(old_review), "--labels", str(labels)])
    assert res.exit_code == 0, res.output
    assert json.loads(target.read_text(encoding="utf-8"))["sections"] == kept


def test_labelled_sections_become_gold_sections():
    loaded = [o for o in labelled_openings() if isinstance(o.label.get("sections"), list)]
    if not loaded:
        pytest.skip("no opening texts fetched")
    for o in loaded:
        assert [s.key for s in o.gold.sections] == [s["key"] for s in o.label["sections"]]
        for s in o.gold.sections:
            assert s.title and s.start is not None and o.doc.text[s.start:].startswith(s.title)
