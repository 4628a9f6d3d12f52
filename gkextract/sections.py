"""Top-level sections: headings → keys, with offsets. Rule-based, behind the SectionFinder interface so a
trained paragraph classifier can take over later."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Protocol

import yaml

from .document import Document, Paragraph
from .figures.numbers import parse_chinese
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
    cfg["part_title_re"] = re.compile(cfg["part_title"])
    cfg["inline_re"] = re.compile(cfg["inline_heading"], re.M)
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


@dataclass
class _Candidate:
    para: Paragraph
    key: Optional[str]      # the part it names; None for a numbered line that is no heading
    style: str              # part 第一部分 | cn 一、 | ar 1．
    number: Optional[int]
    part_title: bool        # the title reads as a part's title (…情况, …事项), not as an action


def _candidate(para: Paragraph, m: re.Match, key: Optional[str]) -> _Candidate:
    cfg = _config()
    if m["part"]:
        style, number = "part", parse_chinese(m["part"])
    elif m["num"].isdigit():
        style, number = "ar", int(m["num"])
    else:
        style, number = "cn", parse_chinese(m["num"])
    title = label_key(m["title"]).rstrip("。:")
    return _Candidate(para, key, style, number, bool(cfg["part_title_re"].search(title)))


def top_level(cands: list[_Candidate]) -> list[_Candidate]:
    """The candidates that are parts, not numbered sub-items inside a part (configs/sections.yaml).

    The report's own top-level numbering is the style of its first part (一、 / 第一部分; 1． only when
    the line reads as a part title). A line of that style (一、, 第一部分) is a part. Any other numbered
    line (a different style, or 1． numbering) is a part only when it names a part, its title reads as
    a part title, its number is the next part number and no later line of the top style takes that
    number; otherwise it is a sub-item of the part it sits in (2.深化重点领域信息公开 inside 一、总体情况).
    Inside a part, numbering that restarts at 1 opens a sub-item sequence; a line continuing it is a
    sub-item unless its key is the next part in order (configs/sections.yaml ``order``). A part numbered
    in the wrong style (2、 between 一、 and 三、) stays a part, for SECTION_ORDER to report."""
    first = next((c for c in cands if c.key and (c.style != "ar" or c.part_title)), None)
    if first is None:
        return []
    top, start = first.style, cands.index(first)
    out: list[_Candidate] = []
    sub_next: Optional[int] = None   # the number that continues the open sub-item sequence
    for i, c in enumerate(cands[start:], start=start):
        if c.style == top and top != "ar":
            if c.key:
                out.append(c)
                sub_next = None
            continue
        expected = (out[-1].number or 0) + 1 if out else 1
        continues = sub_next is not None and c.number == sub_next
        taken_later = top != "ar" and any(d.key and d.style == top and d.number == c.number
                                          for d in cands[i + 1:])
        if c.key and c.part_title and c.number == expected and not taken_later \
                and (not continues or _next_in_order(out[-1].key if out else None, c.key)):
            out.append(c)
            sub_next = None
        elif out and c.number is not None and (c.number == 1 or continues):
            sub_next = c.number + 1
    return out


def _next_in_order(previous: Optional[str], key: str) -> bool:
    """``key`` follows ``previous`` with no required part between them (configs/sections.yaml)."""
    cfg = _config()
    order, required = cfg["order"], set(cfg["required"])
    if previous not in order or key not in order:
        return False
    i, j = order.index(previous), order.index(key)
    return i < j and not any(k in required for k in order[i + 1:j])


def _inline_candidates(para: Paragraph) -> list[_Candidate]:
    """Part headings written inside a long paragraph (configs/sections.yaml ``inline_heading``), each as a
    one-line paragraph of its own at its offset."""
    cfg = _config()
    out = []
    for im in cfg["inline_re"].finditer(para.text):
        head = im["head"]
        m = cfg["numbering_re"].match(head)
        if not m or im.start("head") == len(para.text) - len(para.text.lstrip()):
            continue  # a heading at the paragraph's start is the paragraph's own business
        key = heading_key(m["title"])
        title = label_key(m["title"]).rstrip("。:")
        if key is None or not cfg["part_title_re"].search(title) or _is_table_label(head):
            continue
        start = para.start + im.start("head")
        out.append(_candidate(Paragraph(head, start, start + len(head)), m, key))
    return out


class RuleSectionFinder:
    """A paragraph is a top-level heading when it is short, numbered 一、/2、, names a known part and
    is numbered at the report's top level (not a sub-item)."""

    def find(self, doc: Document) -> list[Section]:
        cfg = _config()
        cands: list[_Candidate] = []
        tables = doc.spans.get("tables", [])
        for para in doc.paragraphs():
            if any(a <= para.start < b for a, b in tables):
                continue  # a numbered row of a statistics table written as text
            text = para.text.strip()
            if len(text) > cfg["max_title_chars"]:
                cands.extend(_inline_candidates(para))
            m = cfg["numbering_re"].match(text)
            if not m:
                continue
            key = None   # a numbered line that is no heading still counts in its sub-item sequence
            if not (len(text) > cfg["max_title_chars"] or text.endswith(("。", "；", ";"))
                    or any(c in m["title"] for c in cfg["not_in_title"])):
                key = heading_key(m["title"])
                if key is not None and _is_table_label(text):
                    continue
            cands.append(_candidate(para, m, key))
        heads = [(c.para, c.key) for c in top_level(cands) if c.key]
        sections = []
        for i, (para, key) in enumerate(heads):
            end = heads[i + 1][0].start if i + 1 < len(heads) else len(doc.text)
            sections.append(Section(key=key, title=para.text.strip(), start=para.start, end=end))
        return sections
