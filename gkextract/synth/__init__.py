"""gkextract synth: synthetic disclosure reports with exact gold records, in every layout.

    rng = random.Random(7)
    record, content = generate_record(rng)          # gold Record + what the report says
    data = render(content, "html")                  # bytes of one layout (see FORMATS)

Phrase banks and grammars live in corpus/synth/*.yaml; table rows, columns and labels come from
configs/templates/tables.yaml.
"""
from __future__ import annotations

from .content import Block, Content, Grid, GridCell
from .corpus import draw, synth_corpus, write
from .generate import TEMPLATES, generate_record, template_for_year
from .render import FORMATS, NO_BLANKS, RECORD_FORMAT, SUFFIX, render, render_many

__all__ = ["generate_record", "render", "render_many", "synth_corpus", "draw", "write", "Content", "Block",
           "Grid", "GridCell", "FORMATS", "NO_BLANKS", "RECORD_FORMAT", "SUFFIX", "TEMPLATES",
           "template_for_year"]
