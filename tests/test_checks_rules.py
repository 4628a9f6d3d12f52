"""Each rule of gkextract.checks: one record that fails it, one that passes it (from a consistent base)."""
from __future__ import annotations

import pytest

from gkextract.checks import CheckConfig, cross_checks, run_checks
from gkextract.checks.builder import consistent_record
from gkextract.record import Check, Figure, Section, StatTable


def fired(record, rule, **kwargs) -> list[Check]:
    return [c for c in run_checks(record, **kwargs) if c.rule == rule]


def failed(record, rule, **kwargs) -> list[Check]:
    return [c for c in fired(record, rule, **kwargs) if c.severity != "info"]


@pytest.fixture(params=[2019, 2021])
def base(request):
    return consistent_record(request.param, seed=7)


def test_consistent_records_fire_nothing(base):
    assert run_checks(base) == []


# ---- arithmetic --------------------------------------------------------------------------------------

def test_t3_balance(base):
    rows = base.tables.requests.rows
    rows["carried_forward"]["natural_person"] += 1
    rows["carried_forward"]["total"] += 1
    (check,) = failed(base, "T3_BALANCE")
    assert check.severity == "error"
    assert check.message.startswith("表三 自然人列：本年新收")
    assert "结转下年度" in check.message and "≠" in check.message
    assert "requests.carried_forward.natural_person" in check.cells
    assert not failed(base, "T3_ROW_SUM") and not failed(base, "T3_TOTAL_SUM")


def test_t3_total_sum(base):
    rows = base.tables.requests.rows
    rows["granted"]["natural_person"] += 2
    rows["granted"]["total"] += 2
    (check,) = failed(base, "T3_TOTAL_SUM")
    assert "（七）总计" in check.message and "予以公开" in check.message
    assert "requests.total_handled.natural_person" in check.cells
    assert not failed(base, "T3_ROW_SUM")


def test_t3_row_sum(base):
    base.tables.requests.rows["granted"]["total"] += 1
    (check,) = failed(base, "T3_ROW_SUM")
    assert "予以公开行：总计" in check.message
    assert "requests.granted.total" in check.cells


def test_t4_sum(base):
    base.tables.review_litigation.rows["review"]["total"] += 3
    (check,) = failed(base, "T4_SUM")
    assert check.message.startswith("表四 行政复议：总计")
    assert "review_litigation.review.total" in check.cells
    assert not failed(consistent_record(2021, seed=8), "T4_SUM")


def _a_zero(rows):
    return next((r, c) for r, cells in rows.items() for c, v in cells.items() if v == 0 and c != "total")


def test_a_blank_part_counts_as_zero_when_its_total_is_written(base):
    rows = base.tables.requests.rows
    row, col = _a_zero(rows)
    rows[row][col] = None   # a zero left blank, as real reports do
    checks = run_checks(base)
    assert not [c for c in checks if c.rule.startswith("T3_")]
    assert [c.severity for c in checks if c.rule == "BLANK_CELLS"] == ["warning"]


def test_a_changed_cell_in_a_table_with_blank_zeros_still_breaks_its_rules(base):
    rows = base.tables.requests.rows
    for cells in rows.values():      # every zero left blank
        for c, v in cells.items():
            if v == 0:
                cells[c] = None
    row = next(r for r in ("granted", "new_received") if rows[r]["natural_person"])
    rows[row]["natural_person"] += 3
    rules = {c.rule for c in run_checks(base) if c.severity == "error"}
    assert "T3_ROW_SUM" in rules and rules & {"T3_TOTAL_SUM", "T3_BALANCE"}
    rev = base.tables.review_litigation.rows
    group = next(iter(rev))
    rev[group] = {c: (None if c != "total" else 2) for c in rev[group]}   # 总计 2 over blank parts
    assert failed(base, "T4_SUM")


