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
