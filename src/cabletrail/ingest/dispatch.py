"""Choose a format by content first, extension second: each format scores the file's head.

Known binary formats that cabletrail does not read get a named failure instead of garbage.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from cabletrail.errors import UnsupportedFormat
from cabletrail.ingest.formats import archive, collection, docx, html, mail, markdown, pdf, plain
from cabletrail.ingest.formats.base import CONTENT_LIKELY, ParseContext, ParseResult

HEAD_BYTES = 8192

Parser = Callable[[bytes, ParseContext], ParseResult]


@dataclass(frozen=True)
class Format:
    name: str
    sniff: Callable[[bytes, str], int]
    parse: Parser | None  # None for archives, whose members are ingested instead


FORMATS: tuple[Format, ...] = (
    Format(pdf.NAME, pdf.sniff, pdf.parse),
    Format(docx.NAME, docx.sniff, docx.parse),
    Format(archive.NAME, archive.sniff, None),
    Format(html.NAME, html.sniff, html.parse),
    Format(mail.MBOX, mail.sniff_mbox, mail.parse_mbox),
    Format(mail.EML, mail.sniff_eml, mail.parse_eml),
    Format(collection.JSONL, collection.sniff_jsonl, collection.parse_jsonl),
    Format(collection.JSON, collection.sniff_json, collection.parse_json),
    Format(collection.CSV, collection.sniff_csv, collection.parse_csv),
    Format(markdown.NAME, markdown.sniff, markdown.parse),
    Format(plain.NAME, plain.sniff, plain.parse),
)
BY_NAME = {f.name: f for f in FORMATS}

# Signatures of binary formats we recognise but do not read: (magic, offset, description).
_BINARY = (
    (b"\x7fELF", 0, "executable (ELF)"),
    (b"MZ", 0, "executable (Windows PE)"),
    (b"\xca\xfe\xba\xbe", 0, "executable (Mach-O or Java class)"),
    (b"\xcf\xfa\xed\xfe", 0, "executable (Mach-O)"),
    (b"\x89PNG", 0, "image (PNG)"),
    (b"\xff\xd8\xff", 0, "image (JPEG)"),
    (b"GIF8", 0, "image (GIF)"),
    (b"II*\x00", 0, "image (TIFF)"),
    (b"MM\x00*", 0, "image (TIFF)"),
    (b"\x1f\x8b", 0, "gzip archive (unpack it first)"),
    (b"7z\xbc\xaf", 0, "7-Zip archive (unpack it first)"),
    (b"Rar!", 0, "RAR archive (unpack it first)"),
    (b"BZh", 0, "bzip2 archive (unpack it first)"),
    (b"\xd0\xcf\x11\xe0", 0, "legacy Office file (.doc/.xls/.msg; save as .docx or PDF)"),
    (b"SQLite format 3", 0, "SQLite database"),
    (b"ustar", 257, "tar archive (unpack it first)"),
)


_CONTROL = bytes([*range(9), *range(14, 32)])


def _binary_kind(head: bytes) -> str | None:
    for magic, offset, what in _BINARY:
        if head[offset : offset + len(magic)] == magic:
            return what
    return None


def _looks_binary(head: bytes) -> bool:
    """Many control bytes (NUL included) — unless the NULs are the zeros of UTF-16/32 text.

    A few stray NULs in text do not make it binary: the text is stored with them replaced.
    """
    if not head:
        return False
    even, odd = head[0::2], head[1::2]
    if even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd):
        return False  # UTF-16 (or UTF-32) text without a BOM: zeros in every other byte
    control = len(head) - len(head.translate(None, _CONTROL))
    if control > 0.1 * len(head):
        return True
    return b"\x00" in head and not _utf8(head)  # NULs amid bytes that are no text at all


def _utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # only a character cut at the end of the head
    return True


def detect(data: bytes, name: str) -> Format:
    """The format of ``data`` (named ``name``); :class:`UnsupportedFormat` if none fits."""
    if not data:
        raise UnsupportedFormat("empty", "zero-byte file")
    head = data[:HEAD_BYTES]
    ext = PurePosixPath(name.lower()).suffix
    scored = sorted(
        ((f.sniff(head, ext), i, f) for i, f in enumerate(FORMATS)), key=lambda t: (-t[0], t[1])
    )
    score, _, best = scored[0]
    if score < CONTENT_LIKELY:  # only the extension (or nothing) speaks for the format
        if what := _binary_kind(head):
            raise UnsupportedFormat("unsupported-binary", f"{what}, not a document")
        if _looks_binary(head):
            raise UnsupportedFormat("binary", "binary content of no known document format")
    if best.name in (archive.NAME, docx.NAME):
        best = _zip_kind(data, ext)
    return best


def _zip_kind(data: bytes, ext: str) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return BY_NAME[docx.NAME] if docx.is_docx(z) else BY_NAME[archive.NAME]
    except (zipfile.BadZipFile, ValueError):
        return BY_NAME[docx.NAME] if ext in docx.EXTENSIONS else BY_NAME[archive.NAME]
