"""gkextract synth: generator and renderers (no extractor needed)."""
from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter

import pytest
from typer.testing import CliRunner

from gkextract.cli import app
from gkextract.record import Record
from gkextract.synth import FORMATS, NO_BLANKS, draw, generate_record, render, template_for_year
from gkextract.synth import arith
from gkextract.synth.banks import request_rows, tables_spec
from gkextract.synth.faults import applicable
from gkextract.synth.numbers import chinese
from gkextract.synth.splits import count_group_splits, recoverable

TEXT_FORMATS = ("txt_tab", "txt_pipe", "txt_lines", "txt_runtogether", "html", "docx")
RULES = ("T3_BALANCE", "T3_TOTAL_SUM", "T3_ROW_SUM", "T4_SUM", "T3_OTHER_LAYOUT", "T2_TOTAL_LT_NEW",
         "T2_FEE_UNIT", "T2_RULES_POWER", "TEMPLATE_OUTDATED", "SECTION_MISSING", "SECTION_ORDER",
         "NARRATIVE_REQUESTS", "LATE_PUBLICATION", "PROBLEMS_WITHOUT_MEASURES")


def gen(seed, **kw):
    return generate_record(random.Random(f"t:{seed}"), **kw)


@pytest.fixture(scope="module")
def many():
    return [gen(s) for s in range(300)]


def test_same_seed_same_bytes():
    for fmt in TEXT_FORMATS:
        a = render(gen(3, allow_blanks=fmt not in NO_BLANKS)[1], fmt)
        b = render(gen(3, allow_blanks=fmt not in NO_BLANKS)[1], fmt)
        assert a == b, fmt
    assert gen(4)[0].to_json() == gen(4)[0].to_json()
    assert gen(4)[0].to_json() != gen(5)[0].to_json()


def test_gold_is_a_valid_record(many):
    for rec, _ in many:
        again = Record.model_validate(json.loads(rec.to_json()))
        assert again.to_dict() == rec.to_dict()


def test_template_follows_the_year(many):
    assert [template_for_year(y) for y in (2008, 2018, 2019, 2020, 2021, 2025)] == \
        ["legacy", "legacy", "2019", "2019", "2021", "2021"]
    years = Counter()
    for rec, _ in many:
        years[rec.template] += 1
        assert 2008 <= rec.year <= 2025
        assert rec.template == template_for_year(rec.year)   # no faults drawn here
        if rec.template == "legacy":
            assert rec.tables.legacy_stats and rec.tables.requests is None
        else:
            assert rec.tables.proactive and rec.tables.requests and rec.tables.review_litigation
            assert set(rec.tables.requests.rows) == {r["key"] for r in request_rows(rec.template)}
    assert min(years.values()) > 30


def test_tables_satisfy_the_arithmetic_without_faults(many):
    for rec, _ in many:
        if rec.template == "legacy":
            continue
        t = rec.tables
        assert arith.requests_checks(t.requests.rows) == []
        assert arith.review_checks(t.review_litigation.rows) == []
        assert arith.proactive_checks(t.proactive.rows, rec.template) == []
        assert {c.rule for c in rec.checks} <= {"BLANK_CELLS"}
        # blanks stand for zeros: with them read as 0 every equation still holds
        req = {k: {c: v or 0 for c, v in row.items()} for k, row in t.requests.rows.items()}
        for c in tables_spec()["requests"]["columns"]:
            assert req["new_received"][c] + req["carried_over"][c] == \
                req["total_handled"][c] + req["carried_forward"][c]


def test_blank_cells_are_null_and_listed(many):
    seen = 0
    for rec, _ in many:
        blanks = arith.blank_cells(rec.tables.model_dump()) if rec.template != "legacy" else []
        has = any(c.rule == "BLANK_CELLS" for c in rec.checks)
        assert bool(blanks) == has
        seen += has
    assert seen > 20


