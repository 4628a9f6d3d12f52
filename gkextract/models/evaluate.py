"""Held-out evaluation, models beside their baselines, per task, protocol and label.

Protocols (no model is ever scored on a report it was trained on)
- ``gold_loro``: leave-one-report-out over the real annotated reports; each fold trains on the other real
  reports plus generated reports and tests on the left-out one. The BERT tagger is too slow to train once
  per fold on CPU: it is trained on generated reports only and tested on every real report
  (``gold_synth_only``), which is held out just as well.
- ``synth_unseen``: train on all real reports + generated reports (seed S, the *training* part of the
  phrase banks), test on generated reports from an unseen seed (S + 1000) drawn from the *held-out* part
  of the phrase banks (item clauses, figure sentences, headings: gkextract.corpus.phrase_variants), so the
  test text is worded in ways no model saw.

Metrics: sections — P/R/F1 of heading labels over paragraphs ("none" is the negative class); themes —
P/R/F1 of (kind, theme) labels over the gold items; figures — seqeval entity P/R/F1 over character tags
(exact spans), and ``*_values``: P/R/F1 of (label, value) per report, as gkscore counts figures.

Columns: sections ``model`` (spaCy textcat) / ``baseline`` (RuleSectionFinder); themes ``textcat`` (spaCy
alone), ``model`` (the shipped stacked classifier) / ``baseline`` (keywords); figures ``crf`` (stacked on
the rules, shipped), ``crf_chars`` (characters only, for reference), ``bert`` (stacked) / ``baseline``
(rules).

Selection (models/selection.json, read by load_components): per task, a model is used only where it is at
least as good as its baseline on the real held-out reports — strictly better there, or tied there and at
least as good on the generated held-out reports (and better on at least one: a model tied everywhere adds
nothing measurable, so the baseline is kept). For figures the seqeval and the value scores must both pass.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Optional, Sequence

from .. import corpus as C
from .figures import rule_tags  # noqa: F401  (re-exported: the rule baseline's tags)
from .train import (TrainSettings, calibrate_themes, fit_bert, fit_crf, fit_sections, fit_textcat_themes,
                    limit_threads)


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

    def add_counts(self, gold: Counter, pred: Counter, label=lambda key: key[0]) -> None:
        """Multisets (a figure stated twice counts twice); ``label`` maps a key to its label."""
        for key in set(gold) | set(pred):
            lab = label(key)
            self.labels.add(lab)
            tp = min(gold[key], pred[key])
            self.c[(lab, "tp")] += tp
            self.c[(lab, "fp")] += pred[key] - tp
            self.c[(lab, "fn")] += gold[key] - tp

    def merge(self, other: "LabelTally") -> "LabelTally":
        self.c.update(other.c)
        self.labels |= other.labels
        return self

    def summary(self) -> dict:
        per = {lab: prf(self.c[(lab, "tp")], self.c[(lab, "fp")], self.c[(lab, "fn")]) for lab in sorted(self.labels)}
        tot = [sum(self.c[(lab, k)] for lab in self.labels) for k in ("tp", "fp", "fn")]
        return {"micro": prf(*tot), "per_label": per}


def seqeval_summary(gold: list[list[str]], pred: list[list[str]]) -> dict:
    from seqeval.metrics import classification_report

    rep = classification_report(gold, pred, output_dict=True, zero_division=0)
    per = {k: {"precision": round(float(v["precision"]), 4), "recall": round(float(v["recall"]), 4),
               "f1": round(float(v["f1-score"]), 4), "support": int(v["support"])}
           for k, v in rep.items() if not k.endswith(" avg")}
    micro = rep.get("micro avg", {"precision": 0, "recall": 0, "f1-score": 0, "support": 0})
    return {"micro": {"precision": round(float(micro["precision"]), 4), "recall": round(float(micro["recall"]), 4),
                      "f1": round(float(micro["f1-score"]), 4), "support": int(micro["support"])}, "per_label": per}


# ------------------------------------------------------------------ per-task scoring

def section_tallies(models: dict, reports) -> dict:
    """{name: LabelTally} of heading labels per paragraph; the rule baseline is added as ``baseline``."""
    from ..tables.engine import decode_tables
    from .sections import finder_paragraph_labels, rule_paragraph_labels

    tallies = {name: LabelTally() for name in list(models) + ["baseline"]}
    for rep in reports:
        if "tables" not in rep.doc.spans:  # as in the pipeline, where tables are decoded before sections
            rep.doc.spans["tables"] = decode_tables(rep.doc).spans
        rows = C.section_examples([rep])
        preds = {name: finder_paragraph_labels(m, rep.doc) for name, m in models.items()}
        preds["baseline"] = rule_paragraph_labels(rep.doc)
        for name, pred in preds.items():
            for r, p in zip(rows, pred):
                tallies[name].add_single(r["label"], p)
    return tallies


def theme_tallies(models: dict, reports) -> dict:
    """{name: LabelTally} of (kind/theme) labels over the gold items; keyword baseline as ``baseline``."""
    from ..items.extract import default_classifier

    clfs = {**models, "baseline": default_classifier()}
    tallies = {name: LabelTally() for name in clfs}
    rows = [r for r in C.item_examples(reports) if r["kind"] != "neither"]
    for kind in ("problem", "measure"):
        sub = [r for r in rows if r["kind"] == kind]
        if not sub:
            continue
        for name, clf in clfs.items():
            for r, p in zip(sub, clf.predict([r["text"] for r in sub], kind)):
                tallies[name].add_sets({f"{kind}/{t}" for t in r["themes"]}, {f"{kind}/{t}" for t in p})
    return tallies


def figure_sequences(models: dict, reports) -> tuple[dict, list]:
    """({name: predicted tags} incl. the rule ``baseline``, gold tags) over the reports' prose lines."""
    from .figures import rule_tags as rules

    rows = C.figure_examples(reports)
    texts, gold = [r["text"] for r in rows], [list(r["tags"]) for r in rows]
    out = {name: m.predict_tags(texts) for name, m in models.items()}
    out["baseline"] = rules(texts)
    return out, gold


