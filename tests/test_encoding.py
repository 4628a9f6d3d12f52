"""One decoder for text files and web pages (readers.encoding), with the HTML page's declared charset."""
import pytest

from gkextract.errors import ReadError
from gkextract.readers import read
from gkextract.readers.encoding import decode
from gkextract.readers.html import decode_html

REPORT = "示例县人民政府办公室关于本年度政府信息公开工作情况的报告，全年主动公开政府信息一千余条。\n" * 4


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_text_file_with_a_stray_byte_is_read(tmp_path):
    raw = REPORT.encode("gbk")
    raw = raw[:60] + b"\xff" + raw[60:]  # neither strict GBK nor UTF-8: decoded leniently, as pages are
    text = decode(tmp_path / "r.txt", raw)
    assert text.count("示例县人民政府办公室") == 4


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path, encoding):
    assert decode(tmp_path / "r.txt", REPORT.encode(encoding)) == REPORT
    page = f"<html><body><p>{REPORT.splitlines()[0]}</p></body></html>"
    doc = read(write(tmp_path, "p.html", page.encode(encoding)))
    assert next(doc.paragraphs()).text == REPORT.splitlines()[0]


def test_utf8_with_a_stray_nul_is_not_taken_for_utf16(tmp_path):
    raw = REPORT.encode("utf-8")
    raw = raw[:31] + b"\x00" + raw[31:]
    with pytest.raises(ReadError, match="binary"):
        decode(tmp_path / "r.txt", raw)


def test_declared_charset_is_used_after_utf8(tmp_path):
    # Big5 bytes that are also valid GB18030: only the declaration tells them apart
    text = "臺灣省政府資訊公開年報"
    page = f'<html><head><meta charset="big5"></head><body><p>{text}</p></body></html>'.encode("big5")
    assert text in decode_html(tmp_path / "p.html", page)
    assert text in decode(tmp_path / "p.html", page, declared="big5")


def test_xml_declaration_names_the_charset(tmp_path):
    text = "臺灣省政府資訊公開年報"
    page = f'<?xml version="1.0" encoding="big5"?>\n<html><body><p>{text}</p></body></html>'.encode("big5")
    assert text in decode_html(tmp_path / "p.xhtml", page)


def test_refusals_are_worded_for_the_reader(tmp_path):
    garbage = bytes(range(256)) * 8
    with pytest.raises(ReadError, match="binary file, not a text report"):
        decode(tmp_path / "r.txt", garbage)
    with pytest.raises(ReadError, match="binary data, not an HTML page"):
        decode_html(tmp_path / "r.html", garbage)


@pytest.mark.parametrize("encoding,size", [("utf-8", 200), ("utf-8", 40), ("gbk", 200), ("gbk", 35)])
def test_truncated_download_keeps_the_text_before_the_cut(tmp_path, encoding, size):
    raw = REPORT.encode(encoding)
    cut = next(n for n in range(size, size + 4) if _splits_a_character(raw, n, encoding))
    text = decode(tmp_path / "r.txt", raw[:cut])
    assert REPORT.startswith(text) and len(text) >= len(REPORT.encode(encoding)[:cut].decode(encoding, "ignore")) - 1


def _splits_a_character(raw: bytes, n: int, encoding: str) -> bool:
    try:
        raw[:n].decode(encoding)
        return False
    except UnicodeDecodeError:
        return True
