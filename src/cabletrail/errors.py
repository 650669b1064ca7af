"""The one exception tree of cabletrail.

Every error a user can cause is a :class:`CabletrailError`; its message names the bad value and
what to do about it, so the CLI can print it on one line without a traceback::

    CabletrailError
    ├── SettingError          a setting or option has a bad value
    ├── InputError            a file or record cannot be read as a document
    │   ├── UnsupportedFormat     the content is of no format cabletrail reads
    │   └── ParseError            the content claims a format but is broken
    ├── StoreError            the store cannot be opened, migrated or written
    │   ├── StoreNotFound         no store at the given location
    │   ├── SchemaError           the store was written by a newer cabletrail
    │   └── DocumentNotFound      no document with that id
    ├── QueryError            a search query or filter is malformed
    └── AccessError           a team member may not do this (role or grant)
"""

from __future__ import annotations


class CabletrailError(Exception):
    """Root of every error cabletrail raises on purpose."""


class SettingError(CabletrailError):
    """A setting, option or environment variable has a bad value."""


class InputError(CabletrailError):
    """A file or record cannot be turned into a document.

    ``reason`` is the short machine-readable part used in ``failed:<reason>`` statuses.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


class UnsupportedFormat(InputError):
    """The content matches none of the formats cabletrail reads."""


class ParseError(InputError):
    """The content claims a format but cannot be parsed as it."""


class StoreError(CabletrailError):
    """The store cannot be opened, migrated or written."""


class StoreNotFound(StoreError):
    """No store exists at the location given."""


class SchemaError(StoreError):
    """The store's schema is newer than this cabletrail, or damaged."""


class DocumentNotFound(StoreError):
    """No document has the id (or id prefix) asked for."""


class QueryError(CabletrailError):
    """A search query or filter is malformed."""


class AccessError(CabletrailError):
    """A signed-in team member's role or grants do not allow the request."""
