"""The read API shared by the CLI and (later) the web workspace."""

from cabletrail.query.search import parse_query, search, snippet_html, snippet_plain

__all__ = ["parse_query", "search", "snippet_html", "snippet_plain"]
