"""Resolution: entities across documents (names, romanisations, human corrections) and who
held which post when."""

from cabletrail.resolve.clusters import ResolveSummary, resolve
from cabletrail.resolve.names import person_key

__all__ = ["ResolveSummary", "person_key", "resolve"]
