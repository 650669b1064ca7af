from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabletrail.errors import InputError, SettingError
from cabletrail.ingest import IngestOptions, ingest
from cabletrail.ingest.runner import Ingestor
from cabletrail.model import (
    DateSource,
    Document,
    FileStatus,
    PartialDate,
    SearchRequest,
    sha256_hex,
)
from cabletrail.model.query import Term
from cabletrail.settings import Settings
from cabletrail.store.sqlite import SQLiteStore
from tests.ingest import builders


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def count(store: SQLiteStore) -> int:
    return store.stats().documents


def test_a_bad_file_never_stops_the_batch(tmp_path: Path, store: SQLiteStore) -> None:
    trove = tmp_path / "trove"
    write(trove, "a.txt", "First cable about the Human Rights Council.")
    write(trove, "b.pdf", b"\x7fELF" + bytes(100))
    write(trove, "c.txt", b"")
    write(trove, "d.json", b"{not json")
    write(trove, "e.md", "---\ndoc_date: '1948-05-14'\n---\nCablegram text.")
    summary = ingest(store, [trove])
    assert (summary.files, summary.ok, summary.failed) == (5, 2, 3)
    reasons = {Path(f.path).name: f.reason for f in summary.failures}
    assert reasons["b.pdf"].startswith("unsupported-binary")
    assert reasons["c.txt"].startswith("empty")
    assert reasons["d.json"].startswith("bad-json: line 1")
    stored = {Path(f.path).name: f.status for f in store.files()}
    assert stored == {
        "a.txt": FileStatus.OK,
        "b.pdf": FileStatus.FAILED,
        "c.txt": FileStatus.FAILED,
        "d.json": FileStatus.FAILED,
        "e.md": FileStatus.OK,
    }


def test_reingest_adds_nothing(tmp_path: Path, store: SQLiteStore) -> None:
    trove = tmp_path / "trove"
    write(trove, "a.txt", "one")
    write(trove, "b.jsonl", '{"text": "two"}\n{"text": "three"}\n')
    first = ingest(store, [trove])
    second = ingest(store, [trove])
    assert first.documents_added == 3
    assert (second.documents_added, second.duplicate, second.ok) == (0, 2, 0)
    assert count(store) == 3


def test_same_bytes_at_another_path_is_a_duplicate(tmp_path: Path, store: SQLiteStore) -> None:
    write(tmp_path / "x", "a.txt", "identical")
    write(tmp_path / "y", "copy.txt", "identical")
    summary = ingest(store, [tmp_path / "x", tmp_path / "y"])
    assert (summary.ok, summary.duplicate, count(store)) == (1, 1, 1)


def test_changed_file_is_a_new_version_linked_to_the_old(
    tmp_path: Path, store: SQLiteStore
) -> None:
    path = write(tmp_path, "memo.txt", "Draft: boycott the panel.")
    ingest(store, [path])
    old_id = sha256_hex(path.read_bytes())
    path.write_text("Final: boycott the panel and walk out.")
    ingest(store, [path])
    new = store.get_document(sha256_hex(path.read_bytes()))
    assert new.previous_version == old_id
    assert store.get_document(old_id).superseded_by == new.id
    hits = store.search(SearchRequest(Term("boycott")))
    assert [h.id for h in hits.hits] == [new.id]
    everything = store.search(SearchRequest(Term("boycott"), all_versions=True))
    assert everything.total == 2


def test_changed_record_in_a_collection_is_versioned_by_its_id(
    tmp_path: Path, store: SQLiteStore
) -> None:
    path = write(tmp_path, "c.jsonl", '{"id": "16GENEVA1", "text": "v1"}\n')
    ingest(store, [path])
    path.write_text('{"id": "16GENEVA1", "text": "v2"}\n{"id": "16GENEVA2", "text": "other"}\n')
    ingest(store, [path])
    hits = store.search(SearchRequest(None, limit=10))
    assert sorted(h.snippet.text for h in hits.hits) == ["other", "v2"]
    v2 = next(h for h in hits.hits if h.snippet.text == "v2")
    assert store.get_document(v2.id).previous_version is not None


def test_zip_members_are_ingested_recursively(tmp_path: Path, store: SQLiteStore) -> None:
    inner = builders.zip_of({"deep.txt": b"inner cable"})
    outer = builders.zip_of(
        {
            "a.txt": b"outer cable",
            "nested/inner.zip": inner,
            "../escape.txt": b"escape attempt",
            "bad.bin": b"\x7fELF" + bytes(9),
        }
    )
    path = write(tmp_path, "bundle.zip", outer)
    summary = ingest(store, [path])
    sources = sorted(h.source for h in store.search(SearchRequest(None)).hits)
    base = str(path.resolve())
    assert sources == [f"{base}!a.txt", f"{base}!escape.txt", f"{base}!nested/inner.zip!deep.txt"]
    assert summary.failed == 1
    assert not (tmp_path.parent / "escape.txt").exists()


def test_archive_nesting_is_capped(tmp_path: Path, store: SQLiteStore) -> None:
    data = b"bottom"
    for _ in range(4):
        data = builders.zip_of({"x.zip" if data != b"bottom" else "x.txt": data})
    path = write(tmp_path, "deep.zip", data)
    options = IngestOptions(settings=_settings(max_archive_depth=2))
    summary = ingest(store, [path], options)
    assert any(f.reason.startswith("too-deep") for f in summary.failures)
    assert count(store) == 0


