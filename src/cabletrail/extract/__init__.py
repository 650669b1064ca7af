"""Extraction: entities, dates, events, roles, quotes and topics, each with its span.

:class:`Extractor` loads the spaCy pipeline (a setting names the model) and the versioned
lexicons in ``lexicons/``; ``extract`` returns the record of ``spec/extraction.md``.
"""

from cabletrail.extract.pipeline import DEFAULT_MODEL, VERSION, Extractor

__all__ = ["DEFAULT_MODEL", "VERSION", "Extractor"]
