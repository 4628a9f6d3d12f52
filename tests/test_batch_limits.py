"""Batch mode that nothing a crawl brings can break: per-file time and memory limits, workers that die
(segfault, OOM, exit) costing only their file, atomic outputs, --resume, a store that two writers and a
killed write leave whole."""
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gkextract.batch import JsonDirWriter, JsonlWriter, Outcome, atomic_write, file_sha256, run
from gkextract.cli import app

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpus" / "samples"
runner = CliRunner()


def fault_hook() -> None:
    """Runs in each worker (``worker_init``): files named after a fault act it out inside the reader."""
    import gkextract.pipeline as pipeline

    real = pipeline.extract

    def extract(path, *a, **k):
        name = Path(path).name
        if name.startswith("segfault"):
            os.kill(os.getpid(), signal.SIGSEGV)
        if name.startswith("exit"):
            os._exit(7)
        if name.startswith("oom"):
            hog = bytearray(8 * 2**30)  # over any --max-memory the tests give: MemoryError
            return hog
        if name.startswith("killed"):
            os.kill(os.getpid(), signal.SIGKILL)  # what the kernel's OOM killer does
        if name.startswith("hang"):
            time.sleep(3600)
        return real(path, *a, **k)

    pipeline.extract = extract


HOOK = f"{__name__}:fault_hook"


def _inputs(tmp_path, faults=("segfault", "exit", "oom", "killed", "hang")):
    src = tmp_path / "in"
    src.mkdir()
    good = sorted(SAMPLES.glob("synth_*_txt_*.txt"))[:3]
    for f in good:
        (src / f.name).write_bytes(f.read_bytes())
    for fault in faults:
        (src / f"{fault}.txt").write_bytes(good[0].read_bytes())
    return src, [f.name for f in good]


def test_dead_or_stuck_workers_cost_only_their_file(tmp_path):
    src, good = _inputs(tmp_path)
    files = sorted(src.iterdir())
    t = time.monotonic()
    outcomes = {Path(o.path).name: o for o in run(files, jobs=2, timeout=8, max_memory=512, worker_init=HOOK)}
    assert time.monotonic() - t < 60
    assert sorted(outcomes) == sorted(f.name for f in files)  # one outcome per file, none lost
    assert all(outcomes[name].ok for name in good)
    assert outcomes["segfault.txt"].error.startswith("worker died: crashed with SIGSEGV")
    assert outcomes["exit.txt"].error.startswith("worker died: exited with code 7")
    assert outcomes["killed.txt"].error.startswith("worker died: killed (SIGKILL")
    assert outcomes["oom.txt"].error.startswith("memory limit: the file needs more than 512 MB")
    assert outcomes["hang.txt"].error.startswith("time limit: not done after 8 s")
    assert all(outcomes[n].limit for n in ("segfault.txt", "exit.txt", "killed.txt", "oom.txt", "hang.txt"))


def test_one_worker_goes_on_after_each_fault(tmp_path):
    src, good = _inputs(tmp_path, faults=("segfault", "hang"))
    outcomes = list(run(sorted(src.iterdir()), jobs=1, timeout=5, worker_init=HOOK))
    assert sum(o.ok for o in outcomes) == len(good) and len(outcomes) == len(good) + 2


def test_cli_limits_are_options_and_failures_are_listed(tmp_path, monkeypatch):
    src, good = _inputs(tmp_path, faults=())
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(src), "--out", str(out), "--timeout", "30", "--max-memory", "1024"])
    assert result.exit_code == 1, result.output
    failures = json.loads((out / "_failures.json").read_text(encoding="utf-8"))
    assert [Path(f["path"]).name for f in failures] == ["empty.txt"]
    assert len(list(out.glob("synth_*.json"))) == len(good)


# ------------------------------------------------------------------------------------- atomic outputs

def test_atomic_write_leaves_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "a.json"
    target.write_text("old", encoding="utf-8")

    class Boom(str):
        pass

    def failing_replace(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no temporary file left behind


def _record_json(path, sha):
    return json.dumps({"source": {"path": str(path), "sha256": sha}, "title": "t"})


def test_jsonl_appends_as_it_goes_and_recovers_a_cut_line(tmp_path):
    out = tmp_path / "all.jsonl"
    writer = JsonlWriter(out)
    writer.write(Outcome("a.txt", record_json=_record_json("a.txt", "1" * 64)))
    writer.write(Outcome("b.txt", record_json=_record_json("b.txt", "2" * 64)))
    # killed here (no close): both lines are on disk already
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(l)["source"]["path"] for l in lines] == ["a.txt", "b.txt"]
    # a later kill cut a line in half, and the batch re-extracted a.txt before it
    with open(out, "a", encoding="utf-8") as fh:
        fh.write(_record_json("a.txt", "3" * 64) + "\n" + _record_json("c.txt", "4" * 64)[:30])
    writer = JsonlWriter(out)
    assert writer.done() == {"3" * 64, "2" * 64}
    writer.close()
    lines = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert sorted((l["source"]["path"], l["source"]["sha256"][0]) for l in lines) == [("a.txt", "3"), ("b.txt", "2")]


