"""Rendering of results for the terminal and as JSON."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Iterator
from typing import Any

from cabletrail.model import Document, IngestSummary, SearchPage, StoreStats
from cabletrail.query import snippet_html, snippet_plain


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def hit_dict(hit: Any) -> dict[str, Any]:
    return {
        "id": hit.id,
        "title": hit.title,
        "date": hit.date.value if hit.date else None,
        "source": hit.source,
        "collection": hit.collection,
        "snippet": snippet_html(hit.snippet),
        "score": hit.score,
    }


def search_json(page: SearchPage) -> dict[str, Any]:
    return {"results": [hit_dict(h) for h in page.hits], "total": page.total}


def search_table(page: SearchPage, offset: int, color: bool) -> str:
    if not page.hits:
        return f"no results (total {page.total})"
    lines = [f"{page.total} result(s); showing {offset + 1}–{offset + len(page.hits)}", ""]
    open_mark, close_mark = ("\x1b[1;33m", "\x1b[0m") if color else ("«", "»")
    for hit in page.hits:
        date = hit.date.value if hit.date else "????"
        title = (hit.title or "")[:90]
        lines.append(f"{hit.id[:12]}  {date:<10}  {title}")
        lines.append(f"    {snippet_plain(hit.snippet, open_mark, close_mark)}")
        lines.append(f"    {hit.collection} · {hit.source}")
        lines.append("")
    return "\n".join(lines).rstrip()


def document_text(doc: Document) -> str:
    meta = doc.metadata
    rows = [
        ("id", doc.id),
        ("title", doc.title),
        ("date", f"{doc.date.value} (from {doc.date_source})" if doc.date else "unknown"),
        ("from", meta.get("from")),
        ("to", "; ".join(doc.recipients) or None),
        ("subject", meta.get("subject")),
        ("classification", meta.get("classification")),
        ("tags", " ".join(doc.tags) or None),
        ("collection", doc.collection),
        ("source", doc.source),
        ("format", f"{doc.format}" + (f", {doc.encoding}" if doc.encoding else "")),
        ("previous version", doc.previous_version),
        ("superseded by", doc.superseded_by),
    ]
    head = "\n".join(f"{k:>16}: {v}" for k, v in rows if v)
    return f"{head}\n{'─' * 72}\n{doc.text}"


def stats_text(stats: StoreStats) -> str:
    lines = [
        f"documents: {stats.documents}",
        f"files:     {stats.files} ({stats.bytes / 1e6:.1f} MB)",
        "by status: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.by_status.items())),
        "dates:     " + (" – ".join(stats.date_range) if stats.date_range else "none"),
        "date from: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.date_sources.items())),
        "formats:   " + ", ".join(f"{k} {v}" for k, v in stats.formats.items()),
        "collections:",
        *(f"  {v:>7}  {k}" for k, v in stats.collections.items()),
    ]
    return "\n".join(lines)


def summary_text(summary: IngestSummary) -> str:
    rate = summary.documents_added / summary.seconds if summary.seconds else 0.0
    lines = [
        f"{summary.files} file(s): {summary.ok} ok, {summary.duplicate} duplicate, "
        f"{summary.failed} failed",
        f"{summary.documents_added} document(s) added, {summary.documents_duplicate} already "
        f"stored; {summary.bytes_read / 1e6:.1f} MB in {summary.seconds:.1f} s "
        f"({rate:.0f} docs/s)",
    ]
    for failure in summary.failures[:20]:
        lines.append(f"  failed:{failure.reason}  {failure.path}")
    if len(summary.failures) > 20:
        lines.append(f"  … and {len(summary.failures) - 20} more failures")
    return "\n".join(lines)


def facts_text(record: dict[str, Any]) -> str:
    """The facts of one document, readable in a terminal."""
    doc = record["document"]
    names = {e["id"]: e["name"] for e in record["entities"]}
    times = {t["id"]: t for t in record["timexes"]}

    def name(ent_id: Any) -> str:
        return str(names.get(ent_id, "?")) if ent_id else "?"

    lines = [f"{doc['id'][:12]}  {doc.get('date') or '????'}  {doc.get('title') or ''}", ""]
    lines.append(f"ENTITIES ({len(record['entities'])})")
    for e in record["entities"]:
        also = f"  (also: {', '.join(e['aliases'][:4])})" if e["aliases"] else ""
        lines.append(f"  {e['type']:<7} {e['name']} ×{len(e['mentions'])}{also}")
    lines.append(f"DATES ({len(record['timexes'])})")
    for t in record["timexes"]:
        lines.append(f"  {t['type']:<8} {' '.join(t['text'].split())} → {t['value']}")
    lines.append(f"EVENTS ({len(record['events'])})")
    for ev in record["events"]:
        a = ev["arguments"]
        who = name(a.get("agent"))
        whom = f" → {name(a['recipient'])}" if a.get("recipient") else ""
        target = f" [target: {name(a['target'])}]" if a.get("target") else ""
        forum = f" [at: {name(a['forum'])}]" if a.get("forum") else ""
        when = f" [when: {times[ev['time']]['value']}]" if ev.get("time") in times else ""
        flags = "".join(
            [
                f" ({ev['modality']})" if ev.get("modality") != "asserted" else "",
                " (negated)" if ev.get("negated") else "",
            ]
        )
        lines.append(
            f"  {ev['type']:<10} {who}{whom}: {ev['trigger']['text']}{target}{forum}{when}{flags}"
        )
        if a.get("content"):
            lines.append(f"             “{' '.join(a['content']['text'].split())[:100]}”")
    lines.append(f"ROLES ({len(record['roles'])})")
    for r in record["roles"]:
        qual = f"{r['qualifier']} " if r.get("qualifier") else ""
        org = f" ({r['organization']})" if r.get("organization") else ""
        lines.append(f"  {name(r['person'])}: {qual}{r['title']}{org}")
    lines.append(f"QUOTES ({len(record['quotes'])})")
    for q in record["quotes"]:
        who = (
            "anonymous source"
            if q["anonymous"]
            else (name(q["speaker"]) if q.get("speaker") else q.get("speaker_text") or "?")
        )
        lines.append(f"  {who}: “{' '.join(q['text'].split())[:110]}”")
    lines.append("TOPICS")
    for t in record["topics"]:
        lines.append(f"  {t['label']} {t['score']}  ({'; '.join(t.get('why', [])[:3])})")
    return "\n".join(lines)


def _line(item: Any) -> str:
    who = item.agent or "?"
    whom = f" → {item.recipient}" if item.recipient else ""
    what = f" {item.target}" if item.target else ""
    forum = f" at {item.forum}" if item.forum else ""
    flags = (f" ({item.modality})" if item.modality != "asserted" else "") + (
        " (negated)" if item.negated else ""
    )
    return f"{item.type} {who}{whom}: {item.trigger}{what}{forum}{flags}"


def render_timeline(items: Iterable[Any], fmt: str) -> str:
    """A timeline as a table, Markdown, JSON, HTML or iCalendar."""
    return "".join(timeline_text(items, fmt))


def timeline_text(items: Iterable[Any], fmt: str) -> Iterator[str]:
    """:func:`render_timeline` in pieces, each written as soon as its events are read: table,
    Markdown and JSON stream (the first events show before the last are read); HTML and
    iCalendar are built whole."""
    import html as html_lib

    if fmt == "json":  # exactly dumps({"events": [...], "total": n}), an event at a time
        yield '{\n  "events": ['
        n = 0
        for i in items:
            yield ("," if n else "") + "\n" + textwrap.indent(dumps(i.as_dict()), "    ")
            n += 1
        yield ("\n  ]" if n else "]") + f',\n  "total": {n}\n}}'
    elif fmt == "ics":
        yield _ics(list(items))
    elif fmt == "md":
        yield "| date | event | passage | source |\n|---|---|---|---|"
        for i in items:
            date = (i.date.value if i.date else "undated") + (
                " (document date)" if i.dated_by == "document" else ""
            )
            passage = i.sentence.replace("|", "\\|")[:200]
            yield (
                f"\n| {date} | {_line(i).replace('|', '/')} | {passage} | "
                f"{(i.document_title or '').replace('|', '/')} "
                f"`{i.document_id[:12]}` {i.span[0]}–{i.span[1]} |"
            )
    elif fmt == "html":
        esc = html_lib.escape
        cells = "".join(
            f"<tr><td>{esc(i.date.value if i.date else 'undated')}"
            f"{' <small>(document date)</small>' if i.dated_by == 'document' else ''}</td>"
            f"<td>{esc(_line(i))}</td><td>{esc(i.sentence)}</td>"
            f"<td>{esc(i.document_title or '')} <code>{esc(i.document_id[:12])}</code></td></tr>"
            for i in items
        )
        yield (
            "<!doctype html><meta charset=utf-8><title>Timeline</title><table>"
            "<tr><th>date</th><th>event</th><th>passage</th><th>source</th></tr>"
            f"{cells}</table>"
        )
    else:
        n = 0
        for i in items:
            date = i.date.value if i.date else "????"
            mark = "*" if i.dated_by == "document" else " "
            yield (
                f"{date:<10}{mark} {_line(i)}\n"
                f"            “{i.sentence[:140]}” — {i.document_id[:12]}\n"
            )
            n += 1
        yield f"{n} event(s); * dated by the document, not the passage"


def _ics(items: list[Any]) -> str:
    from datetime import date, timedelta

    def esc(text: str) -> str:
        return (
            text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        )

    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//cabletrail//timeline//EN"]
    for n, i in enumerate(items):
        if i.date is None:
            continue
        start = i.date.start.replace("-", "")
        end = (date.fromisoformat(i.date.end) + timedelta(days=1)).strftime("%Y%m%d")
        out += [
            "BEGIN:VEVENT",
            f"UID:{i.document_id[:16]}-{i.span[0]}-{n}@cabletrail",
            "DTSTAMP:19700101T000000Z",
            f"DTSTART;VALUE=DATE:{start}",
            f"DTEND;VALUE=DATE:{end}",
            f"SUMMARY:{esc(_line(i))}",
            f"DESCRIPTION:{esc(i.sentence)} ({esc(i.document_id[:12])})",
            "END:VEVENT",
        ]
    out.append("END:VCALENDAR")
    return "\r\n".join(out) + "\r\n"


def profile_text(p: dict[str, Any]) -> str:
    lines = [
        f"{p['name']}  ({p['type']}, {p['id']})",
        f"seen {p['first_seen']} – {p['last_seen']} in {len(p['documents'])} document(s)",
    ]
    if p["aliases"]:
        lines.append("also: " + ", ".join(p["aliases"][:12]))
    if p["roles"]:
        lines.append("ROLES")
        for r in sorted(p["roles"], key=lambda r: str(r["date"])):
            qual = f"{r['qualifier']} " if r["qualifier"] else ""
            org = f" ({r['organization']})" if r["organization"] else ""
            lines.append(f"  {r['date']}  {qual}{r['title']}{org}")
    for label, key in (("AS AGENT", "events_as_agent"), ("AS RECIPIENT", "events_as_recipient")):
        if p[key]:
            lines.append(f"{label} ({len(p[key])})")
            for e in p[key][:10]:
                lines.append(
                    f"  {e['date'] or '????'}  {e['type']} {e['trigger']}: "
                    f"{(e['content'] or e['citation']['sentence'])[:90]}"
                )
    if p["co_occurring"]:
        lines.append(
            "WITH: " + ", ".join(f"{c['name']} ({c['documents']})" for c in p["co_occurring"])
        )
    return "\n".join(lines)