def test_a_blank_total_while_parts_are_written_is_not_evaluable(base):
    rows = base.tables.requests.rows
    row = next(r for r, cells in rows.items() if any(v for c, v in cells.items() if c != "total"))
    rows[row]["total"] = None
    (check,) = fired(base, "T3_ROW_SUM")
    assert check.severity == "info" and "无法核对" in check.message
    assert check.cells == [f"requests.{row}.total"]
    rows[row] = {c: None for c in rows[row]}         # a row left wholly blank: nothing to check
    assert not fired(base, "T3_ROW_SUM")


def test_blank_as_zero_reads_blank_totals_as_zero_too():
    record = consistent_record(2021, seed=3)
    rows = record.tables.requests.rows
    row = next(r for r, cells in rows.items() if cells["total"])
    rows[row]["total"] = None
    config = CheckConfig.load()
    config.blank_as_zero = True
    assert [c.severity for c in run_checks(record, config) if c.rule == "T3_ROW_SUM"] == ["error"]
    assert [c.severity for c in run_checks(record) if c.rule == "T3_ROW_SUM"] == ["info"]


# ---- 表三 layout, 表二 -------------------------------------------------------------------------------

def test_t3_other_layout_2021_with_single_row():
    record = consistent_record(2021, seed=1)
    rows = record.tables.requests.rows
    subrows = ["other_no_correction", "other_unpaid_fee", "other_misc"]
    rows["other_handling"] = {c: sum(rows[r][c] for r in subrows) for c in rows["granted"]}
    for r in subrows:
        del rows[r]
    (check,) = failed(record, "T3_OTHER_LAYOUT")
    assert "2021" in check.message and "requests.other_handling.total" in check.cells
    assert run_checks(record) == [check]   # the sums still hold


def test_t3_other_layout_2019_with_subrows():
    record = consistent_record(2019, seed=1)
    rows = record.tables.requests.rows
    rows["other_misc"] = rows.pop("other_handling")
    assert failed(record, "T3_OTHER_LAYOUT")
    assert not failed(consistent_record(2019, seed=1), "T3_OTHER_LAYOUT")


def test_t2_total_lt_new():
    record = consistent_record(2019, seed=2)
    row = record.tables.proactive.rows["normative_docs"]
    row["new_published"], row["total_published"] = 10, 9
    (check,) = failed(record, "T2_TOTAL_LT_NEW")
    assert "对外公开总数量9 < 本年新公开数量10" in check.message
    row["total_published"] = 10
    assert not fired(record, "T2_TOTAL_LT_NEW")


def test_t2_fee_unit():
    record = consistent_record(2021, seed=2)
    assert not fired(record, "T2_FEE_UNIT")
    record.tables.proactive.units["fees.amount"] = "元"
    assert "元" in failed(record, "T2_FEE_UNIT")[0].message
    record.tables.proactive.units.clear()
    record.tables.proactive.rows["fees"]["amount"] = 3_739_265
    assert failed(record, "T2_FEE_UNIT")


def test_t2_rules_power():
    record = consistent_record(2021, seed=4, agency="某某县某某镇人民政府")
    assert not fired(record, "T2_RULES_POWER")
    record.tables.proactive.rows["rules"]["in_force"] = 6
    (check,) = failed(record, "T2_RULES_POWER")
    assert "乡镇" in check.message and check.cells == ["proactive.rules.in_force"]
    record.agency = "某某省人民政府"
    assert not fired(record, "T2_RULES_POWER")


def test_negative_or_fraction():
    record = consistent_record(2019, seed=5)
    record.tables.proactive.rows["licensing"]["change"] = -4     # signed column: allowed
    record.tables.proactive.rows["procurement"]["amount"] = 165950.2   # amount: allowed
    assert not fired(record, "NEGATIVE_OR_FRACTION")
    record.tables.review_litigation.rows["review"]["upheld"] = -1
    record.tables.proactive.rows["penalty"]["decisions"] = 2.5
    (check,) = failed(record, "NEGATIVE_OR_FRACTION")
    assert set(check.cells) == {"review_litigation.review.upheld", "proactive.penalty.decisions"}


