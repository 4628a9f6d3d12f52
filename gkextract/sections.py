"""Top-level sections: headings → keys, with offsets. Rule-based, behind the SectionFinder interface so a
trained paragraph classifier can take over later."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Protocol

import yaml

from .document import Document, Paragraph
from .paths import CONFIGS
from .record import Section
from .tables.match import best_row
from .tables.templates import load_templates
from .text import label_key


class SectionFinder(Protocol):
    def find(self, doc: Document) -> list[Section]: ...


@lru_cache(maxsize=1)
def _config() -> dict:
    cfg = yaml.safe_load(open(CONFIGS / "sections.yaml", encoding="utf-8"))
    cfg["numbering_re"] = re.compile(cfg["numbering"])
    cfg["key_res"] = {k: [re.compile(p) for p in ps] for k, ps in cfg["keys"].items()}
    return cfg


def heading_key(title: str) -> Optional[str]:
    """The section key a heading's title (without its number) names, or None."""
    key = label_key(title).rstrip("。:")
    for section, patterns in _config()["key_res"].items():
        if any(p.search(key) for p in patterns):
            return section
    return None


def _is_table_label(text: str) -> bool:
    """Rows like 四、结转下年度继续办理 look like headings; they are table labels."""
    t = load_templates()
    rows = t.requests_rows + [r for rs in t.proactive_rows.values() for r in rs]
    key = label_key(text)
    return any(p.search(key) for r in rows for p in r.patterns) or best_row(text, rows) is not None


class RuleSectionFinder:
    """A paragraph is a top-level heading when it is short, numbered 一、/2、 and names a known part."""

    def find(self, doc: Document) -> list[Section]:
        cfg = _config()
        heads: list[tuple[Paragraph, str]] = []
        tables = doc.spans.get("tables", [])
        for para in doc.paragraphs():
            if any(a <= para.start < b for a, b in tables):
                continue  # a numbered row of a statistics table written as text
            text = para.text.strip()
            m = cfg["numbering_re"].match(text)
            if not m or len(text) > cfg["max_title_chars"] or text.endswith(("。", "；", ";")) \
                    or any(c in m["title"] for c in cfg["not_in_title"]):
                continue
            key = heading_key(m["title"])
            if key is None or _is_table_label(text):
                continue
            heads.append((para, key))
        sections = []
        for i, (para, key) in enumerate(heads):
            end = heads[i + 1][0].start if i + 1 < len(heads) else len(doc.text)
            sections.append(Section(key=key, title=para.text.strip(), start=para.start, end=end))
        return sections
