"""One table cell changed in the source: is it read as written, and is every rule it breaks flagged?

    python benchmarks/real_faults.py [--real DIR ...] [--gold DIR] [--per-report 50] [--synth 4] [--cells 6]
                                     [--formats txt_tab,html] [--show 10]

Real reports (txt, and a text copy of each real PDF whose tables read as its gold): every standalone
number of a table line is changed in the text, one at a time (a sample of ``--per-report``). Generated
reports (every layout of gkextract.synth FORMATS; scans are not in FORMATS): ``--cells`` value cells that
take part in an arithmetic rule are changed in the grid before rendering (synth/faults.py change_cell),
blank ones too. Then the report is extracted and

- read as written: the changed cell, and only it, differs from the unchanged report, by the value written;
- flagged: every rule the change breaks is among the record's failed checks. The rules a change breaks
  are computed with the checks' own arithmetic (checks/arithmetic.py) on the gold table with the new
  value: T3_ROW_SUM, T3_TOTAL_SUM, T3_BALANCE, T4_SUM (blank parts count as 0 when the total is written,
  record.md) and T2_TOTAL_LT_NEW.

Prints flagged/expected and read-as-written/total per source, and each miss.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from gkextract.checks.arithmetic import equations
from gkextract.pipeline import extract
from gkextract.record import Record, StatTable
from gkextract.synth import FORMATS, NO_BLANKS, SUFFIX, generate_record, render_many
from gkextract.synth.faults import change_cell, value_cells
from gkextract.synth.roundtrip import cells as record_cells
from gkextract.text import label_key

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ARITHMETIC = {"T3_ROW_SUM": ("requests", "row_sum"), "T3_TOTAL_SUM": ("requests", "col_sum"),
              "T3_BALANCE": ("requests", "col_balance"), "T4_SUM": ("review_litigation", "row_sum")}
T2_ROWS = ("rules", "normative_docs")
RULES = tuple(ARITHMETIC) + ("T2_TOTAL_LT_NEW",)
# a number standing alone between cell separators (tab, pipe, spaces, line ends): a table cell's digits
_TOKEN = re.compile(r"(?<![^\s|])\d+(?![^\s|])")


# ---------------------------------------------------------------- the rules a change breaks

def _failing(rec: Record) -> set[tuple[str, int]]:
    """(rule, equation index) of every equation that fails on the record's tables."""
    out = set()
    for rule, (name, arith) in ARITHMETIC.items():
        table = getattr(rec.tables, name)
        if isinstance(table, StatTable) and table.rows:
            out |= {(rule, i) for i, eq in enumerate(equations(name, table, arith)) if eq.holds() is False}
    pro = rec.tables.proactive
    if rec.template == "2019" and isinstance(pro, StatTable):
        for i, row in enumerate(T2_ROWS):
            new, total = pro.get(row, "new_published"), pro.get(row, "total_published")
            if row in pro.rows and new is not None and total is not None and total < new:
                out.add(("T2_TOTAL_LT_NEW", i))
    return out


def arithmetic_cells(rec: Record) -> set[str]:
    """Paths of the cells that take part in an arithmetic rule."""
    out = set()
    for name, arith in ARITHMETIC.values():
        table = getattr(rec.tables, name)
        if isinstance(table, StatTable) and table.rows:
            out |= {t.path for eq in equations(name, table, arith) for t in eq.terms()}
    pro = rec.tables.proactive
    if rec.template == "2019" and isinstance(pro, StatTable):
        out |= {f"proactive.{r}.{c}" for r in T2_ROWS if r in pro.rows for c in ("new_published", "total_published")}
    return out


def broken_rules(gold: Record, path: str, value) -> set[str]:
    """The rules an equation of which fails with the cell at ``path`` set to ``value`` and held before."""
    name, row, col = path.split(".")
    before = _failing(gold)
    changed = gold.model_copy(deep=True)
    getattr(changed.tables, name).rows.setdefault(row, {})[col] = value
    return {rule for rule, _ in _failing(changed) - before}


def flagged_rules(pred: Record) -> set[str]:
    return {c.rule for c in pred.checks if c.rule in RULES and c.severity != "info"}


# ---------------------------------------------------------------- one trial

