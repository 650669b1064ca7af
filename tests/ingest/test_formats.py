from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cabletrail.errors import ParseError
from cabletrail.ingest.formats import collection, docx, html, mail, markdown, pdf, plain
from cabletrail.ingest.formats.base import ParseContext
from cabletrail.model import PartialDate
from tests.ingest import builders


def ctx(name: str = "f", **fields: str) -> ParseContext:
    return ParseContext(name, fields)


def test_plain_text_keeps_text_and_records_encoding() -> None:
    result = plain.parse("Caf\u00e9 r\u00e9sum\u00e9\r\nline".encode("cp1252"), ctx())
    assert result.documents[0].text == "Café résumé\nline"
    # Short text fits several single-byte code pages; any that decodes it right is recorded.
    assert result.encoding is not None
    assert result.encoding.startswith(("cp12", "latin", "iso8859", "windows"))


def test_markdown_front_matter_and_markup() -> None:
    data = (
        b"---\ndoc_date: '1947-10-01'\ntitle: Evatt to Burton\nvol_id: 12\n---\n\n"
        b"Cablegram E21 NEW YORK, 1 October 1947\n\n## Heading\n\n4\\. We have _received_ "
        b"your **telegram**.[1](#f1)\n"
    )
    doc = markdown.parse(data, ctx("x.md")).documents[0]
    assert doc.title == "Evatt to Burton"
    assert doc.date == PartialDate("1947-10-01")
    assert doc.metadata["front_matter"]["vol_id"] == 12
    assert "4. We have received your telegram.[1]" in doc.text
    assert "Heading" in doc.text and "##" not in doc.text


# Emphasis as first written (a leading lookbehind); the shipped regex is reordered for speed.
_EMPH_REFERENCE = re.compile(r"(?<![\w*])([*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])")


@given(st.text(alphabet="*_ a1é\n", max_size=40))
def test_markdown_emphasis_is_removed_as_the_reference_regex_does(text: str) -> None:
    assert markdown._EMPH.sub(r"\2", text) == _EMPH_REFERENCE.sub(r"\2", text)


def test_markdown_with_broken_front_matter_fails_clearly() -> None:
    with pytest.raises(ParseError) as err:
        markdown.parse(b"---\ntitle: [unclosed\n---\nBody\n", ctx("x.md"))
    assert err.value.reason == "bad-front-matter"


def test_html_text_title_meta_and_no_script() -> None:
    page = b"""<!DOCTYPE html><html><head><title>Press  release</title>
    <meta name="date" content="2016-03-14"><meta name="author" content="OHCHR">
    <script>alert('x')</script><style>p{}</style></head>
    <body><h1>Council&nbsp;opens</h1><p>The 31st session <b>opened</b>.</p>
    <script>var secret = 1;</script><p>Second&amp;last</p></body></html>"""
    doc = html.parse(page, ctx("p.html")).documents[0]
    assert doc.title == "Press release"
    assert doc.date == PartialDate("2016-03-14")
    assert doc.metadata["from"] == "OHCHR"
    assert doc.text == "Council opens\n\nThe 31st session opened.\n\nSecond&last"
    assert "alert" not in doc.text and "secret" not in doc.text


def test_eml_headers_become_metadata() -> None:
    doc = mail.parse_eml(builders.EML, ctx("m.eml")).documents[0]
    assert doc.title == "HRC31 instructions"
    assert doc.date == PartialDate("2016-03-14")
    assert doc.metadata["from"] == "Desk Officer"
    assert doc.metadata["to"] == ["Permanent Mission Geneva", "New York"]
    assert doc.text.startswith("You are instructed")


def test_mbox_gives_one_document_per_message() -> None:
    second = builders.EML.replace(b"abc123", b"def456").replace(b"leave the room", b"stay")
    data = (
        b"From desk@mfa.example Mon Mar 14 09:30:00 2016\n"
        + builders.EML
        + (b"\nFrom desk@mfa.example Tue Mar 15 09:30:00 2016\n" + second)
    )
    docs = mail.parse_mbox(data, ctx("box.mbox")).documents
    assert [d.record for d in docs] == ["message 1", "message 2"]
    assert [d.record_key for d in docs] == ["<abc123@mfa.example>", "<def456@mfa.example>"]
    assert "stay" in docs[1].text
    assert docs[0].record_bytes != docs[1].record_bytes


