"""Where a batch runs: ``local`` (this machine's processes, :func:`gkextract.batch.run`) or ``dask`` (a
Dask cluster, :mod:`gkextract.engines.dask_engine`). Every engine runs the same per-file function,
:func:`gkextract.batch.extract_one`, and yields :class:`gkextract.batch.Outcome` as files finish, so
the writers, the store and the progress bar do not know which engine ran."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator, Optional

ENGINES = ("local", "dask")


def runner(engine: str = "local", scheduler: Optional[str] = None, parquet: Optional[Path] = None
           ) -> Callable[..., Iterator]:
    """A function ``(files, jobs=N) -> Iterator[Outcome]`` for ``engine``; with ``parquet`` (dask only) the
    workers write the records into that dataset themselves and successful outcomes carry none."""
    if engine == "local":
        if scheduler:
            raise ValueError("--scheduler needs --engine dask")
        if parquet is not None:
            raise ValueError("--parquet needs --engine dask")
        from ..batch import run

        return run
    if engine == "dask":
        from functools import partial

        try:
            import distributed  # noqa: F401
        except ImportError:
            raise ImportError("--engine dask needs Dask: pip install 'gkextract[dask]'") from None
        from .dask_engine import extract_to_parquet, reachable, run_dask

        if scheduler and not reachable(scheduler):
            raise ValueError(f"no Dask scheduler answers at {scheduler}")
        if parquet is not None:
            return partial(extract_to_parquet, out_dir=parquet, scheduler=scheduler)
        return partial(run_dask, scheduler=scheduler)
    raise ValueError(f"unknown engine {engine!r} (one of: {', '.join(ENGINES)})")
