"""Events from a trigger lexicon (``lexicons/events.v1.yaml``) and dependency patterns.

For a verbal trigger: agent = the subject (or the ``by`` phrase of a passive); recipient =
whom a directive or request is addressed to (object, or ``on``/``upon`` phrase); content =
what was ordered, requested or said (the ``to``-clause or ``that``-clause); target = what is
accused, rejected or protested; forum = a UN body or session named in the sentence; time =
the nearest timex in the sentence. Nominal triggers ("issued an order to", "the adoption of
the resolution") take the agent of their governing verb and the object of their ``of``.

Cables speak in the imperative: in a cable from A to B, "you are instructed to", "you
should", "please" make a directive (or request) from A to B; "you"/"your" resolve to B and
"we"/"our" to A.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from cabletrail.extract import lexicon
from cabletrail.extract.align import Aligned
from cabletrail.extract.entities import EntityIndex
from cabletrail.extract.timex import Timex

FORUM_TYPES = ("ORG", "EVENT")
SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
ADDRESSED = frozenset({"DIRECTIVE", "REQUEST"})
TARGETED = frozenset({"ACCUSE", "REJECT", "PROTEST", "ADOPT", "ENACT", "CONCEDE", "DISCLOSE"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
THING_PRONOUNS = frozenset({"it", "its"})


@dataclass
class Event:
    type: str
    trigger: tuple[int, int, str]
    sentence: tuple[int, int]
    arguments: dict[str, Any] = field(default_factory=dict)
    time: str | None = None
    modality: str = "asserted"
    negated: bool = False

    def as_dict(self, event_id: str) -> dict[str, Any]:
        start, end, text = self.trigger
        out: dict[str, Any] = {
            "id": event_id,
            "type": self.type,
            "trigger": {"start": start, "end": end, "text": text},
            "sentence": {"start": self.sentence[0], "end": self.sentence[1]},
            "arguments": self.arguments,
            "modality": self.modality,
            "negated": self.negated,
        }
        if self.time:
            out["time"] = self.time
        return out


@dataclass(frozen=True)
class Triggers:
    verbs: dict[str, str]
    nouns: dict[str, str]
    adjectives: dict[str, str]
    phrasal: dict[tuple[str, str], str]
    light_verbs: frozenset[str]
    reference_verbs: frozenset[str]
    needs_clause: frozenset[str]
    reporting_heads: frozenset[str]
    statement_only_with_forum: frozenset[str]
    reporting: frozenset[str]
    hypothetical: frozenset[str]
    second_person: frozenset[str]
    first_person: frozenset[str]


@cache
def triggers() -> Triggers:
    raw = lexicon.load("events")
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    phrasal: dict[tuple[str, str], str] = {}
    for kind, spec in raw.items():
        if not isinstance(spec, dict):
            continue
        for lemma in spec.get("verbs", []):
            verbs.setdefault(lemma, kind)
        for lemma in spec.get("nouns", []):
            nouns.setdefault(lemma, kind)
        for word in spec.get("adjectives", []):
            adjectives.setdefault(word, kind)
        for head, particle in spec.get("phrasal", []):
            phrasal[(head, particle)] = kind
    return Triggers(
        verbs,
        nouns,
        adjectives,
        phrasal,
        frozenset(raw["light_verbs"]),
        frozenset(raw["reference_verbs"]),
        frozenset(raw["needs_clause"]),
        frozenset(raw["reporting_heads"]),
        frozenset(raw["statement_only_with_forum"]),
        frozenset(raw["reporting_cues"]),
        frozenset(raw["hypothetical_cues"]),
        frozenset(raw["second_person"]),
        frozenset(raw["first_person"]),
    )


@dataclass(frozen=True)
class Parties:
    """The cable's correspondents as entity ids, for "you"/"we" and imperatives."""

    sender: str | None = None
    recipient: str | None = None


def _span(tokens: Iterable[Token]) -> tuple[int, int] | None:
    """Character span (in the parsed text) of a phrase, without edge punctuation and a
    leading infinitive "to"."""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and (
        toks[0].is_punct or (toks[0].dep_ in ("mark", "aux") and toks[0].lower_ in ("to", "that"))
    ):
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1])


