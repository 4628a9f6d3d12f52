"""The review round trip: pre-annotated review files out, hand-corrected labels in.

``export_review(paths, out_dir)`` writes one ``<stem>.review.json`` per report, pre-filled from the current
pipeline, meant for correction by hand in a text editor (one span per line). ``import_review(files,
labels_dir)`` re-reads each report, re-derives every span (stale offsets are re-found by the span's text,
see :func:`gkextract.labels.resolve_span`), checks it and writes ``<id>.json`` label files that hold
offsets, labels, values and themes, never the report's text. The format: ``corpus/openings/README.md``.
"""
from __future__ import annotations

import getpass
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .corpus import _fuzzy_span
from .document import Document
from .errors import GkError
from .labels import (ITEM_THEMES, LIST_FIELDS, SCHEMA, SECTIONS, SPAN_FIELDS, LabelError, basis_of, dumps,
                     resolve_span, text_sha256, transfer, validate)
from .record import FIGURE_LABELS, SECTION_KEYS, Record

log = logging.getLogger(__name__)
REVIEW_SCHEMA = "gkextract.review/1"
SUFFIX = ".review.json"
# every labelled field, in label-file order; ``--only`` picks some of them (the rest stay as labelled)
FIELDS = SPAN_FIELDS + ("year",) + LIST_FIELDS + (SECTIONS,)


# ---------------------------------------------------------------- export

def _span(text: str, s: int, e: int) -> dict:
    return {"start": s, "end": e, "text": text[s:e]}


def predicted_spans(doc: Document, record: Record, text: str) -> dict:
    """The record's title/agency/figures/items as spans of ``text`` (the basis text), found by their
    offsets in ``doc.text`` where the pipeline gave them, else by their text."""
    from .annotate import _item_spans

    def place(doc_span: Optional[tuple[int, int]], needle: Optional[str]) -> Optional[tuple[int, int]]:
        if doc_span is None and needle:
            doc_span = _fuzzy_span(doc.text, needle)
        if doc_span is not None:
            return transfer(doc.text, doc_span[0], doc_span[1], text)
        return None

    out: dict = {"title": None, "agency": None, "year": record.year, "figures": [], "problems": [], "measures": [],
                 SECTIONS: []}
    for name in SPAN_FIELDS:
        value = getattr(record, name)
        span = _fuzzy_span(text, value) if value else None
        out[name] = _span(text, *span) if span else ({"start": None, "end": None, "text": value} if value else None)
    for f in record.figures:
        ok = f.start is not None and f.end is not None and doc.text[f.start:f.end].strip() == f.text
        span = place((f.start, f.end) if ok else None, f.text)
        if span:
            out["figures"].append(dict(_span(text, *span), label=f.label, value=f.value, unit=f.unit))
    for kind, item, doc_span in _item_spans(doc, record):
        span = place(doc_span, item.text)
        if span:
            out[kind + "s"].append(dict(_span(text, *span), themes=list(item.themes)))
    for sec in record.sections:  # the heading line (record.md §Section: title = the line, trimmed)
        at = doc.text.find(sec.title, sec.start or 0) if sec.title else -1
        span = place((at, at + len(sec.title)) if at >= 0 and (sec.start is None or at - sec.start < 8) else None,
                     sec.title)
        if span:
            out[SECTIONS].append(dict(_span(text, *span), key=sec.key))
    return out


def compact(spans: dict) -> dict:
    """The labels of a review (or prediction) without any text: what a label file keeps."""
    out: dict = {"year": spans.get("year")}
    for name in SPAN_FIELDS:
        sp = spans.get(name)
        out[name] = {"start": sp["start"], "end": sp["end"]} if sp else None
    for name in LIST_FIELDS:
        out[name] = [{k: v for k, v in sp.items() if k not in ("text", "occurrence")} for sp in spans.get(name) or []]
    if spans.get(SECTIONS) is not None:
        out[SECTIONS] = [{"key": sp["key"], "start": sp["start"], "end": sp["end"]} for sp in spans[SECTIONS]]
    return out


def review_of(doc: Document, record: Optional[Record], raw: bytes, error: Optional[str] = None,
              only: Optional[Sequence[str]] = None) -> dict:
    """The review file of one report; ``only`` (field names of :data:`FIELDS`) keeps just those fields, for
    a round that labels one field (``annotate export --only sections`` … ``import --merge``)."""
    basis, text = basis_of(doc, raw)
    spans = predicted_spans(doc, record, text) if record is not None else \
        {"title": None, "agency": None, "year": None, "figures": [], "problems": [], "measures": [], SECTIONS: []}
    if only:
        spans = {k: v for k, v in spans.items() if k in only}
    predicted = {k: v for k, v in compact(spans).items() if k in spans}
    pre = {"tool": "gkextract", "version": __version__,
           "components": dict(record.pipeline.components) if record is not None else {},
           "predicted": predicted}
    if error:
        pre["error"] = error
    head = {"schema": REVIEW_SCHEMA, "id": Path(doc.path).stem, "path": doc.path, "format": doc.format,
            "basis": basis, "sha256": doc.sha256, "text_sha256": text_sha256(text)}
    if only:
        head["only"] = [f for f in FIELDS if f in only]
    return {**head, **spans, "annotated_by": None, "notes": "", "text": text, "lines": text.split("\n"),
            "pre_annotation": pre}


