"""How far a reviewer can trust `gkextract check`: precision and recall of error/warning findings per rule.

    .venv/bin/python benchmarks/checks_precision.py [--n 200] [--openings corpus/openings/texts]

1. generated reports with injected faults (`gkextract synth --faults 0.7`) and consistent ones
   (`--faults 0`), extracted end to end and compared per rule with the gold `checks`;
2. the visible real reports (../shared/corpus/{seeds,real} vs gold): false alarms and misses;
3. the real openings texts (git-ignored; skipped when absent): every error/warning they raise, except
   SECTION_MISSING/TABLE_MISSING (openings are cut at ~2000 bytes, so those are expected).
"""
from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
GK = str(ROOT / ".venv" / "bin" / "gkextract")
TRUNCATED = {"SECTION_MISSING", "TABLE_MISSING"}


def findings(path: Path) -> set[str]:
    rec = json.loads(path.read_text(encoding="utf-8"))
    return {c["rule"] for c in rec.get("checks") or [] if c.get("severity") in ("error", "warning")}


def extract(inputs: list[str], out: Path) -> None:
    subprocess.run([GK, "extract", *inputs, "--out", str(out)], check=False, capture_output=True)


def compare(gold_dir: Path, pred_dir: Path, per_rule: dict, alarms: list) -> None:
    for gold in sorted(gold_dir.glob("*.json")):
        if gold.name.startswith("_"):
            continue
        pred = pred_dir / gold.name
        g, p = findings(gold), (findings(pred) if pred.exists() else set())
        for rule in g | p:
            per_rule[rule]["tp" if rule in g and rule in p else ("fp" if rule in p else "fn")] += 1
        alarms.extend((gold.stem, r, "false alarm" if r in p else "missed") for r in (p - g) | (g - p))


def table(per_rule: dict) -> str:
    lines = [f"{'rule':28s} {'tp':>5s} {'fp':>5s} {'fn':>5s} {'precision':>9s} {'recall':>7s}"]
    tot = collections.Counter()
    for rule in sorted(per_rule):
        c = per_rule[rule]
        tot.update(c)
        lines.append(_row(rule, c))
    lines.append(_row("ALL", tot))
    return "\n".join(lines)


def _row(name: str, c) -> str:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return f"{name:28s} {c['tp']:5d} {c['fp']:5d} {c['fn']:5d} {p:9.3f} {r:7.3f}"


def synth_round(n: int, faults: float, seed: int, tmp: Path) -> dict:
    gold, pred = tmp / f"g{faults}", tmp / f"p{faults}"
    subprocess.run([GK, "synth", "--n", str(n), "--seed", str(seed), "--out", str(gold), "--faults", str(faults),
                    "--formats", "txt_tab,html,txt_lines,docx", "--templates", "2019,2021"],
                   check=True, capture_output=True)
    extract([str(p) for p in gold.iterdir() if p.suffix != ".json"], pred)
    per_rule: dict = collections.defaultdict(collections.Counter)
    alarms: list = []
    compare(gold, pred, per_rule, alarms)
    return {"per_rule": per_rule, "alarms": alarms}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--openings", default=str(ROOT / "corpus" / "openings" / "texts"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t0 = time.time()
        for faults in (0.7, 0.0):
            res = synth_round(args.n, faults, args.seed, tmp)
            kind = "with injected faults" if faults else "consistent (no fault)"
            print(f"\n== generated reports {kind}: {args.n} reports\n{table(res['per_rule'])}")
            for a in res["alarms"][:10]:
                print("  ", *a)
        per_rule: dict = collections.defaultdict(collections.Counter)
        alarms: list = []
        if (SHARED / "gold").exists():
            extract([str(SHARED / "seeds"), str(SHARED / "real")], tmp / "real")
            compare(SHARED / "gold", tmp / "real", per_rule, alarms)
            print(f"\n== visible real reports vs gold\n{table(per_rule)}")
            for a in alarms:
                print("  ", *a)
        openings = Path(args.openings)
        if openings.exists() and any(openings.glob("*.txt")):
            extract([str(openings)], tmp / "openings")
            counts = collections.Counter()
            print("\n== real openings (truncated ~2000 bytes): errors/warnings other than SECTION/TABLE_MISSING")
            for f in sorted((tmp / "openings").glob("*.json")):
                if f.name.startswith("_"):
                    continue
                rec = json.loads(f.read_text(encoding="utf-8"))
                for c in rec.get("checks") or []:
                    if c.get("severity") in ("error", "warning"):
                        counts[c["rule"]] += 1
                        if c["rule"] not in TRUNCATED:
                            print(f"   {f.stem} {rec.get('year')} {c['rule']} {c['severity']} {c['message'][:120]}")
            print("   counts:", dict(counts))
        print(f"\n{time.time() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
