"""HTML: visible text with block structure kept as line breaks; title and meta tags read."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from cabletrail.ingest.formats.base import CONTENT_LIKELY, EXTENSION, ParseContext, ParseResult
from cabletrail.ingest.textnorm import tidy, to_text
from cabletrail.model import ParsedDocument, parse_date

NAME = "html"
EXTENSIONS = (".html", ".htm", ".xhtml")

_SNIFF = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.I | re.S
)
_TAGS = re.compile(rb"<(?:body|head|title|p|div|table|h[1-6])[\s>]", re.I)
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "object", "iframe"})
_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "tr",
        "li",
        "ul",
        "ol",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "blockquote",
        "hr",
        "dd",
        "dt",
        "dl",
        "address",
        "title",
        "main",
        "nav",
        "aside",
        "figure",
        "figcaption",
        "form",
    }
)
_META_KEYS = {
    "date": "date",
    "dc.date": "date",
    "dcterms.date": "date",
    "article:published_time": "date",
    "author": "from",
    "dc.creator": "from",
    "description": "description",
    "keywords": "keywords",
    "subject": "subject",
    "dc.subject": "subject",
}


def sniff(head: bytes, ext: str) -> int:
    score = EXTENSION if ext in EXTENSIONS else 0
    if _SNIFF.match(head[:2048]):
        score += CONTENT_LIKELY + 8
    elif _TAGS.search(head[:4096]):
        score += 4
    return score


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.meta: dict[str, str] = {}
        self._skip = 0
        self._in_title = False
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag == "head":
            self._in_head = True
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            values = {k.lower(): v or "" for k, v in attrs}
            key = (values.get("name") or values.get("property") or "").lower()
            if key in _META_KEYS and values.get("content"):
                self.meta.setdefault(_META_KEYS[key], values["content"])
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP:
            self._skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "head":
            self._in_head = False
        elif tag == "title":
            self._in_title = False
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title.append(data)
        elif not self._in_head:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str | None, dict[str, str]]:
    """``(text, title, meta)`` of an HTML page."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    title = " ".join("".join(parser.title).split()) or None
    return tidy("".join(parser.parts)), title, parser.meta


def parse(data: bytes, ctx: ParseContext) -> ParseResult:
    markup, encoding = to_text(data)
    text, title, meta = html_to_text(markup)
    date = parse_date(meta.pop("date", None))
    return ParseResult(
        [ParsedDocument(text=text, title=title, date=date, metadata=dict(meta))], encoding
    )