def figure_value_tallies(models: dict, reports) -> dict:
    """{name: LabelTally} of (label, value) figures per report (gkscore's figure matching)."""
    from ..figures import RuleFigureTagger

    taggers = {**models, "baseline": RuleFigureTagger()}
    tallies = {name: LabelTally() for name in taggers}

    def key(f):
        try:
            return f.label, round(float(f.value), 4)
        except (TypeError, ValueError):
            return f.label, None

    for rep in reports:
        gold = Counter(key(f) for f in rep.record.figures)
        for name, tagger in taggers.items():
            tallies[name].add_counts(gold, Counter(key(f) for f in tagger.tag(rep.doc)))
    return tallies


def _finish(folds: list[dict]) -> dict:
    out = {}
    for name in folds[0]:
        lt = LabelTally()
        for f in folds:
            lt.merge(f[name])
        out[name] = lt.summary()
    return out


def _merge_sequences(per_fold: list[tuple[dict, list]]) -> dict:
    merged_pred: dict[str, list] = {}
    merged_gold: list = []
    for preds, gold in per_fold:
        merged_gold += gold
        for k, v in preds.items():
            merged_pred.setdefault(k, []).extend(v)
    return {k: seqeval_summary(merged_gold, v) for k, v in merged_pred.items()}


# ------------------------------------------------------------------ protocols

