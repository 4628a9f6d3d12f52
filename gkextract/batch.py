"""Running extraction over many files: input discovery, worker processes with per-file limits
(gkextract.supervisor), outputs that never lose data, and resuming an interrupted batch."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from .errors import GkError
from .readers import SUFFIXES
from .supervisor import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT, supervise


@dataclass
class Outcome:
    path: str
    record_json: Optional[str] = None   # the record, serialised, when extraction succeeded
    error: Optional[str] = None         # why it failed, one line
    limit: bool = False                 # it hit the time or memory limit, or its worker died
    internal: bool = False              # an unexpected exception (a bug), even where worded as a reason

    @property
    def ok(self) -> bool:
        return self.record_json is not None


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Outcome]]:
    """Expand folders into the report files they hold (recursively, sorted); name missing inputs."""
    files: list[Path] = []
    missing: list[Outcome] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                                and not f.name.startswith(".") and not f.name.endswith(".gold.json")))
        elif p.exists():
            files.append(p)
        else:
            missing.append(Outcome(str(p), error="no such file or directory"))
    return files, missing


def extract_one(path: str) -> Outcome:
    """Extract one file; every failure becomes an Outcome with its reason, never an exception."""
    from .pipeline import extract

    try:
        return Outcome(path, record_json=extract(path).to_json())
    except GkError as e:
        return Outcome(path, error=getattr(e, "reason", None) or str(e))
    except MemoryError:  # the worker's memory cap (gkextract.supervisor); the message names the limit
        return Outcome(path, error="memory limit", limit=True)
    except RecursionError:
        return Outcome(path, error="too deeply nested to read (beyond the recursion limit)", internal=True)
    except Exception as e:  # a bug must not stop the batch: say what happened
        return Outcome(path, error=unexpected_reason(path, e), internal=True)


def unexpected_reason(path: str, e: Exception) -> str:
    """An unexpected exception as a reason. A PDF whose structure the PDF libraries trip over (garbage page
    boxes, broken object streams) is a corrupt file to the user; anything else is ours: internal error."""
    detail = f"{type(e).__name__}: {str(e)[:200]}"
    try:
        with open(path, "rb") as fh:
            is_pdf = fh.read(1024).lstrip().startswith(b"%PDF")
    except OSError:
        is_pdf = False
    if is_pdf:
        return f"corrupt or unsupported PDF structure ({detail})"
    return f"internal error: {detail}"


def run(files: list[Path], jobs: int = 1, on_done: Callable[[Outcome], None] = lambda o: None,
        timeout: Optional[float] = DEFAULT_TIMEOUT, max_memory: Optional[int] = DEFAULT_MAX_MEMORY,
        isolate: bool = True, worker_init: Optional[str] = None) -> Iterator[Outcome]:
    """One Outcome per file, in order of completion. With ``isolate`` (the default) files are read in
    ``jobs`` worker processes under per-file ``timeout`` (s) and ``max_memory`` (MB) limits, where a
    crash costs only its file; without, in this process one after the other, with no limits."""
    if isolate:
        outcomes = supervise(files, jobs=jobs, timeout=timeout, max_memory=max_memory, worker_init=worker_init)
    else:
        outcomes = (extract_one(str(f)) for f in files)
    for outcome in outcomes:
        on_done(outcome)
        yield outcome


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and ``os.replace``: a crash or a kill at any moment
    leaves either the old file or the new one, never a half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def file_sha256(path: Path | str) -> Optional[str]:
    """The input's sha256, as the readers compute it (``record.source.sha256``); None if unreadable."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _source(record_text: str) -> tuple[Optional[str], Optional[str]]:
    """(sha256, path) of a record's source, from its JSON text; (None, None) if it is no record."""
    try:
        source = json.loads(record_text)["source"]
        return source.get("sha256"), source.get("path")
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, None


