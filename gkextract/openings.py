"""The real report openings and their hand labels (corpus/openings/, see its README).

The list (``../shared/corpus/openings/manifest.jsonl``: id, url, level, year_hint) and the labels
(``corpus/openings/labels/<id>.json``, offsets only) are versioned; the texts are fetched into the
git-ignored ``corpus/openings/texts/<id>.txt``. :func:`load_labelled_openings` pairs each label with its
text when the text is there and is the exact file the label was made on (sha256); elsewhere (CI) it
returns nothing.
"""
from __future__ import annotations

import json
import logging
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .document import Document
from .labels import basis_of, gold_record, text_sha256, validate
from .paths import CORPUS, HOME
from .record import Record

log = logging.getLogger(__name__)
OPENINGS = CORPUS / "openings"
TEXTS = OPENINGS / "texts"
LABELS = OPENINGS / "labels"
MANIFEST = Path(os.environ.get("GKEXTRACT_OPENINGS_MANIFEST",
                               HOME.parent / "shared" / "corpus" / "openings" / "manifest.jsonl"))
LEVELS = ("national_dept", "provincial_gov", "provincial_dept", "city_gov", "city_dept", "county_gov",
          "county_dept", "township", "street", "other")


def manifest(path: Path | str = MANIFEST) -> dict[str, dict]:
    """id → manifest row; empty when the list is not beside the repository."""
    path = Path(path)
    if not path.exists():
        log.debug("no openings manifest at %s", path)
        return {}
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {r["id"]: r for r in rows}


def read_labels(labels_dir: Path | str = LABELS) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(labels_dir).glob("*.json"))}


@dataclass
class LabelledOpening:
    id: str
    gold: Record
    doc: Document
    label: dict
    level: str = "other"
    year_hint: Optional[int] = None


def labelled_openings(texts_dir: Path | str = TEXTS, labels_dir: Path | str = LABELS,
                      manifest_path: Path | str = MANIFEST) -> list[LabelledOpening]:
    """Every labelled opening whose text is present and is the file the label was made on."""
    from .readers import read

    rows = manifest(manifest_path)
    out = []
    for oid, label in read_labels(labels_dir).items():
        path = Path(texts_dir) / f"{oid}.txt"
        if not path.exists():
            log.debug("opening %s: no text at %s, skipped", oid, path)
            continue
        raw = path.read_bytes()
        doc = read(path)
        if doc.sha256 != label.get("sha256"):
            log.warning("opening %s: %s is not the file labelled (sha256 differs), skipped", oid, path)
            continue
        _, text = basis_of(doc, raw)
        errs = validate(label, text, f"labels/{oid}.json")
        if errs:
            log.warning("opening %s: invalid label, skipped: %s", oid, "; ".join(errs))
            continue
        row = rows.get(oid, {})
        out.append(LabelledOpening(oid, gold_record(label, text, doc), doc, label,
                                   row.get("level") or "other", row.get("year_hint")))
    return out


def load_labelled_openings(texts_dir: Path | str = TEXTS,
                           labels_dir: Path | str = LABELS) -> list[tuple[Record, Document]]:
    """(gold record, document) for every labelled opening whose exact text is present."""
    return [(o.gold, o.doc) for o in labelled_openings(texts_dir, labels_dir)]


# ---------------------------------------------------------------- splits by agency

def agency_key(opening: LabelledOpening) -> str:
    """What groups openings of one body: its gold agency without place prefixes' spacing and common
    suffix variants (mirror copies of one page share it); the id when the report names no body."""
    import unicodedata

    name = unicodedata.normalize("NFKC", opening.gold.agency or "").replace(" ", "")
    name = re.sub(r"(人民政府|政府)$", "", name)
    return name or opening.id


def _bucket(key: str, n: int, seed: int) -> int:
    import hashlib

    return int(hashlib.sha256(f"{seed}:{key}".encode()).hexdigest(), 16) % n


def agency_folds(openings: list[LabelledOpening], k: int = 5, seed: int = 0) -> list[list[int]]:
    """Indices of ``openings`` in ``k`` folds; every opening of one body falls in the same fold, so that a
    model is always tested on agencies it never saw (never split by sentence or by report)."""
    folds: list[list[int]] = [[] for _ in range(k)]
    for i, op in enumerate(openings):
        folds[_bucket(agency_key(op), k, seed)].append(i)
    return folds


