"""The ``web_noise`` variant: a report as a government web page shows it (issue 10 §2).

Page chrome before the title (breadcrumbs, menus, tool links, source/time/views lines, page markers), tags
in front of the title, sometimes no title at all (the page starts with its preface), and the agency in
several forms: a short form in the title (和平街道, 城关镇, 洪泽区XX局) and the full form in the preface or the
signature. The gold follows record.md: ``title`` is the title line without its tag, or None; ``agency`` is
the most complete form the report states. Drawn from its own random stream, so a seed's other draws stay
as they were.
"""
from __future__ import annotations

import random
import re

from ..record import Record
from .agency import Agency
from .content import Block, Content

_MENUS = ["首页 政务公开 政务服务 互动交流 走进{place}", "网站首页 新闻中心 信息公开 办事服务 公众参与",
          "首页 要闻动态 政策文件 政策解读 数据发布"]
_CRUMBS = ["当前位置：首页 > 政务公开 > 政府信息公开年报", "您现在的位置：网站首页 > 信息公开 > 年度报告 > 正文",
           "首页 / 政府信息公开 / 政府信息公开年报 / {year} / 正文", "位置：首页 → 法定主动公开内容 → 年度报告"]
_TOOLS = ["字号：大 中 小", "【打印】【关闭】", "【字体：大 中 小】【打印本页】【关闭窗口】", "分享到：", "扫一扫在手机打开当前页"]
_INFO = ["来源：{short}  发布时间：{pub} 10:{mm}  浏览次数：{views}", "发布时间：{pub}", "信息来源：{short}",
         "索引号：{index}  发布机构：{short}", "点击数：{views}", "更新日期：{pub}  作者：佚名"]
_MARKERS = ["第1页 共{pages}页", "- 1 -"]
_TAGS = ["【年度报告】", "【政府信息公开年报】", "文字解读：", "[信息公开]"]
# sentences that name the body when the page has no title line ({N} name, {Y} year)
_PREFACES = [
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的规定，现公布{N}{Y}年政府信息公开工作年度报告。",
    "根据《中华人民共和国政府信息公开条例》要求，编制并向社会公布《{N}{Y}年政府信息公开工作年度报告》。",
    "本年度报告由{N}根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{Y}年1月1日起至{Y}年12月31日止。",
    "{Y}年，{N}按照《中华人民共和国政府信息公开条例》要求，扎实推进政府信息公开工作。",
]
_PLACE_HEAD = re.compile(r"^[\u4e00-\u9fa5]{2,3}(?:市|县|区)(?=[\u4e00-\u9fa5]{2,3}(?:市|县|区|街道|镇|乡))")


def short_form(agency: Agency) -> str:
    """A shorter way the same body writes its name: without the higher places in front, without
    人民政府/办事处 after a 镇/乡/街道 (和平街道办事处 → 和平街道, 某县城关镇人民政府 → 城关镇)."""
    name = agency.name
    if agency.level in ("street", "town"):
        return agency.we[0]
    stripped = _PLACE_HEAD.sub("", name, count=1)
    return stripped if stripped != name else name


def add_web_noise(rng: random.Random, rec: Record, content: Content, agency: Agency) -> None:
    # the page-layout classes below draw from a side stream seeded by this one's state (drawing nothing
    # from it), so every draw of the variant as it was stays the same
    side = random.Random(repr(rng.getstate()[1][:8]))
    full = agency.name
    short = short_form(agency)
    use_short = short != full and rng.random() < 0.6
    drop_title = rng.random() < 0.3
    year = rec.year
    blocks = content.blocks
    first_title = next(i for i, b in enumerate(blocks) if b.kind == "title")
    titles = [b for b in blocks if b.kind == "title"]

    if drop_title:
        for b in titles:
            blocks.remove(b)
        name = short if use_short else full
        pre = rng.choice(_PREFACES).format(N=name, Y=year)
        blocks.insert(first_title, Block("para", pre))
        rec.title = None
    else:
        if use_short:
            rec.title = rec.title.replace(full, short, 1)
            for b in titles:
                b.text = b.text.replace(full, short, 1)
        if rng.random() < 0.3:   # a tag in front of the title line: not part of the title
            titles[0].text = rng.choice(_TAGS) + titles[0].text
    if use_short:
        _sign_with_full_name(content, full)

    # page chrome before the title, and tool links after the end
    fmt = dict(place=short[:2], year=year, short=short, pub=f"{year + 1}-01-{rng.randint(10, 28)}",
               mm=f"{rng.randint(0, 59):02d}", views=rng.randint(10, 9999), pages=rng.randint(2, 5),
               index=f"{rng.randint(10**8, 10**9 - 1)}/{year + 1}-{rng.randint(1000, 99999)}")
    head = []
    if rng.random() < 0.4:
        head.append(rng.choice(_MENUS))
    head.append(rng.choice(_CRUMBS))
    for pool in (_INFO, _TOOLS, _MARKERS):
        if rng.random() < 0.5:
            head.append(rng.choice(pool))
    head = [h.format(**fmt) for h in head]
    after_title = rng.random() < 0.4 and not drop_title   # 发布时间 … between the title and the body
    at = first_title + (len(titles) if after_title else 0)
    for line in reversed(head if not after_title else head[-2:]):
        blocks.insert(at, Block("para", line))
    if after_title:
        for line in reversed(head[:-2]):
            blocks.insert(first_title, Block("para", line))
    if rng.random() < 0.5:
        blocks.append(Block("para", rng.choice(_TOOLS[:3])))
    rec.agency = full
    _page_layout(side, rec, content, agency, short if use_short else full, fmt["pub"])


