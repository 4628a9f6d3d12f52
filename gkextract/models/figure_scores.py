"""Figure scores on hand-labelled real data, per label: what `gkextract evaluate`'s openings protocol and
benchmarks/figures_eval.py report.

Two matchings, both multisets per opening/report, micro-averaged over the data:
- ``values``: (label, value), as gkscore and benchmarks/openings_eval.py count figures;
- ``spans``: (label, value, text) with the text NFKC- and whitespace-normalised (span-exact).

``bootstrap_diff`` resamples openings (the unit of the split is the agency, the unit of resampling the
opening) to give a 95% interval of a model's F1 minus the baseline's.
"""
from __future__ import annotations

import random
import unicodedata
from collections import Counter
from typing import Callable, Iterable, Sequence

from ..record import FIGURE_LABELS, Figure


def _norm(s) -> str:
    return "".join(unicodedata.normalize("NFKC", str(s or "")).split())


def value_key(f: Figure) -> tuple:
    try:
        return f.label, round(float(f.value), 4)
    except (TypeError, ValueError):
        return f.label, None


def span_key(f: Figure) -> tuple:
    return value_key(f) + (_norm(f.text),)


def counts(gold: Sequence[Figure], pred: Sequence[Figure], key: Callable = value_key) -> Counter:
    """tp/fp/fn per label for one document."""
    g, p = Counter(map(key, gold)), Counter(map(key, pred))
    c: Counter = Counter()
    for k in set(g) | set(p):
        tp = min(g[k], p[k])
        c[(k[0], "tp")] += tp
        c[(k[0], "fp")] += p[k] - tp
        c[(k[0], "fn")] += g[k] - tp
    return c


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = round(2 * p * r / (p + r), 4) if p + r else 0.0
    # precision/recall/support too: the shape evaluate.format_table prints
    return {"p": round(p, 4), "r": round(r, 4), "f1": f1, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(p, 4), "recall": round(r, 4), "support": tp + fn}


def summary(per_doc: Iterable[Counter]) -> dict:
    total: Counter = Counter()
    for c in per_doc:
        total.update(c)
    labels = [lab for lab in FIGURE_LABELS if any(total[(lab, k)] for k in ("tp", "fp", "fn"))]
    out = {"micro": prf(*(sum(total[(lab, k)] for lab in labels) for k in ("tp", "fp", "fn")))}
    out["per_label"] = {lab: prf(total[(lab, "tp")], total[(lab, "fp")], total[(lab, "fn")]) for lab in labels}
    return out


def micro_f1(per_doc: Sequence[Counter], label: str | None = None) -> float:
    tp = fp = fn = 0
    for c in per_doc:
        for (lab, k), v in c.items():
            if label is not None and lab != label:
                continue
            tp, fp, fn = tp + v * (k == "tp"), fp + v * (k == "fp"), fn + v * (k == "fn")
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def bootstrap_diff(model: Sequence[Counter], base: Sequence[Counter], label: str | None = None,
                   n: int = 1000, seed: int = 0) -> dict:
    """F1(model) - F1(base) on the same documents, with a 95% percentile interval over resampled documents."""
    rng = random.Random(seed)
    k = len(model)
    diffs = []
    for _ in range(n):
        idx = [rng.randrange(k) for _ in range(k)]
        diffs.append(micro_f1([model[i] for i in idx], label) - micro_f1([base[i] for i in idx], label))
    diffs.sort()
    return {"diff": round(micro_f1(model, label) - micro_f1(base, label), 4),
            "ci95": [round(diffs[int(0.025 * n)], 4), round(diffs[int(0.975 * n) - 1], 4)]}


def score_tagger(tagger, items: Sequence[tuple[Sequence[Figure], object]]) -> dict:
    """(gold figures, document) pairs → per-document value and span counts of ``tagger``."""
    vals, spans = [], []
    for gold, doc in items:
        pred = tagger.tag(doc)
        vals.append(counts(gold, pred, value_key))
        spans.append(counts(gold, pred, span_key))
    return {"values": vals, "spans": spans}
