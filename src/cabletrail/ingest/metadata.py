"""Merge what a parser found with the header conventions in the text into a document's title,
date (with where it came from) and metadata. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from cabletrail.ingest.cable import clean_address, parse_header, parse_title, strip_footnotes
from cabletrail.model import DateSource, ParsedDocument, PartialDate

TITLE_MAX = 160


@dataclass(frozen=True)
class Merged:
    title: str | None
    date: PartialDate | None
    date_source: DateSource
    metadata: dict[str, Any]


def _first_line(text: str, skip: set[int]) -> str | None:
    for n, line in enumerate(text.split("\n", 40)[:40]):
        line = " ".join(line.split())
        if n in skip or len(line) < 3:
            continue
        return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1].rstrip() + "…"
    return None


def _clean_addresses(key: str, value: Any) -> Any:
    """Cable addresses from record fields lose routing and precedence, as header ones do:
    ``RUEHC/SECSTATE WASHDC IMMEDIATE 8202`` → ``SECSTATE WASHDC``."""
    if key == "from" and isinstance(value, str) and value.isupper():
        return clean_address(value)
    if key in ("to", "info") and isinstance(value, list):
        return [clean_address(v) if isinstance(v, str) and v.isupper() else v for v in value]
    return value


def merge(parsed: ParsedDocument, name: str, file_time: float | None) -> Merged:
    """Explicit metadata first, then the cable header, then the dateline, then file time."""
    header = parse_header(parsed.text)
    metadata: dict[str, Any] = dict(header.fields)
    for key, value in parsed.metadata.items():
        if value not in (None, "", [], {}):
            metadata[key] = _clean_addresses(key, value)
    if header.dateline is not None:
        metadata["dateline"] = header.dateline.as_dict()

    title = strip_footnotes(parsed.title or "") or metadata.get("subject") or header.title
    if parsed.title:
        for key, value in parse_title(parsed.title).items():
            metadata.setdefault("title_kind" if key == "kind" else key, value)
    if "from" not in metadata and header.dateline is not None and header.dateline.place:
        metadata["from"] = header.dateline.place
    if not title:
        title = _first_line(parsed.text, header.header_line_numbers) or PurePosixPath(name).name

    if parsed.date is not None:
        date, source = parsed.date, DateSource.METADATA
    elif header.header_date is not None:
        date, source = header.header_date, DateSource.HEADER
    elif header.dateline is not None:
        date, source = header.dateline.date, DateSource.DATELINE
    elif file_time is not None:
        stamp = datetime.fromtimestamp(file_time, UTC)
        date, source = PartialDate.of(stamp.year, stamp.month, stamp.day), DateSource.FILE_TIME
    else:
        date, source = None, DateSource.NONE
    return Merged(str(title), date, source, metadata)
