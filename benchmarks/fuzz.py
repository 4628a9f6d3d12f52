"""Fuzzing the readers as a crawler's batch would: thousands of generated malformed files, every one of which
must end as a record or a failure with a clear reason — never an internal error, a hang or a lost file.

usage: python benchmarks/fuzz.py [--n 2000] [--seed 1] [--jobs 2] [--timeout 60] [--max-memory 2048]
                                 [--kinds a,b] [--keep DIR] [--json FILE]
       python benchmarks/fuzz.py --atheris FORMAT [-- atheris args]   (coverage-guided, where atheris imports)

Files are made from synthetic reports (gkextract.synth, every layout) by mutations named by *kind*
(see KINDS): truncated, bit-flipped, wrong extension, every Chinese encoding and mixtures, empty, giant lines,
deep or huge HTML tables, zip-bomb and broken DOCX, broken/encrypted/huge PDFs, control characters, absurd
numbers. They run through ``gkextract.batch.run`` (the code ``gkextract extract`` uses, with its per-file
time and memory limits) and the report counts outcomes by kind:

- ``record``    a record came back
- ``reason``    a listed failure with a clear reason
- ``internal``  ``internal error: ...`` (a bug: the exception escaped the readers)
- ``limit``     the file hit the time or memory limit, or its worker died (listed, the batch went on)
- ``missing``   no outcome at all for the file (must be 0)
"""
from __future__ import annotations

import argparse
import codecs
import inspect
import io
import json
import random
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Iterator

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

BASE_FORMATS = ("txt_tab", "txt_pipe", "txt_lines", "txt_runtogether", "txt_scraped", "html", "html_spans",
                "docx", "docx_spans", "pdf")
CHINESE_ENCODINGS = ("gb2312", "gbk", "gb18030", "cp936", "hz", "big5", "big5hkscs", "cp950", "utf-16",
                     "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig", "iso2022_jp_2")
ABSURD_NUMBERS = ("1" + "0" * 30, "－5", "一百二十", "NaN", "nan", "inf", "-inf", "1e308", "1e-400",
                  "9" * 5000, "1" * 4301, "0." + "1" * 5000, "1.2.3", "１２３４５", "٣٤٥", "²³", "⑤", "Ⅻ",
                  "+-5", "--3", "5-", "1,2,3,4", ",,,", "1" + ",000" * 2000, "减" * 50 + "1")
