"""Fault injection: break consistent records one way at a time; the rule for that fault must fire."""
from __future__ import annotations

import random

from gkextract.checks import run_checks
from gkextract.checks.builder import consistent_record

YEARS = (2019, 2020, 2021, 2022, 2023, 2024)
ARITHMETIC = {"T3_ROW_SUM", "T3_TOTAL_SUM", "T3_BALANCE"}


def change_cell(record, rng):
    table_name = rng.choice(["requests", "requests", "review_litigation"])
    rows = getattr(record.tables, table_name).rows
    row = rng.choice(sorted(rows))
    col = rng.choice(sorted(rows[row]))
    rows[row][col] += rng.choice([-1, 1]) * rng.randint(1, 9)
    return ARITHMETIC if table_name == "requests" else {"T4_SUM"}


def blank_total(record, rng):
    table_name = rng.choice(["requests", "review_litigation"])
    rows = getattr(record.tables, table_name).rows
    if table_name == "requests" and rng.random() < 0.5:
        rows["total_handled"][rng.choice(sorted(rows["total_handled"]))] = None
    else:
        rows[rng.choice(sorted(rows))]["total"] = None
    return {"BLANK_CELLS"}


def swap_columns(record, rng):
    """Swap the 总计 column with another column (two applicant columns swapped leave every sum intact)."""
    table_name = rng.choice(["requests", "review_litigation"])
    rows = getattr(record.tables, table_name).rows
    other = rng.choice(sorted(c for c in next(iter(rows.values())) if c != "total"))
    for cells in rows.values():
        cells["total"], cells[other] = cells[other], cells["total"]
    return ARITHMETIC if table_name == "requests" else {"T4_SUM"}


def drop_section(record, rng):
    record.sections.pop(rng.randrange(len(record.sections)))
    return {"SECTION_MISSING"}


def wrong_template_for_year(record, rng):
    year = rng.choice([2021, 2022, 2023]) if record.template == "2019" else rng.choice([2019, 2020])
    record.title = record.title.replace(str(record.year), str(year))
    record.year, record.date = year, f"{year + 1}-01-15"
    return {"TEMPLATE_OUTDATED"}


FAULTS = (change_cell, blank_total, swap_columns, drop_section, wrong_template_for_year)


def test_injected_faults_are_detected():
    rng = random.Random(2024)
    injected = detected = 0
    missed = []
    for i in range(300):
        record = consistent_record(YEARS[i % len(YEARS)], seed=i)
        assert not [c for c in run_checks(record) if c.severity == "error"], "consistent record flagged"
        before = record.model_dump()
        fault = FAULTS[i % len(FAULTS)]
        expected = fault(record, rng)
        if record.model_dump() == before:
            continue   # the mutation changed nothing (e.g. swapped two equal columns)
        injected += 1
        rules = {c.rule for c in run_checks(record) if c.severity != "info"}
        if rules & expected:
            detected += 1
        else:
            missed.append((fault.__name__, i, sorted(rules)))
    assert injected >= 250
    assert detected / injected >= 0.99, missed[:5]


def test_consistent_records_raise_no_error_or_warning():
    for i in range(200):
        record = consistent_record(YEARS[i % len(YEARS)], seed=1000 + i)
        assert [c for c in run_checks(record) if c.severity != "info"] == []


# ---- generated reports whose tables leave zeros blank (record.md: blank parts count as 0) ----------------

TABLE_FAULTS = ("T3_BALANCE", "T3_TOTAL_SUM", "T3_ROW_SUM", "T4_SUM")


def _generated(seed, **kw):
    from gkextract.synth.generate import generate_record
    return generate_record(random.Random(f"blank:{seed}"), templates=["2019", "2021"], **kw)[0]


def _has_blanks(record):
    tables = (record.tables.requests, record.tables.review_litigation)
    return any(v is None for t in tables for cells in t.rows.values() for v in cells.values())


def test_a_changed_cell_in_generated_tables_with_blank_zeros_is_caught():
    with_blanks = 0
    for i in range(120):
        fault = TABLE_FAULTS[i % len(TABLE_FAULTS)]
        gold = _generated(i, fault=fault, blank_rate=1.0)
        with_blanks += _has_blanks(gold)
        found = {c.rule for c in run_checks(gold) if c.severity == "error"}
        assert fault in found, (i, fault, found)
        expected = {c.rule for c in gold.checks if c.severity == "error"}
        assert found == expected, (i, found, expected)
    assert with_blanks >= 100


def test_a_narrative_fault_in_generated_reports_with_blank_zeros_contradicts_a_written_total():
    """Prose contradicts 表三 only where its total is written: a blank total is not evaluable (info, like the
    arithmetic rules). The generator keeps the total of a NARRATIVE_REQUESTS fault written, so its gold
    warning is one the checks can raise."""
    for i in range(60):
        gold = _generated(2000 + i, fault="NARRATIVE_REQUESTS", blank_rate=1.0)
        if gold.template == "legacy":
            continue
        assert gold.tables.requests.rows["new_received"]["total"] is not None, i
        found = {c.rule for c in run_checks(gold) if c.severity == "warning"}
        assert "NARRATIVE_REQUESTS" in found, (i, found)


def test_generated_tables_with_blank_zeros_raise_no_arithmetic_error():
    for i in range(120):
        gold = _generated(1000 + i, blank_rate=1.0)
        assert not [c for c in run_checks(gold) if c.rule in TABLE_FAULTS and c.severity != "info"]


def test_blank_cells_counts_only_cells_the_layout_has():
    record = consistent_record(2021, seed=4)
    rows = record.tables.proactive.rows
    rows["licensing"].update(issued=None, repealed=None)   # columns shifted into a row without them
    assert not [c for c in run_checks(record) if c.rule == "BLANK_CELLS"]
    rows["licensing"]["decisions"] = None
    (check,) = [c for c in run_checks(record) if c.rule == "BLANK_CELLS"]
    assert check.cells == ["proactive.licensing.decisions"]
