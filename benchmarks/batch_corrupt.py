"""A crawler's batch end to end (issue 14 §4): N generated reports of which a share is corrupt, through
``gkextract extract DIR --out OUT --db DB --jobs J`` as a user runs it; then every good report must have its
record written (OUT/<stem>.json and one store row), every corrupt one must be a record or a listed failure
with a reason, and nothing may be missing or stored twice.

usage: python benchmarks/batch_corrupt.py [--n 10000] [--corrupt 0.01] [--jobs 2] [--seed 3] [--json FILE]

Corrupt files rotate through kinds a crawl brings: empty, binary junk, a truncated HTML page, a PDF cut
after its header, a zip saved as .docx, UTF-16 text without a BOM.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GK = [sys.executable, "-m", "gkextract"]


def corrupt(path: Path, kind: str, rng: random.Random) -> Path:
    """Damage ``path`` in place (or replace it by a file of another extension); the new path."""
    data = path.read_bytes()
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    elif kind == "truncated":
        path.write_bytes(data[: max(1, len(data) // 50)])
    elif kind == "pdf_cut":
        path.unlink()
        path = path.with_suffix(".pdf")
        path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    elif kind == "zip_as_docx":
        path.unlink()
        path = path.with_suffix(".docx")
        path.write_bytes(b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(2048)))
    elif kind == "utf16":
        path.write_bytes(data.decode("utf-8", "replace").encode("utf-16-le"))
    return path


KINDS = ("empty", "binary", "truncated", "pdf_cut", "zip_as_docx", "utf16")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--corrupt", type=float, default=0.01)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--formats", default="txt_tab,html,txt_pipe,txt_scraped,html_spans")
    ap.add_argument("--json", help="write the result here too")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="gk_batch_"))
    try:
        src, out, db = work / "reports", work / "out", work / "store.duckdb"
        t = time.perf_counter()
        subprocess.run([*GK, "synth", "--out", str(src), "--n", str(args.n), "--seed", str(args.seed),
                        "--formats", args.formats], check=True, capture_output=True)
        for gold in src.glob("*.json"):
            gold.unlink()
        inputs = sorted(src.iterdir())
        bad = {}
        for i, p in enumerate(rng.sample(inputs, int(round(len(inputs) * args.corrupt)))):
            kind = KINDS[i % len(KINDS)]
            bad[corrupt(p, kind, rng).stem] = kind
        made = time.perf_counter() - t
        t = time.perf_counter()
        proc = subprocess.run([*GK, "extract", str(src), "--out", str(out), "--db", str(db),
                               "--jobs", str(args.jobs)], capture_output=True, text=True)
        took = time.perf_counter() - t
        failures = {Path(f["path"]).stem: f["reason"] for f in json.loads((out / "_failures.json").read_text())} \
            if (out / "_failures.json").exists() else {}
        written = {p.stem for p in out.glob("*.json") if not p.name.startswith("_")}
        stems = {p.stem for p in src.iterdir()}
        good = stems - set(bad)
        import duckdb
        con = duckdb.connect(str(db), read_only=True)
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        table = "reports" if "reports" in tables else sorted(tables)[0]
        rows, distinct = con.execute(f"select count(*), count(distinct sha256) from {table}").fetchone()
        con.close()
        res = {
            "files": len(stems), "corrupt": len(bad), "jobs": args.jobs, "exit_status": proc.returncode,
            "seconds_extract": round(took, 1), "files_per_s": round(len(stems) / took, 1),
            "seconds_generate": round(made, 1),
            "good_with_record": len(good & written), "good_missing": sorted(good - written)[:20],
            "good_failed": {s: failures[s] for s in sorted(good & set(failures))[:20]},
            "corrupt_as_record": len(set(bad) & written), "corrupt_listed": len(set(bad) & set(failures)),
            "corrupt_lost": sorted(set(bad) - written - set(failures)),
            "reasons": {f"{bad[s]}: {failures[s]}" for s in bad if s in failures},
            "store_rows": rows, "store_distinct_sha256": distinct,
        }
        res["reasons"] = sorted(res["reasons"])[:12]
        res["ok"] = (not res["good_missing"] and not res["good_failed"] and not res["corrupt_lost"]
                     and rows == distinct == len(written))
        text = json.dumps(res, ensure_ascii=False, indent=1)
        print(text)
        if args.json:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
        return 0 if res["ok"] else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
