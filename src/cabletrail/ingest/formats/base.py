"""What every format parser takes and returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cabletrail.model import ParsedDocument

# Scores shared by the sniffers: content evidence beats an extension.
CONTENT_SURE = 20
CONTENT_LIKELY = 12
EXTENSION = 8
FALLBACK = 1


@dataclass(frozen=True)
class ParseContext:
    """Where the bytes came from and the user's options."""

    name: str  # file name or archive member name, for titles and messages
    fields: Mapping[str, str] = field(default_factory=dict)  # --field text=body …


@dataclass
class ParseResult:
    documents: list[ParsedDocument]
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)  # e.g. "3 records without text skipped"
