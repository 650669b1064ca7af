"""Collections: ``.json``, ``.jsonl`` and ``.csv`` files holding one document per record.

Fields are found by common names (``rules/fields.v1.yaml``) or named with
``--field text=body``. A record's id is the hash of its canonical JSON, so the same record in
another file is the same document.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

from cabletrail.errors import ParseError, SettingError
from cabletrail.ingest.formats.base import (
    CONTENT_LIKELY,
    EXTENSION,
    ParseContext,
    ParseResult,
)
from cabletrail.ingest.textnorm import normalise, to_text
from cabletrail.model import ParsedDocument, canonical_json, parse_date

JSON = "json"
JSONL = "jsonl"
CSV = "csv"
JSON_EXTENSIONS = (".json",)
JSONL_EXTENSIONS = (".jsonl", ".ndjson", ".jsonlines")
CSV_EXTENSIONS = (".csv", ".tsv")

_NORM = re.compile(r"[\s_\-]+")
_LIST_SPLIT = re.compile(r"\s*;\s*")
_TAG_SPLIT = re.compile(r"[\s,;]+")
_JSON_START = re.compile(rb'^(?:\xef\xbb\xbf)?\s*(?:\[\s*)?\{\s*"')


@cache
def field_names() -> dict[str, tuple[str, ...]]:
    text = resources.files("cabletrail.ingest").joinpath("rules/fields.v1.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {k: tuple(_key(v) for v in vs) for k, vs in data["fields"].items()}


def _key(name: str) -> str:
    return _NORM.sub("", name.lower())


def sniff_json(head: bytes, ext: str) -> int:
    score = EXTENSION if ext in JSON_EXTENSIONS else 0
    if _JSON_START.match(head):
        score += CONTENT_LIKELY - 2
    return score


def sniff_jsonl(head: bytes, ext: str) -> int:
    score = EXTENSION if ext in JSONL_EXTENSIONS else 0
    lines = head.lstrip(b"\xef\xbb\xbf").split(b"\n")
    if len(lines) > 1 and lines[0].strip().startswith(b"{"):
        try:
            json.loads(lines[0])
        except ValueError:
            return score
        score += CONTENT_LIKELY
    return score


def sniff_csv(head: bytes, ext: str) -> int:
    return EXTENSION + 2 if ext in CSV_EXTENSIONS else 0


def check_fields(fields: Mapping[str, str]) -> None:
    valid = set(field_names())
    bad = set(fields) - valid
    if bad:
        raise SettingError(f"unknown --field target(s) {sorted(bad)}; valid: {sorted(valid)}")


def _resolve(columns: Iterable[str], overrides: Mapping[str, str]) -> dict[str, str]:
    """Map each canonical field to the record's column for it."""
    by_key: dict[str, str] = {}
    for col in columns:
        by_key.setdefault(_key(col), col)
    mapping: dict[str, str] = {}
    for canonical, candidates in field_names().items():
        if canonical in overrides:
            mapping[canonical] = overrides[canonical]
            continue
        for cand in candidates:
            if cand in by_key:
                mapping[canonical] = by_key[cand]
                break
    return mapping


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n\n".join(_as_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _as_list(value: Any, split: re.Pattern[str]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v for v in split.split(str(value).strip()) if v]


def record_document(
    record: dict[str, Any], where: str, mapping: Mapping[str, str]
) -> ParsedDocument | None:
    """One record as a document, or ``None`` when it has no text."""
    text = normalise(_as_text(record.get(mapping.get("text", "")))).strip()
    if not text:
        return None
    used = {col for canon, col in mapping.items() if canon != "id"}
    metadata: dict[str, Any] = {}
    for canon in ("from", "subject", "classification"):
        if (value := record.get(mapping.get(canon, ""))) not in (None, ""):
            metadata[canon] = _as_text(value).strip()
    if to := _as_list(record.get(mapping.get("to", "")), _LIST_SPLIT):
        metadata["to"] = to
    if tags := _as_list(record.get(mapping.get("tags", "")), _TAG_SPLIT):
        metadata["tags"] = tags
    extra = {k: v for k, v in record.items() if k not in used and v not in (None, "")}
    if extra:
        metadata["fields"] = extra
    title = _as_text(record.get(mapping.get("title", ""))).strip() or None
    key = record.get(mapping.get("id", ""))
    return ParsedDocument(
        text=text,
        title=title,
        date=parse_date(record.get(mapping.get("date", ""))),
        metadata=metadata,
        record=where,
        record_key=str(key) if key not in (None, "") else None,
        record_bytes=canonical_json(record),
    )


def _collect(records: Iterable[tuple[str, Any]], ctx: ParseContext) -> ParseResult:
    docs: list[ParsedDocument] = []
    not_objects = no_text = 0
    mapping: dict[str, str] | None = None
    for where, record in records:
        if not isinstance(record, dict):
            not_objects += 1
            continue
        if mapping is None:
            mapping = _resolve(record.keys(), ctx.fields)
            if "text" not in mapping:
                raise ParseError(
                    "no-text-field",
                    f"no text field among {sorted(record)[:12]}; name it with --field text=COLUMN",
                )
        doc = record_document(record, where, mapping)
        if doc is None:
            no_text += 1
        else:
            docs.append(doc)
    notes = []
    if not_objects:
        notes.append(f"{not_objects} record(s) not objects, skipped")
    if no_text:
        notes.append(f"{no_text} record(s) with empty text, skipped")
    return ParseResult(docs, "utf-8", notes)


def parse_json(data: bytes, ctx: ParseContext) -> ParseResult:
    text, encoding = to_text(data)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError("bad-json", f"line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if isinstance(value, dict):
        lists = [v for v in value.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        items: list[Any] = lists[0] if lists else [value]
    elif isinstance(value, list):
        items = value
    else:
        raise ParseError("bad-json", f"top level is a {type(value).__name__}, not records")
    result = _collect(((f"item {i}", v) for i, v in enumerate(items, 1)), ctx)
    result.encoding = encoding
    return result


def parse_jsonl(data: bytes, ctx: ParseContext) -> ParseResult:
    text, encoding = to_text(data)
    bad: list[int] = []

    def records() -> Iterable[tuple[str, Any]]:
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                yield f"line {n}", json.loads(line)
            except json.JSONDecodeError:
                bad.append(n)

    result = _collect(records(), ctx)
    result.encoding = encoding
    if bad:
        if not result.documents:
            raise ParseError("bad-jsonl", f"no line is JSON (first bad line {bad[0]})")
        result.notes.append(f"{len(bad)} line(s) not JSON, skipped (first: line {bad[0]})")
    return result


def parse_csv(data: bytes, ctx: ParseContext) -> ParseResult:
    text, encoding = to_text(data)
    if not text.strip():
        raise ParseError("empty", "the CSV has no rows")
    sample = text[:65536]
    delimiter = "\t" if ctx.name.lower().endswith(".tsv") else ","
    with contextlib.suppress(csv.Error):
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    csv.field_size_limit(1 << 30)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = [
            (f"row {n}", {k if k is not None else "_extra": v for k, v in row.items()})
            for n, row in enumerate(reader, 2)
        ]
    except csv.Error as exc:
        raise ParseError("bad-csv", f"line {reader.line_num}: {exc}") from None
    result = _collect(rows, ctx)
    result.encoding = encoding
    return result