def test_scale_follows_the_agency_level():
    streets = [gen(s, level="street", templates=["2021"])[0] for s in range(40)]
    cities = [gen(s, level="city_gov", templates=["2021"])[0] for s in range(40)]
    total = lambda recs: sum(r.tables.requests.rows["new_received"]["total"] or 0 for r in recs)
    assert total(cities) > 5 * max(1, total(streets))
    assert all(r.tables.proactive.rows["rules"]["issued"] == 0 for r in streets)


@pytest.mark.parametrize("rule", RULES)
def test_every_injected_fault_is_in_the_gold(rule):
    hits = 0
    for s in range(40):
        tpl = ["2019"] if rule == "T2_TOTAL_LT_NEW" else ["2021"]
        rec, content = gen(s, templates=tpl, fault=rule, level="street" if rule == "T2_RULES_POWER" else None)
        rules = {c.rule for c in rec.checks}
        if rule == "LATE_PUBLICATION" and rec.date is None:
            continue            # no date written: nothing is late
        assert rule in rules, (s, rules)
        hits += 1
        if rule == "TEMPLATE_OUTDATED":
            assert rec.year >= 2021 and rec.template == "2019"
        if rule == "SECTION_ORDER":
            assert any(re.match(r"\d+、", s.title) for s in rec.sections)
        if rule == "SECTION_MISSING":
            assert "other" not in [s.key for s in rec.sections]
        if rule == "T3_OTHER_LAYOUT":
            assert "other_handling" in rec.tables.requests.rows and rec.template == "2021"
    assert hits >= 25


def test_fault_rate_and_applicability():
    assert "TEMPLATE_OUTDATED" not in applicable("2019", 2020, "street")
    assert "T2_RULES_POWER" not in applicable("2021", 2022, "city_gov")
    recs = [gen(s, faults=1.0, templates=["2019", "2021"])[0] for s in range(60)]
    assert sum(1 for r in recs if set(c.rule for c in r.checks) - {"BLANK_CELLS"}) >= 50


def test_prose_carries_gold_spans(many):
    for rec, content in many[:120]:
        prose = "\n".join(content.text_lines())
        for f in rec.figures:
            assert f.text in prose
            num = f"{f.value:g}" if isinstance(f.value, float) else str(f.value)
            assert num in f.text.replace(",", "") or (isinstance(f.value, int) and chinese(f.value) in f.text)
        for it in rec.problems + rec.measures:
            assert it.text.rstrip("。") in prose
            assert it.themes
        for s in rec.sections:
            assert s.title in content.text_lines()


def test_items_use_every_enumeration_style(many):
    prose = "\n".join(l for _, c in many for l in c.text_lines())
    for pattern in (r"一是.+二是", r"^（一）[^总依政监主存]", r"^1[.、．]", r"主要是：|存在以下问题：|不足："):
        assert re.search(pattern, prose, re.M), pattern


def test_requests_narrative_agrees_with_table(many):
    for rec, _ in many:
        if rec.template == "legacy":
            continue
        if "NARRATIVE_REQUESTS" in {c.rule for c in rec.checks}:
            continue
        new = rec.tables.requests.rows["new_received"]["total"]
        received = [f.value for f in rec.figures if f.label == "REQUESTS_RECEIVED"]
        # each is the table's, or a wider scope's (全县各级行政机关…) stated with the table's own
        assert all(v == new or (v > new and new in received) for v in received)


def test_run_together_split_is_unique():
    assert recoverable(["35", "1", "0", "0", "0", "0", "36"], "last_is_sum")
    assert count_group_splits("351000036", 6) == 1
    assert count_group_splits("1050121230", 6) == 2     # 1,0,5,0,12,12|30 and another split
    assert not recoverable(["1", "0", "5", "0", "12", "12", "30"], "last_is_sum")
    assert recoverable(["1", "1", "0", "0", "2"] + ["0"] * 10, "groups5")
    # every glued 表三 row of a rendered report splits back to its gold values
    for s in range(30):
        rec, content = gen(s, templates=["2019", "2021"], allow_blanks=False)
        text = render(content, "txt_runtogether").decode(content.style["encoding"].replace("-sig", ""), "replace")
        for row in tables_spec()["requests"]["rows"]:
            vals = (rec.tables.requests.rows.get(row["key"]) or {}).values()
            digits = "".join(str(v) for v in vals)
            for line in text.splitlines():
                if line.endswith(row["label"].translate(str.maketrans("（），", "(),")) + digits) \
                        or line.endswith(row["label"] + digits):
                    assert count_group_splits(digits, 6) == 1


