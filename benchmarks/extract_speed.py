"""Extraction speed and peak memory per input format, one core.

usage: python benchmarks/extract_speed.py [FOLDER ...] [--repeat N] [--formats docx,pdf]

Each format runs in its own process (pinned to one core where the OS allows) so peak memory is per
format. Defaults to corpus/samples and ../shared/corpus.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORKER = r"""
import json, os, resource, sys, time
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
from gkextract.pipeline import extract
files, repeat = json.loads(sys.argv[1]), int(sys.argv[2])
extract(files[0])  # warm-up: imports, templates, models
t = time.perf_counter()
n = 0
for _ in range(repeat):
    for f in files:
        extract(f)
        n += 1
dt = time.perf_counter() - t
print(json.dumps({"reports": n, "seconds": dt, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="*", default=[str(REPO / "corpus" / "samples"), str(REPO.parent / "shared" / "corpus")])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--formats", help="only these formats (comma-separated: txt,html,docx,pdf)")
    ap.add_argument("--json", help="write the results here too")
    a = ap.parse_args()
    suffix_format = {".txt": "txt", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
    by_format: dict[str, list[str]] = defaultdict(list)
    for folder in a.folders:
        for f in sorted(Path(folder).rglob("*")):
            fmt = suffix_format.get(f.suffix.lower())
            if fmt and f.is_file() and (not a.formats or fmt in a.formats.split(",")):
                by_format[fmt].append(str(f))
    results = {}
    for fmt, files in sorted(by_format.items()):
        out = subprocess.run([sys.executable, "-c", WORKER, json.dumps(files), str(a.repeat)],
                             capture_output=True, text=True, cwd=REPO)
        if out.returncode != 0:
            print(f"{fmt}: failed\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        r["reports_per_s"] = r["reports"] / r["seconds"]
        r["files"] = len(files)
        results[fmt] = r
        print(f"{fmt:5s} {len(files):4d} files  {r['reports_per_s']:7.1f} reports/s  peak {r['peak_mb']:6.0f} MB")
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
