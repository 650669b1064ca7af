"""A publication copy of a store with chosen people and identifiers masked.

Every character of a redacted stretch becomes ``█``, so the copy's texts keep their length and
every span of every fact still points at the same (now masked) passage. People are given by
name and expand to every alias any document's extraction groups with them (and to spacing,
hyphen and case variants: ``Kim Jong-un`` = ``KIM JONG UN``); e-mail addresses, phone numbers
and passport-style numbers are found by pattern. The copy holds only redacted texts, facts,
metadata and "originals" (the redacted text), so everything read from it — search snippets,
documents, facts, and the exports and briefs built on it — is redacted too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cabletrail.errors import SettingError
from cabletrail.model import Document, FileOutcome, FileStatus, sha256_hex
from cabletrail.store import Store

MASK = "█"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){2,4}(?![\w-])"
)
PASSPORT = re.compile(r"(?<![\w-])[A-Z]{1,2}\d{6,9}(?![\w-])")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Redactions:
    people: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    emails: bool = True
    phones: bool = True
    passports: bool = True


@dataclass
class RedactSummary:
    documents: int = 0
    facts: int = 0
    masked: int = 0  # characters
    names: list[str] = field(default_factory=list)


def _flexible(name: str) -> re.Pattern[str] | None:
    """A pattern for a name in any spacing, hyphenation or case: Kim Jong-un, KIM JONG UN."""
    folded = unicodedata.normalize("NFKC", name)
    parts = [p for p in re.split(r"[\s\-‐‑.]+", folded) if p]
    if not parts:
        return None
    body = r"[\s\-‐‑.]*".join(re.escape(p) for p in parts)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", re.I)


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", name).casefold())


def expand_people(store: Store, people: Iterable[str], ids: list[str]) -> list[str]:
    """Every name and alias the extractions group with the given people."""
    wanted = {_key(p) for p in people}
    names = set(people)
    for doc_id in ids:
        record = store.get_extraction(doc_id)
        for entity in (record or {}).get("entities", []):
            variants = [entity["name"], *entity.get("aliases", [])]
            if entity.get("type") == "PERSON" and wanted & {_key(v) for v in variants}:
                names.update(variants)
    return sorted(names, key=len, reverse=True)


def _pieces(name: str) -> list[str]:
    """The name and every run of two or more of its words ("Kim Jong" of "Kim Jong Un"), so
    a name cut short by the model or the writer is masked too."""
    words = [w for w in re.split(r"[\s\-‐‑]+", name) if w]
    runs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1)}
    return [name, *sorted(runs - {name}, key=len, reverse=True)]


class _Masker:
    def __init__(self, names: list[str], redactions: Redactions) -> None:
        wanted = [piece for n in names for piece in _pieces(n)] + list(redactions.terms)
        self.patterns = [p for n in wanted if (p := _flexible(n))]
        ends = {
            w
            for n in names
            if len(words := re.split(r"[\s\-‐‑]+", n)) > 1
            for w in (words[0], words[-1])
            if len(w) >= 3 and w[:1].isupper()
        }
        self.short_forms = [p for w in sorted(ends) if (p := _flexible(w))]
        self.redactions = redactions

    def spans(self, text: str) -> list[tuple[int, int]]:
        found = [(m.start(), m.end()) for p in self.patterns for m in p.finditer(text)]
        if found:
            # Where a person's name appears, their family or given name alone ("Kim said")
            # is them too, linked by the model or not.
            found += [(m.start(), m.end()) for p in self.short_forms for m in p.finditer(text)]
        r = self.redactions
        if r.emails:
            found += [(m.start(), m.end()) for m in EMAIL.finditer(text)]
        if r.phones:
            found += [
                (m.start(), m.end())
                for m in PHONE.finditer(text)
                if sum(c.isdigit() for c in m[0]) >= 9 and not _ISO_DATE.match(m[0])
            ]
        if r.passports:
            found += [(m.start(), m.end()) for m in PASSPORT.finditer(text)]
        return found

    def mask(self, text: str, extra: Iterable[tuple[int, int]] = ()) -> tuple[str, int]:
        chars = list(text)
        count = 0
        for start, end in [*self.spans(text), *extra]:
            for i in range(max(0, start), min(len(chars), end)):
                if not chars[i].isspace() and chars[i] != MASK:
                    chars[i] = MASK
                    count += 1
        return "".join(chars), count

    def value(self, value: Any) -> Any:
        """Mask every string inside a JSON-like value."""
        if isinstance(value, str):
            return self.mask(value)[0]
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value


def _record(
    record: dict[str, Any], masked_text: str, masker: _Masker, doc: dict[str, Any]
) -> dict[str, Any]:
    """The extraction record with every span's text taken from the masked text and every
    other string masked."""

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            out = {k: walk(v) for k, v in value.items()}
            if (
                isinstance(value.get("start"), int)
                and isinstance(value.get("end"), int)
                and "text" in value
            ):
                out["text"] = masked_text[value["start"] : value["end"]]
            return out
        if isinstance(value, list):
            return [walk(v) for v in value]
        return masker.value(value)

    out = walk({k: v for k, v in record.items() if k != "document"})
    out["document"] = doc
    return dict(out)


def redact(source: Store, target: Store, redactions: Redactions) -> RedactSummary:
    """Copy every current document of ``source`` into ``target``, redacted."""
    if target.stats().documents:
        raise SettingError(f"{target.location} already holds documents; redact into a new store")
    ids = source.document_ids()
    names = expand_people(source, redactions.people, ids)
    masker = _Masker(names, redactions)
    summary = RedactSummary(names=names)
    person_keys = {_key(n) for n in names}
    for doc_id in ids:
        doc = source.get_document(doc_id)
        record = source.get_extraction(doc_id)
        extra: list[tuple[int, int]] = []
        for entity in (record or {}).get("entities", []):
            if {_key(entity["name"]), *(_key(a) for a in entity.get("aliases", []))} & person_keys:
                extra += [(m["start"], m["end"]) for m in entity.get("mentions", [])]
        text, count = masker.mask(doc.text, extra)
        data = text.encode("utf-8")
        new_id = sha256_hex(data)
        blob = target.put_original(data)
        public = Document(
            id=new_id,
            source=f"redacted/{new_id[:16]}",
            collection=masker.value(doc.collection),
            format=doc.format,
            text=text,
            blob=blob,
            title=masker.value(doc.title),
            date=doc.date,
            date_source=doc.date_source,
            encoding="utf-8",
            metadata=masker.value(doc.metadata),
        )
        target.add_document(public, None)
        target.finish_file(
            FileOutcome(
                public.source, FileStatus.OK, "redacted copy", 1, sha256=blob, format=doc.format
            ),
            len(data),
        )
        if record is not None:
            head = {
                **record["document"],
                "id": new_id,
                "source": public.source,
                "title": public.title,
                "text": text,
                "metadata": public.metadata,
            }
            target.save_extraction(_record(record, text, masker, head))
            summary.facts += 1
        summary.documents += 1
        summary.masked += count
    target.commit()
    return summary
