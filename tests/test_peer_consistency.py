"""A peer project's consistency test cases, restated for gkextract's checks (gkextract issue 11 §4).

Source: github.com/zxj6827111-blip/KIROGOVCOMPARE, src/__tests__/consistencyChecks.test.ts at commit
074219af1ce4a44897dc50263de778d5dd3080ed (its ConsistencyCheckService). Only the synthetic rule cases are
used (numbers such as 本年新收 100, 上年结转 10); no report of that repository was read. The cases are
rewritten here in our terms: the peer's sections/tableData become a gkextract Record (built from
``consistent_record``, then given the case's values), raw cell texts go through our table decoder and prose
through our figure tagger, and the assertion is the peer's: the rule fires (on which cells) or not.

The peer reports every rule, passing ones too (PASS / FAIL / UNCERTAIN / NOT_ASSESSABLE); gkextract lists
only failed rules and, at severity info, rules it could not evaluate (record.md, Check). So a peer PASS is
"our rule does not fire", a peer FAIL/UNCERTAIN is "our rule fires", and a peer NOT_ASSESSABLE on a
missing table is our TABLE_MISSING. Where the peer has a single-field 表二, ours has a full 表二 of zeros
(the peer skips absent fields; zeros are what "nothing to flag" means in a record).

peer case (it …)                                                   → our rule                    → outcome
-----------------------------------------------------------------------------------------------------------------
minimalFixture: generate items for table3                            T3_TOTAL_SUM                 passes
minimalFixture: generate items for table4                            T4_SUM                       passes
FAIL when totalProcessed ≠ sum of components (自然人 95 vs 93)      T3_TOTAL_SUM                 passes
FAIL for table4 when sum ≠ total (直接起诉 6 vs 5)                   T4_SUM                       passes
evidence_json with paths and values                                  Check.cells on every finding passes
missing table3 → NOT_ASSESSABLE                                      TABLE_MISSING (表三)          passes
string input (JSON string)                                           gkextract.check(record.json) passes
text items match the table (170件, 上年结转15件, 行政诉讼7件)        NARRATIVE_REQUESTS/_REVIEW   passes
prefer the reply count (3259 受理, 答复3278, …58件顺延到下年度答复)  NARRATIVE_REQUESTS quiet     fixed (顺延到下年度)
withdrawn count is not total processed (其中 11 件…办结, 8 件撤销)   NARRATIVE_REQUESTS quiet     fixed (spaced text)
carried-over handling text then 答复11件                              NARRATIVE_REQUESTS quiet     passes
section titles misnumbered (一 三 四 五 l六 七)                      SECTION_ORDER                fixed (unexplained jump)
accepted wording variants, ordinal correct (五、…和改进情况, 六)     SECTION_ORDER quiet          passes
表三 section with empty data                                          BLANK_CELLS / TABLE_MISSING  passes
section 五 is “无” / too short (“暂无问题”)                          PROBLEMS_WITHOUT_MEASURES    passes (2 cases)
表二 negative count (规章 现行有效 -1)                                NEGATIVE_OR_FRACTION         passes
表二 decimal count (行政许可 1.5)                                     NEGATIVE_OR_FRACTION         passes
表二 non-numeric count ('abc')                                        NON_NUMERIC_CELL (decoder)   fixed (no BLANK_CELLS too)
表二 decimal fee amount 3415.74 not flagged                          NEGATIVE_OR_FRACTION, T2_FEE_UNIT quiet  passes
表二 negative fee amount (-10)                                        NEGATIVE_OR_FRACTION         xfail: record.md exempts amounts
表二 null / '/' / '—' count: only an empty hint                      BLANK_CELLS only             passes (3 cases)
表二 '不适用' count: only an empty hint                               NON_NUMERIC_CELL only        fixed (not a blank marker)
表二 zero not flagged                                                 nothing fires                passes
t2_no_rules when 表二 is absent                                       TABLE_MISSING (表二)          passes
t2_no_rules when 表二 has no fields                                   BLANK_CELLS / TABLE_MISSING  passes
five 表二 rules for mixed abnormal raw values                         three rules, 4 cells (not the fee)  fixed (by the two above)

Fixes in gkextract these cases brought (each case fails without its fix):
- NARRATIVE_REQUESTS: 顺延到下年度 is a carry-over (compared with 结转下年度, not （七）总计); a figure is found in
  its sentence across the spaces PDF text keeps (19 件), so 其中 before it and 累计 words are seen.
- SECTION_ORDER: a number that jumps ahead is forgiven only where something can explain it: a required
  part missing in between, a part that is not a required one, or (with the report text) a heading line
  with the skipped number (a local part). 一、总体情况 then 三、主动公开… with all six parts found fails.
- (not changed) NEGATIVE_OR_FRACTION: the peer flags a negative fee; record.md scopes the rule to count
  cells ("except change and amounts"), so the case is a strict xfail and a proposed change of the contract.
- BLANK_CELLS: a cell the decoder left null because it held text is NON_NUMERIC_CELL only, not also blank.

Not applicable (their UI/DB workflow, not a rule over one report):
- buildConsistencyRunSummary ×4 (top-level/auto/human/active counts, byGroupKey, PASS as reviewed,
  hierarchy prompts outside review counts): summary counting of stored review items.
- classifyConsistencyIssueType ×7 and "issueType classification on generated items" ×2: issue-type buckets.
- titles include Chinese column names (表三：…列）): message wording of their UI.
- stable fingerprints across runs, fingerprint stability: their DB de-duplication key.
- parse rule gate failures as review items: their parser's self-check surfaced as an item.
- visual audit for missing borders: disabled in the peer itself (no item expected).
- section 六 “无” while 表二 fees exist / no fees: no rule of ours; 表二 行政事业性收费 is the body's own
  administrative fees, not the 信息处理费 section 六 reports (domain.md §1.1), and “无。” is an observed
  normal section 六, so the peer rule compares unrelated things.
- summarizes 表二 low-risk rules; t2_no_rules kept out of activeProblemCount: summary counting.
- hierarchy aggregation ×3 (region context missing, parent ≠ Σ direct children, missing child report):
  needs their region database; record.md has no such rule, and a government's report counts its own
  applications, not the sum of its districts'.
- runAndPersist human review defaults ×2: persistence of review status.
"""
from __future__ import annotations