def export_review(paths: Sequence[Path | str], out_dir: Path | str, pipeline=None,
                  overwrite: bool = False, only: Optional[Sequence[str]] = None) -> list[Path]:
    """One review file per report into ``out_dir``; a report the pipeline rejects still gets one (empty).
    An existing review file is never overwritten (it may hold hand corrections) unless ``overwrite``.
    ``only``: the review carries just these fields (see :func:`review_of`)."""
    bad = [f for f in only or () if f not in FIELDS]
    if bad:
        raise LabelError(f"--only {', '.join(bad)}: not a labelled field ({', '.join(FIELDS)})")
    from .pipeline import default_pipeline
    from .readers import read

    pipe = pipeline or default_pipeline()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        target = out_dir / f"{Path(path).stem}{SUFFIX}"
        if target.exists() and not overwrite:
            log.warning("%s exists (hand corrections?), not overwritten", target)
            continue
        path = Path(path).resolve()  # the import finds the report from any working directory
        doc = read(path)
        try:
            record, error = pipe(doc), None
        except GkError as e:  # an opening the pipeline calls "not a report" is still labelled by hand
            record, error = None, getattr(e, "reason", None) or str(e)
        target.write_text(dumps(review_of(doc, record, Path(path).read_bytes(), error, only)), encoding="utf-8")
        written.append(target)
    return written


# ---------------------------------------------------------------- import

@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _report_path(review: dict, review_file: Path) -> Path:
    from .openings import TEXTS

    p = Path(review["path"])
    for cand in (p, review_file.parent / p, TEXTS / p.name):
        if cand.exists():
            return cand
    raise LabelError(f"{review_file}: report {review['path']} not found")


def label_of(review: dict, review_file: Path, annotated_by: Optional[str] = None,
             allow_changed: bool = False, warnings: Optional[list[str]] = None) -> dict:
    """The label file a corrected review describes; LabelError naming the file and span when it cannot."""
    from .models.figures import span_figure
    from .readers import read

    warnings = warnings if warnings is not None else []
    where = str(review_file)
    path = _report_path(review, review_file)
    raw = path.read_bytes()
    doc = read(path)
    if doc.sha256 != review.get("sha256") and not allow_changed:
        raise LabelError(f"{where}: {path} changed since export (sha256 differs); re-export it, or import "
                         f"with --allow-changed to re-find every span by its text")
    basis, text = basis_of(doc, raw)
    label: dict = {"schema": SCHEMA, "id": review.get("id") or Path(path).stem, "format": doc.format,
                   "basis": basis, "sha256": doc.sha256, "text_sha256": text_sha256(text)}
    for name in SPAN_FIELDS:
        span = review.get(name)
        if span is None or (isinstance(span, dict) and not span.get("text") and span.get("start") is None):
            label[name] = None
        else:
            s, e = resolve_span(text, span, f"{where}: {name}")
            label[name] = {"start": s, "end": e}
    year = review.get("year")
    if year is not None and not isinstance(year, int):
        raise LabelError(f"{where}: year {year!r} must be an integer or null")
    label["year"] = year
    label["figures"] = []
    for i, f in enumerate(review.get("figures") or []):
        at = f"{where}: figures[{i}] {f.get('text')!r}"
        if f.get("label") not in FIGURE_LABELS:
            raise LabelError(f"{at}: label {f.get('label')!r} is not one of {', '.join(FIGURE_LABELS)}")
        s, e = resolve_span(text, f, at)
        derived = span_figure(text[s:e], f["label"], s)
        value = f.get("value")
        unit = f["unit"] if "unit" in f else (derived.unit if derived else None)
        if value is None:  # null value: value and unit re-derived from the span text
            if derived is None:
                raise LabelError(f"{at}: no number in the span; give \"value\"")
            value, unit = derived.value, derived.unit
        elif derived is not None and derived.value != value:
            warnings.append(f"{at}: value {value} kept, but the span states {derived.value} (stale value?)")
        label["figures"].append({"start": s, "end": e, "label": f["label"], "value": value, "unit": unit})
    for kind, allowed in ITEM_THEMES.items():
        label[kind] = []
        for i, it in enumerate(review.get(kind) or []):
            at = f"{where}: {kind}[{i}] {(it.get('text') or '')[:20]!r}"
            s, e = resolve_span(text, it, at)
            themes = list(it.get("themes") or [])
            bad = [t for t in themes if t not in allowed]
            if bad:
                raise LabelError(f"{at}: themes {bad} are not {kind[:-1]} themes ({', '.join(allowed)})")
            label[kind].append({"start": s, "end": e, "themes": [t for t in allowed if t in themes]})
    if review.get(SECTIONS) is not None:  # absent in reviews exported before sections were labelled
        label[SECTIONS] = []
        for i, sec in enumerate(review[SECTIONS]):
            at = f"{where}: sections[{i}] {(sec.get('text') or '')[:20]!r}"
            if sec.get("key") not in SECTION_KEYS:
                raise LabelError(f"{at}: key {sec.get('key')!r} is not one of {', '.join(SECTION_KEYS)}")
            s, e = resolve_span(text, sec, at)
            label[SECTIONS].append({"key": sec["key"], "start": s, "end": e})
        label[SECTIONS].sort(key=lambda x: x["start"])
    label["annotated_by"] = annotated_by or review.get("annotated_by") or getpass.getuser()
    pre = review.get("pre_annotation") or {}
    label["pre_annotation"] = {k: pre[k] for k in ("tool", "version", "components", "error") if k in pre}
    if "predicted" in pre:
        label["pre_annotation"]["changed"] = changes(pre["predicted"], compact(label))
    errs = validate(label, text, where)
    if errs:
        raise LabelError("; ".join(errs))
    return label


