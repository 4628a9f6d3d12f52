"""Property-based tests (hypothesis): the cell parser, the digit splitter, encoding detection, the table
engine and each non-PDF reader take anything without an exception other than ReadError, and keep their
contracts (a value is a finite number a count can be; a split joins back to its digits; text survives an
encoding round trip; deep nesting loses no text). benchmarks/fuzz.py runs the same inputs at scale."""
import io
import math
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from gkextract.document import Document, Paragraph, Table
from gkextract.errors import ReadError
from gkextract.readers.docx import read_docx
from gkextract.readers.encoding import decode
from gkextract.readers.html import read_html
from gkextract.readers.txt import read_txt
from gkextract.tables.digits import MAX_PART_DIGITS, candidate_splits, compositions
from gkextract.tables.engine import decode_tables
from gkextract.text import MAX_DIGITS, is_value_text, parse_cell

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpus" / "samples"
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# characters reports are made of, plus the troublemakers
CELL_CHARS = st.sampled_from(list("0123456789０１２３４５.,，-－—+/\\%元件万亿增减无空xX* \u3000\t一二三百零十e")
                             + ["\x00", "\ufeff", "٣", "²", "⑤"])
CELL_TEXT = st.one_of(st.text(CELL_CHARS, max_size=30), st.text(max_size=30),
                      st.sampled_from(["NaN", "inf", "-inf", "1e308"]))
CJK_TEXT = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=20, max_size=200)


# ------------------------------------------------------------------------------------- cell parser

@FAST
@given(CELL_TEXT)
def test_parse_cell_never_raises_and_values_are_finite_counts(text):
    parsed = parse_cell(text)
    assert is_value_text(text) in (True, False)
    if parsed.value is not None:
        assert parsed.numeric and not parsed.blank
        assert math.isfinite(parsed.value) and abs(parsed.value) < 10 ** MAX_DIGITS
    if parsed.overflow:
        assert parsed.value is None and not parsed.numeric and is_value_text(text)


@pytest.mark.parametrize("text", ["9" * 5000, "1" * 4301, "1" + "0" * 30, "1" * 16, "1" * 2_000_000,
                                  "1" + ",000" * 2000, "0." + "1" * 5000])
def test_absurd_numbers_are_no_values(text):
    parsed = parse_cell(text)
    if text.startswith("0."):
        assert parsed.value == pytest.approx(0.1111111)
    else:
        assert parsed.value is None and parsed.overflow and not parsed.numeric


@pytest.mark.parametrize("text,value", [("－5", -5), ("减4", -4), ("1,036", 1036), ("１２３", 123), ("999999999999999", 999999999999999)])
def test_ordinary_numbers_still_parse(text, value):
    assert parse_cell(text).value == value


@pytest.mark.parametrize("text", ["NaN", "nan", "inf", "-inf", "1e308", "一百二十", "1.2.3", "+-5"])
def test_non_numbers_are_not_numeric(text):
    parsed = parse_cell(text)
    assert parsed.value is None and not parsed.numeric


# ------------------------------------------------------------------------------------- digit splitter

@FAST
@given(st.text("0123456789", min_size=1, max_size=40), st.integers(1, 8))
def test_compositions_join_back(digits, n):
    for i, parts in enumerate(compositions(digits, n)):
        assert len(parts) == n and "".join(map(str, parts)) == digits
        assert all(len(str(p)) <= MAX_PART_DIGITS for p in parts)
        if i > 200:
            break


@FAST
@given(st.lists(st.integers(0, 9999), min_size=2, max_size=7))
def test_candidate_splits_find_the_written_row(values):
    total = sum(values)
    row = values + [total]
    sums = [(len(row) - 1, list(range(len(values))))]
    cands = candidate_splits("".join(map(str, row)), len(row), sums)
    assert row in cands or cands == []  # [] only when the search was cut off as undecidable
    assert all(c[-1] == sum(c[:-1]) for c in cands)


@pytest.mark.parametrize("digits", ["1" * 3_000_000, "1" * 5000, "12" * 60])
def test_giant_digit_runs_split_fast_into_nothing(digits):
    t = time.perf_counter()
    assert candidate_splits(digits, 7, [(6, [0, 1, 2, 3, 4, 5])]) == []
    assert time.perf_counter() - t < 10


