from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cabletrail.ingest.cable import clean_address, parse_dtg, parse_header, parse_title, rules
from cabletrail.model import PartialDate

CABLE = """\
O 121758Z MAY 16
FM USMISSION GENEVA
TO RUEHC/SECSTATE WASHDC IMMEDIATE 8202
INFO RUEHNY/USMISSION USUN NEW YORK PRIORITY 0412
AMEMBASSY SEOUL
S E C R E T GENEVA 000480

SIPDIS
NOFORN

E.O. 13526: DECL: 05/12/2026
TAGS: PHUM, PREL, UNHRC, KN
SUBJECT: HRC31: DPRK DELEGATION PLANS WALKOUT FROM
COI PANEL

REF: A) STATE 5426, B) GENEVA 418

¶1. (C) Summary: the DPRK delegation told us TO EXPECT a walkout.
"""


def test_reads_a_cable_header() -> None:
    h = parse_header(CABLE)
    f = h.fields
    assert f["from"] == "USMISSION GENEVA"
    assert f["to"] == ["SECSTATE WASHDC"]
    assert f["info"] == ["USMISSION USUN NEW YORK", "AMEMBASSY SEOUL"]
    assert f["classification"] == "SECRET"
    assert f["caveats"] == ["SIPDIS", "NOFORN"]
    assert f["tags"] == ["PHUM", "PREL", "UNHRC", "KN"]
    assert f["subject"] == "HRC31: DPRK DELEGATION PLANS WALKOUT FROM COI PANEL"
    assert f["ref"] == "A) STATE 5426, B) GENEVA 418"
    assert f["eo"] == "13526: DECL: 05/12/2026"
    assert f["dtg"] == "121758Z MAY 16"
    assert h.header_date == PartialDate("2016-05-12")


def test_to_line_after_subject_is_not_an_address() -> None:
    """Regression: a subject continued after a blank line ("TO LONDON") became a recipient."""
    text = "FM AMEMBASSY LONDON\nTO SECSTATE WASHDC\nSUBJECT: SCENESETTER FOR VISIT\n\nTO LONDON\n"
    assert parse_header(text).fields["to"] == ["SECSTATE WASHDC"]


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("281848Z DEC 66", "1966-12-28"),
        ("051158Z DEC 07", "2007-12-05"),
        ("121758Z MAY 2016", "2016-05-12"),
        ("P 310900Z JAN 51", "1951-01-31"),
        ("P 310900Z JAN 49", "2049-01-31"),  # below the pivot (50) in cable.v1.yaml
    ],
)
def test_date_time_groups(group: str, expected: str) -> None:
    found = parse_dtg(group)
    assert found is not None
    assert found[0] == PartialDate(expected)


@given(st.from_regex(rules().dtg, fullmatch=True))
def test_the_literal_that_lets_a_header_skip_the_search_is_in_every_group(group: str) -> None:
    # parse_dtg searches only texts holding dtg_literal: exact only if every match holds it
    assert rules().dtg_literal in group


def test_impossible_date_time_group_is_ignored() -> None:
    assert parse_dtg("311200Z FEB 16") is None


@pytest.mark.parametrize(
    ("line", "kind", "number", "place", "date", "time"),
    [
        (
            "Cablegram 231, CANBERRA, 14 May 1948, 2.25 p.m.",
            "Cablegram",
            "231",
            "CANBERRA",
            "1948-05-14",
            "2.25 p.m.",
        ),
        (
            "Cablegram E21 (extract) NEW YORK, 1 October 1947, 11.16 p.m.",
            "Cablegram",
            "E21 (extract)",
            "NEW YORK",
            "1947-10-01",
            "11.16 p.m.",
        ),
        ("Jakarta, 27 September 1975, 4.20 p.m.", None, None, "Jakarta", "1975-09-27", "4.20 p.m."),
        ("NEW YORK, 18 September 1947", None, None, "NEW YORK", "1947-09-18", None),
        ("Extracts [NEW YORK, June 1947] [1]", "Extracts", None, "NEW YORK", "1947-06", None),
        ("Letter CANBERRA, 1 July 1947", "Letter", None, "CANBERRA", "1947-07-01", None),
    ],
)
def test_datelines(
    line: str, kind: str | None, number: str | None, place: str | None, date: str, time: str | None
) -> None:
    dateline = parse_header(line + "\n\nBody text.").dateline
    assert dateline is not None
    assert (dateline.kind, dateline.number, dateline.place, dateline.date.value, dateline.time) == (
        kind,
        number,
        place,
        date,
        time,
    )


@pytest.mark.parametrize(
    "line",
    [
        "Distr.: General 2 July 2014",
        "The Assembly met on 2 July 2014 and adopted the resolution without a vote.",
    ],
)
def test_sentences_with_dates_are_not_datelines(line: str) -> None:
    assert parse_header(line + "\n").dateline is None


def test_un_distribution_line_dates_the_document() -> None:
    h = parse_header("Distr.: General 2 July 2014\nOriginal: English\nA/HRC/27/10\n")
    assert h.header_date == PartialDate("2014-07-02")
    assert h.fields["symbol"] == "A/HRC/27/10"


def test_report_title_takes_the_country_line() -> None:
    text = (
        "Report of the Working Group on  the Universal Periodic Review*\n"
        "Democratic People’s Republic of Korea\n*\n"
    )
    assert parse_header(text).title == (
        "Report of the Working Group on the Universal Periodic Review: "
        "Democratic People’s Republic of Korea"
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Evatt to Burton", {"from": "Evatt", "to": ["Burton"]}),
        ("Cablegram to Canberra", {"to": ["Canberra"], "kind": "Cablegram"}),
        ("MINUTE FROM INGRAM TO BOOKER", {"from": "INGRAM", "to": ["BOOKER"], "kind": "MINUTE"}),
        ("Report by Heyward", {"from": "Heyward", "kind": "Report"}),
        (
            "Australian Delegation, United Nations, to Department of External Affairs",
            {
                "from": "Australian Delegation, United Nations",
                "to": ["Department of External Affairs"],
            },
        ),
        ("Note on approach to the Korea question", {}),
        ("Recognition of the People's Republic of China", {}),
    ],
)
def test_titles_of_correspondence(title: str, expected: dict[str, object]) -> None:
    assert parse_title(title) == expected


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("RUEHC/SECSTATE WASHDC PRIORITY 6553", "SECSTATE WASHDC"),
        ("RULSDMK/DEPT OF TRANSPORTATION WASHDC PRIORITY", "DEPT OF TRANSPORTATION WASHDC"),
        ("AMEMBASSY SEOUL", "AMEMBASSY SEOUL"),
    ],
)
def test_addresses_lose_routing_and_precedence(raw: str, clean: str) -> None:
    assert clean_address(raw) == clean


def test_dfat_markings() -> None:
    h = parse_header("Cablegram 91 LONDON, 2 May 1947\n\nMOST IMMEDIATE SECRET PERSONAL\n\nText.")
    assert h.fields["classification"] == "SECRET"
    assert h.fields["precedence"] == "MOST IMMEDIATE"
    assert h.fields["caveats"] == ["PERSONAL"]


def test_lowercase_prose_is_not_a_marking() -> None:
    assert "classification" not in parse_header("Secret talks began in Geneva.\n").fields
