"""Build small documents of each format in memory, for tests."""

from __future__ import annotations

import io
import zipfile

DOCX_BODY = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body>{paragraphs}</w:body></w:document>"""
DOCX_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>
</cp:coreProperties>"""
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"""


def docx(
    paragraphs: list[str],
    title: str = "Memo",
    creator: str = "Desk officer",
    created: str = "2016-03-14T09:00:00Z",
    body_xml: str | None = None,
) -> bytes:
    body = body_xml or DOCX_BODY.format(
        paragraphs="".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", body)
        z.writestr(
            "docProps/core.xml", DOCX_CORE.format(title=title, creator=creator, created=created)
        )
    return buf.getvalue()


def pdf(lines: list[str], title: str = "Report") -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    doc.set_title(title)
    doc.set_creation_date(__import__("datetime").datetime(2014, 7, 2))
    doc.add_page()
    doc.set_font("Helvetica", size=11)
    for line in lines:
        doc.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


EML = b"""From: Desk Officer <desk@mfa.example>
To: Permanent Mission Geneva <geneva@mfa.example>, New York <ny@mfa.example>
Subject: HRC31 instructions
Date: Mon, 14 Mar 2016 09:30:00 +0100
Message-ID: <abc123@mfa.example>
Content-Type: text/plain; charset=utf-8

You are instructed to leave the room when the panel begins.
"""