class JsonDirWriter:
    """DIR/<input stem>.json per report; two inputs with the same stem get ``stem__2.json``."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.taken: dict[str, str] = {}

    def target(self, source: str) -> Path:
        stem = Path(source).stem
        name, n = stem, 1
        while name in self.taken and self.taken[name] != source:
            n += 1
            name = f"{stem}__{n}"
        self.taken[name] = source
        return self.out_dir / f"{name}.json"

    def write(self, outcome: Outcome) -> None:
        atomic_write(self.target(outcome.path), outcome.record_json + "\n")

    def done(self) -> set[str]:
        """sha256 of the inputs whose records are already in the folder (for ``--resume``); their file
        names are kept, so a resumed batch names its outputs as an uninterrupted one would."""
        shas = set()
        for f in self.out_dir.glob("*.json") if self.out_dir.is_dir() else ():
            if f.name == FAILURES:
                continue
            try:
                sha, source = _source(f.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
            if sha and source:
                shas.add(sha)
                self.taken.setdefault(f.stem, source)
        return shas

    def close(self) -> None:
        pass


class JsonlWriter:
    """One line per report. Lines of an existing file for other inputs are kept; a re-extracted input's
    line is replaced; a failed input leaves its old line alone.

    Each record is appended (one write, flushed) as soon as it comes, so an interrupted batch keeps what
    it extracted; :meth:`close` then rewrites the file atomically with one line per input. A file left by
    an interrupted batch may hold an input twice (the later line wins when read back) and a partial last
    line (dropped when read back)."""

    def __init__(self, path: Path):
        self.path = path
        self.lines: dict[str, str] = {}
        compact = False
        if path.exists():
            text = path.read_text(encoding="utf-8", errors="replace")
            lines = text.split("\n")
            if lines and lines[-1]:  # a last line without its newline: cut off mid-write
                compact = True
                if _source(lines[-1]) == (None, None):
                    lines.pop()
            for line in lines:
                if line.strip():
                    sha, key = _source(line)
                    if key is None:
                        key = f"__unparsed__{len(self.lines)}"
                    elif key in self.lines:
                        compact = True
                    self.lines[key] = line
        if compact:
            self._rewrite()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: Optional[int] = None

    def write(self, outcome: Outcome) -> None:
        line = json.dumps(json.loads(outcome.record_json), ensure_ascii=False)
        self.lines[outcome.path] = line
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        data = (line + "\n").encode("utf-8")
        while data:  # one write for a line in practice; the loop only covers short writes
            data = data[os.write(self._fd, data):]

    def done(self) -> set[str]:
        return {sha for sha, _ in map(_source, self.lines.values()) if sha}

    def _rewrite(self) -> None:
        atomic_write(self.path, "".join(line + "\n" for line in self.lines.values()))

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._rewrite()


FAILURES = "_failures.json"


def write_failures(out_dir: Path, failed: list[Outcome]) -> None:
    atomic_write(out_dir / FAILURES, json.dumps([{"path": o.path, "reason": o.error} for o in failed],
                                                ensure_ascii=False, indent=1) + "\n")


class StoreSink:
    """Records and failures bound for the DuckDB store, written in batches (``batch_size`` items or every
    ``interval`` seconds), each batch opening the store under its lock and closing it again: two batches
    writing one store take turns instead of failing, and an interruption costs at most the unwritten
    batch (which ``--resume`` extracts again)."""

    def __init__(self, path: str | Path, batch_size: int = 200, interval: float = 10.0,
                 lock_timeout: Optional[float] = 600.0):
        import time

        from .store import Store

        self.path, self.batch_size, self.interval, self.lock_timeout = path, batch_size, interval, lock_timeout
        self._clock = time.monotonic
        self._records: list[str] = []
        self._failures: list[tuple[str, str]] = []
        self._last = self._clock()
        with Store(path, lock_timeout=lock_timeout):  # create it (and fail early if it cannot be opened)
            pass

    def add_json(self, text: str) -> None:
        self._records.append(text)
        self._maybe_flush()

    def add_failure(self, path: str, reason: str) -> None:
        self._failures.append((path, reason))
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if len(self._records) + len(self._failures) >= self.batch_size or self._clock() - self._last >= self.interval:
            self.flush()

    def flush(self) -> None:
        from .record import Record
        from .store import Store

        self._last = self._clock()
        if not (self._records or self._failures):
            return
        records, failures = self._records, self._failures
        with Store(self.path, lock_timeout=self.lock_timeout) as store:
            store.add_many(Record.model_validate_json(text) for text in records)
            for path, reason in failures:
                store.add_failure(path, reason)
        self._records, self._failures = [], []

    def done(self) -> set[str]:
        from .store import Store

        with Store(self.path, lock_timeout=self.lock_timeout) as store:
            return store.done()

    def close(self) -> None:
        self.flush()
