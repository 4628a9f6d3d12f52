"""generate_record(rng) -> (Record, Content): one synthetic report and its exact gold record."""
from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Iterable, Optional

from ..record import Check, Figure, Item, LegacyStat, Record, Section, Source, StatTable, Tables
from . import arith, faults as faults_mod, values
from .agency import Agency, make_agency
from .banks import bank, request_rows, severity
from .content import Content
from .grid import legacy_grid, proactive_grid, requests_grid, review_grid
from .narrative import (ENUM_CN, SLOT, STYLES, Ctx, draw_items, enumerate_items, figure_sentence, non_figure_sentence, plain,
                        variant_documents, variant_proactive, variant_requests)
from .numbers import amount_text, blank_text, chinese, chinese_year, signed_text

TEMPLATES = ("2019", "2021", "legacy")
HALF = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"})


def template_for_year(year: int) -> str:
    return "legacy" if year <= 2018 else ("2019" if year <= 2020 else "2021")


def pick_year(rng: random.Random, templates: Iterable[str]) -> int:
    years = [y for y in range(2008, 2026) if template_for_year(y) in set(templates)]
    weights = [3 if y >= 2019 else 1 for y in years]
    return rng.choices(years, weights)[0]


def generate_record(rng: random.Random, *, year: Optional[int] = None, templates: Iterable[str] = TEMPLATES,
                    level: Optional[str] = None, faults: float = 0.0, fault: Optional[str] = None,
                    allow_blanks: bool = True, allow_halfwidth: bool = True,
                    blank_rate: float = 0.25, web_noise: bool = False) -> tuple[Record, Content]:
    """Draw one report. ``faults`` is the chance of injecting one fault (``fault`` forces a given rule);
    ``allow_blanks`` False keeps every value cell written (layouts that lose blank cells); otherwise
    ``blank_rate`` is the chance that zeros are left blank (`""`, `/`, `—`) in the tables; ``web_noise``
    lays the report out as a web page shows it (gkextract/synth/web.py)."""
    year = year or pick_year(rng, templates)
    agency = make_agency(rng, level)
    template = template_for_year(year)
    chosen = fault or (faults_mod.draw(rng, template, year, agency.level) if rng.random() < faults else None)
    if chosen == "TEMPLATE_OUTDATED":
        template = "2019"
    rec, content = _Builder(rng, year, agency, template, chosen, blank_rate if allow_blanks else 0.0,
                            allow_halfwidth).build()
    if web_noise:   # page chrome, no title or a short name in it (its own stream: other draws unchanged)
        from .web import add_web_noise
        add_web_noise(random.Random(f"web:{content.style['pad_seed']}"), rec, content, agency)
    return rec, content