class _Resolver:
    """Noun phrases → entity ids: names, "you"/"we" in cables, and pronouns where safe."""

    def __init__(self, index: EntityIndex, parties: Parties, al: Aligned) -> None:
        self.index, self.parties, self.al = index, parties, al
        self.t = triggers()
        self.salient: str | None = None  # the subject of the previous sentence

    def at(self, token: Token) -> str | None:
        return self.index.at(self.al.s(token.idx), self.al.e(token.idx + len(token)))

    def entity(self, token: Token | None) -> str | None:
        """The entity a noun phrase headed by ``token`` refers to."""
        if token is None:
            return None
        low = token.lower_
        if low in self.t.second_person:
            return self.parties.recipient
        if low in self.t.first_person:
            return self.parties.sender
        if low in PERSON_PRONOUNS:
            return self._antecedent(token, ("PERSON",))
        if low in THING_PRONOUNS:
            return self._antecedent(token, ("GPE", "ORG"))
        ent = self.at(token)
        if ent is not None:
            return ent
        for child in token.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod", "appos"):
                ent = self.at(child)
                if ent is not None:
                    return ent
        if token.dep_ in ("pobj", "dobj") or token.pos_ in ("NOUN", "PROPN"):
            for child in token.subtree:
                ent = self.at(child)
                if ent is not None:
                    return ent
        return None

    def _antecedent(self, token: Token, kinds: tuple[str, ...]) -> str | None:
        """The one entity of ``kinds`` mentioned in the 300 characters before a pronoun, or,
        when several are, the subject of the previous sentence if it is one of them (it
        refers back to what the text was about); otherwise none."""
        end = self.al.s(token.idx)
        found = self.index.mentioned_between(max(0, end - 300), end, kinds)
        if found and len(set(found[-2:])) == 1:
            return found[-1]
        return self.salient if self.salient in found else None


def _child(token: Token, deps: Iterable[str]) -> Token | None:
    wanted = tuple(deps)
    return next((c for c in token.children if c.dep_ in wanted), None)


def _prep_object(token: Token, preps: Iterable[str]) -> Token | None:
    wanted = set(preps)
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in wanted:
            return _child(child, ("pobj",))
    return None


def _subject(verb: Token) -> Token | None:
    """Grammatical subject, climbing through xcomp/conj chains ("decided to boycott")."""
    node = verb
    for _ in range(4):
        subj = _child(node, SUBJECTS)
        if subj is not None:
            return subj
        if node.dep_ in ("xcomp", "conj", "advcl", "acomp") and node.head is not node:
            node = node.head
            continue
        return None
    return None


def _reporting_subject(verb: Token, r: _Resolver, t: Triggers) -> str | None:
    """The agent of a verb coordinated under a reporting head the parser attached badly:
    "Iran noted the measures taken and encouraged the country to …"."""
    root = verb.sent.root
    if root is verb or root.lemma_ not in t.reporting_heads or verb.dep_ != "conj":
        return None
    return r.entity(_child(root, SUBJECTS))


def _modality(trigger: Token, sent: Span, t: Triggers) -> str:
    lowers = {tok.lower_ for tok in sent}
    ancestors = [trigger, *trigger.ancestors]
    if (
        any(
            a.lemma_ in ("say", "tell", "report", "claim", "allege") and a is not trigger
            for a in ancestors
        )
        or lowers & t.reporting
    ):
        return "reported"
    for node in ancestors[:3]:
        for child in node.children:
            if child.lower_ in t.hypothetical and child.dep_ in ("aux", "mark", "advmod"):
                return "hypothetical"
    return "asserted"


def _negated(trigger: Token) -> bool:
    return any(c.dep_ == "neg" for c in trigger.children) or any(
        c.dep_ == "neg" for c in trigger.head.children if trigger.dep_ in ("xcomp", "acomp")
    )


def _forum(sent: Span, r: _Resolver, forums: set[str]) -> str | None:
    for token in sent:
        ent = r.at(token)
        if ent is not None and ent in forums:
            return ent
    return None


def _nearest_time(
    sent: Span, trigger: Token, timexes: list[tuple[str, Timex]], al: Aligned
) -> str | None:
    lo, hi = al.s(sent.start_char), al.e(sent.end_char)
    pos = al.s(trigger.idx)
    inside = [
        (abs(t.start - pos), tid)
        for tid, t in timexes
        if lo <= t.start < hi and t.type in ("DATE", "TIME")
    ]
    return min(inside)[1] if inside else None


def find_events(
    doc: Doc,
    al: Aligned,
    index: EntityIndex,
    timexes: list[tuple[str, Timex]],
    parties: Parties,
    forums: set[str],
) -> list[Event]:
    """Events in a parsed chunk; offsets map to the document through ``al``."""
    t = triggers()
    r = _Resolver(index, parties, al)
    events: list[Event] = []
    for sent in doc.sents:
        forum = _forum(sent, r, forums)
        for token in sent:
            kind = _trigger_kind(token, t)
            if kind is None:
                continue
            if kind == "STATEMENT" and token.lemma_ in t.statement_only_with_forum and not forum:
                continue
            event = _event(token, kind, sent, r, t)
            if event is None:
                continue
            if forum and forum not in event.arguments.values():
                event.arguments["forum"] = forum
            event.time = _nearest_time(sent, token, timexes, al)
            events.append(event)
        events.extend(_imperatives(sent, r, t, forum))
        subject = _child(sent.root, SUBJECTS)
        if subject is not None and subject.pos_ != "PRON":
            r.salient = r.entity(subject) or r.salient
    return events