# ------------------------------------------------------------------------------------- encodings

@FAST
@given(CJK_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-32"]))
def test_decode_round_trips_chinese_text(text, encoding):
    text = "政府信息公开工作年度报告\n" + text
    assert decode(Path("x.txt"), text.encode(encoding)) == text.lstrip("\ufeff")


@FAST
@given(st.binary(max_size=3000))
def test_decode_takes_any_bytes(raw):
    try:
        assert isinstance(decode(Path("x.txt"), raw), str)
    except ReadError:
        pass


# ------------------------------------------------------------------------------------- table engine

@FAST
@given(st.lists(st.one_of(
    st.builds(Paragraph, st.text(max_size=60)),
    st.builds(lambda rows: Table(rows), st.lists(st.lists(CELL_TEXT, min_size=1, max_size=9), min_size=1,
                                                 max_size=12)),
), max_size=12))
def test_table_engine_takes_any_blocks(blocks):
    blocks = [b for b in blocks if not isinstance(b, Paragraph) or b.text.strip()]
    doc = Document.build("x.txt", "txt", "0" * 64, blocks)
    decode_tables(doc)


def test_table_engine_on_a_report_with_absurd_cells():
    text = (SAMPLES / "synth_2024_0000_txt_tab.txt").read_text(encoding="utf-8")
    for absurd in ("9" * 5000, "1" * 100_000, "1e308", "NaN"):
        bad = text.replace("\t0\n", f"\t{absurd}\n")
        doc = read_txt(Path("x.txt"), bad.encode("utf-8"), "0" * 64)
        decode_tables(doc)


# ------------------------------------------------------------------------------------- readers

def _reads_or_refuses(reader, raw: bytes, suffix: str):
    try:
        return reader(Path(f"x{suffix}"), raw, "0" * 64)
    except ReadError:
        return None


@FAST
@given(st.binary(max_size=4000))
def test_txt_reader_takes_any_bytes(raw):
    _reads_or_refuses(read_txt, raw, ".txt")


@FAST
@given(st.text(max_size=2000))
def test_txt_reader_takes_any_text(text):
    _reads_or_refuses(read_txt, text.encode("utf-8"), ".txt")


HTML_TAGS = ["div", "p", "span", "table", "tr", "td", "th", "br", "font", "pre", "li", "ul", "script", "h1"]


@st.composite
def html_pages(draw):
    parts = ["<html><body>"]
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(f"<{draw(st.sampled_from(HTML_TAGS))}{draw(st.sampled_from(['', ' rowspan=100000', ' colspan=0', ' colspan=99999', ' style=display:none']))}>")
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(HTML_TAGS))}>")
        else:
            parts.append(draw(st.text(CELL_CHARS, max_size=20)))
    return "".join(parts)


@FAST
@given(html_pages())
def test_html_reader_takes_any_tag_soup(page):
    _reads_or_refuses(read_html, page.encode("utf-8"), ".html")


@FAST
@given(st.binary(max_size=3000))
def test_html_reader_takes_any_bytes(raw):
    _reads_or_refuses(read_html, b"<html><body>" + raw, ".html")


@pytest.mark.parametrize("depth", [255, 2100, 12000])
@pytest.mark.parametrize("tag", ["div", "font", "td"])
def test_deeply_nested_html_keeps_its_text(depth, tag):
    page = f"<html><body>{f'<{tag}>' * depth}<p>某某局2023年政府信息公开工作年度报告</p>{f'</{tag}>' * depth}" \
           f"<p>结尾段落</p></body></html>"
    doc = read_html(Path("x.html"), page.encode("utf-8"), "0" * 64)
    assert "某某局2023年政府信息公开工作年度报告" in doc.text and "结尾段落" in doc.text


def test_deep_html_keeps_its_tables():
    sample = (SAMPLES / "synth_2024_0004_html.html").read_text(encoding="utf-8")
    head, _, rest = sample.partition("<body>")
    body, _, tail = rest.partition("</body>")
    flat = read_html(Path("x.html"), sample.encode("utf-8"), "0" * 64)
    deep = read_html(Path("x.html"), (f"{head}<body>" + "<div>" * 10000 + body + "</div>" * 10000
                                      + f"</body>{tail}").encode("utf-8"), "0" * 64)
    assert [b.rows for b in deep.blocks if isinstance(b, Table)] == [b.rows for b in flat.blocks if isinstance(b, Table)]
    assert deep.text == flat.text


