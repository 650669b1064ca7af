"""One module per format. Each exposes ``NAME``, ``EXTENSIONS``, ``sniff(head, ext) -> int``
(a score: 0 for no, higher for surer) and ``parse(data, ctx) -> ParseResult``; archives expose
``members`` instead of ``parse``. :mod:`cabletrail.ingest.dispatch` chooses among them."""
