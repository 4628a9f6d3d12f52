"""gkextract: government information disclosure annual reports → structured, validated records.

    import gkextract
    record = gkextract.extract("report.pdf")      # a gkextract.Record (pydantic)
    findings = gkextract.check("report.pdf")      # list[gkextract.Check]: failed consistency checks

Imports stay light: the pipeline, the record model and the checks load on first use.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Union

__version__ = "0.2.0"

__all__ = ["extract", "check", "Record", "Check", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .checks.config import CheckConfig
    from .record import Check, Record


def extract(path: Union[str, Path], **kwargs) -> "Record":
    """Read one report file (txt, html, docx, pdf) and return its :class:`~gkextract.record.Record`.

    Raises :class:`gkextract.errors.ReadError` (with a ``reason``) for files that are no readable report."""
    from .pipeline import extract as _extract

    return _extract(path, **kwargs)


def check(report: Union[str, Path, "Record"], config: "CheckConfig | None" = None) -> list["Check"]:
    """The failed consistency checks of one report, most severe first.

    ``report`` is a report file (extracted first), a record ``.json`` file, or a :class:`Record`.
    ``config``: a :class:`gkextract.checks.CheckConfig` (default: configs/checks.yaml). Cross-report
    rules (CROSS_YEAR_CARRY, DUPLICATE_CONTENT) need several reports: ``gkextract.checks.cross_checks``."""
    from .checks import SEVERITY_RANK, run_checks
    from .record import Record

    text = None
    if isinstance(report, Record):
        record = report
    else:
        from .commands.check import load_report

        record, text = load_report(Path(report))
    found = run_checks(record, config, text=text)
    return sorted(found, key=lambda c: -SEVERITY_RANK[c.severity])


def __getattr__(name):
    if name in ("Record", "Check"):
        from . import record

        return getattr(record, name)
    raise AttributeError(name)
