"""The whole pipeline on hand-written documents (spaCy loaded once for the module)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cabletrail.errors import SettingError
from cabletrail.extract import Extractor
from cabletrail.model import Document, PartialDate

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "spec" / "extraction.schema.json"

CABLE = """Cablegram 231, PYONGYANG, 14 March 2016, 2.25 p.m.

SECRET

1. You are instructed to walk out of the Third Committee vote on the resolution.

2. Then-Foreign Minister Ri Su-yong said on Tuesday that the report of the Commission of
Inquiry was a fabrication.

3. A senior official said on condition of anonymity that defectors' testimony would be discredited.

4. Please inform the Permanent Mission of the Republic of Korea that we reject the recommendations.
"""


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def cable(text: str = CABLE, **meta: Any) -> Document:
    metadata = {
        "from": "Ministry of Foreign Affairs",
        "to": ["DPRK Mission New York"],
        "dateline": {
            "text": "Cablegram 231, PYONGYANG, 14 March 2016, 2.25 p.m.",
            "place": "PYONGYANG",
        },
        **meta,
    }
    return Document(
        id="d1",
        source="cable.txt",
        collection="c",
        format="text",
        text=text,
        blob="b",
        title="MFA to Mission",
        date=PartialDate("2016-03-18"),
        metadata=metadata,
    )


@pytest.fixture(scope="module")
def record(extractor: Extractor) -> dict[str, Any]:
    return extractor.extract(cable())


def names(record: dict[str, Any]) -> dict[str, str]:
    return {e["id"]: e["name"] for e in record["entities"]}


def test_record_matches_the_schema(record: dict[str, Any]) -> None:
    if not SCHEMA.exists():
        pytest.skip(f"spec not found at {SCHEMA}")
    jsonschema.validate(record, json.loads(SCHEMA.read_text("utf-8")))


def test_every_span_points_into_the_text(record: dict[str, Any]) -> None:
    text = record["document"]["text"]
    for e in record["entities"]:
        for mention in e["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
    for t in record["timexes"]:
        assert text[t["start"] : t["end"]] == t["text"]
    for ev in record["events"]:
        assert text[ev["trigger"]["start"] : ev["trigger"]["end"]] == ev["trigger"]["text"]
        content = ev["arguments"].get("content")
        if content:
            assert text[content["start"] : content["end"]] == content["text"]
    for q in record["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]


def test_you_are_instructed_is_a_directive_from_sender_to_recipient(record: dict[str, Any]) -> None:
    n = names(record)
    directives = [ev for ev in record["events"] if ev["type"] == "DIRECTIVE"]
    assert directives, record["events"]
    d = directives[0]
    assert n[d["arguments"]["agent"]] == "Ministry of Foreign Affairs"
    assert n[d["arguments"]["recipient"]] == "DPRK Mission New York"
    assert d["arguments"]["content"]["text"].startswith("walk out of the Third Committee vote")


def test_please_is_a_request_and_we_is_the_sender(record: dict[str, Any]) -> None:
    n = names(record)
    requests = [ev for ev in record["events"] if ev["type"] == "REQUEST"]
    assert any(
        n.get(ev["arguments"].get("agent", "")) == "Ministry of Foreign Affairs" for ev in requests
    )
    rejects = [ev for ev in record["events"] if ev["type"] == "REJECT"]
    assert rejects and n[rejects[0]["arguments"]["agent"]] == "Ministry of Foreign Affairs"


def test_then_role_with_its_qualifier(record: dict[str, Any]) -> None:
    n = names(record)
    roles = [(n[r["person"]], r["title"], r["qualifier"]) for r in record["roles"]]
    assert ("Ri Su-yong", "Foreign Minister", "then") in roles


def test_quotes_named_and_anonymous(record: dict[str, Any]) -> None:
    quotes = {q["text"]: q for q in record["quotes"]}
    named = next(q for t, q in quotes.items() if t.startswith("the report of the Commission"))
    assert named["anonymous"] is False and named["cue"] == "said"
    assert names(record)[named["speaker"]] == "Ri Su-yong"
    anon = next(q for t, q in quotes.items() if t.startswith("defectors"))
    assert anon["anonymous"] is True and anon["speaker"] is None
    assert anon["speaker_text"] == "A senior official"


def test_dates_resolved_against_the_document_date(record: dict[str, Any]) -> None:
    got = {t["text"]: t["value"] for t in record["timexes"]}
    assert got["14 March 2016"] == "2016-03-14"
    assert got["2.25 p.m."] == "2016-03-18T14:25"
    assert got["Tuesday"] == "2016-03-15"


def test_domain_entities(record: dict[str, Any]) -> None:
    by_name = {e["name"]: e["type"] for e in record["entities"]}
    assert by_name["Third Committee"] == "ORG"
    assert by_name["Commission of Inquiry"] == "ORG"
    assert by_name["PYONGYANG"] == "GPE"  # the dateline's place


def test_anchor_override_and_topics_from_tags(extractor: Extractor) -> None:
    rec = extractor.extract(
        cable("He left last month. Human rights were discussed.", tags=["PHUM", "KNNP"]),
        PartialDate("2020-05-02"),
    )
    assert [t["value"] for t in rec["timexes"]] == ["2020-04"]
    labels = {t["label"]: t["why"] for t in rec["topics"]}
    assert "tag PHUM" in labels["human-rights"]
    assert "tag KNNP" in labels["nuclear-weapons"]


def test_scare_quotes_are_not_quotes(extractor: Extractor) -> None:
    rec = extractor.extract(cable('The Ministry called the report a "vicious plot", he said.'))
    assert all(q["text"] != "vicious plot" for q in rec["quotes"])


def test_long_text_is_chunked_without_losing_offsets(extractor: Extractor) -> None:
    para = "The Human Rights Council met in Geneva on 14 March 2016. " * 60
    text = "\n\n".join([para] * 12)
    rec = extractor.extract(cable(text))
    assert len(rec["timexes"]) == 720
    for t in rec["timexes"]:
        assert text[t["start"] : t["end"]] == "14 March 2016"


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(SettingError, match="not installed"):
        Extractor("en_core_web_nonexistent")


# Regression tests, each named after a bug seen on real documents.


def test_government_pattern_does_not_split_longer_names(extractor: Extractor) -> None:
    """A bare "Government" rule once cut "Korean National Government" into two entities."""
    rec = extractor.extract(cable("The Korean National Government was formed in Seoul."))
    assert not any(e["name"] == "Korean National" for e in rec["entities"])


def test_editorial_see_is_not_a_directive(extractor: Extractor) -> None:
    """DFAT footnotes say "See cablegram 61"; that is a cross-reference, not an order."""
    rec = extractor.extract(cable("See cablegram 61, dispatched 19 February 1948."))
    assert [ev for ev in rec["events"] if ev["type"] == "DIRECTIVE"] == []


def test_title_is_not_part_of_a_name(extractor: Extractor) -> None:
    """ "Classified By: Charge J. Robert Manzanares" gave a person named "Charge J. Robert …"."""
    rec = extractor.extract(
        cable(
            "Classified By: Charge J. Robert Manzanares per 1.5 (b).\n\n"
            "Judge Baltasar Garzon is leading the investigation."
        )
    )
    people = {e["name"] for e in rec["entities"] if e["type"] == "PERSON"}
    assert {"J. Robert Manzanares", "Baltasar Garzon"} <= people
    assert not any(p.startswith(("Charge", "Judge")) for p in people)
    titles = {r["title"] for r in rec["roles"]}
    assert {"Charge", "Judge"} <= titles


def test_redacted_speaker_is_anonymous(extractor: Extractor) -> None:
    """Cables redact sources as XXXXXXXXXXXX; such a speaker is an unnamed source."""
    rec = extractor.extract(
        cable("XXXXXXXXXXXX told us on January 12 that seven asylum seekers were in Moscow.")
    )
    assert rec["quotes"] and all(q["anonymous"] for q in rec["quotes"])
    assert not any("XXXX" in e["name"] for e in rec["entities"])


def test_subject_line_words_are_not_people(extractor: Extractor) -> None:
    """An all-capital SUBJECT line gave PERSON "ON CUBA"."""
    rec = extractor.extract(cable("SUBJECT: DEPUTY FM LEON ON CUBA, IRAQ\n\nText follows."))
    assert not any(e["name"].startswith("ON ") for e in rec["entities"])


def test_state_as_a_noun_is_a_gpe(extractor: Extractor) -> None:
    """ "the Soviet will accept" is the state (GPE), not a nationality (NORP)."""
    rec = extractor.extract(cable("I doubt whether the Soviet will accept any proposal."))
    assert any(e["name"] == "Soviet" and e["type"] == "GPE" for e in rec["entities"])
