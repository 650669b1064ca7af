"""Rendering of results for the terminal and as JSON."""

from __future__ import annotations

import json
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


def document_dict(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "title": doc.title,
        "date": doc.date.value if doc.date else None,
        "date_source": str(doc.date_source),
        "source": doc.source,
        "collection": doc.collection,
        "format": doc.format,
        "encoding": doc.encoding,
        "record": doc.record,
        "original_sha256": doc.blob,
        "previous_version": doc.previous_version,
        "superseded_by": doc.superseded_by,
        "ingested_at": doc.ingested_at,
        "metadata": doc.metadata,
        "text": doc.text,
    }


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
