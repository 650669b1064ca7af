"""SemEval-2015 Task 4 (TimeLine, cross-document event ordering), Track A: build the timeline
of each target entity from the raw documents and score it against the gold timelines.

    .venv/bin/python scripts/eval_timeline.py              # all three corpora, micro-averaged
    .venv/bin/python scripts/eval_timeline.py --unreduced  # every relation counted (earlier)

What runs is cabletrail's own parse (the configured spaCy model with cabletrail's pipeline)
and its time-expression normaliser anchored on each document's creation date. cabletrail's
event typology is diplomatic (directives, requests, protests…), not the task's "every event the
entity takes part in", so this harness takes as events the verbs whose subject or object is a
mention of the target entity; the figure measures that adapter plus cabletrail's timexes and
date ordering, not the product's event rules.

Scoring follows the method of the task (Minard et al., SemEval 2015), the temporal awareness
of TempEval-3 (UzZaman & Allen 2011; UzZaman et al. 2013): each timeline becomes a graph of
temporal relations — every event SIMULTANEOUS with its time anchor, events at the same position
SIMULTANEOUS with each other, events at one position BEFORE those at the next — which is then
*reduced*: relations already implied by those kept before them are dropped, as TempEval-3's
timegraph drops them. Precision = |reduced(system) ∩ closure(gold)| / |reduced(system)|, recall
= |reduced(gold) ∩ closure(system)| / |reduced(gold)|, counts summed over all timelines (micro).
The official tool is not in ../shared; this is a reimplementation of that method. Where the
tool's reduction keeps a different one of several equivalent relations (it works on interval
end points, in its input order), single counts may differ; `--unreduced` gives the earlier
figure, every relation counted.
"""

from __future__ import annotations

import functools
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations, pairwise
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Token

ROOT = Path(__file__).resolve().parent.parent
TASK = ROOT.parent / "shared" / "corpus" / "semeval2015-task4-timeline"

Relation = tuple[str, str, str]  # (a, BEFORE|SIMULTANEOUS, b); SIMULTANEOUS with a < b
Timeline = list[tuple[int, str, list[str]]]  # (position, date, event ids)

GENERIC = {"airlines", "airline", "force", "company", "corporation", "group"}


# ── the scorer ──────────────────────────────────────────────────────────────────────────────


def relations(timeline: Timeline, anchors_first: bool = True) -> list[Relation]:
    """The explicit graph of a timeline, in order: anchors and same-position links (anchors
    first unless ``anchors_first`` is false), then next-position links, each group sorted; no
    relation twice. The order decides which of several equivalent relations :func:`reduce`
    keeps."""
    anchors: set[Relation] = set()
    positions: dict[int, list[str]] = defaultdict(list)
    for position, date, events in timeline:
        for event in events:
            if not date.startswith("XXXX"):
                anchors.add(_sim(event, "T:" + date))
            if position > 0:
                positions[position].append(event)
    same: set[Relation] = set()
    for events in positions.values():
        same |= {_sim(a, b) for a, b in combinations(sorted(set(events)), 2)}
    before: list[Relation] = []
    for earlier, later in pairwise(sorted(positions)):
        before += sorted({(a, "BEFORE", b) for a in positions[earlier] for b in positions[later]})
    sims = sorted(anchors) + sorted(same) if anchors_first else sorted(same) + sorted(anchors)
    return sims + list(dict.fromkeys(before))


def reduce(graph: list[Relation]) -> list[Relation]:
    """The relations not implied by those kept before them: a SIMULTANEOUS link inside a class
    already joined, a BEFORE between classes already ordered, are dropped. A relation that
    contradicts what is kept (BEFORE inside one class or against the order) is kept, as
    TempEval-3 keeps its violated relations."""
    parent: dict[str, str] = {}
    find = functools.partial(_find, parent)

    kept: list[Relation] = []
    after: dict[str, set[str]] = defaultdict(set)

    def reaches(a: str, b: str) -> bool:
        seen, todo = {a}, [a]
        while todo:
            for d in after[todo.pop()]:
                if d == b:
                    return True
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        return False

    for a, rel, b in graph:
        ca, cb = find(a), find(b)
        if rel == "SIMULTANEOUS":
            if after:  # classes must be whole before they are ordered
                raise ValueError("SIMULTANEOUS relations must come before BEFORE relations")
            if ca != cb:
                parent[ca] = cb
                kept.append((a, rel, b))
        elif not reaches(ca, cb):
            after[ca].add(cb)
            kept.append((a, rel, b))
    return kept