def test_non_numeric_cell_from_the_decoder_passes_through():
    record = consistent_record(2021, seed=6)
    finding = Check(rule="NON_NUMERIC_CELL", severity="info", message="表三 cell '见附件'",
                    cells=["requests.granted.research"])
    record.checks = [finding, Check(rule="T4_SUM", severity="error", message="stale")]
    assert run_checks(record) == [finding]   # stale findings of registry rules are recomputed, not kept
    config = CheckConfig.load()
    config.rules["NON_NUMERIC_CELL"].enabled = False
    assert run_checks(record, config) == []


def test_blank_cells():
    record = consistent_record(2021, seed=7)
    record.tables.proactive.rows["coercion"]["decisions"] = None
    (check,) = failed(record, "BLANK_CELLS")
    assert check.severity == "warning" and check.cells == ["proactive.coercion.decisions"]
    assert "行政强制" in check.message


def test_blank_cells_ignores_pre_2019_reports():
    record = consistent_record(2019, seed=7)
    record.year, record.template = 2017, "legacy"
    record.tables.requests.rows["granted"]["total"] = None
    assert not fired(record, "BLANK_CELLS")


# ---- form ---------------------------------------------------------------------------------------------

def test_template_outdated():
    record = consistent_record(2019, seed=8)
    record.year, record.title = 2022, "某某市生态环境局2022年政府信息公开工作年度报告"
    record.date = "2023-01-10"
    (check,) = failed(record, "TEMPLATE_OUTDATED")
    assert "2022年度报告应使用2021版格式" in check.message
    record.template = "unknown"
    assert fired(record, "TEMPLATE_OUTDATED")[0].severity == "info"


def test_section_missing(base):
    base.sections = [s for s in base.sections if s.key != "review_litigation"]
    (check,) = failed(base, "SECTION_MISSING")
    assert "行政复议" in check.message


@pytest.mark.parametrize("mutate", ["arabic_number", "duplicate", "swap"])
def test_section_order(base, mutate):
    s = base.sections
    if mutate == "arabic_number":
        s[1] = Section(key="proactive", title="2、 主动公开政府信息情况")
    elif mutate == "duplicate":
        s.insert(3, Section(key="requests", title="四、收到和处理政府信息公开申请情况"))
    else:
        s[2], s[3] = Section(key="review_litigation", title="三、政府信息公开行政复议、行政诉讼情况"), \
            Section(key="requests", title="四、收到和处理政府信息公开申请情况")
    assert failed(base, "SECTION_ORDER")


def test_section_order_numbering_counts_only_the_required_parts(base):
    base.sections.insert(0, Section(key="statistics", title="相关说明"))
    assert not fired(base, "SECTION_ORDER")


def test_section_order_accepts_variant_headings(base):
    base.sections[3] = Section(key="review_litigation", title="四、因政府信息公开工作被申请行政复议、提起行政诉讼情况")
    base.sections[4] = Section(key="problems", title="五、存在问题及改进情况")
    assert not fired(base, "SECTION_ORDER")


def test_table_missing(base):
    base.tables.review_litigation = None
    assert "表四" in failed(base, "TABLE_MISSING")[0].message
    base.tables.review_litigation = StatTable(rows={"review": {"upheld": None, "total": None}})
    assert not fired(base, "TABLE_MISSING")      # there but blank: BLANK_CELLS speaks
    assert failed(base, "BLANK_CELLS")
    config = CheckConfig.load()
    config.rules["TABLE_MISSING"] = config.rules["TABLE_MISSING"].model_copy(
        update={"empty_counts_as_missing": True})
    assert "没有任何数据" in failed(base, "TABLE_MISSING", config=config)[0].message


