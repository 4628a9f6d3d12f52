"""Sections on hand-labelled real openings: rules vs the candidate classifier, by agency (issue 11 §2).

Protocol. The openings with section labels (corpus/openings) are split by agency
(:func:`gkextract.openings.dev_test_split`): rules and the model are developed on ``dev`` only, by
``k``-fold agency cross-validation over it (the model trained on generated reports + the visible gold
reports + the other dev folds); ``test`` is scored once, the model trained on all of dev. Score: gkscore's
section score (multisets of (key, title NFKC without whitespace) per opening, micro P/R/F1). A heading
that runs into the cut at an opening's end is not labelled, and predictions there are not counted either
(their titles may be cut). Intervals: 95% bootstrap over openings, of each F1 and of model − rules.

``python -m gkextract.models.section_cv [--test] [--synth N] [--json]``
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Callable, Sequence

from ..record import Section


def _norm(s) -> str:
    return "".join(unicodedata.normalize("NFKC", str(s or "")).split())


def section_counts(gold: Sequence[Section], pred: Sequence[Section], text_len: int | None = None) -> Counter:
    """tp/fp/fn of one document, as gkscore's score_sections; ``text_len``: the cut (openings) — predicted
    headings that reach it are dropped."""
    if text_len is not None:
        pred = [s for s in pred if s.start is None or s.start + len(s.title) < text_len]
    g = Counter((s.key, _norm(s.title)) for s in gold)
    p = Counter((s.key, _norm(s.title)) for s in pred)
    tp = sum((g & p).values())
    return Counter(tp=tp, fp=sum(p.values()) - tp, fn=sum(g.values()) - tp)


def prf(c: Counter) -> dict:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def _f1(cs: Sequence[Counter]) -> float:
    t = sum(cs, Counter())
    return 2 * t["tp"] / (2 * t["tp"] + t["fp"] + t["fn"]) if t["tp"] else 0.0


def bootstrap(per_doc: dict[str, list[Counter]], n: int = 1000, seed: int = 0) -> dict:
    """95% percentile intervals of every system's F1 and of each system minus ``rules``."""
    rng = random.Random(seed)
    names = list(per_doc)
    m = len(next(iter(per_doc.values())))
    draws: dict[str, list[float]] = {k: [] for k in names}
    diffs: dict[str, list[float]] = {k: [] for k in names if k != "rules"}
    for _ in range(n):
        idx = [rng.randrange(m) for _ in range(m)]
        f = {k: _f1([per_doc[k][i] for i in idx]) for k in names}
        for k in names:
            draws[k].append(f[k])
        for k in diffs:
            diffs[k].append(f[k] - f["rules"])

    def ci(xs):
        xs = sorted(xs)
        return [round(xs[int(0.025 * len(xs))], 4), round(xs[int(0.975 * len(xs)) - 1], 4)]

    return {"f1_ci": {k: ci(v) for k, v in draws.items()}, "diff_ci": {k: ci(v) for k, v in diffs.items()}}


def section_openings():
    """Labelled openings whose label files label sections, tables decoded as in the pipeline (read once
    per process)."""
    return list(_section_openings())


@lru_cache(maxsize=1)
def _section_openings() -> tuple:
    from ..labels import has_sections
    from ..openings import labelled_openings
    from ..tables.engine import decode_tables

    out = [o for o in labelled_openings() if has_sections(o.label)]
    for o in out:
        if "tables" not in o.doc.spans:
            o.doc.spans["tables"] = decode_tables(o.doc).spans
    return tuple(out)


def _prepared(reports):
    from ..tables.engine import decode_tables

    for r in reports:
        if "tables" not in r.doc.spans:
            r.doc.spans["tables"] = decode_tables(r.doc).spans
    return reports


def training_pairs(openings, synth: int, seed: int = 0, hand_weight: float = 3.0):
    """(doc, sections) pairs and weights: generated reports, the visible gold reports, hand-labelled openings."""
    from ..corpus import gold_reports, synth_reports

    reps = _prepared(synth_reports(synth, seed=seed) if synth else []) + _prepared(gold_reports())
    pairs = [(r.doc, r.record.sections) for r in reps] + [(o.doc, o.gold.sections) for o in openings]
    weights = [1.0] * len(reps) + [hand_weight] * len(openings)
    return pairs, weights


def score(finders: dict[str, Callable], openings) -> dict[str, list[Counter]]:
    out: dict[str, list[Counter]] = {k: [] for k in finders}
    for o in openings:
        cut = len(o.doc.text.rstrip())
        for name, find in finders.items():
            out[name].append(section_counts(o.gold.sections, find(o.doc), cut))
    return out


def rules_finder():
    from ..sections import RuleSectionFinder

    return RuleSectionFinder().find


