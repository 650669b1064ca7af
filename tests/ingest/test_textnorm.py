from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cabletrail.ingest.textnorm import decode, normalise, to_text


def test_utf8_is_taken_as_is() -> None:
    assert decode("Ri Su-yong — 리수용".encode()) == ("Ri Su-yong — 리수용", "utf-8")


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [(codecs.BOM_UTF8, "utf-8", "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16")],
)
def test_byte_order_marks_win(bom: bytes, codec: str, name: str) -> None:
    text, encoding = decode(bom + "Genève".encode(codec))
    assert (text, encoding) == ("Genève", name)


def test_utf16_without_bom_is_detected() -> None:
    text = "The delegation of the Democratic People's Republic of Korea walked out. " * 5
    decoded, encoding = decode(text.encode("utf-16-le"))
    assert decoded == text
    assert "16" in encoding


def test_line_endings_nfc_and_nul() -> None:
    assert normalise("a\r\nb\rc\u2028d") == "a\nb\nc\nd"
    assert normalise("e\u0301") == "\u00e9"
    assert normalise("a\x00b") == "a\ufffdb"


def test_invalid_utf8_never_raises() -> None:
    text, encoding = to_text(b"\xff\xfe\xfa broken \xc3\x28 bytes" * 3)
    assert isinstance(text, str) and encoding


def test_mac_roman_original_report(corpus: Path) -> None:
    raw = (corpus / "upr-reports/raw-macroman-samples/korea2008.txt").read_bytes()
    text, encoding = to_text(raw)
    assert "\r" not in text
    assert "Republic of Korea" in text
    assert encoding != "utf-8"


@given(st.text())
def test_normalise_is_idempotent_and_nfc(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\r" not in once and "\x00" not in once