def test_a_table_pasted_as_a_picture_is_unreadable_not_missing(base):
    """表四 missing where part 四 holds a picture (the reader's IMAGE_LINE): info, saying so; a picture in
    another part does not excuse it."""
    from gkextract.document import IMAGE_LINE

    base.tables.review_litigation = None
    titles = [s.title for s in base.sections]
    at = next(i for i, s in enumerate(base.sections) if s.key == "review_litigation")
    text = "\n".join(titles[:at + 1] + [IMAGE_LINE] + titles[at + 1:])
    assert not failed(base, "TABLE_MISSING", text=text)
    assert "图片" in fired(base, "TABLE_MISSING", text=text)[0].message
    text = "\n".join([IMAGE_LINE] + titles)
    assert "表四" in failed(base, "TABLE_MISSING", text=text)[0].message


# ---- narrative -----------------------------------------------------------------------------------------

def _figure(record, label):
    return next(f for f in record.figures if f.label == label)


def test_narrative_requests(base):
    req = base.tables.requests
    fig = _figure(base, "REQUESTS_RECEIVED")
    fig.value, fig.text = fig.value + 5, f"收到政府信息公开申请{fig.value + 5}件"
    (check,) = failed(base, "NARRATIVE_REQUESTS")
    assert fig.text in check.message and "requests.new_received.total" in check.cells
    both = req.get("new_received", "total") + req.get("carried_over", "total")
    fig.value = both
    fig.text = f"收到申请{both}件（含上年结转{req.get('carried_over', 'total')}件）"
    assert not fired(base, "NARRATIVE_REQUESTS")


def test_narrative_requests_reads_statements_in_the_text(base):
    text = "本年度未收到政府信息公开申请。"
    assert "未收到政府信息公开申请" in failed(base, "NARRATIVE_REQUESTS", text=text)[0].message
    base.tables.requests.rows["new_received"] = {c: 0 for c in base.tables.requests.rows["new_received"]}
    assert not [c for c in failed(base, "NARRATIVE_REQUESTS", text=text) if "未收到" in c.message]


def _prose(record, text):
    """``record`` with its request figures replaced by those the rule tagger reads in ``text``."""
    from gkextract.figures import tag_text

    record.figures = [f for f in record.figures if not f.label.startswith("REQUESTS_")] + tag_text(text)
    return record


def test_narrative_requests_two_scopes(base):
    """全县各单位共收到申请N件。县政府本级收到申请M件: the wider count is another scope where the report's
    own count agrees with 表三 (info, not a warning); alone, or with its own count wrong, it is reported."""
    new = base.tables.requests.get("new_received", "total")
    text = f"{base.year}年，全县各单位共收到政府信息公开申请{new + 37}件。县政府本级收到政府信息公开申请{new}件。"
    assert not failed(_prose(base, text), "NARRATIVE_REQUESTS", text=text)
    assert "全县" in fired(base, "NARRATIVE_REQUESTS", text=text)[0].message
    text = f"全区行政机关共受理政府信息公开申请{new + 37}件，区政府本级受理{new}件。"
    assert not failed(_prose(base, text), "NARRATIVE_REQUESTS", text=text)
    text = f"全县各单位共收到政府信息公开申请{new + 37}件。"
    assert failed(_prose(base, text), "NARRATIVE_REQUESTS", text=text)
    text = f"全县各单位共收到政府信息公开申请{new + 37}件。县政府本级收到政府信息公开申请{new + 1}件。"
    assert len(failed(_prose(base, text), "NARRATIVE_REQUESTS", text=text)) == 2


def test_narrative_requests_takes_the_year_nearest_the_figure(base):
    new = base.tables.requests.get("new_received", "total")
    text = f"{base.year - 1}年收到申请{new + 37}件，{base.year}年收到申请{new}件。"
    assert not fired(_prose(base, text), "NARRATIVE_REQUESTS", text=text)
    text = f"{base.year - 1}年收到申请{new}件，{base.year}年收到申请{new + 37}件。"
    assert failed(_prose(base, text), "NARRATIVE_REQUESTS", text=text)


