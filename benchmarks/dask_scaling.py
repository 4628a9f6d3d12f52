"""Dask engine: reports/s against the number of workers, its overhead against the local engine
(``--jobs``) at equal workers, and a paper estimate for one million reports.

usage: python benchmarks/dask_scaling.py [--copies 6] [--workers 1,2] [--costs costs.json]
       [--mix txt=0.1,html=0.3,pdf=0.45,scanned=0.15] [--nodes 100] [--price 0.04]

1. Throughput: the bundled samples (every format) copied ``--copies`` times into a temporary folder are
   extracted with ``batch.run`` (the local engine: supervised worker processes) and with
   ``engines.dask_engine.run_dask`` (a LocalCluster of the same number of single-thread workers),
   end to end: start-up of the workers included, as a user waits for it. Each engine/worker count is
   timed alternately ``--rounds`` times; the best run counts (the machine is shared).
2. Overhead at equal workers: dask time / local time - 1, end to end and with each engine's start-up
   (the time to its first result) subtracted; and in CPU seconds of all processes of each engine
   (:class:`CpuMeter`), the measure that holds on a machine shared with other work.
3. Paper estimate: per-report seconds per format (one core) from ``benchmarks/extract_speed.py --json``
   (run here unless ``--costs`` gives its output), mixed by ``--mix``, plus the measured per-task
   overhead of Dask, spread over ``--nodes`` single-core workers at ``--price`` dollars per core-hour.
   Scanned PDFs (OCR) are not in the samples: their cost is ``--scanned-s`` seconds per report unless
   ``--costs`` has a ``scanned`` entry.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


class CpuMeter:
    """CPU seconds (user + system) of this process and every descendant (workers, nannies, forkserver),
    sampled every ``interval`` s from a thread: wall time on a shared machine measures the neighbours,
    CPU time measures the engine. A process's last ``interval`` before it exits is lost (both engines)."""

    def __init__(self, interval: float = 0.1):
        import threading

        import psutil

        self.me, self.interval, self.seen = psutil.Process(), interval, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        for proc in [self.me, *self.me.children(recursive=True)]:
            try:
                t = proc.cpu_times()
                self.seen[(proc.pid, proc.create_time())] = t.user + t.system
            except Exception:  # gone meanwhile
                pass

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self):
        self._sample()
        self.start = dict(self.seen)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._sample()
        self._stop.set()
        self._thread.join()
        self.cpu_s = sum(v - self.start.get(k, 0.0) for k, v in self.seen.items())


def _time(engine: str, files: list[Path], workers: int) -> tuple[float, float, int, float]:
    """(seconds end to end, seconds to the first result, failures, CPU seconds of all processes)."""
    from gkextract.batch import run
    from gkextract.engines.dask_engine import run_dask

    runner = run_dask if engine == "dask" else run
    with CpuMeter() as meter:
        t0 = time.perf_counter()
        first, failed = None, 0
        for outcome in runner(files, jobs=workers):
            if first is None:
                first = time.perf_counter() - t0
            failed += not outcome.ok
        total = time.perf_counter() - t0
    return total, first or 0.0, failed, meter.cpu_s


