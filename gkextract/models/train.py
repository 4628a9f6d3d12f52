"""Training: annotated reports → fitted models (per task), saved under models/ with a model card.

Every fit is seeded (data generation, shuffling, initialisation) and uses at most 2 CPU threads.

What is trained (configs in configs/spacy, configs/figures):
- sections: spaCy textcat over paragraphs (heading key or none);
- themes: spaCy textcat_multilabel per item kind on the item text + keyword-hit tokens, stacked on the
  keyword baseline with two thresholds calibrated on generated reports of held-out phrasings
  (:func:`calibrate_themes`);
- figures: a CRF and a small BERT, both given the rule tagger's tags as features (stacking).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from .. import corpus as C

TASKS = ("sections", "themes", "figures")


@dataclass
class TrainSettings:
    """``synth``: generated reports added to the training data; ``gold_weight``: times each real report's
    examples are repeated; ``bert``: also train the transformer figure tagger; ``calib_synth``: generated
    reports for calibrating the stacked theme classifier (half as many again to test on)."""

    seed: int = 0
    synth: int = 150
    gold_weight: int = 3
    bert: bool = True
    bert_epochs: Optional[int] = None
    calib_synth: int = 60


def limit_threads(n: int = 2) -> None:
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, str(n))
    try:
        import torch

        torch.set_num_threads(n)
    except ImportError:  # pragma: no cover
        pass


def training_reports(settings: TrainSettings, data: Sequence[Path | str] = (), use_gold: bool = True
                     ) -> list[C.AnnotatedReport]:
    return C.load_reports(folders=data, synth=settings.synth, synth_seed=settings.seed, use_gold=use_gold)


def _weighted(rows: list[dict], gold_weight: int) -> list[dict]:
    out = []
    for r in rows:
        out.extend([r] * (gold_weight if not r["report"].startswith("synth:") else 1))
    return out


def fit_sections(reports, settings: TrainSettings):
    """The candidate section classifier (issue 11 §2): generated and gold reports plus every opening with
    hand-labelled sections (corpus/openings, where the texts are present); see models/section_cv.py for
    how it was compared with the rules on held-out agencies."""
    from ..tables.engine import decode_tables
    from .section_cv import section_openings
    from .sections import CandidateSectionClassifier

    for r in reports:
        if "tables" not in r.doc.spans:  # as in the pipeline: tables before sections
            r.doc.spans["tables"] = decode_tables(r.doc).spans
    openings = section_openings()
    pairs = [(r.doc, r.record.sections) for r in reports] + [(o.doc, o.gold.sections) for o in openings]
    weights = [1.0 if r.origin == "synth" else float(settings.gold_weight) for r in reports] + \
        [float(settings.gold_weight)] * len(openings)
    return CandidateSectionClassifier(seed=settings.seed).fit(pairs, weights)


def fit_textcat_themes(reports, settings: TrainSettings):
    """The textcat part of the theme model (item text + keyword-hit tokens)."""
    from .themes import SpacyThemeClassifier

    rows = [r for r in _weighted(C.item_examples(reports), settings.gold_weight) if r["kind"] != "neither"]
    return SpacyThemeClassifier(seed=settings.seed, keyword_features=True).fit(
        [r["text"] for r in rows], [r["kind"] for r in rows], [r["themes"] for r in rows])


ADD_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)
REMOVE_GRID = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2)
MIN_GAIN = 0.01  # theme F1 the textcat's overrides must add on held-out phrasings before any is made


def _theme_f1(rows, predictions) -> float:
    tp = fp = fn = 0
    for r, pred in zip(rows, predictions):
        gold, pred = set(r["themes"]), set(pred)
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    return round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0


def calibrate_themes(settings: TrainSettings, log: Callable = lambda m: None) -> dict:
    """Thresholds of the stacked theme classifier, from generated reports only.

    The phrase banks in effect (all of them for `train`; the training part for `evaluate`) are split once
    more: a textcat is trained on reports drawn from one part and the thresholds are chosen on reports
    drawn from the other, i.e. on phrasings the textcat never saw — as real reports are. The pair with the
    best theme F1 wins; ties go to the more conservative pair (fewer overrides of the keywords). "never"
    (keep the keyword themes as they are) is always a candidate, and stays the choice unless the best pair
    beats it by at least MIN_GAIN."""
    from ..items.extract import default_classifier
    from ..items.themes import theme_ids
    from .themes import ALWAYS_KEEP, NEVER, combine

    inner = settings.seed + 17
    n = settings.calib_synth
    train = C.synth_reports(n, settings.seed + 2000, variants="train", variant_seed=inner)
    test = C.synth_reports(max(5, n // 2), settings.seed + 3000, variants="test", variant_seed=inner)
    textcat = fit_textcat_themes(train, settings)
    rows = [r for r in C.item_examples(test) if r["kind"] != "neither"]
    kw = default_classifier()
    base = [kw.predict([r["text"]], r["kind"])[0] for r in rows]
    by_kind: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_kind.setdefault(r["kind"], []).append(i)
    scores = [None] * len(rows)
    for kind, idx in by_kind.items():
        for i, s in zip(idx, textcat.scores([rows[i]["text"] for i in idx], kind)):
            scores[i] = s
    grid = {}
    for add in ADD_GRID + (NEVER,):
        for remove in (ALWAYS_KEEP,) + REMOVE_GRID:
            preds = [combine(b, s, theme_ids(r["kind"]), add, remove) for r, b, s in zip(rows, base, scores)]
            grid[(add, remove)] = _theme_f1(rows, preds)
    best = max(grid, key=lambda k: (grid[k], k[0], -k[1]))
    noop = (NEVER, ALWAYS_KEEP)
    if grid[best] < grid[noop] + MIN_GAIN:  # a gain of a label or two is noise: keep the keywords as they are
        best = noop
    textcat_alone = _theme_f1(rows, [textcat.predict([r["text"]], r["kind"])[0] for r in rows])
    out = {"add_above": best[0], "remove_below": best[1], "f1": grid[best],
           "keyword_f1": grid[(NEVER, ALWAYS_KEEP)], "textcat_f1": textcat_alone,
           "min_gain": MIN_GAIN, "best_pair_f1": grid[max(grid, key=lambda k: (grid[k], k[0], -k[1]))],
           "items": len(rows), "reports": {"train": len(train), "test": len(test)},
           "grid": {f"add>={a}|remove<{r}": f for (a, r), f in sorted(grid.items())}}
    log(f"themes calibration: add_above={best[0]}, remove_below={best[1]}: F1 {grid[best]} on {len(rows)} "
        f"items of held-out phrasings (keywords {out['keyword_f1']}, best override pair {out['best_pair_f1']}, "
        f"textcat alone {textcat_alone})")
    return out


def fit_themes(reports, settings: TrainSettings, calibration: dict):
    from .themes import StackedThemeClassifier

    return StackedThemeClassifier(fit_textcat_themes(reports, settings), calibration["add_above"],
                                  calibration["remove_below"], calibration=calibration)


def fit_crf(reports, settings: TrainSettings, stack_rules: Optional[bool] = None):
    from .figures import CrfFigureTagger

    rows = _weighted(C.figure_examples(reports), settings.gold_weight)
    model = CrfFigureTagger.from_config()
    if stack_rules is not None:
        model.stack_rules = stack_rules
    return model.fit([r["text"] for r in rows], [r["tags"] for r in rows])


def fit_bert(reports, settings: TrainSettings):
    from .bert_figures import BertFigureTagger

    rows = _weighted(C.figure_examples(reports), settings.gold_weight)
    training = {"epochs": settings.bert_epochs} if settings.bert_epochs else None
    return BertFigureTagger(training=training, seed=settings.seed).fit(
        [r["text"] for r in rows], [r["tags"] for r in rows], C.BIO_TAGS)


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def write_card(path: Path, title: str, what: str, reports, settings: TrainSettings, seconds: float,
               extra: str = "") -> None:
    gold = sorted(r.id for r in reports if r.origin != "synth")
    n_synth = sum(1 for r in reports if r.origin == "synth")
    metrics_note = ("Held-out metrics: run `gkextract evaluate` (writes models/evaluation.json and the section "
                    "below); every number of the last run is in models/EVALUATION.md.")
    card = f"""# {title}

