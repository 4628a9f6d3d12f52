"""Round trip over generated reports, by layout: exact rate and the kinds of differences.

    python benchmarks/synth_roundtrip.py --n 30 --seed 100 [--formats txt_tab,html] [--show 3]

Writes nothing; prints a table per layout and the most common difference kinds, so an extractor change
can be judged on every layout at once.
"""
from __future__ import annotations

import argparse
import collections
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from gkextract.pipeline import extract
from gkextract.synth import FORMATS, NO_BLANKS, SUFFIX, generate_record, render_many
from gkextract.synth.roundtrip import cells, differences


def kind(diff: str) -> str:
    """A difference reduced to its kind: 'cell requests.<row>.<col>' → 'cell requests', etc."""
    m = re.match(r"(cell(?: missing| extra)?) (\w+)", diff)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    return diff.split(":")[0]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30, help="reports per layout")
    ap.add_argument("--seed", type=int, default=100)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--show", type=int, default=0, help="print the differences of this many failures")
    args = ap.parse_args(argv)
    total_cells = total_right = 0
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats.split(","):
            drawn = [generate_record(random.Random(f"bench:{fmt}:{args.seed + i}"),
                                     allow_blanks=fmt not in NO_BLANKS) for i in range(args.n)]
            t0 = time.perf_counter()
            datas = render_many([c for _, c in drawn], fmt)
            kinds: collections.Counter = collections.Counter()
            exact = n_cells = right = 0
            shown = 0
            for i, ((gold, _), data) in enumerate(zip(drawn, datas)):
                p = Path(tmp) / f"{fmt}{i}{SUFFIX[fmt]}"
                p.write_bytes(data)
                try:
                    pred = extract(p)
                except Exception as e:  # noqa: BLE001 - a benchmark reports, it does not stop
                    kinds[f"error {type(e).__name__}"] += 1
                    continue
                diffs = differences(gold, pred)
                g = cells(gold)
                n_cells += len(g)
                right += len(g) - sum(1 for d in diffs if d.startswith("cell ") and not d.startswith("cell extra"))
                exact += not diffs
                kinds.update({kind(d) for d in diffs})
                if diffs and shown < args.show:
                    shown += 1
                    print(f"  {fmt} #{i} ({gold.template}):", *diffs[:6], sep="\n    ")
            total_cells += n_cells
            total_right += right
            print(f"{fmt:16s} exact {exact}/{args.n}  cells {right}/{n_cells} = {right / max(n_cells, 1):.4f}"
                  f"  ({time.perf_counter() - t0:.1f}s)  {dict(kinds.most_common(6))}")
    print(f"all cell accuracy {total_right / max(total_cells, 1):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