def throughput(copies: int, workers: list[int], rounds: int) -> dict:
    from gkextract.batch import discover

    samples, _ = discover([REPO / "corpus" / "samples"])
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for k in range(copies):
            for f in samples:
                target = Path(tmp) / f"{f.stem}__{k}{f.suffix}"
                shutil.copy(f, target)
                files.append(target)
        results = {}
        for w in workers:
            best = {}
            for _ in range(rounds):
                for engine in ("local", "dask"):
                    total, first, failed, cpu = _time(engine, files, w)
                    if engine not in best or total < best[engine]["seconds"]:
                        best[engine] = {"seconds": total, "startup_s": first, "failed": failed}
                    best[engine]["cpu_s"] = min(cpu, best[engine].get("cpu_s", cpu))
            for engine, r in best.items():
                r["reports_per_s"] = len(files) / r["seconds"]
                steady = r["seconds"] - r["startup_s"]
                r["steady_reports_per_s"] = (len(files) - 1) / steady if steady > 0 else None
            for engine in ("local", "dask"):  # fixed cost: start and stop the workers for one file
                total, _, _, cpu = _time(engine, files[:1], w)
                best[engine].update(fixed_s=total, fixed_cpu_s=cpu,
                                    marginal_cpu_ms=1000 * (best[engine]["cpu_s"] - cpu) / (len(files) - 1))
            local, dask = best["local"], best["dask"]
            results[w] = {
                **{f"{e}_{k}": v for e, r in best.items() for k, v in r.items()},
                "overhead": dask["seconds"] / local["seconds"] - 1,
                "cpu_overhead": dask["cpu_s"] / local["cpu_s"] - 1,
                "cpu_overhead_ms_per_task": 1000 * (dask["cpu_s"] - local["cpu_s"]) / len(files),
                "marginal_cpu_overhead_ms": dask["marginal_cpu_ms"] - local["marginal_cpu_ms"],
                "steady_overhead": (dask["seconds"] - dask["startup_s"]) / (local["seconds"] - local["startup_s"]) - 1,
                "per_task_overhead_ms": 1000 * w * ((dask["seconds"] - dask["startup_s"])
                                                    - (local["seconds"] - local["startup_s"])) / (len(files) - 1),
            }
            print(f"{w} worker(s), {len(files)} reports: local {local['reports_per_s']:.2f} reports/s "
                  f"(start-up {local['startup_s']:.1f} s), dask {dask['reports_per_s']:.2f} reports/s "
                  f"(start-up {dask['startup_s']:.1f} s); overhead {100 * results[w]['overhead']:+.0f}% end to end, "
                  f"{100 * results[w]['steady_overhead']:+.0f}% after start-up "
                  f"({results[w]['per_task_overhead_ms']:+.0f} ms per task); CPU local {local['cpu_s']:.1f} s, "
                  f"dask {dask['cpu_s']:.1f} s: {100 * results[w]['cpu_overhead']:+.0f}% "
                  f"({results[w]['cpu_overhead_ms_per_task']:+.0f} ms per task, start-up included)\n"
                  f"    fixed (workers started and stopped for one file): local {local['fixed_s']:.1f} s wall "
                  f"{local['fixed_cpu_s']:.1f} s CPU, dask {dask['fixed_s']:.1f} s wall {dask['fixed_cpu_s']:.1f} s CPU; "
                  f"CPU per further report: local {local['marginal_cpu_ms']:.1f} ms, dask {dask['marginal_cpu_ms']:.1f} ms "
                  f"({results[w]['marginal_cpu_overhead_ms']:+.1f} ms, "
                  f"{100 * results[w]['marginal_cpu_overhead_ms'] / local['marginal_cpu_ms']:+.0f}%)")
        return {"reports": len(files), "workers": results}


def per_format_costs(path: str | None) -> dict:
    if path:
        data = json.loads(Path(path).read_text())
    else:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run([sys.executable, str(REPO / "benchmarks" / "extract_speed.py"), "--repeat", "1",
                            "--json", out.name], cwd=REPO, check=True)
            data = json.loads(Path(out.name).read_text())
    return {fmt: (r["seconds"] / r["reports"] if "seconds" in r else r) for fmt, r in data.items()}


def estimate(costs: dict, mix: dict, task_overhead_s: float, nodes: int, price: float, n: int = 1_000_000) -> dict:
    cpu_s = sum(n * share * (costs[fmt] + task_overhead_s) for fmt, share in mix.items())
    hours = cpu_s / nodes / 3600
    return {"reports": n, "mix": mix, "s_per_report": {f: costs[f] for f in mix},
            "core_hours": cpu_s / 3600, "nodes": nodes, "wall_hours": hours, "cost_usd": cpu_s / 3600 * price}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=6)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--costs", help="extract_speed.py --json output (else it runs)")
    ap.add_argument("--mix", default="txt=0.1,html=0.3,pdf=0.45,scanned=0.15")
    ap.add_argument("--scanned-s", type=float, default=20.0,
                    help="seconds per scanned report (OCR) when not measured: an assumption, ~10 pages at ~2 s")
    ap.add_argument("--nodes", type=int, default=100, help="single-core workers for the estimate")
    ap.add_argument("--price", type=float, default=0.04, help="dollars per core-hour")
    ap.add_argument("--json", help="write the results here too")
    a = ap.parse_args()
    workers = [int(w) for w in a.workers.split(",")]
    result = {"throughput": throughput(a.copies, workers, a.rounds)}
    costs = per_format_costs(a.costs)
    costs.setdefault("scanned", a.scanned_s)
    mix = {k: float(v) for k, v in (p.split("=") for p in a.mix.split(","))}
    # cores are what a cluster bills: the engine's extra CPU per further task (start-up is paid once)
    overhead = max(0.0, max(r["marginal_cpu_overhead_ms"] for r in result["throughput"]["workers"].values()) / 1000)
    result["estimate"] = e = estimate(costs, mix, overhead, a.nodes, a.price)
    print("seconds per report, one core: " + ", ".join(f"{f} {s:.3f}" for f, s in e["s_per_report"].items())
          + ("  (scanned: assumed)" if "scanned" not in (json.loads(Path(a.costs).read_text()) if a.costs else {}) else ""))
    print(f"one million reports ({', '.join(f'{k} {v:.0%}' for k, v in mix.items())}), Dask per-task overhead "
          f"{overhead * 1000:.0f} ms: {e['core_hours']:.0f} core-hours → {e['wall_hours']:.1f} h on {a.nodes} "
          f"single-core workers, ≈ ${e['cost_usd']:.0f} at ${a.price}/core-hour")
    if a.json:
        Path(a.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
