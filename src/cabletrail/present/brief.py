"""A brief an analyst can publish, from :func:`cabletrail.query.brief.brief_data`: scope,
key actors with their roles at the time, the directives and responses in order, what sources
said with attribution and anonymity — every statement footnoted to its document and passage.

Markdown, HTML (escaped, no script) and PDF (fpdf2 with DejaVu Sans, which `make` installs).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cabletrail.errors import SettingError

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
VERBS = {
    "DIRECTIVE": "directed",
    "REQUEST": "asked",
    "PROTEST": "protested",
    "REJECT": "rejected",
    "ACCUSE": "accused",
    "ADOPT": "adopted",
    "CONCEDE": "conceded",
    "DEFECT": "defected",
    "CAMPAIGN": "campaigned",
    "DISCLOSE": "disclosed",
}


@dataclass
class Brief:
    title: str
    summary: str
    sections: list[tuple[str, list[tuple[str, int | None]]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # the passage each note cites: (document id, start, end), parallel to ``notes``
    cited: list[tuple[str, int, int]] = field(default_factory=list)

    def note(self, text: str, passage: tuple[str, int, int]) -> int:
        self.notes.append(text)
        self.cited.append(passage)
        return len(self.notes)


def _clean(text: str | None, limit: int = 220) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build(data: dict[str, Any]) -> Brief:
    scope = data.get("topic") or data.get("entity") or "the trove"
    span = ""
    if data.get("from") or data.get("to"):
        span = f" ({data.get('from') or '…'} – {data.get('to') or '…'})"
    period = data.get("period")
    summary = (
        f"{data['documents']} document(s)"
        + (f", dated {period[0]} to {period[1]}" if period else "")
        + f"; {data['events_total']} event(s) of interest and {data['quotes_total']} "
        "reported statement(s). Counts are over the documents in scope; each statement "
        "below cites its passage."
    )
    brief = Brief(f"Brief: {scope}{span}", summary)
    notes: dict[tuple[str, int, int], int] = {}

    def cite(
        doc: str, title: str | None, date: str | None, start: int, end: int, passage: str
    ) -> int:
        key = (doc, start, end)
        if key not in notes:
            notes[key] = brief.note(
                f"{_clean(title, 90)}, {date or 'undated'}, document "
                f"{doc[:12]}, characters {start}–{end}: “{_clean(passage)}”",
                (doc, start, end),
            )
        return notes[key]

    actors: list[tuple[str, int | None]] = []
    for a in data["actors"]:
        roles = "; ".join(
            " ".join(p for p in (q, t, f"({o})" if o else "", f"[{d}]") if p)
            for q, t, o, d in a["roles"]
        )
        actors.append(
            (
                f"**{a['name']}** — {a['events']} event(s)"
                + (f"; roles: {roles}" if roles else "")
                + ".",
                None,
            )
        )
    if actors:
        brief.sections.append(("Key actors", actors))

    events: list[tuple[str, int | None]] = []
    for e in data["events"]:
        c = e["citation"]
        verb = VERBS.get(e["type"], e["type"].lower())
        who = e["agent"] or "Someone"
        whom = f" {e['recipient']}" if e["recipient"] else ""
        what = f": “{_clean(e['content'], 160)}”" if e["content"] else f" ({e['trigger']})"
        mode = {"reported": " (reported)", "hypothetical": " (hypothetical)"}.get(e["modality"], "")
        neg = " (negated)" if e["negated"] else ""
        date = e["date"] or "undated"
        if e["dated_by"] == "document":
            date += " (document date)"
        events.append(
            (
                f"**{date}** — {who} {verb}{whom}{what}{mode}{neg}.",
                cite(c["document"], c["title"], c["date"], c["start"], c["end"], c["sentence"]),
            )
        )
    if events:
        brief.sections.append(("Timeline of directives and responses", events))

    quotes: list[tuple[str, int | None]] = []
    for q in data["quotes"]:
        who = "An anonymous source" if q["anonymous"] else (q["speaker"] or "A source")
        quotes.append(
            (
                f"{who} {q['cue'] or 'said'}: “{_clean(q['text'], 200)}”",
                cite(q["document_id"], q["title"], q["date"], q["start"], q["end"], q["text"]),
            )
        )
    if quotes:
        brief.sections.append(("What sources said", quotes))
    return brief


def markdown(brief: Brief) -> str:
    out = [f"# {brief.title}", "", brief.summary, ""]
    for heading, items in brief.sections:
        out += [f"## {heading}", ""]
        out += [f"- {text}" + (f"[^{n}]" if n else "") for text, n in items]
        out.append("")
    if brief.notes:
        out += ["## Sources", ""]
        out += [f"[^{i}]: {note}" for i, note in enumerate(brief.notes, 1)]
    return "\n".join(out) + "\n"


def html_page(brief: Brief) -> str:
    esc = html.escape

    def inline(text: str) -> str:
        parts = esc(text).split("**")
        return "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts))

    body = [f"<h1>{esc(brief.title)}</h1>", f"<p>{esc(brief.summary)}</p>"]
    for heading, items in brief.sections:
        body.append(f"<h2>{esc(heading)}</h2><ul>")
        body += [
            f"<li>{inline(text)}" + (f'<sup><a href="#n{n}">{n}</a></sup>' if n else "") + "</li>"
            for text, n in items
        ]
        body.append("</ul>")
    if brief.notes:
        body.append("<h2>Sources</h2><ol>")
        body += [f'<li id="n{i}">{esc(note)}</li>' for i, note in enumerate(brief.notes, 1)]
        body.append("</ol>")
    return (
        '<!doctype html><html lang="en"><meta charset="utf-8">'
        f"<title>{esc(brief.title)}</title><body>{''.join(body)}</body></html>\n"
    )


def _font() -> Path:
    for folder in FONT_DIRS:
        if (folder / "DejaVuSans.ttf").exists():
            return folder
    raise SettingError(
        "PDF briefs need the DejaVu Sans font (Debian package fonts-dejavu-core;"
        " `make setup` installs it)"
    )


def pdf(brief: Brief) -> bytes:
    from fpdf import FPDF

    folder = _font()
    doc = FPDF(format="A4")
    doc.set_auto_page_break(True, margin=15)
    doc.add_font("DejaVu", "", str(folder / "DejaVuSans.ttf"))
    doc.add_font("DejaVu", "B", str(folder / "DejaVuSans-Bold.ttf"))
    doc.set_title(brief.title)
    doc.add_page()
    width = doc.epw

    def para(text: str, size: float = 10, style: str = "", gap: float = 1.5) -> None:
        doc.set_font("DejaVu", style, size)
        doc.multi_cell(width, size * 0.5, text.replace("**", ""), new_x="LMARGIN", new_y="NEXT")
        doc.ln(gap)

    para(brief.title, 16, "B", 3)
    para(brief.summary)
    for heading, items in brief.sections:
        para(heading, 13, "B", 2)
        for text, n in items:
            para(f"• {text}" + (f" [{n}]" if n else ""))
    if brief.notes:
        para("Sources", 13, "B", 2)
        for i, note in enumerate(brief.notes, 1):
            para(f"[{i}] {note}", 8, "", 1)
    return bytes(doc.output())
