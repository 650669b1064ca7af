-- The SQLite store's 0010 moves small originals into a table; here every original has been in
-- the table `originals` since the baseline, so this only documents it.
COMMENT ON TABLE originals IS 'Original bytes of ingested files, content-addressed by sha256.';
