"""The reviewer's site and 整改 workbook (gkextract/reviewer), on generated reports with injected faults."""
from __future__ import annotations

import json
import random
import re

import pytest

from gkextract.record import MEASURE_THEMES, PROBLEM_THEMES, RULE_IDS, SECTION_KEYS, Record, Source, StatTable, Tables
from gkextract.reviewer import add_batch_checks, from_paths, from_store, write_site, write_xlsx
from gkextract.reviewer.grids import record_grids
from gkextract.reviewer.labels import cell_label, labels, rule_name, section_name, theme_name
from gkextract.reviewer.pages import report_data

FAULTS = {"t3": ("T3_BALANCE", "2022"), "t4": ("T4_SUM", "2021"), "narr": ("NARRATIVE_REQUESTS", "2020"),
          "clean": (None, "2023"), "legacy": (None, "2015")}


def make_reports(folder, faults=FAULTS, seed=7):
    """One txt report per entry (fault, year), plus a file that is no report."""
    from gkextract.synth.generate import generate_record
    from gkextract.synth.render import render

    rng = random.Random(seed)
    for name, (fault, year) in faults.items():
        _, content = generate_record(rng, fault=fault, year=int(year), allow_halfwidth=False)
        (folder / f"{name}.txt").write_bytes(render(content, "txt_tab"))
    (folder / "broken.txt").write_text("这不是报告。", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    pytest.importorskip("gkextract.synth.generate")
    folder = make_reports(tmp_path_factory.mktemp("reports"))
    done, failed = from_paths([folder])
    add_batch_checks(done)
    return folder, {r.record.source.path.rsplit("/", 1)[-1][:-4]: r for r in done}, failed


@pytest.fixture(scope="module")
def site(batch, tmp_path_factory):
    _, done, failed = batch
    out = tmp_path_factory.mktemp("site")
    return out, write_site(list(done.values()), failed, out / "site"), write_xlsx(list(done.values()), failed,
                                                                                 out / "list.xlsx")


def page_data(path) -> dict:
    text = path.read_text(encoding="utf-8")
    blobs = re.findall(r'<script type="application/json" id="data">(.*?)</script>', text, re.S)
    assert len(blobs) == 1
    return json.loads(blobs[0])


def the_check(item, rule):
    return next(c for c in item.record.checks if c.rule == rule)


# ---- labels ------------------------------------------------------------------------------------------

def test_every_rule_theme_and_section_has_a_chinese_name():
    for rule in RULE_IDS:
        assert re.search(r"[\u4e00-\u9fff]", rule_name(rule)), rule
    for key in SECTION_KEYS:
        assert section_name(key) != key
    for kind, keys in (("problem", PROBLEM_THEMES), ("measure", MEASURE_THEMES)):
        assert set(labels()["themes"][kind]) == set(keys)
        assert all(theme_name(kind, k) != k for k in keys)


def test_cell_labels_are_the_templates_chinese_labels():
    assert cell_label("requests.new_received.natural_person") == "表三·本年新收·自然人"
    assert cell_label("requests.total_handled.total") == "表三·（七）总计·总计"
    assert cell_label("review_litigation.litigation_direct.pending") == "表四·未经复议直接起诉·尚未审结"
    assert cell_label("proactive.rules.issued") == "表二·规章·本年制发件数"
    assert cell_label("proactive.fees.amount").startswith("表二·行政事业性收费·本年收费金额")
    assert cell_label("date") == "发布日期"
    assert cell_label("requests") == "表三"
    assert cell_label("something.else") == "something·else"


# ---- grids -------------------------------------------------------------------------------------------

def _record(**tables) -> Record:
    return Record(source=Source(path="x.txt", format="txt", sha256="ab" * 32), template="2021",
                  tables=Tables(**tables))


def test_blank_is_blank_and_zero_is_zero():
    table = StatTable(rows={"new_received": {"natural_person": None, "commercial": 0, "total": 12.0}})
    grid = record_grids(_record(requests=table))[0]
    cells = {c["p"]: c["v"] for row in grid["body"] for c in row if "p" in c}
    assert cells["requests.new_received.natural_person"] == ""
    assert cells["requests.new_received.commercial"] == "0"
    assert cells["requests.new_received.total"] == "12"
    assert cells["requests.carried_over.total"] == ""      # a template row the report lacks: drawn, blank


def test_requests_grid_uses_template_rows_and_groups():
    grid = record_grids(_record(requests=StatTable(rows={"new_received": {"total": 1}})))[0]
    assert grid["title"].startswith("表三")
    head = [c["t"] for c in grid["head"][0]]
    assert head[1:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    labels_ = [c["t"] for row in grid["body"] for c in row if "t" in c]
    assert "一、本年新收政府信息公开申请数量" in labels_ and "（三）不予公开" in labels_
    rows_ = [c["t"] for row in grid["body"] for c in row if "t" in c and c.get("c") != "grp"]
    assert "（六）其他处理" not in rows_ and "3.其他" in rows_   # 2021: sub-rows under the group, not the 2019 row
    group = next(c for row in grid["body"] for c in row if c.get("t") == "（三）不予公开")
    assert group["rs"] == 8


def test_a_row_of_the_other_template_is_drawn_and_flagged():
    grid = record_grids(_record(requests=StatTable(rows={"other_handling": {"total": 2}})))[0]
    flagged = [c["t"] for row in grid["body"] for c in row if c.get("c") == "off"]
    assert flagged == ["（六）其他处理（非本模板行）"]


def test_review_grid_is_one_row_under_group_headings():
    rows = {g: {"upheld": 1, "corrected": None, "other": 0, "pending": 0, "total": 1}
            for g in ("review", "litigation_direct", "litigation_after_review")}
    grid = record_grids(_record(review_litigation=StatTable(rows=rows)))[0]
    assert [c["t"] for c in grid["head"][0]] == ["行政复议", "行政诉讼"]
    assert [c["t"] for c in grid["head"][1]][5:] == ["未经复议直接起诉", "复议后起诉"]
    assert len(grid["body"]) == 1 and len(grid["body"][0]) == 15
    assert grid["body"][0][1]["v"] == ""


def test_proactive_grid_blocks_have_their_own_headers():
    rows = {"rules": {"issued": 1, "repealed": 0, "in_force": 3}, "licensing": {"decisions": 5},
            "fees": {"amount": 1.5}}
    grid = record_grids(_record(proactive=StatTable(rows=rows)))[0]
    headers = [[c["t"] for c in row] for row in grid["body"] if row[0].get("c") == "hd"]
    assert headers[0][:4] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert ["信息内容", "处理决定数量"] == headers[1][:2]
    assert headers[-1][1].startswith("本年收费金额")


# ---- pages -------------------------------------------------------------------------------------------

def test_failing_cells_are_in_the_grid_and_named(batch):
    _, done, _ = batch
    item = done["t3"]
    check = the_check(item, "T3_BALANCE")
    data = report_data(item)
    value_paths = {c["p"] for g in data["grids"] for row in g["body"] for c in row if "p" in c}
    assert check.cells and set(check.cells) <= value_paths
    finding = next(f for f in data["findings"] if f["rule"] == "T3_BALANCE")
    assert finding["name"] == rule_name("T3_BALANCE") and finding["sevName"] == "错误"
    assert all(label.startswith("表三·") for label in finding["cells"])


def test_narrative_finding_quote_is_placed_in_the_text(batch):
    _, done, _ = batch
    item = done["narr"]
    data = report_data(item)
    finding = next(f for f in data["findings"] if f["rule"] == "NARRATIVE_REQUESTS")
    assert finding["quote"] and finding["at"]
    s, e = finding["at"]
    assert finding["quote"] in item.text[s:e]
    assert any(m[2] == "q" and m[:2] == [s, e] for m in data["marks"])


def test_sections_outline_points_into_the_text(batch):
    _, done, _ = batch
    item = done["clean"]
    data = report_data(item)
    heads = {m[3]: m for m in data["marks"] if m[2] == "h"}
    assert len(data["sections"]) >= 6
    for section, shown in zip(item.record.sections, data["sections"]):
        mark = heads[shown["anchor"]]
        assert item.text[mark[0]:mark[1]].strip() == section.title


def test_problems_and_measures_carry_chinese_themes(batch):
    _, done, _ = batch
    data = report_data(done["clean"])
    themed = [t for it in data["problems"] + data["measures"] for t in it["themes"]]
    assert themed and all(re.search(r"[\u4e00-\u9fff]", t) for t in themed)


def test_site_has_every_report_and_the_failed_file(batch, site):
    _, done, failed = batch
    _, written, _ = site
    assert written.pages == len(done) == 5
    index = page_data(written.index)
    assert len(index["reports"]) == 5
    assert [f["p"].rsplit("/", 1)[-1] for f in index["failed"]] == ["broken.txt"]
    assert "not a government information disclosure report" in index["failed"][0]["r"]
    t3 = next(r for r in index["reports"] if r["f"] == "t3.txt")
    assert t3["e"] >= 1 and "T3_BALANCE" in [index["rules"][i][0] for i in t3["r"]]
    for r in index["reports"]:
        page = written.out_dir / "reports" / f"{r['id']}.html"
        assert page.exists() and page_data(page)["index"] == "../index.html"
    legacy = page_data(written.out_dir / "reports" / f"{next(r['id'] for r in index['reports'] if r['f'] == 'legacy.txt')}.html")
    assert [g["id"] for g in legacy["grids"]] == ["legacy_stats"]


def test_page_survives_markup_in_the_text(tmp_path):
    from gkextract.reviewer import Reviewed

    record = _record(requests=StatTable(rows={"new_received": {"total": 1}}))
    record.title = "</script><script>alert(1)</script>"
    site = write_site([Reviewed(record, text="正文 </script> & <b>")], [], tmp_path)
    page = next((tmp_path / "reports").glob("*.html"))
    assert page_data(page)["text"] == "正文 </script> & <b>"
    assert "<title>&lt;/script&gt;" in page.read_text(encoding="utf-8")
    assert site.pages == 1


def test_store_batch_reads_texts_when_sources_are_unchanged(batch, tmp_path):
    from gkextract.store import Store

    folder, done, _ = batch
    with Store(tmp_path / "gk.duckdb") as store:
        store.add_many([d.record for d in done.values()])
        store.add(str(folder / "broken.txt"), failed="not a report")
    loaded, failed = from_store(tmp_path / "gk.duckdb")
    assert len(loaded) == 5 and all(d.text for d in loaded)
    assert [(f.path.rsplit("/", 1)[-1], f.reason) for f in failed] == [("broken.txt", "not a report")]
    # a source changed since extraction: its offsets would point into another text, so no text
    changed = next(d.record for d in done.values())
    original = open(changed.source.path, "rb").read()
    try:
        open(changed.source.path, "ab").write("\n附言".encode())
        loaded, _ = from_store(tmp_path / "gk.duckdb")
        assert next(d for d in loaded if d.record.source.path == changed.source.path).text is None
    finally:
        open(changed.source.path, "wb").write(original)


# ---- workbook ----------------------------------------------------------------------------------------

def test_xlsx_reads_back(batch, site):
    from openpyxl import load_workbook

    _, done, failed = batch
    _, _, xlsx = site
    wb = load_workbook(xlsx)
    assert wb.sheetnames[:4] == ["整改清单", "表二", "表三", "表四"] and "统计指标表" in wb.sheetnames
    rows = list(wb["整改清单"].iter_rows(values_only=True))
    assert rows[0][:9] == ("机关", "年度", "机关类型", "表格格式", "文件", "规则", "规则名称", "严重程度", "说明")
    assert len(rows) - 1 == sum(len(d.record.checks) for d in done.values())
    t3 = done["t3"]
    row = next(r for r in rows if r[5] == "T3_BALANCE" and r[4] == t3.record.source.path)
    assert row[0] == t3.record.agency and row[1] == t3.record.year and row[7] == "错误"
    assert row[6] == rule_name("T3_BALANCE")
    assert row[9].split("；") == [cell_label(p) for p in the_check(t3, "T3_BALANCE").cells]
    narr = next(r for r in rows if r[5] == "NARRATIVE_REQUESTS")
    assert narr[10]                                         # the quoted sentence

    sheet = list(wb["表三"].iter_rows())
    header = [c.value for c in sheet[0]]
    assert header[:4] == ["机关", "年度", "文件", "本年新收·自然人"]
    line = next(r for r in sheet[1:] if r[2].value == t3.record.source.path)
    table = t3.record.tables.requests
    col = header.index("（七）总计·总计")
    assert line[col].value == table.get("total_handled", "total")
    blank = [(r, c) for r, cols in table.rows.items() for c, v in cols.items() if v is None]
    if blank:                                               # a blank stays blank, not 0
        from gkextract.reviewer.xlsx import table_columns
        heads = {(r, c): h for r, c, h in table_columns("requests")}
        assert line[header.index(heads[blank[0]])].value is None
    bad = the_check(t3, "T3_BALANCE").cells[0].split(".")
    from gkextract.reviewer.xlsx import table_columns
    heads = {(r, c): h for r, c, h in table_columns("requests")}
    assert line[header.index(heads[(bad[1], bad[2])])].fill.fgColor.rgb.endswith("FFD6D6")
    failed_rows = list(wb["无法读取"].iter_rows(values_only=True))
    assert failed_rows[1][0].endswith("broken.txt")


# ---- command -----------------------------------------------------------------------------------------

def test_review_command(batch, tmp_path):
    from typer.testing import CliRunner

    from gkextract.cli import app

    folder, _, _ = batch
    runner = CliRunner()
    run = runner.invoke(app, ["review", str(folder), "--out", str(tmp_path / "site"), "--xlsx", str(tmp_path / "l.xlsx")])
    assert run.exit_code == 1, run.output                  # broken.txt could not be read
    assert (tmp_path / "site" / "index.html").exists() and (tmp_path / "l.xlsx").exists()
    assert len(list((tmp_path / "site" / "reports").glob("*.html"))) == 5
    assert runner.invoke(app, ["review", str(folder)]).exit_code == 2           # nowhere to write
    assert runner.invoke(app, ["review", "--out", str(tmp_path / "x")]).exit_code == 2   # nothing to read
    assert runner.invoke(app, ["review", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "x")]).exit_code == 2
