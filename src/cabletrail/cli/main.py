"""``cabletrail`` command line."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cabletrail import __version__
from cabletrail.errors import CabletrailError, SettingError
from cabletrail.model import PartialDate, SearchRequest, parse_date
from cabletrail.settings import Settings

if TYPE_CHECKING:
    from cabletrail.store import Store

FORMATS_OUT = click.Choice(["table", "json", "jsonl"])


class _Group(click.Group):
    """Turns every :class:`CabletrailError` into a one-line message and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CabletrailError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)


def _settings(ctx: click.Context) -> Settings:
    settings: Settings = ctx.obj
    return settings


@contextmanager
def _opened(ctx: click.Context, create: bool = False) -> Iterator[Store]:
    """The store named by --store, closed (and committed) however the command ends."""
    from cabletrail.store import open_store

    store = open_store(_settings(ctx).store, create=create)
    try:
        yield store
    finally:
        store.close()


_summary_format = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Summary format.",
)
_progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar [default: on when stderr is a terminal].",
)


def _field_map(fields: tuple[str, ...]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in fields:
        name, sep, column = item.partition("=")
        if not sep or not name or not column:
            raise SettingError(f"--field {item!r} must look like NAME=COLUMN (e.g. text=body)")
        mapping[name.strip()] = column.strip()
    return mapping


def _date_option(value: str | None, name: str) -> PartialDate | None:
    if value is None:
        return None
    date = parse_date(value)
    if date is None:
        raise SettingError(f"{name} {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    return date


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store",
    envvar="CABLETRAIL_STORE",
    default=None,
    metavar="PATH",
    help="Store directory [env CABLETRAIL_STORE; default ./.cabletrail].",
)
@click.version_option(__version__, prog_name="cabletrail")
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """Turn a trove of cables, memos, reports and UN documents into a cited, searchable record.

    Everything stays on this machine: nothing is sent or downloaded.
    """
    ctx.obj = Settings.load({"store": store} if store else None)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--collection", help="Collection name [default: the folder or file name].")
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="NAME=COLUMN",
    help="Map a collection field, e.g. --field text=body --field date=created.",
)
@_summary_format
@_progress_option
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    collection: str | None,
    fields: tuple[str, ...],
    fmt: str,
    progress: bool | None,
) -> None:
    """Ingest files, folders, zips, mailboxes and JSON/JSONL/CSV collections."""
    from cabletrail.cli.output import dumps, summary_text
    from cabletrail.cli.progress import BarProgress
    from cabletrail.ingest import IngestOptions
    from cabletrail.ingest import ingest as run_ingest

    mapping = _field_map(fields)
    show_bar = sys.stderr.isatty() if progress is None else progress
    with _opened(ctx, create=True) as store:
        summary = run_ingest(
            store,
            list(paths),
            IngestOptions(collection=collection, fields=mapping, settings=_settings(ctx)),
            BarProgress() if show_bar else None,
        )
    click.echo(dumps(summary.as_dict()) if fmt == "json" else summary_text(summary))


