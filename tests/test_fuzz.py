"""Fuzzing (hypothesis) of the parts that read untrusted input: the cable header parser, the
timex normaliser, format dispatch and the parsers behind it. None may raise anything but the
documented errors. `CABLETRAIL_FUZZ_EXAMPLES` raises the number of examples (make bench)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabletrail.errors import InputError
from cabletrail.extract.timex import find_timexes
from cabletrail.ingest.cable import parse_header, parse_title
from cabletrail.ingest.dispatch import detect
from cabletrail.ingest.formats.base import ParseContext
from cabletrail.ingest.reading import in_process
from cabletrail.model import PartialDate

EXAMPLES = int(os.environ.get("CABLETRAIL_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

cable_lines = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            [
                "FM AMEMBASSY SEOUL",
                "TO SECSTATE WASHDC IMMEDIATE 1",
                "INFO USUN",
                "SUBJECT: HRC31",
                "TAGS: PHUM, KN",
                "S E C R E T",
                "REF: A) STATE 1",
                "E.O. 12958: DECL: 1/1/2019",
                "Distr.: General 2 July 2014",
                "Cablegram 231, CANBERRA, 14 May 1948, 2.25 p.m.",
                "281848Z DEC 66",
                "Report of the Working Group*",
                "",
            ]
        ),
    ),
    max_size=30,
)


@FUZZ
@given(cable_lines)
def test_header_parser_never_fails(lines: list[str]) -> None:
    header = parse_header("\n".join(lines))
    assert isinstance(header.fields, dict)
    parse_title(" ".join(lines[:2]))


@FUZZ
@given(st.text(max_size=400), st.dates().map(lambda d: PartialDate(d.isoformat())) | st.none())
def test_timex_normaliser_never_fails(text: str, anchor: PartialDate | None) -> None:
    for t in find_timexes(text, anchor):
        assert text[t.start : t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")


prefixes = st.sampled_from(
    [
        b"",
        b"%PDF-1.4\n",
        b"PK\x03\x04",
        b"---\n",
        b'{"text": ',
        b"<html><body>",
        b"From a@b Mon Jan 1 00:00:00 2016\nSubject: x\n\n",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"text,date\n",
    ]
)
names = st.sampled_from(
    [
        "a.txt",
        "a.pdf",
        "a.docx",
        "a.zip",
        "a.json",
        "a.jsonl",
        "a.csv",
        "a.md",
        "a.html",
        "a.eml",
        "a.mbox",
        "noext",
    ]
)


@FUZZ
@given(prefixes, st.binary(max_size=2000), names)
def test_dispatch_and_parsers_fail_only_with_input_errors(
    prefix: bytes, body: bytes, name: str
) -> None:
    data = prefix + body
    try:
        fmt = detect(data, name)
        if fmt.parse is not None:
            in_process(fmt.name, data, ParseContext(name))
    except InputError as exc:
        assert exc.reason  # noqa: PT017 - any InputError is a clean failure; others propagate
