"""The PDF reader on real reports, and every way a PDF can be unreadable."""
from pathlib import Path

import numpy as np
import pytest

from gkextract.document import Table
from gkextract.errors import ReadError
from gkextract.readers import read
from rendered import write_rendered


@pytest.fixture(scope="module")
def real_pdf(shared_corpus):
    return shared_corpus / "real" / "huaian_hongzequ_2024.pdf"


def test_ruled_tables_become_grids_and_prose_is_rejoined(real_pdf):
    doc = read(real_pdf)
    assert doc.format == "pdf"
    texts = [b.text for b in doc.paragraphs()]
    # title lines stay apart; headings are their own paragraphs
    assert texts[:2] == ["淮安市洪泽区人民政府", "2024年政府信息公开工作年度报告"]
    assert "一、总体情况" in texts and "六、其他需要报告的事项" in texts
    # wrapped lines joined, artefact spaces around digits gone, page markers gone
    assert any("受理政府信息公开申请17件，均已在法定期限内予以答复。" in t for t in texts)
    assert not any(t.strip("- ").isdigit() for t in texts)
    grids = [b for b in doc.blocks if isinstance(b, Table)]
    t3 = next(g for g in grids if any("本年新收政府信息公开申请数量" in c for r in g.rows for c in r))
    new_received = next(r for r in t3.rows if r[0] == "一、本年新收政府信息公开申请数量")
    assert new_received[-7:] == ["95", "0", "0", "0", "0", "0", "95"]
    # a header wrapped inside its cell is one label again
    assert any("社会公益组织" in r for r in t3.rows)


def test_truncated_pdf(tmp_path, real_pdf):
    p = tmp_path / "cut.pdf"
    p.write_bytes(real_pdf.read_bytes()[:3000])
    with pytest.raises(ReadError, match="corrupt or truncated PDF"):
        read(p)


def test_encrypted_pdf(tmp_path, real_pdf):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(real_pdf))
    writer.encrypt(user_password="secret", owner_password="owner")
    p = tmp_path / "locked.pdf"
    with open(p, "wb") as fh:
        writer.write(fh)
    with pytest.raises(ReadError, match="encrypted PDF"):
        read(p)


def test_image_only_pdf(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(2, 2))
    fig.figimage(np.random.default_rng(0).random((50, 50)))
    p = tmp_path / "scan.pdf"
    fig.savefig(p)
    plt.close(fig)
    # the text-layer reader names it (reading it by OCR instead is readers/scanned.py's job)
    from gkextract.readers.pdf import read_pdf

    with pytest.raises(ReadError, match="image-only PDF"):
        read_pdf(p, p.read_bytes(), "")


