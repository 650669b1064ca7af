-- An event fact's value is now its own date: the ISO prefix (YYYY, YYYY-MM or YYYY-MM-DD) of
-- the time expression it is anchored to, NULL when it has none. Timelines sort and page on it
-- in SQL. This fills it for events stored before.

UPDATE facts SET value = (
    SELECT CASE
        WHEN t.value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(t.value, 1, 10)
        WHEN t.value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' THEN substr(t.value, 1, 7)
        WHEN t.value GLOB '[0-9][0-9][0-9][0-9]*' THEN substr(t.value, 1, 4)
    END
    FROM facts t
    WHERE t.document_id = facts.document_id AND t.kind = 'timex'
      AND t.fact_id = json_extract(facts.data, '$.time')
)
WHERE kind = 'event';
