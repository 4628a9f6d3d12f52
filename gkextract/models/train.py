"""Training: annotated reports → fitted models (per task), saved under models/ with a model card.

Every fit is seeded (data generation, shuffling, initialisation) and uses at most 2 CPU threads.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from .. import corpus as C

TASKS = ("sections", "themes", "figures")


@dataclass
class TrainSettings:
    """``synth``: generated reports added to the training data; ``gold_weight``: times each real report's
    examples are repeated; ``bert``: also train the transformer figure tagger (slow on CPU)."""

    seed: int = 0
    synth: int = 150
    gold_weight: int = 3
    bert: bool = True
    bert_epochs: Optional[int] = None


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
    from .sections import SpacyParagraphClassifier

    rows = _weighted(C.section_examples(reports), settings.gold_weight)
    return SpacyParagraphClassifier(seed=settings.seed).fit([r["text"] for r in rows], [r["label"] for r in rows])


def fit_themes(reports, settings: TrainSettings):
    from .themes import SpacyThemeClassifier

    rows = [r for r in _weighted(C.item_examples(reports), settings.gold_weight) if r["kind"] != "neither"]
    return SpacyThemeClassifier(seed=settings.seed).fit(
        [r["text"] for r in rows], [r["kind"] for r in rows], [r["themes"] for r in rows])


def fit_crf(reports, settings: TrainSettings):
    from .figures import CrfFigureTagger

    rows = _weighted(C.figure_examples(reports), settings.gold_weight)
    return CrfFigureTagger.from_config().fit([r["text"] for r in rows], [r["tags"] for r in rows])


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
    metrics_note = ("Held-out metrics: run `gkextract evaluate` (writes models/evaluation.json); the numbers "
                    "of the last run are in models/EVALUATION.md.")
    card = f"""# {title}

- **What**: {what}
- **Trained**: {dt.date.today().isoformat()}, seed {settings.seed}, {seconds:.0f} s on CPU (2 threads)
- **Data**: {len(gold)} real annotated reports ({', '.join(gold) or 'none'}), each weighted x{settings.gold_weight};
  {n_synth} generated reports (gkextract.synth, seed {settings.seed}, rendered txt/html/docx and read back)
- **Size**: {_dir_size(path) / 1e6:.1f} MB
- **Metrics**: {metrics_note}
{extra}
- **Limits**: the real training data is tiny (a handful of reports); generated text comes from phrase banks,
  so scores on generated reports overstate what the model does on real reports. Compare with the baseline
  before relying on it (load_components only uses a model that evaluation selected).
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
        summary[name] = {"seconds": round(time.time() - started, 1), "size_mb": round(_dir_size(path) / 1e6, 2),
                         "path": str(path)}
        log(f"{name}: {summary[name]['seconds']} s, {summary[name]['size_mb']} MB -> {path}")

    if "sections" in tasks:
        started = time.time()
        save("sections", fit_sections(reports, settings), "Section heading classifier",
             "spaCy blank zh + jieba (configs/jieba_userdict.txt), textcat (bag of words, configs/spacy/"
             "sections.cfg): paragraph → section key or none")
    if "themes" in tasks:
        started = time.time()
        save("themes", fit_themes(reports, settings), "Item theme classifier",
             "spaCy blank zh + jieba, textcat_multilabel (configs/spacy/themes.cfg), one pipeline per item "
             "kind (problem/measure)")
    if "figures" in tasks:
        started = time.time()
        save("figures_crf", fit_crf(reports, settings), "Figure tagger (CRF)",
             "sklearn-crfsuite linear-chain CRF over character features (configs/figures/crf.yaml), BIO over "
             "the 13 figure labels")
        if settings.bert:
            started = time.time()
            model = fit_bert(reports, settings)
            save("figures_bert", model, "Figure tagger (small BERT from scratch)",
                 "transformers BertForTokenClassification trained from random initialisation on characters "
                 "(configs/figures/bert.yaml)", extra=f"- **Parameters**: {model.n_parameters():,}")
    (out / "training.json").write_text(json.dumps(
        {"date": dt.datetime.now().isoformat(timespec="seconds"), "seed": settings.seed, "synth": settings.synth,
         "gold_weight": settings.gold_weight, "artefacts": summary,
         "total_seconds": round(time.time() - t0, 1)}, indent=1), encoding="utf-8")
    return summary
