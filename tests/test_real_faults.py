"""One table cell changed in the source (benchmarks/real_faults.py): read as written, every rule it breaks
flagged; a cell holding no number is one null cell + NON_NUMERIC_CELL in every layout."""
import importlib.util
import random
import sys
from pathlib import Path

import pytest

from gkextract.pipeline import extract
from gkextract.synth import SUFFIX, generate_record, render_many
from gkextract.synth.faults import change_cell, value_cells
from gkextract.synth.roundtrip import differences

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("real_faults", REPO / "benchmarks" / "real_faults.py")
rf = importlib.util.module_from_spec(_spec)
sys.modules["real_faults"] = rf
_spec.loader.exec_module(rf)


def _libreoffice():
    from gkextract.synth.render.pdf import libreoffice

    if not libreoffice():
        pytest.skip("needs LibreOffice (soffice) to make PDFs")


def test_changed_numbers_in_real_reports_are_read_and_flagged(shared_corpus, tmp_path):
    tally = rf.Tally()
    sources = list(rf.real_sources([shared_corpus / "seeds", shared_corpus / "real"], shared_corpus / "gold"))
    assert sources
    for stem, text, gold in sources:
        rf.real_trials(text, gold, stem, tmp_path, 6, random.Random(stem), tally)
    assert tally.trials >= 20 and tally.expected >= 20
    assert (tally.read, tally.flagged) == (tally.trials, tally.expected), tally.misses


@pytest.mark.parametrize("fmt", ["txt_tab", "txt_lines", "txt_runtogether", "html_spans", "docx"])
def test_changed_cells_in_generated_reports_are_read_and_flagged(fmt, tmp_path):
    tally = rf.Tally()
    rf.synth_trials(fmt, 1, 3, tmp_path, 7, tally)
    assert tally.trials == 3 and tally.expected >= 3
    assert (tally.read, tally.flagged) == (tally.trials, tally.expected), tally.misses


def test_expected_rules_use_blanks_as_zero_under_a_written_total():
    gold, _ = generate_record(random.Random(3), templates=("2021",))
    req = gold.tables.requests
    req.rows["granted"]["research"] = None          # a blank part of written totals
    req.rows["granted"]["total"] = sum(v or 0 for c, v in req.rows["granted"].items() if c != "total")
    assert rf.broken_rules(gold, "requests.granted.research", 4) >= {"T3_ROW_SUM", "T3_TOTAL_SUM"}


@pytest.mark.parametrize("fmt", ["txt_tab", "txt_pipe", "txt_lines", "html", "docx_spans", "pdf"])
def test_a_cell_holding_no_number_is_one_null_cell_in_every_layout(fmt, tmp_path):
    if fmt == "pdf":
        _libreoffice()
    drawn, paths = [], []
    for i, (kind, text) in enumerate([("requests", "o"), ("review_litigation", "1l"), ("proactive", "12（注）")]):
        rng = random.Random(f"nonnum:{fmt}:{i}")
        gold, content = generate_record(rng, templates=("2019", "2021"))
        row, col, _ = rng.choice(value_cells(content, kind, getattr(gold.tables, kind)))
        assert change_cell(gold, content, kind, row, col, text, None)
        drawn.append((gold, content))
        paths.append(f"{kind}.{row}.{col}")
    for k, ((gold, _), data, path) in enumerate(zip(drawn, render_many([c for _, c in drawn], fmt), paths)):
        p = tmp_path / f"r{k}{SUFFIX[fmt]}"
        p.write_bytes(data)
        pred = extract(p)
        assert differences(gold, pred) == []
        assert any(c.rule == "NON_NUMERIC_CELL" and path in c.cells for c in pred.checks), path
