"""cabletrail: a trove of cables, memos, reports and UN documents as a cited, searchable record.

The library is organised by stage: ``ingest`` → ``store`` → ``query`` (→ ``extract``, ``resolve``
and ``present`` in later stages). Each stage imports only :mod:`cabletrail.model`,
:mod:`cabletrail.errors`, :mod:`cabletrail.settings` and the store interface.
"""

__version__ = "0.1.0"
