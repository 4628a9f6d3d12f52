"""Compare an extracted record with its gold: meta, sections (key, title) and every table cell."""
from __future__ import annotations

import math
import unicodedata

from ..record import Record


def _norm(s) -> str:
    return "".join(unicodedata.normalize("NFKC", str(s)).split()) if s is not None else ""


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), abs_tol=1e-9)


def cells(rec: Record) -> dict[str, object]:
    out: dict[str, object] = {}
    t = rec.tables
    for name in ("proactive", "requests", "review_litigation"):
        table = getattr(t, name)
        if table is None:
            continue
        for row, cols in table.rows.items():
            for col, v in cols.items():
                out[f"{name}.{row}.{col}"] = v
    for i, st in enumerate(t.legacy_stats or []):
        out[f"legacy_stats.{i}:{_norm(st.label)}"] = st.value
    return out


def differences(gold: Record, pred: Record) -> list[str]:
    """Human-readable mismatches (empty when the round trip is exact)."""
    diffs = []
    for f in ("agency", "year", "template"):
        if _norm(getattr(gold, f)) != _norm(getattr(pred, f)):
            diffs.append(f"{f}: gold={getattr(gold, f)!r} pred={getattr(pred, f)!r}")
    gs = [(s.key, _norm(s.title)) for s in gold.sections]
    ps = [(s.key, _norm(s.title)) for s in pred.sections]
    if gs != ps:
        missing = [s for s in gs if s not in ps]
        extra = [s for s in ps if s not in gs]
        diffs.append(f"sections: missing={missing} extra={extra}" if missing or extra
                     else f"sections order: {ps}")
    gc, pc = cells(gold), cells(pred)
    for k, v in gc.items():
        if k not in pc:
            diffs.append(f"cell missing {k} gold={v!r}")
        elif not _same(v, pc[k]):
            diffs.append(f"cell {k} gold={v!r} pred={pc[k]!r}")
    for k in pc.keys() - gc.keys():
        diffs.append(f"cell extra {k} pred={pc[k]!r}")
    return diffs