def dev_test_split(openings: list[LabelledOpening], test_folds: int = 1, k: int = 3, seed: int = 0
                   ) -> tuple[list[LabelledOpening], list[LabelledOpening]]:
    """A fixed split by agency: rules are developed on ``dev`` only, ``test`` is looked at for scores."""
    folds = agency_folds(openings, k, seed)
    test = {i for f in folds[:test_folds] for i in f}
    return ([o for i, o in enumerate(openings) if i not in test], [o for i, o in enumerate(openings) if i in test])


# ---------------------------------------------------------------- datasheet

COUNTS_BEGIN, COUNTS_END = "<!-- counts:begin -->", "<!-- counts:end -->"


def _table(title: str, counter: Counter, order: Optional[list] = None) -> str:
    keys = order if order is not None else sorted(counter, key=str)
    lines = [f"| {title} | n |", "|---|---|"] + [f"| {k} | {counter[k]} |" for k in keys if counter[k]]
    return "\n".join(lines)


def counts_markdown(labels_dir: Path | str = LABELS, manifest_path: Path | str = MANIFEST) -> str:
    """The datasheet's counts section, from the label files and the manifest alone (no texts needed)."""
    from .record import FIGURE_LABELS

    labels = read_labels(labels_dir)
    rows = manifest(manifest_path)
    by_level, by_year, figs, themes, secs = Counter(), Counter(), Counter(), Counter(), Counter()
    fields = Counter()
    for oid, lab in labels.items():
        by_level[rows.get(oid, {}).get("level", "other")] += 1
        by_year[lab.get("year") if lab.get("year") is not None else "null"] += 1
        for name in ("title", "agency", "year"):
            fields[f"{name} stated"] += lab.get(name) is not None
        figs.update(f["label"] for f in lab.get("figures") or [])
        if isinstance(lab.get("sections"), list):  # older label files do not label sections
            fields["sections labelled"] += 1
            secs.update(s["key"] for s in lab["sections"])
        for kind in ("problems", "measures"):
            fields[kind] += len(lab.get(kind) or [])
            themes.update(f"{kind[:-1]}:{t}" for it in lab.get(kind) or [] for t in it.get("themes") or [])
        pre = (lab.get("pre_annotation") or {}).get("changed") or {}
        for name in ("title", "agency", "year"):
            fields[f"{name} corrected"] += bool(pre.get(name))
    parts = [f"{len(labels)} labelled openings of {len(rows) or '?'} listed; "
             f"{sum(figs.values())} figures, {fields['problems']} problems, {fields['measures']} measures.",
             _table("agency level", by_level, [lv for lv in LEVELS if by_level[lv]] +
                    sorted(set(by_level) - set(LEVELS))),
             _table("year (labelled)", by_year, sorted(by_year, key=lambda y: (y == "null", str(y)))),
             _table("figure label", figs, list(FIGURE_LABELS)),
             _table("field", fields, sorted(fields))]
    if secs:
        from .record import SECTION_KEYS

        parts.append(_table("section key", secs, list(SECTION_KEYS)))
    if themes:
        parts.append(_table("item theme", themes))
    return "\n\n".join(parts)


def update_datasheet(readme: Path | str = OPENINGS / "README.md", labels_dir: Path | str = LABELS,
                     manifest_path: Path | str = MANIFEST) -> str:
    """Rewrite the README's counts section (between the counts markers) from the labels; returns it."""
    readme = Path(readme)
    body = readme.read_text(encoding="utf-8")
    section = f"{COUNTS_BEGIN}\n{counts_markdown(labels_dir, manifest_path)}\n{COUNTS_END}"
    pattern = re.compile(re.escape(COUNTS_BEGIN) + ".*?" + re.escape(COUNTS_END), re.S)
    body = pattern.sub(lambda _: section, body) if pattern.search(body) else body.rstrip() + "\n\n" + section + "\n"
    readme.write_text(body, encoding="utf-8")
    return section


if __name__ == "__main__":  # python -m gkextract.openings: refresh the datasheet counts
    print(update_datasheet())