import json

import pytest
from test_checks_rules import failed, fired

import gkextract
from gkextract.checks import CheckConfig, run_checks
from gkextract.checks.builder import consistent_record
from gkextract.document import Document, Paragraph, Table
from gkextract.figures import tag_text
from gkextract.record import Item, Section, StatTable
from gkextract.synth.grid import proactive_grid
from gkextract.tables.engine import decode_tables

COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")


def rules(checks) -> set[str]:
    return {c.rule for c in checks}


# ---- the peer's minimalFixture: a 2021 表三 and 表四 with one wrong cell each --------------------------------

def _column(new, carried, granted, partly, denied, unable, not_processed, other, handled, forward):
    return dict(new_received=new, carried_over=carried, granted=granted, partly_granted=partly,
                **dict(zip(("denied_state_secret", "denied_prohibited_by_law", "denied_three_safeties",
                            "denied_third_party", "denied_internal_affairs", "denied_process_info",
                            "denied_enforcement_files", "denied_query_matter"), denied)),
                **dict(zip(("unable_not_held", "unable_needs_creation", "unable_unclear"), unable)),
                **dict(zip(("not_processed_petition", "not_processed_repeat", "not_processed_publication",
                            "not_processed_excessive", "not_processed_confirmation"), not_processed)),
                **dict(zip(("other_no_correction", "other_unpaid_fee", "other_misc"), other)),
                total_handled=handled, carried_forward=forward)


