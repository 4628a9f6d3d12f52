"""What body issued a report, read from its name: type and region (for summaries), the kind that sets its
publication deadline and its level (for checks), and whether two names are one body (across years).

Types: 街道, 乡镇, 区县政府, 市政府, 省政府, 部门.

Rules on the tail of the name decide the type; a government's general office (XX市人民政府办公室,
XX省人民政府办公厅) is a department like any other 局/委/办/厅. A small gazetteer (``places.py``) and suffix parsing
(省/市/州/区/县…) give province, city and county. Limits: a county-level city written alone
("余姚市人民政府") reads as a city government; a city whose province is neither written nor in the
gazetteer gets no province.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Optional

from .places import CITY_PROVINCE, MUNICIPALITIES, PROVINCES

AGENCY_TYPES = ("street", "township", "county_gov", "city_gov", "province_gov", "department", "unknown")
AGENCY_TYPE_LABELS = {
    "street": "街道", "township": "乡镇", "county_gov": "区县政府", "city_gov": "市政府",
    "province_gov": "省政府", "department": "部门", "unknown": "未知",
}

# Characters that end a place name or start an office name: a place segment never contains them
# (州/镇/乡 may sit inside a name: 杭州市, 镇江市). Matching is greedy so 杭州市 is not cut at 州.
_STOP = "省市区县盟旗街道局委办府厅部署院所处站队会人民政"
_SEG = f"[^\\s\\d{_STOP}]"
_CITY_RE = re.compile(f"^({_SEG}{{1,7}}(?:自治州|地区|市|州|盟))(?![区县旗])")
# a county-level 市 has a name of two characters at least: 城市管理局 names no county
_COUNTY_RE = re.compile(f"^({_SEG}{{1,7}}(?:自治县|自治旗|区|县|旗)|{_SEG}{{2,7}}市)")
_PROVINCE_RE = re.compile(f"^({_SEG}{{1,7}}(?:省|自治区))")
_GOV_TAIL = re.compile(r"(人民政府|政府)$")
_STREET_TAIL = re.compile(r"街道(办事处|办|党工委|工委)?$")
_TOWNSHIP_TAIL = re.compile(r"(镇|乡|苏木)(人民政府|政府)?$")
_DEPARTMENT_TAIL = re.compile(
    r"(管委会|管理委员会|委员会|局|委|办公室|办|厅|署|中心|院|会|所|处|部|"
    r"站|馆|队|室|社|团|行|公司|集团|党校|学校|大学)$"
)
_PROVINCE_FULL = sorted(PROVINCES.values(), key=len, reverse=True)


@dataclass(frozen=True)
class AgencyInfo:
    name: Optional[str]
    type: str
    province: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    level: Optional[str] = None  # province | city | county | township | None: the deepest place in the name

    @property
    def region(self) -> Optional[str]:
        """The grouping label for ``--by region``: the province, else the city, else None."""
        return self.province or self.city

    def to_dict(self) -> dict:
        return {**asdict(self), "region": self.region}


def _normalise(name: Optional[str]) -> str:
    if not name:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


@dataclass(frozen=True)
class _Places:
    province: Optional[str]
    city: Optional[str]
    county: Optional[str]
    rest: str


def _parse_places(s: str) -> _Places:
    province = city = county = None
    for full in _PROVINCE_FULL:
        if s.startswith(full):
            province, s = full, s[len(full):]
            break
    else:
        m = _PROVINCE_RE.match(s)  # a province not in the gazetteer, by its suffix
        if m:
            province, s = m.group(1), s[m.end():]
    m = _CITY_RE.match(s)
    if m and not (province in {PROVINCES[k] for k in MUNICIPALITIES}):
        city, s = m.group(1), s[m.end():]
    m = _COUNTY_RE.match(s)
    if m:
        county, s = m.group(1), s[m.end():]
    if province is None and city:
        short = re.sub(r"(自治州|地区|市|州|盟)$", "", city)
        if short in CITY_PROVINCE:
            province = PROVINCES[CITY_PROVINCE[short]]
    return _Places(province, city, county, s)


def _government_type(places: _Places) -> str:
    """Type of a body whose name ends in 人民政府/政府, from the deepest place before it."""
    if places.county:
        return "county_gov"
    if places.city:
        return "city_gov"
    if places.province:
        return "province_gov"
    return "unknown"


def _type_of(s: str, places: _Places) -> str:
    if not s:
        return "unknown"
    if _STREET_TAIL.search(s):
        return "street"
    if _TOWNSHIP_TAIL.search(s):
        return "township"
    if _GOV_TAIL.fullmatch(places.rest) or (not places.rest and (places.county or places.city or places.province)):
        return _government_type(places)   # XX区人民政府, or the place alone (福州市鼓楼区2023年…报告)
    if _DEPARTMENT_TAIL.search(s):
        return "department"
    return "unknown"


def _level(s: str, kind: str, places: _Places) -> Optional[str]:
    if kind in ("street", "township"):
        return "township"
    if places.county:
        return "county"
    if places.city:
        return "city"
    if places.province:
        return "province"
    return None


@lru_cache(maxsize=65536)
def describe_agency(name: Optional[str]) -> AgencyInfo:
    s = _normalise(name)
    places = _parse_places(s)
    kind = _type_of(s, places)
    return AgencyInfo(name=name, type=kind, province=places.province, city=places.city,
                      county=places.county, level=_level(s, kind, places))


def agency_type(name: Optional[str]) -> str:
    return describe_agency(name).type


def region_of(name: Optional[str]) -> Optional[str]:
    return describe_agency(name).region


# ---------------------------------------------------------------- for the checks

@dataclass(frozen=True)
class Body:
    """kind: ``government`` (a 县级以上地方人民政府 reporting as a whole), ``government_office`` (its
    办公厅/办公室), ``department``, ``township`` (乡镇人民政府, 街道办事处) or ``unknown`` (no name); it sets
    the deadline. level: ``province``, ``city``, ``county``, ``township`` or ``unknown`` (a 市 may be a
    设区的市 or a 县级市; names do not tell, so it stays ``city``)."""

    kind: str
    level: str


_GOVERNMENT_OFFICE = re.compile(r"(?:人民)?政府办公[厅室]$|政府办$")


def classify_agency(name: Optional[str]) -> Body:
    if not name:
        return Body("unknown", "unknown")
    info = describe_agency(name)
    if info.type in ("street", "township"):
        return Body("township", "township")
    level = info.level or "unknown"
    s = _normalise(name)
    if _GOVERNMENT_OFFICE.search(s):
        return Body("government_office", level)
    if info.type.endswith("_gov") or _GOV_TAIL.search(s):
        return Body("government", level)
    # a name whose tail says nothing (no 局/委/办…): not known to be a department, whose deadline is earliest
    return Body("department" if info.type == "department" else "unknown", level)


_HAS_UNIT = re.compile(r"[省市州盟县旗区乡镇]|街道")


def agency_key(name: Optional[str]) -> str:
    """The name in the form compared across reports: no whitespace, no trailing 办事处, and a government
    as its place (城关镇人民政府 / 城关镇, 福州市鼓楼区人民政府 / 福州市鼓楼区: one body)."""
    s = _normalise(name).replace("人民政府", "政府")
    if s.endswith("政府") and _PLACE_END.search(s[: -len("政府")]):
        s = s[: -len("政府")]
    return s[: -len("办事处")] if s.endswith("办事处") and len(s) > 5 else s


_PLACE_END = re.compile(r"(?<=.)(?:省|市|区|县|旗|盟|州|镇|乡|苏木|自治区|自治州|自治县)$")


def same_agency(a: Optional[str], b: Optional[str]) -> bool:
    """Two names of one body: equal, or one is the other with higher-level units in front
    (``淮安市洪泽区人民政府`` / ``洪泽区人民政府``; ``余姚市人民政府朗霞街道办事处`` / ``朗霞街道``).
    The shorter name must itself name a place, so ``生态环境局`` matches no city's 生态环境局."""
    ka, kb = agency_key(a), agency_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    shortest = 3 if _PLACE_END.search(short) else 4   # a government's key is its place: 洪泽区
    return len(short) >= shortest and long_.endswith(short) and bool(_HAS_UNIT.search(short))