def test_pdf_text_layer_and_info() -> None:
    doc = pdf.parse(
        builders.pdf(["Human Rights Council", "Thirty-first session"]), ctx("r.pdf")
    ).documents[0]
    assert "Human Rights Council" in doc.text and "Thirty-first session" in doc.text
    assert doc.title == "Report"
    assert doc.date == PartialDate("2014-07-02")


def test_pdf_without_text_layer_fails() -> None:
    with pytest.raises(ParseError) as err:
        pdf.parse(builders.pdf([]), ctx("scan.pdf"))
    assert err.value.reason == "no-text-layer"


def test_broken_pdf_fails_with_reason() -> None:
    with pytest.raises(ParseError) as err:
        pdf.parse(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer garbage", ctx("b.pdf"))
    assert err.value.reason in ("bad-pdf", "no-text-layer")


def test_docx_paragraphs_and_core_properties() -> None:
    doc = docx.parse(
        builders.docx(["First paragraph.", "Second &amp; last."]), ctx("m.docx")
    ).documents[0]
    assert doc.text == "First paragraph.\nSecond & last."
    assert doc.title == "Memo"
    assert doc.metadata["from"] == "Desk officer"
    assert doc.date == PartialDate("2016-03-14")


def test_docx_entity_expansion_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    with pytest.raises(ParseError) as err:
        docx.parse(builders.docx([], body_xml=bomb), ctx("bomb.docx"))
    assert err.value.reason == "unsafe-xml"


def test_jsonl_fields_found_by_common_names() -> None:
    lines = [
        {
            "ref_id": "16GENEVA480",
            "created": "2016-05-12 17:58",
            "from": "USMISSION GENEVA",
            "to": ["SECSTATE WASHDC"],
            "subject": "HRC31",
            "tags": "PHUM PREL",
            "body": "Text one.",
            "classification": "SECRET",
        },
        {"ref_id": "16GENEVA481", "created": "2016-05-13", "body": "   "},
        {"ref_id": "16GENEVA482", "created": "2016-05-14", "body": "Text three."},
    ]
    data = "\n".join(json.dumps(r) for r in lines).encode() + b"\nnot json\n"
    result = collection.parse_jsonl(data, ctx("c.jsonl"))
    first = result.documents[0]
    assert [d.record for d in result.documents] == ["line 1", "line 3"]
    assert first.record_key == "16GENEVA480"
    assert first.date == PartialDate("2016-05-12")
    assert first.metadata["from"] == "USMISSION GENEVA"
    assert first.metadata["to"] == ["SECSTATE WASHDC"]
    assert first.metadata["tags"] == ["PHUM", "PREL"]
    assert first.metadata["classification"] == "SECRET"
    assert first.metadata["subject"] == "HRC31"
    assert any("empty text" in n for n in result.notes)
    assert any("not JSON" in n for n in result.notes)


def test_field_override_names_the_text_column() -> None:
    data = b'[{"id": 1, "notes": "the real text", "body": "not this"}]'
    doc = collection.parse_json(data, ctx("c.json", text="notes")).documents[0]
    assert doc.text == "the real text"


def test_collection_without_a_text_field_fails_naming_the_fix() -> None:
    with pytest.raises(ParseError, match="--field text=COLUMN"):
        collection.parse_json(b'[{"a": 1, "b": 2}]', ctx("c.json"))


def test_csv_with_cr_line_endings() -> None:
    data = b'To,Text,From,Session\rDPR Korea,"Cooperate with the\rspecial rapporteur",Japan,6\r'
    doc = collection.parse_csv(data, ctx("r.csv")).documents[0]
    assert doc.text == "Cooperate with the\nspecial rapporteur"
    assert doc.metadata["from"] == "Japan"
    assert doc.metadata["to"] == ["DPR Korea"]
    assert doc.metadata["fields"] == {"Session": "6"}


def test_same_record_in_two_files_has_the_same_bytes() -> None:
    a = collection.parse_json(b'[{"text": "x", "id": "1"}]', ctx("a.json")).documents[0]
    b = collection.parse_jsonl(b'{"id": "1", "text": "x"}\n', ctx("b.jsonl")).documents[0]
    assert a.record_bytes == b.record_bytes
