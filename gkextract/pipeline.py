"""The pipeline: read → normalise → segment → decode tables → tag figures → classify items → check → record.

Like spaCy's ``Language``: an ordered list of named components, each a callable that reads the Document and
the record built so far and adds its part. Components that belong to later stages (trained models,
checks) are looked up when present and fall back to rule baselines.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from .document import Document
from .errors import NotAReportError
from .meta import find_meta
from .readers import read
from . import __version__
from .record import Provenance, Record, Source
from .sections import RuleSectionFinder, SectionFinder
from .tables.engine import decode_tables

log = logging.getLogger(__name__)

Component = Callable[[Document, Record], None]


@dataclass
class Pipeline:
    components: list[tuple[str, Component]] = field(default_factory=list)
    # per component, what produced its part of the record: "rules" or "model:<name>" (record.md §pipeline)
    provenance: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, component: Component, produced_by: str = "rules") -> "Pipeline":
        self.components.append((name, component))
        self.provenance[name] = produced_by
        return self

    @property
    def names(self) -> list[str]:
        return [n for n, _ in self.components]

    def __call__(self, doc: Document) -> Record:
        record = Record(source=Source(path=doc.path, format=doc.format, sha256=doc.sha256,
                                      ocr_pages=doc.ocr_pages),
                        pipeline=Provenance(version=__version__, components=dict(self.provenance)))
        for _, component in self.components:
            component(doc, record)
        return record


# ---------------------------------------------------------------- components

def meta_component(doc: Document, record: Record) -> None:
    meta = find_meta(doc)
    record.title, record.agency, record.year, record.date = meta.title, meta.agency, meta.year, meta.date


def sections_component(finder: SectionFinder) -> Component:
    def component(doc: Document, record: Record) -> None:
        record.sections = finder.find(doc)
    return component


def tables_component(doc: Document, record: Record) -> None:
    decoded = decode_tables(doc)
    record.tables = decoded.tables
    record.template = decoded.template
    record.checks.extend(decoded.findings)
    doc.spans["tables"] = decoded.spans


def _trained_components():
    """What :func:`gkextract.models.shared_components` picks (loaded once per process): a shipped model where
    models/selection.json picks it, else the rule baseline, with a warning only when a picked model is
    missing or fails to load. None when the models package cannot be used at all."""
    try:
        from .models import shared_components

        return shared_components()
    except ImportError:
        log.debug("models package not available")
    except Exception as e:  # models must never stop extraction
        log.warning("gkextract: trained models unavailable, using the rule baselines (%s)", e)
    return None


def _produced_by(comps, task: str) -> str:
    used = comps.used.get(task, "baseline") if comps is not None else "baseline"
    return used if used.startswith("model:") else "rules"


def _optional_components(comps) -> list[tuple[str, Component, str]]:
    """Figures, items and checks come from their own packages; each is added when it is installed. The
    figure tagger and theme classifier are the trained components' (``comps``) when there are any."""
    out: list[tuple[str, Component, str]] = []
    try:
        from .figures import RuleFigureTagger

        tagger = comps.figures if comps is not None else RuleFigureTagger()

        def figures_component(doc: Document, record: Record) -> None:
            record.figures = tagger.tag(doc)
        out.append(("figures", figures_component, _produced_by(comps, "figures")))
    except ImportError:
        log.debug("figures package not available")
    try:
        from .items import extract_items

        themes = comps.themes if comps is not None else None

        def items_component(doc: Document, record: Record) -> None:
            record.problems, record.measures = extract_items(doc, record.sections, themes=themes)
        out.append(("items", items_component, "rules"))
    except ImportError:
        log.debug("items package not available")
    try:
        from .checks import run_checks

        def checks_component(doc: Document, record: Record) -> None:
            # decoder findings (NON_NUMERIC_CELL) already on the record pass through run_checks
            prose = "\n".join(p.text for p in doc.paragraphs())
            record.checks = run_checks(record, text=prose)
        out.append(("checks", checks_component, "rules"))
    except ImportError:
        log.debug("checks package not available")
    return out


def default_pipeline(section_finder: Optional[SectionFinder] = None) -> Pipeline:
    comps = _trained_components()
    if section_finder is None:
        section_finder = comps.sections if comps is not None else RuleSectionFinder()
    pipe = Pipeline()
    pipe.add("meta", meta_component)
    pipe.add("tables", tables_component)  # before sections: rows like 三、依申请公开情况 are no headings
    pipe.add("sections", sections_component(section_finder),
             "rules" if isinstance(section_finder, RuleSectionFinder) else _produced_by(comps, "sections"))
    for name, component, produced_by in _optional_components(comps):
        pipe.add(name, component, produced_by)
    if "items" in pipe.names:  # the items component classifies themes with the chosen classifier
        pipe.provenance["themes"] = _produced_by(comps, "themes")
    return pipe


@lru_cache(maxsize=1)
def _shared_pipeline() -> Pipeline:
    return default_pipeline()


def extract(path: str | Path, pipeline: Optional[Pipeline] = None) -> Record:
    """Read one report and run the pipeline over it. Raises ReadError for files that are no report."""
    return extract_document(path, pipeline)[1]


def extract_document(path: str | Path, pipeline: Optional[Pipeline] = None) -> tuple[Document, Record]:
    """:func:`extract`, also giving the normalised Document the record's offsets refer to."""
    pipeline = pipeline or _shared_pipeline()
    doc = read(path)
    if not looks_like_report(doc):
        raise NotAReportError(path, "not a government information disclosure report "
                                    "(no 政府信息公开 / 政务公开 wording and no statistics tables)")
    return doc, pipeline(doc)


def looks_like_report(doc: Document) -> bool:
    text = doc.text
    return any(w in text for w in ("信息公开", "政务公开", "資訊公開", "信息公開", "依申请")) or \
        any(len(t.rows) > 3 for t in doc.tables())
