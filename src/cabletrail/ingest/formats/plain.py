"""Plain text: the fallback for any decodable text."""

from __future__ import annotations

from cabletrail.ingest.formats.base import EXTENSION, FALLBACK, ParseContext, ParseResult
from cabletrail.ingest.textnorm import to_text
from cabletrail.model import ParsedDocument

NAME = "text"
EXTENSIONS = (".txt", ".text", ".asc")


def sniff(head: bytes, ext: str) -> int:
    return EXTENSION if ext in EXTENSIONS else FALLBACK


def parse(data: bytes, ctx: ParseContext) -> ParseResult:
    text, encoding = to_text(data)
    return ParseResult([ParsedDocument(text=text)], encoding)
