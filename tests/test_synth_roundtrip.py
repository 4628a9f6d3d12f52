"""Round trip: extract(render(record)) == record for meta, sections (key, title) and every table cell.

Cases the extractor does not handle yet are marked xfail with the reason (see the synth report); they
turn into passes (XPASS) when the extractor learns them.
"""
from __future__ import annotations

import random

import pytest

from gkextract.synth import NO_BLANKS, SUFFIX, generate_record, render
from gkextract.synth.render.pdf import libreoffice
from gkextract.synth.roundtrip import differences
from rendered import write_rendered

extract = pytest.importorskip("gkextract.pipeline").extract


def roundtrip(tmp_path, fmt, seeds, *, only=None, **kw):
    """Failures as {seed: [differences]} over the seeds; ``only`` keeps differences mentioning it."""
    failures = {}
    path = tmp_path / f"r{SUFFIX[fmt]}"
    for s in seeds:
        rec, content = generate_record(random.Random(f"rt:{fmt}:{s}"),
                                       allow_blanks=fmt not in NO_BLANKS, **kw)
        path.write_bytes(render(content, fmt))
        diffs = differences(rec, extract(path))
        if only:
            diffs = [d for d in diffs if any(o in d for o in only)]
        if diffs:
            failures[s] = diffs[:4]
    return failures


TEXT_AND_HTML = ["txt_tab", "txt_pipe", "txt_lines", "txt_runtogether", "html"]


@pytest.mark.parametrize("fmt", TEXT_AND_HTML)
def test_text_and_html_layouts(tmp_path, fmt):
    """Hundreds of seeds per layout, every template (2019, 2021, legacy), blanks where the layout keeps
    them, digits run together where the arithmetic recovers them."""
    assert roundtrip(tmp_path, fmt, range(200)) == {}


@pytest.mark.parametrize("fmt", ["txt_tab", "txt_pipe", "html"])
def test_all_cells_blank(tmp_path, fmt):
    """Tables whose cells are all blank keep every row, as nulls (a blank 表四 included)."""
    assert roundtrip(tmp_path, fmt, range(60), templates=["2019", "2021"], blank_rate=1.0) == {}


@pytest.mark.parametrize("tpl", ["2019", "2021", "legacy"])
def test_one_cell_per_line_by_template(tmp_path, tpl):
    assert roundtrip(tmp_path, "txt_lines", range(40), templates=[tpl]) == {}


def test_docx(tmp_path):
    """Dozens of Word files: merged cells (rowspan/colspan), blanks, every template."""
    assert roundtrip(tmp_path, "docx", range(30)) == {}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Dozens of PDFs printed from the DOCX by LibreOffice (one batch), with blanks, every template."""
    if not libreoffice():
        pytest.skip("PDF round trip needs LibreOffice: apt-get install -y --no-install-recommends "
                    "fonts-noto-cjk libreoffice-writer-nogui")
    drawn = [generate_record(random.Random(f"rt:pdf:{s}")) for s in range(30)]
    paths = write_rendered(drawn, "pdf", tmp_path_factory.mktemp("pdf"), "r")
    return [(rec, extract(p)) for (rec, _), p in zip(drawn, paths)]


def test_pdf_covers_every_template(pdfs):
    assert {r.template for r, _ in pdfs} == {"2019", "2021", "legacy"}


def test_pdf_exact(pdfs):
    assert {i: differences(r, p)[:3] for i, (r, p) in enumerate(pdfs) if differences(r, p)} == {}