@dataclass
class Tally:
    trials: int = 0
    read: int = 0
    expected: int = 0
    flagged: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, where: str, path: str, written, base: dict, pred: Optional[Record], expect: set[str]) -> None:
        self.trials += 1
        self.expected += len(expect)
        if pred is None:
            self.misses.append(f"{where} {path}={written}: extraction failed")
            return
        got = record_cells(pred)
        diff = {k for k in base.keys() | got.keys() if base.get(k) != got.get(k)}
        if diff == {path} and got[path] == written:
            self.read += 1
        else:
            shown = {k: got.get(k) for k in sorted(diff)[:4]}
            self.misses.append(f"{where} {path}={written}: read {shown or 'no change'}")
        flagged = flagged_rules(pred) & expect
        self.flagged += len(flagged)
        if flagged != expect:
            self.misses.append(f"{where} {path}={written}: not flagged {sorted(expect - flagged)}")

    def line(self, name: str) -> str:
        return (f"{name:<28} flagged {self.flagged}/{self.expected}  read as written {self.read}/{self.trials}")


def _extract(path: Path) -> Optional[Record]:
    try:
        return extract(path)
    except Exception:  # noqa: BLE001 - a benchmark reports, it does not stop
        return None


def _new_value(rng: random.Random, old) -> int:
    d = rng.choice([1, 2, 3, 5, 7, 10])
    old = int(old or 0)
    return old - d if old >= d and rng.random() < 0.5 else old + d


# ---------------------------------------------------------------- real reports (text)

def table_tokens(text: str, doc_text: str, spans) -> list[re.Match]:
    """Standalone numbers in the source lines the decoded tables cover. The document's text is the
    source rebuilt (one cell per line joined into rows, artefacts dropped), so a table is found in the
    source by its first and last characters, whitespace aside."""
    lines, keys, pos = [], [], 0
    for line in text.splitlines(keepends=True):
        lines.append((pos, pos + len(line.rstrip("\r\n"))))
        keys.append(label_key(line))
        pos += len(line)
    joined = "".join(keys)
    owner = [i for i, k in enumerate(keys) for _ in k]   # key character -> source line
    out: list[re.Match] = []
    for a, b in spans:
        key = label_key(doc_text[a:b])
        head, tail = key[:30], key[-30:]
        first = joined.find(head)
        last = joined.find(tail, max(first, 0))
        if first < 0 or last < 0:
            continue
        for i in range(owner[first], owner[last + len(tail) - 1] + 1):
            out += list(_TOKEN.finditer(text, *lines[i]))
    return out


def real_trials(text: str, gold: Record, stem: str, tmp: Path, per_report: int, rng: random.Random,
                tally: Tally) -> str:
    from gkextract.pipeline import extract_document
    from gkextract.tables.engine import decode_tables

    src = tmp / f"{stem}.txt"
    src.write_text(text, encoding="utf-8")
    doc, base_rec = extract_document(src)
    base = record_cells(base_rec)
    if any(base.get(k) != v for k, v in record_cells(gold).items()):
        return f"{stem}: skipped (the unchanged text does not read as its gold)"
    in_rules = arithmetic_cells(gold)
    tokens = table_tokens(text, doc.text, decode_tables(doc).spans)
    rng.shuffle(tokens)
    done = 0
    for m in tokens:
        if done >= per_report:
            break
        new = _new_value(rng, int(m.group()))
        changed = text[:m.start()] + str(new) + text[m.end():]
        p = tmp / f"{stem}_x.txt"
        p.write_text(changed, encoding="utf-8")
        pred = _extract(p)
        got = record_cells(pred) if pred else {}
        diff = [k for k in got if got.get(k) != base.get(k)]
        # the cell the number belongs to: the one that changed (a miss when none did, see Tally)
        path = diff[0] if len(diff) == 1 else None
        if path is not None and path not in in_rules:
            continue
        done += 1
        expect = broken_rules(gold, path, new) if path else set()
        tally.add(stem, path or f"token@{m.start()}", new, base, pred, expect)
    return f"{stem}: {done} cells changed of {len(tokens)} table numbers"


