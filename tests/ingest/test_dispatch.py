from __future__ import annotations

import os

import pytest

from cabletrail.errors import UnsupportedFormat
from cabletrail.ingest.dispatch import detect
from tests.ingest import builders


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"Plain words.\n", "a.txt", "text"),
        (b"Plain words.\n", "no-extension", "text"),
        (builders.EML, "message.txt", "eml"),  # content wins over the extension
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "page.dat", "html"),
        (b"---\ntitle: x\n---\nbody\n", "note.txt", "markdown"),
        (b'{"text": "a"}\n{"text": "b"}\n', "dump.txt", "jsonl"),
        (b'[{"text": "a"}]', "dump.json", "json"),
        (b"text,date\nx,2016\n", "t.csv", "csv"),
        (b"From a@b Mon Mar 14 09:30:00 2016\n" + builders.EML, "box", "mbox"),
        (builders.docx(["x"]), "memo.bin", "docx"),
        (builders.zip_of({"a.txt": b"x"}), "bundle.docx", "zip"),
        (builders.zip_of({"a.txt": b"x"}), "bundle", "zip"),
        (builders.pdf(["x"]), "report.txt", "pdf"),
        ("The delegation walked out. ".encode("utf-16-le") * 10, "u16.txt", "text"),
    ],
)
def test_detect_by_content(data: bytes, name: str, expected: str) -> None:
    assert detect(data, name).name == expected


@pytest.mark.parametrize(
    ("data", "name", "reason", "words"),
    [
        (b"", "empty.txt", "empty", "zero-byte"),
        (b"\x7fELF\x02\x01\x01" + bytes(200), "report.pdf", "unsupported-binary", "ELF"),
        (b"MZ\x90\x00" + bytes(200), "cable.txt", "unsupported-binary", "Windows"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.txt", "unsupported-binary", "PNG"),
        (os.urandom(0) + bytes(range(256)) * 8, "random.dat", "binary", "binary"),
    ],
)
def test_unreadable_content_gets_a_named_reason(
    data: bytes, name: str, reason: str, words: str
) -> None:
    with pytest.raises(UnsupportedFormat) as err:
        detect(data, name)
    assert err.value.reason == reason
    assert words in str(err.value)
