"""Hand-edited tables whose header spans disagree with the data rows (issue 10 §3): values are placed by
the data rows' distinct cells, never shifted by the header's grid columns; when nothing fits, the cells
stay null and a check says why."""
from __future__ import annotations

import random

import pytest

from gkextract.readers import read
from gkextract.synth import SUFFIX, generate_record, render
from gkextract.synth.content import Content, Grid, GridCell
from gkextract.synth.grid import disagree_spans, proactive_grid
from gkextract.synth.roundtrip import differences
from gkextract.tables.engine import decode_tables
from gkextract.tables.templates import load_templates

extract = pytest.importorskip("gkextract.pipeline").extract

T = load_templates()
ORGS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def C(text, colspan=1, rowspan=1, role="value"):  # noqa: N802 - a cell of a table spec
    return GridCell(str(text), rowspan=rowspan, colspan=colspan, role=role)


def decoded(tmp_path, fmt: str, rows: list[list[GridCell]], width: int):
    """The tables decoded from a one-table report laid out as HTML or DOCX with exactly these spans."""
    content = Content(style={"pad_seed": 3})
    content.add("para", "附表")
    content.add("table", grid=Grid("t", rows, width))
    path = tmp_path / f"t{SUFFIX[fmt]}"
    path.write_bytes(render(content, fmt))
    return decode_tables(read(path))


# ---------------------------------------------------------------- 表三: an applicant column spans two

