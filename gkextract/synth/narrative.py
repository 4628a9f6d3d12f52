"""Prose of a synthetic report: sentences from the phrase banks, figures with their gold spans,
problems and measures enumerated in the styles real reports use."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Optional

from ..record import Figure, Item
from .banks import bank
from .numbers import chinese, prose_number

SLOT = re.compile(r"\[(.*?)\]")
ENUM_CN = "一二三四五六七八九十"


@dataclass
class Ctx:
    rng: random.Random
    agency: str
    we: list[str]
    year: int
    scale: float
    binds: dict = field(default_factory=dict)     # name -> value the prose must agree with

    def fill(self, t: str) -> str:
        we = self.rng.choice(self.we)
        return t.replace("{we}", we).replace("{A}", self.agency).replace("{Y1}", str(self.year + 1)) \
                .replace("{Y}", str(self.year))


def figure_sentence(ctx: Ctx, name: str, value=None, template: Optional[str] = None) -> tuple[str, Optional[Figure]]:
    """One sentence stating a figure; returns the sentence and its gold Figure (text = the [span])."""
    rng = ctx.rng
    spec = bank("narrative")["figures"][name]
    label = spec.get("label", name)
    unit = rng.choice(spec["units"])
    if value is None:
        if spec.get("percent"):
            value = rng.choice([100, 100, round(rng.uniform(85, 99.9), 1), round(rng.uniform(60, 99.99), 2)])
        else:
            lo, hi = spec["range"]
            value = max(lo, int(rng.uniform(lo, hi) * min(1.0, ctx.scale * rng.uniform(0.5, 1.5))))
    shown = (f"{value:g}" if isinstance(value, float) else str(value)) if spec.get("percent") \
        else prose_number(rng, value, bool(spec.get("chinese")))
    t = ctx.fill(template or rng.choice(spec["t"]))
    t = t.replace("{n}", shown + unit)
    span = SLOT.search(t).group(1)
    sentence = SLOT.sub(lambda m: m.group(1), t)
    return sentence, Figure(label=label, value=value, unit=unit, text=span)


def plain(ctx: Ctx, theme: str) -> str:
    return ctx.fill(ctx.rng.choice(bank("narrative")["overview_plain"][theme]))


# ------------------------------------------------------------------ problems and measures
def draw_items(rng: random.Random, kind: str, n: int, single: bool) -> list[tuple[str, list[str]]]:
    """n items as (clause text, themes); some join two clauses of two themes unless ``single``."""
    themes_bank = bank(kind)
    themes = rng.sample(sorted(themes_bank), k=min(len(themes_bank), n * 2))
    out = []
    for i in range(n):
        t1 = themes[i]
        a = rng.choice(themes_bank[t1])
        if not single and rng.random() < 0.3:
            t2 = themes[n + i] if n + i < len(themes) else themes[(i + 1) % len(themes)]
            b = rng.choice(themes_bank[t2])
            out.append((a + "，" + b, [t1, t2]))
        else:
            out.append((a, [t1]))
    return out


STYLES = ("yishi", "paren", "arabic", "colonlist", "sentences")


def enumerate_items(ctx: Ctx, items: list[tuple[str, list[str]]], style: str,
                    lead: Optional[str]) -> tuple[list[str], list[Item]]:
    """Paragraphs writing the items in one style, and the gold Items (text without enumerator/lead)."""
    rng = ctx.rng
    gold: list[Item] = []
    paras: list[str] = []
    if style == "yishi":
        parts = []
        for i, (t, th) in enumerate(items):
            parts.append(f"{ENUM_CN[i]}是{t}")
            gold.append(Item(text=t, themes=th))
        sep = rng.choice(["；", "；", "。"])
        paras.append((lead or "") + sep.join(parts) + "。")
    elif style in ("paren", "arabic"):
        if lead:
            paras.append(lead)
        dot = rng.choice([".", "、", "．"])
        for i, (t, th) in enumerate(items):
            enum = f"（{ENUM_CN[i]}）" if style == "paren" else f"{i + 1}{dot}"
            paras.append(f"{enum}{t}。")
            gold.append(Item(text=t + "。", themes=th))
    elif style == "colonlist":
        paras.append((lead or "") + "，".join(t for t, _ in items) + "。")
        gold += [Item(text=t, themes=th) for t, th in items]
    else:  # sentences
        paras.append("".join(t + "。" for t, _ in items))
        gold += [Item(text=t + "。", themes=th) for t, th in items]
    return paras, gold


# ------------------------------------------------------------------ figure classes of real reports
# (issue 11) drawn from a side stream: the caller passes a Ctx whose rng is its own, so that adding these
# sentences leaves every other draw of a seed as it was.
def _slots(ctx: Ctx, t: str, figs: list[tuple[str, object, str]]) -> tuple[str, list[Figure]]:
    """Fill ``t``'s [slots] in order with (label, value, unit); returns the sentence and its gold."""
    gold: list[Figure] = []
    it = iter(figs)

    def one(m: re.Match) -> str:
        label, value, unit = next(it)
        shown = f"{value:g}" if isinstance(value, float) else prose_number(ctx.rng, value, False)
        span = m.group(1).replace("{n}", shown + unit)
        gold.append(Figure(label=label, value=value, unit=unit, text=span))
        return span
    return SLOT.sub(one, ctx.fill(t)), gold


