"""How long `gkextract review` takes to write its site (and workbook) for a big batch, and how big the index is.

usage: python benchmarks/review_site.py [--n 5000] [--repeat 1] [--xlsx] [--json]

Records are generated once (gkextract synth, a share with injected faults; each with its report rendered as
text) and reused for every repeat; only writing is timed. Extraction is not part of this benchmark
(extract_speed.py measures it).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path


def make_batch(n: int, seed: int = 0, faults: float = 0.3):
    from gkextract.record import Source
    from gkextract.reviewer import Reviewed
    from gkextract.synth.generate import generate_record
    from gkextract.synth.render import render

    rng = random.Random(seed)
    done = []
    for i in range(n):
        record, content = generate_record(rng, faults=faults)
        data = render(content, "txt_tab")
        record.source = Source(path=f"bench/{i:05d}.txt", format="txt", sha256=hashlib.sha256(data).hexdigest())
        done.append(Reviewed(record, text=data.decode(content.style["encoding"]).lstrip("\ufeff")))
    return done


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--xlsx", action="store_true", help="also time the workbook")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from gkextract.reviewer import Failed, write_site, write_xlsx

    t = time.perf_counter()
    done = make_batch(args.n)
    generated = time.perf_counter() - t
    failed = [Failed(f"bench/broken_{i}.pdf", "no text layer") for i in range(10)]
    site_s, xlsx_s = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.repeat):
            t = time.perf_counter()
            site = write_site(done, failed, Path(tmp) / f"site{r}")
            site_s.append(time.perf_counter() - t)
            if args.xlsx:
                t = time.perf_counter()
                write_xlsx(done, failed, Path(tmp) / f"list{r}.xlsx")
                xlsx_s.append(time.perf_counter() - t)
        total = sum(p.stat().st_size for p in (site.out_dir / "reports").iterdir()) + site.index_bytes
    result = {"reports": args.n, "generate_s": round(generated, 1), "site_s": round(min(site_s), 2),
              "pages_per_s": round(args.n / min(site_s)), "index_kb": round(site.index_bytes / 1024),
              "site_mb": round(total / 2**20, 1), "avg_page_kb": round((total - site.index_bytes) / args.n / 1024, 1)}
    if xlsx_s:
        result["xlsx_s"] = round(min(xlsx_s), 2)
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>12}: {v}")


if __name__ == "__main__":
    sys.exit(main())