def fit_model(openings, synth: int, seed: int = 0, C: float = 4.0, hand_weight: float = 3.0):
    from .sections import CandidateSectionClassifier

    pairs, weights = training_pairs(openings, synth, seed, hand_weight)
    return CandidateSectionClassifier(C=C, seed=seed).fit(pairs, weights)


def cross_validate(dev, k: int = 5, synth: int = 60, seed: int = 0, **kw) -> dict:
    from ..openings import agency_folds

    per_doc: dict[str, list[Counter]] = {"rules": [], "model": []}
    order: list[str] = []
    for fold in agency_folds(dev, k, seed):
        held = [dev[i] for i in fold]
        train = [o for i, o in enumerate(dev) if i not in set(fold)]
        model = fit_model(train, synth, seed, **kw)
        res = score({"rules": rules_finder(), "model": model.find}, held)
        for name in per_doc:
            per_doc[name] += res[name]
        order += [o.id for o in held]
    return _report(per_doc, order)


def held_out_test(dev, test, synth: int = 60, seed: int = 0, **kw) -> dict:
    model = fit_model(dev, synth, seed, **kw)
    per_doc = score({"rules": rules_finder(), "model": model.find}, test)
    return _report(per_doc, [o.id for o in test])


def _report(per_doc: dict[str, list[Counter]], ids: list[str]) -> dict:
    out = {"n": len(ids), **{name: prf(sum(cs, Counter())) for name, cs in per_doc.items()}}
    out.update(bootstrap(per_doc))
    out["errors"] = {name: [i for i, c in zip(ids, cs) if c["fp"] or c["fn"]] for name, cs in per_doc.items()}
    return out


def main(argv=None) -> int:
    from ..openings import dev_test_split

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--test", action="store_true", help="also score the test agencies (once, at the end)")
    ap.add_argument("--synth", type=int, default=60)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--C", type=float, default=4.0)
    ap.add_argument("--hand-weight", type=float, default=3.0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    t0 = time.time()
    dev, test = dev_test_split(section_openings())
    res = {"dev_cv": cross_validate(dev, a.k, a.synth, C=a.C, hand_weight=a.hand_weight)}
    if a.test:
        res["test"] = held_out_test(dev, test, a.synth, C=a.C, hand_weight=a.hand_weight)
    res["seconds"] = round(time.time() - t0, 1)
    if a.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
    else:
        for part, r in res.items():
            if not isinstance(r, dict):
                continue
            print(f"{part} (n={r['n']}): rules F1 {r['rules']['f1']} {r['f1_ci']['rules']} | model F1 "
                  f"{r['model']['f1']} {r['f1_ci']['model']} | model-rules {r['diff_ci']['model']}")
            print(f"   rules errors: {r['errors']['rules']}\n   model errors: {r['errors']['model']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


# ------------------------------------------------------------------ gkextract evaluate

def openings_protocol(settings, log=print) -> dict:
    """``openings_cv`` (dev agencies, k-fold) and ``openings_test`` (test agencies) for `gkextract evaluate`;
    empty where the opening texts are absent (CI)."""
    from ..openings import dev_test_split

    ops = section_openings()
    if not ops:
        log("sections: no labelled openings with texts here, openings protocol skipped")
        return {}
    dev, test = dev_test_split(ops)
    synth = min(getattr(settings, "synth", 40) or 0, 40)
    out = {"openings_cv": cross_validate(dev, 5, synth, settings.seed),
           "openings_test": held_out_test(dev, test, synth, settings.seed)}
    for k in ("openings_cv", "openings_test"):
        r = out[k]
        log(f"sections {k}: rules F1 {r['rules']['f1']} model F1 {r['model']['f1']} diff CI {r['diff_ci']['model']}")
    return out


def openings_verdict(res: dict) -> dict:
    """Selected only where the model wins clearly on held-out agencies: the 95% bootstrap interval of its
    F1 minus the rules' lies above 0 on the dev cross-validation and is not below 0 on the test agencies."""
    cv, test = res.get("openings_cv") or {}, res.get("openings_test") or {}
    if not cv or not test:
        return {"selected": False, "why": "no openings result"}
    lo_cv, lo_test = cv["diff_ci"]["model"][0], test["diff_ci"]["model"][0]
    why = (f"openings: dev CV F1 {cv['model']['f1']} vs rules {cv['rules']['f1']} (diff CI {cv['diff_ci']['model']}), "
           f"test F1 {test['model']['f1']} vs {test['rules']['f1']} (diff CI {test['diff_ci']['model']})")
    ok = lo_cv > 0 and lo_test >= 0 and test["model"]["f1"] > test["rules"]["f1"]
    return {"selected": ok, "why": why + ("" if ok else ": not a clear win, the rules stay")}
