"""Held-out evaluation, model beside baseline, per task and label.

Protocols
- ``gold_loro``: leave-one-report-out over the real annotated reports; each fold trains on the other real
  reports plus generated reports (seed S) and tests on the left-out one. (The BERT tagger is too slow to
  train 7 times on CPU: it is trained once on generated reports only and tested on all real reports,
  ``gold_synth_only``.)
- ``synth_unseen``: train on generated reports (seed S) + all real reports, test on generated reports from
  an unseen seed (S + 1000).

Metrics: sections — P/R/F1 of heading labels over paragraphs ("none" is the negative class); themes —
P/R/F1 of (kind, theme) labels over the gold items; figures — seqeval entity P/R/F1 over character tags.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Optional, Sequence

from .. import corpus as C
from .train import TrainSettings, fit_bert, fit_crf, fit_sections, fit_themes, limit_threads


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "support": tp + fn}


class LabelTally:
    """tp/fp/fn per label; ``micro`` and ``per_label`` summaries."""

    def __init__(self):
        self.c: Counter = Counter()
        self.labels: set = set()

    def add_sets(self, gold: set, pred: set) -> None:
        for lab in gold | pred:
            self.labels.add(lab)
            self.c[(lab, "tp")] += lab in gold and lab in pred
            self.c[(lab, "fp")] += lab in pred and lab not in gold
            self.c[(lab, "fn")] += lab in gold and lab not in pred

    def add_single(self, gold: str, pred: str, negative: str = "none") -> None:
        self.add_sets({gold} - {negative}, {pred} - {negative})

    def summary(self) -> dict:
        per = {lab: prf(self.c[(lab, "tp")], self.c[(lab, "fp")], self.c[(lab, "fn")]) for lab in sorted(self.labels)}
        tot = [sum(self.c[(lab, k)] for lab in self.labels) for k in ("tp", "fp", "fn")]
        return {"micro": prf(*tot), "per_label": per}


def seqeval_summary(gold: list[list[str]], pred: list[list[str]]) -> dict:
    from seqeval.metrics import classification_report

    rep = classification_report(gold, pred, output_dict=True, zero_division=0)
    per = {k: {"precision": round(v["precision"], 4), "recall": round(v["recall"], 4),
               "f1": round(v["f1-score"], 4), "support": int(v["support"])}
           for k, v in rep.items() if not k.endswith(" avg")}
    micro = rep.get("micro avg", {"precision": 0, "recall": 0, "f1-score": 0, "support": 0})
    return {"micro": {"precision": round(micro["precision"], 4), "recall": round(micro["recall"], 4),
                      "f1": round(micro["f1-score"], 4), "support": int(micro["support"])}, "per_label": per}


# ------------------------------------------------------------------ per-task scoring

def score_sections(model, reports) -> dict:
    return _finish([_raw_scores("sections", model, reports)])


def score_themes(model, reports) -> dict:
    return _finish([_raw_scores("themes", model, reports)])


def rule_tags(texts: Sequence[str]) -> list[list[str]]:
    from ..figures import tag_text
    from .figures import spans_to_tags

    out = []
    for t in texts:
        spans = [(f.start, f.end, f.label) for f in tag_text(t, offset=0) if f.start is not None]
        out.append(spans_to_tags(len(t), spans))
    return out


def figure_rows(reports) -> tuple[list[str], list[list[str]]]:
    rows = C.figure_examples(reports)
    return [r["text"] for r in rows], [list(r["tags"]) for r in rows]


def score_figures(models: dict, reports) -> tuple[dict, list]:
    """(predicted tags per tagger incl. the rule baseline, gold tags) over the reports' prose lines."""
    texts, gold = figure_rows(reports)
    out = {name: m.predict_tags(texts) for name, m in models.items()}
    out["baseline"] = rule_tags(texts)
    return out, gold


# ------------------------------------------------------------------ protocols

def _merge_sequences(per_fold: list[tuple[dict, list]]) -> dict:
    merged_pred: dict[str, list] = {}
    merged_gold: list = []
    for preds, gold in per_fold:
        merged_gold += gold
        for k, v in preds.items():
            merged_pred.setdefault(k, []).extend(v)
    return {k: seqeval_summary(merged_gold, v) for k, v in merged_pred.items()}


