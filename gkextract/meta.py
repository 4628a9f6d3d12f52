"""Title, agency, reporting year and date of a report.

Page chrome (configs/meta.yaml ``noise``, gkextract/noise.py) is dropped from the first and last lines
before anything is read. The title is the title line as written, or None when the page has none. The
agency is the issuing body as written: candidates come from the title, a scraped header (``doc.fields``),
a lone name line above the preface, the preface's own sentences (configs/meta.yaml ``preface``: 现公布…,
《…报告》, …编制, 请与…联系) and the signature; the most trusted one decides which body it is, and the
most complete form of that body the report states is returned (城关镇 / 城关镇人民政府; 和平街道办事处 /
某县和平街道办事处). The year is the title's, else the stated statistics period's, else the preface's,
else the year the opening talks about most.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .document import Document
from .noise import clean_lines, config, rules
from .text import arabic_dates

_REPORT = re.compile(r"(信息公开|政务公开).{0,12}(年度)?(工作)?(年度)?(报告|年报)")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"(?:统计期限|统计时限|统计期间|统计时间).{0,4}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_PERIOD_LOOSE = re.compile(r"自\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日(?:起)?\s*至\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_AGENCY_SUFFIX = (r"(?:街道办事处|街道|人民政府办公厅|人民政府办公室|人民政府|政府|办事处|管委会|委员会|管理委员会|"
                  r"局|委|办公室|办公厅|厅|署|中心|镇|乡|院|所|站|队|会)")
# a signature dated by month only (2024年1月)
_YEAR_MONTH = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月")
_SIGNATURE = re.compile(rf"^[\u4e00-\u9fa5（）()]{{2,30}}{_AGENCY_SUFFIX}$")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
# the first top-level heading ends the preface
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、．.]|第[一二三四五六七八九十]+部分)")
# a title line is no sentence: it does not start like one and has no clause punctuation
_SENTENCE = re.compile(r"^(根据|依据|按照|为|本|现|我|经|依照|遵照)|[，,。；;！？]")
# how many lines, once the chrome is gone, may come before the title
TITLE_WINDOW = 8
# lines after the first heading read by patterns marked after_heading (一、总体情况 / （一）… / 2022年，XX…)
AFTER_HEADING = 3
# the preface is read up to the first heading, at most this many characters
PREFACE_CHARS = 1500


@dataclass
class Meta:
    title: Optional[str]
    agency: Optional[str]
    year: Optional[int]
    date: Optional[str]
    title_year: Optional[int] = None
    period_year: Optional[int] = None


def find_meta(doc: Document) -> Meta:
    paras = _lone_cells(doc) + [p.text.strip() for p in doc.paragraphs()]
    fields = {**_table_fields(doc), **(getattr(doc, "fields", None) or {})}
    r = rules()
    head = clean_lines(paras[:r.head])
    tail = clean_lines(paras[-r.tail:]) if len(paras) > r.head else head
    title, title_end = _title(head)
    title = _fuller_title(title, head[title_end:title_end + TITLE_WINDOW])
    header_title = _header_title(fields)
    preface = _preface(head[title_end:])
    found = _preface_candidates(preface)
    candidates = [
        _agency_from_title(title),
        _agency_from_title(header_title),
        _name_line(head, title),
        *_other_titles(head[title_end:title_end + TITLE_WINDOW]),
        *(name for name, _, _ in found),
        _candidate(fields.get("publisher")),
        _agency_from_signature(tail),
    ]
    agency = choose_agency([c for c in candidates if c], first_only={n for n, _, off in found if off})
    if not agency:
        agency = _agency_from_text(head + paras[r.head:])
    if not agency:
        agency = _agency_from_pronoun(head + paras[r.head:])
    if agency:
        # the fullest form of that body anywhere in the report (its page chrome left out)
        agency = complete_agency(agency, "\n".join(head + paras[r.head:]))
    title_year = _first_int(_YEAR_IN_TITLE, arabic_dates(title or header_title))
    period_year = _period_year(doc.text)
    preface_year = next((y for _, y, _ in found if y), None)
    year = title_year or period_year or preface_year or _prose_year(doc.text)
    date = _date(tail) or _header_date(fields.get("date"))
    return Meta(title=title or header_title, agency=agency, year=year, date=date, title_year=title_year,
                period_year=period_year)


# ------------------------------------------------------------------ title

_CJK_NAME = r"[\u4e00-\u9fa5（）()·]"
_YEAR_PART = r"(?:(?:19|20)\d{2}年度?)"
# A whole title (whitespace removed): [关于] [year] agency [关于] [year] 政府信息公开/政务公开 … 报告
_TITLE = re.compile(rf"^(?:关于)?{_YEAR_PART}?(?!关于){_CJK_NAME}{{2,40}}?(?:关于)?{_YEAR_PART}?(?:政府信息公开|政务公开|(?<!政府)信息公开)"
                    rf"[\u4e00-\u9fa5]{{0,12}}(?:报告|年报)$")
_TITLE_PIECE_STOP = re.compile(r"[，。：:；;！？!?,]|报告$|年报$|^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
# A line that is only a place name (省/市/区/县…), and the characters that end one.
_PLACE_LINE = re.compile(r"^[\u4e00-\u9fa5]{2,20}(?:省|市|区|县|州|盟|旗|镇|乡|街道|自治区|自治州|自治县)$")
_PLACE_CHAR = re.compile(r"(?<=.)[省市区县州盟旗镇乡]")  # not the first: 市场监督管理局 names no place
# The title is at most this many lines: split after the agency, before 年度报告, or wrapped anywhere.
TITLE_LINES = 3


def _title(head: list[str]) -> tuple[Optional[str], int]:
    """The title and the index of the line after it (0 when there is none)."""
    window = head[:TITLE_WINDOW]
    return _split_title(window) or _title_line(window) or (None, 0)


def _split_title(head: list[str]) -> Optional[tuple[str, int]]:
    """The title from the lines it is printed on: the fewest consecutive lines, ending in one that ends in
    报告, that together read [year] agency … 政府信息公开 … 报告 (XX市XX局 / 2023年政府信息公开工作年度报告,
    XX市XX局2023年政府信息公开工作 / 年度报告). A line that is a whole title by itself is taken alone."""
    for end, text in enumerate(head):
        if not re.search(r"(报告|年报)\s*$", text) or len(text) > 80:
            continue
        for k in range(1, TITLE_LINES + 1):
            start = end - k + 1
            if start < 0:
                break
            before = head[start:end]
            if any(len(p) > 40 or _TITLE_PIECE_STOP.search(p) for p in before):
                break
            joined = "".join(p.strip() for p in head[start:end + 1])
            if len(joined) <= 80 and _TITLE.match(arabic_dates(re.sub(r"\s+", "", joined))):
                # 松柳市安金区 / 发展和改革委员会 / 2010年…: a department named without its place
                if start > 0 and end - start + 1 < TITLE_LINES and _PLACE_LINE.match(head[start - 1].strip()) \
                        and not _PLACE_CHAR.search(_agency_from_title(joined) or ""):
                    joined = head[start - 1].strip() + joined
                return joined, end + 1
    return None


def _title_line(paras: list[str]) -> Optional[tuple[str, int]]:
    for i, text in enumerate(paras):
        if _REPORT.search(text) and len(text) <= 80 and not _SENTENCE.search(text):
            prev = paras[i - 1] if i > 0 else ""
            # the agency often sits on the line above: 余姚市人民政府朗霞街道办事处 / 2019年…年度报告
            if prev and len(prev) <= 30 and not _REPORT.search(prev) and re.search(_AGENCY_SUFFIX + "$", prev) \
                    and not re.match(r"^\s*([一二三四五六七八九十]+、)", prev):
                if re.match(r"^\s*((19|20)\d{2}\s*年|政府信息公开|政务公开)", arabic_dates(text)):
                    return prev + text.strip(), i + 1
            return text.strip(), i + 1
    return None


def _table_fields(doc: Document) -> dict[str, str]:
    """A page's metadata table above the body (标 题 | 某市2014年…报告 / 索引号 | … | 发布机构 | …): its
    key/value cells read like a scraped header (configs/scraped.yaml ``header.keys``)."""
    from .document import Table
    from .readers.normalise import field_name

    out: dict[str, str] = {}
    for block in doc.blocks:
        if not isinstance(block, Table):
            break   # only tables before the first paragraph
        for row in block.rows:
            for k, v in zip(row[::2], row[1::2]):
                name = field_name(k)
                if name and v.strip() and name not in out:
                    out[name] = v.strip()
    return out


def _lone_cells(doc: Document) -> list[str]:
    """Lines of a page flattened with ``|`` above the body whose row holds one filled cell (the title over
    empty cells: 某局2023年…报告 | | |): read as lines of the page, before its paragraphs."""
    from .document import Table
    from .readers.normalise import field_name

    out = []
    for block in doc.blocks:
        if not isinstance(block, Table):
            break
        for row in block.rows:
            filled = [c.strip() for c in row if c and c.strip()]
            if len(filled) == 1 and not field_name(filled[0]):
                out.append(filled[0])
    return out


def _header_title(fields: dict) -> Optional[str]:
    """A scraped header's title, when it reads as a report title."""
    t = fields.get("title")
    if not t:
        return None
    from .noise import strip_line
    t = strip_line(t)
    return t if _REPORT.search(t) and len(t) <= 80 else None


