"""gkextract: government information disclosure annual reports → structured, validated records."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["extract", "Record", "__version__"]


def extract(path, **kwargs):
    """Read one report file and return its :class:`~gkextract.record.Record`."""
    from .pipeline import extract as _extract

    return _extract(path, **kwargs)


def __getattr__(name):
    if name == "Record":
        from .record import Record

        return Record
    raise AttributeError(name)
