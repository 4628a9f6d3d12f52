"""Annotation round trip with Label Studio.

``export_tasks(paths)`` → pre-annotated tasks (one per report): the report's plain text, and as predictions
section headings (span labels), figures (span labels), items (span labels problem/measure) with their themes
(per-region choices). ``import_tasks(tasks)`` → records: the corrected annotation (or, if none, the
prediction) replaces sections, figures, problems and measures of the record stored in the task; everything
else (meta, tables, checks) comes back as exported. :data:`LABEL_CONFIG` is the matching labelling
interface.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional, Sequence

from . import __version__
from .document import Document
from .record import FIGURE_LABELS, MEASURE_THEMES, PROBLEM_THEMES, SECTION_KEYS, Figure, Item, Record, Section

TO_NAME = "text"


def _choices(names: Iterable[str]) -> str:
    return "\n".join(f'    <Choice value="{n}"/>' for n in names)


def _labels(names: Iterable[str]) -> str:
    return "\n".join(f'    <Label value="{n}"/>' for n in names)


THEME_CHOICES = tuple(dict.fromkeys(PROBLEM_THEMES + MEASURE_THEMES))
LABEL_CONFIG = f"""<View>
  <Header value="$title"/>
  <Labels name="section" toName="{TO_NAME}">
{_labels(SECTION_KEYS)}
  </Labels>
  <Labels name="figure" toName="{TO_NAME}">
{_labels(FIGURE_LABELS)}
  </Labels>
  <Labels name="item" toName="{TO_NAME}">
    <Label value="problem"/>
    <Label value="measure"/>
  </Labels>
  <Text name="{TO_NAME}" value="$text"/>
  <Choices name="themes" toName="{TO_NAME}" perRegion="true" choice="multiple">
{_choices(THEME_CHOICES)}
  </Choices>
</View>
"""


def _region(rid: str, from_name: str, start: int, end: int, text: str, labels: list[str]) -> dict:
    return {"id": rid, "from_name": from_name, "to_name": TO_NAME, "type": "labels",
            "value": {"start": start, "end": end, "text": text, "labels": labels}}


def _item_spans(doc: Document, record: Record) -> list[tuple[str, Item, Optional[tuple[int, int]]]]:
    """Each item with its span in doc.text: from the segmenter when it agrees with the record, else by text."""
    from .corpus import _fuzzy_span
    from .items import segment_items

    segs = segment_items(doc, record.sections)
    out = []
    for kind, items in (("problem", record.problems), ("measure", record.measures)):
        mine = [s for s in segs if s.kind == kind]
        same = len(mine) == len(items) and all(s.text == it.text for s, it in zip(mine, items))
        for k, it in enumerate(items):
            span = (mine[k].start, mine[k].end) if same else _fuzzy_span(doc.text, it.text)
            out.append((kind, it, span))
    return out


def record_task(doc: Document, record: Record) -> dict:
    """One Label Studio task for a report, its predictions taken from ``record``."""
    from .corpus import _fuzzy_span

    result: list[dict] = []
    for i, s in enumerate(record.sections):
        start = s.start if s.start is not None and doc.text[s.start:s.start + len(s.title)] == s.title else None
        span = (start, start + len(s.title)) if start is not None else _fuzzy_span(doc.text, s.title)
        if span:
            result.append(_region(f"s{i}", "section", span[0], span[1], doc.text[span[0]:span[1]], [s.key]))
    for i, f in enumerate(record.figures):
        ok = f.start is not None and f.end is not None and f.end <= len(doc.text)
        span = (f.start, f.end) if ok else _fuzzy_span(doc.text, f.text)
        if span:
            result.append(_region(f"f{i}", "figure", span[0], span[1], doc.text[span[0]:span[1]], [f.label]))
    for i, (kind, it, span) in enumerate(_item_spans(doc, record)):
        if not span:
            continue
        text = doc.text[span[0]:span[1]]
        result.append(_region(f"i{i}", "item", span[0], span[1], text, [kind]))
        result.append({"id": f"i{i}", "from_name": "themes", "to_name": TO_NAME, "type": "choices",
                       "value": {"start": span[0], "end": span[1], "text": text, "choices": list(it.themes)}})
    return {"data": {"text": doc.text, "title": record.title or Path(doc.path).name, "source": doc.path,
                     "record": record.to_dict()},
            "predictions": [{"model_version": f"gkextract-{__version__}", "result": result}]}


def export_tasks(paths: Sequence[Path | str], pipeline=None) -> list[dict]:
    """Pre-annotated tasks for report files, from the current extraction pipeline."""
    from .pipeline import default_pipeline
    from .readers import read

    pipe = pipeline or default_pipeline()
    tasks = []
    for path in paths:
        doc = read(path)
        tasks.append(record_task(doc, pipe(doc)))
    return tasks


def _result_of(task: dict) -> list[dict]:
    """The latest non-cancelled annotation's result, else the first prediction's."""
    for ann in reversed(task.get("annotations") or []):
        if not ann.get("was_cancelled"):
            return ann.get("result") or []
    preds = task.get("predictions") or []
    return preds[0].get("result", []) if preds else []


def task_record(task: dict) -> Record:
    """The record a (corrected) task describes."""
    from .items.segment import clean_item_text
    from .models.figures import span_figure

    text = task["data"]["text"]
    record = Record.model_validate(task["data"]["record"])
    regions: dict[str, dict] = {}
    for r in _result_of(task):
        entry = regions.setdefault(r.get("id") or str(len(regions)), {})
        value = r.get("value", {})
        if r.get("type") == "labels":
            entry.update(kind=r["from_name"], label=(value.get("labels") or [None])[0],
                         start=value.get("start"), end=value.get("end"))
        elif r.get("type") == "choices" and r.get("from_name") == "themes":
            entry["themes"] = list(value.get("choices") or [])
            entry.setdefault("start", value.get("start"))
            entry.setdefault("end", value.get("end"))
    ordered = sorted((e for e in regions.values() if e.get("kind") and e.get("start") is not None),
                     key=lambda e: e["start"])
    heads = [e for e in ordered if e["kind"] == "section" and e["label"] in SECTION_KEYS]
    record.sections = [Section(key=e["label"], title=text[e["start"]:e["end"]].strip(), start=e["start"],
                               end=heads[k + 1]["start"] if k + 1 < len(heads) else len(text))
                       for k, e in enumerate(heads)]
    figures: list[Figure] = []
    for e in ordered:
        if e["kind"] == "figure":
            fig = span_figure(text[e["start"]:e["end"]], e["label"], e["start"])
            if fig is not None:
                figures.append(fig)
    record.figures = figures
    allowed = {"problem": PROBLEM_THEMES, "measure": MEASURE_THEMES}
    items: dict[str, list[Item]] = {"problem": [], "measure": []}
    for e in ordered:
        if e["kind"] == "item" and e["label"] in items:
            chosen = set(e.get("themes", []))
            themes = [t for t in allowed[e["label"]] if t in chosen]  # taxonomy order, foreign ids dropped
            items[e["label"]].append(Item(text=clean_item_text(text[e["start"]:e["end"]]), themes=themes))
    record.problems, record.measures = items["problem"], items["measure"]
    return record


def import_tasks(tasks: Sequence[dict]) -> list[Record]:
    return [task_record(t) for t in tasks]


def write_tasks(tasks: list[dict], out: Path | str) -> None:
    out = Path(out)
    out.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    out.with_name(out.stem + ".label_config.xml").write_text(LABEL_CONFIG, encoding="utf-8")


def read_tasks(path: Path | str) -> list[dict]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data if isinstance(data, list) else [data]