def _agency_from_title(title: Optional[str]) -> Optional[str]:
    if not title:
        return None
    title = arabic_dates(title)   # 某局二〇二三年政府信息公开工作年度报告
    title = re.sub(r"^\s*(?:19|20)\d{2}\s*年度?", "", title)  # 2023年度XX局政府信息公开工作年度报告
    title = re.sub(r"^\s*关于\s*", "", title)   # 关于XX街道办事处2023年政府信息公开工作的年度报告
    m = re.match(r"^(.*?)\s*(?:关于)?\s*(?:(?:19|20)\d{2}\s*年度?|政府信息公开|政务公开)", title)
    if m:
        agency = m.group(1).strip(" 　:：")
        if agency.endswith("人民"):   # 兴县人民政府信息公开…: the name is 兴县人民政府
            agency += "政府"
        agency = re.sub(config()["co_name"], "", agency)   # 某市人民政府（市人民政府办公厅）: the office compiled it
        if len(agency) >= 2:
            return agency
    return None


# ------------------------------------------------------------------ agency

def _name_line(head: list[str], title: Optional[str]) -> Optional[str]:
    """A page without a title line that names its body alone on the first line (浑南区XX局 / 根据…)."""
    if title or not head:
        return None
    return _candidate(head[0]) if _SIGNATURE.match(head[0]) else None


