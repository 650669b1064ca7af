"""Ingest: any trove (folders, zips, mailboxes, collections of cables) into a store."""

from cabletrail.ingest.runner import IngestOptions, Progress, ingest

__all__ = ["IngestOptions", "Progress", "ingest"]