def evaluate(tasks: Sequence[str], settings: TrainSettings, synth_test: int = 30,
             data: Sequence[Path | str] = (), log: Callable = print, ties: str = "baseline") -> dict:
    limit_threads(2)
    t0 = time.time()
    gold = C.load_reports(folders=data)
    vseed = settings.seed
    synth_train = C.synth_reports(settings.synth, settings.seed, variants="train", variant_seed=vseed) \
        if settings.synth else []
    synth_test_reports = C.synth_reports(synth_test, settings.seed + 1000, variants="test", variant_seed=vseed) \
        if synth_test else []
    log(f"data: {len(gold)} real reports, {len(synth_train)} generated for training (training phrasings), "
        f"{len(synth_test_reports)} generated for testing (unseen seed, held-out phrasings) "
        f"({time.time() - t0:.0f} s)")
    results: dict = {"date": dt.datetime.now().isoformat(timespec="seconds"), "seed": settings.seed,
                     "synth_train": len(synth_train), "synth_test": len(synth_test_reports),
                     "gold_weight": settings.gold_weight, "real_reports": [r.id for r in gold],
                     "selection_ties": ties}

    def others(held):
        return [r for r in gold if r.id != held.id] + synth_train

    if "sections" in tasks:
        t = time.time()
        res: dict = {}
        if gold:
            res["gold_loro"] = _finish([section_tallies({"model": fit_sections(others(h), settings)}, [h])
                                        for h in gold])
        if synth_test_reports:
            res["synth_unseen"] = _finish([section_tallies({"model": fit_sections(gold + synth_train, settings)},
                                                           synth_test_reports)])
        from .section_cv import openings_protocol  # real unseen agencies (issue 11 §2)

        res.update(openings_protocol(settings, log))
        res["seconds"] = round(time.time() - t, 1)
        results["sections"] = res
        log(f"sections: {res['seconds']} s")
    if "themes" in tasks:
        from .themes import StackedThemeClassifier

        t = time.time()
        with C.phrase_variants("train", vseed):  # calibration never sees the test phrasings
            cal = calibrate_themes(settings, log)

        def models(train_reports):
            textcat = fit_textcat_themes(train_reports, settings)
            return {"textcat": textcat,
                    "model": StackedThemeClassifier(textcat, cal["add_above"], cal["remove_below"])}

        res = {"calibration": cal}
        if gold:
            res["gold_loro"] = _finish([theme_tallies(models(others(h)), [h]) for h in gold])
        if synth_test_reports:
            res["synth_unseen"] = _finish([theme_tallies(models(gold + synth_train), synth_test_reports)])
        res["seconds"] = round(time.time() - t, 1)
        results["themes"] = res
        log(f"themes: {res['seconds']} s")
    if "figures" in tasks:
        t = time.time()
        res = {}
        seq, val = [], []
        for held in gold:
            fold = {"crf": fit_crf(others(held), settings),
                    "crf_chars": fit_crf(others(held), settings, stack_rules=False)}
            seq.append(figure_sequences(fold, [held]))
            val.append(figure_value_tallies(fold, [held]))
        if gold:
            res["gold_loro"], res["gold_loro_values"] = _merge_sequences(seq), _finish(val)
        full = {"crf": fit_crf(gold + synth_train, settings),
                "crf_chars": fit_crf(gold + synth_train, settings, stack_rules=False)}
        if settings.bert:
            bert = fit_bert(synth_train, settings)
            if gold:
                res["gold_synth_only"] = _merge_sequences([figure_sequences({"bert": bert}, gold)])
                res["gold_synth_only_values"] = _finish([figure_value_tallies({"bert": bert}, gold)])
            full["bert"] = fit_bert(gold + synth_train, settings) if gold else bert
        if synth_test_reports:
            res["synth_unseen"] = _merge_sequences([figure_sequences(full, synth_test_reports)])
            res["synth_unseen_values"] = _finish([figure_value_tallies(full, synth_test_reports)])
        if settings.bert:  # the openings protocol: the BERT tagger trained on dev openings, scored on test
            res.update(openings_figures({"bert": _openings_bert(settings, log)}))
        res["seconds"] = round(time.time() - t, 1)
        results["figures"] = res
        log(f"figures: {res['seconds']} s")
    results["selection"] = select(results)
    results["total_seconds"] = round(time.time() - t0, 1)
    return results


# ------------------------------------------------------------------ openings protocol (figures)

def openings_figures(models: dict, n_boot: int = 1000) -> dict:
    """The openings protocol for figures: the rule baseline and every tagger in ``models`` (trained on the
    dev openings' agencies only: gkextract.models.figure_cv) scored on the test openings, i.e. on agencies
    no model and no rule was developed on. Per label P/R/F1 of (label, value) and span-exact matches, and
    per model the F1 difference to the baseline with a 95% bootstrap interval over openings."""
    from ..figures import RuleFigureTagger
    from ..openings import dev_test_split, labelled_openings
    from .figure_scores import bootstrap_diff, score_tagger, summary

    _, test = dev_test_split(labelled_openings())
    if not test:
        return {}
    items = [(o.gold.figures, o.doc) for o in test]
    scores = {name: score_tagger(t, items) for name, t in {**models, "baseline": RuleFigureTagger()}.items()}
    out: dict = {"n_openings": len(test)}
    for metric in ("values", "spans"):
        out[f"openings_test_{metric}"] = {name: summary(sc[metric]) for name, sc in scores.items()}
    labels = sorted({lab for sc in out["openings_test_values"].values() for lab in sc["per_label"]})
    out["openings_diff"] = {
        name: {metric: {"micro": bootstrap_diff(scores[name][metric], scores["baseline"][metric], None, n_boot),
                        "per_label": {lab: bootstrap_diff(scores[name][metric], scores["baseline"][metric], lab,
                                                          n_boot) for lab in labels}}
               for metric in ("values", "spans")}
        for name in models}
    return out


