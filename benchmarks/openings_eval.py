"""The current pipeline on every hand-labelled real opening, by agency level.

    python benchmarks/openings_eval.py [--texts DIR] [--labels DIR] [--split dev|test|all] [--json] [--errors]

Title, agency and year: exact match after NFKC and whitespace removal (as gkscore), over every labelled
opening (a null gold counts: the pipeline must then say null too). Figures: (label, value) multisets as
gkscore matches them, precision/recall/F1 micro-averaged. Levels come from the openings manifest. Needs
the fetched texts (corpus/openings/texts/, git-ignored); without them it says so and exits 0.
``--split`` keeps the fixed split by agency (gkextract.openings.dev_test_split): rules are developed on
``dev`` errors only; ``test`` is scored at the end, its errors never read. (Once, on 2026-12-04, after its
blind scores were recorded — agency 0.873, figures F1 0.808 — test errors were read for failure classes:
scores on test since then are not blind; models/EVALUATION.md says so.)
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
import unicodedata
from collections import Counter, defaultdict

from gkextract.errors import GkError
from gkextract.openings import LABELS, LEVELS, TEXTS, dev_test_split, labelled_openings
from gkextract.pipeline import default_pipeline
from gkextract.record import Record

META = ("title", "agency", "year")


def norm(s):
    return None if s is None else "".join(unicodedata.normalize("NFKC", str(s)).split())


def fig_key(f) -> tuple:
    return f.label, round(float(f.value), 4)


def wilson(ok: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if not n:
        return 0.0, 0.0
    p = ok / n
    d = 1 + z * z / n
    mid, half = (p + z * z / (2 * n)) / d, z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return round(mid - half, 3), round(mid + half, 3)


def compare(gold: Record, pred: Record) -> dict:
    """One opening: per meta field ok/gold/pred, and the figure multiset differences."""
    out: dict = {}
    for f in META:
        g, p = getattr(gold, f), getattr(pred, f)
        out[f] = {"ok": norm(g) == norm(p), "gold": g, "pred": p}
    gf, pf = Counter(map(fig_key, gold.figures)), Counter(map(fig_key, pred.figures))
    tp = sum((gf & pf).values())
    out["figures"] = {"tp": tp, "fp": sum(pf.values()) - tp, "fn": sum(gf.values()) - tp,
                      "missed": sorted(map(list, (gf - pf).elements())),
                      "spurious": sorted(map(list, (pf - gf).elements()))}
    return out


def summarise(rows: list[dict]) -> dict:
    n = len(rows)
    out: dict = {"n": n}
    for f in META:
        ok = sum(r[f]["ok"] for r in rows)
        out[f] = {"acc": round(ok / n, 4) if n else None, "ok": ok, "ci95": wilson(ok, n)}
    tp, fp, fn = (sum(r["figures"][k] for r in rows) for k in ("tp", "fp", "fn"))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    out["figures"] = {"tp": tp, "fp": fp, "fn": fn, "p": round(p, 4), "r": round(r, 4),
                      "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
    return out


def select(openings: list, split: str = "all") -> list:
    """The openings of one side of the fixed split by agency (``all``: every one)."""
    if split == "all":
        return openings
    dev, test = dev_test_split(openings)
    return dev if split == "dev" else test


def evaluate(texts=TEXTS, labels=LABELS, pipeline=None, split: str = "all") -> dict:
    pipe = pipeline or default_pipeline()
    per: list[dict] = []
    t0 = time.perf_counter()
    for o in select(labelled_openings(texts, labels), split):
        try:
            pred = pipe(o.doc)
        except GkError as e:  # "not a report": everything predicted null
            pred = Record(source=o.gold.source)
            pred_error = getattr(e, "reason", None) or str(e)
        else:
            pred_error = None
        row = compare(o.gold, pred)
        row.update(id=o.id, level=o.level, error=pred_error)
        per.append(row)
    secs = time.perf_counter() - t0
    by_level = defaultdict(list)
    for row in per:
        by_level[row["level"]].append(row)
    levels = [lv for lv in LEVELS if lv in by_level] + sorted(set(by_level) - set(LEVELS))
    return {"overall": summarise(per), "levels": {lv: summarise(by_level[lv]) for lv in levels},
            "openings": per, "seconds": round(secs, 2)}


def print_table(res: dict) -> None:
    head = f"{'level':16} {'n':>4} {'title':>6} {'agency':>6} {'year':>6} {'fig P':>6} {'fig R':>6} {'fig F1':>6}"
    print(head)
    print("-" * len(head))
    for name, s in list(res["levels"].items()) + [("overall", res["overall"])]:
        f = s["figures"]
        print(f"{name:16} {s['n']:>4} {s['title']['acc']:>6.3f} {s['agency']['acc']:>6.3f} "
              f"{s['year']['acc']:>6.3f} {f['p']:>6.3f} {f['r']:>6.3f} {f['f1']:>6.3f}")
    o = res["overall"]
    print(f"95% CI: agency {o['agency']['ci95']}, year {o['year']['ci95']}, title {o['title']['ci95']}; "
          f"{res['seconds']} s")


def print_errors(res: dict) -> None:
    for row in res["openings"]:
        lines = [f"{f}: gold={row[f]['gold']!r} pred={row[f]['pred']!r}" for f in META if not row[f]["ok"]]
        lines += [f"figure missed: {k}" for k in row["figures"]["missed"]]
        lines += [f"figure spurious: {k}" for k in row["figures"]["spurious"]]
        if row.get("error"):
            lines.insert(0, f"pipeline: {row['error']}")
        if lines:
            print(f"[{row['id']} {row['level']}]")
            for line in lines:
                print("   " + line)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", default=str(TEXTS))
    ap.add_argument("--labels", default=str(LABELS))
    ap.add_argument("--json", action="store_true", help="print the result as JSON (with --errors: per opening)")
    ap.add_argument("--errors", action="store_true", help="list every opening's mismatches")
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all",
                    help="score one side of the fixed split by agency (develop on dev; test: scores only)")
    args = ap.parse_args(argv)
    if args.split == "test" and args.errors:
        ap.error("--errors is for dev: test errors are never read (score test without it)")
    res = evaluate(args.texts, args.labels, split=args.split)
    if not res["openings"]:
        print(f"no labelled opening with its text present (texts {args.texts}, labels {args.labels})",
              file=sys.stderr)
        return 0
    if args.json:
        out = res if args.errors else {k: v for k, v in res.items() if k != "openings"}
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print_table(res)
    if args.errors:
        print()
        print_errors(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
