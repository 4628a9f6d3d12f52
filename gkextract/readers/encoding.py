"""Decoding report bytes: BOMs, strict UTF-8, then charset-normalizer among the encodings reports use."""
from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import ReadError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Chinese government text comes in these; letting the detector choose among all code pages invites
# false friends (cp1252, koi8) for short GBK files.
_CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be"]


def decode(path: Path, raw: bytes) -> str:
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return raw.decode(enc)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw[:4096] and raw.count(b"\x00") > len(raw) // 8:
        # UTF-16 without BOM, or a binary file
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            if _mostly_text(text):
                return text
        raise ReadError(path, "binary file, not a text report")
    best = from_bytes(raw, cp_isolation=_CANDIDATES).best()
    if best is not None:
        text = str(best)
        if _mostly_text(text):
            return text
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise ReadError(path, "binary file or unknown encoding: not UTF-8, UTF-16 or GB18030 text") from None
    if not _mostly_text(text):
        raise ReadError(path, "binary file, not a text report")
    return text


def _mostly_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\r\n\f") or ch == "\ufffd")
    return bad / len(text) < 0.01
