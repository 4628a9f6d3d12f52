"""Training data: annotated reports (a source file read into a Document + its gold Record) turned into
``datasets`` tables for three tasks, always split by report so that no report feeds both sides.

Sources
- the shared corpus (``../shared/corpus``: gold/*.json whose ``source.path`` points into the corpus),
- any folder of records + sources (``*.json`` records; ``source.path`` relative to the folder or absolute),
- generated reports (:mod:`gkextract.synth`), rendered in several formats and read back like real files.
  ``synth_reports(..., variants="train"|"test")`` draws them from a seeded split of the phrase banks
  (item clauses, figure sentence templates, headings): evaluation tests on phrasings no model was
  trained on.

Tasks
- ``sections``: one row per paragraph: ``text`` → ``label`` = the section key whose heading it is, or
  ``none``;
- ``items``: one row per item or non-item sentence of section 五: ``text`` → ``kind``
  (problem/measure/neither) and ``themes`` (theme ids of that kind);
- ``figures``: one row per line that can carry figures: ``text`` + character-level BIO ``tags``
  (``B-PROACTIVE_TOTAL``…), each figure located from its ``text`` in the document.
"""
from __future__ import annotations

import json
import logging
import os
import random
import re
import tempfile
import unicodedata
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

# `datasets` (the [train] extra) is imported where a Dataset is built: review/annotate use this module's
# span helpers in the core install.
from .document import Document, Paragraph, Table  # noqa: E402
from .record import (FIGURE_LABELS, MEASURE_THEMES, PROBLEM_THEMES, SECTION_KEYS, Record,  # noqa: E402
                     Section)

log = logging.getLogger(__name__)

SECTION_LABELS = ("none",) + SECTION_KEYS
ITEM_KINDS = ("problem", "measure", "neither")
ALL_THEMES = tuple(dict.fromkeys(PROBLEM_THEMES + MEASURE_THEMES))
BIO_TAGS = ("O",) + tuple(f"{p}-{lab}" for lab in FIGURE_LABELS for p in ("B", "I"))
TASKS = ("sections", "items", "figures")
SYNTH_FORMATS = ("txt_tab", "txt_pipe", "txt_lines", "html", "docx")