def _fuller_title(title: Optional[str], lines: list[str]) -> Optional[str]:
    """A page that repeats its title under a short one (区XX局2022年…报告 / 某市某区XX局2022年…报告) has
    the full one as its title line: the same title, its agency written more completely."""
    name = _agency_from_title(title)
    if not name:
        return title
    rest = _norm(title)[max(_norm(title).find(_norm(name)), 0) + len(_norm(name)):]   # after 关于 and the name
    for t in lines:
        other = _agency_from_title(t) if _REPORT.search(t) and len(t) <= 80 and not _SENTENCE.search(t) else None
        if other and len(other) > len(name) and _norm(t).endswith(rest) \
                and _completes(other, name):
            return t.strip()
    return title


def _other_titles(lines: list[str]) -> list[str]:
    """Agencies of further title-shaped lines (a page repeats its title with the full name under the
    short one: 区XX局2022年…报告 / 某市某区XX局2022年…报告)."""
    out = []
    for t in lines:
        if _REPORT.search(t) and len(t) <= 80 and not _SENTENCE.search(t) and re.search(r"(报告|年报)$", t):
            name = _candidate(_agency_from_title(t))
            if name:
                out.append(name)
    return out


def _preface(lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines before the first heading (at most PREFACE_CHARS) and the first lines after it: a page that
    starts with 一、总体情况 names its body in the opening sentence (2022年，XX街道按照…)."""
    out, size = [], 0
    for i, t in enumerate(lines):
        if _HEADING.match(t) or size > PREFACE_CHARS:
            return out, lines[i + 1:i + 1 + AFTER_HEADING]
        out.append(t)
        size += len(t)
    return out, []


@lru_cache(maxsize=1)
def _preface_patterns() -> tuple[tuple[re.Pattern, bool, bool, bool, bool], ...]:
    """(pattern, also read after the first heading, drop an internal office, the name compiled or answers
    for the report: a government's office stands for the government, read only by the whole-text fallback),
    most trusted first."""
    cfg = config()
    suffixes = "|".join(cfg["agency_suffixes"])
    # a name never starts with a pronoun or 由 (由XX局编制): the match moves on to the name itself
    not_start = "".join(cfg["not_agency_starts"])
    body = rf"(?![{not_start}])[\u4e00-\u9fa5（）()·]{{1,30}}"
    # a co-name in brackets (贵阳市人民政府（市人民政府办公厅）) is read past and left out of the name: the
    # office that compiled the report (conventions 5)
    co = rf"(?:[（(](?!以下|简称)[\u4e00-\u9fa5]{{1,20}}(?:{suffixes})[）)])?"   # not （以下简称…）
    ag, ag_long = rf"(?P<a>{body}?(?:{suffixes})){co}", rf"(?P<a>{body}(?:{suffixes})){co}"
    y = r"(?P<y>(?:19|20)\d{2})\s*年"
    verb = "|".join(sorted(cfg["subject_verbs"], key=len, reverse=True))
    return tuple((re.compile(p["pattern"].replace("{AG+}", ag_long).replace("{AG}", ag).replace("{Y}", y)
                             .replace("{VERB}", verb)),
                  bool(p.get("after_heading")), bool(p.get("strip_office")), bool(p.get("compiler")),
                  bool(p.get("fallback_only")))
                 for p in cfg["preface"])


def _preface_candidates(preface: tuple[list[str], list[str]],
                        fallback: bool = False) -> list[tuple[str, Optional[int], bool]]:
    """(agency, year or None, read off a government's office) stated by the preface, most trusted pattern
    first. A government read off its compiling office (由XX县人民政府办公室编制 → XX县人民政府) is the body
    when nothing ranks before it, but being the office's name it completes no other candidate. With
    ``fallback`` every pattern reads every line given (the whole-text fallback)."""
    before, after = preface
    out = []
    office, gov_office = re.compile(config()["internal_office"]), re.compile(config()["government_office"])
    for pattern, after_heading, strip_office, compiler, fallback_only in _preface_patterns():
        if fallback_only and not fallback:
            continue
        for line in before + (after if after_heading or fallback else []):
            pos = 0
            while (m := pattern.search(line, pos)) is not None:
                name = office.sub("", m.group("a")) if strip_office else m.group("a")
                of_office = compiler and bool(gov_office.search(name))
                name = _candidate(gov_office.sub("", name) if of_office else name)
                if name:
                    y = m.groupdict().get("y")
                    out.append((name, int(y) if y else None, of_office))
                    pos = m.end()
                else:
                    # 编制并向社会公开莆田市某局2023年…: the first verb led to no name; the next may
                    pos = m.start() + 1
    return out


def _candidate(name: Optional[str]) -> Optional[str]:
    """A name as written, or None when it is a pronoun (我镇, 本局) or a phrase rather than a name."""
    if not name:
        return None
    cfg = config()
    name = name.strip(" 　:：，,。")
    if len(name) < 2 or name[0] in cfg["not_agency_starts"] or any(w in name for w in cfg["not_agency_words"]) \
            or re.search(cfg["not_agency_pronoun"], name):
        return None
    return name


def _key(name: str) -> str:
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    for ending in config()["same_body_endings"]:
        if s.endswith(ending) and len(s) > len(ending) + 1:
            return s[: -len(ending)]
    return s


def choose_agency(candidates: list[str], first_only: frozenset[str] | set[str] = frozenset()) -> Optional[str]:
    """The most complete form of the body the first (most trusted) candidate names: the longest candidate
    whose name, less 人民政府/办事处, ends with the first one's (城关镇 → 城关镇人民政府; 和平街道办事处 →
    某县和平街道办事处), or that names the place a bare level leaves out (县教育和科学技术局 → 大竹县教科局).
    Candidates naming another body (its 办公室, a higher government) are ignored, and so are the ones in
    ``first_only`` unless they come first (a government read off its office's name)."""
    if not candidates:
        return None
    best = candidates[0]
    for c in candidates[1:]:
        # a government read off its office completes only another one read so (由市政府办公厅编制 …
        # 请与某市人民政府办公厅联系)
        if c in first_only and c != candidates[0] and candidates[0] not in first_only:
            continue
        if (_completes(c, best) or _reordered(c, best)) and \
                (len(_norm(c)) > len(_norm(best)) or _names_bare_place(c, best)):
            best = c
    return best


def _reordered(fuller: str, name: str) -> bool:
    """``fuller`` is the formal name of which ``name`` is a short form with its words in another order
    (某市公安局滨江区分局 / 滨江区公安分局; 上海市人民政府 / 市政府): every character of ``name`` is in it, as
    often, and both end alike. A name written whole inside it is no reordering (依托某街道办事处: _completes
    decides what may stand in front)."""
    f, n = _norm(fuller), _norm(name)
    return len(n) >= 3 and n not in f and f[-1] == n[-1] and not (Counter(n) - Counter(f))


# a name that starts with a bare level (县教育局, 区政府办公室, 市民促局): the place's own name is left out
_BARE_LEVEL = re.compile(r"^(省|市|区|县|州|旗)")


def _completes(fuller: str, name: str) -> bool:
    """``fuller`` is ``name`` written more completely: places in front, 人民政府/办事处 after, or — for a name
    starting with a bare level (县XX局) — that place named and the rest the same or abbreviated in order
    (大竹县教科局 for 县教育和科学技术局)."""
    f, k = _key(fuller), _key(name)
    if f == k:
        return True
    if f.endswith(k):
        # only places may stand in front: 现公布深川市坪水区审计局 is no form of 坪水区审计局
        chain, _, not_start, _ = _completion_rules()
        front = f[:-len(k)]
        probe = front + k[0] if _BARE_LEVEL.match(k) else front   # 广州市越秀 + 区退役军人事务局
        return bool(chain.fullmatch(probe) and not not_start.match(front))
    m = _BARE_LEVEL.match(k)
    if not m or len(k) < 3:
        return False
    level, rest = m.group(1), k[1:]
    at = f.find(level, 1)
    while at > 0:
        tail = f[at + 1:]
        if tail and tail[-1] == rest[-1] and _subsequence(tail, rest):
            return True
        at = f.find(level, at + 1)
    return False


def _names_bare_place(fuller: str, name: str) -> bool:
    return bool(_BARE_LEVEL.match(_key(name))) and not _BARE_LEVEL.match(_key(fuller))


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


@lru_cache(maxsize=1)
def _completion_rules() -> tuple[re.Pattern, re.Pattern, re.Pattern, tuple[str, ...]]:
    cfg = config()["completion"]
    return (re.compile(cfg["place_chain"]), re.compile(cfg["boundary"]), re.compile(cfg["not_place_start"]),
            tuple(cfg["endings"]))


# how far before a name a place chain in front of it is looked for
PLACE_WINDOW = 16


def complete_agency(name: str, text: str) -> str:
    """The most complete form of ``name`` the report states (record.md: the issuing body as written, its
    most complete form): the name with the places in front of it (落水镇人民政府 → 宣威市落水镇人民政府;
    区民政局 → 涵江区民政局) and/or 人民政府/办事处 after it (对坊乡 → 对坊乡人民政府), where the text writes
    it so. A place chain counts only where a word boundary precedes it (configs/meta.yaml ``completion``).
    A place alone (安乡县, 西藏自治区) names its government: 人民政府 where the text writes it after the place,
    even inside the government's office's name, else a 政府 that does not belong to 政府信息公开."""
    chain, boundary, not_start, endings = _completion_rules()
    cfg = config()["completion"]
    key = _key(name)
    own_end = _norm(name)[len(key):]
    place_only = not own_end and bool(chain.fullmatch(key))
    # a name starting with a bare level (区民政局) is completed by the place's own name (涵江 + 区民政局)
    bare = bool(_BARE_LEVEL.match(key))
    best = name
    for m in re.finditer(re.escape(key), text):
        s, e = m.start(), m.end()
        end = _government_ending(text, e) if place_only else None
        if end is None:
            end = next((x for x in endings if text.startswith(x, e) and _ending_fits(x, own_end)), None)
            if end is None:
                if own_end and not text.startswith(own_end, e):
                    continue
                end = own_end
            if re.match(cfg["other_body_after"], text[e + len(end):]):
                continue
        window = text[max(0, s - PLACE_WINDOW):s]
        place = ""
        for k in range(len(window), 0, -1):
            p = window[-k:]
            probe = p + key[0] if bare else p
            if not chain.fullmatch(probe) or not_start.match(p) or p[0] in config()["not_agency_starts"]:
                continue
            before = text[:s - k]
            if not before or boundary.search(before[-4:]):
                place = p
                break
        if bare and not place:
            continue
        if re.search(cfg["address_before"], text[max(0, s - len(place) - 8):s - len(place)]) \
                and re.match(r"[\u4e00-\u9fa5]", text[e + len(end):e + len(end) + 1]):
            continue
        form = place + key + end
        if len(form) > len(_norm(best)):
            best = form
    return best


def _government_ending(text: str, at: int) -> Optional[str]:
    """人民政府 or a standalone 政府 written at ``at`` (after a place alone), else None."""
    cfg = config()["completion"]
    for ending in cfg["government_endings"]:
        if text.startswith(ending, at) and not (ending == "政府" and re.match(cfg["glued_after_government"],
                                                                            text[at + len(ending):])):
            return ending
    return None


def _agency_from_text(lines: list[str]) -> Optional[str]:
    """The body of a page with no title whose preface names none: the preface patterns, in their order of
    trust, read on the opening of the whole text (configs/meta.yaml ``fallback``)."""
    budget, picked = int(config()["fallback"]["chars"]), []
    for t in lines:
        if budget <= 0:
            break
        picked.append(t)
        budget -= len(t)
    found = _preface_candidates((picked, []), fallback=True)
    return choose_agency([n for n, _, _ in found], first_only={n for n, _, off in found if off})


# how much of the report the pronoun fallback reads
PRONOUN_CHARS = 5000


def _agency_from_pronoun(lines: list[str]) -> Optional[str]:
    """The body of a page that names itself nowhere but calls itself 我乡/我区: the name of that level the
    text writes most often (at least ``min_mentions`` times) right after a boundary (《上营乡…》, 、上营乡微信…,
    。经开区将…), so that it is no tail of a longer word."""
    cfg = config()["pronoun_fallback"]
    text = "\n".join(lines)[:PRONOUN_CHARS]
    m = re.search(cfg["pronoun"], text)
    if not m:
        return None
    names = Counter()
    for n in re.finditer(rf"(?:^|(?<=[^\u4e00-\u9fa5]))([\u4e00-\u9fa5]{{2,8}}?{m.group(1)})", text, re.M):
        name = _candidate(n.group(1))
        if name:
            names[name] += 1
    best = names.most_common(1)
    return best[0][0] if best and best[0][1] >= int(cfg["min_mentions"]) else None


def _ending_fits(ending: str, own: str) -> bool:
    """人民政府 completes 政府 or nothing; 办事处 completes nothing; an ending is never dropped."""
    return own == "" or (own == "政府" and ending == "人民政府") or own == ending


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _agency_from_signature(tail: list[str]) -> Optional[str]:
    """The body signing the report: a name alone on one of the last lines, next to the date or last."""
    last = len(tail) - 1
    for i in range(last, max(-1, last - 4), -1):
        t = tail[i].strip()
        if not _SIGNATURE.match(t):
            continue
        near_date = any(0 <= j <= last and _is_date_line(tail[j]) for j in (i - 1, i + 1))
        if near_date or i == last:
            return _candidate(t)
    return None


def _is_date_line(text: str) -> bool:
    t = text.strip()
    if len(t) > 20:
        return False
    t = arabic_dates(t)   # 二〇二四年一月二十日
    return bool(_DATE.search(t) or _DATE_ISO.search(t) or _YEAR_MONTH.fullmatch(t))


# ------------------------------------------------------------------ year

def _period_year(text: str) -> Optional[int]:
    text = arabic_dates(text)   # 统计期限自二〇二三年一月一日起
    m = _PERIOD.search(text) or _PERIOD_LOOSE.search(text)
    return int(m.group(1)) if m else None


def _prose_year(text: str) -> Optional[int]:
    """The year the report talks about most (its first 5000 characters: the 总体情况 and tables)."""
    years = Counter(int(y) for y in _YEAR.findall(text[:5000]) if 2000 <= int(y) <= 2100)
    return years.most_common(1)[0][0] if years else None


def _first_int(pattern: re.Pattern, text: Optional[str]) -> Optional[int]:
    m = pattern.search(text or "")
    return int(m.group(1)) if m else None


# ------------------------------------------------------------------ date

def _date(paras: list[str]) -> Optional[str]:
    """The signing/publication date: a date on its own line near the end of the report."""
    for text in reversed(paras[-5:]):
        t = text.strip()
        if len(t) > 20:
            continue
        d = _parse_date(t)
        if d:
            return d
    return None


def _header_date(value: Optional[str]) -> Optional[str]:
    """A scraped header's publication date (2015-03-27 10:20, 2015年03月27日)."""
    return _parse_date(value.strip()) if value else None


def _parse_date(t: str) -> Optional[str]:
    t = arabic_dates(t)   # 二〇二四年一月二十日
    for pattern in (_DATE, _DATE_ISO):
        m = pattern.search(t)
        if m:
            y, mo, d = map(int, m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None