@cli.command()
@click.argument("query", required=False)
@click.option("--from", "date_from", metavar="DATE", help="Documents dated on or after DATE.")
@click.option("--to", "date_to", metavar="DATE", help="Documents dated on or before DATE.")
@click.option("--collection", help="Only this collection.")
@click.option("--tag", help="Only documents with this cable tag (e.g. PHUM).")
@click.option("--sender", help="Sender contains this text.")
@click.option("--recipient", help="A recipient contains this text.")
@click.option("--topic", help="Only documents with this topic (run `analyze` first).")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--offset", type=int, default=0, show_default=True)
@click.option("--all-versions", is_flag=True, help="Include superseded versions.")
@click.option("--format", "fmt", type=FORMATS_OUT, default="table", show_default=True)
@click.pass_context
def search(
    ctx: click.Context,
    query: str | None,
    date_from: str | None,
    date_to: str | None,
    collection: str | None,
    tag: str | None,
    sender: str | None,
    recipient: str | None,
    topic: str | None,
    limit: int,
    offset: int,
    all_versions: bool,
    fmt: str,
) -> None:
    """Full-text search: words, "phrases", AND/OR/NOT, prefix*.

    Without QUERY, lists documents in date order.
    """
    from cabletrail.cli.output import dumps, hit_dict, search_json, search_table
    from cabletrail.query import parse_query
    from cabletrail.query import search as run_search

    request = SearchRequest(
        query=parse_query(query),
        date_from=_date_option(date_from, "--from"),
        date_to=_date_option(date_to, "--to"),
        collection=collection,
        tag=tag,
        sender=sender,
        recipient=recipient,
        topic=topic,
        limit=limit,
        offset=offset,
        all_versions=all_versions,
    )
    with _opened(ctx) as store:
        page = run_search(store, request)
    if fmt == "json":
        click.echo(dumps(search_json(page)))
    elif fmt == "jsonl":
        import json

        for hit in page.hits:
            click.echo(json.dumps(hit_dict(hit), ensure_ascii=False))
    else:
        click.echo(search_table(page, offset, color=sys.stdout.isatty()))


