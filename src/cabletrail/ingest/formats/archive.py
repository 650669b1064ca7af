"""Zip archives: their members are ingested like files, recursively.

Members are read into memory, never written to disk, with caps on the member count and on
the bytes actually decompressed. Symbolic links are skipped, never followed.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from cabletrail.errors import ParseError
from cabletrail.ingest.formats.base import CONTENT_SURE, EXTENSION

NAME = "zip"
EXTENSIONS = (".zip",)
MAX_MEMBERS = 100_000
CHUNK = 1 << 20


def sniff(head: bytes, ext: str) -> int:
    score = EXTENSION if ext in EXTENSIONS else 0
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        score += CONTENT_SURE - 6
    return score


@dataclass(frozen=True)
class Member:
    """One member; ``error`` is set (and ``data`` empty) when it could not be read."""

    name: str
    data: bytes
    mtime: float | None
    error: ParseError | None = None


def _safe_name(name: str) -> str:
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return "/".join(parts).replace("\x00", "")


def members(data: bytes, max_bytes: int) -> Iterator[Member]:
    """Yield the regular-file members; raise :class:`ParseError` on a broken archive.

    ``max_bytes`` caps what one member may decompress to (counted as read, not as declared).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ParseError("bad-zip", str(exc)) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ParseError("too-many-members", f"{len(infos)} members (cap {MAX_MEMBERS})")
        for info in infos:
            if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
                continue
            name = _safe_name(info.filename)
            if not name:
                continue
            try:
                mtime = datetime(*info.date_time).timestamp()
            except ValueError:
                mtime = None
            try:
                yield Member(name, _read(archive, info, max_bytes), mtime)
            except ParseError as exc:
                yield Member(name, b"", mtime, exc)


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    out = bytearray()
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(CHUNK):
                out += chunk
                if len(out) > max_bytes:
                    raise ParseError("too-large", f"{info.filename} expands past {max_bytes} bytes")
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise ParseError("bad-zip", f"{info.filename}: {exc}") from None
    return bytes(out)
