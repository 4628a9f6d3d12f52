"""Agency names of every level (街道, 乡镇, 区县/市/省政府, 部门) with the scale of their numbers."""
from __future__ import annotations

import random
from dataclasses import dataclass

from .banks import bank


@dataclass
class Agency:
    name: str          # as written in the title
    level: str         # street | town | county_dept | county_gov | city_dept | city_gov | province_gov
    kind: str          # township | department | government
    scale: float
    rules_power: bool
    we: list[str]      # ways the body refers to itself in prose


def _place(rng: random.Random, syl: list[str]) -> str:
    a, b = rng.sample(syl, 2)
    return a + b


def _self_refs(name: str, level: str, short: str) -> list[str]:
    if level == "street":
        return [short, "我街道", "本街道"]
    if level == "town":
        suffix = "乡" if "乡" in name[-6:] else "镇"
        return [short, "我" + suffix, "本" + suffix]
    if level in ("county_dept", "city_dept"):
        tail = "委" if name.endswith("委员会") else ("办" if name.endswith("办公室") else "局")
        return ["我" + tail, "本" + tail, short]
    if level == "county_gov":
        return ["我区" if "区" in name else "我县", short]
    if level == "city_gov":
        return ["我市", short]
    return ["我省", short]


def make_agency(rng: random.Random, level: str | None = None) -> Agency:
    cfg = bank("agencies")
    levels = cfg["levels"]
    if level is None:
        names, weights = zip(*cfg["level_weights"].items())
        level = rng.choices(names, weights)[0]
    spec = levels[level]
    syl = cfg["syllables"]
    p, c, k = _place(rng, syl), _place(rng, syl), _place(rng, syl)
    d = rng.choice(cfg["departments"])
    name = rng.choice(spec["patterns"]).format(p=p, c=c, k=k, d=d)
    short = {"street": p + "街道", "town": p + ("乡" if "乡" in name else "镇")}.get(level, name)
    return Agency(name=name, level=level, kind=spec["kind"], scale=float(spec["scale"]),
                  rules_power=bool(spec["rules_power"]), we=_self_refs(name, level, short))
