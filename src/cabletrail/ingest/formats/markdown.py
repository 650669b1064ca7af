"""Markdown with optional YAML front matter (the DFAT volumes are in this form)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from cabletrail.errors import ParseError
from cabletrail.ingest.formats.base import (
    CONTENT_LIKELY,
    EXTENSION,
    ParseContext,
    ParseResult,
)
from cabletrail.ingest.textnorm import to_text
from cabletrail.model import ParsedDocument, parse_date

NAME = "markdown"
EXTENSIONS = (".md", ".markdown")

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")
_HEADING = re.compile(r"^#{1,6}[ \t]+", re.M)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# The marker comes first so the regex engine can skip to the next * or _ (a leading
# lookbehind made it try every position: 4x slower on the DFAT volumes); the lookbehind then
# checks the character before the marker, as "(?<![\w*])[*_]" would.
_EMPH = re.compile(r"([*_])(?<![\w*][*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])")

# libyaml's safe loader when the wheel has it (10x faster), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][A-Za-z0-9_.-]+", re.M)

DATE_KEYS = ("doc_date", "date", "created", "published", "sent")
TITLE_KEYS = ("title", "subject")


def sniff(head: bytes, ext: str) -> int:
    score = EXTENSION if ext in EXTENSIONS else 0
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"---") and b"\n---" in head[3:]:
        score += CONTENT_LIKELY
    return score


def markdown_to_text(body: str) -> str:
    """Plain text of Markdown: escapes, links, headings and emphasis markers removed.

    Footnote links such as ``[1](#f1)`` keep their number in brackets.
    """
    text = _HEADING.sub("", body)
    text = _LINK.sub(
        lambda m: f"[{m[1]}]" if m[1].isdigit() or m[2].startswith("#") else m[1], text
    )
    text = _STRONG.sub(r"\2", text)
    text = _EMPH.sub(r"\2", text)
    return _ESCAPE.sub(r"\1", text)


def parse(data: bytes, ctx: ParseContext) -> ParseResult:
    raw, encoding = to_text(data)
    front: dict[str, Any] = {}
    body = raw
    if m := _FRONT.match(raw):
        if _ALIAS.search(m[1]):
            # YAML aliases can make a few lines expand to gigabytes when the metadata is
            # serialised ("billion laughs"); real front matter does not use them.
            raise ParseError("unsafe-front-matter", "YAML anchors/aliases are not accepted")
        try:
            loaded = yaml.load(m[1], Loader=_LOADER)  # noqa: S506 - a safe loader
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark is not None else ""
            raise ParseError("bad-front-matter", f"YAML front matter unreadable{where}") from None
        if isinstance(loaded, dict):
            front = {str(k): v for k, v in loaded.items()}
        body = raw[m.end() :]
    text = markdown_to_text(body).strip("\n")
    title = next((str(front[k]) for k in TITLE_KEYS if front.get(k)), None)
    date = next((d for k in DATE_KEYS if (d := parse_date(front.get(k))) is not None), None)
    meta = {k: v for k, v in front.items() if k not in ("title",)}
    return ParseResult(
        [ParsedDocument(text=text, title=title, date=date, metadata={"front_matter": meta})],
        encoding,
    )
