"""Search: user query syntax → query tree → the store's engine; snippets rendered safely.

Syntax: words, ``"quoted phrases"``, ``AND`` / ``OR`` / ``NOT`` (upper case; adjacent terms
are ANDed), parentheses and ``prefix*``. ``NOT`` needs something to keep: ``a NOT b``.
"""

from __future__ import annotations

import html
import re

from cabletrail.errors import QueryError
from cabletrail.model import SearchPage, SearchRequest, Snippet
from cabletrail.model.query import And, Node, Not, Or, Phrase, Term
from cabletrail.store import Store

_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*"?)|(?P<paren>[()])|(?P<word>[^\s()"]+))')
_EDGE_PUNCT = re.compile(r"^[^\w*]+|[^\w*]+$")
OPERATORS = ("AND", "OR", "NOT")
MAX_LIMIT = 1000


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        if m["phrase"] is not None:
            if len(m["phrase"]) < 2 or not m["phrase"].endswith('"'):
                raise QueryError(f'unclosed quote in query {text!r}; close the phrase with "')
            out.append(("phrase", m["phrase"][1:-1]))
        elif m["paren"]:
            out.append(("paren", m["paren"]))
        elif m["word"] in OPERATORS:
            out.append(("op", m["word"]))
        else:
            out.append(("word", m["word"]))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def error(self, what: str) -> QueryError:
        return QueryError(f"{what} in query {self.text!r}")

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.or_expr()
        if self.peek() is not None:
            raise self.error(f"unexpected {self.peek()[1]!r}")  # type: ignore[index]
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.peek() == ("op", "OR"):
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Node:
        parts = [self.not_expr()]
        while (tok := self.peek()) is not None and tok not in (("op", "OR"), ("paren", ")")):
            if tok == ("op", "AND"):
                self.take()
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def not_expr(self) -> Node:
        node = self.unary()
        while self.peek() == ("op", "NOT"):
            self.take()
            node = Not(node, self.unary())
        return node

    def unary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.error("query ends where a term was expected")
        kind, value = self.take()
        if kind == "paren" and value == "(":
            node = self.or_expr()
            if self.peek() != ("paren", ")"):
                raise self.error("missing )")
            self.take()
            return node
        if kind == "phrase":
            words = tuple(value.split())
            if not words:
                raise self.error("empty phrase")
            return Phrase(words) if len(words) > 1 else Term(words[0])
        if kind == "word":
            prefix = value.endswith("*")
            word = _EDGE_PUNCT.sub("", value.rstrip("*"))
            if not word:
                raise self.error(f"{value!r} has no letters or digits to search for")
            return Term(word, prefix)
        if value == "NOT":
            raise self.error("NOT needs something to keep first (write `a NOT b`)")
        raise self.error(f"unexpected {value!r}")


def parse_query(text: str | None) -> Node | None:
    """Parse the user's query; ``None`` for an empty query (list by date)."""
    return _Parser(text or "").parse()


def search(store: Store, request: SearchRequest) -> SearchPage:
    if not 1 <= request.limit <= MAX_LIMIT:
        raise QueryError(f"--limit must be between 1 and {MAX_LIMIT}, got {request.limit}")
    if request.offset < 0:
        raise QueryError(f"--offset must be 0 or more, got {request.offset}")
    if request.date_from and request.date_to and request.date_from.start > request.date_to.end:
        raise QueryError(f"--from {request.date_from} is after --to {request.date_to}")
    return store.search(request)


def snippet_html(snippet: Snippet) -> str:
    """HTML of a snippet: the text is escaped first, then ``<mark>`` tags are inserted."""
    out: list[str] = []
    pos = 0
    for start, end in snippet.marks:
        out.append(html.escape(snippet.text[pos:start]))
        out.append("<mark>" + html.escape(snippet.text[start:end]) + "</mark>")
        pos = end
    out.append(html.escape(snippet.text[pos:]))
    return " ".join("".join(out).split())


def snippet_plain(snippet: Snippet, open_mark: str = "[", close_mark: str = "]") -> str:
    out: list[str] = []
    pos = 0
    for start, end in snippet.marks:
        out.append(snippet.text[pos:start] + open_mark + snippet.text[start:end] + close_mark)
        pos = end
    out.append(snippet.text[pos:])
    return " ".join("".join(out).split())
