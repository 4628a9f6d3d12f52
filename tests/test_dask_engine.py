"""`extract --engine dask`: the same records and failures as a local run, on a local cluster and on a
scheduler and a worker started as separate processes on 127.0.0.1."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed")

from gkextract.cli import app  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpus" / "samples"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """A few samples of every format plus files that fail (empty, not a PDF, not a report)."""
    folder = tmp_path_factory.mktemp("inputs")
    for f in sorted(SAMPLES.iterdir()):
        if f.suffix in (".txt", ".html", ".docx", ".pdf") and int(f.stem.split("_")[2]) < 7:
            shutil.copy(f, folder / f.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is no pdf")
    (folder / "shopping.txt").write_text("牛奶两盒，鸡蛋一打。\n", encoding="utf-8")
    return folder


def _extract(inputs: Path, out: Path, *options: str) -> tuple[int, dict[str, str], list]:
    res = CliRunner().invoke(app, ["extract", str(inputs), "--out", str(out), *options])
    records = {f.name: f.read_text(encoding="utf-8") for f in out.glob("*.json") if f.name != "_failures.json"}
    failures = json.loads((out / "_failures.json").read_text(encoding="utf-8"))
    # the order of completion differs between runs with several workers, local or not
    return res.exit_code, records, sorted(failures, key=lambda f: f["path"])


@pytest.fixture(scope="module")
def local_run(inputs, tmp_path_factory):
    return _extract(inputs, tmp_path_factory.mktemp("local"), "--jobs", "1")


def test_local_cluster_gives_the_local_records_and_failures(inputs, local_run, tmp_path):
    code, records, failures = _extract(inputs, tmp_path / "dask", "--engine", "dask", "--jobs", "2")
    assert local_run[0] == code == 1                      # some failed
    assert len(records) == 7 and len(failures) == 3
    assert records == local_run[1]                        # byte for byte
    assert failures == local_run[2]                       # same paths, same reasons


def test_jsonl_and_store_outputs(inputs, local_run, tmp_path):
    jsonl, db = tmp_path / "all.jsonl", tmp_path / "s.duckdb"
    res = CliRunner().invoke(app, ["extract", str(inputs), "--out", str(jsonl), "--db", str(db),
                                   "--engine", "dask", "--jobs", "1"])
    assert res.exit_code == 1, res.output
    lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert sorted(json.dumps(r, sort_keys=True) for r in lines) == \
        sorted(json.dumps(json.loads(t), sort_keys=True) for t in local_run[1].values())
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from reports").fetchone()[0] == 7
    assert sorted(con.execute("select path, reason from failures").fetchall()) == \
        [(f["path"], f["reason"]) for f in local_run[2]]


def test_results_stream_with_a_bounded_window(inputs):
    """With a window of 2 the batch still completes, one outcome per file, none held back."""
    from gkextract.batch import discover, run
    from gkextract.engines.dask_engine import run_dask

    files, _ = discover([inputs])
    seen = []
    outcomes = list(run_dask(files, jobs=1, window=2, on_done=seen.append))
    assert sorted(o.path for o in outcomes) == sorted(map(str, files)) and len(seen) == len(files)
    local = {o.path: (o.record_json, o.error) for o in run(files, isolate=False)}
    assert {o.path: (o.record_json, o.error) for o in outcomes} == local


@pytest.mark.parametrize("options, message", [
    (["--engine", "spark"], "unknown engine"),
    (["--scheduler", "tcp://127.0.0.1:9"], "needs --engine dask"),
    (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"], "no Dask scheduler answers"),
])
def test_engine_usage_errors_exit_2(inputs, tmp_path, options, message):
    res = CliRunner().invoke(app, ["extract", str(inputs), "--out", str(tmp_path / "o"), *options])
    assert res.exit_code == 2 and message in res.output


def _wait_for(path: Path, proc: subprocess.Popen, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not path.exists():
        if proc.poll() is not None or time.monotonic() > end:
            raise RuntimeError(f"{proc.args[:2]} did not start: {proc.stdout.read() if proc.stdout else ''}")
        time.sleep(0.2)


@pytest.mark.slow
def test_scheduler_and_worker_as_separate_processes(inputs, local_run, tmp_path):
    """`dask scheduler` and `dask worker` as their own processes on 127.0.0.1, as on a real cluster."""
    address_file = tmp_path / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__LOGGING__DISTRIBUTED": "error"}
    scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--no-dashboard", "--scheduler-file", str(address_file)],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    worker = None
    try:
        _wait_for(address_file, scheduler)
        address = json.loads(address_file.read_text())["address"]
        worker = subprocess.Popen([str(BIN / "dask"), "worker", address, "--host", "127.0.0.1",
                                   "--nworkers", "2", "--nthreads", "1", "--no-dashboard"],
                                  env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # absolute paths: the workers run elsewhere (here another working directory)
        code, records, failures = _extract(inputs, tmp_path / "out", "--engine", "dask",
                                           "--scheduler", address)
        assert code == 1 and records == local_run[1] and failures == local_run[2]
    finally:
        for proc in (worker, scheduler):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()


class CrashOn:
    """A worker plugin (set up again in every fresh worker) whose workers die on any file named crash.txt,
    as on a native crash or the OOM killer."""

    def setup(self, worker):
        import gkextract.engines.dask_engine as engine

        extract = engine.extract_one
        engine.extract_one = lambda p, **k: os._exit(1) if p.endswith("crash.txt") else extract(p, **k)


def test_a_worker_dying_on_a_file_fails_that_file_only(inputs, local_run, tmp_path):
    """A file that kills its worker is reported and the batch goes on; the files that shared its task are
    run again one per task and read as locally (none is blamed for it)."""
    import dask
    from distributed import Client, LocalCluster
    from distributed.diagnostics.plugin import WorkerPlugin

    from gkextract.batch import discover
    from gkextract.engines.dask_engine import LOCAL_CONFIG, run_dask, tasks

    (tmp_path / "crash.txt").write_text("whatever", encoding="utf-8")
    files, _ = discover([tmp_path / "crash.txt", inputs])
    assert len(next(tasks(files))) > 1  # crash.txt shares its task with innocent files
    with dask.config.set({**LOCAL_CONFIG, "distributed.scheduler.allowed-failures": 0}):
        cluster = LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None, silence_logs=50)
    try:
        with Client(cluster) as client:
            client.register_plugin(type("CrashOnPlugin", (CrashOn, WorkerPlugin), {})())
            outcomes = {o.path: o for o in run_dask(files, scheduler=cluster.scheduler_address)}
    finally:
        cluster.close()
    crashed = outcomes.pop(str(tmp_path / "crash.txt"))
    assert not crashed.ok and crashed.error.startswith("worker died") and crashed.limit
    assert sorted(Path(p).stem + ".json" for p, o in outcomes.items() if o.ok) == sorted(local_run[1])
    assert sorted(({"path": p, "reason": o.error} for p, o in outcomes.items() if not o.ok),
                  key=lambda f: f["path"]) == local_run[2]


def test_tasks_group_small_files_and_leave_large_ones_alone(tmp_path):
    """The scheduler's per-task cost is spread over small files; a large file (a long PDF, a scan) runs alone;
    order is kept and no file is lost or doubled."""
    from gkextract.engines.dask_engine import tasks

    sizes = [10, 10, 10, 500, 10, 10, 10, 10, 10, 90, 90]
    files = []
    for i, n in enumerate(sizes):
        (tmp_path / f"{i:02d}.txt").write_bytes(b"x" * n)
        files.append(tmp_path / f"{i:02d}.txt")
    files.append(tmp_path / "missing.txt")  # a path the client cannot see counts as small
    groups = [[Path(p).stem for p in g] for g in tasks(files, files_per_task=4, bytes_per_task=100)]
    assert groups == [["00", "01", "02"], ["03"], ["04", "05", "06", "07"], ["08", "09"], ["10", "missing"]]
    assert [len(g) for g in tasks(files, files_per_task=1)] == [1] * len(files)


def test_workers_writing_the_dataset_lose_only_the_file_that_kills_one(inputs, tmp_path):
    """extract_to_parquet: a chunk whose worker dies wrote nothing; its files run again one per task, so the
    dataset holds every other record and only the killing file fails."""
    import dask
    import duckdb
    from distributed import Client, LocalCluster
    from distributed.diagnostics.plugin import WorkerPlugin

    from gkextract.batch import discover
    from gkextract.engines.dask_engine import LOCAL_CONFIG, extract_to_parquet

    (tmp_path / "crash.txt").write_text("whatever", encoding="utf-8")
    files, _ = discover([tmp_path / "crash.txt", inputs])
    with dask.config.set({**LOCAL_CONFIG, "distributed.scheduler.allowed-failures": 0}):
        cluster = LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None, silence_logs=50)
    try:
        with Client(cluster) as client:
            client.register_plugin(type("CrashOnPlugin", (CrashOn, WorkerPlugin), {})())
            outcomes = list(extract_to_parquet(files, tmp_path / "ds", scheduler=cluster.scheduler_address))
    finally:
        cluster.close()
    failed = {Path(o.path).name: o.error for o in outcomes if not o.ok}
    assert len(outcomes) == len(files) and failed["crash.txt"].startswith("worker died")
    ok = sum(o.ok for o in outcomes)
    rows = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/ds/reports/**/*.parquet', "
                      "hive_partitioning = true)").fetchall()[0][0]
    assert ok == rows and ok >= len(files) - 4  # the empty, broken and shopping inputs fail as locally