def test_narrative_requests_by_applicant_type_and_channel(base):
    req = base.tables.requests
    people = req.get("new_received", "natural_person")
    base.figures += [
        Figure(label="REQUESTS_RECEIVED", value=people, unit="件", text=f"其中自然人申请{people}件"),
        Figure(label="REQUESTS_RECEIVED", value=1, unit="件", text="信函申请1件"),
        Figure(label="REQUESTS_RECEIVED", value=3, unit="件", text="同比减少3件"),
    ]
    assert not fired(base, "NARRATIVE_REQUESTS")
    base.figures[-3].value += 1
    assert "自然人" in failed(base, "NARRATIVE_REQUESTS")[0].message


def test_narrative_requests_result_breakdown(base):
    fig = _figure(base, "REQUESTS_HANDLED")
    assert not fired(base, "NARRATIVE_REQUESTS")
    fig.value += 1
    assert "予以公开" in failed(base, "NARRATIVE_REQUESTS")[0].message


def test_narrative_review(base):
    fig = _figure(base, "REVIEW_LITIGATION")
    fig.value += 1
    fig.text = f"发生政府信息公开行政复议{fig.value}件"
    (check,) = failed(base, "NARRATIVE_REVIEW")
    assert fig.text in check.message


def test_narrative_review_leaves_cases_the_body_decides_or_about_other_matters(base):
    """表四 counts disclosure cases brought against the body: a 司法局 deciding others' reconsideration
    cases, or cases said to be about other matters, are not compared; the same count said of disclosure is."""
    fig = _figure(base, "REVIEW_LITIGATION")
    fig.value += 37
    for text in (f"全年办理行政复议案件{fig.value}件。", f"发生行政复议案件{fig.value}件（非政府信息公开类）。"):
        fig.text = text.rstrip("。")
        assert not failed(base, "NARRATIVE_REVIEW", text=text), text
    text = f"全年办理政府信息公开行政复议案件{fig.value}件。"
    fig.text = text.rstrip("。")
    assert failed(base, "NARRATIVE_REVIEW", text=text)


def test_narrative_review_all_upheld_statement():
    record = consistent_record(2021, seed=11)
    rows = record.tables.review_litigation.rows
    for g in rows.values():
        g.update(upheld=1, corrected=0, other=0, pending=0, total=1)
    _figure(record, "REVIEW_LITIGATION").value = 1
    text = "全年发生行政复议1件、行政诉讼2件，均获维持。"
    assert not fired(record, "NARRATIVE_REVIEW", text=text)
    rows["litigation_direct"].update(upheld=0, pending=1)
    (check,) = failed(record, "NARRATIVE_REVIEW", text=text)
    assert "均获维持" in check.message and "尚未审结" in check.message


def test_narrative_docs(base):
    fig = _figure(base, "NORMATIVE_DOCS")
    assert not fired(base, "NARRATIVE_DOCS")
    fig.value += 1
    fig.text = f"制发规范性文件{fig.value}件"
    assert fig.text in failed(base, "NARRATIVE_DOCS")[0].message
    fig.text = f"清理规范性文件{fig.value}件"   # a clean-up count matches no 表二 cell: not compared
    assert not fired(base, "NARRATIVE_DOCS")
    for text in (f"公开规范性文件征求意见稿{fig.value}件", f"对{fig.value}件规范性文件开展合法性审核"):
        fig.text = text   # drafts out for comment, legality reviews: no 表二 cell either
        assert not fired(base, "NARRATIVE_DOCS"), text


# ---- meta -----------------------------------------------------------------------------------------------

def test_year_mismatch(base):
    assert not fired(base, "YEAR_MISMATCH", text="本报告中所列数据统计期限自"
                     f"{base.year}年1月1日起至{base.year}年12月31日止。")
    base.title = base.title.replace(str(base.year), str(base.year - 1))
    (check,) = failed(base, "YEAR_MISMATCH")
    assert check.severity == "error" and base.title in check.message