def test_pdf_suffix_on_garbage(tmp_path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    with pytest.raises(ReadError, match="corrupt or truncated PDF"):
        read(p)


# ---------------------------------------------------------------------------------------------- generated

@pytest.fixture(scope="module")
def generated_pdfs(tmp_path_factory):
    """Generated reports as PDF (DOCX → LibreOffice): tables running over page breaks, rows cut by them,
    legacy tables with group rows, long titles in a large font."""
    import random

    from gkextract.pipeline import extract
    from gkextract.synth import generate_record
    from gkextract.synth.render.pdf import libreoffice

    if not libreoffice():
        pytest.skip("needs LibreOffice (soffice) to make PDFs")
    drawn = [generate_record(random.Random(f"bench:pdf:{seed}"), allow_blanks=False)
             for seed in (102, 103, 107, 109, 117)]
    drawn += [generate_record(random.Random(f"pdfblank:{seed}"), allow_blanks=True, blank_rate=1.0,
                              templates=["2019", "2021"]) for seed in range(2)]
    paths = write_rendered(drawn, "pdf", tmp_path_factory.mktemp("gen_pdf"), "r")
    return [(gold, read(path), extract(path)) for (gold, _), path in zip(drawn, paths)]


def test_generated_pdfs_round_trip_exactly(generated_pdfs):
    from gkextract.synth.roundtrip import differences

    assert {i: differences(gold, pred)[:3] for i, (gold, _, pred) in enumerate(generated_pdfs)
            if differences(gold, pred)} == {}


def test_cell_text_wrapped_over_a_page_break_stays_one_cell(generated_pdfs):
    # every legacy label is one whole grid cell, group rows (一、主动公开情况) included: no fragment rows
    seen = 0
    for gold, doc, _ in generated_pdfs:
        if not gold.tables.legacy_stats:
            continue
        cells = {c for t in doc.tables() for row in t.rows for c in row}
        for stat in gold.tables.legacy_stats:
            assert "".join(stat.label.split()) in cells
            seen += 1
        # and the table is one grid of one width, across the pages it runs over
        legacy = [t for t in doc.tables() if any("统计指标" in c for c in t.rows[0])]
        assert len(legacy) == 1 and len({len(r) for r in legacy[0].rows}) == 1
    assert seen


def test_title_in_a_larger_font_is_not_joined_to_the_text_below(generated_pdfs):
    for gold, doc, pred in generated_pdfs:
        first = next(doc.paragraphs()).text
        assert first == "".join(gold.title.split())
        assert pred.agency == gold.agency


@pytest.fixture(scope="module")
def unruled_pdfs():
    """Frozen generated reports in the unruled PDF layout whose draws showed each class of issue 10, and a
    legacy report whose prose names a 2021 table's word in a short sentence (tests/data/pdf_unruled/README.md:
    files, not draws, so that generator changes do not move their page breaks)."""
    from gkextract.pipeline import extract
    from gkextract.record import Record

    folder = Path(__file__).parent / "data" / "pdf_unruled"
    pdfs = sorted(folder.glob("*.pdf"), key=lambda p: p.name.startswith("unruled_prose"))   # the legacy one last
    assert len(pdfs) == 8
    return [(Record.model_validate_json(p.with_suffix(".gold.json").read_text(encoding="utf-8")), extract(p))
            for p in pdfs]


def test_generated_unruled_pdfs_round_trip_exactly(unruled_pdfs):
    from gkextract.synth.roundtrip import differences

    assert {i: differences(gold, pred)[:3] for i, (gold, pred) in enumerate(unruled_pdfs)
            if differences(gold, pred)} == {}


def test_marker_words_in_a_prose_sentence_do_not_make_a_template(unruled_pdfs):
    gold, pred = unruled_pdfs[-1]
    assert gold.template == pred.template == "legacy"


def test_a_picture_of_the_body_is_a_line_of_its_own(tmp_path):
    """A table pasted as a picture in a text PDF stays in the text as IMAGE_LINE where it stands, as in
    HTML and DOCX; a logo is too small to be one."""
    import subprocess

    import docx
    from docx.shared import Inches
    from PIL import Image

    from gkextract.document import IMAGE_LINE, Paragraph
    from gkextract.synth.render.pdf import libreoffice

    if not libreoffice():
        pytest.skip("needs LibreOffice (soffice) to make PDFs")
    Image.new("RGB", (800, 400), "white").save(tmp_path / "t4.png")
    Image.new("RGB", (80, 80), "red").save(tmp_path / "logo.png")
    document = docx.Document()
    document.add_paragraph("某局2023年政府信息公开工作年度报告")
    document.add_picture(str(tmp_path / "logo.png"), width=Inches(0.8))
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    document.add_picture(str(tmp_path / "t4.png"), width=Inches(5.5))
    document.add_paragraph("五、存在的主要问题及改进情况")
    document.save(tmp_path / "pic.docx")
    subprocess.run([libreoffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "pic.docx")],
                   check=True, capture_output=True, timeout=300)
    assert [b.text for b in read(tmp_path / "pic.pdf").blocks if isinstance(b, Paragraph)] == [
        "某局2023年政府信息公开工作年度报告", "四、政府信息公开行政复议、行政诉讼情况", IMAGE_LINE, "五、存在的主要问题及改进情况"]