def _split(rng: random.Random, total: int, k: int) -> list[int]:
    """k parts of at most ``total`` together (a breakdown may leave some items unnamed)."""
    cuts = sorted(rng.randint(0, total) for _ in range(k))
    return [b - a for a, b in zip([0] + cuts[:-1], cuts)]


def variant_proactive(ctx: Ctx) -> tuple[str, list[Figure]]:
    """A proactive-disclosure sentence of one of the real classes: a breakdown by topic or by channel
    after 其中/包括, a number before its noun, a bare total, a website count framed or not as the total."""
    rng = ctx.rng
    v = bank("narrative")["figure_variants"]
    total = max(10, int(rng.uniform(40, 3000) * min(1.0, ctx.scale * rng.uniform(0.5, 1.5))))
    kind = rng.choice(["topics", "channels", "single", "single", "list"])
    if kind == "single":
        label, t = rng.choice(v["single"])
        return _slots(ctx, t, [(label, total, "条")])
    if kind == "list":
        names = rng.sample(v["topics"], k=rng.randint(2, 5))
        t = rng.choice(v["list_leads"]) + "，".join(f"[{n}{{n}}]" for n in names) + "。"
        return _slots(ctx, t, [("PROACTIVE_TOTAL", p, "条") for p in _split(rng, total, len(names))])
    lead = rng.choice(v["breakdown_leads"])
    marker = rng.choice(v["breakdown_markers"])
    share = []
    if lead.endswith("，") and rng.random() < 0.3:
        lead += rng.choice(v["breakdown_shares"])
        share = [("RATE", rng.choice([100, 12.5, 30]), "%")]
    if kind == "topics":
        names = rng.sample(v["topics"], k=rng.randint(2, 4))
        items = [f"[{n}{{n}}]" for n in names]
        labels = ["PROACTIVE_TOTAL"] * len(names)
    else:
        labels = rng.sample(sorted(v["channels"]), k=2)
        items = [f"[{rng.choice(v['channels'][lab])}]" for lab in labels]
    parts = _split(rng, total, len(items))
    sep = rng.choice(["，", "、"])
    t = lead + marker + sep.join(items) + "。"
    return _slots(ctx, t, [("PROACTIVE_TOTAL", total, "条")] + share +
                  [(lab, p, "条") for lab, p in zip(labels, parts)])


