"""PDF: the text layer, page by page, and the document information dictionary."""

from __future__ import annotations

import io
import logging

from cabletrail.errors import ParseError
from cabletrail.ingest.formats.base import CONTENT_SURE, EXTENSION, ParseContext, ParseResult
from cabletrail.ingest.textnorm import normalise
from cabletrail.model import ParsedDocument, parse_date

NAME = "pdf"
EXTENSIONS = (".pdf",)


def sniff(head: bytes, ext: str) -> int:
    score = EXTENSION if ext in EXTENSIONS else 0
    if b"%PDF-" in head[:1024]:
        score += CONTENT_SURE
    return score


def parse(data: bytes, ctx: ParseContext) -> ParseResult:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ParseError("encrypted-pdf", "the PDF is encrypted; decrypt it first")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except ParseError:
        raise
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
    ) as exc:
        raise ParseError("bad-pdf", f"{type(exc).__name__}: {exc}"[:200]) from None
    text = normalise("\n\n".join(p.strip("\n") for p in pages)).strip()
    if not text:
        raise ParseError("no-text-layer", f"{len(pages)} page(s) without text (scanned? OCR first)")
    title = str(info.title).strip() if info and info.title else None
    metadata: dict[str, object] = {"pages": len(pages)}
    if info and info.author:
        metadata["from"] = str(info.author)
    if info and info.subject:
        metadata["subject"] = str(info.subject)
    raw_date = info.get("/CreationDate") if info else None
    return ParseResult(
        [
            ParsedDocument(
                text=text,
                title=title or None,
                date=parse_date(str(raw_date)) if raw_date else None,
                metadata=metadata,
            )
        ],
        None,
    )
