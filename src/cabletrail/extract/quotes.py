"""Quotes: reported speech with its speaker — direct (in quotation marks) or indirect ("X
said that …"). Anonymous sources are marked; a quoted term or name (calling it a "vicious
plot") is not a quote: a direct quote needs a clause (a verb) or four words or more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from cabletrail.extract.align import Aligned
from cabletrail.extract.entities import EntityIndex

SPEECH = frozenset(
    {
        "agree",
        "respond",
        "say",
        "tell",
        "state",
        "declare",
        "add",
        "note",
        "stress",
        "claim",
        "insist",
        "assert",
        "argue",
        "warn",
        "explain",
        "remark",
        "reply",
        "confirm",
        "deny",
        "announce",
        "report",
        "acknowledge",
        "admit",
        "emphasise",
        "emphasize",
        "reiterate",
        "complain",
        "suggest",
        "indicate",
        "observe",
        "comment",
        "express",
        "affirm",
        "maintain",
        "allege",
    }
)
ANONYMOUS = re.compile(
    r"\b(?:official|officials|source|sources|diplomat|diplomats|contact|interlocutor|observer|"
    r"person|insider|aide|member|representative|spokesman|spokesperson)\b",
    re.I,
)
REDACTED = re.compile(r"X{4,}")
_MARKER = re.compile(r"^\((?:[A-Z]{1,4}(?:/[A-Z]{1,4})?)\)\s*")  # "(C) ", "(S/NF) "
OPINION_NOUNS = frozenset({"view", "opinion", "concern", "belief", "position", "hope", "fear"})
ANONYMITY = re.compile(
    r"\b(?:condition of anonymity|declined to be (?:named|identified)|"
    r"asked not to be (?:named|identified)|(?:un)?named source|requested "
    r"anonymity|protect (?:his|her|their) identity)\b",
    re.I,
)
_DIRECT = re.compile(r"[\"“]([^\"“”\n]{3,}?)[\"”]")


@dataclass
class Quote:
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_text: str | None
    anonymous: bool
    cue: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker,
            "speaker_text": self.speaker_text,
            "anonymous": self.anonymous,
            "cue": self.cue,
        }


def _speaker(verb: Token, index: EntityIndex, al: Aligned) -> tuple[str | None, str | None]:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        subj = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
    if subj is None:
        return None, None
    toks = sorted(subj.subtree, key=lambda t: t.i)
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    words = _MARKER.sub("", al.text(start, end))
    head = index.at(al.s(subj.idx), al.e(subj.idx + len(subj)))
    if head is None and subj.lower_ in ("he", "she"):
        before = index.mentioned_between(max(0, al.s(subj.idx) - 300), al.s(subj.idx), ("PERSON",))
        head = before[-1] if before and len(set(before[-2:])) == 1 else None
    return head or index.at(al.s(start), al.e(end)), words


def _is_clause(span: Span) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in span) or len(span) >= 4


def find_quotes(doc: Doc, al: Aligned, index: EntityIndex) -> list[Quote]:
    quotes: list[Quote] = []
    taken: list[tuple[int, int]] = []
    for sent in doc.sents:
        verbs = [t for t in sent if t.lemma_ in SPEECH and t.pos_ in ("VERB", "AUX")]
        anonymity = bool(ANONYMITY.search(sent.text))
        # Direct speech.
        for m in _DIRECT.finditer(sent.text):
            start, end = sent.start_char + m.start(1), sent.start_char + m.end(1)
            inner = doc.char_span(start, end, alignment_mode="expand")
            if inner is None or not _is_clause(inner) or not verbs:
                continue
            verb = min(verbs, key=lambda v: abs(v.idx - start))
            ent, words = _speaker(verb, index, al)
            quotes.append(_quote(start, end, al, ent, words, anonymity, verb))
            taken.append((start, end))
        # Indirect speech: "X said (that) …".
        for verb in verbs:
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            if clause is None:  # "expressed its view that …"
                noun = next(
                    (c for c in verb.children if c.dep_ == "dobj" and c.lemma_ in OPINION_NOUNS),
                    None,
                )
                clause = (
                    next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl")), None)
                    if noun is not None
                    else None
                )
            if clause is None:
                continue
            toks = sorted(clause.subtree, key=lambda t: t.i)
            toks = [t for t in toks if not (t.dep_ == "mark" and t.lower_ == "that")]
            while toks and toks[-1].is_punct:
                toks.pop()
            if len(toks) < 3:
                continue
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
            if any(s < end and start < e for s, e in taken):
                continue
            ent, words = _speaker(verb, index, al)
            if words is None:
                continue
            quotes.append(_quote(start, end, al, ent, words, anonymity, verb))
            taken.append((start, end))
    return quotes


def _quote(
    start: int,
    end: int,
    al: Aligned,
    ent: str | None,
    words: str | None,
    anonymity: bool,
    verb: Token,
) -> Quote:
    redacted = words is not None and bool(REDACTED.search(words))
    anonymous = (
        anonymity
        or redacted
        or (
            ent is None
            and words is not None
            and bool(ANONYMOUS.search(words))
            and not words.lower().startswith(("i ", "we "))
        )
    )
    return Quote(al.s(start), al.e(end), al.text(start, end), ent, words, anonymous, verb.text)
