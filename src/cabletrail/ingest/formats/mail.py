"""E-mail: single messages (``.eml``) and mailboxes (``.mbox``, one document per message)."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses

from cabletrail.ingest.formats.base import CONTENT_LIKELY, EXTENSION, ParseContext, ParseResult
from cabletrail.ingest.formats.html import html_to_text
from cabletrail.ingest.textnorm import normalise
from cabletrail.model import ParsedDocument, parse_date

EML = "eml"
MBOX = "mbox"
EML_EXTENSIONS = (".eml", ".msg822")
MBOX_EXTENSIONS = (".mbox", ".mbx")

_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]*):[ \t]", re.M)
_KNOWN = {
    b"from",
    b"to",
    b"subject",
    b"date",
    b"message-id",
    b"received",
    b"mime-version",
    b"cc",
    b"return-path",
    b"content-type",
}
_MBOX_FROM = re.compile(rb"^From \S+.*$", re.M)
_MBOX_SPLIT = re.compile(rb"(?:^|\n)From \S[^\n]*\n")


def _header_names(head: bytes) -> set[bytes]:
    block = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    return {m[1].lower() for m in _HEADER_LINE.finditer(block)}


def sniff_eml(head: bytes, ext: str) -> int:
    score = EXTENSION if ext in EML_EXTENSIONS else 0
    if _HEADER_LINE.match(head) and len(_header_names(head) & _KNOWN) >= 2:
        score += CONTENT_LIKELY
    return score


def sniff_mbox(head: bytes, ext: str) -> int:
    score = EXTENSION if ext in MBOX_EXTENSIONS else 0
    first, _, rest = head.partition(b"\n")
    if _MBOX_FROM.match(first) and _HEADER_LINE.match(rest):
        score += CONTENT_LIKELY + 2
    return score


def _body(msg: Message) -> str:
    if isinstance(msg, EmailMessage):
        part = msg.get_body(preferencelist=("plain", "html"))
        if part is not None:
            content = part.get_content()
            if not isinstance(content, str):
                return ""
            return html_to_text(content)[0] if part.get_content_subtype() == "html" else content
    payload = msg.get_payload(decode=True)
    if isinstance(payload, bytes):
        charset = msg.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            return payload.decode("utf-8", errors="replace")
    return ""


def _addresses(msg: Message, name: str) -> list[str]:
    values = [str(v) for v in msg.get_all(name, [])]
    return [(real or addr).strip() for real, addr in getaddresses(values) if real or addr]


def message_document(raw: bytes, record: str | None = None) -> ParsedDocument:
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    senders = _addresses(msg, "from")
    subject = str(msg.get("subject", "") or "").strip() or None
    metadata: dict[str, object] = {
        "from": senders[0] if senders else None,
        "to": _addresses(msg, "to"),
        "cc": _addresses(msg, "cc"),
        "subject": subject,
        "message_id": str(msg.get("message-id", "") or "").strip() or None,
    }
    attachments = [p.get_filename() for p in msg.walk() if p.get_filename()]
    if attachments:
        metadata["attachments"] = attachments
    metadata = {k: v for k, v in metadata.items() if v}
    return ParsedDocument(
        text=normalise(_body(msg)).strip("\n"),
        title=subject,
        date=parse_date(str(msg.get("date", "") or "")),
        metadata=metadata,
        record=record,
        record_key=str(metadata.get("message_id")) if metadata.get("message_id") else None,
        record_bytes=raw if record is not None else None,
    )


def parse_eml(data: bytes, ctx: ParseContext) -> ParseResult:
    return ParseResult([message_document(data)], "utf-8")


def parse_mbox(data: bytes, ctx: ParseContext) -> ParseResult:
    chunks = [c for c in _MBOX_SPLIT.split(data) if c.strip()]
    docs = []
    for i, chunk in enumerate(chunks, 1):
        docs.append(message_document(chunk, record=f"message {i}"))
    notes = [] if docs else ["mailbox holds no messages"]
    return ParseResult(docs, "utf-8", notes)
