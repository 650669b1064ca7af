"""Event rules on hand-built spaCy Docs: the parse is given, so these tests hold the rules
themselves, whatever the statistical model would have produced."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from cabletrail.extract.align import align
from cabletrail.extract.entities import EntityIndex, Mention, group
from cabletrail.extract.events import Event, Parties, find_events

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case…), no model


def build(
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    lemmas: list[str],
    tags: list[str] | None = None,
) -> Doc:
    starts: list[bool | int | None] = [True, *([False] * (len(words) - 1))]
    return Doc(
        VOCAB,
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=lemmas,
        tags=tags or ["VB" if p == "VERB" else "NN" for p in pos],
        sent_starts=starts,
    )


def index_for(doc: Doc, names: dict[str, str]) -> EntityIndex:
    mentions = [
        Mention(t.idx, t.idx + len(t), t.text, names[t.text]) for t in doc if t.text in names
    ]
    return EntityIndex(group(mentions))


def test_directive_with_agent_recipient_and_content() -> None:
    # Ministry instructed Mission to boycott panel .
    doc = build(
        ["Ministry", "instructed", "Mission", "to", "boycott", "panel", "."],
        [1, 1, 1, 4, 1, 4, 1],
        ["nsubj", "ROOT", "dobj", "aux", "xcomp", "dobj", "punct"],
        ["PROPN", "VERB", "PROPN", "PART", "VERB", "NOUN", "PUNCT"],
        ["Ministry", "instruct", "Mission", "to", "boycott", "panel", "."],
        ["NNP", "VBD", "NNP", "TO", "VB", "NN", "."],
    )
    index = index_for(doc, {"Ministry": "ORG", "Mission": "ORG"})
    events = find_events(doc, align(doc.text, 0, len(doc.text)), index, [], Parties(), set())
    kinds = {e.type: e for e in events}
    d = kinds["DIRECTIVE"]
    assert d.arguments["agent"] == index.by_name("Ministry").id  # type: ignore[union-attr]
    assert d.arguments["recipient"] == index.by_name("Mission").id  # type: ignore[union-attr]
    assert d.arguments["content"]["text"] == "boycott panel"
    assert kinds["PROTEST"].arguments["agent"] == d.arguments["agent"]  # climbs the xcomp


def test_negated_and_passive_with_you() -> None:
    # You are not instructed to vote .
    doc = build(
        ["You", "are", "not", "instructed", "to", "vote", "."],
        [3, 3, 3, 3, 5, 3, 3],
        ["nsubjpass", "auxpass", "neg", "ROOT", "aux", "xcomp", "punct"],
        ["PRON", "AUX", "PART", "VERB", "PART", "VERB", "PUNCT"],
        ["you", "be", "not", "instruct", "to", "vote", "."],
        ["PRP", "VBP", "RB", "VBN", "TO", "VB", "."],
    )
    index = EntityIndex([])
    sender = index.add(group([Mention(0, 0, "MFA", "ORG")])[0]).id
    mission = index.add(group([Mention(0, 0, "Mission", "ORG")])[0]).id
    events = find_events(
        doc, align(doc.text, 0, len(doc.text)), index, [], Parties(sender, mission), set()
    )
    d = next(e for e in events if e.type == "DIRECTIVE")
    assert (d.arguments["agent"], d.arguments["recipient"], d.negated) == (sender, mission, True)


def test_tell_without_a_to_clause_is_not_a_directive() -> None:
    # Kim told us nothing .
    doc = build(
        ["Kim", "told", "us", "nothing", "."],
        [1, 1, 1, 1, 1],
        ["nsubj", "ROOT", "dative", "dobj", "punct"],
        ["PROPN", "VERB", "PRON", "PRON", "PUNCT"],
        ["Kim", "tell", "we", "nothing", "."],
        ["NNP", "VBD", "PRP", "NN", "."],
    )
    events = find_events(
        doc,
        align(doc.text, 0, len(doc.text)),
        index_for(doc, {"Kim": "PERSON"}),
        [],
        Parties(),
        set(),
    )
    assert [e for e in events if e.type == "DIRECTIVE"] == []


def _cable_events(doc: Doc) -> tuple[list[Event], str, str]:
    index = EntityIndex([])
    sender = index.add(group([Mention(0, 0, "MFA", "ORG")])[0]).id
    mission = index.add(group([Mention(0, 0, "Mission", "ORG")])[0]).id
    events = find_events(
        doc, align(doc.text, 0, len(doc.text)), index, [], Parties(sender, mission), set()
    )
    return events, sender, mission


def test_please_with_a_trigger_is_the_senders_request_to_the_recipient() -> None:
    # Please urge authorities to act .
    doc = build(
        ["Please", "urge", "authorities", "to", "act", "."],
        [1, 1, 1, 4, 1, 1],
        ["intj", "ROOT", "dobj", "aux", "xcomp", "punct"],
        ["INTJ", "VERB", "NOUN", "PART", "VERB", "PUNCT"],
        ["please", "urge", "authority", "to", "act", "."],
        ["UH", "VB", "NNS", "TO", "VB", "."],
    )
    events, sender, mission = _cable_events(doc)
    request = next(e for e in events if e.type == "REQUEST")
    assert (request.arguments["agent"], request.arguments["recipient"]) == (sender, mission)
    assert len([e for e in events if e.type in ("REQUEST", "DIRECTIVE")]) == 1  # not twice


def test_you_should_on_a_coordinated_verb_is_a_directive() -> None:
    # We agree and you should abstain .
    doc = build(
        ["We", "agree", "and", "you", "should", "abstain", "."],
        [1, 1, 1, 5, 5, 1, 1],
        ["nsubj", "ROOT", "cc", "nsubj", "aux", "conj", "punct"],
        ["PRON", "VERB", "CCONJ", "PRON", "AUX", "VERB", "PUNCT"],
        ["we", "agree", "and", "you", "should", "abstain", "."],
        ["PRP", "VBP", "CC", "PRP", "MD", "VB", "."],
    )
    events, sender, mission = _cable_events(doc)
    directives = [e for e in events if e.type == "DIRECTIVE"]
    assert [d.trigger[2] for d in directives] == ["abstain"]
    assert (directives[0].arguments["agent"], directives[0].arguments["recipient"]) == (
        sender,
        mission,
    )


def test_a_numbered_heading_is_not_a_bare_imperative() -> None:
    # Cable 329 to Canberra  ("Cable" tagged as a base-form verb by a small model)
    doc = build(
        ["Cable", "329", "to", "Canberra"],
        [0, 0, 0, 2],
        ["ROOT", "nummod", "prep", "pobj"],
        ["VERB", "NUM", "ADP", "PROPN"],
        ["cable", "329", "to", "Canberra"],
        ["VB", "CD", "IN", "NNP"],
    )
    events, _, _ = _cable_events(doc)
    assert [e for e in events if e.type == "DIRECTIVE"] == []
