"""Extraction speed and peak memory per input format, one core.

usage: python benchmarks/extract_speed.py [FOLDER ...] [--repeat N] [--formats docx,pdf]
                                          [--generated-pdfs N] [--pdf-pages 100] [--json OUT]

Each format runs in its own process (pinned to one core where the OS allows) so peak memory is per
format. Defaults to corpus/samples and ../shared/corpus.

PDF side by side (in one process, files interleaved, so both see the same machine load): whole-record
extraction of each PDF against pdfplumber's bare ``extract_text`` on the same file (goal: ratio ≤ 0.5),
over the PDFs found and ``--generated-pdfs`` generated reports (LibreOffice). ``--pdf-pages``: peak memory
of extracting one PDF of that many pages (generated reports put together with pypdfium2), in a process
of its own (goal: < 300 MB at 100 pages).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORKER = r"""
import json, os, resource, sys, time
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
from gkextract.pipeline import extract
files, repeat = json.loads(sys.argv[1]), int(sys.argv[2])
extract(files[0])  # warm-up: imports, templates, models
t = time.perf_counter()
n = 0
for _ in range(repeat):
    for f in files:
        extract(f)
        n += 1
dt = time.perf_counter() - t
print(json.dumps({"reports": n, "seconds": dt, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


PDF_WORKER = r"""
import json, os, sys, time
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
import pdfplumber
from gkextract.pipeline import extract
files, repeat = json.loads(sys.argv[1]), int(sys.argv[2])

def plumber_text(f):
    with pdfplumber.open(f) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)

extract(files[0]); plumber_text(files[0])  # warm-up
out = {}
for f in files:
    ours = theirs = 0.0
    for _ in range(repeat):
        t = time.perf_counter(); extract(f); ours += time.perf_counter() - t
        t = time.perf_counter(); plumber_text(f); theirs += time.perf_counter() - t
    out[f] = {"extract_s": ours / repeat, "plumber_text_s": theirs / repeat}
print(json.dumps(out))
"""

MEM_WORKER = r"""
import json, resource, sys, time
from gkextract.pipeline import extract
from gkextract.readers import read
f = sys.argv[1]
t = time.perf_counter()
rec = extract(f)
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BASE_WORKER = r"""
import json, resource
from gkextract.pipeline import extract
import sys
extract(sys.argv[1])
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def generated_pdfs(n: int, out: Path) -> list[str]:
    """n generated reports as PDF (needs LibreOffice), half of them with unruled tables."""
    import random

    from gkextract.synth import generate_record, render_many

    paths = []
    for fmt, k in (("pdf", (n + 1) // 2), ("pdf_unruled", n // 2)):
        if not k:
            continue
        drawn = [generate_record(random.Random(f"bench:{fmt}:{i}")) for i in range(k)]
        for i, data in enumerate(render_many([c for _, c in drawn], fmt)):
            p = out / f"{fmt}_{i}.pdf"
            p.write_bytes(data)
            paths.append(str(p))
    return paths


def long_pdf(pages: int, sources: list[str], out: Path) -> Path:
    """One PDF of at least ``pages`` pages: the sources' pages, over and over, put together by pypdfium2."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    srcs = [pdfium.PdfDocument(s) for s in sources]
    while len(doc) < pages:
        for src in srcs:
            if len(doc) >= pages:
                break
            doc.import_pages(src)
    path = out / f"long_{pages}.pdf"
    doc.save(str(path))
    n = len(doc)
    doc.close()
    for src in srcs:
        src.close()
    print(f"built {path.name}: {n} pages")
    return path


def pdf_side_by_side(files: list[str], repeat: int) -> dict:
    out = subprocess.run([sys.executable, "-c", PDF_WORKER, json.dumps(files), str(repeat)],
                         capture_output=True, text=True, cwd=REPO)
    if out.returncode != 0:
        print(f"pdf side by side: failed\n{out.stderr[-2000:]}")
        return {}
    per_file = json.loads(out.stdout.strip().splitlines()[-1])
    for f, r in per_file.items():
        r["ratio"] = r["extract_s"] / r["plumber_text_s"]
        print(f"  {Path(f).name:32s} extract {r['extract_s'] * 1000:7.1f} ms  pdfplumber extract_text "
              f"{r['plumber_text_s'] * 1000:7.1f} ms  ratio {r['ratio']:.2f}")
    groups = {"real": [f for f in per_file if "/gkbench-" not in f],
              "generated": [f for f in per_file if "/gkbench-" in f]}
    summary = {}
    for name, fs in groups.items():
        if fs:
            ours = sum(per_file[f]["extract_s"] for f in fs)
            theirs = sum(per_file[f]["plumber_text_s"] for f in fs)
            summary[name] = {"files": len(fs), "extract_s": ours, "plumber_text_s": theirs,
                             "ratio": ours / theirs}
            print(f"pdf {name:9s} {len(fs):3d} files  extract {len(fs) / ours:6.1f} reports/s  pdfplumber "
                  f"extract_text {len(fs) / theirs:6.1f} files/s  ratio {ours / theirs:.2f} (goal <= 0.5)")
    return {"per_file": per_file, "summary": summary}


def pdf_memory(path: Path, small: str) -> dict:
    base = subprocess.run([sys.executable, "-c", BASE_WORKER, small], capture_output=True, text=True, cwd=REPO)
    out = subprocess.run([sys.executable, "-c", MEM_WORKER, str(path)], capture_output=True, text=True, cwd=REPO)
    if out.returncode != 0 or base.returncode != 0:
        print(f"pdf memory: failed\n{(out.stderr or base.stderr)[-2000:]}")
        return {}
    r = json.loads(out.stdout.strip().splitlines()[-1])
    r["baseline_peak_mb"] = json.loads(base.stdout.strip().splitlines()[-1])["peak_mb"]
    print(f"pdf {path.name}: {r['seconds']:.1f} s, peak {r['peak_mb']:.0f} MB (goal < 300; a one-report "
          f"process peaks at {r['baseline_peak_mb']:.0f} MB)")
    return r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="*", default=[str(REPO / "corpus" / "samples"), str(REPO.parent / "shared" / "corpus")])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--formats", help="only these formats (comma-separated: txt,html,docx,pdf)")
    ap.add_argument("--json", help="write the results here too")
    ap.add_argument("--generated-pdfs", type=int, default=6,
                    help="generated PDF reports (LibreOffice) in the PDF comparison (0: none)")
    ap.add_argument("--pdf-pages", type=int, default=100, help="pages of the PDF for peak memory (0: skip)")
    a = ap.parse_args()
    suffix_format = {".txt": "txt", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
    by_format: dict[str, list[str]] = defaultdict(list)
    for folder in a.folders:
        for f in sorted(Path(folder).rglob("*")):
            fmt = suffix_format.get(f.suffix.lower())
            if fmt and f.is_file() and (not a.formats or fmt in a.formats.split(",")):
                by_format[fmt].append(str(f))
    results = {}
    for fmt, files in sorted(by_format.items()):
        out = subprocess.run([sys.executable, "-c", WORKER, json.dumps(files), str(a.repeat)],
                             capture_output=True, text=True, cwd=REPO)
        if out.returncode != 0:
            print(f"{fmt}: failed\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        r["reports_per_s"] = r["reports"] / r["seconds"]
        r["files"] = len(files)
        results[fmt] = r
        print(f"{fmt:5s} {len(files):4d} files  {r['reports_per_s']:7.1f} reports/s  peak {r['peak_mb']:6.0f} MB")
    pdfs = by_format.get("pdf", [])
    if pdfs or a.generated_pdfs:
        results["pdf_compare"] = _pdf_benchmarks(pdfs, a)
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=1))


def _pdf_benchmarks(pdfs: list[str], a) -> dict:
    import tempfile

    from gkextract.synth.render.pdf import libreoffice

    with tempfile.TemporaryDirectory(prefix="gkbench-") as tmp:
        gen: list[str] = []
        if (a.generated_pdfs or a.pdf_pages) and libreoffice():
            gen = generated_pdfs(max(a.generated_pdfs, 4 if a.pdf_pages else 0), Path(tmp))
        elif a.generated_pdfs:
            print("no LibreOffice: generated PDFs left out")
        files = pdfs + gen[:a.generated_pdfs]
        print("pdf side by side (one process, same files):")
        out = pdf_side_by_side(files, a.repeat) if files else {}
        if a.pdf_pages and (gen or pdfs):
            out["memory"] = pdf_memory(long_pdf(a.pdf_pages, gen or pdfs, Path(tmp)), (gen or pdfs)[0])
        return out


if __name__ == "__main__":
    main()