@cli.command()
@click.argument("doc_id")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--original", is_flag=True, help="Write the original bytes to stdout.")
@click.pass_context
def show(ctx: click.Context, doc_id: str, fmt: str, original: bool) -> None:
    """Show one document (by id or a unique id prefix)."""
    from cabletrail.cli.output import document_text, dumps

    with _opened(ctx) as store:
        doc = store.get_document(doc_id)
        data = store.read_original(doc.blob) if original else b""
    if original:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    elif fmt == "json":
        click.echo(dumps(doc.as_dict()))
    else:
        click.echo(document_text(doc))


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Counts of documents, files by status, collections and the date range."""
    from cabletrail.cli.output import dumps, stats_text

    with _opened(ctx) as store:
        result = store.stats()
    click.echo(dumps(result.as_dict()) if fmt == "json" else stats_text(result))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--date",
    "anchor",
    metavar="YYYY-MM-DD",
    help="Document date for resolving relative dates (overrides the document's).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl"]),
    default="jsonl",
    show_default=True,
    help="Output format (spec/extraction.md).",
)
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="NAME=COLUMN",
    help="Map a collection field, as for ingest.",
)
@click.pass_context
def extract(
    ctx: click.Context,
    paths: tuple[Path, ...],
    anchor: str | None,
    fmt: str,
    fields: tuple[str, ...],
) -> None:
    """Extract entities, dates, events, roles, quotes and topics from files (no store needed).

    Prints one JSON object per document; unreadable files are reported on stderr.
    """
    import json

    from cabletrail.extract import Extractor
    from cabletrail.ingest.reading import read_documents
    from cabletrail.model import Document

    settings = _settings(ctx)
    extractor = Extractor(settings.model, settings.topics or None)
    date = _date_option(anchor, "--date")
    failed = 0
    documents = read_documents(list(paths), _field_map(fields), settings)

    def readable() -> Iterator[Document]:
        nonlocal failed
        for item in documents:
            if isinstance(item, Document):
                yield item
            else:
                failed += 1
                click.echo(f"cabletrail: skipped {item.path}: failed:{item.reason}", err=True)

    for record in extractor.extract_many(readable(), date):
        click.echo(json.dumps(record, ensure_ascii=False))
    if failed:
        click.echo(f"cabletrail: {failed} file(s) could not be read", err=True)


@cli.command()
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes, each with its own copy of the pipeline.",
)
@_summary_format
@_progress_option
@click.pass_context
def analyze(ctx: click.Context, workers: int, fmt: str, progress: bool | None) -> None:
    """Extract facts from stored documents: only new, changed or stale ones."""
    from cabletrail.cli.output import dumps
    from cabletrail.cli.progress import CountProgress
    from cabletrail.extract.analyze import analyze as run_analyze

    show_bar = sys.stderr.isatty() if progress is None else progress
    with _opened(ctx) as store:
        summary = run_analyze(store, _settings(ctx), workers, CountProgress() if show_bar else None)
    if fmt == "json":
        click.echo(dumps(summary.as_dict()))
        return
    rate = summary.words / summary.seconds if summary.seconds else 0.0
    click.echo(
        f"{summary.extracted} document(s) analysed, {summary.failed} failed, "
        f"{summary.stale - summary.extracted - summary.failed} left; "
        f"{summary.words} words in {summary.seconds:.1f} s ({rate:.0f} words/s)"
    )
    for doc_id, reason in summary.failures[:20]:
        click.echo(f"  failed {doc_id[:12]}: {reason}")


@cli.command()
@click.option(
    "--status",
    type=click.Choice(["ok", "duplicate", "failed", "started"]),
    help="Only files with this final status.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def report(ctx: click.Context, status: str | None, fmt: str) -> None:
    """Every file ingest has seen, with its final status and reason."""
    from cabletrail.cli.output import dumps

    with _opened(ctx) as store:
        files = store.files(status)
    if fmt == "json":
        click.echo(dumps({"files": [f.as_dict() for f in files]}))
        return
    for f in files:
        reason = f"  {f.reason}" if f.reason else ""
        click.echo(f"{f.label.split(':')[0]:<9} {f.path}{reason}")
    click.echo(f"{len(files)} file(s)")


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--person",
    "people",
    multiple=True,
    metavar="NAME",
    help="A person to mask, with every alias the extractions give them (repeatable).",
)
@click.option("--term", "terms", multiple=True, metavar="TEXT", help="Any text to mask.")
@click.option("--emails/--no-emails", default=True, show_default=True)
@click.option("--phones/--no-phones", default=True, show_default=True)
@click.option("--passports/--no-passports", default=True, show_default=True)
@click.pass_context
def redact(
    ctx: click.Context,
    out: Path,
    people: tuple[str, ...],
    terms: tuple[str, ...],
    emails: bool,
    phones: bool,
    passports: bool,
) -> None:
    """Write a redacted publication copy of the store to OUT (a new store).

    Run `analyze` first so people are masked under every alias and in every fact.
    """
    from cabletrail.present.redact import Redactions
    from cabletrail.present.redact import redact as run_redact
    from cabletrail.store import open_store

    if out.resolve() == Path(_settings(ctx).store).resolve():
        raise SettingError(f"redact into a new store, not into {out} itself")
    with _opened(ctx) as source:
        target = open_store(out, create=True)
        try:
            summary = run_redact(
                source, target, Redactions(list(people), list(terms), emails, phones, passports)
            )
        finally:
            target.close()
    click.echo(
        f"{summary.documents} document(s) copied to {out} with {summary.masked} "
        f"character(s) masked; {summary.facts} with facts; people masked under "
        f"{len(summary.names)} name(s)"
    )


@cli.command()
@click.argument("doc_id")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def facts(ctx: click.Context, doc_id: str, fmt: str) -> None:
    """The facts extracted from one document (run `analyze` first)."""
    from cabletrail.cli.output import dumps, facts_text

    with _opened(ctx) as store:
        record = store.get_extraction(doc_id)
    if record is None:
        raise SettingError(f"document {doc_id} has no facts yet; run `cabletrail analyze`")
    click.echo(dumps(record) if fmt == "json" else facts_text(record))


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def resolve(ctx: click.Context, fmt: str) -> None:
    """Cluster the entities of every analysed document into trove-wide entities."""
    from cabletrail.cli.output import dumps
    from cabletrail.resolve import resolve as run_resolve

    with _opened(ctx) as store:
        summary = run_resolve(store)
    if fmt == "json":
        click.echo(dumps(summary.as_dict()))
        return
    click.echo(
        f"{summary.document_entities} document entities → {summary.clusters} entities "
        f"({summary.merged} joined across documents, {summary.overrides} correction(s) "
        f"applied) in {summary.seconds:.1f} s"
    )
    for name, docs in summary.largest:
        click.echo(f"  {docs:>5} documents  {name}")


class _EntityGroup(click.Group):
    """`entity NAME` shows a profile; `entity merge A B` and `entity split ID NAME` correct."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands:
            return "show", self.commands["show"], args
        return super().resolve_command(ctx, args)


