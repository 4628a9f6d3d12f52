"""What kind of body issued a report, read from its name (for deadlines and the 规章 power rule).

kind:  ``government`` (a 县级以上地方人民政府 reporting as a whole), ``department`` (a 政府部门, office or
       other body), ``township`` (乡镇人民政府, 街道办事处), or ``unknown`` (no name).
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
# administrative units, deepest last; 自治区 is a province, 社区/园区/景区/小区 are not levels
_UNIT = re.compile(
    r"(?P<province>省|自治区)|(?P<city>市|自治州|州|盟|地区)|(?P<county>自治县|县|旗|(?<![社园景小辖市地治新])区)"
    r"|(?P<township>街道|(?<![城])乡|镇)"
)
COUNTY_LEVEL_PREFIX = re.compile(r"^(?:[^市]{2,8}市)?[^市区县]{2,8}(?:区|县)")


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
    return Body("department", level)


_PREFIX = re.compile(r"^(?:中华人民共和国)?(?:[^省]{2,7}省|[^区]{2,9}自治区)?(?:[^市]{1,7}市(?=.{2,}))?")


def agency_key(name: Optional[str]) -> str:
    """A name for matching the same body across years: ``淮安市洪泽区人民政府`` and ``洪泽区人民政府``,
    ``岑港街道`` and ``岑港街道办事处`` give the same key."""
    if not name:
        return ""
    s = normalise_name(name)
    s = s.replace("人民政府", "政府")
    if s.endswith("办事处"):
        s = s[: -len("办事处")]
    stripped = _PREFIX.sub("", s)
    # keep the prefix when nothing would be left but the body type (淮安市政府 stays whole)
    if len(stripped) >= 3 and stripped not in ("政府", "政府办公室"):
        s = stripped
    return s
