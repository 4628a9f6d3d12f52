"""Rules that need several records: CROSS_YEAR_CARRY and DUPLICATE_CONTENT."""
from __future__ import annotations

import re
from typing import Optional

from ..record import Check, Record
from ..agency import same_agency
from .arithmetic import format_number, table_labels
from .config import CheckConfig, default_config


def _name(record: Record) -> str:
    who = record.agency or record.title or record.source.path
    return f"{who}{record.year}年度报告" if record.year else who


def _key(record: Record) -> str:
    return record.source.path


def cross_year_carry(records: list[Record], config: CheckConfig) -> dict[str, list[Check]]:
    """上年结转 of year Y must equal 结转下年度 of year Y-1 in each column, for the same body."""
    settings = config.settings("CROSS_YEAR_CARRY")
    out: dict[str, list[Check]] = {}
    labels = table_labels("requests")
    for current in records:
        if current.year is None or current.tables.requests is None:
            continue
        for previous in records:
            if (previous is current or previous.year != current.year - 1
                    or previous.tables.requests is None or not same_agency(previous.agency, current.agency)):
                continue
            now, before = current.tables.requests, previous.tables.requests
            wrong, blank = [], []
            for col in labels.col_order:
                a, b = now.get("carried_over", col), before.get("carried_forward", col)
                if a is None or b is None:
                    if col in now.rows.get("carried_over", {}) or col in before.rows.get("carried_forward", {}):
                        blank.append(labels.cols[col])
                elif abs(a - b) > 1e-6:
                    wrong.append((col, a, b))
            checks = out.setdefault(_key(current), [])
            if wrong:
                listed = "；".join(f"{labels.cols[c]}列 本年上年结转{format_number(a)} ≠ 上年结转下年度{format_number(b)}"
                                  for c, a, b in wrong)
                checks.append(Check(rule="CROSS_YEAR_CARRY", severity=settings.severity,
                                    message=f"与{_name(previous)}（{previous.source.path}）不衔接：{listed}",
                                    cells=[f"requests.carried_over.{c}" for c, _, _ in wrong]))
            if blank:
                checks.append(Check(rule="CROSS_YEAR_CARRY", severity="info",
                                    message=f"与{_name(previous)}核对上年结转时，{'、'.join(blank)}列为空，无法核对",
                                    cells=[]))
    return out


_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_SPACE = re.compile(r"\s+")


def _normalise(text: str) -> str:
    """Numbers and years change every year even in a copied report: compare the words around them."""
    return _DIGITS.sub("0", _SPACE.sub("", text))


def duplicate_content(records: list[Record], narratives: dict[str, str],
                      config: CheckConfig) -> dict[str, list[Check]]:
    """Near-identical narratives: cosine similarity of TF-IDF vectors over character n-grams."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    settings = config.settings("DUPLICATE_CONTENT")
    threshold = float(settings.param("threshold", 0.9))
    lo, hi = settings.param("ngram_range", [2, 4])
    min_chars = int(settings.param("min_chars", 200))
    by_path = {_key(r): r for r in records}
    paths = [p for p, t in narratives.items() if t and len(_normalise(t)) >= min_chars]
    out: dict[str, list[Check]] = {}
    if len(paths) < 2:
        return out
    texts = [_normalise(narratives[p]) for p in paths]
    vectors = TfidfVectorizer(analyzer="char", ngram_range=(int(lo), int(hi)), sublinear_tf=True).fit_transform(texts)
    similarity = cosine_similarity(vectors)
    for i, a in enumerate(paths):
        for j, b in enumerate(paths):
            if i == j or similarity[i, j] < threshold:
                continue
            other = by_path.get(b)
            name = _name(other) if other is not None else b
            out.setdefault(a, []).append(Check(
                rule="DUPLICATE_CONTENT", severity=settings.severity,
                message=f"本报告（{a}）正文与{name}（{b}）高度雷同（相似度{similarity[i, j]:.0%}）",
                cells=[]))
    return out


def record_narrative(record: Record) -> str:
    """A stand-in narrative where the caller has no report text: the figures' and items' sentences."""
    parts = [f.text for f in record.figures] + [i.text for i in record.problems + record.measures]
    return "\n".join(parts)


def cross_checks(records: list[Record], narratives: Optional[dict[str, str]] = None,
                 config: Optional[CheckConfig] = None) -> dict[str, list[Check]]:
    """The batch rules over a set of records, as ``{record.source.path: [Check, ...]}``.

    ``narratives`` maps a record's source path to its prose text (what DUPLICATE_CONTENT compares);
    records without one are compared on their figures' and items' sentences.
    """
    config = config or default_config()
    out: dict[str, list[Check]] = {}
    if config.enabled("CROSS_YEAR_CARRY"):
        for path, checks in cross_year_carry(records, config).items():
            out.setdefault(path, []).extend(checks)
    if config.enabled("DUPLICATE_CONTENT"):
        texts = {_key(r): (narratives or {}).get(_key(r)) or record_narrative(r) for r in records}
        for path, checks in duplicate_content(records, texts, config).items():
            out.setdefault(path, []).extend(checks)
    return {p: c for p, c in out.items() if c}