def _docx_bytes() -> bytes:
    return (SAMPLES / "synth_2024_0005_docx.docx").read_bytes()


@FAST
@given(st.lists(st.tuples(st.integers(0, 10 ** 9), st.integers(0, 7)), max_size=30))
def test_docx_reader_takes_bit_flips(flips):
    raw = bytearray(_docx_bytes())
    for pos, bit in flips:
        raw[pos % len(raw)] ^= 1 << bit
    _reads_or_refuses(read_docx, bytes(raw), ".docx")


@FAST
@given(st.integers(0, 10 ** 9))
def test_docx_reader_takes_truncation(cut):
    raw = _docx_bytes()
    _reads_or_refuses(read_docx, raw[: cut % len(raw)], ".docx")


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _package(document: bytes | None = None, stream_mb: int = 0) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        if stream_mb:
            with z.open("word/document.xml", "w", force_zip64=True) as fh:
                fh.write(f"<w:document {W}><w:body><w:p><w:r><w:t>".encode())
                for _ in range(stream_mb):
                    fh.write(b"A" * 2 ** 20)
                fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
        else:
            z.writestr("word/document.xml", document)
    return buf.getvalue()


def test_docx_with_a_15_mb_run_is_read():
    run = "政府信息公开工作年度报告。" * (15_000_000 // 39)
    raw = _package(f"<w:document {W}><w:body><w:p><w:r><w:t>{run}</w:t></w:r></w:p></w:body></w:document>".encode())
    doc = read_docx(Path("x.docx"), raw, "0" * 64)
    assert len(doc.text) >= len(run)


def test_docx_zip_bomb_is_refused_before_it_is_inflated(monkeypatch):
    import resource

    import gkextract.readers.docx as docx

    monkeypatch.setattr(docx, "MAX_PART_MB", 50)
    raw = _package(stream_mb=120)
    assert len(raw) < 1_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ReadError, match="over the 50 MB limit"):
        read_docx(Path("x.docx"), raw, "0" * 64)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 40 * 1024  # KB: nothing inflated


def test_docx_deeper_than_the_parser_goes_says_so():
    raw = _package(f"<w:document {W}><w:body><w:p>{'<w:ins>' * 5000}<w:r><w:t>x</w:t></w:r>{'</w:ins>' * 5000}"
                   f"</w:p></w:body></w:document>".encode())
    with pytest.raises(ReadError, match="nested too deeply"):
        read_docx(Path("x.docx"), raw, "0" * 64)


def test_docx_nested_1500_levels_is_read_without_recursion():
    raw = _package(f"<w:document {W}><w:body><w:p>{'<w:ins>' * 1500}<w:r><w:t>正文</w:t></w:r>{'</w:ins>' * 1500}"
                   f"</w:p></w:body></w:document>".encode())
    assert "正文" in read_docx(Path("x.docx"), raw, "0" * 64).text


@pytest.mark.parametrize("absurd", ["9" * 5000, "1" * 4301, "1" + "0" * 30])
def test_absurd_numbers_anywhere_in_a_report_give_a_record(tmp_path, absurd):
    """In prose (a figure), in a table cell, in a rowspan: the report is still read, the number is no value."""
    from gkextract.pipeline import extract

    text = (SAMPLES / "synth_2024_0000_txt_tab.txt").read_text(encoding="utf-8")
    bad = tmp_path / "r.txt"
    bad.write_text(text.replace("\t0\n", f"\t{absurd}\n", 1) + f"\n本年共收到申请{absurd}件。\n", encoding="utf-8")
    record = extract(bad)
    assert all(f.value is None or abs(f.value) < 10 ** 15 for f in record.figures)
    page = (SAMPLES / "synth_2024_0004_html.html").read_text(encoding="utf-8")
    html = tmp_path / "r.html"
    html.write_text(page.replace("<td", f'<td rowspan="{absurd}"', 1), encoding="utf-8")
    assert extract(html).title