def test_layout_shapes():
    rec, content = gen(11, templates=["2021"], allow_blanks=False, allow_halfwidth=False)
    tab = render(content, "txt_tab").decode(content.style["encoding"].replace("-sig", ""))
    assert "\t一、本年新收政府信息公开申请数量" in tab
    pipe = render(content, "txt_pipe").decode(content.style["encoding"].replace("-sig", ""))
    assert re.search(r"^一、本年新收政府信息公开申请数量 \| \d+ \|", pipe, re.M)
    html = render(content, "html").decode()
    assert 'rowspan="22"' in html and 'colspan="3"' in html and 'colspan="7"' in html
    lines = render(content, "txt_lines").decode(content.style["encoding"].replace("-sig", ""))
    assert "\n规章\n" in lines.replace("\r", "")
    for s in rec.sections:
        assert s.title in tab.replace("\r", "").split("\n") or \
            any(l.strip() == s.title for l in tab.splitlines())


def test_docx_has_merged_cells():
    import io

    import docx

    _, content = gen(2, templates=["2021"])
    d = docx.Document(io.BytesIO(render(content, "docx")))
    t3 = next(t for t in d.tables if "申请人情况" in t._tbl.xml)
    assert 'w:vMerge' in t3._tbl.xml and 'w:gridSpan' in t3._tbl.xml


def test_gbk_and_encodings_decode():
    seen = set()
    for s in range(60):
        _, content = gen(s)
        enc = content.style["encoding"]
        seen.add(enc)
        data = render(content, "txt_tab")
        data.decode(enc if enc != "gbk" else "gbk")
    assert {"utf-8", "gbk"} <= seen


def test_variety(many):
    headings = Counter(s.title.split("、", 1)[-1] for r, _ in many for s in r.sections)
    titles = {re.sub(r".*?(\d{4})", "", r.title) for r, _ in many}
    levels = Counter(re.sub(r".*(街道|镇|乡|局|委员会|办公室|办公厅|人民政府)$", r"\1", r.agency) for r, _ in many)
    labels = Counter(f.label for r, _ in many for f in r.figures)
    assert len(headings) >= 25 and len(titles) >= 4 and len(levels) >= 6 and len(labels) >= 12


def test_cli_writes_reports_with_gold(tmp_path):
    out = tmp_path / "a" / "s"
    res = CliRunner().invoke(app, ["synth", "--n", "6", "--seed", "9", "--out", str(out),
                                   "--formats", "txt_tab,txt_pipe,html", "--faults", "0.5"])
    assert res.exit_code == 0, res.output
    golds = sorted(out.glob("*.json"))
    assert len(golds) == 6
    for g in golds:
        rec = Record.model_validate(json.loads(g.read_text(encoding="utf-8")))
        src = out / rec.source.path.split("/", 1)[1]
        assert hashlib.sha256(src.read_bytes()).hexdigest() == rec.source.sha256
        assert rec.source.format in ("txt", "html")
    again = tmp_path / "b" / "s"
    CliRunner().invoke(app, ["synth", "--n", "6", "--seed", "9", "--out", str(again),
                             "--formats", "txt_tab,txt_pipe,html", "--faults", "0.5"])
    assert [p.read_bytes() for p in sorted(again.iterdir())] == [p.read_bytes() for p in sorted(out.iterdir())]


def test_cli_rejects_unknown_format(tmp_path):
    res = CliRunner().invoke(app, ["synth", "--n", "1", "--out", str(tmp_path), "--formats", "rtf"])
    assert res.exit_code != 0


def test_draw_cycles_formats():
    n = len(FORMATS)
    items = draw(2 * n, 1)
    assert [s.fmt for s in items[:n]] == list(FORMATS)
    assert [s.fmt for s in items[n:]] == list(FORMATS)
