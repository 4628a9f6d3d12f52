"""Extraction on a Dask cluster (``extract --engine dask [--scheduler tcp://HOST:PORT]``).

Without a scheduler a :class:`distributed.LocalCluster` with ``jobs`` single-threaded worker processes
is started for the batch and closed after it; with one, the batch runs on that cluster and leaves it
running. A task runs :func:`gkextract.batch.extract_one`, the function the local engine runs, on a few
small files or one large one (:func:`tasks`): the scheduler's cost per task (milliseconds) is then spread
over files that take tens of milliseconds each. Records and failure reasons are those of a local run. At
most ``window`` tasks are in flight and each result is released as soon as it is yielded: neither the
client nor the scheduler holds the whole batch's results, whatever its size.

Paths travel as given. Workers on other machines must see them at the same place (a shared file
system); give absolute paths there. A worker that dies on a task (segfault, killed for memory) is
retried by Dask on another worker (``distributed.scheduler.allowed-failures``); a task of several files
that still fails is split and its files run one per task, so only the file that kills its worker is
reported as failed, and the batch goes on.
"""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator, Optional

from ..batch import Outcome, extract_one

ENV_PREFIX = "GKEXTRACT"
# A local cluster's housekeeping, tuned for a few long CPU-bound tasks per second rather than many short
# ones: each of its processes (scheduler, nannies, workers) otherwise wakes up to 50 times a second
# (event-loop ticks every 20 ms, work stealing every 100 ms, system monitor every 500 ms), and the
# statistical profiler samples the task's thread every 10 ms, taking the GIL to do it.
LOCAL_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.tick.limit": "10s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.scheduler.work-stealing": False,
    # A worker holds only the file it reads: when a file kills its worker, the scheduler blames every task
    # the worker held, and with more than one an innocent file could run out of retries as well.
    "distributed.scheduler.worker-saturation": 1.0,
}  # settings such as --models travel to remote workers with every task


def _task(path: str, env: dict[str, str], kwargs: dict) -> Outcome:
    """Runs on a worker: this client's GKEXTRACT_* settings, then the local engine's per-file function."""
    for key, value in env.items():
        if os.environ.get(key) != value:
            os.environ[key] = value
    return extract_one(path, **kwargs)


def _group_task(paths: list[str], env: dict[str, str], kwargs: dict) -> list[Outcome]:
    return [_task(path, env, kwargs) for path in paths]


def tasks(files: list, files_per_task: int = 32, bytes_per_task: int = 1024 * 1024) -> Iterator[list[str]]:
    """The batch cut into tasks, in order: consecutive files together while the task holds fewer than
    ``files_per_task`` files and ``bytes_per_task`` bytes; a file of that size or more alone. Size stands
    for time here (a 20 KB text takes ~15 ms, a scanned page seconds), and a file the client cannot see
    counts as small."""
    group: list[str] = []
    size = 0
    for f in files:
        try:
            n = os.path.getsize(f)
        except OSError:
            n = 0
        if group and (len(group) >= files_per_task or size + n > bytes_per_task):
            yield group
            group, size = [], 0
        group.append(str(f))
        size += n
    if group:
        yield group


def reachable(scheduler: str, timeout: float = 5.0) -> bool:
    """Whether something listens at ``scheduler`` (tcp://HOST:PORT): a wrong address fails in seconds
    with a clear message instead of after the client's connect timeout."""
    import socket
    from urllib.parse import urlsplit

    if "://" not in scheduler:
        scheduler = f"tcp://{scheduler}"
    parts = urlsplit(scheduler)
    if parts.scheme not in ("tcp", "tls") or not parts.hostname or not parts.port:
        return True  # another transport (inproc, ucx): let the client judge
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=timeout):
            return True
    except OSError:
        return False


