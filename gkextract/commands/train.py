"""`gkextract train --task sections|themes|figures|all` and `gkextract evaluate` (model vs baseline)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from ..paths import MODELS

console = Console(stderr=True)
TASK_CHOICES = ("sections", "themes", "figures", "all")


def _tasks(task: str) -> tuple[str, ...]:
    if task not in TASK_CHOICES:
        raise typer.BadParameter(f"choose one of {', '.join(TASK_CHOICES)}", param_hint="--task")
    return ("sections", "themes", "figures") if task == "all" else (task,)


def train_command(
    task: str = typer.Option("all", "--task", "-t", help="sections | themes | figures | all"),
    data: Optional[List[Path]] = typer.Option(None, "--data", help="extra folder(s) of records + sources"),
    seed: int = typer.Option(0, "--seed", help="seeds generated data, shuffling and initialisation"),
    out: Path = typer.Option(MODELS, "--out", help="where the model folders go"),
    synth: int = typer.Option(150, "--synth", min=0, help="generated reports added to the training data"),
    gold_weight: int = typer.Option(3, "--gold-weight", min=1, help="repeat each real report's examples"),
    bert: bool = typer.Option(True, "--bert/--no-bert", help="also train the transformer figure tagger"),
    bert_epochs: Optional[int] = typer.Option(None, "--bert-epochs", min=1),
    calib_synth: int = typer.Option(60, "--calib-synth", min=2,
                                    help="generated reports for calibrating the stacked theme classifier"),
) -> None:
    """Train models (seeded; 2 CPU threads) and save them with a model card each."""
    from ..models.train import TrainSettings, train

    settings = TrainSettings(seed=seed, synth=synth, gold_weight=gold_weight, bert=bert, bert_epochs=bert_epochs,
                             calib_synth=calib_synth)
    summary = train(_tasks(task), out, settings, data or (), log=lambda m: console.print(m))
    console.print(f"[green]trained[/] {', '.join(summary)} → {out}")


def evaluate_command(
    task: str = typer.Option("all", "--task", "-t", help="sections | themes | figures | all"),
    data: Optional[List[Path]] = typer.Option(None, "--data", help="extra folder(s) of records + sources"),
    seed: int = typer.Option(0, "--seed"),
    synth: int = typer.Option(80, "--synth", min=0, help="generated reports for training in each fold"),
    synth_test: int = typer.Option(30, "--synth-test", min=0,
                                   help="generated reports (unseen seed, held-out phrasings) to test on"),
    gold_weight: int = typer.Option(3, "--gold-weight", min=1),
    bert: bool = typer.Option(True, "--bert/--no-bert"),
    bert_epochs: Optional[int] = typer.Option(None, "--bert-epochs", min=1),
    calib_synth: int = typer.Option(60, "--calib-synth", min=2),
    out: Optional[Path] = typer.Option(None, "--out", help="JSON results (default: MODELS/evaluation.json)"),
    models: Optional[Path] = typer.Option(None, "--models", help="the models folder whose selection.json, "
                                          "EVALUATION.md and model cards are written (default: the shipped one "
                                          "or $GKEXTRACT_HOME/models)"),
    ties: str = typer.Option("baseline", "--ties",
                             help="a model tied with its baseline on every held-out set: baseline | model"),
    select: bool = typer.Option(True, "--select/--no-select",
                                help="write models/selection.json + EVALUATION.md (what load_components uses)"),
) -> None:
    """Held-out evaluation, models beside baselines per task and label: leave-one-report-out on the real
    reports, and generated reports from unseen seeds and held-out phrasings. Writes JSON (and, with
    --select, models/selection.json, EVALUATION.md and the model cards' metrics)."""
    from ..models.evaluate import evaluate, format_table, write_results
    from ..models.train import TrainSettings

    settings = TrainSettings(seed=seed, synth=synth, gold_weight=gold_weight, bert=bert, bert_epochs=bert_epochs,
                             calib_synth=calib_synth)
    if ties not in ("baseline", "model"):
        raise typer.BadParameter("baseline or model", param_hint="--ties")
    results = evaluate(_tasks(task), settings, synth_test=synth_test, data=data or (),
                       log=lambda m: console.print(m), ties=ties)
    print(format_table(results))
    models = models or (out.parent if out is not None else MODELS)
    out = out or models / "evaluation.json"
    write_results(results, out, models if select else None)
    console.print(f"[green]wrote[/] {out}")


def register(app: typer.Typer) -> None:
    app.command("train")(train_command)
    app.command("evaluate")(evaluate_command)
