"""Worker processes that a bad file cannot take down with it: per-file time and memory limits.

A small supervisor, not ``concurrent.futures``: a pool there breaks as a whole when one worker dies. Here
each worker is a long-lived process (so imports and lazily loaded models are paid once, not per file)
that extracts one file at a time and sends back an ``Outcome``. The supervisor

- kills a worker whose file runs past ``timeout`` seconds: the file fails with ``time limit ...``;
- caps each worker's address space (``RLIMIT_AS``) at its size after start-up plus ``max_memory`` MB: an
  allocation past it raises MemoryError in the worker (the file fails with ``memory limit ...``) or kills
  it natively;
- notices a worker that died (segfault, OOM killer, ``os._exit``): only its file fails, ``worker died ...``;

and starts a fresh worker in place of any it lost (about a second: a new interpreter imports the
pipeline). Workers ignore Ctrl-C: the supervisor stops them and lets the interruption through.
"""
from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import time
from multiprocessing.connection import Connection, wait
from collections import deque
from pathlib import Path
from typing import Iterable, Iterator, Optional

DEFAULT_TIMEOUT = 300.0     # seconds per file; a 2,000-page PDF takes well under this
DEFAULT_MAX_MEMORY = 2048   # MB a worker may grow by for one file
PIPELINE = 2  # paths a worker holds at once: the next file waits in its pipe while it reads one
def _address_space() -> Optional[int]:
    """This process's virtual size in bytes (Linux), or None where /proc is not there."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _cap_memory(max_memory: Optional[int]) -> None:
    if not max_memory:
        return
    import resource

    base = _address_space()
    if base is None:
        return
    limit = base + max_memory * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker_main(read_fd: int, write_fd: int, max_memory: Optional[int], worker_init: str) -> None:
    """A worker: extract the paths received until told to stop (None) or memory ran out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    inbox = Connection(read_fd, writable=False)
    outbox = Connection(write_fd, readable=False)
    from .batch import Outcome, extract_one
    import gkextract.pipeline  # noqa: F401  (imported before the memory cap is measured)

    _exit_with_parent()
    if worker_init:  # "module:function", run once (tests make readers crash with it)
        module, _, name = worker_init.partition(":")
        getattr(importlib.import_module(module), name)()
    _cap_memory(max_memory)
    outbox.send("ready")
    while True:
        try:
            path = inbox.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            outcome = extract_one(path)
        except MemoryError:  # outside extract_one's own handlers (e.g. while building the Outcome)
            outcome = None
        if outcome is None or outcome.error == "memory limit":
            outcome = Outcome(path, error=f"memory limit: the file needs more than {max_memory} MB "
                                          "(gkextract extract --max-memory)", limit=True)
        try:
            outbox.send(outcome)
        except MemoryError:
            os._exit(3)  # the supervisor reports the file as lost with its worker
        except (OSError, EOFError):
            return  # the supervisor is gone
        if outcome.limit:
            return  # after a MemoryError the worker's state is not to be trusted: a fresh one takes over


def _exit_with_parent() -> None:
    """A worker whose supervisor died (killed with SIGKILL, say) stops even in the middle of a file."""
    import threading

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(4)

    threading.Thread(target=watch, daemon=True, name="gkextract-parent-watch").start()


class _Worker:
    """One worker process: a fresh interpreter running ``python -m gkextract.supervisor`` (no dependence on
    the caller's ``__main__``, unlike multiprocessing's spawn and forkserver), talking over two pipes."""

    def __init__(self, max_memory: Optional[int], worker_init: Optional[str]):
        to_worker_r, to_worker_w = os.pipe()
        from_worker_r, from_worker_w = os.pipe()
        env = dict(os.environ)
        if worker_init:  # the hook's module must import in the worker as it does here
            env["PYTHONPATH"] = os.pathsep.join([p for p in sys.path if p] + [env.get("PYTHONPATH", "")])
        cmd = [sys.executable, "-m", "gkextract.supervisor", str(to_worker_r), str(from_worker_w),
               str(max_memory or 0), worker_init or ""]
        try:
            self.proc = subprocess.Popen(cmd, pass_fds=(to_worker_r, from_worker_w), stdin=subprocess.DEVNULL,
                                         env=env)
        finally:
            os.close(to_worker_r)
            os.close(from_worker_w)
        self.outbox = Connection(to_worker_w, readable=False)
        self.inbox = Connection(from_worker_r, writable=False)
        self.paths: deque[str] = deque()  # given, not answered yet; the worker is on the first
        self.deadline = float("inf")
        self.timeout = None

    def give(self, path: str, timeout: Optional[float]) -> None:
        self.outbox.send(path)
        self.paths.append(path)
        self.timeout = timeout
        if len(self.paths) == 1:
            self._start_clock()

    def answered(self) -> str:
        """The first path is done: the worker moves on to the next (already in its pipe)."""
        path = self.paths.popleft()
        self._start_clock()
        return path

    def _start_clock(self) -> None:
        self.deadline = time.monotonic() + self.timeout if self.paths and self.timeout else float("inf")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.outbox.send(None)
                self.proc.wait(timeout=5)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                kill = True
        if kill and self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.outbox.close()
        self.inbox.close()