ZERO8, ZERO5 = [0] * 8, [0] * 5
PEER_T3 = {   # column -> row -> value, the peer's numbers (自然人 （七）总计 95 where its parts add up to 93)
    "natural_person": _column(100, 10, 50, 20, [1, 2, 1, 1, 1, 1, 1, 1], [3, 2, 1], [1] * 5, [1, 1, 1], 95, 15),
    "commercial": _column(50, 5, 30, 10, ZERO8, [2, 1, 0], ZERO5, [1, 1, 0], 45, 10),
    "research": _column(10, 0, 8, 2, ZERO8, [0, 0, 0], ZERO5, [0, 0, 0], 10, 0),
    "social_welfare": _column(5, 0, 5, 0, ZERO8, [0, 0, 0], ZERO5, [0, 0, 0], 5, 0),
    "legal_services": _column(3, 0, 3, 0, ZERO8, [0, 0, 0], ZERO5, [0, 0, 0], 3, 0),
    "other_org": _column(2, 0, 2, 0, ZERO8, [0, 0, 0], ZERO5, [0, 0, 0], 2, 0),
    "total": _column(170, 15, 98, 32, [1, 2, 1, 1, 1, 1, 1, 1], [5, 3, 1], [1] * 5, [2, 2, 1], 160, 25),
}
PEER_T4 = {   # 未经复议直接起诉 总计 6 where 3 + 1 + 0 + 1 = 5
    "review": dict(upheld=5, corrected=2, other=1, pending=2, total=10),
    "litigation_direct": dict(upheld=3, corrected=1, other=0, pending=1, total=6),
    "litigation_after_review": dict(upheld=1, corrected=0, other=0, pending=0, total=1),
}


def peer_record(prose: str = "本年度共新收政府信息公开申请170件，上年结转15件。"):
    record = consistent_record(2021, seed=11)
    record.tables.requests = StatTable(rows={row: {c: PEER_T3[c][row] for c in COLS}
                                             for row in PEER_T3["total"]})
    record.tables.review_litigation = StatTable(rows={g: dict(cells) for g, cells in PEER_T4.items()})
    record.figures = [f for f in record.figures if f.label not in
                      ("REQUESTS_RECEIVED", "REQUESTS_HANDLED", "REVIEW_LITIGATION")] + tag_text(prose)
    return record, prose


def test_peer_minimal_fixture_fails_t3_total_sum_on_the_natural_person_column():
    record, text = peer_record()
    (check,) = failed(record, "T3_TOTAL_SUM", text=text)
    assert check.severity == "error"
    assert "requests.total_handled.natural_person" in check.cells
    # the other applicant columns add up (商业企业 30+10+3+2 = 45 …): not named
    assert not {f"requests.total_handled.{c}" for c in COLS[1:6]} & set(check.cells)
    # balance and row sums hold in the peer's numbers
    assert not fired(record, "T3_BALANCE", text=text) and not fired(record, "T3_ROW_SUM", text=text)


def test_peer_minimal_fixture_fails_t4_sum_on_direct_litigation_only():
    record, text = peer_record()
    (check,) = failed(record, "T4_SUM", text=text)
    assert "review_litigation.litigation_direct.total" in check.cells
    assert not [c for c in check.cells if c.startswith(("review_litigation.review.",
                                                        "review_litigation.litigation_after_review."))]


def test_peer_every_finding_names_its_cells():
    """Peer: every item carries evidence paths. Ours: every table finding names the cells it rests on."""
    record, text = peer_record()
    checks = run_checks(record, text=text)
    assert checks
    for check in checks:
        if check.rule.startswith(("T3_", "T4_")):
            assert check.cells and all(c.startswith(("requests.", "review_litigation.")) for c in check.cells)
        assert check.message


def test_peer_missing_table3_is_table_missing_and_no_table3_arithmetic():
    record, text = peer_record()
    record.tables.requests = None
    checks = run_checks(record, text=text)
    assert "表三" in failed(record, "TABLE_MISSING", text=text)[0].message
    assert not [c for c in checks if c.rule.startswith("T3_")]


