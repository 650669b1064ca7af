"""A progress bar for ingest on a terminal: files, documents, failures and rate."""

from __future__ import annotations

import sys
from typing import Any

from cabletrail.model import FileOutcome, IngestSummary


class BarProgress:
    def __init__(self) -> None:
        self._bar: Any = None

    def start(self, total_files: int) -> None:
        from tqdm import tqdm

        self._bar = tqdm(
            total=total_files, unit="file", file=sys.stderr, dynamic_ncols=True, desc="ingest"
        )

    def advance(self, outcome: FileOutcome, summary: IngestSummary) -> None:
        if self._bar is not None:
            self._bar.set_postfix(
                docs=summary.documents_added, failed=summary.failed, refresh=False
            )
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


class CountProgress:
    """A progress bar over a known number of items (analyze)."""

    def __init__(self, unit: str = "doc", desc: str = "analyze") -> None:
        self.unit, self.desc = unit, desc
        self._bar: Any = None

    def start(self, total: int) -> None:
        from tqdm import tqdm

        self._bar = tqdm(
            total=total, unit=self.unit, file=sys.stderr, dynamic_ncols=True, desc=self.desc
        )

    def advance(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