def death_reason(exitcode: Optional[int]) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if name == "SIGKILL":
            return "worker died: killed (SIGKILL, most likely out of memory)"
        return f"worker died: crashed with {name} (a native crash while reading the file)"
    return f"worker died: exited with code {exitcode} while reading the file"


def supervise(files: Iterable[Path | str], jobs: int = 1, timeout: Optional[float] = DEFAULT_TIMEOUT,
              max_memory: Optional[int] = DEFAULT_MAX_MEMORY,
              worker_init: Optional[str] = None) -> Iterator:
    """Outcomes of extracting ``files`` in ``jobs`` worker processes, in order of completion; every file
    gives exactly one Outcome, whatever happens to its worker. ``timeout`` (seconds) and ``max_memory``
    (MB) are per file; None or 0 switches a limit off. ``worker_init`` (picklable) runs first in each
    worker, given as ``"module:function"`` (tests use it to make readers crash)."""
    from .batch import Outcome

    queue = deque(str(f) for f in files)
    if not queue:
        return
    n_workers = min(max(jobs, 1), len(queue))
    starting = [_Worker(max_memory, worker_init) for _ in range(n_workers)]  # until they say "ready"
    live: list[_Worker] = []
    failed_starts = 0
    try:
        while queue or any(w.paths for w in live):
            # each worker holds up to PIPELINE paths, so it never waits for the supervisor between files
            for worker in sorted(live, key=lambda w: len(w.paths)):
                while queue and len(worker.paths) < PIPELINE:
                    try:
                        worker.give(queue[0], timeout)
                    except (OSError, ValueError):  # died while idle: its end of file is read below
                        break
                    queue.popleft()
            busy = [w for w in live if w.paths]
            if not busy and not starting:
                starting.append(_Worker(max_memory, worker_init))
            wait_for = min((w.deadline for w in busy), default=float("inf")) - time.monotonic()
            ready = set(wait([w.inbox for w in live + starting],
                             timeout=None if wait_for == float("inf") else max(wait_for, 0)))
            for worker in [w for w in starting if w.inbox in ready]:
                starting.remove(worker)
                ready.discard(worker.inbox)  # its message is read here, not as an outcome below
                try:
                    worker.inbox.recv()  # "ready": imports done, the file's time starts when it is given
                    live.append(worker)
                    failed_starts = 0
                except (EOFError, OSError):
                    worker.stop(kill=True)
                    failed_starts += 1
                    if failed_starts >= 3:  # the workers cannot start at all: every file says so
                        code = worker.proc.returncode
                        while queue:
                            yield Outcome(queue.popleft(), error=f"worker failed to start (exit code {code}); "
                                                                 "see the messages above", limit=True)
                        break
            now = time.monotonic()
            for worker in list(live):
                outcome, keep = None, True
                if worker.inbox in ready:  # an outcome, or end of file: the worker died
                    try:
                        outcome = worker.inbox.recv()
                    except (EOFError, OSError):
                        outcome = None
                    if outcome is None:
                        try:
                            code = worker.proc.wait(timeout=5)
                        except subprocess.TimeoutExpired:
                            code = None
                        if not worker.paths:  # died between files
                            worker.stop(kill=True)
                            live.remove(worker)
                            starting.append(_Worker(max_memory, worker_init))
                            continue
                        outcome = Outcome(worker.paths[0], error=death_reason(code), limit=True)
                    keep = not outcome.limit
                elif worker.paths and now >= worker.deadline:
                    outcome = Outcome(worker.paths[0], error=f"time limit: not done after {timeout:g} s "
                                                             "(gkextract extract --timeout)", limit=True)
                    keep = False
                if outcome is None:
                    continue
                worker.answered()
                if not keep:
                    queue.extendleft(reversed(worker.paths))  # given but not started: another worker's
                    worker.paths.clear()
                    worker.stop(kill=True)
                    live.remove(worker)
                    if len(queue) > len(live) + len(starting) or not (live or starting) and queue:
                        starting.append(_Worker(max_memory, worker_init))
                yield outcome
    finally:
        for worker in starting + [w for w in live if w.paths]:
            worker.stop(kill=True)
        for worker in live:
            if not worker.paths:
                worker.stop()


if __name__ == "__main__":
    _worker_main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) or None, sys.argv[4])