def evaluate(tasks: Sequence[str], settings: TrainSettings, synth_test: int = 30,
             data: Sequence[Path | str] = (), log: Callable = print) -> dict:
    limit_threads(2)
    t0 = time.time()
    gold = C.load_reports(folders=data)
    synth_train = C.synth_reports(settings.synth, settings.seed) if settings.synth else []
    synth_test_reports = C.synth_reports(synth_test, settings.seed + 1000) if synth_test else []
    log(f"data: {len(gold)} real reports, {len(synth_train)} generated for training, "
        f"{len(synth_test_reports)} generated (unseen seed) for testing ({time.time() - t0:.0f} s)")
    results: dict = {"date": dt.datetime.now().isoformat(timespec="seconds"), "seed": settings.seed,
                     "synth_train": len(synth_train), "synth_test": len(synth_test_reports),
                     "real_reports": [r.id for r in gold]}
    fitters = {"sections": (fit_sections, score_sections), "themes": (fit_themes, score_themes)}
    for task in ("sections", "themes"):
        if task not in tasks:
            continue
        fit, score = fitters[task]
        t = time.time()
        folds = []
        for held in gold:
            train_reports = [r for r in gold if r.id != held.id] + synth_train
            folds.append(_raw_scores(task, fit(train_reports, settings), [held]))
        res = {"gold_loro": _finish(folds)} if folds else {}
        if synth_test_reports:
            res["synth_unseen"] = score(fit(gold + synth_train, settings), synth_test_reports)
        res["seconds"] = round(time.time() - t, 1)
        results[task] = res
        log(f"{task}: {res['seconds']} s")
    if "figures" in tasks:
        t = time.time()
        res = {}
        folds = []
        for held in gold:
            crf = fit_crf([r for r in gold if r.id != held.id] + synth_train, settings)
            folds.append(score_figures({"crf": crf}, [held]))
        if folds:
            res["gold_loro"] = _merge_sequences(folds)
        models = {"crf": fit_crf(gold + synth_train, settings)}
        if settings.bert:
            bert = fit_bert(synth_train, settings)
            if gold:
                res["gold_synth_only"] = _merge_sequences([score_figures({"bert": bert}, gold)])
            models["bert"] = fit_bert(gold + synth_train, settings) if gold else bert
        if synth_test_reports:
            res["synth_unseen"] = _merge_sequences([score_figures(models, synth_test_reports)])
        res["seconds"] = round(time.time() - t, 1)
        results["figures"] = res
        log(f"figures: {res['seconds']} s")
    results["selection"] = select(results)
    results["total_seconds"] = round(time.time() - t0, 1)
    return results


def _raw_scores(task: str, model, reports) -> dict:
    """Per-fold raw tallies (kept as LabelTally objects so folds add up exactly)."""
    from .sections import rule_paragraph_labels
    from ..items.extract import default_classifier

    tallies = {"model": LabelTally(), "baseline": LabelTally()}
    if task == "sections":
        for rep in reports:
            rows = C.section_examples([rep])
            preds = {"model": model.predict([r["text"] for r in rows]), "baseline": rule_paragraph_labels(rep.doc)}
            for name, pred in preds.items():
                for r, p in zip(rows, pred):
                    tallies[name].add_single(r["label"], p)
    else:
        clfs = {"model": model, "baseline": default_classifier()}
        rows = [r for r in C.item_examples(reports) if r["kind"] != "neither"]
        for kind in ("problem", "measure"):
            sub = [r for r in rows if r["kind"] == kind]
            for name, clf in clfs.items():
                if not sub:
                    continue
                for r, p in zip(sub, clf.predict([r["text"] for r in sub], kind)):
                    tallies[name].add_sets({f"{kind}/{t}" for t in r["themes"]}, {f"{kind}/{t}" for t in p})
    return tallies


def _finish(folds: list[dict]) -> dict:
    out = {}
    for name in folds[0]:
        lt = LabelTally()
        for f in folds:
            lt.c.update(f[name].c)
            lt.labels |= f[name].labels
        out[name] = lt.summary()
    return out