def test_document_date_prefers_metadata_then_header_then_dateline_then_file_time(
    tmp_path: Path, store: SQLiteStore
) -> None:
    write(tmp_path, "a.md", "---\ndate: 2016-03-14\n---\nP 010000Z JAN 17\nText")
    write(tmp_path, "b.txt", "P 121758Z MAY 16\nFM USMISSION GENEVA\nText")
    write(tmp_path, "c.txt", "Cablegram 231, CANBERRA, 14 May 1948, 2.25 p.m.\n\nText")
    d = write(tmp_path, "d.txt", "No date at all in this text.")
    os.utime(d, (1_458_000_000, 1_458_000_000))  # 2016-03-15
    ingest(store, [tmp_path])
    got = {Path(doc.source).name: (doc.date, doc.date_source) for doc in _all(store)}
    assert got == {
        "a.md": (PartialDate("2016-03-14"), DateSource.METADATA),
        "b.txt": (PartialDate("2016-05-12"), DateSource.HEADER),
        "c.txt": (PartialDate("1948-05-14"), DateSource.DATELINE),
        "d.txt": (PartialDate("2016-03-15"), DateSource.FILE_TIME),
    }


def test_missing_argument_is_an_error_before_anything_runs(
    tmp_path: Path, store: SQLiteStore
) -> None:
    write(tmp_path, "a.txt", "text")
    with pytest.raises(InputError, match="nope: no such file"):
        ingest(store, [tmp_path / "a.txt", tmp_path / "nope"])
    assert count(store) == 0


def test_special_files_are_refused_before_anything_runs(store: SQLiteStore) -> None:
    """Regression: `ingest /dev/null` ended in a traceback (iterdir on a device)."""
    with pytest.raises(InputError, match="not a regular file or folder"):
        ingest(store, [Path("/dev/null")])


def test_unknown_field_target_is_refused(tmp_path: Path, store: SQLiteStore) -> None:
    with pytest.raises(SettingError, match="bodytext"):
        ingest(store, [tmp_path], IngestOptions(fields={"bodytext": "x"}))


def test_killed_ingest_is_completed_by_a_rerun(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trove = tmp_path / "trove"
    for i in range(30):
        write(trove, f"{i:02d}.txt", f"cable number {i}")
    store = SQLiteStore(tmp_path / "s", create=True)
    real = Ingestor.file
    calls = {"n": 0}

    def dying(self: Ingestor, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 17:
            raise KeyboardInterrupt  # stands in for a kill in the middle of the batch
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Ingestor, "file", dying)
    with pytest.raises(KeyboardInterrupt):
        ingest(store, [trove], IngestOptions(settings=_settings(commit_every=5)))
    store.close()
    monkeypatch.setattr(Ingestor, "file", real)
    store = SQLiteStore(tmp_path / "s")
    assert 0 < count(store) < 30
    ingest(store, [trove])
    assert count(store) == 30
    assert all(f.status is FileStatus.OK for f in store.files())
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


def _settings(**values: int) -> Settings:
    return Settings.load(values, env={})


def _all(store: SQLiteStore) -> list[Document]:
    return [store.get_document(h.id) for h in store.search(SearchRequest(None, limit=100)).hits]


# Printable text (control characters make a file binary, which is tested elsewhere).
texts = st.lists(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")) | st.just("\n"),
        min_size=1,
        max_size=60,
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts)
def test_ingest_is_idempotent(tmp_path_factory: pytest.TempPathFactory, bodies: list[str]) -> None:
    root = tmp_path_factory.mktemp("idem")
    for i, body in enumerate(bodies):
        write(root / "trove", f"{i}.txt", body)
    store = SQLiteStore(root / "s", create=True)
    try:
        first = ingest(store, [root / "trove"])
        n = count(store)
        second = ingest(store, [root / "trove"])
        assert count(store) == n
        assert second.documents_added == 0
        assert first.files == second.files == len(bodies)
        assert n == first.documents_added
        assert first.ok + first.duplicate + first.failed == len(bodies)
    finally:
        store.close()


def test_a_file_that_kills_every_ingest_is_quarantined(tmp_path: Path, store: SQLiteStore) -> None:
    path = write(tmp_path / "t", "killer.txt", "this file brought ingest down")
    digest = sha256_hex(path.read_bytes())
    for _ in range(3):  # three ingests died while this file was started
        store.start_file(str(path.resolve()), digest, 29)
        store.commit()
    summary = ingest(store, [tmp_path / "t"])
    assert summary.failed == 1
    assert summary.failures[0].reason.startswith("quarantined: 3 ingests died")
    assert count(store) == 0
    (report,) = store.files("failed")
    assert report.reason.startswith("quarantined") and report.attempts == 3


def test_compression_bomb_member_fails_alone(tmp_path: Path, store: SQLiteStore) -> None:
    bomb = builders.zip_of({"bomb.txt": b"A" * (20 * 1024 * 1024), "fine.txt": b"real cable"})
    path = write(tmp_path, "bomb.zip", bomb)
    summary = ingest(store, [path])
    reasons = {Path(f.path.split("!")[-1]).name: f.reason for f in summary.failures}
    assert reasons["bomb.txt"].startswith("compression-bomb")
    assert count(store) == 1


def test_archive_total_is_counted_as_decompressed(tmp_path: Path, store: SQLiteStore) -> None:
    members = {f"m{i}.txt": (f"cable {i} " * 20_000).encode() for i in range(6)}
    path = write(tmp_path, "many.zip", builders.zip_of(members))
    options = IngestOptions(
        settings=_settings(max_archive_bytes=400_000, max_compression_ratio=10_000)
    )
    summary = ingest(store, [path], options)
    failed = [f.reason.split(":")[0] for f in summary.failures]
    assert 0 < count(store) < 6
    assert set(failed) <= {"archive-too-large", "too-large"} and failed
