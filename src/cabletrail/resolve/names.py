"""Name keys that make spelling variants one name: case, hyphens, spaces, diacritics, and the
romanisations of Korean names (``Kim Jong-un`` = ``Kim Jong Un`` = ``Kim Jong-eun``;
``Ri`` = ``Rhee`` = ``Lee`` = ``Yi``). Different given names stay different: ``Ri Su-yong``
and ``Ri Il-gyu`` never share a key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

import yaml

_WORDS = re.compile(r"[\s\-‐‑]+")
_NON_WORD = re.compile(r"[\W_]+")
_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "general",
        "marshal",
        "comrade",
        "ambassador",
        "minister",
        "president",
        "chairman",
        "judge",
        "king",
        "sir",
    }
)


@cache
def _lexicon() -> dict[str, Any]:
    text = (
        resources.files("cabletrail.resolve")
        .joinpath("lexicons/romanisation.v1.yaml")
        .read_text("utf-8")
    )
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def _family() -> dict[str, str]:
    return {
        variant: canonical
        for canonical, variants in _lexicon()["family_names"].items()
        for variant in variants
    }


def plain(text: str) -> str:
    """Lower case, no diacritics (ŏ → o), no punctuation or spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub("", text)


def _given(text: str) -> str:
    key = _NON_WORD.sub("", unicodedata.normalize("NFC", text.casefold()))
    for old, new in _lexicon()["given_name_rules"]:
        key = key.replace(old, new)
    return plain(key)


def person_key(name: str) -> str:
    """The key of a person's name. Korean names (a known family name first, then a given name
    of one or two syllables) fold their romanisations; other names fold case and spacing."""
    words = [w for w in _WORDS.split(name.strip()) if w]
    while words and plain(words[0]) in _TITLES and len(words) > 1:
        words = words[1:]
    if not words:
        return ""
    family = _family().get(plain(words[0]))
    if family is not None and 2 <= len(words) <= 4:
        return f"{family}|{_given(''.join(words[1:]))}"
    return "|".join(plain(w) for w in words)


def entity_key(kind: str, name: str) -> str:
    """The key an entity of ``kind`` is clustered by across documents."""
    if kind == "PERSON":
        return "PERSON:" + person_key(name)
    text = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return f"{kind}:{plain(text)}"
