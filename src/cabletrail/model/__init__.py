"""Pure data shared by every stage: records, dates with precision, ids, the query tree.

Imports nothing internal but :mod:`cabletrail.errors`.
"""

from cabletrail.model.dates import PartialDate, find_date, leading_date, parse_date, search_date
from cabletrail.model.ids import canonical_json, sha256_hex
from cabletrail.model.records import (
    DateSource,
    Document,
    FileOutcome,
    FileStatus,
    IngestSummary,
    ParsedDocument,
    SearchHit,
    SearchPage,
    SearchRequest,
    Snippet,
    StoreStats,
)

__all__ = [
    "DateSource",
    "Document",
    "FileOutcome",
    "FileStatus",
    "IngestSummary",
    "ParsedDocument",
    "PartialDate",
    "SearchHit",
    "SearchPage",
    "SearchRequest",
    "Snippet",
    "StoreStats",
    "canonical_json",
    "find_date",
    "leading_date",
    "parse_date",
    "search_date",
    "sha256_hex",
]
