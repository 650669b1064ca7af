from __future__ import annotations

import pytest

from cabletrail.errors import QueryError
from cabletrail.model import PartialDate, SearchRequest, Snippet
from cabletrail.model.query import And, Not, Or, Phrase, Term
from cabletrail.query import parse_query, search, snippet_html, snippet_plain
from cabletrail.store.sqlite import SQLiteStore


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("walkout", Term("walkout")),
        ('"human rights" AND UN', And((Phrase(("human", "rights")), Term("UN")))),
        ("boycott panel", And((Term("boycott"), Term("panel")))),
        ("a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
        ("(a OR b) c", And((Or((Term("a"), Term("b"))), Term("c")))),
        ("council NOT security", Not(Term("council"), Term("security"))),
        ("negotiat*", Term("negotiat", prefix=True)),
        ("Kim Jong-un", And((Term("Kim"), Term("Jong-un")))),
        ("U.N.", Term("U.N")),
        ('"single"', Term("single")),
        ("and or not", And((Term("and"), Term("or"), Term("not")))),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_query(text: str, tree: object) -> None:
    assert parse_query(text) == tree


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"unclosed phrase', "unclosed quote"),
        ("NOT council", "NOT needs something to keep"),
        ("(a OR b", "missing )"),
        ("a )", "unexpected ')'"),
        ("a AND", "query ends"),
        ('""', "empty phrase"),
        ("---", "no letters or digits"),
    ],
)
def test_malformed_queries_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_query(text)


def test_snippet_html_escapes_before_marking() -> None:
    s = Snippet("<script>alert(1)</script> human & rights", ((26, 31), (34, 40)))
    assert snippet_html(s) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>human</mark> &amp; <mark>rights</mark>"
    )


def test_snippet_plain() -> None:
    assert snippet_plain(Snippet("a bc\nd", ((2, 4),))) == "a [bc] d"


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (SearchRequest(None, limit=0), "--limit"),
        (SearchRequest(None, offset=-1), "--offset"),
        (
            SearchRequest(None, date_from=PartialDate("2020"), date_to=PartialDate("2019")),
            "after --to",
        ),
    ],
)
def test_bad_requests(store: SQLiteStore, request_: SearchRequest, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        search(store, request_)