- **What**: {what}
- **Trained**: {dt.date.today().isoformat()}, seed {settings.seed}, {seconds:.0f} s on CPU (2 threads)
- **Data**: {len(gold)} real annotated reports ({', '.join(gold) or 'none'}), each weighted x{settings.gold_weight};
  {n_synth} generated reports (gkextract.synth, seed {settings.seed}, all phrase variants, rendered
  txt/html/docx and read back; figure spans cut to the record's shortest-span convention)
- **Size**: {_dir_size(path) / 1e6:.1f} MB
- **Metrics**: {metrics_note}
{extra}
- **Limits**: the real training data is tiny (a handful of reports); generated text comes from a few phrases
  per theme/label, so a model that reads words learns those phrases. Held-out phrasings (evaluate's
  synth_unseen) and leave-one-report-out on the real reports are the honest numbers. load_components only
  uses a model that evaluation selected (models/selection.json).
"""
    (Path(path) / "MODEL_CARD.md").write_text(card, encoding="utf-8")


def train(tasks: Sequence[str], out: Path | str, settings: TrainSettings, data: Sequence[Path | str] = (),
          log=print) -> dict:
    """Train ``tasks`` and save them under ``out``; returns {artefact: {seconds, size_mb, path}}."""
    limit_threads(2)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    reports = training_reports(settings, data)
    log(f"data: {len(reports)} reports ({sum(r.origin == 'synth' for r in reports)} generated) "
        f"in {time.time() - t0:.0f} s")
    summary: dict = {}

    def save(name, model, title, what, extra=""):
        path = out / name
        if path.exists():
            import shutil

            shutil.rmtree(path)
        model.save(path)
        write_card(path, title, what, reports, settings, time.time() - started, extra)
        try:
            shown = str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            shown = str(path)
        summary[name] = {"seconds": round(time.time() - started, 1), "size_mb": round(_dir_size(path) / 1e6, 2),
                         "path": shown}
        log(f"{name}: {summary[name]['seconds']} s, {summary[name]['size_mb']} MB -> {path}")

    if "sections" in tasks:
        started = time.time()
        save("sections", fit_sections(reports, settings), "Section heading classifier",
             "scikit-learn logistic regression over heading candidates (gkextract/models/section_candidates.py: "
             "numbering style and level, the report's top style, position, length, punctuation, table span, "
             "the part the title names, title character 1-3-grams): candidate → section key or none; trained "
             "on generated + gold reports and the hand-labelled openings' sections",
             "- **Real openings**: also the section labels of every hand-labelled opening whose text is present "
             "(corpus/openings), weighted like the real reports; compared with the rules on held-out agencies "
             "in models/EVALUATION.md (Sections on real openings): it does not beat them, so it is not selected.\n")
    if "themes" in tasks:
        started = time.time()
        cal = calibrate_themes(settings, log)
        save("themes", fit_themes(reports, settings, cal), "Item theme classifier (keywords + textcat, stacked)",
             "spaCy blank zh + jieba, textcat_multilabel (configs/spacy/themes.cfg), one pipeline per item "
             "kind (problem/measure), reading the item text plus one token per theme whose keywords "
             "(configs/themes.yaml) occur; stacked on the keyword baseline: keyword themes, minus those the "
             "textcat scores below remove_below, plus those it scores at least add_above (stack.json)",
             extra=f"- **Calibration** (generated reports, phrasings held out of the calibration textcat): "
                   f"add_above={cal['add_above']}, remove_below={cal['remove_below']} (2.0 / -1.0: never "
                   f"override the keywords); theme F1 there {cal['f1']} (keywords alone {cal['keyword_f1']}, best "
                   f"override pair {cal['best_pair_f1']}, needed +{cal['min_gain']}; textcat alone "
                   f"{cal['textcat_f1']}; {cal['items']} items)")
    if "figures" in tasks:
        started = time.time()
        save("figures_crf", fit_crf(reports, settings), "Figure tagger (CRF, stacked on the rules)",
             "sklearn-crfsuite linear-chain CRF over character features plus the rule tagger's BIO tags and "
             "number/unit marks (configs/figures/crf.yaml), BIO over the 13 figure labels")
        if settings.bert:
            started = time.time()
            model = fit_bert(reports, settings)
            save("figures_bert", model, "Figure tagger (small BERT from scratch, stacked on the rules)",
                 "transformers BertForTokenClassification trained from random initialisation on characters "
                 "(configs/figures/bert.yaml); each character also gets the rule tagger's B/I/O as token type "
                 "and its label as an added hint embedding; characters dropped to [UNK] at random in training",
                 extra=f"- **Parameters**: {model.n_parameters():,}")
    record = {"date": dt.datetime.now().isoformat(timespec="seconds"), "seed": settings.seed,
              "synth": settings.synth, "gold_weight": settings.gold_weight, "tasks": list(tasks),
              "artefacts": summary, "total_seconds": round(time.time() - t0, 1)}
    path = out / "training.json"
    if path.exists():  # artefacts this run did not train keep their entries
        try:
            earlier = json.loads(path.read_text(encoding="utf-8"))
            record["artefacts"] = {**earlier.get("artefacts", {}), **summary}
        except (ValueError, AttributeError):
            pass
    path.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return summary
