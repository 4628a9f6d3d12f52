"""The batch a reviewer looks at: records with the text their offsets count in, and the files that failed.

From report files (extracted here, each read once: the same Document gives the record and its text), from
record ``.json`` files, or from a store (``extract --db``). A stored or ``.json`` record gets its text by
reading its source file again, only when that file is still there with the same sha256 (else the offsets
would point into another text); without it the page shows no text, and quotes stay in the findings list.
Batch rules (CROSS_YEAR_CARRY, DUPLICATE_CONTENT) are run over the whole batch, as ``gkextract check`` does.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

from ..checks import SEVERITY_RANK
from ..errors import GkError
from ..record import Record


@dataclass
class Reviewed:
    record: Record
    text: Optional[str] = None    # Document.text: what Section/Figure offsets count in
    prose: Optional[str] = None   # the paragraphs alone: what the narrative and duplicate rules compare


@dataclass
class Failed:
    path: str
    reason: str


Loaded = Union[Reviewed, Failed]


def from_paths(paths: Iterable[Union[str, Path]], jobs: int = 1,
               on_done: Callable[[Loaded], None] = lambda x: None,
               on_found: Callable[[int], None] = lambda n: None) -> tuple[list[Reviewed], list[Failed]]:
    """Report files and folders (searched as ``extract`` searches them) and record ``.json`` files;
    ``on_found`` hears how many files there are, ``on_done`` each one as it is loaded."""
    from ..batch import discover

    files, missing = discover(paths)
    on_found(len(files))
    failed = [Failed(m.path, m.error or "") for m in missing]
    names = [str(f) for f in files]
    done: list[Reviewed] = []

    def take(results: Iterable[Loaded]) -> None:
        for result in results:
            on_done(result)
            (done if isinstance(result, Reviewed) else failed).append(result)

    if jobs > 1 and len(names) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            take(pool.map(load_one, names, chunksize=4))
    else:
        take(map(load_one, names))
    return done, failed


def load_one(path: str) -> Loaded:
    """One file as a Reviewed, or Failed with the reason in one line: never an exception."""
    try:
        if path.lower().endswith(".json"):
            try:
                record = Record.model_validate_json(Path(path).read_bytes())
            except ValueError as e:
                return Failed(path, f"not a gkextract record: {str(e).splitlines()[0]}")
            return with_source_text(record)
        return _extract(path)
    except GkError as e:
        return Failed(path, getattr(e, "reason", None) or str(e))
    except Exception as e:  # a bug must not stop the batch: say what happened
        return Failed(path, f"internal error: {type(e).__name__}: {e}")


def _extract(path: str) -> Loaded:
    from ..pipeline import extract_document

    doc, record = extract_document(path)
    return Reviewed(record, doc.text, _prose(doc))


def with_source_text(record: Record) -> Reviewed:
    """The record with its source's text when the source is still there, unchanged."""
    from ..readers import read

    source = Path(record.source.path) if record.source.path else None
    if source is None or not source.is_file():
        return Reviewed(record)
    try:
        doc = read(source)
    except Exception:  # the text is optional: the page then shows the record alone
        return Reviewed(record)
    if doc.sha256 != record.source.sha256:
        return Reviewed(record)
    return Reviewed(record, doc.text, _prose(doc))


def _prose(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs())


def from_store(db: Union[str, Path], store=None, read_texts: bool = True) -> tuple[list[Reviewed], list[Failed]]:
    """Every record of a store (with its source text where it can be read) and its failures."""
    from ..store import Store

    own = store is None
    store = store or Store(db, read_only=True)
    try:
        records = list(store.records())
        failed = [Failed(r["path"], r["reason"]) for r in
                  store.query("SELECT path, reason FROM failures ORDER BY path")]
    finally:
        if own:
            store.close()
    done = [with_source_text(r) if read_texts else Reviewed(r) for r in records]
    return done, failed


def add_batch_checks(done: list[Reviewed], config=None) -> None:
    """The rules that need the whole batch, added to each record (a check already there is not repeated);
    every record's checks then sorted worst first."""
    from ..checks import cross_checks

    narratives = {d.record.source.path: d.prose for d in done if d.prose}
    batch = cross_checks([d.record for d in done], narratives, config)
    for d in done:
        have = {(c.rule, c.message) for c in d.record.checks}
        d.record.checks.extend(c for c in batch.get(d.record.source.path, []) if (c.rule, c.message) not in have)
        d.record.checks.sort(key=lambda c: -SEVERITY_RANK[c.severity])