_OFFICE_LINES = ["如对本报告有疑问，请与{O}联系。", "本年度报告由{O}编制。", "如有疑问，请联系：{O}。"]
_VERSION_TAGS = ["(文字版)", "（文字版）", "(图文版)"]


# a page with no title naming its body only in a late preface form, or only past the preface (issue 10 §2)
_LATE_PREFACES = ["本年报根据《中华人民共和国政府信息公开条例》要求，根据{Y}年{N}信息公开工作实际编制而成。",
                  "本报告通过{N}网站政府信息公开专栏予以公开。"]
_BARE_PREFACE = "本年度报告根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{Y}年1月1日起至{Y}年12月31日止。"
_DEEP_MENTIONS = ["本单位通过{N}子网站主动公开政府信息。", "为加强组织领导，{N}成立了政务公开工作领导小组。"]


def _named_late(rng: random.Random, rec: Record, content: Content, full: str, shown: str) -> None:
    """No title: the preface names the body in a late form (根据2023年X信息公开工作实际编制, 本报告通过X网站
    公开), or names nobody and the body is named only past the first heading, the signature gone."""
    blocks = content.blocks
    first_heading = next((i for i, b in enumerate(blocks) if b.kind == "heading"), None)
    preface = next((i for i, b in enumerate(blocks[:first_heading]) if b.kind == "para" and shown in b.text), None)
    if first_heading is None or preface is None:
        return
    if rng.random() < 0.5:
        blocks[preface] = Block("para", rng.choice(_LATE_PREFACES).format(N=shown, Y=rec.year))
        return
    blocks[preface] = Block("para", _BARE_PREFACE.format(Y=rec.year))
    content.blocks = blocks = [b for b in blocks if not (b.kind == "signature" and not _is_date(b.text))]
    at = next(i for i, b in enumerate(blocks) if b.kind == "heading") + 2
    blocks.insert(min(at, len(blocks)), Block("para", rng.choice(_DEEP_MENTIONS).format(N=full)))


def _is_date(text: str) -> bool:
    return bool(re.search(r"\d{4}\s*年\s*\d{1,2}\s*月", text))


def _page_layout(rng: random.Random, rec: Record, content: Content, agency: Agency, shown: str,
                 pub: str) -> None:
    """Page-layout classes of real openings, each with its exact gold: the body's office in a contact or
    compiler line (the body stays the department / the government, conventions 5), a title ending 年报, a
    version tag in front of the title, the title repeated with the full name under a short one, and a
    government's title naming only its place (the full name signs the report)."""
    full = agency.name
    if rec.title is None and rng.random() < 0.4:
        _named_late(rng, rec, content, full, shown)
    blocks = content.blocks
    titles = [b for b in blocks if b.kind == "title"]
    shown_title = bool(titles) and rec.title is not None
    if rng.random() < 0.3 and not full.endswith(("办公室", "办公厅")):
        office = full + ("党政办公室" if agency.level in ("street", "town") else "办公室")
        at = next((i for i, b in enumerate(blocks) if b.kind == "heading"), len(blocks))
        blocks.insert(at, Block("para", rng.choice(_OFFICE_LINES).format(O=office)))
    if not shown_title:
        return
    last = titles[-1]
    if rng.random() < 0.15 and last.text.endswith("政府信息公开工作年度报告"):   # …政府信息公开年报
        last.text = last.text[: -len("工作年度报告")] + "年报"
        rec.title = rec.title[: -len("工作年度报告")] + "年报"
    if rng.random() < 0.15:   # a version tag: no part of the title
        titles[0].text = rng.choice(_VERSION_TAGS) + titles[0].text
    if shown != full and rng.random() < 0.4:
        # the title repeated under the short one, with the full name: the full one is the title line
        full_title = rec.title.replace(shown, full, 1)
        at = blocks.index(last) + 1
        blocks.insert(at, Block("para", full_title))
        blocks.insert(at, Block("para", f"发布日期：{pub}"))
        rec.title = full_title
    elif shown == full and agency.kind == "government" and full.endswith("人民政府") and len(titles) == 1 \
            and rng.random() < 0.3 and titles[0].text.find(full) >= 0:
        # 某县2022年政府信息公开工作年度报告: the place alone; the government signs with its full name
        place = full[: -len("人民政府")]
        titles[0].text = titles[0].text.replace(full, place, 1)
        rec.title = rec.title.replace(full, place, 1)
        _sign_with_full_name(content, full)


def _sign_with_full_name(content: Content, full: str) -> None:
    """The full name signs the report (above the date when there is one)."""
    sig = [i for i, b in enumerate(content.blocks) if b.kind == "signature"]
    if any(content.blocks[i].text == full for i in sig):
        return
    at = sig[0] if sig else len(content.blocks)
    content.blocks.insert(at, Block("signature", full))