SUFFIX = {"txt": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf"}


def family(fmt: str) -> str:
    return fmt.split("_")[0]


# ----------------------------------------------------------------------------------------------- bases

def bases(rng: random.Random, per_format: int) -> list[tuple[str, bytes]]:
    """Well-formed synthetic reports (format name, bytes) to mutate."""
    from gkextract.synth import generate_record, render

    out = []
    for fmt in BASE_FORMATS:
        for _ in range(per_format):
            _, content = generate_record(random.Random(rng.random()))
            out.append((fmt, render(content, fmt)))
    return out


def _text(fmt: str, data: bytes) -> str:
    """A text base's characters (txt and html bases are UTF-8)."""
    return data.decode("utf-8", errors="replace")


# ----------------------------------------------------------------------------------------------- kinds
# Each kind: (rng, bases) -> iterator of (suffix, bytes). Bases are (fmt, bytes).

def k_valid(rng, bs):
    fmt, data = rng.choice(bs)
    yield SUFFIX[family(fmt)], data


def k_truncated(rng, bs):
    fmt, data = rng.choice(bs)
    yield SUFFIX[family(fmt)], data[: rng.randrange(0, max(len(data), 1))]


def k_bitflip(rng, bs):
    fmt, data = rng.choice(bs)
    buf = bytearray(data)
    for _ in range(rng.choice((1, 3, 10, 100, 1000))):
        if buf:
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
    yield SUFFIX[family(fmt)], bytes(buf)


def k_wrong_ext(rng, bs):
    fmt, data = rng.choice(bs)
    others = [s for s in (".txt", ".html", ".docx", ".pdf", ".htm") if s != SUFFIX[family(fmt)]]
    yield rng.choice(others), data


def k_encoding(rng, bs):
    fmt, data = rng.choice([b for b in bs if family(b[0]) in ("txt", "html")])
    text = _text(fmt, data)
    enc = rng.choice(CHINESE_ENCODINGS)
    if enc.startswith("big5") or enc == "cp950":
        import opencc
        text = opencc.OpenCC("s2t").convert(text)
    yield SUFFIX[family(fmt)], text.encode(enc, errors="replace")


def k_mixed_encoding(rng, bs):
    fmt, data = rng.choice([b for b in bs if family(b[0]) in ("txt", "html")])
    text = _text(fmt, data)
    cut = rng.randrange(len(text))
    a, b = rng.sample(("utf-8", "gb18030", "gbk", "big5", "utf-16-le"), 2)
    mixed = text[:cut].encode(a, errors="replace") + text[cut:].encode(b, errors="replace")
    if family(fmt) == "html" and rng.random() < 0.5:  # a GBK page saying it is UTF-8
        mixed = text.replace("<head>", '<head><meta charset="utf-8">', 1).encode("gb18030")
    yield SUFFIX[family(fmt)], mixed


def k_empty(rng, bs):
    yield rng.choice((".txt", ".html", ".docx", ".pdf")), rng.choice(
        (b"", b" ", b"\n\n\n", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"PK\x03\x04", b"%PDF-1.7", b"<html></html>",
         b"<html><body></body></html>", "\u3000\u3000".encode("utf-8")))


def k_control(rng, bs):
    fmt, data = rng.choice([b for b in bs if family(b[0]) in ("txt", "html")])
    text = list(_text(fmt, data))
    share = rng.choice((0.001, 0.005, 0.02, 0.3))
    for _ in range(int(len(text) * share) + 1):
        text.insert(rng.randrange(len(text) + 1), chr(rng.choice(list(range(0, 32)) + [0x7f, 0x85, 0x2028,
                                                                                        0xfeff, 0x200b])))
    yield SUFFIX[family(fmt)], "".join(text).encode("utf-8")


def k_giant_line(rng, bs):
    fmt, data = rng.choice([b for b in bs if family(b[0]) == "txt"])
    text = _text(fmt, data)
    size = rng.choice((10 ** 5, 10 ** 6, 3 * 10 ** 6))
    filler = rng.choice(("1", "12", "中", "a b ", "1 ", "、"))
    giant = (filler * (size // len(filler) + 1))[:size]
    lines = text.split("\n")
    lines.insert(rng.randrange(len(lines) + 1), giant)
    yield ".txt", "\n".join(lines).encode("utf-8")


def k_absurd_number(rng, bs):
    fmt, data = rng.choice([b for b in bs if family(b[0]) in ("txt", "html")])
    text = _text(fmt, data)
    import re
    nums = list(re.finditer(r"(?<![\d.])\d{1,4}(?![\d.])", text))
    if not nums:
        yield SUFFIX[family(fmt)], data
        return
    out, last = [], 0
    for m in sorted(rng.sample(nums, min(len(nums), rng.choice((1, 3, 20)))), key=lambda m: m.start()):
        out += [text[last:m.start()], rng.choice(ABSURD_NUMBERS)]
        last = m.end()
    out.append(text[last:])
    yield SUFFIX[family(fmt)], "".join(out).encode("utf-8")


def k_html_deep(rng, bs):
    fmt, data = rng.choice([b for b in bs if family(b[0]) == "html"])
    text = _text(fmt, data)
    depth = rng.choice((300, 3000, 12000, 50000))
    tag = rng.choice(("div", "span", "font", "b", "td"))
    head, sep, rest = text.partition("<body>")
    body, sep2, tail = rest.partition("</body>")
    if not sep:
        head, body, tail = "", text, ""
    wrapped = f"<{tag}>" * depth + body + (f"</{tag}>" * depth if rng.random() < 0.7 else "")
    yield ".html", f"{head}<body>{wrapped}</body>{tail}".encode("utf-8")


def k_html_huge_table(rng, bs):
    variant = rng.choice(("rowspan", "colspan", "rows", "nested"))
    if variant == "rowspan":
        html = ("<table><tr><td rowspan=100000>一、主动公开</td><td>1</td></tr>"
                + "<tr><td>2</td></tr>" * rng.choice((10, 1000, 20000)) + "</table>")
    elif variant == "colspan":
        html = "<table>" + "<tr><td colspan=100000>x</td><td>1</td></tr>" * rng.choice((10, 500)) + "</table>"
    elif variant == "rows":
        html = "<table>" + "<tr><td>行</td><td>1</td><td>2</td></tr>" * rng.choice((10000, 60000)) + "</table>"
    else:
        depth = rng.choice((50, 500, 3000))
        html = "<table><tr><td>" * depth + "本年新收政府信息公开申请数量 5" + "</td></tr></table>" * depth
    yield ".html", f"<html><body><h1>某某局2023年政府信息公开工作年度报告</h1>{html}</body></html>".encode("utf-8")


def _docx_with(document_xml: bytes | None = None, stream_size: int = 0, extra: dict | None = None) -> bytes:
    """A minimal DOCX package; ``stream_size`` writes a document part of that many bytes without holding it."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        if stream_size:
            with z.open("word/document.xml", "w", force_zip64=True) as fh:
                fh.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                         b"<w:body><w:p><w:r><w:t>")
                chunk = b"A" * (1 << 20)
                for _ in range(stream_size >> 20):
                    fh.write(chunk)
                fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
        elif document_xml is not None:
            z.writestr("word/document.xml", document_xml)
        for name, value in (extra or {}).items():
            z.writestr(name, value)
    return buf.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def k_docx_bomb(rng, bs):
    yield ".docx", _docx_with(stream_size=rng.choice((300, 1100)) << 20)


def k_docx_broken(rng, bs):
    variant = rng.choice(("no_document", "xml_garbage", "deep", "huge_run", "no_rels", "bad_target", "dtd",
                          "ole_encrypted", "ole_doc", "empty_zip"))
    if variant == "no_document":
        data = _docx_with(None)
    elif variant == "xml_garbage":
        data = _docx_with(b"<w:document " + _W.encode() + b"><w:body><w:p><w:r><w:t>abc</w:body>")
    elif variant == "deep":
        depth = rng.choice((1000, 20000))
        p = "<w:ins>" * depth + "<w:r><w:t>某某局2023年政府信息公开工作年度报告</w:t></w:r>" + "</w:ins>" * depth
        data = _docx_with(f"<w:document {_W}><w:body><w:p>{p}</w:p></w:body></w:document>".encode())
    elif variant == "huge_run":
        run = "政府信息公开工作年度报告。" * (15_000_000 // 39)
        data = _docx_with(f"<w:document {_W}><w:body><w:p><w:r><w:t>{run}</w:t></w:r></w:p></w:body>"
                          f"</w:document>".encode())
    elif variant == "no_rels":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
        data = buf.getvalue()
    elif variant == "bad_target":
        data = _docx_with(b"<x/>").replace(b'Target="word/document.xml"', b'Target="../../../etc/passwd"')
    elif variant == "dtd":
        data = _docx_with(('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;'
                           '&lol;&lol;&lol;&lol;&lol;">]>' f"<w:document {_W}><w:body><w:p><w:r><w:t>&lol2;</w:t>"
                           "</w:r></w:p></w:body></w:document>").encode())
    elif variant == "ole_encrypted":
        data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le")
    elif variant == "ole_doc":
        data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(4000))
    else:
        buf = io.BytesIO()
        zipfile.ZipFile(buf, "w").close()
        data = buf.getvalue()
    yield ".docx", data


def k_pdf_broken(rng, bs):
    pdfs = [d for f, d in bs if family(f) == "pdf"]
    data = rng.choice(pdfs)
    variant = rng.choice(("mediabox_zero", "mediabox_garbage", "mediabox_short", "no_eof", "xref_garbage",
                          "html_as_pdf", "header_only", "encrypted", "huge"))
    if variant == "mediabox_zero":
        data = _pdf_rewrite(data, lambda page: page.mediabox.__setattr__("upper_right", (0, 0)))
    elif variant == "mediabox_garbage":
        data = data.replace(b"/MediaBox [", b"/MediaBox [/Foo (x) ", 1) if b"/MediaBox [" in data else data
    elif variant == "mediabox_short":
        import re
        data = re.sub(rb"/MediaBox\s*\[[^\]]*\]", b"/MediaBox [0 0]", data, count=1)
    elif variant == "no_eof":
        data = data[: len(data) * 9 // 10]
    elif variant == "xref_garbage":
        i = data.rfind(b"xref")
        data = data[:i] + b"xref\n0 9999999\nzzzz" + data[i + 20:] if i > 0 else data
    elif variant == "html_as_pdf":
        data = next(d for f, d in bs if family(f) == "html")
    elif variant == "header_only":
        data = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(rng.randrange(256) for _ in range(2000))
    elif variant == "encrypted":
        data = _pdf_rewrite(data, None, encrypt=rng.choice(("", "secret")))
    else:  # huge: the same pages many times over
        data = _pdf_rewrite(data, None, repeat=rng.choice((50, 400)))
    yield ".pdf", data


def _pdf_rewrite(data: bytes, change: Callable | None, encrypt: str | None = None, repeat: int = 1) -> bytes:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    for _ in range(repeat):
        for page in reader.pages:
            writer.add_page(page)
    if change is not None:
        for page in writer.pages:
            change(page)
    if encrypt is not None:
        writer.encrypt(user_password=encrypt, owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


KINDS: dict[str, tuple[Callable[..., Iterator], float]] = {  # kind -> (generator, share of the files)
    "valid": (k_valid, 0.04),
    "truncated": (k_truncated, 0.12),
    "bitflip": (k_bitflip, 0.14),
    "wrong_ext": (k_wrong_ext, 0.06),
    "encoding": (k_encoding, 0.12),
    "mixed_encoding": (k_mixed_encoding, 0.06),
    "empty": (k_empty, 0.03),
    "control": (k_control, 0.07),
    "giant_line": (k_giant_line, 0.02),
    "absurd_number": (k_absurd_number, 0.14),
    "html_deep": (k_html_deep, 0.03),
    "html_huge_table": (k_html_huge_table, 0.03),
    "docx_bomb": (k_docx_bomb, 0.002),
    "docx_broken": (k_docx_broken, 0.04),
    "pdf_broken": (k_pdf_broken, 0.06),
}


def generate(out_dir: Path, n: int, seed: int, kinds: list[str]) -> dict[str, str]:
    """Write about ``n`` files into ``out_dir``; returns {path: kind}."""
    rng = random.Random(seed)
    bs = bases(rng, per_format=3)
    weights = {k: KINDS[k][1] for k in kinds}
    total = sum(weights.values())
    made: dict[str, str] = {}
    for kind in kinds:
        count = max(1, round(n * weights[kind] / total))
        for i in range(count):
            for j, (suffix, data) in enumerate(KINDS[kind][0](rng, bs)):
                path = out_dir / f"{kind}_{i:05d}_{j}{suffix}"
                path.write_bytes(data)
                made[str(path)] = kind
    return made


# ----------------------------------------------------------------------------------------------- running

def outcome_class(outcome) -> str:
    if outcome.ok:
        return "record"
    error = outcome.error or ""
    if error.startswith("internal error") or getattr(outcome, "internal", False):  # incl. mapped PDF errors
        return "internal"
    if getattr(outcome, "limit", False) or error.startswith(("time limit", "memory limit", "worker died")):
        return "limit"
    return "reason"


def run_batch(files: list[str], jobs: int, timeout: float, max_memory: int):
    from gkextract import batch

    kwargs = {"jobs": jobs}
    params = inspect.signature(batch.run).parameters
    if "timeout" in params:
        kwargs.update(timeout=timeout, max_memory=max_memory)
    return list(batch.run([Path(f) for f in files], **kwargs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="about this many files")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--max-memory", type=int, default=2048)
    ap.add_argument("--kinds", help="only these kinds (comma-separated)")
    ap.add_argument("--keep", help="write the files here and keep them (default: a temporary folder)")
    ap.add_argument("--files", help="run over files kept by an earlier --keep instead of generating")
    ap.add_argument("--json", help="write the counts here too")
    ap.add_argument("--atheris", metavar="FORMAT", help="coverage-guided fuzzing of one reader with atheris")
    a, rest = ap.parse_known_args()
    if a.atheris:
        return atheris_main(a.atheris, rest)
    kinds = a.kinds.split(",") if a.kinds else list(KINDS)
    tmp = None if a.keep else tempfile.TemporaryDirectory(prefix="gkfuzz-")
    out_dir = Path(a.keep or tmp.name)
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if a.files:  # kind_00012_0.ext
        made = {str(f): f.name.rsplit("_", 2)[0] for f in sorted(Path(a.files).iterdir())
                if f.name.rsplit("_", 2)[0] in kinds}
    else:
        made = generate(out_dir, a.n, a.seed, kinds)
    t1 = time.perf_counter()
    outcomes = run_batch(sorted(made), a.jobs, a.timeout, a.max_memory)
    t2 = time.perf_counter()
    counts: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    seen = set()
    for o in outcomes:
        seen.add(o.path)
        cls = outcome_class(o)
        counts[made.get(o.path, "?")][cls] += 1
        if cls in ("internal", "limit") and len(examples[cls]) < 40:
            examples[cls].append(f"{Path(o.path).name}: {o.error[:200]}")
    for path in set(made) - seen:
        counts[made[path]]["missing"] += 1
    classes = ("record", "reason", "internal", "limit", "missing")
    print(f"{len(made)} files generated in {t1 - t0:.0f}s, extracted in {t2 - t1:.0f}s "
          f"({a.jobs} jobs, timeout {a.timeout:g}s, max memory {a.max_memory} MB)")
    print(f"{'kind':<18}" + "".join(f"{c:>10}" for c in classes))
    totals = Counter()
    for kind in kinds:
        totals.update(counts[kind])
        print(f"{kind:<18}" + "".join(f"{counts[kind][c]:>10}" for c in classes))
    print(f"{'total':<18}" + "".join(f"{totals[c]:>10}" for c in classes))
    for cls, lines in examples.items():
        print(f"\n{cls}:")
        for line in lines:
            print("  " + line)
    reasons = Counter((o.error or "").split(":")[0][:60] for o in outcomes if not o.ok)
    print("\nreasons:", json.dumps(reasons.most_common(25), ensure_ascii=False, indent=1))
    if a.json:
        Path(a.json).write_text(json.dumps({"files": len(made), "seconds": t2 - t1,
                                            "counts": {k: dict(v) for k, v in counts.items()},
                                            "totals": dict(totals), "examples": examples},
                                           ensure_ascii=False, indent=1))
    if tmp:
        tmp.cleanup()


def atheris_main(fmt: str, argv: list[str]) -> None:
    """Coverage-guided fuzzing of one reader's ``read(path, raw, sha)``: any exception other than
    ReadError is a finding (atheris stops and writes the crashing input)."""
    import atheris

    with atheris.instrument_imports():
        from gkextract.errors import GkError
        from gkextract.readers import _reader
    reader = _reader(fmt)
    path = Path(f"fuzz{SUFFIX[family(fmt)]}")

    def one(data: bytes) -> None:
        try:
            reader(path, data, "0" * 64)
        except GkError:
            pass

    atheris.Setup([sys.argv[0], *argv], one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