def default_corpus_dir() -> Path:
    env = os.environ.get("GKEXTRACT_SHARED_CORPUS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "corpus"


@dataclass
class AnnotatedReport:
    id: str  # unique per report; the unit of every split
    origin: str  # gold | folder | synth
    doc: Document
    record: Record


# ------------------------------------------------------------------ sources

def folder_reports(folder: Path | str, origin: str = "folder") -> list[AnnotatedReport]:
    """Records (``*.json``, searched in ``folder`` and ``folder/gold``) paired with their source files."""
    from .readers import read

    folder = Path(folder)
    record_dir = folder / "gold" if (folder / "gold").is_dir() else folder
    out = []
    for path in sorted(record_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "source" not in data:
            continue
        record = Record.model_validate(data)
        src = Path(record.source.path)
        candidates = [src] if src.is_absolute() else [folder / src, record_dir / src]
        source = next((c for c in candidates if c.exists()), None)
        if source is None:
            log.warning("%s: source %s not found; skipped", path, record.source.path)
            continue
        out.append(AnnotatedReport(f"{origin}:{path.stem}", origin, read(source), record))
    return out


def gold_reports(corpus_dir: Path | str | None = None) -> list[AnnotatedReport]:
    """The shared corpus's gold records with their documents (empty when the corpus is absent)."""
    corpus_dir = Path(corpus_dir) if corpus_dir else default_corpus_dir()
    if not (corpus_dir / "gold").is_dir():
        log.warning("no gold records under %s", corpus_dir)
        return []
    return folder_reports(corpus_dir, origin="gold")


# phrase lists of corpus/synth that carry what the models learn: item clauses per theme, figure sentences,
# section headings and sub-headings
def _variant_lists() -> list[tuple[str, list]]:
    from .synth.banks import bank

    out: list[tuple[str, list]] = []
    for kind in ("problems", "measures"):
        out += [(f"{kind}/{theme}", phrases) for theme, phrases in sorted(bank(kind).items())]
    narrative = bank("narrative")
    out += [(f"figures/{name}", spec["t"]) for name, spec in sorted(narrative["figures"].items())]
    out.append(("review_sentences/nonzero", narrative["review_sentences"]["nonzero"]))
    headings = bank("headings")
    out += [(f"headings/current/{key}", v) for key, v in sorted(headings["current"].items())]
    out += [(f"headings/legacy/{i}", part["variants"]) for i, part in enumerate(headings["legacy"])]
    for group in ("overview_subheadings", "problems_subheadings"):
        out += [(f"headings/{group}/{key}", v) for key, v in sorted(headings[group].items())]
    return out


def variant_split(key: str, n: int, seed: int = 0, holdout: float = 1 / 3) -> set[int]:
    """Indices of the phrase list ``key`` (``n`` entries) held out of training: about ``holdout`` of them,
    at least one when the list has two or more, never all of them."""
    if n < 2:
        return set()
    k = min(n - 1, max(1, round(n * holdout)))
    order = list(range(n))
    random.Random(f"{seed}:{key}").shuffle(order)
    return set(order[:k])


@contextmanager
def phrase_variants(part: str = "all", seed: int = 0, holdout: float = 1 / 3):
    """Within the block the generator draws only from the ``train`` or the ``test`` part of every phrase
    list (see :func:`variant_split`); ``all`` leaves the banks alone. The banks are restored afterwards."""
    if part == "all":
        yield
        return
    if part not in ("train", "test"):
        raise ValueError(f"part must be all, train or test, not {part!r}")
    saved = []
    try:
        for key, phrases in _variant_lists():
            held = variant_split(key, len(phrases), seed, holdout)
            if not held:
                continue
            saved.append((phrases, list(phrases)))
            keep = [p for i, p in enumerate(phrases) if (i in held) == (part == "test")]
            phrases[:] = keep
        yield
    finally:
        for phrases, original in saved:
            phrases[:] = original


def synth_reports(n: int, seed: int = 0, formats: Sequence[str] = SYNTH_FORMATS, variants: str = "all",
                  variant_seed: int = 0) -> list[AnnotatedReport]:
    """``n`` generated reports (seeded), each rendered in one of ``formats`` and read back. ``variants``:
    ``all`` phrasings, or only the ``train`` / ``test`` part of the phrase banks (:func:`phrase_variants`)."""
    with phrase_variants(variants, variant_seed):
        return _synth_reports(n, seed, formats)


def _synth_reports(n: int, seed: int, formats: Sequence[str]) -> list[AnnotatedReport]:
    from .readers import read
    from .synth.generate import generate_record
    from .synth.render import SUFFIX, render

    rng = random.Random(seed)
    out = []
    with tempfile.TemporaryDirectory(prefix="gk-synth-") as tmp:
        for i in range(n):
            record, content = generate_record(rng)
            fmt = formats[i % len(formats)]
            path = Path(tmp) / f"s{seed}_{i}{SUFFIX[fmt]}"
            path.write_bytes(render(content, fmt))
            try:
                doc = read(path)
            except Exception as e:  # a renderer/reader mismatch should not stop training
                log.warning("synthetic report %d (%s) unreadable: %s", i, fmt, e)
                continue
            out.append(AnnotatedReport(f"synth:{seed}:{i}", "synth", doc, record))
    return out


def load_reports(corpus_dir: Path | str | None = None, folders: Iterable[Path | str] = (),
                 synth: int = 0, synth_seed: int = 0, use_gold: bool = True, variants: str = "all"
                 ) -> list[AnnotatedReport]:
    reports = gold_reports(corpus_dir) if use_gold else []
    for folder in folders:
        reports += folder_reports(folder, origin=f"folder:{Path(folder).name}")
    if synth:
        reports += synth_reports(synth, synth_seed, variants=variants)
    return reports


# ------------------------------------------------------------------ alignment helpers

def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def dice(a: str, b: str) -> float:
    """Character-bigram Dice similarity (the scorer's item matching)."""
    def grams(s):
        s = norm(s)
        return Counter(s[i:i + 2] for i in range(max(1, len(s) - 1)))
    A, B = grams(a), grams(b)
    total = sum(A.values()) + sum(B.values())
    return 2 * sum((A & B).values()) / total if total else 0.0


def locate_sections(doc: Document, sections: Sequence[Section]) -> list[tuple[Section, int]]:
    """Each section with the offset of its heading in ``doc.text`` (found from the title when needed)."""
    out, cursor = [], 0
    for s in sections:
        start = s.start
        if start is None or doc.text[start:start + len(s.title)] != s.title:
            at = doc.text.find(s.title, cursor)
            if at < 0:
                at = _fuzzy_find(doc.text, s.title, cursor)
            start = at if at >= 0 else None
        if start is not None:
            cursor = start + 1
            out.append((s, start))
    return out


def _fuzzy_find(text: str, needle: str, start: int = 0) -> int:
    """Offset of ``needle`` in ``text`` ignoring whitespace and width differences, or -1."""
    chars = [re.escape(c) for c in norm(needle)]
    if not chars:
        return -1
    pattern = r"\s*".join(chars)
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) != len(text):  # NFKC changed lengths: fall back to exact search only
        folded = text
    m = re.compile(pattern).search(folded, start)
    return m.start() if m else -1


def _fuzzy_span(text: str, needle: str, start: int = 0) -> Optional[tuple[int, int]]:
    at = text.find(needle, start)
    if at >= 0:
        return at, at + len(needle)
    chars = [re.escape(c) for c in norm(needle)]
    folded = unicodedata.normalize("NFKC", text)
    if not chars or len(folded) != len(text):
        return None
    m = re.compile(r"\s*".join(chars)).search(folded, start)
    return (m.start(), m.end()) if m else None


def lines_of(doc: Document) -> Iterator[tuple[str, int, bool]]:
    """(line, start offset, is_table_row) for every line of ``doc.text`` block by block."""
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            yield block.text, block.start, False
        elif isinstance(block, Table):
            pos = block.start
            for line in doc.text[block.start:block.end].split("\n"):
                yield line, pos, True
                pos += len(line) + 1


def locate_figures(doc: Document, record: Record) -> tuple[list[tuple[int, int, str]], int]:
    """(start, end, label) spans of the record's figures in ``doc.text``, and how many were not found.

    A figure's own offsets are used when they hold its text; otherwise its text is searched for, each
    occurrence used once (a number stated twice is two figures)."""
    spans: list[tuple[int, int, str]] = []
    missed = 0
    for f in record.figures:
        if f.start is not None and f.end is not None and norm(doc.text[f.start:f.end]) == norm(f.text):
            spans.append((f.start, f.end, f.label))
            continue
        pos, found = 0, None
        while True:
            span = _fuzzy_span(doc.text, f.text, pos)
            if span is None:
                break
            if not any(s < span[1] and span[0] < e for s, e, _ in spans):
                found = span
                break
            pos = span[0] + 1
        if found is None:
            missed += 1
        else:
            spans.append((found[0], found[1], f.label))
    return sorted(spans), missed


# ------------------------------------------------------------------ task examples

def section_examples(reports: Sequence[AnnotatedReport]) -> list[dict]:
    """Paragraph → heading key or ``none``."""
    rows = []
    for rep in reports:
        heads = {start: s.key for s, start in locate_sections(rep.doc, rep.record.sections)}
        for para in rep.doc.paragraphs():
            label = heads.get(para.start)
            if label is None:  # a heading found inside the line (indent or PDF join)
                label = next((k for st, k in heads.items() if para.start <= st < para.start + 3), "none")
            rows.append({"report": rep.id, "text": para.text, "label": label})
    return rows


def _problem_section_paragraphs(rep: AnnotatedReport) -> list[tuple[str, int]]:
    from .items import section_paragraphs

    located = locate_sections(rep.doc, rep.record.sections)
    secs = []
    for i, (s, start) in enumerate(located):
        end = located[i + 1][1] if i + 1 < len(located) else len(rep.doc.text)
        secs.append(Section(key=s.key, title=s.title, start=start, end=end))
    return section_paragraphs(rep.doc, secs, "problems")


def _strip_enumerator(text: str) -> str:
    from .items.enumerators import find_candidates

    cands = find_candidates(text)
    return text[cands[0].end:] if cands and cands[0].start == 0 else text


_CLAUSE = re.compile(r"[^。！？!?；;：:]+[。！？!?；;：:]*")


def item_examples(reports: Sequence[AnnotatedReport], match: float = 0.5) -> list[dict]:
    """Gold items (problem/measure + themes) and the other clauses of section 五 (``neither``)."""
    rows = []
    for rep in reports:
        golds = [("problem", it) for it in rep.record.problems] + [("measure", it) for it in rep.record.measures]
        for kind, it in golds:
            rows.append({"report": rep.id, "text": it.text, "kind": kind, "themes": list(it.themes)})
        gold_norm = [norm(it.text) for _, it in golds]
        for text, _ in _problem_section_paragraphs(rep):
            for m in _CLAUSE.finditer(text):
                clause = _strip_enumerator(m.group(0).strip())
                c = norm(clause).rstrip("。；;：:，,")
                if len(c) < 4:
                    continue
                if any(g in c or c in g or dice(c, g) >= match for g in gold_norm):
                    continue
                rows.append({"report": rep.id, "text": clause, "kind": "neither", "themes": []})
    return rows


def shortest_span(text: str, start: int, end: int, rule_starts: Optional[dict] = None) -> int:
    """Where the shortest span carrying the figure ``text[start:end]`` begins (record.md: a figure's text
    is "the shortest span of text that carries it"), cut as the rule tagger cuts it — the convention the
    real gold follows.

    The generator's figure spans are whole template slots ("门户网站全年发布信息783条" where the record's
    convention, and the real gold, has "发布信息783条"); they are cut to this convention so that models
    learn one convention and span-level scores compare like with like. ``rule_starts``: {end: start} of
    the rule tagger's figures in ``text``; where it found the same number its start is used, else the
    span starts at the verb found inside the slot (the rules' span_start)."""
    from .figures.rules import NormalText, find_numbers, span_start

    if rule_starts and end in rule_starts:
        return rule_starts[end]
    normal = NormalText.of(text[start:end])
    mentions = find_numbers(normal.text)
    if not mentions or not normal.origin:
        return start
    at = span_start(normal.text, 0, mentions[-1].start)
    return start + normal.origin[at] if at < len(normal.origin) else start


def figure_examples(reports: Sequence[AnnotatedReport], stats: Optional[Counter] = None,
                    shortest_synth: bool = True) -> list[dict]:
    """Prose blocks (the lines figure taggers read: paragraphs, one-cell table rows) with character BIO
    tags. ``stats`` counts figures and those that could not be placed in any prose block.
    ``shortest_synth``: generated reports' spans are cut to the record's shortest-span convention
    (:func:`shortest_span`); real gold spans are never changed."""
    from .figures import prose_blocks

    rows = []
    for rep in reports:
        spans, missed = locate_figures(rep.doc, rep.record)
        if shortest_synth and rep.origin == "synth":
            from .figures import tag_text

            rule_starts = {f.end: f.start for line, at in prose_blocks(rep.doc)
                           for f in tag_text(line, offset=at) if f.start is not None}
            spans = [(shortest_span(rep.doc.text, s, e, rule_starts), e, lab) for s, e, lab in spans]
        placed = 0
        for line, start in prose_blocks(rep.doc):
            if not line.strip():
                continue
            end = start + len(line)
            inside = [(s - start, e - start, lab) for s, e, lab in spans if s >= start and e <= end]
            placed += len(inside)
            tags = ["O"] * len(line)
            for s, e, lab in inside:
                tags[s] = f"B-{lab}"
                for k in range(s + 1, e):
                    tags[k] = f"I-{lab}"
            rows.append({"report": rep.id, "text": line, "tags": tags})
        if stats is not None:
            stats["figures"] += len(rep.record.figures)
            stats["not_located"] += missed
            stats["outside_prose"] += len(spans) - placed
    return rows


def _features(task: str):
    """The datasets.Features of ``task`` (datasets is imported here, not at module import)."""
    import datasets

    return {
    "sections": datasets.Features({"report": datasets.Value("string"), "text": datasets.Value("string"),
                                   "label": datasets.ClassLabel(names=list(SECTION_LABELS))}),
    "items": datasets.Features({"report": datasets.Value("string"), "text": datasets.Value("string"),
                                "kind": datasets.ClassLabel(names=list(ITEM_KINDS)),
                                "themes": datasets.Sequence(datasets.ClassLabel(names=list(ALL_THEMES)))}),
    "figures": datasets.Features({"report": datasets.Value("string"), "text": datasets.Value("string"),
                                  "tags": datasets.Sequence(datasets.ClassLabel(names=list(BIO_TAGS)))}),
    }[task]


EXAMPLES = {"sections": section_examples, "items": item_examples, "figures": figure_examples}


def task_dataset(task: str, reports: Sequence[AnnotatedReport]) -> "datasets.Dataset":
    import datasets

    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, not {task!r}")
    rows = EXAMPLES[task](reports)
    feats = _features(task)
    columns = {name: [r[name] for r in rows] for name in feats}
    return datasets.Dataset.from_dict(columns, features=feats)


def split_reports(report_ids: Sequence[str], test_size: float = 0.2, validation_size: float = 0.0,
                  seed: int = 0) -> dict[str, list[str]]:
    """Report ids shuffled (seeded) into train / validation / test lists."""
    ids = sorted(set(report_ids))
    random.Random(seed).shuffle(ids)
    n_test = max(1, round(len(ids) * test_size)) if test_size and len(ids) > 1 else 0
    n_val = max(1, round(len(ids) * validation_size)) if validation_size and len(ids) > 2 else 0
    return {"test": ids[:n_test], "validation": ids[n_test:n_test + n_val], "train": ids[n_test + n_val:]}


def build_datasets(task: str, reports: Sequence[AnnotatedReport], test_size: float = 0.2,
                   validation_size: float = 0.0, seed: int = 0,
                   test_reports: Optional[Sequence[str]] = None) -> "datasets.DatasetDict":
    """A DatasetDict (train / [validation] / test) for ``task``, split BY REPORT.

    ``test_reports`` fixes the test reports (e.g. leave-one-report-out); else a seeded random split."""
    ds = task_dataset(task, reports)
    ids = [r.id for r in reports]
    if test_reports is not None:
        test = set(test_reports)
        parts = {"train": [i for i in ids if i not in test], "validation": [], "test": sorted(test)}
    else:
        parts = split_reports(ids, test_size, validation_size, seed)
    out = {}
    for name in ("train", "validation", "test"):
        keep = set(parts[name])
        if name == "validation" and not keep:
            continue
        out[name] = ds.filter(lambda r: r["report"] in keep)
    import datasets

    return datasets.DatasetDict(out)
