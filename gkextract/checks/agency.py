"""What kind of body issued a report, read from its name (for deadlines and the 规章 power rule).

kind:  ``government`` (a 县级以上地方人民政府 reporting as a whole), ``government_office`` (its
       办公厅/办公室), ``department`` (a 政府部门 or other body), ``township`` (乡镇人民政府, 街道办事处), or ``unknown`` (no name).
level: the administrative level of the deepest unit named: ``province``, ``city``, ``county``,
       ``township`` or ``unknown``. A 市 may be a 设区的市 or a 县级市; names do not tell, so it stays ``city``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

_TOWNSHIP = re.compile(r"街道|(?<![城])乡(?:人民)?政府|镇(?:人民)?政府|[乡镇]$|[乡镇](?:党委|办事处)")
_GOVERNMENT = re.compile(r"(?:人民)?政府$")
_GOVERNMENT_OFFICE = re.compile(r"(?:人民)?政府办公[厅室]$|政府办$")
# administrative units, deepest last; 自治区 is a province, 社区/园区/景区/小区 are not levels
_UNIT = re.compile(
    r"(?P<province>省|自治区)|(?P<city>市|自治州|州|盟|地区)|(?P<county>自治县|县|旗|(?<![社园景小辖市地治新])区)"
    r"|(?P<township>街道|(?<![城])乡|镇)"
)


@dataclass(frozen=True)
class Body:
    kind: str
    level: str


def normalise_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def classify_agency(name: Optional[str]) -> Body:
    if not name:
        return Body("unknown", "unknown")
    s = normalise_name(name)
    if _TOWNSHIP.search(s):
        return Body("township", "township")
    level = "unknown"
    for m in _UNIT.finditer(s):
        level = m.lastgroup or level
    if _GOVERNMENT.search(s):
        return Body("government", level)
    if _GOVERNMENT_OFFICE.search(s):
        return Body("government_office", level)
    return Body("department", level)


_HAS_UNIT = re.compile(r"[省市州盟县旗区乡镇]|街道")


def agency_key(name: Optional[str]) -> str:
    """The name in the form compared across reports: no whitespace, 人民政府 → 政府, no trailing 办事处."""
    if not name:
        return ""
    s = normalise_name(name).replace("人民政府", "政府")
    return s[: -len("办事处")] if s.endswith("办事处") and len(s) > 5 else s


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
    return len(short) >= 4 and long_.endswith(short) and bool(_HAS_UNIT.search(short))