@cli.group(cls=_EntityGroup)
def entity() -> None:
    """An entity across the trove: `entity NAME`, `entity merge A B`, `entity split ID NAME`."""


@entity.command("show")
@click.argument("name")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def entity_show(ctx: click.Context, name: str, fmt: str) -> None:
    """Profile: aliases, roles over time, documents, events, co-occurring entities."""
    from cabletrail.cli.output import dumps, profile_text
    from cabletrail.query.record import entity_profile

    with _opened(ctx) as store:
        profile = entity_profile(store, name)
    click.echo(dumps(profile) if fmt == "json" else profile_text(profile))


@entity.command("merge")
@click.argument("first")
@click.argument("second")
@click.pass_context
def entity_merge(ctx: click.Context, first: str, second: str) -> None:
    """Record that FIRST and SECOND are one entity (kept across re-runs of resolve)."""
    from cabletrail.query.record import resolve_entity
    from cabletrail.resolve import resolve as run_resolve

    with _opened(ctx) as store:
        a, b = resolve_entity(store, first), resolve_entity(store, second)
        store.add_entity_override("merge", a["keys"][0], b["keys"][0])
        store.commit()
        run_resolve(store)
        merged = store.find_clusters(a["name"])[0]
    click.echo(f"merged: {merged['name']} ({merged['id']}), {merged['documents']} documents")


@entity.command("split")
@click.argument("entity_id")
@click.argument("name")
@click.pass_context
def entity_split(ctx: click.Context, entity_id: str, name: str) -> None:
    """Record that the documents writing NAME are not entity ENTITY_ID (kept across re-runs)."""
    from cabletrail.query.record import resolve_entity
    from cabletrail.resolve import resolve as run_resolve

    with _opened(ctx) as store:
        cluster = resolve_entity(store, entity_id)
        names = [cluster["name"], *cluster["aliases"]]
        if name.casefold() not in {n.casefold() for n in names}:
            raise SettingError(
                f"{name!r} is not a name of {cluster['name']} ({cluster['id']}); "
                f"its names: {', '.join(names[:8])}"
            )
        store.add_entity_override("split", name, None)
        store.commit()
        run_resolve(store)
    click.echo(f"split {name!r} from {cluster['name']}")


