"""Generated reports rendered to files for the round-trip tests (PDF layouts: one LibreOffice run for all)."""
from __future__ import annotations

from pathlib import Path

from gkextract.synth import SUFFIX, render_many


def write_rendered(drawn: list, fmt: str, folder: Path, stem: str) -> list[Path]:
    """Render the contents of ``drawn`` ((gold, content) pairs) in ``fmt`` into ``folder`` as
    ``<stem><i><suffix>``; the paths, in order."""
    paths = []
    for i, data in enumerate(render_many([content for _, content in drawn], fmt)):
        paths.append(folder / f"{stem}{i}{SUFFIX[fmt]}")
        paths[-1].write_bytes(data)
    return paths