def test_year_mismatch_reads_the_statistics_period_not_another_full_year(base):
    """与上年同期（2022年1月1日至2022年12月31日）相比…: another year's period named in the prose is not the
    report's statistics period (it raised an error); the period introduced as the statistics one still is."""
    y0 = base.year - 1
    text = f"与上年同期（{y0}年1月1日至{y0}年12月31日）相比，申请量增长20%。"
    assert not failed(base, "YEAR_MISMATCH", text=text)
    text = f"本报告所列数据的统计期限自{y0}年1月1日起至{y0}年12月31日止。"
    assert failed(base, "YEAR_MISMATCH", text=text)


def test_year_mismatch_from_stated_period(base):
    text = f"统计期限自{base.year + 1}年1月1日起至{base.year + 1}年12月31日止"
    assert "统计期限" in failed(base, "YEAR_MISMATCH", text=text)[0].message


def test_late_publication_depends_on_the_body():
    record = consistent_record(2021, seed=12, agency="某某市生态环境局")
    record.date = "2022-02-15"
    (check,) = failed(record, "LATE_PUBLICATION")
    assert "2022-01-31" in check.message and check.severity == "warning"
    record.agency = "某某市人民政府"     # 县级以上地方人民政府: 3月31日
    assert not fired(record, "LATE_PUBLICATION")
    record.year, record.date = 2017, "2018-04-01"    # before 2019: 3月31日 for everybody
    assert failed(record, "LATE_PUBLICATION")


def test_late_publication_township_deadline_is_configurable(tmp_path):
    record = consistent_record(2021, seed=12, agency="某某街道办事处")
    record.date = "2022-02-25"
    assert not fired(record, "LATE_PUBLICATION")
    path = tmp_path / "mine.yaml"
    path.write_text("rules:\n  LATE_PUBLICATION:\n    deadlines: {township: '02-20'}\n", encoding="utf-8")
    assert failed(record, "LATE_PUBLICATION", config=CheckConfig.load(path))


def test_late_publication_without_date_is_not_evaluable(base):
    base.date = None
    (check,) = fired(base, "LATE_PUBLICATION")
    assert check.severity == "info"


def test_problems_without_measures(base):
    base.measures = []
    assert failed(base, "PROBLEMS_WITHOUT_MEASURES")
    base.problems = []
    assert "既未列出问题" in failed(base, "PROBLEMS_WITHOUT_MEASURES")[0].message


# ---- across records ---------------------------------------------------------------------------------------

def test_cross_year_carry():
    before = consistent_record(2021, seed=20, agency="淮安市洪泽区人民政府")
    after = consistent_record(2022, seed=21, agency="洪泽区人民政府")
    after.tables.requests.rows["carried_over"] = dict(before.tables.requests.rows["carried_forward"])
    assert not cross_checks([before, after], {}).get(after.source.path)
    after.tables.requests.rows["carried_over"]["natural_person"] += 1
    (check,) = cross_checks([before, after], {})[after.source.path]
    assert check.rule == "CROSS_YEAR_CARRY" and "自然人列" in check.message
    assert before.source.path in check.message
    other = consistent_record(2021, seed=20, agency="某某市生态环境局")
    assert not cross_checks([other, after], {}).get(after.source.path)


def test_duplicate_content():
    a, b, c = (consistent_record(2021, seed=s, agency=n) for s, n in
               ((30, "甲县人民政府"), (31, "乙县人民政府"), (32, "丙县人民政府")))
    body = ("本年度，我县坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开，"
            "加强政策解读和回应关切，深化重点领域信息公开，持续规范依申请公开办理流程，"
            "强化政府网站和政务新媒体管理，政府信息公开工作取得新成效。") * 3
    narratives = {a.source.path: body + "全年主动公开政府信息1200条。",
                  b.source.path: body + "全年主动公开政府信息980条。",
                  c.source.path: "街道办事处聚焦基层政务公开标准化规范化建设，完善村务公开栏，"
                                 "组织社区工作人员开展专题培训三次，推动涉农补贴信息及时上墙。" * 3}
    out = cross_checks([a, b, c], narratives)
    assert [x.rule for x in out[a.source.path]] == ["DUPLICATE_CONTENT"]
    assert b.source.path in out[a.source.path][0].message
    assert a.source.path in out[b.source.path][0].message
    assert c.source.path not in out


