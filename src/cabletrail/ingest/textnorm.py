"""Bytes → normalised text: encoding detected and recorded, NFC, ``\\n`` line endings.

All character offsets in cabletrail refer to the text this module returns.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data``, returning ``(text, encoding)``; never raises on bad bytes.

    A byte-order mark wins; then strict UTF-8; then charset-normalizer's best guess; as a last
    resort UTF-8 with replacement characters, recorded as ``utf-8/replace``.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    if (guess := _utf16_without_bom(data)) is not None:
        return data.decode(guess, errors="replace"), guess
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return data.decode("utf-8", errors="replace"), "utf-8/replace"


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte of the head is zero (ASCII-range UTF-16)."""
    head = data[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def normalise(text: str) -> str:
    """NFC, ``\\n`` line endings, NUL replaced (SQLite and terminals choke on it)."""
    text = _NEWLINES.sub("\n", text)
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    return unicodedata.normalize("NFC", text)


def to_text(data: bytes) -> tuple[str, str]:
    text, encoding = decode(data)
    return normalise(text), encoding


_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Collapse runs of spaces and of blank lines (for text rebuilt from markup)."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()