def _find(parent: dict[str, str], x: str) -> str:
    """The representative of ``x``'s SIMULTANEOUS class (union-find, paths halved)."""
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _sim(a: str, b: str) -> Relation:
    return (a, "SIMULTANEOUS", b) if a < b else (b, "SIMULTANEOUS", a)


def closure(graph: set[Relation]) -> set[Relation]:
    """Every relation the graph implies: SIMULTANEOUS classes, BEFORE between classes and
    transitively."""
    parent: dict[str, str] = {}
    find = functools.partial(_find, parent)

    for a, rel, b in graph:
        find(a), find(b)
        if rel == "SIMULTANEOUS":
            parent[find(a)] = find(b)
    members: dict[str, list[str]] = defaultdict(list)
    for node in parent:
        members[find(node)].append(node)
    after: dict[str, set[str]] = defaultdict(set)
    for a, rel, b in graph:
        if rel == "BEFORE":
            after[find(a)].add(find(b))
    reach: dict[str, set[str]] = {}

    def later(c: str) -> set[str]:
        if c not in reach:
            reach[c] = set()
            for d in after[c]:
                reach[c] |= {d, *later(d)}
        return reach[c]

    out: set[Relation] = set()
    for c, nodes in members.items():
        out |= {_sim(a, b) for a, b in combinations(sorted(nodes), 2)}
        for d in later(c):
            out |= {(a, "BEFORE", b) for a in nodes for b in members[d]}
    return out


@dataclass
class Counts:
    system: int = 0
    system_right: int = 0
    gold: int = 0
    gold_found: int = 0

    def add(
        self, gold: Timeline, system: Timeline, reduced: bool = True, anchors_first: bool = True
    ) -> None:
        g, s = relations(gold, anchors_first), relations(system, anchors_first)
        implied_by_gold, implied_by_system = closure(set(g)), closure(set(s))
        if reduced:
            g, s = reduce(g), reduce(s)
        self.system += len(s)
        self.system_right += sum(r in implied_by_gold for r in s)
        self.gold += len(g)
        self.gold_found += sum(r in implied_by_system for r in g)

    def merge(self, other: Counts) -> None:
        self.system += other.system
        self.system_right += other.system_right
        self.gold += other.gold
        self.gold_found += other.gold_found

    def prf(self) -> tuple[float, float, float]:
        p = self.system_right / self.system if self.system else 0.0
        r = self.gold_found / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def read_timeline(path: Path) -> Timeline:
    rows: Timeline = []
    for line in path.read_text("utf-8").splitlines()[1:]:
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 3:
            rows.append((int(parts[0]), parts[1], parts[2:]))
    return rows


# ── the system ──────────────────────────────────────────────────────────────────────────────


def aliases(name: str) -> list[list[str]]:
    """Token sequences that name the entity: the full name, the name without its first word
    ("A380", "787 Dreamliner", "Gallois") and its last word unless that is a generic noun
    ("Airlines") — never a bare number."""
    words = name.split()
    found = [words]
    if len(words) > 1:
        found.append(words[1:])
        if words[-1].lower() not in GENERIC:
            found.append(words[-1:])
    return [a for a in found if re.search(r"[A-Za-z]", " ".join(a))]  # never a bare "40"


def _date(value: str | None) -> str | None:
    if value is None:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if m is None:
        return None
    return f"{m[1]}-{m[2] or 'XX'}-{m[3] or 'XX'}"


