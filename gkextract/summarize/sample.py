"""Synthetic records for demos, the walkthrough notebook and tests (needs :mod:`gkextract.synth`)."""
from __future__ import annotations

import hashlib
import random

from ..record import Record, Source


def sample_records(n: int, seed: int = 0, faults: float = 0.3) -> list[Record]:
    """``n`` generated reports of every agency level and era, a share of them with injected faults.

    Each record's source is its report rendered as plain text (``sample/NNNN.txt``, with that text's
    sha256), so every record has a distinct key in the store.
    """
    from ..synth.generate import generate_record
    from ..synth.render import render

    rng = random.Random(seed)
    records = []
    for i in range(n):
        record, content = generate_record(rng, faults=faults)
        data = render(content, "txt_tab")
        record.source = Source(path=f"sample/{seed}_{i:04d}.txt", format="txt",
                               sha256=hashlib.sha256(data).hexdigest())
        records.append(record)
    return records
