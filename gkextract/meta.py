"""Title, agency, reporting year and date of a report."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from .document import Document

_REPORT = re.compile(r"(信息公开|政务公开).{0,12}(年度)?(工作)?(年度)?报告")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"(?:统计期限|统计时限|统计期间|统计时间).{0,4}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_PERIOD_LOOSE = re.compile(r"自\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日(?:起)?\s*至\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_AGENCY_SUFFIX = (r"(?:街道办事处|街道|人民政府办公厅|人民政府办公室|人民政府|政府|办事处|管委会|委员会|管理委员会|"
                  r"局|委|办公室|办公厅|厅|署|中心|镇|乡|院|所|站|队|会)")
# "请与龙嘉街道办事处党政办联系": the body named where the preface gives a contact
_CONTACT = re.compile(rf"(?:请与|请联系|联系单位[:：]?|本报告由|由)([\u4e00-\u9fa5]{{2,24}}?{_AGENCY_SUFFIX})")
_SIGNATURE = re.compile(rf"^[\u4e00-\u9fa5（）()]{{2,30}}{_AGENCY_SUFFIX}$")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


@dataclass
class Meta:
    title: Optional[str]
    agency: Optional[str]
    year: Optional[int]
    date: Optional[str]
    title_year: Optional[int] = None
    period_year: Optional[int] = None


def find_meta(doc: Document) -> Meta:
    paras = [p.text.strip() for p in doc.paragraphs()]
    title = _title(paras)
    title_year = _first_int(_YEAR_IN_TITLE, title)
    period_year = _period_year(doc.text)
    agency = _agency_from_title(title) or _agency_from_contact(paras) or _agency_from_signature(paras)
    year = title_year or period_year or _prose_year(doc.text)
    return Meta(title=title, agency=agency, year=year, date=_date(paras), title_year=title_year,
                period_year=period_year)


_CJK_NAME = r"[\u4e00-\u9fa5（）()·]"
_YEAR_PART = r"(?:(?:19|20)\d{2}年度?)"
# A whole title (whitespace removed): [year] agency [关于] [year] 政府信息公开/政务公开 … 报告
_TITLE = re.compile(rf"^{_YEAR_PART}?(?!关于){_CJK_NAME}{{2,40}}?(?:关于)?{_YEAR_PART}?(?:政府信息公开|政务公开)"
                    rf"[\u4e00-\u9fa5]{{0,12}}报告$")
_TITLE_PIECE_STOP = re.compile(r"[，。：:；;！？!?,]|报告$|^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
# A line that is only a place name (省/市/区/县…), and the characters that end one.
_PLACE_LINE = re.compile(r"^[\u4e00-\u9fa5]{2,20}(?:省|市|区|县|州|盟|旗|镇|乡|街道|自治区|自治州|自治县)$")
_PLACE_CHAR = re.compile(r"(?<=.)[省市区县州盟旗镇乡]")  # not the first: 市场监督管理局 names no place
# The title is at most this many lines: split after the agency, before 年度报告, or wrapped anywhere.
TITLE_LINES = 3


def _title(paras: list[str]) -> Optional[str]:
    return _split_title(paras[:6]) or _title_line(paras)


def _split_title(head: list[str]) -> Optional[str]:
    """The title from the lines it is printed on: the fewest consecutive lines, ending in one that ends in
    报告, that together read [year] agency … 政府信息公开 … 报告 (XX市XX局 / 2023年政府信息公开工作年度报告,
    XX市XX局2023年政府信息公开工作 / 年度报告). A line that is a whole title by itself is taken alone."""
    for end, text in enumerate(head):
        if not re.search(r"报告\s*$", text) or len(text) > 80:
            continue
        for k in range(1, TITLE_LINES + 1):
            start = end - k + 1
            if start < 0:
                break
            before = head[start:end]
            if any(len(p) > 40 or _TITLE_PIECE_STOP.search(p) for p in before):
                break
            joined = "".join(p.strip() for p in head[start:end + 1])
            if len(joined) <= 80 and _TITLE.match(re.sub(r"\s+", "", joined)):
                # 松柳市安金区 / 发展和改革委员会 / 2010年…: a department named without its place
                if start > 0 and end - start + 1 < TITLE_LINES and _PLACE_LINE.match(head[start - 1].strip()) \
                        and not _PLACE_CHAR.search(_agency_from_title(joined) or ""):
                    joined = head[start - 1].strip() + joined
                return joined
    return None


def _title_line(paras: list[str]) -> Optional[str]:
    for i, text in enumerate(paras[:6]):
        if _REPORT.search(text) and len(text) <= 80:
            prev = paras[i - 1] if i > 0 else ""
            # the agency often sits on the line above: 余姚市人民政府朗霞街道办事处 / 2019年…年度报告
            if prev and len(prev) <= 30 and not _REPORT.search(prev) and re.search(_AGENCY_SUFFIX + "$", prev) \
                    and not re.match(r"^\s*([一二三四五六七八九十]+、)", prev):
                if re.match(r"^\s*((19|20)\d{2}\s*年|政府信息公开|政务公开)", text):
                    return prev + text.strip()
            return text.strip()
    return None


def _agency_from_title(title: Optional[str]) -> Optional[str]:
    if not title:
        return None
    title = re.sub(r"^\s*(?:19|20)\d{2}\s*年度?", "", title)  # 2023年度XX局政府信息公开工作年度报告
    m = re.match(r"^(.*?)\s*(?:关于)?\s*(?:(?:19|20)\d{2}\s*年度?|政府信息公开|政务公开)", title)
    if m:
        agency = m.group(1).strip(" 　:：")
        if len(agency) >= 2:
            return agency
    return None


def _agency_from_contact(paras: list[str]) -> Optional[str]:
    for text in paras[:8]:
        m = _CONTACT.search(text)
        if m:
            return m.group(1)
    return None


def _agency_from_signature(paras: list[str]) -> Optional[str]:
    for text in reversed(paras[-4:]):
        t = text.strip()
        if _SIGNATURE.match(t):
            return t
    return None


def _period_year(text: str) -> Optional[int]:
    m = _PERIOD.search(text) or _PERIOD_LOOSE.search(text)
    return int(m.group(1)) if m else None


def _prose_year(text: str) -> Optional[int]:
    """The year the report talks about most (its first 5000 characters: the 总体情况 and tables)."""
    years = Counter(int(y) for y in _YEAR.findall(text[:5000]) if 2000 <= int(y) <= 2100)
    return years.most_common(1)[0][0] if years else None


def _first_int(pattern: re.Pattern, text: Optional[str]) -> Optional[int]:
    m = pattern.search(text or "")
    return int(m.group(1)) if m else None


def _date(paras: list[str]) -> Optional[str]:
    """The signing/publication date: a date on its own line near the end of the report."""
    for text in reversed(paras[-5:]):
        t = text.strip()
        if len(t) > 20:
            continue
        for pattern, conv in ((_DATE, int), (_DATE_ISO, int), (_CN_DATE, _cn_number)):
            m = pattern.search(t)
            if m:
                y, mo, d = (conv(g) if pattern is not _CN_DATE or k else _cn_year(g)
                            for k, g in enumerate(m.groups()))
                if 1 <= mo <= 12 and 1 <= d <= 31:
                    return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _cn_year(s: str) -> int:
    return int("".join(str(_CN_DIGITS[c]) for c in s))


def _cn_number(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS[s[1]]
    if "十" in s:
        tens, _, ones = s.partition("十")
        return _CN_DIGITS[tens] * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[s]
