"""Learned figure taggers on real openings: agency cross-validation on dev, final fit, test.

    python -m gkextract.models.figure_cv cv    [--kind bert|crf|candidates] [--k 3] [--fold-seed 1] [--synth N]
                                               [--epochs E] [--hand-weight W] [--set KEY=VALUE]
    python -m gkextract.models.figure_cv final [--synth N] [--epochs E] [--out models/figures_bert]

Protocol (models/EVALUATION.md): settings are chosen by k-fold cross-validation over the agencies of the
dev openings (gkextract.openings.agency_folds; each fold trains on the other dev agencies' hand labels +
distant labels + generated reports and is scored on the held-out agencies' openings). The final model is
trained on all dev openings (+ distant + generated) and scored once on the test openings by
``gkextract evaluate`` (the openings protocol). The model reads characters only (``stack_rules: false``):
it is not stacked on the rule tagger's output.
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from .. import corpus as C


def training_rows(openings, synth: int, seed: int, hand_weight: int) -> tuple[list[dict], dict]:
    from .figure_data import distant_rows, hand_rows

    hand = hand_rows(openings)
    reports = C.gold_reports()
    dist, _ = distant_rows([(o.id, o.doc) for o in openings] + [(r.id, r.doc) for r in reports])
    syn = [r for r in C.figure_examples(C.synth_reports(synth, seed)) if any(t != "O" for t in r["tags"])] \
        if synth else []
    rows = hand * hand_weight + dist * hand_weight + syn
    return rows, {"hand_lines": len(hand), "distant_lines": len(dist), "synth_lines": len(syn)}


def fit(openings, synth: int = 40, seed: int = 0, epochs: int | None = None, hand_weight: int = 3,
        overrides: dict | None = None, kind: str = "bert"):
    """``kind``: ``bert`` (characters only) or ``crf`` (configs/figures/crf.yaml, stacked on the rules'
    tags as that config says; ``overrides`` set its parameters, e.g. c1=0.05)."""
    rows, stats = training_rows(openings, synth, seed, hand_weight)
    texts, tags = [r["text"] for r in rows], [r["tags"] for r in rows]
    t = time.time()
    if kind == "candidates":   # label-or-NONE per number; distant rows are partial: their positives only
        from .figure_candidates import CandidateFigureTagger

        model = CandidateFigureTagger(**(overrides or {})).fit(
            texts, tags, complete=[r.get("source") != "distant" for r in rows])
    elif kind == "crf":
        from .figures import CrfFigureTagger

        model = CrfFigureTagger.from_config(**(overrides or {})).fit(texts, tags)
    else:
        from .bert_figures import BertFigureTagger

        training = {"stack_rules": False, **({"epochs": epochs} if epochs else {}), **(overrides or {})}
        model = BertFigureTagger(training=training, seed=seed).fit(texts, tags, C.BIO_TAGS)
    stats["train_seconds"] = round(time.time() - t, 1)
    return model, stats


def cross_validate(dev, k: int = 3, fold_seed: int = 1, **kw) -> dict:
    from ..figures import RuleFigureTagger
    from ..openings import agency_folds
    from .figure_scores import bootstrap_diff, score_tagger, summary

    # not seed 0: dev_test_split buckets agencies with k=3, seed 0, so with the same k and seed every dev
    # agency would fall outside fold 0 (an empty fold, the model scored on nothing)
    folds = [f for f in agency_folds(dev, k, fold_seed) if f]
    model_counts, rule_counts, stats = {"values": [], "spans": []}, {"values": [], "spans": []}, []
    for i, held in enumerate(folds):
        train = [o for j, f in enumerate(folds) if j != i for o in (dev[x] for x in f)]
        test = [dev[x] for x in held]
        model, st = fit(train, **kw)
        stats.append(st)
        fold_scores = {}
        items = [(o.gold.figures, o.doc) for o in test]
        for name, store, tagger in (("model", model_counts, model), ("rules", rule_counts, RuleFigureTagger())):
            sc = score_tagger(tagger, items)
            store["values"] += sc["values"]
            store["spans"] += sc["spans"]
            fold_scores[name] = summary(sc["values"])["micro"]
        st.update(n_test=len(test), f1={n: round(v["f1"], 3) for n, v in fold_scores.items()})
        print(f"fold {i}: {st}", file=sys.stderr)
    return {"model": {m: summary(model_counts[m]) for m in model_counts},
            "rules": {m: summary(rule_counts[m]) for m in rule_counts}, "folds": stats,
            "diff": {m: bootstrap_diff(model_counts[m], rule_counts[m]) for m in model_counts}, "settings": {**kw, "k": k, "fold_seed": fold_seed}}


def score(model_path: str, write: bool = False) -> int:
    """The openings protocol (evaluate.openings_figures) for a model trained on dev; with ``write`` its
    results join the last evaluation's (other tasks and protocols kept) and the selection is redone."""
    from pathlib import Path

    from ..paths import MODELS
    from .bert_figures import BertFigureTagger
    from .evaluate import format_table, openings_figures, openings_verdict, write_results

    res = openings_figures({"bert": BertFigureTagger.load(model_path)})
    v = openings_verdict(res, "bert")
    print(json.dumps({"micro_values": {k: x["micro"] for k, x in res["openings_test_values"].items()},
                      "diff": res["openings_diff"]["bert"]["values"]["micro"], "verdict": v}, indent=1))
    if write:
        path = MODELS / "evaluation.json"
        earlier = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        results = {k: v for k, v in earlier.items() if k not in ("verdicts",)}
        results["figures"] = {**(earlier.get("figures") or {}), **res}
        write_results(results, path, MODELS)
        print(format_table(results))
    return 0


def main(argv=None) -> int:
    from .train import limit_threads

    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=("cv", "final", "score"))
    ap.add_argument("--model", default="models/figures_bert", help="score: the tagger trained on dev")
    ap.add_argument("--write", action="store_true", help="score: merge into models/evaluation.json, "
                    "selection.json and EVALUATION.md")
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--fold-seed", type=int, default=1, help="cv: agency bucketing seed (0 repeats the "
                    "dev/test split's buckets: an empty fold at k=3)")
    ap.add_argument("--kind", choices=("bert", "crf", "candidates"), default="bert",
                    help="cv/final: the character BERT, the CRF stacked on the rules (crf.yaml), or the "
                    "number-candidate classifier (figure_candidates.py; --set C=…, rule_feature=false)")
    ap.add_argument("--synth", type=int, default=40)
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--hand-weight", type=int, default=3)
    ap.add_argument("--out", default="models/figures_bert")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override a bert.yaml training setting (e.g. o_weight=0.5), repeatable")
    args = ap.parse_args(argv)
    limit_threads(2)
    from ..openings import dev_test_split, labelled_openings

    dev, _ = dev_test_split(labelled_openings())
    import yaml

    overrides = {k: yaml.safe_load(v) for k, v in (x.split("=", 1) for x in args.set)}
    kw = {"synth": args.synth, "epochs": args.epochs, "hand_weight": args.hand_weight, "overrides": overrides,
          "kind": args.kind}
    if args.what == "score":
        return score(args.model, args.write)
    if args.what == "cv":
        res = cross_validate(dev, args.k, args.fold_seed, **kw)
        print(json.dumps({k: v for k, v in res.items()}, ensure_ascii=False, indent=1))
    else:
        model, st = fit(dev, **kw)
        if args.kind == "crf":
            model.save(args.out)
        else:
            model.save(args.out, meta={"data": st, "trained_on": "dev openings + distant + synth", **kw})
        print(json.dumps(st))
    return 0


if __name__ == "__main__":
    sys.exit(main())
