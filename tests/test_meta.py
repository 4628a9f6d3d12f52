"""Title and agency of a report whose title is printed on one line or split over two or three."""
import pytest

from gkextract.document import Document, Paragraph
from gkextract.meta import find_meta


def meta(*lines: str):
    return find_meta(Document.build("r.txt", "txt", "0", [Paragraph(t) for t in lines]))


BODY = "本报告依据《中华人民共和国政府信息公开条例》编制。"


@pytest.mark.parametrize("lines,title,agency", [
    # one line
    (["平安市交通运输局2023年政府信息公开工作年度报告", BODY], "平安市交通运输局2023年政府信息公开工作年度报告",
     "平安市交通运输局"),
    # split after the agency
    (["淮安市洪泽区人民政府", "2024年政府信息公开工作年度报告", BODY],
     "淮安市洪泽区人民政府2024年政府信息公开工作年度报告", "淮安市洪泽区人民政府"),
    (["祥和市滨明区人力资源和社会保障局", "关于2017年政府信息公开工作的年度报告", BODY],
     "祥和市滨明区人力资源和社会保障局关于2017年政府信息公开工作的年度报告", "祥和市滨明区人力资源和社会保障局"),
    # split after the year, or before 年度报告
    (["平安市交通运输局2023年度", "政府信息公开工作年度报告", BODY],
     "平安市交通运输局2023年度政府信息公开工作年度报告", "平安市交通运输局"),
    (["平安市交通运输局2023年政府信息公开工作", "年度报告", BODY],
     "平安市交通运输局2023年政府信息公开工作年度报告", "平安市交通运输局"),
    # wrapped anywhere (text copied out of a PDF)
    (["祥和市滨明区人力资源和社会保障局关于2017年政府信息公", "开工作的年度报告", BODY],
     "祥和市滨明区人力资源和社会保障局关于2017年政府信息公开工作的年度报告", "祥和市滨明区人力资源和社会保障局"),
    # over three lines
    (["松柳市安金区", "发展和改革委员会", "2010年政府信息公开工作年度报告", BODY],
     "松柳市安金区发展和改革委员会2010年政府信息公开工作年度报告", "松柳市安金区发展和改革委员会"),
    (["松柳市安金区", "市场监督管理局", "2010年政府信息公开工作年度报告", BODY],
     "松柳市安金区市场监督管理局2010年政府信息公开工作年度报告", "松柳市安金区市场监督管理局"),
    # a line above that is not part of the title stays out of it
    (["信息公开", "平安市交通运输局2023年政府信息公开工作年度报告", BODY],
     "平安市交通运输局2023年政府信息公开工作年度报告", "平安市交通运输局"),
    (["索引号：123-2023", "平安市交通运输局", "2023年政府信息公开工作年度报告"],
     "平安市交通运输局2023年政府信息公开工作年度报告", "平安市交通运输局"),
    # the year first
    (["2023年度平安市交通运输局政府信息公开工作年度报告", BODY],
     "2023年度平安市交通运输局政府信息公开工作年度报告", "平安市交通运输局"),
])
def test_title_and_agency(lines, title, agency):
    m = meta(*lines)
    assert (m.title, m.agency) == (title, agency)


def test_title_without_agency_falls_back_to_the_contact_line():
    m = meta("政府信息公开工作年度报告", "如对本报告有疑问，请与龙嘉街道办事处党政办联系。")
    assert (m.title, m.agency) == ("政府信息公开工作年度报告", "龙嘉街道办事处")


def test_heading_after_a_short_title_is_not_joined():
    m = meta("平安市交通运输局", "一、总体情况", "2023年政府信息公开工作年度报告")
    assert m.agency != "平安市交通运输局一、总体情况"