def test_peer_json_record_input_gives_the_same_findings(tmp_path):
    record, _ = peer_record()
    path = tmp_path / "peer.json"
    path.write_text(record.to_json(), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["tables"]["requests"]
    assert rules(gkextract.check(path)) == rules(run_checks(record))
    assert {"T3_TOTAL_SUM", "T4_SUM"} <= rules(gkextract.check(path))


# ---- prose ↔ tables --------------------------------------------------------------------------------------

def test_peer_text_matching_the_tables_passes():
    """170 new, 15 carried over; 行政诉讼7件 = 直接起诉 6 (its wrong 总计 as written) + 复议后起诉 1."""
    record, text = peer_record("本年度共新收政府信息公开申请170件，上年结转15件。全年发生行政诉讼案件7件。")
    assert {f.value for f in record.figures if f.label == "REVIEW_LITIGATION"} == {7}
    assert not fired(record, "NARRATIVE_REQUESTS", text=text)
    assert not fired(record, "NARRATIVE_REVIEW", text=text)
    record.figures[-1].value = 8   # the control: a count that fits no reading of 表四 is reported
    assert failed(record, "NARRATIVE_REVIEW", text=text)


def _requests_only(new, carried, handled, forward, prose, year=2025):
    """A record whose 表三 holds only the peer's totals (all in 自然人, handled as 予以公开), prose tagged."""
    record = consistent_record(2021, seed=5)
    record.year, record.date = year, f"{year + 1}-01-20"
    record.title = record.title.replace("2021", str(year))
    rows = record.tables.requests.rows
    for cells in rows.values():
        for c in cells:
            cells[c] = 0
    for row, value in (("new_received", new), ("carried_over", carried), ("total_handled", handled),
                       ("carried_forward", forward), ("granted", handled)):
        rows[row]["natural_person"] = rows[row]["total"] = value
    record.figures = [f for f in record.figures if f.label not in ("REQUESTS_RECEIVED", "REQUESTS_HANDLED")] \
        + tag_text(prose)
    assert not [c for c in run_checks(record) if c.rule.startswith("T3_")]
    return record


@pytest.mark.parametrize("new,carried,handled,forward,prose", [
    # the reply count, not the received one, is 总计; 77 is 上年结转 and 58 goes on to next year
    (3259, 77, 3278, 58, "2025年，全市共受理政府信息公开申请3259件，答复3278件（含上年度结转申请77件，"
                         "另有58件顺延到下年度答复）。"),
    # 11 办结 + 8 撤销 are parts of the 19, not the total processed (PDF text: spaces around the digits)
    (19, 0, 19, 0, "2025 年打浦桥街道共受理政府信息公开申请 19 件，其中 11 件均按规定程序办结，8 件申请人主动撤销。"),
    # 办理上年度结转申请1件 is the carried-over count, 答复11件 the total
    (10, 1, 11, 0, "2025年受理信息公开申请10件，办理上年度结转申请1件。答复11件，均在法定期限内答复。"),
], ids=["reply-count", "withdrawn-part", "carried-over-then-reply"])
def test_peer_request_prose_agreeing_with_table3_is_quiet(new, carried, handled, forward, prose):
    record = _requests_only(new, carried, handled, forward, prose)
    assert not fired(record, "NARRATIVE_REQUESTS", text=prose)   # as extraction runs it: with the text


def test_peer_reply_count_that_disagrees_is_still_reported():
    """The control for the cases above: the same sentences with a wrong 答复 count still fail."""
    prose = ("2025年，全市共受理政府信息公开申请3259件，答复3270件（含上年度结转申请77件，"
             "另有58件顺延到下年度答复）。")
    record = _requests_only(3259, 77, 3278, 58, prose)
    (check,) = failed(record, "NARRATIVE_REQUESTS", text=prose)
    assert "答复3270件" in check.message
    record = _requests_only(3259, 77, 3276, 60, prose)   # 58 顺延 against 结转下年度 60
    assert [c for c in failed(record, "NARRATIVE_REQUESTS", text=prose) if "58件顺延到下年度" in c.message]


def test_a_spaced_sub_count_is_recognised_as_one():
    """PDF text keeps spaces between digits and Chinese that figure texts drop (record.md, Figure): the
    其中… before a figure must still be seen, and a whole count stated with spaces is still compared."""
    prose = "2025 年共受理政府信息公开申请 19 件，其中 11 件已办结。"
    record = _requests_only(19, 0, 19, 0, prose)
    assert not fired(record, "NARRATIVE_REQUESTS", text=prose)
    prose = "2025 年共受理政府信息公开申请 19 件，已全部办结 17 件。"
    record = _requests_only(19, 0, 19, 0, prose)
    assert "17" in failed(record, "NARRATIVE_REQUESTS", text=prose)[0].message


# ---- sections ----------------------------------------------------------------------------------------------

PEER_TITLES = ["一、总体情况", "三、主动公开政府信息情况", "四、收到和处理政府信息公开申请情况",
               "五、政府信息公开行政复议、行政诉讼情况", "l六、存在的主要问题及改进情况", "七、其他需要报告的事项"]


def test_peer_misnumbered_section_titles_fail_section_order():
    """All six parts are there and recognised, numbered 一 三 四 五 六 七: 二 is skipped with no part
    missing that could explain it."""
    record = consistent_record(2021, seed=3)
    record.sections = [Section(key=s.key, title=t) for s, t in zip(record.sections, PEER_TITLES)]
    (check,) = failed(record, "SECTION_ORDER")
    assert "三、主动公开政府信息情况" in check.message and "第二部分" in check.message
    assert not fired(record, "SECTION_MISSING")


def test_a_skipped_number_the_text_has_as_a_heading_is_a_local_part_not_a_misnumbering():
    """Our side of the peer case: where the report text has the skipped 二、 as a heading the finder did not
    take for a required part (a local part), the jump is explained and SECTION_ORDER stays quiet."""
    titles = [t.lstrip("l") for t in PEER_TITLES]
    record = consistent_record(2021, seed=3)
    record.sections = [Section(key=s.key, title=t) for s, t in zip(record.sections, titles)]
    text = "\n".join(["一、总体情况", "本年度……", "二、信息公开工作组织落实情况", "成立领导小组……", *titles[1:]])
    assert not fired(record, "SECTION_ORDER", text=text)
    assert failed(record, "SECTION_ORDER", text=text.replace("二、信息公开", "信息公开"))


def test_peer_accepted_wording_variants_with_correct_ordinals_pass():
    record = consistent_record(2021, seed=3)
    record.sections[4] = Section(key="problems", title="五、存在的主要问题和改进情况")
    record.sections[5] = Section(key="other", title="六、其他需要报告的事项")
    assert not fired(record, "SECTION_ORDER")
    record.sections = record.sections[4:]   # the peer's fixture: only 五 and 六 (the parts before not found)
    assert not fired(record, "SECTION_ORDER")


@pytest.mark.parametrize("problems", [[], [Item(text="暂无问题")]], ids=["wu", "too-short"])
def test_peer_section_five_without_content_fails_problems_without_measures(problems):
    """Section 五 “无” (nothing listed) or “暂无问题” (no problem, no measure)."""
    record = consistent_record(2021, seed=3)
    record.problems, record.measures = problems, []
    (check,) = failed(record, "PROBLEMS_WITHOUT_MEASURES")
    assert check.severity == "warning"


def _blank(table: StatTable) -> StatTable:
    return StatTable(rows={r: dict.fromkeys(cells) for r, cells in table.rows.items()})


@pytest.mark.parametrize("name", ["requests", "proactive"])
def test_peer_table_present_without_data_is_blank_cells(name):
    """表三 section with tableData {} / 表二 with no supported field: there but blank."""
    record = consistent_record(2021, seed=3)
    setattr(record.tables, name, _blank(getattr(record.tables, name)))
    record.figures = [f for f in record.figures if f.label not in ("REQUESTS_RECEIVED", "REQUESTS_HANDLED",
                                                                   "NORMATIVE_DOCS")]
    blank = failed(record, "BLANK_CELLS")
    assert blank and all(c.startswith(f"{name}.") for check in blank for c in check.cells)
    assert not fired(record, "TABLE_MISSING")
    config = CheckConfig.load()
    config.rules["TABLE_MISSING"] = config.rules["TABLE_MISSING"].model_copy(
        update={"empty_counts_as_missing": True})
    assert failed(record, "TABLE_MISSING", config=config)


def test_peer_absent_table2_is_table_missing():
    record = consistent_record(2021, seed=3)
    record.tables.proactive = None
    record.figures = [f for f in record.figures if f.label != "NORMATIVE_DOCS"]
    assert "表二" in failed(record, "TABLE_MISSING")[0].message


# ---- 表二 raw cell values, through our table decoder ---------------------------------------------------------

T2_ZEROS = {"rules": {"issued": "0", "repealed": "0", "in_force": "0"},
            "normative_docs": {"issued": "0", "repealed": "0", "in_force": "0"},
            "licensing": {"decisions": "0"}, "penalty": {"decisions": "0"},
            "coercion": {"decisions": "0"}, "fees": {"amount": "0"}}


def t2_record(**changes: str):
    """A consistent 2021 record whose 表二 is decoded from cell texts: zeros, with ``row__col=text``."""
    texts = {row: dict(cells) for row, cells in T2_ZEROS.items()}
    for key, text in changes.items():
        row, col = key.split("__")
        texts[row][col] = text
    rows = [[cell.text for cell in grid_row] for grid_row in proactive_grid("2021", texts).rows]
    doc = Document.build("peer.txt", "txt", "0" * 64, [Paragraph("二、主动公开政府信息情况"), Table(rows)])
    decoded = decode_tables(doc)
    assert decoded.template == "2021"
    record = consistent_record(2021, seed=3)
    record.tables.proactive = decoded.tables.proactive
    record.checks = decoded.findings     # NON_NUMERIC_CELL comes from the decoder
    record.figures = [f for f in record.figures if f.label != "NORMATIVE_DOCS"]
    return record


def flagged(record) -> dict[str, set[str]]:
    """rule -> 表二 cells it names."""
    out: dict[str, set[str]] = {}
    for check in run_checks(record):
        cells = {c for c in check.cells if c.startswith("proactive.")}
        if cells:
            out.setdefault(check.rule, set()).update(cells)
    return out


@pytest.mark.parametrize("change,rule,cell", [
    ({"rules__in_force": "-1"}, "NEGATIVE_OR_FRACTION", "proactive.rules.in_force"),
    ({"licensing__decisions": "1.5"}, "NEGATIVE_OR_FRACTION", "proactive.licensing.decisions"),
    ({"penalty__decisions": "abc"}, "NON_NUMERIC_CELL", "proactive.penalty.decisions"),
    pytest.param({"fees__amount": "-10"}, "NEGATIVE_OR_FRACTION", "proactive.fees.amount",
                 marks=pytest.mark.xfail(strict=True, reason="record.md exempts amounts from NEGATIVE_OR_FRACTION "
                                         "(count cells only); proposed: amounts may be decimal, never negative")),
    ({"coercion__decisions": ""}, "BLANK_CELLS", "proactive.coercion.decisions"),
    ({"rules__issued": "/"}, "BLANK_CELLS", "proactive.rules.issued"),
    ({"normative_docs__in_force": "—"}, "BLANK_CELLS", "proactive.normative_docs.in_force"),
    ({"licensing__decisions": "不适用"}, "NON_NUMERIC_CELL", "proactive.licensing.decisions"),
], ids=["negative", "decimal", "non-numeric", "negative-fee", "null", "slash", "em-dash", "not-applicable"])
def test_peer_table2_raw_value_is_flagged_by_one_rule_on_its_cell(change, rule, cell):
    assert flagged(t2_record(**change)) == {rule: {cell}}


def test_peer_table2_decimal_fee_and_zeros_are_not_flagged():
    assert flagged(t2_record(fees__amount="3415.74")) == {}
    assert flagged(t2_record(penalty__decisions="0")) == {}
    assert run_checks(t2_record(fees__amount="3415.74")) == []


def test_peer_table2_mixed_abnormal_values_flag_four_cells():
    record = t2_record(rules__in_force="-1", licensing__decisions="1.5", penalty__decisions="abc",
                       coercion__decisions="/", normative_docs__in_force="0")
    assert flagged(record) == {
        "NEGATIVE_OR_FRACTION": {"proactive.rules.in_force", "proactive.licensing.decisions"},
        "NON_NUMERIC_CELL": {"proactive.penalty.decisions"},
        "BLANK_CELLS": {"proactive.coercion.decisions"},
    }