def _openings_bert(settings, log: Callable = print):
    """The BERT tagger trained on the dev openings (+ distant + generated): the shipped one when its
    gk_meta.json says so, else trained now (gkextract.models.figure_cv.fit, ~minutes on 2 cores)."""
    from ..paths import MODELS
    from .bert_figures import BertFigureTagger
    from .figure_cv import fit

    path = MODELS / "figures_bert"
    meta = path / "gk_meta.json"
    if meta.exists() and "dev openings" in json.loads(meta.read_text(encoding="utf-8")).get("trained_on", ""):
        return BertFigureTagger.load(path)
    from ..openings import dev_test_split, labelled_openings

    dev, _ = dev_test_split(labelled_openings())
    model, stats = fit(dev, seed=settings.seed)
    log(f"figures: BERT on dev openings trained ({stats})")
    return model


def openings_verdict(res: dict, name: str) -> Optional[dict]:
    """Selected only where the model wins clearly on held-out agencies: the 95% interval of its (label,
    value) F1 minus the baseline's lies above 0."""
    diff = (res.get("openings_diff") or {}).get(name)
    if not diff:
        return None
    d = diff["values"]["micro"]
    if d["ci95"][0] > 0:
        return {"selected": True, "why": f"openings test: F1 {d['diff']:+.3f} over the rules, 95% CI {d['ci95']}"}
    return {"selected": False, "why": f"openings test: F1 {d['diff']:+.3f} vs the rules, 95% CI {d['ci95']} "
                                      f"does not lie above 0: the rules stay"}


# ------------------------------------------------------------------ selection

# task -> [(artefact, column, real protocol, generated protocol, metric suffixes)]
CANDIDATES = {
    "sections": [("sections", "model", "gold_loro", "synth_unseen", ("",))],
    "themes": [("themes", "model", "gold_loro", "synth_unseen", ("",))],
    "figures": [("figures_crf", "crf", "gold_loro", "synth_unseen", ("", "_values")),
                ("figures_bert", "bert", "gold_synth_only", "synth_unseen", ("", "_values"))],
}


def _f1(res: dict, proto: str, name: str) -> Optional[float]:
    try:
        return res[proto][name]["micro"]["f1"]
    except (KeyError, TypeError):
        return None


TIES = ("baseline", "model")  # who gets a model that ties its baseline on every held-out set


def verdict(res: dict, name: str, real: str, generated: str, suffixes=("",), ties: str = "baseline") -> dict:
    """Model ``name`` against ``baseline``: real held-out scores first, generated ones break ties.
    ``ties``: where the model equals the baseline on every held-out set, keep the ``baseline`` (default:
    nothing measurable to gain) or take the ``model``."""
    out = {"real": {}, "generated": {}, "selected": False}
    for s in suffixes:
        for side, proto in (("real", real), ("generated", generated)):
            m, b = _f1(res, proto + s, name), _f1(res, proto + s, "baseline")
            if m is not None and b is not None:
                out[side][proto + s] = {"model": m, "baseline": b}
    real_pairs = list(out["real"].values())
    if not real_pairs:
        out["why"] = "no real held-out result"
        return out
    if any(p["model"] < p["baseline"] for p in real_pairs):
        out["why"] = "below the baseline on the real held-out reports"
    elif any(p["model"] > p["baseline"] for p in real_pairs):
        out["selected"], out["why"] = True, "better than the baseline on the real held-out reports"
    elif not out["generated"]:
        out["why"] = "tied on the real reports, no generated result to break the tie"
    elif any(p["model"] < p["baseline"] for p in out["generated"].values()):
        out["why"] = "tied on the real reports, below the baseline on generated ones"
    elif any(p["model"] > p["baseline"] for p in out["generated"].values()):
        out["selected"], out["why"] = True, "tied on the real reports, better on generated ones"
    elif ties == "model":
        out["selected"], out["why"] = True, "tied with the baseline on every held-out set (ties go to the model)"
    else:
        out["why"] = ("tied with the baseline on every held-out set: nothing measurable to gain, the baseline is "
                      "kept (no load time, no model risk; `evaluate --ties model` would pick the model)")
    return out


