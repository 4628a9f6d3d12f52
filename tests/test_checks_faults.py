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