def variant_documents(ctx: Ctx) -> tuple[str, list[Figure]]:
    """Documents by how they are disclosed (制发公文N件，其中主动公开A件，依申请公开B件…), normative documents
    cleaned up (清理N件，废止A件，修改B件) or events broken down (发布会N场，其中…M场): the items are counted
    like their total; or a count of another form of training, interpretation or publishing."""
    rng = ctx.rng
    v = bank("narrative")["figure_variants"]["documents"]
    kind = rng.random()
    if kind < 0.15:   # events broken down in their own unit
        total = rng.randint(3, 60)
        return _slots(ctx, rng.choice(v["events"]), [("PRESS_EVENTS", n, "场") for n in (total, rng.randint(0, total))])
    if kind < 0.3:
        label, t, unit = rng.choice(v["forms"])
        return _slots(ctx, t, [(label, rng.randint(1, 200), unit)])
    if kind < 0.65:
        total = rng.randint(20, 600)
        attributes = [a for a in v["attributes"] if rng.random() < 0.8] or v["attributes"][:1]
        parts = _split(rng, total, len(attributes))
        t = rng.choice(v["leads"]) + "，".join(a for _, a in attributes) + "。"
        return _slots(ctx, t, [("DOCS_ISSUED", total, "件")] + [(lab, p, "件") for (lab, _), p in zip(attributes, parts)])
    total = rng.randint(5, 120)
    return _slots(ctx, rng.choice(v["cleanup"]), [("NORMATIVE_DOCS", n, "件") for n in [total, *_split(rng, total, 2)]])


def variant_requests(ctx: Ctx, req: dict, template: str) -> tuple[str, list[Figure]]:
    """Sentences about 表三 in the prose: results after 其中 (予以公开N件、部分公开N件…), carried over
    (上年结转 / 结转下年度), withdrawn, the rate of closing. Every number is the table's, and a row whose
    cell is blank is not stated."""
    rng = ctx.rng
    v = bank("narrative")["figure_variants"]

    def cell(*rows: str):
        vals = [req.get(r, {}).get("total") for r in rows if r in req]
        return None if not vals or any(x is None for x in vals) else sum(vals)
    out: list[str] = []
    gold: list[Figure] = []

    def say(t: str, figs) -> None:
        s, g = _slots(ctx, t, figs)
        out.append(s)
        gold.extend(g)
    groups = {"granted": ["granted"], "partly_granted": ["partly_granted"],
              "denied": [r for r in req if r.startswith("denied_")],
              "unable": [r for r in req if r.startswith("unable_")]}
    results = [(k, cell(*rows)) for k, rows in groups.items()]
    results = [(k, n) for k, n in results if n is not None and (n or rng.random() < 0.3)]
    if results and rng.random() < 0.7:
        say(rng.choice(v["results_leads"]) + "、".join(f"[{v['results'][k]}]" for k, _ in results) + "。",
            [("REQUESTS_HANDLED", n, "件") for _, n in results])
    carried = [(k, cell(k)) for k in ("carried_over", "carried_forward")]
    carried = [(k, n) for k, n in carried if n is not None and rng.random() < 0.6]
    if carried:
        say("，".join(rng.choice(v[k]) for k, _ in carried) + "。", [("REQUESTS_HANDLED", n, "件") for _, n in carried])
    other = cell("other_misc" if template == "2021" else "other_handling")
    if other and rng.random() < 0.4:
        say(rng.choice(v["withdrawn"]) + "。", [("REQUESTS_HANDLED", other, "件")])
    if cell("carried_forward") == 0 and rng.random() < 0.4:
        say(rng.choice(v["rate"]) + "。", [("RATE", 100, "%")])
    return "".join(out), gold


def non_figure_sentence(ctx: Ctx) -> str:
    """A sentence with numbers that are no figures: page views, columns, staff, a time of day."""
    rng = ctx.rng
    t = ctx.fill(rng.choice(bank("narrative")["figure_variants"]["non_figures"]))
    return t.replace("{big}", str(rng.randint(2000, 900000))).replace("{k}", str(rng.randint(1, 9))) \
        .replace("{hh}", str(rng.randint(9, 17))).replace("{mm}", rng.choice(["00", "30"]))