@cli.command()
@click.argument("title")
@click.option("--org", help="The organisation or country, e.g. 'North Korea'.")
@click.option("--on", "on", required=True, metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def who(ctx: click.Context, title: str, org: str | None, on: str, fmt: str) -> None:
    """Who held a post on a date, from dated role mentions (then-, former…), best first."""
    from cabletrail.cli.output import dumps
    from cabletrail.query.record import parse_on
    from cabletrail.query.record import who as run_who

    with _opened(ctx) as store:
        holders = run_who(store, title, org, parse_on(on))
    if fmt == "json":
        click.echo(dumps({"holders": [h.as_dict() for h in holders]}))
        return
    if not holders:
        click.echo("no role mention matches")
    for h in holders[:20]:
        qual = f"{h.qualifier} " if h.qualifier else ""
        org_text = f" ({h.organization})" if h.organization else ""
        click.echo(
            f"{h.person:<28} {qual}{h.title}{org_text}  [{h.match}; {h.evidence_date}; "
            f"{h.document_id[:12]}]"
        )


@cli.command()
@click.option(
    "--entity", "entity_name", help="Events with this entity as agent, recipient or target."
)
@click.option("--topic", help="Events in documents with this topic.")
@click.option("--type", "types", help="Event types, comma-separated: DIRECTIVE,PROTEST…")
@click.option("--query", help="Events in documents matching this search.")
@click.option("--from", "date_from", metavar="DATE")
@click.option("--to", "date_to", metavar="DATE")
@click.option(
    "--limit", type=click.IntRange(min=1), help="Only this many events (a page of the timeline)."
)
@click.option(
    "--offset", type=click.IntRange(min=0), default=0, help="Skip this many events first."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "md", "json", "html", "ics"]),
    default="table",
    show_default=True,
)
@click.pass_context
def timeline(
    ctx: click.Context,
    entity_name: str | None,
    topic: str | None,
    types: str | None,
    query: str | None,
    date_from: str | None,
    date_to: str | None,
    limit: int | None,
    offset: int,
    fmt: str,
) -> None:
    """Dated events in order, each with its citation and modality."""
    from cabletrail.cli.output import render_timeline, timeline_text
    from cabletrail.query.record import TimelineRequest, timeline_items

    request = TimelineRequest(
        entity_name,
        topic,
        [t.strip().upper() for t in (types or "").split(",") if t.strip()],
        query,
        _date_option(date_from, "--from"),
        _date_option(date_to, "--to"),
        limit,
        offset,
    )
    with _opened(ctx) as store:
        items = timeline_items(store, request)  # read as they are written
        if fmt == "ics":  # CRLF line ends, as RFC 5545 wants: written as bytes
            sys.stdout.buffer.write(render_timeline(items, fmt).encode("utf-8"))
            sys.stdout.buffer.flush()
        else:
            for piece in timeline_text(items, fmt):
                click.echo(piece, nl=False)
            click.echo()


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def topics(ctx: click.Context, fmt: str) -> None:
    """Documents per topic, with their date range."""
    from cabletrail.cli.output import dumps

    with _opened(ctx) as store:
        counts = store.topic_counts()
    if fmt == "json":
        click.echo(dumps({"topics": counts}))
        return
    for row in counts:
        click.echo(f"{row['documents']:>6}  {row['topic']:<16} {row['first']} – {row['last']}")


@cli.command()
@click.option("--entity", "entity_name", help="Only what lies near this entity.")
@click.option("--depth", type=click.IntRange(1, 5), default=2, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "graphml", "gexf"]),
    default="json",
    show_default=True,
)
@click.pass_context
def graph(ctx: click.Context, entity_name: str | None, depth: int, fmt: str) -> None:
    """The network: entities; directive, request and correspondence edges with counts."""
    from cabletrail.cli.output import dumps
    from cabletrail.query.graph import gexf, graphml
    from cabletrail.query.graph import graph as run_graph

    with _opened(ctx) as store:
        data = run_graph(store, entity_name, depth)
    click.echo(
        dumps(data) if fmt == "json" else graphml(data) if fmt == "graphml" else gexf(data),
        nl=fmt == "json",
    )


@cli.command()
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["jsonl", "csv", "ftm", "plover", "graphml", "ics"]),
)
@click.pass_context
def export(ctx: click.Context, fmt: str) -> None:
    """Export the record: JSON lines, CSV, FollowTheMoney, PLOVER, GraphML or iCalendar."""
    from cabletrail.cli.output import render_timeline
    from cabletrail.present import export as exports
    from cabletrail.query.graph import graph as run_graph
    from cabletrail.query.graph import graphml
    from cabletrail.query.record import TimelineRequest, timeline

    with _opened(ctx) as store:
        items = timeline(store, TimelineRequest())
        events = [i.as_dict() for i in items]
        if fmt == "graphml":
            click.echo(graphml(run_graph(store)), nl=False)
        elif fmt == "ics":
            sys.stdout.buffer.write(render_timeline(items, "ics").encode("utf-8"))
        elif fmt == "csv":
            click.echo(exports.events_csv(events), nl=False)
        elif fmt == "plover":
            for line in exports.plover(events):
                click.echo(line)
        elif fmt == "jsonl":
            for line in exports.jsonl(store.clusters(), events):
                click.echo(line)
        else:
            documents = [
                {
                    "id": r["document_id"],
                    "title": r["title"],
                    "date": r["date"],
                    "clusters": sorted({c for c, _ in r["links"].values()}),
                }
                for r in store.extractions()
            ]
            for line in exports.ftm(store.clusters(), events, store.roles(), documents):
                click.echo(line)


