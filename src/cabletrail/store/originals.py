"""Original bytes on disk, content-addressed by sha256: ``originals/ab/abcd…``.

Each file is written to a temporary name, fsynced and renamed, so a crash leaves either the
whole file or none; the directories are fsynced before the transaction that refers to the new
originals commits.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from cabletrail.errors import StoreError
from cabletrail.model import sha256_hex


class Originals:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._dirty: set[Path] = set()
        self._made: set[Path] = set()

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        digest = sha256_hex(data)
        target = self.path(digest)
        if target.exists():
            return digest
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        tmp = target.with_name(f".{digest}.{os.getpid()}.tmp")
        try:
            with tmp.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            tmp.replace(target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise StoreError(f"cannot write original {target}: {exc.strerror}") from None
        self._dirty.add(target.parent)
        return digest

    def get(self, sha256: str) -> bytes:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise StoreError(f"original {sha256} is missing from {self.root}") from None

    def sync(self) -> None:
        """fsync every directory a new original was renamed into."""
        for directory in self._dirty:
            fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        self._dirty.clear()
