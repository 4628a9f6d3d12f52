"""Errors a user sees: each names the file and the reason in one line, never a traceback."""
from __future__ import annotations


class GkError(Exception):
    """Base class of gkextract's own errors."""


class ReadError(GkError):
    """A file could not be read as a report (unsupported, empty, corrupt, encrypted, image-only, ...)."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class NotAReportError(ReadError):
    """The file was read, but holds nothing that looks like a disclosure annual report."""