@contextmanager
def client_for(scheduler: Optional[str], jobs: int):
    """A connected client: to ``scheduler``, or to a fresh local cluster of ``jobs`` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler, timeout="30s")
        try:
            yield client
        finally:
            client.close()
        return
    import dask

    # One thread per worker: the pipeline is CPU-bound Python, threads would only share the GIL.
    with dask.config.set(LOCAL_CONFIG):
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.CRITICAL)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _slots(client) -> int:
    return max(1, sum(client.nthreads().values()))


def run_dask(files: list[Path], jobs: int = 1, scheduler: Optional[str] = None,
             on_done: Callable[[Outcome], None] = lambda o: None, window: Optional[int] = None,
             timeout: Optional[float] = None, max_memory: Optional[int] = None,
             files_per_task: int = 32, bytes_per_task: int = 1024 * 1024, **kwargs) -> Iterator[Outcome]:
    """Extract ``files`` on a Dask cluster, yielding one Outcome per file as its task finishes.

    ``window``: tasks in flight at once (default four per worker thread, at least 16), so a million
    files never sit in the scheduler at once. ``files_per_task``, ``bytes_per_task``: see :func:`tasks`
    (``files_per_task=1`` gives one task per file). ``kwargs`` go to :func:`extract_one`.

    ``timeout`` and ``max_memory`` (the local engine's per-file limits) are accepted and not applied:
    on Dask a worker's memory is bounded by its own ``memory_limit`` (the nanny restarts a worker past
    it; the file then fails as below), and there is no per-task time limit.
    """
    from distributed import as_completed

    if not files:
        return
    env = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
    with client_for(scheduler, jobs) as client:
        if scheduler:
            client.wait_for_workers(1, timeout=60)
        limit = window or max(16, 4 * _slots(client))
        pending = tasks(files, files_per_task, bytes_per_task)
        retry: list[list[str]] = []  # the files of a failed task, one task each
        groups = {}

        def submit() -> bool:
            group = retry.pop() if retry else next(pending, None)
            if group is None:
                return False
            future = client.submit(_group_task, group, env, kwargs, pure=False)
            groups[future.key] = group
            ac.add(future)
            return True

        # results are fetched by the client's event loop as tasks finish (no round trip per result here)
        ac = as_completed(with_results=True, raise_errors=False)
        for _ in range(limit):
            if not submit():
                break
        for future, result in ac:
            group = groups.pop(future.key)
            failed = future.status == "error"
            future.release()
            if failed and len(group) > 1:  # some file killed the worker: find which
                retry.extend([path] for path in reversed(group))
                for _ in group:
                    submit()
                continue
            if failed:  # the worker died on this file (retries spent) or lost contact
                e = result[1] if isinstance(result, tuple) else result
                outcomes = [Outcome(group[0], error=f"worker died: {type(e).__name__}: {str(e)[:200]}",
                                    limit=True)]
            else:
                outcomes = result
            submit()
            for outcome in outcomes:
                on_done(outcome)
                yield outcome


def _extract_chunk(paths: list[str], out_dir: str, part: str, env: dict[str, str]) -> list[Outcome]:
    """Runs on a worker: extract ``paths`` and write their rows into the dataset; outcomes come back
    without their records (the records are in the dataset)."""
    from ..dataset import write_records

    outcomes = _group_task(paths, env, {})
    write_records([o.record_json for o in outcomes if o.ok],
                  [(o.path, o.error) for o in outcomes if not o.ok], out_dir, part)
    return [replace(o, record_json="") if o.ok else o for o in outcomes]


def extract_to_parquet(files: list[Path], out_dir: str | Path, jobs: int = 1, scheduler: Optional[str] = None,
                       chunk: int = 200, timeout: Optional[float] = None, max_memory: Optional[int] = None
                       ) -> Iterator[Outcome]:
    """For very large runs: workers extract ``chunk`` files per task and write their rows themselves into
    the partitioned dataset at ``out_dir`` (the layout of ``gkextract export --parquet``), which must be
    on storage every worker writes to. Yields one Outcome per file as chunks finish; successful ones
    carry ``record_json == ""`` (the record is in the dataset), so nothing large travels back. One task
    per chunk also spreads the scheduler's per-task cost over ``chunk`` files. A chunk whose worker dies
    writes nothing; its files are run again one per task, so only the file that kills a worker fails.
    ``timeout`` and ``max_memory`` are accepted and not applied, as in :func:`run_dask`."""
    from distributed import as_completed

    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
    paths = [str(f) for f in files]
    chunks = [paths[i:i + chunk] for i in range(0, len(paths), chunk)]
    stamp = os.urandom(4).hex()  # two runs into one folder never overwrite each other's parts
    with client_for(scheduler, jobs) as client:
        chunk_of = {}

        def submit(paths_: list[str], part: str):
            future = client.submit(_extract_chunk, paths_, str(out), f"{stamp}-{part}", env, pure=False)
            chunk_of[future.key] = (paths_, part)
            return future

        ac = as_completed([submit(c, f"{i:06d}") for i, c in enumerate(chunks)])
        for future in ac:
            paths_, part = chunk_of.pop(future.key)
            try:
                outcomes = future.result()
            except Exception as e:  # the chunk's worker died (retries spent); its rows were not written
                if len(paths_) > 1:  # find the file that kills it: the others are read one per task
                    for k, path in enumerate(paths_):
                        ac.add(submit([path], f"{part}-{k:03d}"))
                    future.release()
                    continue
                died = type(e).__name__ == "KilledWorker"
                reason = f"{'worker died: ' if died else ''}{type(e).__name__}: {str(e)[:200]}"
                outcomes = [Outcome(paths_[0], error=reason, limit=died)]
            future.release()
            yield from outcomes