def _trigger_kind(token: Token, t: Triggers) -> str | None:
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        for child in token.children:
            kind = t.phrasal.get((token.lemma_, child.lower_))
            if kind is None and child.dep_ in ("dobj", "pobj", "prep"):
                kind = t.phrasal.get((token.lemma_, child.lemma_))
            if kind:
                return kind
        return t.verbs.get(token.lemma_)
    if token.pos_ == "NOUN":
        return t.nouns.get(token.lemma_)
    if token.pos_ == "ADJ" and token.dep_ == "acomp":
        return t.adjectives.get(token.lower_)
    return None


def _your(token: Token | None, r: _Resolver) -> tuple[str | None, str | None] | None:
    """(agent, recipient) when a phrase is "your X" / "our X" in a cable: "your instructions"
    are the recipient's to the sender, "our instructions" the sender's to the recipient."""
    if token is None:
        return None
    poss = _child(token, ("poss",))
    if poss is None:
        return None
    if poss.lower_ in r.t.second_person:
        return r.parties.recipient, r.parties.sender
    if poss.lower_ in r.t.first_person:
        return r.parties.sender, r.parties.recipient
    return None


def _event(token: Token, kind: str, sent: Span, r: _Resolver, t: Triggers) -> Event | None:
    args: dict[str, Any] = {}
    al = r.al
    if token.lemma_ in t.needs_clause and _child(token, ("xcomp",)) is None:
        return None  # "told us that …" informs; "told them to leave" directs
    if (
        token.pos_ != "NOUN"
        and token.tag_ == "VBN"
        and _child(token, SUBJECTS + PASSIVE_SUBJECTS) is None
        and token.dep_ in ("advcl", "acl", "amod")
    ):
        # "as instructed in your telegram": the instruction came from whoever "your" is.
        source = _your(_prep_object(token, ("in", "by")), r)
        if source is None:
            return None
        args = {k: v for k, v in (("agent", source[0]), ("recipient", source[1])) if v}
    elif token.pos_ != "NOUN":
        subj = _subject(token)
        passive_subj = _child(token, PASSIVE_SUBJECTS)
        by = _prep_object(token, ("by",))
        agent = r.entity(by) if passive_subj is not None else r.entity(subj)
        if agent is None and passive_subj is not None and passive_subj.lower_ == "you":
            agent = r.parties.sender  # "you are instructed to": the cable's sender directs
        addressed = (
            subj is None
            and passive_subj is None
            and kind in ADDRESSED
            and _imperative_kind(token, sent, t) is not None
        )
        if addressed and r.parties.sender:
            # "Please urge the authorities to act": the sender asks the recipient.
            agent = r.parties.sender
        if agent is None:
            agent = _reporting_subject(token, r, t)
        if agent:
            args["agent"] = agent
        obj = _child(token, ("dobj", "dative"))
        if addressed and r.parties.recipient:
            args["recipient"] = r.parties.recipient
        elif kind in ADDRESSED:
            clause = _child(token, ("ccomp",))
            clause_subj = _child(clause, ("nsubj",)) if clause is not None else None
            addressee = (
                (r.entity(passive_subj) if passive_subj is not None else None)
                or r.entity(obj)
                or r.entity(_prep_object(token, ("on", "upon", "to")))
                # "we suggest that you should not …": the clause's subject is addressed
                or (
                    r.entity(clause_subj)
                    if clause_subj is not None and clause_subj.lower_ in t.second_person
                    else None
                )
            )
            if addressee and addressee != agent:
                args["recipient"] = addressee
        elif kind in TARGETED:
            target = r.entity(passive_subj if passive_subj is not None else obj) or r.entity(
                _prep_object(token, ("of", "against", "at", "from", "to"))
            )
            if target and target != agent:
                args["target"] = target
        clause = _child(token, ("xcomp", "ccomp"))
        if clause is not None and (span := _span(clause.subtree)):
            args["content"] = _content(span, al)
    else:
        # Nominal trigger: "Garzon's request", "the request of the USA", "Kim issued an order",
        # "your instructions", "instructions will be sent to you".
        agent = None
        poss = _child(token, ("poss",))
        yours = _your(token, r) if kind in ADDRESSED else None
        if yours is not None:
            agent = yours[0]
            if yours[1]:
                args["recipient"] = yours[1]
        elif poss is not None:
            agent = r.entity(poss)
        governor = token.head
        if (
            kind in ADDRESSED
            and token.dep_ == "nsubjpass"
            and "recipient" not in args
            and (to := _prep_object(governor, ("to",))) is not None
            and to.lower_ in t.second_person
        ):
            agent = agent or r.parties.sender  # "instructions will be sent to you"
            if r.parties.recipient:
                args["recipient"] = r.parties.recipient
        agent = agent or r.entity(_prep_object(token, ("by",)))
        of = _prep_object(token, ("of",))
        if agent is None and kind in ADDRESSED:
            agent = r.entity(of)
            of = None
        if agent is None and token.dep_ == "dobj" and governor.lemma_ in t.light_verbs:
            agent = r.entity(_subject(governor))
        if agent:
            args["agent"] = agent
        target = r.entity(of or _prep_object(token, ("against", "on", "to")))
        if target and target != agent and kind in TARGETED | {"MEET", "APPOINT"}:
            args["target"] = target
        clause = next(
            (
                c
                for c in token.children
                if c.dep_ in ("acl", "relcl") and any(g.lower_ == "to" for g in c.children)
            ),
            None,
        )
        if clause is not None and (span := _span(clause.subtree)):
            args["content"] = _content(span, al)
        if not args:
            return None  # a bare "meeting" or "election" says nothing about who did what
    start = al.s(token.idx)
    return Event(
        kind,
        (start, al.e(token.idx + len(token)), token.text),
        (al.s(sent.start_char), al.e(sent.end_char)),
        args,
        modality=_modality(token, sent, t),
        negated=_negated(token),
    )


