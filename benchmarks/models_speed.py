"""Seconds per report for ``extract`` with the trained models loaded vs the rule baselines, one core.

usage: python benchmarks/models_speed.py [FOLDER ...] [--repeat N] [--json OUT]

Configurations (each in its own process, pinned to one core, ``torch.set_num_threads(1)``):
  baseline     rules and keywords only (no model loaded)
  selected     what extraction uses: models/selection.json
  all_crf      every model forced on: section classifier, theme model, CRF figure tagger
  all_bert     every model forced on, with the BERT figure tagger instead of the CRF

Defaults to the bundled samples (corpus/samples, its .txt and .html files). Target: < 0.5 s/report with
all models loaded. Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFIGS = {
    "baseline": None,
    "selected": "selected",
    "all_crf": {"sections": "sections", "themes": "themes", "figures": "figures_crf"},
    "all_bert": {"sections": "sections", "themes": "themes", "figures": "figures_bert"},
}
WORKER = r"""
import json, os, sys, time
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
os.environ["OMP_NUM_THREADS"] = "1"
import torch
torch.set_num_threads(1)
import gkextract.models as M
from gkextract import pipeline
files, repeat, config = json.loads(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
t = time.perf_counter()
if config is None:
    comps = M.load_components(use_models=False)
elif config == "selected":
    comps = M.load_components()
else:
    comps = M.load_components(selection=config)
M.shared_components = lambda *a, **k: comps
pipe = pipeline.default_pipeline()
load_s = time.perf_counter() - t
pipeline.extract(files[0], pipe)  # warm-up (lazy imports, templates)
times = []
for _ in range(repeat):
    for f in files:
        t = time.perf_counter()
        pipeline.extract(f, pipe)
        times.append(time.perf_counter() - t)
print(json.dumps({"used": comps.used, "load_s": load_s, "reports": len(times),
                  "s_per_report": sum(times) / len(times), "max_s": max(times),
                  "threads": torch.get_num_threads()}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="*", default=[str(REPO / "corpus" / "samples")])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", help="write the results here too")
    a = ap.parse_args()
    files = [str(f) for folder in a.folders for f in sorted(Path(folder).rglob("*"))
             if f.suffix.lower() in (".txt", ".html", ".htm") and f.is_file() and f.name != "README.md"]
    if not files:
        sys.exit("no .txt/.html reports found")
    results = {}
    for name, config in CONFIGS.items():
        out = subprocess.run([sys.executable, "-c", WORKER, json.dumps(files), str(a.repeat), json.dumps(config)],
                             capture_output=True, text=True, cwd=REPO)
        if out.returncode != 0:
            print(f"{name}: failed\n{out.stderr[-2000:]}")
            continue
        results[name] = json.loads(out.stdout.strip().splitlines()[-1])
        r = results[name]
        print(f"{name:<9} {r['s_per_report']:.3f} s/report (max {r['max_s']:.3f}, {r['reports']} runs of "
              f"{len(files)} files, 1 thread), loading {r['load_s']:.2f} s; "
              + ", ".join(f"{k}={v}" for k, v in sorted(r["used"].items())))
    if a.json:
        Path(a.json).write_text(json.dumps({"files": files, "results": results}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