def t3_table(org_span: int):
    """2021 表三 whose header gives 商业企业 ``org_span`` grid columns while every data row gives it
    one and its neighbour 科研机构 two; each value names its row and column (r*10 + c)."""
    rows = [r for r in T.requests_rows if r.applies_to("2021")]
    width = 1 + 1 + 5 + org_span + 1
    grid = [
        [C("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, role="header"),
         C("申请人情况", colspan=width - 1, role="header")],
        [C("自然人", rowspan=2, role="header"), C("法人或其他组织", colspan=4 + org_span, role="header"),
         C("总计", rowspan=2, role="header")],
        [C(ORGS[0], colspan=org_span, role="header")] + [C(o, role="header") for o in ORGS[1:]],
    ]
    gold = {}
    for i, row in enumerate(rows):
        vals = [i * 10 + c for c in range(7)]
        gold[row.key] = vals
        spans = [1, 1, org_span, 1, 1, 1, 1]   # the data give 科研机构 the second column
        grid.append([C(row.label, role="label")] + [C(v, colspan=s) for v, s in zip(vals, spans)])
    return grid, width, gold


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_requests_header_column_spanning_two(tmp_path, fmt):
    grid, width, gold = t3_table(org_span=2)
    table = decoded(tmp_path, fmt, grid, width).tables.requests
    for key, vals in gold.items():
        assert [table.get(key, c) for c in T.requests_cols] == vals, key


# ---------------------------------------------------------------- 表二: A | B (2) | C over x (2) | y | z

def t2_table(rows: list[list[GridCell]]):
    header = [C("信息内容", role="header"), C("本年制发件数", colspan=2, role="header"),
              C("本年废止件数", role="header"), C("现行有效件数", role="header")]
    return [[C("第二十条第（一）项", colspan=5, role="header")], header] + rows


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_proactive_label_spanning_two_under_a_header_spanning_two(tmp_path, fmt):
    grid = t2_table([[C("规章", colspan=2, role="label"), C(5), C(1), C(12)],
                     [C("行政规范性文件", colspan=2, role="label"), C(7), C(0), C(30)]])
    table = decoded(tmp_path, fmt, grid, 5).tables.proactive
    assert table.rows["rules"] == {"issued": 5, "repealed": 1, "in_force": 12}
    assert table.rows["normative_docs"] == {"issued": 7, "repealed": 0, "in_force": 30}


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_row_split_unlike_the_others_is_placed_by_their_layout(tmp_path, fmt):
    """A row with a blank pair merged into one cell: the other rows say where its written cells stand."""
    grid = t2_table([[C("规章", colspan=2, role="label"), C(5), C(1), C(12)],
                     [C("行政规范性文件", colspan=2, role="label"), C(""), C(0, colspan=2)]])
    grid[-1] = [C("行政规范性文件", colspan=2, role="label"), C("", colspan=2), C(30)]
    table = decoded(tmp_path, fmt, grid, 5).tables.proactive
    assert table.rows["normative_docs"] == {"issued": None, "repealed": None, "in_force": 30}


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_nothing_fits_leaves_the_row_null_and_says_why(tmp_path, fmt):
    """A written value merged over two columns belongs to neither for sure: null, reported at info."""
    grid = t2_table([[C("规章", colspan=2, role="label"), C(5), C(1), C(12)],
                     [C("行政规范性文件", colspan=2, role="label"), C(7, colspan=2), C(30)]])
    result = decoded(tmp_path, fmt, grid, 5)
    assert result.tables.proactive.rows["rules"] == {"issued": 5, "repealed": 1, "in_force": 12}
    assert result.tables.proactive.rows["normative_docs"] == {"issued": None, "repealed": None, "in_force": None}
    checks = [c for c in result.findings if "proactive.normative_docs.issued" in c.cells]
    assert [(c.rule, c.severity) for c in checks] == [("NON_NUMERIC_CELL", "info")]
    assert "aligned" in checks[0].message


# ---------------------------------------------------------------- 表四: a value merged over two columns

@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_review_value_spanning_two_columns_is_one_value(tmp_path, fmt):
    heads = ["维持", "纠正", "其他", "尚未审结", "总计"]
    values = [C(v) for v in range(1, 16)]
    values[2].colspan = 2
    grid = [[C("行政复议", colspan=6, role="header"), C("行政诉讼", colspan=10, role="header")],
            [C(h, rowspan=2, colspan=2 if h == "其他" else 1, role="header") for h in heads]
            + [C("未经复议直接起诉", colspan=5, role="header"), C("复议后起诉", colspan=5, role="header")],
            [C(h, role="header") for h in heads * 2],
            values]
    table = decoded(tmp_path, fmt, grid, 16).tables.review_litigation
    got = [v for row in table.rows.values() for v in row.values()]
    assert got == list(range(1, 16))


# ---------------------------------------------------------------- tables converted to text

def test_text_row_with_the_template_count_is_read_as_written(tmp_path):
    """Tab-per-cell text whose header keeps an empty cell for a span: a row with exactly three values
    (and a trailing empty cell) is read as written, not under the header's columns."""
    header = ["信息内容", "本年制发件数", "", "本年废止件数", "现行有效件数"]
    rows = [header, ["规章", "5", "1", "12", ""], ["行政规范性文件", "7", "0", "30", ""]]
    text = "第二十条第（一）项\n\n" + "\n".join("".join(f"\t{c}\n" for c in row) for row in rows) + "\n"
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    table = decode_tables(read(path)).tables.proactive
    assert table.rows["rules"] == {"issued": 5, "repealed": 1, "in_force": 12}
    assert table.rows["normative_docs"] == {"issued": 7, "repealed": 0, "in_force": 30}


# ---------------------------------------------------------------- the generator and round trips

def test_disagree_spans_widens_the_grid_and_keeps_the_cells():
    rng = random.Random(5)
    texts = {"rules": {"issued": "5", "repealed": "1", "in_force": "12"}}
    grid = proactive_grid("2021", texts)
    for seed in range(20):
        out = disagree_spans(grid, random.Random(seed))
        assert out.width > grid.width
        cells = [(c.text, c.role) for row in out.rows for c in row if c.text]
        assert cells == [(c.text, c.role) for row in grid.rows for c in row if c.text]
        assert all(sum(c.colspan for c in row) == out.width for row in out.rows)
    assert rng  # the grid itself is not changed in place
    assert grid.width == 4


def roundtrip(tmp_path, fmt: str, seeds) -> dict:
    failures = {}
    path = tmp_path / f"r{SUFFIX[fmt]}"
    for s in seeds:
        rec, content = generate_record(random.Random(f"rt:{fmt}:{s}"))
        path.write_bytes(render(content, fmt))
        diffs = [d for d in differences(rec, extract(path)) if d.startswith("cell")]
        if diffs:
            failures[s] = diffs[:4]
    return failures


def test_html_spans_roundtrip(tmp_path):
    """100 pages with random header/data span disagreements, every template: every cell exact."""
    assert roundtrip(tmp_path, "html_spans", range(100)) == {}


def test_docx_spans_roundtrip(tmp_path):
    """20 Word files with merged cells that disagree between header and data rows: every cell exact."""
    assert roundtrip(tmp_path, "docx_spans", range(20)) == {}
