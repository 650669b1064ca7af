from __future__ import annotations

from cabletrail.extract.entities import EntityIndex, Mention, group, guess_type, name_key


def m(text: str, kind: str, start: int) -> Mention:
    return Mention(start, start + len(text), text, kind)


def test_romanisation_spacing_and_case_are_one_name() -> None:
    assert name_key("Kim Jong-un") == name_key("Kim Jong Un") == name_key("KIM JONG UN")
    assert name_key("the United Nations") == name_key("United Nations")


def test_family_name_joins_the_one_full_name() -> None:
    ents = group(
        [m("Kim Jong-un", "PERSON", 0), m("Kim", "PERSON", 50), m("Kim Jong Un", "PERSON", 90)]
    )
    assert len(ents) == 1
    assert ents[0].name in ("Kim Jong-un", "Kim Jong Un")
    assert len(ents[0].mentions) == 3


def test_shared_surname_is_not_merged() -> None:
    """Regression guard from the spec: Ri Su-yong ≠ Ri Il-gyu, and a bare "Ri" stays apart."""
    ents = group(
        [m("Ri Su-yong", "PERSON", 0), m("Ri Il-gyu", "PERSON", 30), m("Ri", "PERSON", 60)]
    )
    assert sorted(e.name for e in ents) == ["Ri", "Ri Il-gyu", "Ri Su-yong"]


def test_western_surname_joins_full_name() -> None:
    ents = group([m("Herbert Evatt", "PERSON", 0), m("Evatt", "PERSON", 40)])
    assert [(e.name, e.aliases) for e in ents] == [("Herbert Evatt", ["Evatt"])]


def test_acronym_joins_its_organisation() -> None:
    ents = group(
        [m("Office of the High Commissioner for Human Rights", "ORG", 0), m("OHCHR", "ORG", 80)]
    )
    assert len(ents) == 1 and ents[0].aliases == ["OHCHR"]


def test_ids_follow_first_mention_and_index_finds_spans() -> None:
    ents = group([m("Geneva", "GPE", 40), m("Ri Su-yong", "PERSON", 0)])
    assert [(e.id, e.name) for e in ents] == [("e1", "Ri Su-yong"), ("e2", "Geneva")]
    index = EntityIndex(ents)
    assert index.at(3, 5) == "e1"
    assert index.at(20, 30) is None
    assert index.by_name("geneva") is ents[1]


def test_correspondent_types() -> None:
    assert guess_type("Evatt") == "PERSON"
    assert guess_type("Department of External Affairs") == "ORG"
    assert guess_type("AMEMBASSY SEOUL") == "ORG"
