"""Running extraction over many files: input discovery, worker processes, outputs that never lose data."""
from __future__ import annotations

import json
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from .errors import GkError
from .readers import SUFFIXES


@dataclass
class Outcome:
    path: str
    record_json: Optional[str] = None   # the record, serialised, when extraction succeeded
    error: Optional[str] = None         # why it failed, one line

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
    except Exception as e:  # a bug must not stop the batch: say what happened
        return Outcome(path, error=f"internal error: {type(e).__name__}: {e}")


def run(files: list[Path], jobs: int = 1, on_done: Callable[[Outcome], None] = lambda o: None) -> Iterator[Outcome]:
    if jobs <= 1 or len(files) <= 1:
        for f in files:
            outcome = extract_one(str(f))
            on_done(outcome)
            yield outcome
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(extract_one, str(f)) for f in files]
        for fut in as_completed(futures):
            outcome = fut.result()
            on_done(outcome)
            yield outcome


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, so a crash never leaves a half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


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

    def close(self) -> None:
        pass


class JsonlWriter:
    """One line per report. Lines of an existing file for other inputs are kept; a re-extracted input's
    line is replaced; a failed input leaves its old line alone."""

    def __init__(self, path: Path):
        self.path = path
        self.lines: dict[str, str] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    try:
                        key = json.loads(line)["source"]["path"]
                    except (ValueError, KeyError, TypeError):
                        key = f"__unparsed__{len(self.lines)}"
                    self.lines[key] = line

    def write(self, outcome: Outcome) -> None:
        self.lines[outcome.path] = json.dumps(json.loads(outcome.record_json), ensure_ascii=False)

    def close(self) -> None:
        atomic_write(self.path, "".join(line + "\n" for line in self.lines.values()))
