"""What per-file limits cost: records/s over N small txt files, in-process (no limits, the old path) against
worker processes under --timeout/--max-memory (gkextract.supervisor), each in a fresh interpreter so
start-up (imports, the worker's start) counts.

usage: python benchmarks/batch_overhead.py [--n 100] [--jobs 1] [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUN = r"""
import json, sys, time
t = time.perf_counter()
from pathlib import Path
from gkextract.batch import run
files = sorted(Path(sys.argv[1]).iterdir())
outcomes = list(run(files, jobs=int(sys.argv[2]), isolate=sys.argv[3] == "1"))
dt = time.perf_counter() - t
print(json.dumps({"ok": sum(o.ok for o in outcomes), "seconds": dt}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    samples = sorted((REPO / "corpus" / "samples").glob("synth_*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(a.n):
            (Path(tmp) / f"r{i:04d}.txt").write_bytes(samples[i % len(samples)].read_bytes())
        times: dict[str, list[float]] = {"in-process, no limits": [], "workers with limits": []}
        for _ in range(a.repeat):  # interleaved, so load from other processes hits both alike
            for label, isolate in (("in-process, no limits", "0"), ("workers with limits", "1")):
                out = subprocess.run([sys.executable, "-c", RUN, tmp, str(a.jobs), isolate], capture_output=True,
                                     text=True, cwd=REPO, check=True)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                assert r["ok"] == a.n, r
                times[label].append(r["seconds"])
        result = {}
        for label, ts in times.items():
            best = min(ts)
            result[label] = {"seconds": round(best, 2), "records_per_s": round(a.n / best, 1),
                             "median_s": round(statistics.median(ts), 2)}
            print(f"{label:<24} {a.n / best:7.1f} records/s (best of {a.repeat}: {best:.2f} s, "
                  f"median {statistics.median(ts):.2f} s)")
        base, new = result["in-process, no limits"]["seconds"], result["workers with limits"]["seconds"]
        print(f"overhead: {100 * (new / base - 1):+.1f}%")


if __name__ == "__main__":
    main()
