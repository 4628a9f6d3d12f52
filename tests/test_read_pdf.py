"""The PDF reader on real reports, and every way a PDF can be unreadable."""
import numpy as np
import pytest

from gkextract.document import Table
from gkextract.errors import ReadError
from gkextract.readers import read


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
    with pytest.raises(ReadError, match="image-only PDF"):
        read(p)


def test_pdf_suffix_on_garbage(tmp_path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    with pytest.raises(ReadError, match="corrupt or truncated PDF"):
        read(p)