# ---- configuration --------------------------------------------------------------------------------------------

def test_rules_can_be_switched_off_and_reweighted(tmp_path):
    record = consistent_record(2021, seed=40)
    record.tables.requests.rows["unable_unclear"]["total"] += 1
    path = tmp_path / "checks.yaml"
    path.write_text("rules:\n  T3_ROW_SUM: {severity: info}\n  T3_TOTAL_SUM: {enabled: false}\n"
                    "  T3_BALANCE: {enabled: false}\n", encoding="utf-8")
    checks = run_checks(record, CheckConfig.load(path))
    assert [(c.rule, c.severity) for c in checks] == [("T3_ROW_SUM", "info")]


def test_bad_config_is_a_clear_error(tmp_path):
    from gkextract.checks import ConfigError

    path = tmp_path / "bad.yaml"
    path.write_text("rules:\n  NO_SUCH_RULE: {enabled: false}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="NO_SUCH_RULE"):
        CheckConfig.load(path)
    path.write_text("rules:\n  T4_SUM: {severity: fatal}\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        CheckConfig.load(path)


def test_every_rule_id_is_configured_and_registered():
    from gkextract.checks import RULES
    from gkextract.checks.registry import CROSS_RULES, PASS_THROUGH_RULES
    from gkextract.record import RULE_IDS

    config = CheckConfig.load()
    assert set(config.rules) == set(RULE_IDS)
    assert set(RULES) | set(CROSS_RULES) | set(PASS_THROUGH_RULES) == set(RULE_IDS)


def test_figure_quotes_are_used_as_given():
    record = consistent_record(2021, seed=50)
    record.figures.append(Figure(label="REQUESTS_RECEIVED", value=999, unit="件", text="受理政府信息公开申请999件"))
    assert "“受理政府信息公开申请999件”" in failed(record, "NARRATIVE_REQUESTS")[0].message


def test_narrative_checks_quote_their_sentence_and_skip_other_periods_and_sub_counts():
    record = consistent_record(2021, seed=21)
    new = record.tables.requests.get("new_received", "total")
    fig = Figure(label="REQUESTS_RECEIVED", value=new + 7, unit="件", text=f"收到政府信息公开申请{new + 7}件")
    record.figures = [fig]
    text = f"2021年，本局进一步规范办理流程，收到政府信息公开申请{new + 7}件，均按时答复。"
    (check,) = failed(record, "NARRATIVE_REQUESTS", text=text)
    assert check.quote == text.rstrip("。") and fig.text in check.message
    for other in (f"2019年以来累计收到政府信息公开申请{new + 7}件",          # cumulative
                  f"2020年收到政府信息公开申请{new + 7}件",                   # another year
                  f"全年共收到申请{new}件，其中收到政府信息公开申请{new + 7}件"):  # a sub-count
        assert not failed(record, "NARRATIVE_REQUESTS", text=other), other
    record.figures = [Figure(label="REQUESTS_RECEIVED", value=55.5, unit="%", text="申请办结率55.5%")]
    assert not fired(record, "NARRATIVE_REQUESTS", text="申请办结率55.5%")


def test_section_order_forgives_a_number_skipped_by_an_unrecognised_part(base):
    base.sections = [s for s in base.sections if s.key != "overview"]   # 一、 named so the finder missed it
    assert not fired(base, "SECTION_ORDER")
    base.sections.insert(2, Section(key="requests", title="二、收到和处理政府信息公开申请情况"))
    assert failed(base, "SECTION_ORDER")