def select(results: dict, ties: Optional[str] = None) -> dict:
    """Per task, the artefact load_components should use, or "baseline" (see the module docstring).
    ``ties`` defaults to the results' own ``selection_ties`` (else "baseline")."""
    ties = ties or results.get("selection_ties", "baseline")
    sel = {}
    for task, cands in CANDIDATES.items():
        res = results.get(task)
        if not isinstance(res, dict):
            continue
        best, best_key = "baseline", None
        for artefact, name, real, generated, suffixes in cands:
            v = verdict(res, name, real, generated, suffixes, ties)
            if v["real"] and v["selected"]:
                key = (_f1(res, real, name), _f1(res, generated, name) or 0.0)
                if best_key is None or key > best_key:  # earlier (cheaper) candidates win exact ties
                    best, best_key = artefact, key
        if any(_f1(res, real, name) is not None for _, name, real, _, _ in cands):
            sel[task] = best
        if task == "sections" and res.get("openings_test"):
            from .section_cv import openings_verdict as sections_verdict

            sel[task] = "sections" if sections_verdict(res)["selected"] else "baseline"
        if task == "figures" and res.get("openings_diff"):
            # real unseen agencies decide for figures (issue 11): the model only where it wins clearly
            v = openings_verdict(res, "bert")
            sel[task] = "figures_bert" if v and v["selected"] else "baseline"
    return sel


def verdicts(results: dict) -> dict:
    ties = results.get("selection_ties", "baseline")
    out = {task: {artefact: verdict(results[task], name, real, generated, suffixes, ties)
                  for artefact, name, real, generated, suffixes in cands}
           for task, cands in CANDIDATES.items() if isinstance(results.get(task), dict)}
    if (results.get("sections") or {}).get("openings_test"):
        from .section_cv import openings_verdict as sections_verdict

        out["sections"]["sections"] = sections_verdict(results["sections"])
    v = openings_verdict(results.get("figures") or {}, "bert")
    if v is not None:
        out["figures"]["figures_bert"] = v
        out["figures"]["figures_crf"] = {"selected": False, "why": "not trained on real openings"}
    return out


# ------------------------------------------------------------------ reporting

def _protocols(res: dict) -> list[str]:
    return [k for k, v in res.items() if isinstance(v, dict) and v
            and all(isinstance(x, dict) and "micro" in x for x in v.values())]


def format_table(results: dict) -> str:
    """Models and baseline side by side, per task, protocol and label."""
    lines = []
    for task in ("sections", "themes", "figures"):
        if task not in results:
            continue
        res = results[task]
        for proto in _protocols(res):
            names = sorted(res[proto], key=lambda n: (n == "baseline", n))
            metric = "(label, value)" if proto.endswith("_values") else ("seqeval" if task == "figures" else "")
            lines.append(f"\n## {task} / {proto} {metric}".rstrip())
            lines.append(f"{'label':<34}" + "".join(f"{n + ' P/R/F1':>24}" for n in names) + f"{'support':>9}")
            labels = sorted({lab for n in names for lab in res[proto][n]["per_label"]})
            for lab in ["(micro)"] + labels:
                cells = []
                support = 0
                for n in names:
                    m = res[proto][n]["micro"] if lab == "(micro)" else res[proto][n]["per_label"].get(lab)
                    if m is None:
                        cells.append(f"{'-':>24}")
                        continue
                    support = max(support, m["support"])
                    cells.append(f"{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}")
                lines.append(f"{lab:<34}" + "".join(cells) + f"{support:>9}")
        cal = res.get("calibration")
        if cal:
            lines.append(f"\nthemes calibration (generated, held-out phrasings): add_above={cal['add_above']} "
                         f"remove_below={cal['remove_below']} F1 {cal['f1']} (keywords {cal['keyword_f1']}, "
                         f"textcat alone {cal['textcat_f1']}, {cal['items']} items)")
        if "seconds" in res:
            lines.append(f"{task}: {res['seconds']} s")
    if "selection" in results:
        lines.append(f"\nselection (used by load_components): {json.dumps(results['selection'])}")
        for task, per in verdicts(results).items():
            for artefact, v in per.items():
                lines.append(f"  {task}/{artefact}: {'selected' if v['selected'] else 'not selected'} — {v['why']}")
    return "\n".join(lines)


