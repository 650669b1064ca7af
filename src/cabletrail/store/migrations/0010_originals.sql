-- Originals up to INLINE_ORIGINAL_BYTES live in the database, keyed by sha256 like the files
-- under originals/: one transaction and one fsync per batch instead of a file created, written,
-- fsynced and renamed per original (about 0.6 ms each, most of an ingest's time on a plain
-- disk). Larger originals stay files; reads look here first, then on disk.
CREATE TABLE originals (
    sha256 TEXT PRIMARY KEY,
    data   BLOB NOT NULL
);