@cli.command()
@click.option("--topic", help="Documents with this topic.")
@click.option("--entity", "entity_name", help="Documents mentioning this entity.")
@click.option("--from", "date_from", metavar="DATE")
@click.option("--to", "date_to", metavar="DATE")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "html", "pdf"]), default="md", show_default=True
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Write to this file (required for pdf unless stdout is redirected).",
)
@click.pass_context
def brief(
    ctx: click.Context,
    topic: str | None,
    entity_name: str | None,
    date_from: str | None,
    date_to: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """A brief to publish: scope, key actors, the timeline, what sources said — footnoted."""
    from cabletrail.present import brief as briefs
    from cabletrail.query.brief import brief_data

    with _opened(ctx) as store:
        data = brief_data(
            store,
            topic,
            entity_name,
            _date_option(date_from, "--from"),
            _date_option(date_to, "--to"),
        )
    built = briefs.build(data)
    body: bytes = (
        briefs.pdf(built)
        if fmt == "pdf"
        else (briefs.html_page(built) if fmt == "html" else briefs.markdown(built)).encode("utf-8")
    )
    if output is not None:
        output.write_bytes(body)
        click.echo(f"brief written to {output}", err=True)
    elif fmt == "pdf" and sys.stdout.isatty():
        raise SettingError("a PDF brief needs --output FILE (or redirect stdout)")
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option(
    "--team",
    is_flag=True,
    help="Team mode: sign-in with the accounts of `cabletrail user`, roles, audit log.",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Team mode: a host name the workspace is reached by (besides the loopback names).",
)
@click.pass_context
def serve(
    ctx: click.Context, host: str, port: int, team: bool, allowed_hosts: tuple[str, ...]
) -> None:
    """The web workspace: search, read, timelines, entities, graph and briefs in a browser.

    Local mode: one analyst, no login, so it binds only a loopback address. Team mode
    (--team, best over a PostgreSQL store): everyone signs in; it may bind any address."""
    import getpass

    from cabletrail.web.security import LOOPBACK

    settings = _settings(ctx)
    if not team and (host not in LOOPBACK or allowed_hosts):
        raise SettingError(
            f"--host {host}: local mode has no login, so it binds only a loopback address "
            f"({', '.join(LOOPBACK)}); use --team for a workspace others reach"
        )
    if team:
        with _opened(ctx) as store:
            if not any(u["role"] == "admin" and not u["disabled"] for u in store.users()):
                raise SettingError(
                    "team mode needs an administrator; create the first one with "
                    "`cabletrail user add NAME --admin`"
                )
    import uvicorn

    from cabletrail.web import create_app

    app = create_app(
        settings.store,
        allowed_hosts=(*LOOPBACK, *allowed_hosts),
        analyst=getpass.getuser(),
        settings=settings,
        team=team,
    )
    mode = "team" if team else "local"
    click.echo(
        f"cabletrail workspace ({mode}) on http://{host}:{port}/ (Ctrl-C stops it)", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _password(stdin: bool) -> str:
    if stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 12:
        raise SettingError("a password needs at least 12 characters")
    return password


@cli.group()
def user() -> None:
    """Accounts of the team workspace (`serve --team`): add, change, list, tokens."""


@user.command("add")
@click.argument("name")
@click.option("--admin", "role", flag_value="admin", help="May also read the audit log.")
@click.option("--writer", "role", flag_value="writer", help="May also review, save, upload.")
@click.option("--reader", "role", flag_value="reader", default=True, help="Reads (default).")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
@click.pass_context
def user_add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
    """Add an account (asks for its password). There is no default account."""
    from cabletrail.web.accounts import hash_password

    if not name.strip() or len(name) > 100:
        raise SettingError(f"user name {name!r}: 1 to 100 characters")
    password = _password(password_stdin)
    with _opened(ctx, create=True) as store:
        store.add_user(name.strip(), hash_password(password), role)
    click.echo(f"added {role} {name.strip()}")


@user.command("set")
@click.argument("name")
@click.option("--role", type=click.Choice(["reader", "writer", "admin"]))
@click.option("--disable/--enable", "disabled", default=None, help="Disabling ends sessions.")
@click.option("--password", "new_password", is_flag=True, help="Set a new password (asks).")
@click.option("--password-stdin", is_flag=True, help="Set a new password read from stdin.")
@click.pass_context
def user_set(
    ctx: click.Context,
    name: str,
    role: str | None,
    disabled: bool | None,
    new_password: bool,
    password_stdin: bool,
) -> None:
    """Change an account's role, disable or enable it, or set its password."""
    from cabletrail.web.accounts import hash_password

    hashed = hash_password(_password(password_stdin)) if new_password or password_stdin else None
    with _opened(ctx) as store:
        store.update_user(name, role=role, disabled=disabled, password_hash=hashed)
    click.echo(f"changed {name}")


@user.command("list")
@click.pass_context
def user_list(ctx: click.Context) -> None:
    """Every account with its role."""
    with _opened(ctx) as store:
        for u in store.users():
            state = " (disabled)" if u["disabled"] else ""
            grants = ", ".join(f"{c}:{g}" for c, g in store.grants(u["name"]).items())
            where = "all collections" if u["role"] == "admin" else (grants or "no collections")
            click.echo(f"{u['name']:<24} {u['role']:<7} {where}; since {u['created_at']}{state}")


@user.command("grant")
@click.argument("name")
@click.argument("collection")
@click.option("--write", is_flag=True, help="May also change it (writers and admins only).")
@click.pass_context
def user_grant(ctx: click.Context, name: str, collection: str, write: bool) -> None:
    """Let an account read (or, --write, change) a collection. Admins need no grants."""
    with _opened(ctx) as store:
        known = store.stats().collections
        if collection not in known:
            raise SettingError(
                f"no collection {collection!r} in the store; known: {', '.join(known) or 'none'}"
            )
        store.grant(name, collection, "write" if write else "read")
    click.echo(f"{name} may {'write' if write else 'read'} {collection}")


@user.command("revoke")
@click.argument("name")
@click.argument("collection")
@click.pass_context
def user_revoke(ctx: click.Context, name: str, collection: str) -> None:
    """Take away an account's grant on a collection."""
    with _opened(ctx) as store:
        store.grant(name, collection, None)
    click.echo(f"{name} no longer has {collection}")


@user.command("token")
@click.argument("name")
@click.option("--label", default="api", show_default=True, help="What the token is for.")
@click.pass_context
def user_token(ctx: click.Context, name: str, label: str) -> None:
    """Make an API token for an account (shown once; send it as `Authorization: Bearer`)."""
    from cabletrail.errors import StoreError
    from cabletrail.web.accounts import new_token

    with _opened(ctx) as store:
        if store.get_user(name) is None:
            raise StoreError(f"no user {name!r}; add one with `cabletrail user add {name}`")
        token, hashed = new_token()
        store.add_token(hashed, name, label)
    click.echo(token)


@cli.command()
@click.option("--user", "user_name", help="Only what this user did.")
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=100, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def audit(ctx: click.Context, user_name: str | None, limit: int, fmt: str) -> None:
    """The team workspace's audit log: sign-ins, views, searches, exports and changes."""
    from cabletrail.cli.output import dumps

    with _opened(ctx) as store:
        entries = store.audit(user_name, limit)
    if fmt == "json":
        click.echo(dumps({"entries": entries}))
        return
    for e in entries:
        click.echo(f"{e['at']}  {e['user'] or '-':<16} {e['status']}  {e['action']}  {e['target']}")


def main() -> None:
    cli(prog_name="cabletrail")
