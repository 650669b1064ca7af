"""Entities: mentions from the statistical NER and the domain patterns, grouped within a
document into entities with a name, aliases and every mention.

Grouping is by normalised name (case, hyphens, spaces and dots ignored, so ``Kim Jong-un`` =
``Kim Jong Un`` = ``KIM JONG UN``), then short forms: a one-word person mention joins the one
full name whose family name (first word, as in Korean usage, or last word) it is, and an
acronym joins the one organisation it abbreviates. Ambiguous short forms (``Ri`` when both
``Ri Su-yong`` and ``Ri Il-gyu`` appear) stay apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from cabletrail.extract.align import Aligned

LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
    "LAW": "LAW",
    "EVENT": "EVENT",
}
_LEADING = re.compile(r"^(?:the|The|THE|a|an|A|An)\s+")
_TRAILING = re.compile(r"(?:['’]s|['’])$")
_NON_WORD = re.compile(r"[\W_]+")
_STOP = frozenset({"of", "the", "for", "and", "on", "in", "to", "de"})
_CAPS_FUNCTION_WORDS = frozenset(
    {"ON", "OF", "TO", "IN", "FOR", "AND", "THE", "WITH", "AT", "BY", "FROM", "RE"}
)
PERSON_VERBS = frozenset(
    {
        "say",
        "tell",
        "inform",
        "outline",
        "discuss",
        "comment",
        "recall",
        "believe",
        "think",
        "write",
        "reply",
        "suggest",
        "agree",
        "explain",
        "ask",
        "urge",
        "stress",
        "feel",
        "hope",
        "insist",
        "remark",
        "report",
        "advise",
        "telegraph",
        "indicate",
        "mention",
        "speak",
    }
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    type: str


@dataclass
class Entity:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "aliases": self.aliases,
            "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in self.mentions],
        }


def name_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"^the\s+", "", text.strip())
    return _NON_WORD.sub("", text)


def _words(text: str) -> list[str]:
    return [name_key(w) for w in re.split(r"\s+", _LEADING.sub("", text)) if name_key(w)]


def mentions_from_doc(doc: Doc, al: Aligned, stop: frozenset[str] = frozenset()) -> list[Mention]:
    """Entity mentions of a parsed chunk, with offsets into the document's text; names in
    ``stop`` (header words) are dropped."""
    out: list[Mention] = []
    for ent in doc.ents:
        kind = LABELS.get(ent.label_)
        if kind is None:
            continue
        start, end = ent.start_char, ent.end_char
        text = ent.text
        if m := _LEADING.match(text):
            start += m.end()
            text = text[m.end() :]
        if m := _TRAILING.search(text):
            end -= len(m[0])
            text = text[: m.start()]
        if not any(ch.isalpha() for ch in text) or text.islower() or text in stop:
            continue
        if re.fullmatch(r"X{4,}", text):
            continue  # a redaction mark, not a name
        words = text.split()
        while words and words[0] in stop:  # "Cablegram UNP76"
            start += len(words[0])
            text = text[len(words[0]) :].lstrip()
            start = end - len(text)
            words = words[1:]
        if not words or (text.isupper() and words[0] in _CAPS_FUNCTION_WORDS):
            continue  # "ON CUBA" in a subject line
        if LABELS.get(ent.label_) == "PERSON" and any(ch.isdigit() for ch in text):
            continue
        kind = _retype(ent, kind)
        out.append(Mention(al.s(start), al.e(end), al.text(start, end), kind))
    return out


def _retype(ent: Span, kind: str) -> str:
    """Fix two common confusions of the small model: a state named as a noun ("the Soviet
    will accept") is a GPE, not a NORP; a lone surname that speaks or acts ("Shaw outlined")
    is a PERSON, not an ORG."""
    root = ent.root
    if kind == "NORP" and root.tag_ == "NNP" and root.dep_ in ("nsubj", "dobj", "pobj"):
        return "GPE"
    if (
        kind == "ORG"
        and len(ent) == 1
        and ent.text.istitle()
        and root.dep_ == "nsubj"
        and root.head.lemma_ in PERSON_VERBS
    ):
        return "PERSON"
    return kind


def _acronym(text: str) -> str:
    return "".join(
        w[0] for w in re.split(r"[\s-]+", text) if w and w.lower() not in _STOP and w[0].isupper()
    ).casefold()


def group(mentions: list[Mention]) -> list[Entity]:
    """Group mentions into entities (ids ``e1``… in order of first mention)."""
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    groups: dict[str, list[Mention]] = {}
    for m in ordered:
        key = name_key(m.text)
        if key:
            groups.setdefault(key, []).append(m)

    def kind(ms: list[Mention]) -> str:
        types = Counter(m.type for m in ms)
        # A lone surname the model reads as a person once and an organisation elsewhere
        # ("Jamieson said …", "Jamieson's view") is a person.
        if types["PERSON"] and types["ORG"] and len(_words(ms[0].text)) == 1:
            return "PERSON"
        return types.most_common(1)[0][0]

    # Short forms of people: "Kim" → "Kim Jong-un", "Evatt" → "Herbert Evatt".
    full = {
        k: ms for k, ms in groups.items() if kind(ms) == "PERSON" and len(_words(ms[0].text)) > 1
    }
    for key, ms in list(groups.items()):
        if key in full or kind(ms) != "PERSON" or len(_words(ms[0].text)) != 1:
            continue
        owners = [
            k for k, fm in full.items() if key in (_words(fm[0].text)[0], _words(fm[0].text)[-1])
        ]
        if len(owners) == 1:
            groups[owners[0]].extend(groups.pop(key))

    # Acronyms of organisations: "OHCHR" → "Office of the High Commissioner for Human Rights".
    for key, ms in list(groups.items()):
        text = ms[0].text
        if not (text.isupper() and 2 <= len(text) <= 8):
            continue
        owners = [
            k
            for k, om in groups.items()
            if k != key and len(_words(om[0].text)) > 1 and _acronym(om[0].text) == key
        ]
        if len(owners) == 1:
            groups[owners[0]].extend(groups.pop(key))

    entities: list[Entity] = []
    for ms in sorted(groups.values(), key=lambda ms: min(m.start for m in ms)):
        ms.sort(key=lambda m: m.start)
        name = max((m.text for m in ms), key=lambda t: (len(name_key(t)), not t.isupper()))
        name = " ".join(name.split())
        aliases: list[str] = []
        for m in ms:
            alias = " ".join(m.text.split())
            if alias != name and alias not in aliases:
                aliases.append(alias)
        entities.append(Entity(f"e{len(entities) + 1}", kind(ms), name, aliases, ms))
    return entities


class EntityIndex:
    """Find the entity a character span belongs to."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        self._spans = sorted(
            ((m.start, m.end, e.id) for e in entities for m in e.mentions), key=lambda s: s[0]
        )
        self._by_key = {name_key(n): e for e in entities for n in [e.name, *e.aliases]}

    def at(self, start: int, end: int) -> str | None:
        """The entity with a mention overlapping ``[start, end)``, the longest first."""
        best: tuple[int, str] | None = None
        for s, e, ent_id in self._spans:
            if s >= end:
                break
            if e > start and (best is None or e - s > best[0]):
                best = (e - s, ent_id)
        return best[1] if best else None

    def mentioned_between(self, lo: int, hi: int, kinds: tuple[str, ...]) -> list[str]:
        """Ids of entities of ``kinds`` with a mention inside ``[lo, hi)``, in text order."""
        types = {e.id: e.type for e in self.entities}
        return [
            ent_id
            for s, e, ent_id in self._spans
            if lo <= s and e <= hi and types.get(ent_id) in kinds
        ]

    def by_name(self, name: str) -> Entity | None:
        return self._by_key.get(name_key(name))

    def add(self, entity: Entity) -> Entity:
        entity.id = f"e{len(self.entities) + 1}"
        self.entities.append(entity)
        self._by_key[name_key(entity.name)] = entity
        for m in entity.mentions:
            self._spans.append((m.start, m.end, entity.id))
        self._spans.sort(key=lambda s: s[0])
        return entity

    def add_mention(self, entity: Entity, mention: Mention) -> None:
        entity.mentions.append(mention)
        entity.mentions.sort(key=lambda m: m.start)
        if mention.text != entity.name and mention.text not in entity.aliases:
            entity.aliases.append(mention.text)
        self._spans.append((mention.start, mention.end, entity.id))
        self._spans.sort(key=lambda s: s[0])


_ORG_WORDS = re.compile(
    r"\b(?:department|ministry|mission|embassy|delegation|office|council|committee|government|"
    r"secstate|amembassy|usmission|usun|posts?|secretariat|commission|agency|bureau)\b",
    re.I,
)


def guess_type(name: str) -> str:
    """Type of a correspondent named only in metadata (``Evatt``, ``AMEMBASSY SEOUL``)."""
    if _ORG_WORDS.search(name):
        return "ORG"
    if name.isupper() or len(name.split()) > 3:
        return "GPE" if len(name.split()) <= 2 and name.isupper() else "ORG"
    return "PERSON"
