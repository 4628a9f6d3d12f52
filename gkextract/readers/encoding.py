"""Decoding report bytes (text files and web pages): one decoder for every reader that reads text.

In order: a BOM; strict UTF-8; the charset the file declares (an HTML ``<meta charset>``), widened to the
superset pages really use; UTF-16 without BOM; then charset-normalizer choosing among the encodings
Chinese reports come in, and a lenient decode when a few stray bytes keep every strict one from working.

Strict UTF-8 goes before the declared charset because mirrors re-save GBK pages as UTF-8 and keep the old
``<meta charset>``, while GBK bytes practically never decode as UTF-8. Binary data is refused rather than
decoded into noise.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from charset_normalizer import from_bytes

from ..errors import ReadError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Chinese government text comes in these; letting the detector choose among all code pages invites
# false friends (cp1252, koi8, cp949) for short GBK files.
DETECTABLE = ["utf_8", "gb18030", "big5"]
# GB2312 and GBK pages routinely use characters only their superset GB18030 has; Big5 likewise HKSCS.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}
# Text may hold this share of control characters, or lose this share of its characters to stray bytes.
BAD_SHARE = 0.01
# Control characters, less those that are layout in text files (tab, line feed, vertical tab: Word's
# manual line break, form feed, carriage return).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # category Cc, less \t \n \v \f \r
_READABLE = re.compile(r"[\t-\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2190-\u27bf\u3000-\u303f\u3400-\u4dbf"
                       r"\u4e00-\u9fff\uff00-\uffef]")
# Text read as UTF-16 without BOM must be at least this share readable (see _readable_share).
READABLE_SHARE = 0.9
_CONTROL_BYTES = bytes(b for b in range(0x20) if not 0x09 <= b <= 0x0D)


@dataclass(frozen=True)
class Refusals:
    """What a reader says when the bytes are no text (binary), or text in no encoding it can find."""
    binary: str
    unknown: str


TEXT_FILE = Refusals("binary file, not a text report",
                     "binary file or unknown encoding: not UTF-8, UTF-16 or GB18030 text")


def decode(path: Path, raw: bytes, declared: Optional[str] = None, refusals: Refusals = TEXT_FILE) -> str:
    """The bytes as text, or a ReadError (``refusals`` words it) for binary data or an unknown encoding.

    ``declared`` is the charset the file names for itself (an HTML page's ``<meta charset>``), if any.
    """
    for encoding in (bom_encoding(raw), "utf-8", declared):
        text = strict_decode(raw, encoding)
        if text is not None:
            return _checked(path, text, refusals)
    if b"\x00" in raw:  # UTF-16 without BOM (a line break is 0A 00), or binary data
        for encoding in ("utf-16-le", "utf-16-be"):
            text = strict_decode(raw, encoding)
            if text is not None and _bad_share(text) < BAD_SHARE and _readable_share(text) >= READABLE_SHARE:
                return text
        raise ReadError(path, refusals.binary)
    # in every ASCII-compatible encoding (UTF-8, GBK, GB18030, Big5) bytes below 0x20 are control characters
    controls = len(raw) - len(raw.translate(None, _CONTROL_BYTES))
    if controls > max(2, BAD_SHARE * len(raw)):
        raise ReadError(path, refusals.binary)
    guess = from_bytes(raw, cp_isolation=DETECTABLE).best()
    guessed = guess.encoding if guess is not None else None
    # a few dozen bytes are too few for the detector: GB18030 (the superset of GBK) decoding strictly is
    # Chinese text far more often than chance
    text = (strict_decode(raw, guessed) or strict_decode(raw, "gb18030")
            or lenient_decode(raw, (declared, guessed, "utf-8", "gb18030")))
    if text is None:
        raise ReadError(path, refusals.unknown)
    return _checked(path, text, refusals)


def bom_encoding(raw: bytes) -> Optional[str]:
    return next((encoding for bom, encoding in _BOMS if raw.startswith(bom)), None)


def widened(encoding: str) -> Optional[str]:
    """The codec to decode a named charset with: its superset where files overstep it, None if unknown."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def strict_decode(raw: bytes, encoding: Optional[str]) -> Optional[str]:
    codec = widened(encoding) if encoding else None
    if codec is None:
        return None
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as e:
        # a truncated download cuts its last character in half: the text before it is the file's text
        if e.end == len(raw) and len(raw) - e.start < 4 and e.start > 0:
            return strict_decode(raw[:e.start], encoding)
        return None


def lenient_decode(raw: bytes, encodings: tuple[Optional[str], ...]) -> Optional[str]:
    """The decoding with the fewest replaced bytes, if it replaces at most 1% of the text."""
    codecs_ = [codec for codec in (widened(e) for e in encodings if e) if codec]
    texts = [raw.decode(codec, errors="replace") for codec in dict.fromkeys(codecs_)]
    best = min(texts, key=lambda text: text.count("\ufffd"), default=None)
    if best is None or best.count("\ufffd") > BAD_SHARE * len(best):
        return None
    return best


def _readable_share(text: str) -> float:
    """The share of characters a Chinese report is written in: ASCII, CJK ideographs and punctuation,
    full-width forms. Bytes of another encoding read as UTF-16 give Hangul, private-use and rare blocks."""
    return len(_READABLE.findall(text)) / len(text) if text else 0.0


def _bad_share(text: str) -> float:
    if not text:
        return 1.0
    return (len(_CONTROL.findall(text)) + text.count("\ufffd")) / len(text)


def _checked(path: Path, text: str, refusals: Refusals) -> str:
    """Refuse text with more than 1% control characters: binary data that happened to decode."""
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 100):
        raise ReadError(path, refusals.binary)
    return text
