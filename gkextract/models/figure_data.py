"""Training and test rows for the figure taggers from real data (issue 11 §1-2).

- hand-labelled openings (gkextract.openings): character BIO tags from the gold figures' offsets;
- distant labels (gkextract.models.distant): a prose number equal to a decoded table cell in a clause
  about that cell's subject, in openings and real reports with tables; only the matched figures are
  tagged, so a distant row is partial: characters outside its spans are O only near them (see
  :func:`distant_rows`, which keeps only the clauses holding a distant figure);
- generated reports (gkextract.corpus.synth_reports, figure_examples).

Rows are ``{"report": id, "text": line, "tags": [...], "source": hand|distant|synth}`` over prose blocks
(the lines the taggers read).
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..figures import prose_blocks


def _rows(doc, spans: Sequence[tuple[int, int, str]], rid: str, source: str) -> list[dict]:
    rows = []
    for line, start in prose_blocks(doc):
        if not line.strip() or not re.search(r"\d|[一二三四五六七八九十百千]", line):
            continue
        end = start + len(line)
        tags = ["O"] * len(line)
        for s, e, lab in spans:
            if s >= start and e <= end:
                tags[s - start] = f"B-{lab}"
                for k in range(s - start + 1, e - start):
                    tags[k] = f"I-{lab}"
        rows.append({"report": rid, "text": line, "tags": tags, "source": source})
    return rows


def hand_rows(openings: Iterable) -> list[dict]:
    out = []
    for o in openings:
        spans = [(f.start, f.end, f.label) for f in o.gold.figures if f.start is not None and f.end is not None]
        out.extend(_rows(o.doc, spans, f"opening:{o.id}", "hand"))
    return out


def distant_for(doc) -> list:
    """Distant figures of one document (its tables decoded here)."""
    from types import SimpleNamespace

    from ..tables.engine import decode_tables
    from .distant import distant_figures

    dec = decode_tables(doc)
    doc.spans["tables"] = dec.spans
    return distant_figures(doc, SimpleNamespace(tables=dec.tables))


def distant_rows(docs: Iterable[tuple[str, object]]) -> tuple[list[dict], list]:
    """Rows holding distant figures (only the sentences around them: the rest of a line is unlabelled
    evidence, not O), and the distant figures per document id."""
    rows, found = [], []
    for rid, doc in docs:
        figs = distant_for(doc)
        found.append((rid, doc, figs))
        if not figs:
            continue
        for row in _rows(doc, [(f.start, f.end, f.label) for f in figs], rid, "distant"):
            if any(t != "O" for t in row["tags"]):
                rows.append(_sentences_with_entities(row))
    return [r for r in rows if r["text"]], found


def _sentences_with_entities(row: dict) -> dict:
    """Cut a line to its sentences that hold a tagged figure."""
    text, tags = row["text"], row["tags"]
    keep_text, keep_tags, pos = [], [], 0
    for m in re.finditer(r"[^。！？!?；;]+[。！？!?；;]?", text):
        s, e = m.span()
        if any(t != "O" for t in tags[s:e]):
            keep_text.append(text[s:e])
            keep_tags.extend(tags[s:e])
    return {**row, "text": "".join(keep_text), "tags": keep_tags}
