"""OCR speed and accuracy on generated scanned reports, per engine.

    .venv/bin/python benchmarks/ocr_speed.py --n 4 --engines tesseract,rapidocr [--formats pdf_scan,png_scan] [--corpus DIR] [--json]

Writes N scanned reports (pdf_scan; gold beside each), extracts each with each engine in this process,
and prints per engine: pages/s (wall and CPU seconds per page; the goal is ≥ 1 page/s on 2 cores),
table cell accuracy against the gold (goal ≥ 0.97) and the share of reports with the year right.
Wall time is meaningless on a loaded machine: compare CPU seconds per page there.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path


def _cells(tables) -> dict:
    """'table.row.col' → value, legacy rows by label and occurrence (as gkscore flattens them)."""
    out = {}
    for name, rows in (tables or {}).items():
        if isinstance(rows, list):  # legacy_stats: [{label, value}, ...]
            seen: dict = {}
            for r in rows:
                label = "".join(str(r.get("label")).split())
                seen[label] = seen.get(label, 0) + 1
                out[f"{name}.{label}#{seen[label]}"] = r.get("value")
            continue
        for row, cols in (rows or {}).items():
            if isinstance(cols, dict):
                for col, value in cols.items():
                    out[f"{name}.{row}.{col}"] = value
    return out


def cell_accuracy(gold: dict, pred: dict) -> tuple[int, int]:
    want, got = _cells(gold.get("tables")), _cells(pred.get("tables"))
    return sum(got.get(k) == v for k, v in want.items()), len(want)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=4)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--engines", default="rapidocr,tesseract")
    ap.add_argument("--formats", default="pdf_scan")
    ap.add_argument("--corpus", type=Path, help="an existing folder of scans + gold (skips generation)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from gkextract.pipeline import extract
    from gkextract.readers import ocr
    from gkextract.synth.corpus import synth_corpus

    tmp = None
    folder = args.corpus
    if folder is None:
        tmp = tempfile.TemporaryDirectory(prefix="gkocr-")
        folder = Path(tmp.name)
        synth_corpus(args.n, args.seed, folder, formats=args.formats.split(","), templates=("2019", "2021", "legacy"))
    reports = sorted(p for p in folder.iterdir() if p.suffix in (".pdf", ".png", ".jpg"))
    results = {}
    for name in args.engines.split(","):
        os.environ["GKEXTRACT_OCR_ENGINE"] = name
        ocr.engine.cache_clear()
        try:
            ocr.engine()
        except ocr.OcrUnavailable as e:
            results[name] = {"error": str(e)}
            continue
        pages = right = total = years = 0
        done = []  # one per page read by OCR (a long image is several pages, one ocr_pages entry)
        ocr.set_progress(lambda name, page, n: done.append(page))
        wall, cpu = time.perf_counter(), time.process_time()
        child = os.times()
        for p in reports:
            rec = json.loads(extract(p).to_json())
            gold = json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))
            r, t = cell_accuracy(gold, rec)
            right, total = right + r, total + t
            years += rec.get("year") == gold.get("year")
        wall = time.perf_counter() - wall
        pages = len(done)
        ocr.set_progress(None)
        after = os.times()
        cpu = time.process_time() - cpu + (after.children_user - child.children_user) \
            + (after.children_system - child.children_system)  # tesseract runs as a child process
        results[name] = {"reports": len(reports), "pages": pages, "pages_per_s": round(pages / wall, 3),
                         "cpu_s_per_page": round(cpu / max(pages, 1), 2),
                         "cell_accuracy": round(right / total, 4) if total else None, "cells": total,
                         "year_right": round(years / len(reports), 3) if reports else None}
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for name, r in results.items():
            print(name, "  ".join(f"{k}={v}" for k, v in r.items()))
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
