"""Word ``.docx``: paragraphs of ``word/document.xml`` and the core properties.

XML is read with defusedxml: no entity expansion, no external entities.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from cabletrail.errors import ParseError
from cabletrail.ingest.formats.base import CONTENT_SURE, EXTENSION, ParseContext, ParseResult
from cabletrail.ingest.textnorm import normalise
from cabletrail.model import ParsedDocument, parse_date

NAME = "docx"
EXTENSIONS = (".docx", ".docm")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CORE = {
    "{http://purl.org/dc/elements/1.1/}title": "title",
    "{http://purl.org/dc/elements/1.1/}creator": "from",
    "{http://purl.org/dc/elements/1.1/}subject": "subject",
    "{http://purl.org/dc/terms/}created": "created",
}
MAX_XML_BYTES = 64 * 1024 * 1024


def sniff(head: bytes, ext: str) -> int:
    """A zip whose first member is Word content; the dispatcher also checks the member list."""
    score = EXTENSION if ext in EXTENSIONS else 0
    if head.startswith(b"PK\x03\x04") and (
        b"word/" in head[:2048] or b"[Content_Types].xml" in head[:2048]
    ):
        score += CONTENT_SURE - 4
    return score


def is_docx(archive: zipfile.ZipFile) -> bool:
    return "word/document.xml" in archive.namelist()


def _read_xml(archive: zipfile.ZipFile, name: str) -> Any:
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise ParseError("too-large", f"{name} would expand to {info.file_size} bytes")
    try:
        return ElementTree.fromstring(archive.read(name))
    except DefusedXmlException as exc:
        raise ParseError("unsafe-xml", f"{name}: {type(exc).__name__}") from None
    except ElementTree.ParseError as exc:
        raise ParseError("bad-docx", f"{name}: {exc}") from None


def _paragraph_text(paragraph: Any) -> str:
    parts: list[str] = []
    for node in paragraph.iter():
        if node.tag == _W + "t" and node.text:
            parts.append(node.text)
        elif node.tag == _W + "tab":
            parts.append("\t")
        elif node.tag in (_W + "br", _W + "cr"):
            parts.append("\n")
    return "".join(parts)


def parse(data: bytes, ctx: ParseContext) -> ParseResult:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ParseError("bad-docx", str(exc)) from None
    with archive:
        if not is_docx(archive):
            raise ParseError("bad-docx", "no word/document.xml in the package")
        body = _read_xml(archive, "word/document.xml")
        paragraphs = [_paragraph_text(p) for p in body.iter(_W + "p")]
        props: dict[str, str] = {}
        if "docProps/core.xml" in archive.namelist():
            core = _read_xml(archive, "docProps/core.xml")
            for node in core:
                if node.tag in _CORE and node.text and node.text.strip():
                    props[_CORE[node.tag]] = node.text.strip()
    text = normalise("\n".join(paragraphs)).strip()
    title = props.pop("title", None)
    date = parse_date(props.pop("created", None))
    return ParseResult(
        [ParsedDocument(text=text, title=title, date=date, metadata=dict(props))], "utf-8"
    )