def _content(span: tuple[int, int], al: Aligned) -> dict[str, Any]:
    start, end = span
    return {"start": al.s(start), "end": al.e(end), "text": al.text(start, end)}


def _imperative_kind(verb: Token, sent: Span, t: Triggers) -> str | None:
    """DIRECTIVE or REQUEST when a verb addresses the cable's recipient: "please X",
    "you should X", "your functions should X", "you might X", a bare imperative."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS + PASSIVE_SUBJECTS]
    subj = subjects[0] if subjects else None
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    addressed = any(
        s.lower_ in t.second_person
        or any(c.lower_ in t.second_person for c in s.children if c.dep_ == "poss")
        for s in subjects
    )
    please = any(c.lower_ == "please" for c in verb.children) or (
        verb.dep_ == "ROOT" and "please" in [tok.lower_ for tok in sent[:4]]
    )
    if please and subj is None:
        return "REQUEST"
    if addressed and aux & {"should", "must", "will", "shall"}:
        return "DIRECTIVE"
    if addressed and aux & {"might", "could", "may"}:
        return "REQUEST"
    if (
        verb.dep_ == "ROOT"
        and subj is None
        and verb.tag_ == "VB"
        and verb.i == sent.start
        and not aux
    ):
        heading = verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].like_num  # "Cablegram 329"
        acts = any(
            c.dep_ in ("dobj", "xcomp", "ccomp", "prep", "dative", "prt") for c in verb.children
        )
        if heading or not acts or verb.lemma_ in t.reference_verbs:
            return None  # a dateline or heading, or an editor's "See Document 57"
        return "DIRECTIVE"
    return None


def _imperatives(sent: Span, r: _Resolver, t: Triggers, forum: str | None) -> list[Event]:
    """In a cable, verbs addressed to the recipient (see :func:`_imperative_kind`) are the
    sender's directives or requests to the recipient. Verbs that are triggers themselves are
    left to :func:`_event`, which gives them the same correspondents."""
    if r.parties.sender is None and r.parties.recipient is None:
        return []
    events: list[Event] = []
    al = r.al
    for verb in sent:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ not in (
            "ROOT",
            "conj",
            "ccomp",
            "parataxis",
        ):
            continue
        if _trigger_kind(verb, t) is not None:
            continue
        kind = _imperative_kind(verb, sent, t)
        if kind is None:
            continue
        args: dict[str, Any] = {}
        if r.parties.sender:
            args["agent"] = r.parties.sender
        if r.parties.recipient:
            args["recipient"] = r.parties.recipient
        span = _span(tok for tok in verb.subtree if tok.lower_ != "please")
        if span:
            args["content"] = _content(span, al)
        if forum:
            args["forum"] = forum
        events.append(
            Event(
                kind,
                (al.s(verb.idx), al.e(verb.idx + len(verb)), verb.text),
                (al.s(sent.start_char), al.e(sent.end_char)),
                args,
                modality="asserted",
                negated=_negated(verb),
            )
        )
    return events
