"""Write N synthetic reports and, beside each, its gold record (<stem>.json)."""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..record import Record, Source
from .content import Content
from .generate import TEMPLATES, generate_record
from .render import FORMATS, NO_BLANKS, RECORD_FORMAT, SUFFIX, WEB_FORMATS, render_many


@dataclass
class Synth:
    stem: str
    fmt: str
    record: Record
    content: Content


def draw(n: int, seed: int, formats: Sequence[str] = FORMATS, templates: Iterable[str] = TEMPLATES,
         faults: float = 0.0, start: int = 0) -> list[Synth]:
    """Records and contents of reports ``start`` … ``start+n-1`` of a seed; formats in turn."""
    out = []
    templates = tuple(templates)
    for i in range(start, start + n):
        fmt = formats[i % len(formats)]
        rng = random.Random(f"gksynth:{seed}:{i}")
        rec, content = generate_record(rng, templates=templates, faults=faults,
                                       allow_blanks=fmt not in NO_BLANKS, web_noise=fmt in WEB_FORMATS)
        out.append(Synth(f"synth_{seed}_{i:04d}_{fmt}", fmt, rec, content))
    return out


def write(items: list[Synth], out: Path) -> list[Path]:
    """Render and write every report with its gold; formats are rendered in batches (PDF: one run)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in dict.fromkeys(s.fmt for s in items):
        batch = [s for s in items if s.fmt == fmt]
        for s, data in zip(batch, render_many([s.content for s in batch], fmt)):
            name = s.stem + SUFFIX[fmt]
            (out / name).write_bytes(data)
            s.record.source = Source(path=f"{out.name}/{name}", format=RECORD_FORMAT[fmt],
                                     sha256=hashlib.sha256(data).hexdigest())
            (out / f"{s.stem}.json").write_text(s.record.to_json() + "\n", encoding="utf-8")
            written.append(out / name)
    return written


def synth_corpus(n: int, seed: int, out: Path, formats: Sequence[str] = FORMATS,
                 templates: Iterable[str] = TEMPLATES, faults: float = 0.0) -> list[Path]:
    return write(draw(n, seed, formats, templates, faults), Path(out))