def pdf_text(pdf: Path) -> Optional[str]:
    """A text copy of a PDF, as copied out of a viewer (page by page)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return None
    doc = pdfium.PdfDocument(str(pdf))
    return "\n".join(page.get_textpage().get_text_range() for page in doc)


def load_gold(path: Path) -> Record:
    return Record.model_validate(json.loads(path.read_text(encoding="utf-8")))


def real_sources(dirs: list[Path], gold_dir: Path):
    """(stem, text, gold) of every real txt and text copy of a real PDF that has gold."""
    for d in dirs:
        for f in sorted(d.glob("*")):
            gold = gold_dir / f"{f.stem}.json"
            if not gold.exists():
                continue
            text = f.read_text(encoding="utf-8", errors="replace") if f.suffix == ".txt" else \
                pdf_text(f) if f.suffix == ".pdf" else None
            if text:
                yield f.stem + ("" if f.suffix == ".txt" else "_pdftext"), text, load_gold(gold)


# ---------------------------------------------------------------- generated reports

def synth_trials(fmt: str, n: int, cells: int, tmp: Path, seed: int, tally: Tally) -> None:
    """``cells`` changed cells in each of ``n`` generated reports of the layout."""
    jobs = []   # (gold, content, path, written, expected broken rules, unchanged gold cells)
    for i in range(n):
        for j in range(cells):
            rng = random.Random(f"faults:{fmt}:{seed + i}")
            gold, content = generate_record(rng, templates=("2019", "2021"), allow_blanks=fmt not in NO_BLANKS)
            pick = random.Random(f"faults:{fmt}:{seed + i}:{j}")
            in_rules = arithmetic_cells(gold)
            options = [(k, r, c) for k in ("requests", "review_litigation", "proactive")
                       for r, c, _ in value_cells(content, k, getattr(gold.tables, k)) if f"{k}.{r}.{c}" in in_rules]
            if not options:
                continue
            kind, row, col = pick.choice(sorted(options))
            path = f"{kind}.{row}.{col}"
            new = _new_value(pick, getattr(gold.tables, kind).rows[row][col])
            expect = broken_rules(gold, path, new)
            base = record_cells(gold)
            change_cell(gold, content, kind, row, col, str(new), new)
            jobs.append((content, path, new, expect, base))
    datas = render_many([j[0] for j in jobs], fmt)
    for k, ((_, path, new, expect, base), data) in enumerate(zip(jobs, datas)):
        p = tmp / f"{fmt}_{k}{SUFFIX[fmt]}"
        p.write_bytes(data)
        tally.add(f"{fmt}#{k}", path, new, base, _extract(p), expect)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--real", nargs="*", type=Path, default=[SHARED / "seeds", SHARED / "real"])
    ap.add_argument("--gold", type=Path, default=SHARED / "gold")
    ap.add_argument("--per-report", type=int, default=50, help="changed numbers per real report")
    ap.add_argument("--synth", type=int, default=4, help="generated reports per layout (0: none)")
    ap.add_argument("--cells", type=int, default=6, help="changed cells per generated report")
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--seed", type=int, default=100)
    ap.add_argument("--show", type=int, default=20, help="misses to print per source")
    args = ap.parse_args(argv)
    total = Tally()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        real = Tally()
        if args.gold.is_dir():
            for stem, text, gold in real_sources([d for d in args.real if d.is_dir()], args.gold):
                print(real_trials(text, gold, stem, tmp, args.per_report, random.Random(f"{args.seed}:{stem}"), real))
        print(real.line("real reports"))
        for m in real.misses[:args.show]:
            print("   ", m)
        _merge(total, real)
        for fmt in [f for f in args.formats.split(",") if f] if args.synth else []:
            t = Tally()
            synth_trials(fmt, args.synth, args.cells, tmp, args.seed, t)
            print(t.line(f"generated {fmt}"))
            for m in t.misses[:args.show]:
                print("   ", m)
            _merge(total, t)
    print(total.line("all"))
    return 0 if total.flagged == total.expected and total.read == total.trials else 1


def _merge(into: Tally, t: Tally) -> None:
    into.trials += t.trials
    into.read += t.read
    into.expected += t.expected
    into.flagged += t.flagged
    into.misses += t.misses


if __name__ == "__main__":
    sys.exit(main())
