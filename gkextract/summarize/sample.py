"""Synthetic records for demos, the walkthrough notebook and tests (needs :mod:`gkextract.synth`)."""
from __future__ import annotations

import random

from ..record import Record


def sample_records(n: int, seed: int = 0, faults: float = 0.3) -> list[Record]:
    """``n`` generated reports of every agency level and era, a share of them with injected faults."""
    from ..synth.generate import generate_record

    rng = random.Random(seed)
    return [generate_record(rng, faults=faults)[0] for _ in range(n)]
