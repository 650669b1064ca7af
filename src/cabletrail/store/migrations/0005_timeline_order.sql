-- An event's place in a timeline, stored and indexed so that a page of a timeline is read in
-- order without sorting every event: its own date (facts.value, see 0004), else its
-- document's; first day, last day, as query.record sorts them. '9999' when neither is known.

ALTER TABLE facts ADD COLUMN sort_start TEXT;
ALTER TABLE facts ADD COLUMN sort_end TEXT;

UPDATE facts SET
    sort_start = COALESCE(
        CASE length(value) WHEN 4 THEN value || '-01-01' WHEN 7 THEN value || '-01' ELSE value END,
        (SELECT d.date_start FROM documents d WHERE d.id = facts.document_id), '9999'),
    sort_end = COALESCE(
        CASE length(value) WHEN 4 THEN value || '-12-31'
            WHEN 7 THEN date(value || '-01', '+1 month', '-1 day') ELSE value END,
        (SELECT d.date_end FROM documents d WHERE d.id = facts.document_id), '9999')
WHERE kind = 'event';

CREATE INDEX facts_timeline ON facts(kind, sort_start, sort_end, document_id);
