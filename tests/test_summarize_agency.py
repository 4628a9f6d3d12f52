"""Agency type and region from names."""
from __future__ import annotations

import random

import pytest

from gkextract.agency import agency_type, describe_agency, region_of

TYPES = {
    "江源街道办事处": "street",
    "东河区和平路街道": "street",
    "余姚市人民政府朗霞街道办事处": "street",
    "桃江县松木塘镇人民政府": "township",
    "松木塘镇": "township",
    "某某乡人民政府": "township",
    "洪泽区人民政府": "county_gov",
    "淮安市洪泽区人民政府": "county_gov",
    "通州区人民政府": "county_gov",
    "杭州市人民政府": "city_gov",
    "湘西土家族苗族自治州人民政府": "city_gov",
    "浙江省人民政府": "province_gov",
    "上海市人民政府": "province_gov",
    "广西壮族自治区人民政府": "province_gov",
    "深圳市光明区外事局": "department",
    "咸宁市审计局": "department",
    "某某县卫生健康委员会": "department",
    "上海市人民政府办公厅": "department",
    "福州市鼓楼区": "county_gov",
    "国家统计局": "department",
    "": "unknown",
    None: "unknown",
}


@pytest.mark.parametrize("name,expected", TYPES.items())
def test_agency_type(name, expected):
    assert agency_type(name) == expected


def test_places():
    info = describe_agency("江苏省淮安市洪泽区人民政府")
    assert (info.province, info.city, info.county, info.level) == ("江苏省", "淮安市", "洪泽区", "county")
    # province from the gazetteer of cities, and from the 省 suffix for names not in it
    assert describe_agency("淮安市市场监督管理局").province == "江苏省"
    assert describe_agency("临江省人民政府").province == "临江省"
    assert describe_agency("北京市海淀区人民政府").province == "北京市"
    # 区 inside an office name is not a county; 州 inside a city name does not cut it
    assert describe_agency("朝阳区市场监督管理局").county == "朝阳区"
    assert describe_agency("朝阳区市场监督管理局").city is None
    assert describe_agency("杭州市人民政府").city == "杭州市"
    assert region_of("深圳市光明区外事局") == "广东省"
    assert region_of("岑港街道") is None


def test_agrees_with_synthetic_levels():
    synth_agency = pytest.importorskip("gkextract.synth.agency")
    expected = {"street": "street", "town": "township", "county_dept": "department", "city_dept": "department",
                "county_gov": "county_gov", "city_gov": "city_gov", "province_gov": "province_gov"}
    rng = random.Random(7)
    agencies = [synth_agency.make_agency(rng) for _ in range(1000)]
    # the generator also names a government's general office (人民政府办公室/办公厅) as that
    # government, which we read as a department; county-level cities (XX市人民政府) read as cities
    ambiguous = [a for a in agencies if a.name.endswith(("办公室", "办公厅"))
                 or (a.level == "county_gov" and "区" not in a.name and "县" not in a.name)]
    clear = [a for a in agencies if a not in ambiguous]
    hits = sum(agency_type(a.name) == expected[a.level] for a in clear)
    assert hits == len(clear)
    assert len(clear) > 800


@pytest.mark.parametrize("name,kind,level", [
    ("淮安市洪泽区人民政府", "government", "county"), ("浙江省人民政府办公厅", "government_office", "province"),
    ("余姚市人民政府朗霞街道办事处", "township", "township"), ("河宁市城市管理局", "department", "city"),
    ("祥竹县市场监督管理局", "department", "county"), (None, "unknown", "unknown"),
    # a place alone names its government (福州市鼓楼区2023年…报告): not a department, whose deadline is earliest
    ("上海市", "government", "province"), ("福州市鼓楼区", "government", "county"),
])
def test_deadline_kind_and_level_for_the_checks(name, kind, level):
    from gkextract.agency import classify_agency
    assert (classify_agency(name).kind, classify_agency(name).level) == (kind, level)


def test_same_agency_across_years():
    from gkextract.agency import same_agency
    assert same_agency("淮安市洪泽区人民政府", "洪泽区人民政府")
    assert same_agency("余姚市人民政府朗霞街道办事处", "朗霞街道")
    assert not same_agency("杭州市生态环境局", "生态环境局")
    # a government written with or without 人民政府 (the place alone names it, as the checks read it)
    assert same_agency("福州市鼓楼区", "福州市鼓楼区人民政府")
    assert same_agency("城关镇人民政府", "城关镇")
    assert not same_agency("某县人民政府", "某县人民政府办公室")
    assert not same_agency("福州市鼓楼区人民政府", "南京市鼓楼区人民政府")
