from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cabletrail.extract.align import align
from cabletrail.extract.pipeline import chunks


def test_line_breaks_inside_a_sentence_become_spaces() -> None:
    text = (
        "The delegation of the Democratic  People’s Republic of Korea\nwalked out of the\n"
        "room.\n\nNext."
    )
    a = align(text, 0, len(text))
    assert a.parsed == (
        "The delegation of the Democratic People’s Republic of Korea walked out of the "
        "room.\n\nNext."
    )
    i = a.parsed.index("Democratic")
    j = a.parsed.index("Korea") + len("Korea")
    assert a.text(i, j) == "Democratic  People’s Republic of Korea"


def test_header_lines_keep_their_breaks() -> None:
    text = "FM AMEMBASSY SEOUL\nTO SECSTATE WASHDC\nSUBJECT: HRC31\n\nText."
    assert align(text, 0, len(text)).parsed == text


@given(st.text(max_size=200))
def test_every_parsed_span_maps_back_inside_the_original(text: str) -> None:
    a = align(text, 0, len(text))
    assert len(a.starts) == len(a.parsed)
    for i, ch in enumerate(a.parsed):
        if not ch.isspace():
            assert text[a.s(i)] == ch
    assert a.s(len(a.parsed)) == len(text)


@given(st.text(max_size=3000), st.integers(50, 400))
def test_chunks_cover_the_text_exactly(text: str, size: int) -> None:
    pieces = chunks(text, size)
    assert "".join(c for _, c in pieces) == text
    assert all(len(c) <= size for _, c in pieces)
    assert all(text[o : o + len(c)] == c for o, c in pieces)