def select(results: dict) -> dict:
    """Per task, the artefact to use: a model only where it beats its baseline on real held-out reports."""
    sel = {}
    for task in ("sections", "themes"):
        res = results.get(task, {}).get("gold_loro")
        if res:
            sel[task] = task if res["model"]["micro"]["f1"] > res["baseline"]["micro"]["f1"] else "baseline"
    fig = results.get("figures", {})
    if fig:
        cands = {}
        if "gold_loro" in fig:
            cands["figures_crf"] = fig["gold_loro"]["crf"]["micro"]["f1"]
            base = fig["gold_loro"]["baseline"]["micro"]["f1"]
        if "gold_synth_only" in fig:
            cands["figures_bert"] = fig["gold_synth_only"]["bert"]["micro"]["f1"]
            base = fig["gold_synth_only"]["baseline"]["micro"]["f1"]
        if cands:
            best = max(cands, key=cands.get)
            sel["figures"] = best if cands[best] > base else "baseline"
    return sel


def format_table(results: dict) -> str:
    """Model and baseline side by side, per task, protocol and label."""
    lines = []
    for task in ("sections", "themes", "figures"):
        if task not in results:
            continue
        for proto, res in results[task].items():
            if not isinstance(res, dict):
                continue
            names = list(res)
            lines.append(f"\n## {task} / {proto}")
            lines.append(f"{'label':<34}" + "".join(f"{n + ' P/R/F1':>24}" for n in names) + f"{'support':>9}")
            labels = sorted({lab for n in names for lab in res[n]["per_label"]})
            for lab in ["(micro)"] + labels:
                cells = []
                support = 0
                for n in names:
                    m = res[n]["micro"] if lab == "(micro)" else res[n]["per_label"].get(lab)
                    if m is None:
                        cells.append(f"{'-':>24}")
                        continue
                    support = max(support, m["support"])
                    cells.append(f"{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}")
                lines.append(f"{lab:<34}" + "".join(cells) + f"{support:>9}")
    if "selection" in results:
        lines.append(f"\nselection (used by load_components): {json.dumps(results['selection'])}")
    return "\n".join(lines)


def write_results(results: dict, out: Path | str, models_dir: Optional[Path | str] = None) -> None:
    """Write the JSON; tasks this run did not evaluate keep their results from an earlier file at ``out``
    (so `evaluate --task figures` does not drop the other tasks from the selection)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        earlier = json.loads(out.read_text(encoding="utf-8"))
        for task in ("sections", "themes", "figures"):
            if task not in results and task in earlier:
                results[task] = earlier[task]
        results["selection"] = select(results)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if models_dir is not None:
        md = Path(models_dir)
        md.mkdir(parents=True, exist_ok=True)
        (md / "selection.json").write_text(json.dumps(results["selection"], indent=1), encoding="utf-8")
        (md / "EVALUATION.md").write_text(
            f"# Held-out evaluation ({results['date']}, seed {results['seed']})\n\n"
            f"Protocols: see gkextract/models/evaluate.py. Real reports: {len(results['real_reports'])}; "
            f"generated for training: {results['synth_train']}; generated unseen for testing: "
            f"{results['synth_test']}.\n\n```\n{format_table(results)}\n```\n", encoding="utf-8")
        update_cards(results, md)


CARD_SECTION = "\n## Held-out metrics (gkextract evaluate)\n"
CARD_MODELS = {"sections": ("sections", "model"), "themes": ("themes", "model"),
               "figures_crf": ("figures", "crf"), "figures_bert": ("figures", "bert")}


def update_cards(results: dict, models_dir: Path | str) -> None:
    """Put the micro P/R/F1 of each model beside its baseline into the model's MODEL_CARD.md."""
    for folder, (task, name) in CARD_MODELS.items():
        card = Path(models_dir) / folder / "MODEL_CARD.md"
        if not card.exists() or task not in results:
            continue
        lines = [CARD_SECTION, f"Run {results['date']} (seed {results['seed']}); micro precision / recall / F1.", ""]
        for proto, res in results[task].items():
            if isinstance(res, dict) and name in res:
                m, b = res[name]["micro"], res["baseline"]["micro"]
                lines.append(f"- {proto}: model {m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f}; "
                             f"baseline {b['precision']:.3f} / {b['recall']:.3f} / {b['f1']:.3f} "
                             f"(support {m['support']})")
        chosen = results.get("selection", {}).get(task)
        lines.append(f"- selected for use by load_components: {'yes' if chosen == folder else 'no (' + str(chosen) + ')'}")
        text = card.read_text(encoding="utf-8").split(CARD_SECTION)[0]
        card.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
