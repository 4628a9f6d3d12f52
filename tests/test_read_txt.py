"""The txt reader: encodings, the layouts real text copies come in, and bad input."""
import codecs

import pytest

from gkextract.document import Paragraph, Table
from gkextract.errors import ReadError
from gkextract.readers import read

TAB_LAYOUT = (
    "某某街道办事处2020年政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "今年主动公开政府信息12条。\n"
    "二、主动公开政府信息情况\n"
    "\t第二十条第（一）项\n\n"
    "\t信息内容\n\t本年新\n制作数量\n\t本年新\n公开数量\n\t对外公开总数量\n\n"
    "\t[bookmark: _GoBack]规章\n\t　　0\n\t 1\n\t2\n\n\n"
    "三、收到和处理政府信息公开申请情况\n"
)


def _write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_decode_to_the_same_document(tmp_path, encoding):
    doc = read(_write(tmp_path, "r.txt", TAB_LAYOUT.encode(encoding)))
    assert doc.format == "txt"
    assert isinstance(doc.blocks[0], Paragraph)
    assert doc.blocks[0].text == "某某街道办事处2020年政府信息公开工作年度报告"
    table = next(doc.tables())
    # wrapped header cells are joined, Word bookmarks dropped, cell padding stripped
    assert table.rows == [["第二十条第（一）项"], ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
                          ["规章", "0", "1", "2"]]
    assert doc.blocks[-1].text == "三、收到和处理政府信息公开申请情况"


def test_offsets_point_into_the_normalised_text(tmp_path):
    doc = read(_write(tmp_path, "r.txt", TAB_LAYOUT.encode()))
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert doc.text[block.start:block.end] == block.text


def test_pipe_rows_keep_inner_blanks_and_drop_ragged_padding(tmp_path):
    text = ("行政处罚 |\n0 | ||\n行政强制 | |||\n一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 | ||\n"
            "二、上年结转政府信息公开申请数量 |  |  | 0 |  | 0 |  | 0 |||\n")
    table = next(read(_write(tmp_path, "p.txt", text.encode())).tables())
    assert table.rows[0] == ["行政处罚"]
    assert table.rows[1] == ["0"]
    assert table.rows[2] == ["行政强制"]
    assert table.rows[3] == ["一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"]
    assert table.rows[4] == ["二、上年结转政府信息公开申请数量", "", "", "0", "", "0", "", "0"]


@pytest.mark.parametrize("data,reason", [
    (b"", "file is empty"),
    (b"   \n\n  ", "file is empty"),
    (bytes(range(256)) * 40, "binary file"),
])
def test_bad_text_input_names_the_file_and_reason(tmp_path, data, reason):
    path = _write(tmp_path, "bad.txt", data)
    with pytest.raises(ReadError) as err:
        read(path)
    assert reason in str(err.value)
    assert str(path) in str(err.value)


def test_unknown_suffix_and_missing_file(tmp_path):
    with pytest.raises(ReadError, match="unsupported file type .xyz"):
        read(_write(tmp_path, "r.xyz", b"hello"))
    with pytest.raises(ReadError, match="no such file"):
        read(tmp_path / "missing.txt")
