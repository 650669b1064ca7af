-- As SQLite's 0011, without value in the key: a B-tree entry must stay under ~2.7 kB, and an
-- entity's text is not bounded by anything but the document.
CREATE INDEX facts_names ON facts(document_id, kind, fact_id)
    WHERE kind IN ('entity', 'timex');
