from __future__ import annotations

import pytest

from cabletrail.resolve.names import entity_key, person_key


@pytest.mark.parametrize(
    "variants",
    [
        ["Kim Jong-un", "Kim Jong Un", "KIM JONG UN", "Kim Jong-eun", "Marshal Kim Jong Un"],
        ["Ri Su-yong", "Ri Su Yong", "Rhee Su-yong", "Lee Su-yong", "Yi Su-yong"],
        ["Pak Ui-chun", "Park Eui-chun"],
        ["Choe Ryong-hae", "Choi Ryong-hae"],
    ],
)
def test_romanisations_are_one_key(variants: list[str]) -> None:
    assert len({person_key(v) for v in variants}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [("Ri Su-yong", "Ri Il-gyu"), ("Kim Jong-un", "Kim Jong-il"), ("Kim Yo-jong", "Kim Jong-un")],
)
def test_people_sharing_a_family_name_stay_apart(a: str, b: str) -> None:
    assert person_key(a) != person_key(b)


def test_other_names_fold_case_and_spacing() -> None:
    assert entity_key("ORG", "the Human Rights Council") == entity_key(
        "ORG", "HUMAN RIGHTS COUNCIL"
    )
    assert entity_key("PERSON", "Herbert Evatt") != entity_key("PERSON", "Evatt")
