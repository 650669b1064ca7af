"""Zip archives: their members are ingested like files, recursively.

Members are read into memory, never written to disk (so no member name can reach outside the
job folder), with caps on the member count, on the bytes actually decompressed (per member and
per archive) and on the compression ratio. Symbolic links are skipped, never followed.
"""

from __future__ import annotations

import io
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cabletrail.errors import ParseError
from cabletrail.ingest.formats.base import CONTENT_SURE, EXTENSION

NAME = "zip"
EXTENSIONS = (".zip",)
CHUNK = 1 << 20
RATIO_FLOOR = 1 << 20  # the ratio cap applies once a member has expanded past 1 MB


@dataclass(frozen=True)
class Limits:
    member_bytes: int
    archive_bytes: int
    members: int
    ratio: int

    @classmethod
    def of(cls, settings: Any) -> Limits:
        return cls(
            settings.max_file_bytes,
            settings.max_archive_bytes,
            settings.max_archive_members,
            settings.max_compression_ratio,
        )


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


def members(data: bytes, limits: Limits) -> Iterator[Member]:
    """Yield the regular-file members; raise :class:`ParseError` on a broken archive.

    Sizes are counted as decompressed, never taken from the archive's own claims. A member
    past a cap fails alone; once the archive's total is spent, the rest fail unread.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        salvaged = list(_salvage(data, limits))
        if not salvaged:
            raise ParseError("bad-zip", str(exc)) from None
        yield from salvaged
        yield Member(
            TRUNCATED,
            b"",
            None,
            ParseError(
                "truncated-archive",
                f"no central directory ({exc}); {len(salvaged)} member(s) recovered",
            ),
        )
        return
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.members:
            raise ParseError("too-many-members", f"{len(infos)} members (cap {limits.members})")
        spent = 0
        for info in infos:
            if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
                continue
            name = _safe_name(info.filename)
            if not name:
                continue
            try:
                mtime: float | None = datetime(*info.date_time).timestamp()
            except ValueError:
                mtime = None
            if spent >= limits.archive_bytes:
                yield Member(
                    name,
                    b"",
                    mtime,
                    ParseError(
                        "archive-too-large", f"archive expanded past {limits.archive_bytes} bytes"
                    ),
                )
                continue
            cap = min(limits.member_bytes, limits.archive_bytes - spent)
            try:
                content = _read(archive, info, cap, limits.ratio)
            except ParseError as exc:
                spent += cap if exc.reason == "too-large" else 0
                yield Member(name, b"", mtime, exc)
                continue
            spent += len(content)
            yield Member(name, content, mtime)


TRUNCATED = "[truncated]"  # the pseudo-member that reports a cut archive
_LOCAL = struct.Struct("<4sHHHHHIIIHH")


def _salvage(data: bytes, limits: Limits) -> Iterator[Member]:
    """Members of an archive whose end (the central directory) is missing: walk the local
    headers from the start and keep each member whose bytes are all there."""
    pos, spent = 0, 0
    while (pos := data.find(b"PK\x03\x04", pos)) >= 0 and pos + _LOCAL.size <= len(data):
        (_, _, flags, method, _, _, _, packed, _, name_len, extra_len) = _LOCAL.unpack_from(
            data, pos
        )
        start = pos + _LOCAL.size + name_len + extra_len
        raw_name = data[pos + _LOCAL.size : pos + _LOCAL.size + name_len]
        name = _safe_name(raw_name.decode("utf-8", "replace"))
        if flags & 0x08 or start + packed > len(data) or method not in (0, 8):
            return  # sizes unknown, member cut short, or a compression we do not read
        body = data[start : start + packed]
        pos = start + packed
        if not name or name.endswith("/"):
            continue
        cap = min(limits.member_bytes, limits.archive_bytes - spent, max(1, packed) * limits.ratio)
        try:
            content = body if method == 0 else zlib.decompressobj(-15).decompress(body, cap + 1)
        except zlib.error:
            return
        if len(content) > cap:
            yield Member(name, b"", None, ParseError("too-large", f"{name} expands past {cap}"))
            continue
        spent += len(content)
        yield Member(name, content, None)


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int, ratio: int) -> bytes:
    out = bytearray()
    packed = max(1, info.compress_size)
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(CHUNK):
                out += chunk
                if len(out) > max_bytes:
                    raise ParseError("too-large", f"{info.filename} expands past {max_bytes} bytes")
                if len(out) > RATIO_FLOOR and len(out) / packed > ratio:
                    raise ParseError(
                        "compression-bomb",
                        f"{info.filename} expands more than {ratio}x its {packed} packed bytes",
                    )
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise ParseError("bad-zip", f"{info.filename}: {exc}") from None
    return bytes(out)