class _Builder:
    def __init__(self, rng, year, agency: Agency, template, fault, blank_rate, allow_halfwidth):
        self.rng, self.year, self.agency, self.template, self.fault = rng, year, agency, template, fault
        self.blank_rate = blank_rate
        self.content = Content(style={
            "encoding": rng.choices(["utf-8", "gbk", "utf-8-sig"], [7, 2.5, 0.5])[0],
            "halfwidth": allow_halfwidth and rng.random() < 0.15,
            "indent": rng.choice(["", "", "\u3000\u3000", "  "]),
            "heading_indent": rng.choice(["", "", "\u3000\u3000"]),
            "pad_seed": rng.randrange(1 << 30),
        })
        # a government named by its place alone (福州市鼓楼区2023年…报告): its own stream
        if agency.kind == "government" and agency.name.endswith("人民政府") and self._stream(7).random() < 0.15:
            place = agency.name[: -len("人民政府")]
            agency = self.agency = dataclasses.replace(
                agency, name=place, we=[place if w == agency.name else w for w in agency.we])
        self.ctx = Ctx(rng, agency.name, agency.we, year, agency.scale)
        # the figure classes of real reports (issue 11) come from their own stream: other draws unchanged
        self.side = self._side_ctx(4)
        # ... and the classes of whole reports' later parts from another (documents, cases in 起)
        self.later = self._side_ctx(5)
        self.review_unit = self.later.rng.choice(bank("narrative")["figure_variants"]["review_units"])
        # a government's report may state its applications for all its bodies and for itself (drawn here, so
        # that the other draws of this stream do not move it)
        self.wider_requests = self.later.rng.randint(5, 400) if self.later.rng.random() < 0.3 else 0
        # ... and the item classes (problem lists opened after a comma, last year's problems fixed) from a third
        self.items_side = self._side_ctx(6)
        self.sections: list[Section] = []
        self.figures: list[Figure] = []
        self.problems: list[Item] = []
        self.measures: list[Item] = []
        self.checks: list[Check] = []
        self.tables = Tables()

    # -------------------------------------------------------------- helpers
    def _stream(self, k: int) -> random.Random:
        """Side stream ``k`` of this report: drawing from it leaves every other draw of the seed as it was."""
        return random.Random(self.content.style["pad_seed"] * 7 + k)

    def _side_ctx(self, k: int) -> Ctx:
        return Ctx(self._stream(k), self.agency.name, self.agency.we, self.year, self.agency.scale)

    def para(self, text: str) -> None:
        self.content.add("para", text)

    def heading(self, key: str, number: str, text: str) -> None:
        title = f"{number}{text}"
        self.content.add("heading", title, key=key)
        self.sections.append(Section(key=key, title=title))

    def fig(self, name: str, value=None) -> str:
        s, f = figure_sentence(self.ctx, name, value)
        self.figures.append(f)
        return s

    def check(self, rule: str, cells: Optional[list[str]] = None) -> None:
        self.checks.append(Check(rule=rule, severity=severity(rule), message=bank("faults")[rule]["message"],
                                 cells=cells or []))

    # -------------------------------------------------------------- the report
    def build(self) -> tuple[Record, Content]:
        rng = self.rng
        title = self.title()
        if rng.random() < 0.5:
            preface = self.ctx.fill(rng.choice(bank("narrative")["preface"]))
            if self.later.rng.random() < 0.15:   # the period in Chinese numerals (own stream)
                y = chinese_year(self.year)
                preface = preface.replace(f"{self.year}年1月1日", f"{y}年一月一日") \
                    .replace(f"{self.year}年12月31日", f"{y}年十二月三十一日")
            self.para(preface)
        if self.template == "legacy":
            self.legacy_body()
        else:
            self.current_body()
        date = self.signature()
        rec = Record(source=Source(path="", format="txt", sha256=""), title=title, agency=self.agency.name,
                     year=self.year, date=date, template=self.template, sections=self.sections,
                     tables=self.tables, figures=self.figures, problems=self.problems,
                     measures=self.measures, checks=self.checks)
        if self.content.style["halfwidth"]:
            _halfwidth(rec, self.content)
        return rec, self.content

    def title(self) -> str:
        rng = self.rng
        pattern = rng.choice(bank("narrative")["title_patterns"])
        title = self.ctx.fill(pattern)
        if pattern.startswith("{A}关于") and self.later.rng.random() < 0.3:   # 关于 first (own stream)
            title = "关于" + title.replace("关于", "", 1)
        if self.later.rng.random() < 0.05:   # the year in Chinese numerals (二〇二三年), own stream
            title = title.replace(f"{self.year}年", f"{chinese_year(self.year)}年", 1)
        if pattern.startswith("{A}{Y}") and rng.random() < 0.15:   # agency and the rest on two lines
            self.content.add("title", self.agency.name)
            self.content.add("title", title[len(self.agency.name):])
        else:
            self.content.add("title", title)
        return title

    def signature(self) -> Optional[str]:
        rng = self.rng
        if rng.random() < 0.25:
            return None
        late = self.fault == "LATE_PUBLICATION"
        deadline_month = 3 if (self.template == "legacy" or self.agency.kind == "government") else 1
        if late:   # after every deadline configs/checks.yaml knows (the latest is 3月31日)
            month = rng.randint(4, 6)
            day = rng.randint(1, 28)
            self.check("LATE_PUBLICATION", [])
        else:
            month = rng.randint(1, deadline_month)
            day = rng.randint(5, 31 if month in (1, 3) else 28)
        d = dt.date(self.year + 1, month, day)
        if rng.random() < 0.7:
            self.content.add("signature", self.agency.name)
        if rng.random() < 0.2:
            text = f"{chinese_year(d.year)}年{chinese(d.month)}月{chinese(d.day)}日"
        else:
            text = f"{d.year}年{d.month}月{d.day}日"
        if not late and self.later.rng.random() < 0.1:   # dated by month only: no date (own stream)
            self.content.add("signature", f"{d.year}年{d.month}月")
            return None
        self.content.add("signature", text)
        return d.isoformat()

    def numbering(self, n: int) -> list[str]:
        numerals = bank("headings")["numerals"][:n]
        # most reports number their parts 一、二、; some 第一部分 or 1．(drawn from a side stream, so that
        # adding styles leaves every other draw of a seed as it was)
        style = self._stream(1).choices(
            ["cn", "part", "arabic"], weights=[90, 5, 5])[0]
        if style == "part" and self.fault != "SECTION_ORDER":
            return [f"第{c}部分 " for c in numerals]
        if style == "arabic" and self.fault != "SECTION_ORDER":
            return [f"{i}．" for i in range(1, n + 1)]
        nums = [f"{c}、" for c in numerals]
        if self.fault == "SECTION_ORDER":
            i = self.rng.randrange(1, n)
            nums[i] = f"{i + 1}、" + self.rng.choice(["", " "])
            self.check("SECTION_ORDER", [])
        return nums

    # -------------------------------------------------------------- 2019 / 2021
    def current_body(self) -> None:
        rng = self.rng
        heads = bank("headings")["current"]
        keys = list(heads)
        if self.fault == "SECTION_MISSING":
            keys.remove("other")
            self.check("SECTION_MISSING", [])
        nums = self.numbering(len(keys))
        self.make_current_tables()
        for num, key in zip(nums, keys):
            variants = heads[key]
            text = variants[0] if rng.random() < 0.6 else rng.choice(variants)
            rare = bank("headings")["current_rare"].get(key)
            if rare and self.items_side.rng.random() < 0.15:
                text = self.items_side.rng.choice(rare)
            self.heading(key, num, text)
            getattr(self, f"part_{key}")()

    def make_current_tables(self) -> None:
        rng, tpl, ag = self.rng, self.template, self.agency
        pro, units = values.proactive(rng, tpl, ag.scale, ag.rules_power)
        row_tpl = "2019" if self.fault == "T3_OTHER_LAYOUT" else tpl
        req = values.requests(rng, [r["key"] for r in request_rows(row_tpl)], ag.scale)
        rev = values.review(rng, ag.scale)
        faults_mod.apply_table_fault(rng, self.fault, tpl, pro, units, req, rev)
        if self.fault == "T3_OTHER_LAYOUT":
            self.check("T3_OTHER_LAYOUT", [f"requests.other_handling.{c}" for c in req["other_handling"]])
        if self.fault == "T2_RULES_POWER":
            self.check("T2_RULES_POWER", ["proactive.rules"])
        if self.fault == "T2_FEE_UNIT":
            self.check("T2_FEE_UNIT", ["proactive.fees.amount"])
        if self.fault == "TEMPLATE_OUTDATED":
            self.check("TEMPLATE_OUTDATED", [])
        blank_marker = None
        if rng.random() < self.blank_rate:
            blank_marker = rng.choice(["", "", "/", "—"])
            tables = [req, rev] + ([pro] if rng.random() < 0.3 else [])
            draw = rng
            if self.fault == "T2_TOTAL_LT_NEW":
                tables = []   # a blank 对外公开总数量 makes the comparison not evaluable: keep the fault visible
            elif self.fault in ("T3_BALANCE", "T3_TOTAL_SUM", "T3_ROW_SUM", "T4_SUM", "NARRATIVE_REQUESTS"):
                # a changed cell in a table that leaves zero parts blank (totals written) must still
                # break its rules, and prose can only contradict a written total (a blank one is not
                # evaluable: info); drawn from a side stream so every other draw of the seed stays
                draw = self._stream(3)
            keep = ("total", "total_handled") if draw is not rng else ()
            for t in tables:
                p = draw.choice([0.5, 0.9, 1.0])
                for key, row in t.items():
                    for c, v in row.items():
                        if v == 0 and key not in keep and c not in keep and draw.random() < p:
                            row[c] = None
        self.checks += arith.requests_checks(req) + arith.review_checks(rev) + arith.proactive_checks(pro, tpl)
        if arith.blank_cells({"proactive": pro, "requests": req, "review_litigation": rev}):
            self.check("BLANK_CELLS", arith.blank_cells({"proactive": pro, "requests": req, "review_litigation": rev}))
        self.tables = Tables(proactive=StatTable(rows=pro, units=units), requests=StatTable(rows=req),
                             review_litigation=StatTable(rows=rev))
        sign_style = rng.choice(["plain", "sign", "word"])
        self.grids = {
            "proactive": proactive_grid(tpl, self.proactive_texts(pro, units, sign_style, blank_marker)),
            "requests": requests_grid(list(req), _texts(rng, req, blank_marker)),
            "review_litigation": review_grid(_texts(rng, rev, blank_marker)),
        }
        self.req, self.rev, self.pro = req, rev, pro

    def proactive_texts(self, pro, units, sign_style, blank_marker):
        out = {}
        for row, cols in pro.items():
            out[row] = {}
            for c, v in cols.items():
                if v is None:
                    out[row][c] = blank_text(self.rng, blank_marker)
                elif c == "change":
                    out[row][c] = signed_text(self.rng, int(v), sign_style)
                elif c == "amount":
                    out[row][c] = amount_text(v) + units.get(f"{row}.{c}", "")
                else:
                    out[row][c] = str(v)
        return out

    def table_part(self, kind: str, lead: Optional[str] = None) -> None:
        if lead:
            self.para(lead)
        elif self.rng.random() < 0.3:
            self.para(self.ctx.fill(self.rng.choice(bank("narrative")["table_leads"])))
        self.content.add("table", grid=self.grids[kind])

    def part_overview(self) -> None:
        rng = self.rng
        self.para(self.ctx.fill(rng.choice(bank("narrative")["overview_intro"])))
        subs = bank("headings")["overview_subheadings"]
        mode = rng.choice(["sub", "sub", "inline", "none"])
        # some reports number these sub-items 1. 2. (a numbering that is not the parts'), some with
        # action titles (2.深化重点领域信息公开); drawn from a side stream so other draws stay the same
        side = self._stream(2)
        sub_style = side.choices(["paren", "arabic", "action"], weights=[70, 15, 15])[0]
        dot = side.choice([".", "．", "、"])
        for i, theme in enumerate(["N1", "N2", "N3", "N4", "N5"]):
            if mode == "none" and theme in ("N3", "N5") and rng.random() < 0.5:
                continue
            body = self.theme_sentences(theme)
            head = f"（{'一二三四五'[i]}）{rng.choice(subs[theme])}"
            if sub_style != "paren":
                title = head[3:] if sub_style == "arabic" else side.choice(
                    bank("headings")["overview_action_subheadings"][theme])
                head = f"{i + 1}{dot}{title}"
            if mode == "sub":
                self.content.add("subheading", head)
                self.para(body)
            elif mode == "inline":
                self.para(head + "。" + body)
            else:
                self.para(body)

    def theme_sentences(self, theme: str) -> str:
        rng = self.rng
        pool = rng.sample(bank("narrative")["overview_plain"][theme], k=2)
        out = [self.ctx.fill(pool[0])]
        if theme == "N2":
            out.append(self.requests_sentence())
        else:
            names = [n for n, s in bank("narrative")["figures"].items() if theme in s["themes"]]
            for name in rng.sample(names, k=min(len(names), rng.choice([0, 1, 1, 2]))):
                if name == "NORMATIVE_DOCS":
                    v = self.bound_normative()
                    if not v:
                        continue
                    out.append(self.fig(name, v))
                else:
                    out.append(self.fig(name))
        if rng.random() < 0.4:
            out.append(self.ctx.fill(pool[1]))
        side = self.side.rng
        if theme == "N1" and side.random() < 0.4:
            sentence, figures = variant_proactive(self.side)
            out.append(sentence)
            self.figures.extend(figures)
        elif theme in ("N4", "N5") and side.random() < 0.3:
            out.append(non_figure_sentence(self.side))
        if theme == "N3" and self.later.rng.random() < 0.4:
            sentence, figures = variant_documents(self.later)
            out.append(sentence)
            self.figures.extend(figures)
        return "".join(out)

    def bound_normative(self) -> Optional[int]:
        if self.template == "legacy":
            return self.rng.randint(1, 20)
        row = self.pro.get("normative_docs", {})
        return row.get("issued", row.get("new_made"))

    def requests_sentence(self) -> str:
        n = (self.req["new_received"]["total"] or 0) if self.template != "legacy" else self.legacy_req
        if self.fault == "NARRATIVE_REQUESTS":
            # a contradiction, not another reading of the table (受理 may count the carried-over ones too)
            readings = {n}
            if self.template != "legacy":
                readings |= {n + (self.req["carried_over"]["total"] or 0), self.req["total_handled"]["total"] or 0}
            wrong = n + self.rng.randint(1, 9)
            while wrong in readings:
                wrong += 1
            self.check("NARRATIVE_REQUESTS", ["requests.new_received.total"])
            return self.fig("REQUESTS_RECEIVED", wrong)
        if not n:
            return self.ctx.fill(self.rng.choice(bank("narrative")["requests_zero"]))
        s = self.fig("REQUESTS_RECEIVED", n)
        scope = {"county_gov": "全县", "city_gov": "全市", "province_gov": "全省"}.get(self.agency.level)
        if scope and self.wider_requests and self.template != "legacy":   # two scopes, its own agreeing
            wide = n + self.wider_requests
            s = self.later.fill(f"{{Y}}年，{scope}各级行政机关[共收到政府信息公开申请{wide}件]，本级[收到{n}件]。")
            spans = SLOT.findall(s)
            s = SLOT.sub(lambda m: m.group(1), s)
            self.figures[-1:] = [Figure(label="REQUESTS_RECEIVED", value=wide, unit="件", text=spans[0]),
                                 Figure(label="REQUESTS_RECEIVED", value=n, unit="件", text=spans[1])]
        handled = (self.req["total_handled"]["total"] or 0) if self.template != "legacy" else 0
        if handled and self.rng.random() < 0.5:
            s += self.fig("REQUESTS_HANDLED", handled)
        if self.template != "legacy" and self.side.rng.random() < 0.5:
            sentence, figures = variant_requests(self.side, self.req, self.template)
            s += sentence
            self.figures.extend(figures)
        return s

    def part_proactive(self) -> None:
        self.table_part("proactive")

    def part_requests(self) -> None:
        self.table_part("requests")

    def part_review_litigation(self) -> None:
        lead = None
        if self.rng.random() < 0.4:
            lead = self.review_sentence(self.rev["review"]["total"] or 0)
        self.table_part("review_litigation", lead)

    def review_sentence(self, n: int) -> str:
        rs = bank("narrative")["review_sentences"]
        if not n:
            return self.ctx.fill(self.rng.choice(rs["zero"]))
        s, f = figure_sentence(self.ctx, "REQUESTS_RECEIVED", n, self.rng.choice(rs["nonzero"]))
        f.label = "REVIEW_LITIGATION"
        unit = self.review_unit
        if unit != f.unit:   # 复议2起: the number's unit only (the sentence holds it once, at the span's end)
            s = s.replace(f.text, f.text[:-len(f.unit)] + unit)
            f.text, f.unit = f.text[:-len(f.unit)] + unit, unit
        self.figures.append(f)
        return s

    def part_problems(self) -> None:
        rng = self.rng
        nb = bank("narrative")
        subs = bank("headings")["problems_subheadings"]
        with_subs = rng.random() < 0.5
        first = 0
        # （一）上年度问题整改情况 (own stream); its items are measures, so not where the fault has none
        if with_subs and self.items_side.rng.random() < 0.3 and self.fault != "PROBLEMS_WITHOUT_MEASURES":
            side = self.items_side.rng
            title = side.choice(subs["fixed"]).replace("{Y0}", str(self.ctx.year - 1))
            self.content.add("subheading", "（一）" + title)
            paras, gold = enumerate_items(self.items_side, draw_items(side, "measures", side.randint(1, 2), True),
                                          "sentences", None)
            for p in paras:
                self.para(p)
            self.measures.extend(gold)
            first = 1
        for kind in ("problems", "measures"):
            if kind == "measures" and self.fault == "PROBLEMS_WITHOUT_MEASURES":
                self.check("PROBLEMS_WITHOUT_MEASURES", [])
                break
            styles = [s for s in STYLES if not (with_subs and s == "paren")]
            if not with_subs:
                styles = [s for s in styles if s != "sentences"]
            style = rng.choice(styles)
            items = draw_items(rng, kind, rng.randint(2, 5), single=(style == "colonlist"))
            if with_subs:
                n = f"（{ENUM_CN[first + (kind == 'measures')]}）"
                self.content.add("subheading", n + rng.choice(subs[kind]))
            leads = nb["problem_leads" if kind == "problems" else "measure_leads"]
            lead = None
            if style == "colonlist" or (not with_subs) or rng.random() < 0.5:
                lead = self.ctx.fill(rng.choice(leads)) if style != "sentences" else None
            if style == "colonlist" and kind == "problems" and self.items_side.rng.random() < 0.4:
                lead = self.items_side.fill(self.items_side.rng.choice(nb["problem_leads_comma"]))   # own stream
            paras, gold = enumerate_items(self.ctx, items, style, lead)
            if with_subs and style != "colonlist" and self.items_side.rng.random() < 0.15:
                paras, gold = self.lead_phrase_items(kind, len(items), lead)   # own stream
            for p in paras:
                self.para(p)
            getattr(self, kind).extend(gold)

    def lead_phrase_items(self, kind: str, n: int, lead: Optional[str]) -> tuple[list[str], list[Item]]:
        """Points written as a short lead phrase (bold on a page) and an explanation, one per paragraph,
        with no enumerator: each paragraph is one item."""
        side = self.items_side.rng
        short = [(theme, p) for theme, phrases in sorted(bank(kind).items()) for p in phrases
                 if len(p) <= 16 and "，" not in p]
        heads = side.sample(short, k=n)
        explanations = draw_items(side, kind, n, True)
        paras = [lead] if lead else []
        gold = []
        for (theme, head), (text, themes) in zip(heads, explanations):
            paras.append(f"{head}。{text}。")
            gold.append(Item(text=f"{head}。{text}", themes=[theme] + [t for t in themes if t != theme]))
        return paras, gold

    def part_other(self) -> None:
        rng = self.rng
        if rng.random() < 0.2:
            self.para(self.fig("FEES"))
        else:
            self.para(self.ctx.fill(rng.choice(bank("narrative")["other_section"])))

    # -------------------------------------------------------------- legacy (2008-2018)
    def legacy_body(self) -> None:
        rng = self.rng
        two = rng.random() < 0.25
        stats = values.legacy(rng, self.year, self.agency.scale, two)
        self.legacy_req = next((r["value"] for r in stats if r["label"] == "（一）收到申请数"), 0) or 0
        legacy_review = next((r["value"] for r in stats if r["label"] == "行政复议数量"), 0) or 0
        self.tables = Tables(legacy_stats=[LegacyStat(**r) for r in stats])
        parts = [p for p in bank("headings")["legacy"]
                 if self.year >= p.get("from", 0) and not (p.get("optional") and rng.random() < 0.35)]
        nums = [f"{c}、" for c in bank("headings")["numerals"][:len(parts)]]
        header = rng.choice([h for h in bank("legacy")["header_variants"] if (len(h) == 4) == two])
        for num, part in zip(nums, parts):
            self.heading(part["key"], num, rng.choice(part["variants"]))
            key = part["key"]
            if part.get("table"):
                texts = [[("" if v is None else str(v)) for v in (r.get("values") or [r["value"]])] for r in stats]
                self.content.add("table", grid=legacy_grid(header, stats, texts))
            elif key == "overview":
                self.para(self.ctx.fill(rng.choice(bank("narrative")["overview_intro"])))
            elif key == "proactive":
                self.para(self.theme_sentences("N1"))
            elif key == "requests":
                self.para(self.requests_sentence())
            elif key == "review_litigation":
                self.para(self.review_sentence(legacy_review))
            elif key == "training":
                self.para(self.fig("TRAINING") + plain(self.ctx, "N5"))
            elif key == "problems":
                self.part_problems()
            elif key == "other":
                self.part_other()
            else:
                self.para(plain(self.ctx, rng.choice(["N3", "N4", "N5"])))


def _texts(rng: random.Random, table: dict, blank_marker: Optional[str]) -> dict:
    return {r: {c: (blank_text(rng, blank_marker) if v is None else str(v)) for c, v in cols.items()}
            for r, cols in table.items()}


def _halfwidth(rec: Record, content: Content) -> None:
    """Write the whole report with half-width punctuation, as many text copies do."""
    for b in content.blocks:
        b.text = b.text.translate(HALF)
        if b.grid:
            for row in b.grid.rows:
                for cell in row:
                    cell.text = cell.text.translate(HALF)
    rec.title = rec.title.translate(HALF) if rec.title else rec.title
    for s in rec.sections:
        s.title = s.title.translate(HALF)
    for f in rec.figures:
        f.text = f.text.translate(HALF)
    for it in rec.problems + rec.measures:
        it.text = it.text.translate(HALF)
    for st in rec.tables.legacy_stats or []:
        st.label = st.label.translate(HALF)
