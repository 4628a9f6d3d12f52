"""How varied the generator's output is, over N reports: distinct headings, title forms, agency levels,
figure phrasings, item enumeration styles, sentences, templates, years and layout styles.

    python benchmarks/synth_variety.py --n 200 --seed 4242
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter

from gkextract.synth import FORMATS, generate_record

_NUM = re.compile(r"[0-9０-９一二三四五六七八九十百千万零〇两.%％]+")


def shape(text: str) -> str:
    """A phrasing with its numbers and numerals masked, so that 121条 and 95条 count once."""
    return _NUM.sub("#", text)


def enumeration(text: str) -> str:
    """How a paragraph enumerates items, if it does."""
    if re.search(r"[一二三四五六七八九十]是", text):
        return "一是…二是…"
    if re.match(r"^[（(][一二三四五六七八九十]+[）)]", text):
        return "（一）…"
    if re.match(r"^\d+[.．、]", text):
        return "1.…"
    if re.search(r"(主要表现为|主要是|体现在)[：:]", text):
        return "…主要表现为：a，b"
    return "plain"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=4242)
    args = ap.parse_args(argv)
    drawn = [generate_record(random.Random(f"variety:{args.seed}:{i}")) for i in range(args.n)]
    records = [r for r, _ in drawn]
    contents = [c for _, c in drawn]
    stats = {
        "reports": len(records),
        "heading titles": len({s.title.split("、", 1)[-1] for r in records for s in r.sections}),
        "heading numbering styles": dict(Counter(
            re.sub(r"[一二三四五六七八九十]+", "一", re.sub(r"^\d+", "1", re.match(r"^第\S+?部分|^\S+?[、.．]|", s.title)[0]))
            for r in records for s in r.sections)),
        "title forms": len({shape(re.sub(r"^.*?(\d{4}|[〇零一二三四五六七八九]{4})", "", r.title or ""))
                            for r in records}),
        "agencies": len({r.agency for r in records}),
        "agency kinds": len({re.sub(r"^.*?(街道办事处|街道|镇|乡|区|县|市|省)", r"\1", r.agency or "")[-4:]
                             for r in records}),
        "years": len({r.year for r in records}),
        "templates": dict(Counter(r.template for r in records)),
        "figure labels": len({f.label for r in records for f in r.figures}),
        "figure phrasings": len({shape(f.text) for r in records for f in r.figures}),
        "problem sentences": len({shape(p.text) for r in records for p in r.problems}),
        "measure sentences": len({shape(m.text) for r in records for m in r.measures}),
        "paragraph enumeration styles": dict(Counter(enumeration(b.text) for c in contents
                                                     for b in c.blocks if b.kind == "para")),
        "themes used": len({t for r in records for i in r.problems + r.measures for t in i.themes}),
        "paragraph shapes": len({shape(b.text) for c in contents for b in c.blocks if b.kind == "para"}),
        "style keys": {k: len({str(c.style.get(k)) for c in contents})
                       for k in sorted({k for c in contents for k in c.style})},
        "layouts": list(FORMATS),
    }
    width = max(len(k) for k in stats)
    for k, v in stats.items():
        print(f"{k:{width}s}  {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