def changes(predicted: dict, labelled: dict) -> dict:
    """What the hand correction changed: per field True/False, per list how many kept/added/removed."""
    out: dict = {}
    for name in SPAN_FIELDS + ("year",):
        out[name] = predicted.get(name) != labelled.get(name)
    for name in LIST_FIELDS + (SECTIONS,):
        if name not in predicted or name not in labelled:
            continue
        key = lambda sp: json.dumps(sp, sort_keys=True)
        pred = [key(x) for x in predicted.get(name) or []]
        gold = [key(x) for x in labelled.get(name) or []]
        kept = sum(min(pred.count(k), gold.count(k)) for k in set(gold))
        out[name] = {"kept": kept, "added": len(gold) - kept, "removed": len(pred) - kept}
    return out


def review_files(paths: Sequence[Path | str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.glob(f"*{SUFFIX}")) if p.is_dir() else [p])
    return files


def merged(existing: dict, label: dict, fields: Sequence[str]) -> dict:
    """``existing`` with ``fields`` taken from ``label`` and nothing else changed (a field new to the file
    goes before ``annotated_by``); LabelError when the two were made on different files."""
    if existing.get("sha256") != label.get("sha256") or existing.get("text_sha256") != label.get("text_sha256"):
        raise LabelError(f"{label.get('id')}: the label file was made on another file (sha256 differs); "
                         f"import without --merge to relabel it whole")
    out: dict = {}
    for k, v in existing.items():
        if k == "annotated_by":
            out.update({f: label.get(f) for f in fields if f not in existing})
        out[k] = label.get(k) if k in fields else v
    out.update({f: label.get(f) for f in fields if f not in out})
    return out


def import_review(paths: Sequence[Path | str], labels_dir: Path | str, annotated_by: Optional[str] = None,
                  allow_changed: bool = False, merge: bool = False) -> ImportResult:
    """Label files for every review file (folders are searched for ``*.review.json``).

    ``merge``: an existing label file keeps every field except those the review carries (its ``only``
    list, else every field), re-read right before it is written (others may be editing it). Without
    ``merge`` a review limited by ``only`` is refused where a label file exists, and a review without
    ``sections`` (exported before they were labelled) keeps the file's sections."""
    labels_dir = Path(labels_dir)
    labels_dir.mkdir(parents=True, exist_ok=True)
    result = ImportResult()
    for f in review_files(paths):
        try:
            review = json.loads(f.read_text(encoding="utf-8"))
            label = label_of(review, f, annotated_by, allow_changed, result.warnings)
        except json.JSONDecodeError as e:
            result.errors.append(f"{f}: not valid JSON: {e}")
            continue
        except (LabelError, GkError) as e:
            result.errors.append(str(e))
            continue
        target = labels_dir / f"{label['id']}.json"
        only = review.get("only")
        try:
            if target.exists() and (merge or only):
                if not merge:
                    raise LabelError(f"{f}: carries only {', '.join(only)}; import it with --merge to keep "
                                     f"the other fields of {target}")
                existing = json.loads(target.read_text(encoding="utf-8"))  # re-read: others edit these files
                label = merged(existing, label, only or [k for k in FIELDS if k in label])
            elif target.exists() and SECTIONS not in label:
                existing = json.loads(target.read_text(encoding="utf-8"))
                if SECTIONS in existing and existing.get("sha256") == label.get("sha256"):
                    label = merged(label, existing, [SECTIONS])
        except (LabelError, json.JSONDecodeError) as e:
            result.errors.append(str(e))
            continue
        target.write_text(dumps(label), encoding="utf-8")
        result.written.append(target)
    return result