def format_summary(results: dict) -> str:
    """Micro F1 of every column, per task and protocol, as a Markdown table."""
    rows = ["| task | protocol | metric | " + " | ".join(("model", "textcat / crf_chars", "bert", "baseline")) + " |",
            "|---|---|---|---|---|---|---|"]
    for task in ("sections", "themes", "figures"):
        res = results.get(task)
        if not isinstance(res, dict):
            continue
        for proto in _protocols(res):
            cols = res[proto]
            metric = "(label, value) F1" if proto.endswith("_values") else (
                "seqeval F1" if task == "figures" else "micro F1")

            def cell(*names):
                vals = [f"{cols[n]['micro']['f1']:.3f}" for n in names if n in cols]
                return vals[0] if vals else "–"
            rows.append(f"| {task} | {proto.replace('_values', '')} | {metric} | {cell('model', 'crf')} | "
                        f"{cell('textcat', 'crf_chars')} | {cell('bert')} | {cell('baseline')} |")
    return "\n".join(rows)


RUN_HEADING = "# Held-out evaluation, `gkextract evaluate` run"
NOTES_MARK = "<!-- notes: kept when evaluate rewrites this file -->"


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
    results["verdicts"] = verdicts(results)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if models_dir is not None:
        md = Path(models_dir)
        md.mkdir(parents=True, exist_ok=True)
        (md / "selection.json").write_text(json.dumps(results["selection"], indent=1), encoding="utf-8")
        report = md / "EVALUATION.md"
        notes = preamble = ""
        if report.exists():
            old = report.read_text(encoding="utf-8")
            if NOTES_MARK in old:
                notes = old.split(NOTES_MARK, 1)[1]
            # a hand-written state-of-things section above this run's report is kept
            if RUN_HEADING in old:
                preamble = old.split(RUN_HEADING, 1)[0]
        why = "\n".join(f"- {task}/{artefact}: {'**selected**' if v['selected'] else 'not selected'} — {v['why']}"
                        for task, per in results["verdicts"].items() for artefact, v in per.items())
        report.write_text(
            f"{preamble}{RUN_HEADING} ({results['date']}, seed {results['seed']})\n\n"
            f"Written by `gkextract evaluate` (protocols and columns: gkextract/models/evaluate.py). Real "
            f"reports: {len(results['real_reports'])} ({', '.join(results['real_reports'])}); generated for "
            f"training: {results['synth_train']} (training phrasings); generated for testing: "
            f"{results['synth_test']} (unseen seed, held-out phrasings). Real examples weighted "
            f"x{results.get('gold_weight', '?')}. Total {results.get('total_seconds', '?')} s.\n\n"
            f"## Summary (micro F1)\n\n"
            f"Columns: model = sections textcat / themes stacked (keywords + textcat) / figures CRF stacked on "
            f"the rules; textcat = the theme textcat alone, crf_chars = a CRF on characters only; bert = the "
            f"stacked BERT tagger (its real protocol is gold_synth_only: trained on generated reports only).\n\n"
            f"{format_summary(results)}\n\n"
            f"## Selection (models/selection.json)\n\n`{json.dumps(results['selection'])}`\n\n{why}\n\n"
            f"## Per label\n\n```\n{format_table(results)}\n```\n\n{NOTES_MARK}{notes or chr(10)}",
            encoding="utf-8")
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
        res = results[task]
        lines = [CARD_SECTION, f"Run {results['date']} (seed {results['seed']}); micro precision / recall / F1; "
                 "all numbers per label in models/EVALUATION.md.", ""]
        for proto in _protocols(res):
            if name in res[proto]:
                m, b = res[proto][name]["micro"], res[proto]["baseline"]["micro"]
                lines.append(f"- {proto}: model {m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f}; "
                             f"baseline {b['precision']:.3f} / {b['recall']:.3f} / {b['f1']:.3f} "
                             f"(support {m['support']})")
        chosen = results.get("selection", {}).get(task)
        v = verdicts(results).get(task, {}).get(folder, {})
        lines.append(f"- selected for use by load_components: "
                     f"{'yes' if chosen == folder else 'no (' + str(chosen) + ')'} — {v.get('why', '')}")
        text = card.read_text(encoding="utf-8").split(CARD_SECTION)[0]
        card.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
