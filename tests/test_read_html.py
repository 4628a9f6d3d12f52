"""HTML reader: pages built here (no real report text), read through gkextract.readers.read as a user would."""
from __future__ import annotations

import random

import pytest

from gkextract.document import Paragraph, Table
from gkextract.errors import ReadError
from gkextract.readers import read

TABLE3 = """<table border="1">
<tr><td colspan="3" rowspan="2">（本列数据的勾稽关系）</td><td rowspan="2">自然人</td>
    <td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br/>
       企业</td><td>科研<br>机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>
    <td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>&nbsp;</td><td>6</td></tr>
<tr><td rowspan="20">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>
    <td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>\u3000</td><td>4</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1．属于国家秘密</td>
    <td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>2．其他法律行政法规禁止公开</td>
    <td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
</table>"""

TABLE3_GRID = [
    ["（本列数据的勾稽关系）", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
    ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ["一、本年新收政府信息公开申请数量", "", "", "5", "1", "0", "0", "0", "", "6"],
    ["三、本年度办理结果", "（一）予以公开", "", "3", "1", "0", "0", "0", "", "4"],
    ["", "（三）不予公开", "1．属于国家秘密", "0", "0", "0", "0", "0", "0", "0"],
    ["", "", "2．其他法律行政法规禁止公开", "1", "0", "0", "0", "0", "0", "1"],
]

PAGE = """<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>站点标题</title><style>.a {{ color: red }}</style><script>var s = '脚本文字';</script></head>
<body><div id="topnav"><a href="/">首页</a> <a>政务公开</a></div>
<nav>导航文字</nav>
<div class="breadcrumb">当前位置：首页 &gt; 年报</div>
<!-- 注释文字 -->
<noscript>请启用脚本</noscript>
<div class="article"><h1>示例区人民政府2020年政府信息公开工作年度报告</h1>
<p>　　本报告依据条例编制，
    内容如下。</p>
<div>第一行<br>第二行<br/>第三行</div>
<div style="display: none">隐藏文字</div>
{table}
<p>表后段落。</p></div>
<form class="searchform"><input name="q"><button>搜索</button>站内搜索</form>
<div class="footer">版权所有：示例区人民政府</div>
</body></html>"""


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def paragraphs(doc) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def tables(doc) -> list[list[list[str]]]:
    return [b.rows for b in doc.blocks if isinstance(b, Table)]


def test_gbk_page_with_meta_charset_gives_lines_and_expanded_grid(tmp_path):
    path = write(tmp_path, "report.html", PAGE.format(table=TABLE3).encode("gbk"))
    doc = read(path)
    assert doc.format == "html"
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph"] * 5 + ["Table", "Paragraph"]
    assert paragraphs(doc) == [
        "示例区人民政府2020年政府信息公开工作年度报告",
        "本报告依据条例编制，内容如下。",  # a source line break between CJK characters is no space
        "第一行", "第二行", "第三行",
        "表后段落。",
    ]
    assert tables(doc) == [TABLE3_GRID]
    for noise in ("脚本文字", "color", "首页", "导航文字", "当前位置", "注释文字", "请启用脚本", "隐藏文字",
                  "站内搜索", "版权所有", "站点标题"):
        assert noise not in doc.text


def test_offsets_point_into_the_text(tmp_path):
    doc = read(write(tmp_path, "report.html", PAGE.format(table=TABLE3).encode("gbk")))
    table = next(doc.tables())
    assert doc.text[table.start:table.end].split("\n")[2].split("\t") == TABLE3_GRID[2]
    last = doc.blocks[-1]
    assert doc.text[last.start:last.end] == "表后段落。"


def test_layout_tables_are_walked_into_not_flattened(tmp_path):
    prose = "本机关坚持以公开为常态、不公开为例外，" * 8
    page = f"""<html><head><meta charset="utf-8"></head><body>
    <table class="layout"><tr>
      <td><p>示例街道办事处2019年政府信息公开工作年度报告</p><p>{prose}</p>{TABLE3}<p>五、存在的主要问题</p></td>
    </tr></table>
    <table><tr><td>{prose}</td></tr></table>
    </body></html>"""
    doc = read(write(tmp_path, "layout.html", page.encode("utf-8")))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph", "Paragraph"]
    assert paragraphs(doc) == ["示例街道办事处2019年政府信息公开工作年度报告", prose, "五、存在的主要问题", prose]
    assert tables(doc) == [TABLE3_GRID]


def test_page_wide_form_is_kept_but_its_menus_are_not(tmp_path):
    # ASP.NET pages wrap the whole page in one <form>: it holds the article, so it stays.
    prose = "本机关坚持以公开为常态、不公开为例外。" * 4
    page = f"""<html><body><form id="form1" method="post">
    <div class="mainMenu"><ul><li>首页</li><li>政务公开</li></ul></div>
    <div id="zoom"><p>{prose}</p></div><div class="share-bar">分享到</div>
    </form></body></html>"""
    assert paragraphs(read(write(tmp_path, "aspx.html", page.encode("utf-8")))) == [prose]


def test_table_caption_and_span_edge_cases(tmp_path):
    page = """<html><body><table><caption>表一 统计表</caption>
    <tr><th>统计指标</th><th>单位</th><th colspan="0">统计数</th></tr>
    <tr><td rowspan="0">主动公开</td><td>条</td><td colspan="2px">970</td></tr>
    <tr><td>件</td><td>12</td><td>注</td></tr>
    <tr><td></td><td> </td><td>&nbsp;</td></tr>
    </table></body></html>"""
    doc = read(write(tmp_path, "stats.html", page.encode("utf-8")))
    assert paragraphs(doc) == ["表一 统计表"]
    # colspan=0 reads as 1, rowspan=0 spans to the end, "2px" as 2; the all-blank row is dropped.
    assert tables(doc) == [[
        ["统计指标", "单位", "统计数", ""],
        ["主动公开", "条", "970", ""],
        ["", "件", "12", "注"],
    ]]


def test_blank_edge_columns_are_dropped(tmp_path):
    """A Word export closes every row with an empty cell: the column says nothing, and left in it widens the
    rows past the header (a sparse row's values were then placed from the wrong edge)."""
    page = """<html><body><table>
    <tr><td></td><td>统计指标</td><td>单位</td><td>统计数</td><td></td></tr>
    <tr><td>&nbsp;</td><td>主动公开</td><td>条</td><td>970</td><td>&nbsp;</td></tr>
    </table></body></html>"""
    doc = read(write(tmp_path, "edges.html", page.encode("utf-8")))
    assert tables(doc) == [[["统计指标", "单位", "统计数"], ["主动公开", "条", "970"]]]


def test_gbk_without_declaration_is_detected(tmp_path):
    body = "<p>示例县人民政府办公室关于本年度政府信息公开工作情况的报告，全年主动公开政府信息一千余条。</p>" * 3
    path = write(tmp_path, "nometa.htm", f"<html><body>{body}</body></html>".encode("gbk"))
    assert paragraphs(read(path))[0] == "示例县人民政府办公室关于本年度政府信息公开工作情况的报告，全年主动公开政府信息一千余条。"


def test_short_undeclared_gbk_page_is_not_taken_for_korean(tmp_path):
    # Unrestricted detection calls these few bytes cp949; only Chinese encodings are candidates.
    path = write(tmp_path, "short.html", "<html><body><p>年度报告</p></body></html>".encode("gbk"))
    assert paragraphs(read(path)) == ["年度报告"]


def test_utf8_page_still_declaring_gb2312_is_read_as_utf8(tmp_path):
    page = '<html><head><meta charset="gb2312"></head><body><p>镜像站另存为UTF-8的页面</p></body></html>'
    assert paragraphs(read(write(tmp_path, "mirror.html", page.encode("utf-8")))) == ["镜像站另存为UTF-8的页面"]


def test_gbk_extension_characters_decode_with_gb18030(tmp_path):
    # 镕 is outside GB2312: pages labelled gb2312 use GBK/GB18030 characters all the time.
    page = '<html><head><meta charset="gb2312"></head><body><p>朱镕基</p></body></html>'
    assert paragraphs(read(write(tmp_path, "ext.html", page.encode("gb18030")))) == ["朱镕基"]


def test_stray_bytes_do_not_lose_the_page(tmp_path):
    body = "<p>示例县人民政府办公室关于本年度政府信息公开工作情况的报告。</p>" * 4
    raw = f"<html><body>{body}</body></html>".encode("gbk")
    raw = raw[:100] + b"\xff" + raw[100:]  # one stray byte: neither strict GBK nor detectable
    lines = paragraphs(read(write(tmp_path, "stray.html", raw)))
    assert len(lines) == 4 and lines[-1] == "示例县人民政府办公室关于本年度政府信息公开工作情况的报告。"


def test_utf8_bom_and_xhtml_declaration(tmp_path):
    page = '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>年度报告</p></body></html>'
    path = write(tmp_path, "x.xhtml", b"\xef\xbb\xbf" + page.encode("utf-8"))
    assert paragraphs(read(path)) == ["年度报告"]


def test_pre_keeps_its_lines_and_list_items_are_lines(tmp_path):
    page = "<html><body><pre>第一行\n第二行</pre><ul><li>一是加强</li><li>二是完善</li></ul>A  b\n c</body></html>"
    assert paragraphs(read(write(tmp_path, "pre.html", page.encode("utf-8")))) == [
        "第一行", "第二行", "一是加强", "二是完善", "A b c"]


def test_page_without_body_text_is_refused(tmp_path):
    path = write(tmp_path, "blank.html", b"<html><head><title>t</title></head><body><script>x()</script>\n</body></html>")
    with pytest.raises(ReadError) as err:
        read(path)
    assert str(err.value) == f"{path}: no text found in the HTML body"


def test_empty_html_file_is_refused(tmp_path):
    path = write(tmp_path, "empty.html", b"  \n")
    with pytest.raises(ReadError, match="file is empty"):
        read(path)


def test_binary_garbage_named_html_is_refused(tmp_path):
    garbage = bytes([0x89]) + random.Random(7).randbytes(4096)
    path = write(tmp_path, "garbage.html", garbage)
    with pytest.raises(ReadError) as err:
        read(path)
    assert str(err.value) == f"{path}: binary data, not an HTML page"


def test_high_bytes_without_nul_are_refused(tmp_path):
    rng = random.Random(3)
    garbage = bytes(rng.randrange(0x80, 0x100) for _ in range(4096))
    path = write(tmp_path, "noise.html", garbage)
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.path == str(path)
    assert err.value.reason in ("binary data, not an HTML page",
                                "cannot decode the file as text (binary data or unknown encoding)")


@pytest.mark.parametrize("head", ["<title>某县2023年政府信息公开工作年度报告", "<TITLE lang=zh>年度报告</TITEL>"])
def test_a_title_never_closed_does_not_swallow_the_page(tmp_path, head):
    """A crawl that cut or garbled </title> leaves the rest of the page inside the title: the body is still
    read as paragraphs, not as one line of markup."""
    page = (f"<html><head>{head}<meta charset='utf-8'></head><body><p>一、总体情况</p>"
            "<p>2023年，某县主动公开政府信息121条。</p></body></html>")
    doc = read(write(tmp_path, "page.html", page.encode("utf-8")))
    assert paragraphs(doc) == ["一、总体情况", "2023年，某县主动公开政府信息121条。"]


def test_pictures_in_the_body_are_lines_icons_are_not(tmp_path):
    """A picture of the body (a table pasted as an image) stays in the text as IMAGE_LINE, so a check can
    say a table it does not find may be one; icons and QR codes declared under 100 px do not."""
    from gkextract.document import IMAGE_LINE

    page = """<html><body><p>四、政府信息公开行政复议、行政诉讼情况</p><p><img src="t4.png" width="600"></p>
    <p>五、存在的主要问题及改进情况</p><p><img src="qr.png" width="80" height="80">扫码阅读</p></body></html>"""
    assert paragraphs(read(write(tmp_path, "img.html", page.encode("utf-8")))) == [
        "四、政府信息公开行政复议、行政诉讼情况", IMAGE_LINE, "五、存在的主要问题及改进情况", "扫码阅读"]