def build(corpus: Path, nlp: Language) -> dict[str, Timeline]:
    from cabletrail.extract.timex import find_timexes
    from cabletrail.model import parse_date

    targets = [
        line.strip()
        for line in next(corpus.glob("list_target_entities*.txt")).read_text().splitlines()
        if line.strip()
    ]
    events: dict[str, dict[str, str]] = {t: {} for t in targets}  # event id → date
    docs = []
    for path in sorted((corpus / "corpus_trackA_TimeML").glob("*.tml")):
        root = ET.parse(path).getroot()
        docid = (root.findtext("DOCID") or path.stem.split("_")[0]).strip()
        dct_node = root.find("DCT/TIMEX3")
        dct = dct_node.get("value", "") if dct_node is not None else ""
        sentences = [(s.get("id", ""), (s.text or "").split()) for s in root.iter("s")]
        docs.append((docid, dct, sentences))
    texts = ["\n".join(" ".join(words) for _, words in sents) for _, _, sents in docs]
    for (docid, dct, sentences), doc in zip(docs, nlp.pipe(texts), strict=True):
        timexes = [t for t in find_timexes(doc.text, parse_date(dct[:10])) if _date(t.value)]
        offset = 0
        for sid, words in sentences:
            start, end = offset, offset + len(" ".join(words))
            offset = end + 1
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            anchor = next((_date(t.value) for t in timexes if start <= t.start < end), None)
            lowered = [t.text for t in span]
            for target in targets:
                for alias in aliases(target):
                    n = len(alias)
                    for i in range(len(lowered) - n + 1):
                        if lowered[i : i + n] != alias:
                            continue
                        verb = _governing_verb(span[i + n - 1])
                        if verb is None:
                            continue
                        date = anchor or (_date(dct[:10]) if verb.tag_ == "VBD" else None)
                        events[target][f"{docid}-{sid}-{verb.text}"] = date or "XXXX-XX-XX"
    timelines: dict[str, Timeline] = {}
    for target, dated in events.items():
        known = sorted({d for d in dated.values() if not d.startswith("XXXX")})
        rank = {d: i + 1 for i, d in enumerate(known)}
        grouped: dict[tuple[int, str], list[str]] = defaultdict(list)
        for event, d in dated.items():
            grouped[(rank.get(d, 0), d)].append(event)
        timelines[target] = [(p, d, evs) for (p, d), evs in sorted(grouped.items())]
    return timelines


def _governing_verb(token: Token) -> Token | None:
    """The verb the mention is an argument of: subject, object, or object of a preposition
    attached to it; None when the mention sits deeper (inside another noun phrase)."""
    head = token
    while head.dep_ in ("compound", "amod", "nummod", "poss", "appos", "flat"):
        head = head.head
    if head.dep_ == "pobj":
        head = head.head
    if head.dep_ not in (
        "nsubj",
        "nsubjpass",
        "dobj",
        "dative",
        "prep",
        "agent",
        "attr",
    ):
        return None
    verb = head.head
    return verb if verb.pos_ == "VERB" else None


def _file_name(target: str) -> str:
    return target.lower().replace(" ", "_") + ".txt"


def main() -> int:
    if not TASK.is_dir():
        print(f"no SemEval-2015 Task 4 data at {TASK}", file=sys.stderr)
        return 1
    from cabletrail.extract.pipeline import Extractor
    from cabletrail.settings import Settings

    reduced = "--unreduced" not in sys.argv[1:]
    nlp = Extractor(Settings.load().model).nlp
    total, other = Counts(), Counts()
    print("corpus     timelines   P      R      F1")
    for corpus in sorted(TASK.glob("corpus_*")):
        counts = Counts()
        system = build(corpus, nlp)
        gold_dir = corpus / "TimeLines_Gold_Standard"
        for target, timeline in system.items():
            gold_path = gold_dir / _file_name(target)
            if not gold_path.exists():
                print(f"no gold timeline for {target!r} at {gold_path}", file=sys.stderr)
                return 1
            gold = read_timeline(gold_path)
            counts.add(gold, timeline, reduced)
            other.add(gold, timeline, reduced, anchors_first=False)
        total.merge(counts)  # micro-average: the counts of every timeline summed
        p, r, f = counts.prf()
        print(f"{corpus.name:10} {len(system):9}   {p:.3f}  {r:.3f}  {f:.3f}")
    p, r, f = total.prf()
    print(f"{'all (micro)':10}             {p:.3f}  {r:.3f}  {f:.3f}   F1 ×100 = {100 * f:.2f}")
    if reduced:
        p, r, f = other.prf()
        print(
            f"{'  same-position links kept before anchors':40} {p:.3f}  {r:.3f}  {f:.3f}   "
            f"F1 ×100 = {100 * f:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
