"""Searches keep answering while another process ingests into the same store: WAL readers
never wait for the writer, and no "database is locked" reaches the reader."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from cabletrail.model import SearchRequest
from cabletrail.model.query import Term
from cabletrail.store.sqlite import SQLiteStore


def test_search_during_ingest(tmp_path: Path) -> None:
    trove = tmp_path / "trove"
    trove.mkdir()
    for i in range(1500):
        (trove / f"memo{i:04d}.txt").write_text(f"Memo {i}: the delegation walked out. " * 20)
    store_dir = tmp_path / "store"
    SQLiteStore(store_dir, create=True).close()
    writer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cabletrail",
            "--store",
            str(store_dir),
            "ingest",
            str(trove),
            "--no-progress",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    reader = SQLiteStore(store_dir)
    searches, seen = 0, set()
    try:
        deadline = time.monotonic() + 60
        while writer.poll() is None and time.monotonic() < deadline:
            page = reader.search(SearchRequest(Term("delegation"), limit=5))
            seen.add(page.total)
            searches += 1
    finally:
        reader.close()
        writer.wait(60)
    assert writer.returncode == 0
    assert searches > 10
    assert len(seen) > 1  # the reader saw the store grow while the writer worked
