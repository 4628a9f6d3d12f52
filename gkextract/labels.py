"""Hand labels for real reports: offsets and values, never the report's text.

A label file (``corpus/openings/labels/<id>.json``, schema :data:`SCHEMA`) ties itself to one exact file by
``sha256`` (of the file's bytes) and says which text its offsets count in (``basis``):

- ``"source"`` for plain-text files: the file decoded as the txt reader decodes it, nothing else changed
  (no line-end or whitespace normalisation). Reader changes (scraped one-line bodies split into lines, pipe
  rows turned into tables) then never move a label; :func:`to_document` carries a span over to
  ``Document.text`` when a component needs document offsets.
- ``"document"`` for every other format (HTML, DOCX, PDF): ``Document.text`` as the readers produce it.

``text_sha256`` is the sha256 of that basis text (utf-8), so a loader can tell when offsets no longer fit.
The format itself is documented in ``corpus/openings/README.md``.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Optional

from .corpus import _fuzzy_span
from .document import Document
from .record import FIGURE_LABELS, MEASURE_THEMES, PROBLEM_THEMES, Figure, Item, Record, Source

SCHEMA = "gkextract.labels/1"
ITEM_THEMES = {"problems": PROBLEM_THEMES, "measures": MEASURE_THEMES}
SPAN_FIELDS = ("title", "agency")
LIST_FIELDS = ("figures", "problems", "measures")
# top-level parts: the heading line span of each, with its key (record.md §Section). Optional: a label file
# made before sections were labelled has no "sections" key (unlabelled), which is not [] (no part stated).
SECTIONS = "sections"


class LabelError(ValueError):
    """A label that cannot be placed or is not valid; the message names the file and the span."""


def dumps(obj: dict) -> str:
    """JSON for people and diffs: one top-level key per line, one list element (a span) per line."""
    parts = []
    for key, value in obj.items():
        if isinstance(value, list) and value:
            inner = ",\n".join("  " + json.dumps(v, ensure_ascii=False) for v in value)
            parts.append(f"{json.dumps(key)}: [\n{inner}\n ]")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n " + ",\n ".join(parts) + "\n}\n"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def basis_of(doc: Document, raw: Optional[bytes] = None) -> tuple[str, str]:
    """(basis, text): the text label offsets count in for this document (see the module docstring)."""
    if doc.format == "txt":
        from .readers.encoding import decode

        path = Path(doc.path)
        return "source", decode(path, raw if raw is not None else path.read_bytes())
    return "document", doc.text


def occurrences(text: str, needle: str) -> list[int]:
    out, at = [], text.find(needle) if needle else -1
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def transfer(src: str, start: int, end: int, dst: str) -> Optional[tuple[int, int]]:
    """The span of ``src[start:end]`` in ``dst``: the same occurrence (k-th of its text) where there is one,
    else the nearest by text ignoring whitespace; None when the text is not in ``dst``."""
    if src is dst or src == dst:
        return start, end
    needle = src[start:end]
    k = len([a for a in occurrences(src, needle) if a < start])
    hits = occurrences(dst, needle)
    if hits:
        at = hits[min(k, len(hits) - 1)]
        return at, at + len(needle)
    stripped = needle.strip()
    return _fuzzy_span(dst, stripped) if stripped else None


def resolve_span(text: str, span: dict, where: str) -> tuple[int, int]:
    """The (start, end) a hand-edited span means, checked: ``text[start:end] == span["text"]``.

    Offsets win when they still cut out the span's text. An annotator who edited only ``text`` (offsets
    stale) or set start/end to null gets the first occurrence of the text at/after the stale start, else
    the first occurrence; ``"occurrence": n`` (1-based) picks the n-th explicitly.
    """
    s, e, needle = span.get("start"), span.get("end"), span.get("text")
    valid = isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)
    if not needle:
        if valid:
            return s, e
        raise LabelError(f"{where}: no text and no valid start/end")
    hits = occurrences(text, needle)
    occ = span.get("occurrence")
    if occ is not None:
        if not isinstance(occ, int) or not 1 <= occ <= len(hits):
            raise LabelError(f"{where}: {needle!r} occurrence {occ!r} asked, the text has {len(hits)}")
        at = hits[occ - 1]
    elif valid and text[s:e] == needle:
        return s, e
    elif not hits:
        raise LabelError(f"{where}: {needle!r} is not in the report text (copy it exactly from \"text\")")
    else:
        after = [a for a in hits if isinstance(s, int) and a >= s]
        at = after[0] if after else hits[0]
    return at, at + len(needle)


def validate(label: dict, text: Optional[str] = None, where: str = "") -> list[str]:
    """What is wrong with a label file (empty when valid); ``text`` (the basis text) checks offsets."""
    errs: list[str] = []
    if label.get("schema") != SCHEMA:
        errs.append(f"{where}: schema is {label.get('schema')!r}, not {SCHEMA}")
    for key in ("sha256", "text_sha256"):
        if not (isinstance(label.get(key), str) and len(label[key]) == 64):
            errs.append(f"{where}: {key} missing")
    if label.get("basis") not in ("source", "document"):
        errs.append(f"{where}: basis must be 'source' or 'document'")
    year = label.get("year")
    if year is not None and not (isinstance(year, int) and 1990 <= year <= 2100):
        errs.append(f"{where}: year {year!r} is not a year")

    def span_ok(span: dict, name: str) -> None:
        s, e = span.get("start"), span.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e):
            errs.append(f"{where}: {name} offsets {s!r}..{e!r} invalid")
        elif text is not None and e > len(text):
            errs.append(f"{where}: {name} ends at {e}, past the text ({len(text)} chars)")
        if "text" in span:
            errs.append(f"{where}: {name} holds report text (labels keep offsets only)")

    for name in SPAN_FIELDS:
        if label.get(name) is not None:
            span_ok(label[name], name)
    for i, f in enumerate(label.get("figures") or []):
        span_ok(f, f"figures[{i}]")
        if f.get("label") not in FIGURE_LABELS:
            errs.append(f"{where}: figures[{i}] label {f.get('label')!r} unknown")
        if not isinstance(f.get("value"), (int, float)) or isinstance(f.get("value"), bool):
            errs.append(f"{where}: figures[{i}] value {f.get('value')!r} is not a number")
    for kind, allowed in ITEM_THEMES.items():
        for i, it in enumerate(label.get(kind) or []):
            span_ok(it, f"{kind}[{i}]")
            bad = [t for t in it.get("themes") or [] if t not in allowed]
            if bad:
                errs.append(f"{where}: {kind}[{i}] themes {bad} are not {kind[:-1]} themes")
    if label.get(SECTIONS) is not None:
        from .record import SECTION_KEYS

        if not isinstance(label[SECTIONS], list):
            errs.append(f"{where}: sections must be a list")
        for i, sec in enumerate(label[SECTIONS] if isinstance(label[SECTIONS], list) else []):
            span_ok(sec, f"sections[{i}]")
            if sec.get("key") not in SECTION_KEYS:
                errs.append(f"{where}: sections[{i}] key {sec.get('key')!r} is not one of {', '.join(SECTION_KEYS)}")
    if text is not None and label.get("text_sha256") and text_sha256(text) != label["text_sha256"]:
        errs.append(f"{where}: text_sha256 does not match the text (offsets no longer fit)")
    return errs


def to_document(label_text: str, doc: Document, start: int, end: int) -> tuple[Optional[int], Optional[int]]:
    span = transfer(label_text, start, end, doc.text)
    return span if span else (None, None)


def has_sections(label: dict) -> bool:
    """Whether the label file labels sections at all (older files do not; their gold sections are unknown)."""
    return isinstance(label.get(SECTIONS), list)


def gold_sections(label: dict, text: str, doc: Document) -> list:
    """The labelled parts as :class:`Section` s: title = the heading line as written (trimmed), ``start`` its
    offset in ``doc.text`` and ``end`` the next part's start (or the text's end), as the pipeline gives them."""
    from .record import Section

    heads = []
    for sec in sorted(label.get(SECTIONS) or [], key=lambda x: x["start"]):
        title = text[sec["start"]:sec["end"]].strip()
        s, _ = to_document(text, doc, sec["start"], sec["end"])
        heads.append((sec["key"], title, s))
    out = []
    for i, (key, title, s) in enumerate(heads):
        nxt = next((h[2] for h in heads[i + 1:] if h[2] is not None), None)
        out.append(Section(key=key, title=title, start=s, end=nxt if nxt is not None else len(doc.text)))
    return out


def gold_record(label: dict, text: str, doc: Document) -> Record:
    """The record a label file states (title, agency, year, figures, problems, measures, and sections where
    labelled), strings rebuilt from the offsets in ``text`` (the basis text); offsets carried over to
    ``doc.text``."""
    from .items.segment import clean_item_text

    def cut(span: Optional[dict]) -> Optional[str]:
        return text[span["start"]:span["end"]].strip() if span else None

    rec = Record(source=Source(path=doc.path, format=doc.format, sha256=doc.sha256),
                 title=cut(label.get("title")), agency=cut(label.get("agency")), year=label.get("year"))
    for f in label.get("figures") or []:
        s, e = to_document(text, doc, f["start"], f["end"])
        rec.figures.append(Figure(label=f["label"], value=f["value"], unit=f.get("unit"),
                                  text=text[f["start"]:f["end"]].strip(), start=s, end=e))
    rec.problems = [Item(text=clean_item_text(text[i["start"]:i["end"]]), themes=list(i.get("themes") or []))
                    for i in label.get("problems") or []]
    rec.measures = [Item(text=clean_item_text(text[i["start"]:i["end"]]), themes=list(i.get("themes") or []))
                    for i in label.get("measures") or []]
    if has_sections(label):
        rec.sections = gold_sections(label, text, doc)
    return rec