def test_json_dir_done_keeps_output_names(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.json").write_text(_record_json("one/x.txt", "a" * 64), encoding="utf-8")
    (out / "x__2.json").write_text(_record_json("two/x.txt", "b" * 64), encoding="utf-8")
    (out / "_failures.json").write_text("[]", encoding="utf-8")
    writer = JsonDirWriter(out)
    assert writer.done() == {"a" * 64, "b" * 64}
    assert writer.target("two/x.txt").name == "x__2.json" and writer.target("three/x.txt").name == "x__3.json"


# ------------------------------------------------------------------------------------- --resume

KILLABLE = textwrap.dedent("""
    import sys
    from gkextract.cli import app
    sys.argv = ["gkextract", "extract", *sys.argv[1:]]
    app()
""")


def test_resume_after_kill_skips_done_inputs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    samples = sorted(SAMPLES.glob("synth_*_txt_*.txt"))[:6]
    for f in samples:
        (src / f.name).write_bytes(f.read_bytes())
    out, db = tmp_path / "out", tmp_path / "s.duckdb"
    # an interrupted batch (SIGTERM once the first record is out): outputs are complete, not half-written
    proc = subprocess.Popen([sys.executable, "-c", KILLABLE, str(src), "--out", str(out), "--db", str(db)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("synth_*.json")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    first = {p.name for p in out.glob("synth_*.json")}
    assert first and all(json.loads(p.read_text(encoding="utf-8"))["source"]["sha256"] for p in out.glob("*.json")
                         if p.name != "_failures.json")
    result = runner.invoke(app, ["extract", str(src), "--out", str(out), "--db", str(db), "--resume"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.glob("synth_*.json")} == {f.stem + ".json" for f in samples}
    from gkextract.store import Store
    with Store(db, read_only=True) as store:
        assert store.done() == {file_sha256(f) for f in samples}
    if len(first) < len(samples):
        assert "already done, skipped" in result.output
    again = runner.invoke(app, ["extract", str(src), "--out", str(out), "--db", str(db), "--resume"])
    assert f"{len(samples)} of {len(samples)} inputs already done" in again.output


# ------------------------------------------------------------------------------------- the store

WRITER = textwrap.dedent("""
    import json, sys
    from gkextract.store import Store
    from gkextract.record import Record
    path, text, start, n, per = sys.argv[1], open(sys.argv[2], encoding="utf-8").read(), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    base = json.loads(text)
    for b in range(start, start + n, per):
        records = []
        for i in range(b, min(b + per, start + n)):
            base["source"]["sha256"] = f"{i:064d}"
            base["source"]["path"] = f"r{i}.txt"
            records.append(Record.model_validate(base))
        with Store(path, lock_timeout=120) as store:
            store.add_many(records)
        print(b, flush=True)
""")


def _sample_record(tmp_path) -> Path:
    from gkextract.pipeline import extract
    p = tmp_path / "rec.json"
    p.write_text(extract(sorted(SAMPLES.glob("synth_*_txt_tab.txt"))[0]).to_json(), encoding="utf-8")
    return p


def _store_whole(db: Path) -> dict:
    from gkextract.store import Store
    with Store(db, read_only=True) as store:
        dup = store.query("SELECT count(*) AS n FROM (SELECT sha256, tbl, row_key, col_key, ord FROM cells "
                          "GROUP BY ALL HAVING count(*) > 1)")[0]["n"]
        cells = store.query("SELECT sha256, count(*) AS n FROM cells GROUP BY sha256")
        return {"reports": store.counts()["reports"], "duplicate_cells": dup,
                "cells_per_report": {r["n"] for r in cells}, "done": store.done()}


def test_two_concurrent_writers_take_turns(tmp_path):
    rec, db = _sample_record(tmp_path), tmp_path / "s.duckdb"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(rec), str(start), "60", "10"], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for start in (0, 30)]  # overlapping
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()[-2000:]
    state = _store_whole(db)
    assert state["reports"] == 90 and state["duplicate_cells"] == 0 and len(state["cells_per_report"]) == 1


def test_killed_write_loses_no_committed_batch_and_leaves_no_half_report(tmp_path):
    rec, db = _sample_record(tmp_path), tmp_path / "s.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(rec), "0", "400", "20"], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    committed = []
    for line in proc.stdout:
        committed.append(int(line))
        if len(committed) == 3:
            time.sleep(0.05)  # in the middle of the next batch's write
            proc.kill()
            break
    proc.wait()
    state = _store_whole(db)
    assert state["duplicate_cells"] == 0 and len(state["cells_per_report"]) == 1
    assert state["reports"] % 20 == 0 and state["reports"] >= 60  # whole batches only, the printed ones kept
    assert {f"{i:064d}" for i in range(60)} <= state["done"]


def test_second_writer_gets_a_clear_error_when_the_lock_is_held(tmp_path):
    from gkextract.store import Store, StoreBusy
    db = tmp_path / "s.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import sys,time; from gkextract.store import Store; "
                               "s = Store(sys.argv[1]); print('open', flush=True); time.sleep(30)", str(db)],
                              cwd=REPO, stdout=subprocess.PIPE)
    assert holder.stdout.readline().strip() == b"open"
    try:
        with pytest.raises(StoreBusy, match="another process is writing this store"):
            Store(db, lock_timeout=0.5)
    finally:
        holder.kill()
        holder.wait()
    with Store(db, lock_timeout=5) as store:  # a killed holder leaves no stale lock (the OS drops it)
        assert store.counts()["reports"] == 0
