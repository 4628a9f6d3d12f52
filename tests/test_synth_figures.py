"""Figures round trip on generated reports: the (label, value) multiset the pipeline extracts equals the
gold's, over ~100 seeds. The generator writes the figure classes of real reports (issue 11: breakdowns
after 其中/包括 by topic and channel, numbers before their noun, bare totals, website counts framed or not
as the year's total, request results / carried over / withdrawn from 表三, rates; documents by how they are
disclosed, normative documents cleaned up, cases in 起) and numbers that are no figures (page views,
columns, staff, times of day, enquiries, places)."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from gkextract.models.figure_scores import value_key
from gkextract.synth import generate_record, render

extract = pytest.importorskip("gkextract.pipeline").extract


def _figure_diffs(tmp_path, fmt: str, seeds) -> dict:
    out = {}
    path = tmp_path / ("r.html" if fmt == "html" else "r.txt")
    for s in seeds:
        rec, content = generate_record(random.Random(f"figrt:{fmt}:{s}"))
        path.write_bytes(render(content, fmt))
        gold, pred = Counter(map(value_key, rec.figures)), Counter(map(value_key, extract(path).figures))
        if gold != pred:
            out[s] = {"missing": dict(gold - pred), "extra": dict(pred - gold)}
    return out


@pytest.mark.parametrize("fmt, n", [("txt_tab", 100), ("html", 30)])
def test_figures_round_trip(tmp_path, fmt, n):
    assert _figure_diffs(tmp_path, fmt, range(n)) == {}


def test_real_figure_classes_are_drawn():
    """The seeds above do exercise the classes (a generator change that drops them fails here)."""
    texts, labels, recs = [], Counter(), []
    for s in range(100):
        rec, content = generate_record(random.Random(f"figrt:txt_tab:{s}"))
        recs.append(rec)
        texts.append("".join(b.text or "" for b in content.blocks))
        labels.update(f.label for f in rec.figures if any(k in f.text for k in ("予以公开", "结转", "撤回")))
    joined = "\n".join(texts)
    for phrase in ("其中", "予以公开", "结转", "访问量", "专栏", "工作人员", "依申请公开", "废止", "政务咨询"):
        assert phrase in joined, phrase
    assert labels["REQUESTS_HANDLED"] >= 10
    assert any(f.unit == "起" for rec in recs for f in rec.figures)


def test_requests_prose_agrees_with_table():
    """Every 表三 number the generator states in the prose is the table's (no false NARRATIVE_REQUESTS)."""
    from gkextract.checks.narrative_rules import _requests_candidates

    for s in range(100):
        rec, _ = generate_record(random.Random(f"figrt:agree:{s}"), templates=["2019", "2021"])
        table = rec.tables.requests
        for f in rec.figures:
            if f.label == "REQUESTS_HANDLED" and any(k in f.text for k in ("予以公开", "不予公开", "结转")):
                candidates, _ = _requests_candidates(f, table)
                assert any(c is not None and abs(c - f.value) < 1e-9 for c in candidates), (s, f.text)


def test_side_stream_leaves_other_draws(monkeypatch):
    """The variants come from their own stream: without them a seed draws the same tables, sections,
    items and other figures."""
    from gkextract.synth import generate as gen

    def key(rec):
        return (rec.tables, rec.title, [(s.key, s.title) for s in rec.sections], rec.problems, rec.measures)
    seeds = [random.Random(f"figrt:side:{s}") for s in range(40)]
    with_variants = [generate_record(random.Random(f"figrt:side:{s}"))[0] for s in range(40)]
    monkeypatch.setattr(gen, "variant_proactive", lambda ctx: ("", []))
    monkeypatch.setattr(gen, "variant_requests", lambda ctx, req, template: ("", []))
    monkeypatch.setattr(gen, "non_figure_sentence", lambda ctx: "")
    monkeypatch.setattr(gen, "variant_documents", lambda ctx: ("", []))
    without = [generate_record(rng)[0] for rng in seeds]
    assert [key(r) for r in with_variants] == [key(r) for r in without]
    for a, b in zip(with_variants, without):
        assert all(f in a.figures for f in b.figures)
