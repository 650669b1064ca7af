"""Generate a hostile trove: broken, malicious and pathological files across many attack
classes, for `make bench` (reliability figures) and the tests. Nothing is downloaded.

    .venv/bin/python scripts/hostile_corpus.py OUT_DIR [--variants 6] [--big]

Each class writes `--variants` files (seeded, so the same every run). `--big` adds the
50 MB single line and 10 MB token of the issue (the tests use smaller ones).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import stat
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

DOCX_TYPES = """<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"""
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def zip_bytes(members: list[tuple[str | zipfile.ZipInfo, bytes]], compress: bool = True) -> bytes:
    buf = io.BytesIO()
    mode = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", mode) as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


def docx_with(body: str) -> bytes:
    return zip_bytes(
        [("[Content_Types].xml", DOCX_TYPES.encode()), ("word/document.xml", body.encode())]
    )


def symlink_member(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def pdf_minimal(body: bytes) -> bytes:
    return b"%PDF-1.4\n" + body + b"\n%%EOF\n"


def classes(rng: random.Random, big: bool) -> dict[str, Callable[[int], tuple[str, bytes]]]:
    """Attack class → function(variant) → (file name, bytes)."""
    line_mb = 50 if big else 2
    token_mb = 10 if big else 1

    def rand(n: int) -> bytes:
        return bytes(rng.getrandbits(8) for _ in range(n))

    text = "The delegation walked out of the Third Committee vote on 14 March 2016. "
    return {
        "empty": lambda i: (f"empty{i}.txt", b""),
        "random-bytes": lambda i: (
            f"random{i}.{['bin', 'txt', 'pdf', 'docx'][i % 4]}",
            rand(2000 + i),
        ),
        "elf-as-pdf": lambda i: (f"report{i}.pdf", b"\x7fELF\x02\x01\x01" + rand(500)),
        "pe-as-docx": lambda i: (f"memo{i}.docx", b"MZ\x90\x00" + rand(500)),
        "png-as-txt": lambda i: (f"cable{i}.txt", b"\x89PNG\r\n\x1a\n" + rand(300)),
        "gzip-as-txt": lambda i: (f"notes{i}.txt", b"\x1f\x8b\x08" + rand(200)),
        "sqlite-as-json": lambda i: (f"db{i}.json", b"SQLite format 3\x00" + rand(300)),
        "invalid-utf8": lambda i: (
            f"bad-utf8-{i}.txt",
            (text * 5).encode() + b"\xff\xfe\xc3\x28" + rand(20),
        ),
        "utf16-no-bom": lambda i: (f"u16-{i}.txt", (text * 10).encode("utf-16-le")),
        "utf16-bom": lambda i: (f"u16bom-{i}.txt", (text * 10).encode("utf-16")),
        "nul-bytes": lambda i: (f"nul{i}.txt", (text * 3).encode().replace(b" ", b"\x00", 3)),
        "mac-roman-cr": lambda i: (
            f"macroman{i}.txt",
            ("République populaire démocratique de Corée\r" * 20).encode("mac_roman"),
        ),
        "huge-line": lambda i: (
            f"oneline{i}.txt",
            (b"word " * (line_mb * 1024 * 1024 // 5)) if i == 0 else b"x" * (100_000 + i),
        ),
        "huge-token": lambda i: (f"token{i}.txt", b"A" * (token_mb * 1024 * 1024 + i)),
        "zip-bomb": lambda i: (f"bomb{i}.zip", zip_bytes([("big.txt", b"0" * (30 * 1024 * 1024))])),
        "zip-traversal": lambda i: (
            f"traverse{i}.zip",
            zip_bytes([(f"../../escaped-{i}.txt", b"escape attempt"), ("ok.txt", b"fine")]),
        ),
        "zip-absolute": lambda i: (
            f"absolute{i}.zip",
            zip_bytes(
                [(f"/tmp/cabletrail-absolute-{i}.txt", b"absolute path"), ("ok.txt", b"fine")]
            ),
        ),
        "zip-drive-letter": lambda i: (
            f"drive{i}.zip",
            zip_bytes([(f"C:\\windows\\evil{i}.txt", b"drive letter")]),
        ),
        "zip-symlink": lambda i: (
            f"symlink{i}.zip",
            zip_bytes(
                [(symlink_member("link.txt", "/etc/passwd"), b"/etc/passwd"), ("ok.txt", b"fine")]
            ),
        ),
        "zip-nested-deep": lambda i: (f"deep{i}.zip", _nest(b"bottom", 12)),
        "zip-recursive": lambda i: (
            f"recursive{i}.zip",
            _nest(zip_bytes([("self.zip", b"PK")]), 7),
        ),
        "zip-truncated": lambda i: (
            f"truncated{i}.zip",
            _cut(
                zip_bytes(
                    [
                        ("a.txt", text.encode() * 50),
                        ("b.txt", f"second {i}".encode()),
                        ("c.txt", text.encode() * 9),
                    ]
                ),
                i,
            ),
        ),
        "zip-many-members": lambda i: (
            f"many{i}.zip",
            zip_bytes([(f"m{k}.txt", f"member {k} of {i}".encode()) for k in range(300)]),
        ),
        "zip-nul-name": lambda i: (f"nulname{i}.zip", zip_bytes([(f"a\x00b{i}.txt", b"nul")])),
        "zip-long-name": lambda i: (
            f"longname{i}.zip",
            zip_bytes([("n" * 5000 + ".txt", b"long name")]),
        ),
        "docx-billion-laughs": lambda i: (
            f"laughs{i}.docx",
            docx_with(
                '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "lol">'
                + "".join(
                    f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">' for k in range(8)
                )
                + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p>'
                "</w:body></w:document>"
            ),
        ),
        "docx-xxe": lambda i: (
            f"xxe{i}.docx",
            docx_with(
                '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
                "</w:body></w:document>"
            ),
        ),
        "docx-not-zip": lambda i: (f"fake{i}.docx", b"PK\x03\x04" + rand(400)),
        "pdf-encrypted": lambda i: (f"encrypted{i}.pdf", _encrypted_pdf()),
        "pdf-truncated": lambda i: (f"cut{i}.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"),
        "pdf-circular-xref": lambda i: (
            f"circular{i}.pdf",
            pdf_minimal(
                b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                b"2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\n"
                b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
                b"trailer << /Size 3 /Root 1 0 R /Prev 9 >>\nstartxref\n110"
            ),
        ),
        "pdf-huge-page-count": lambda i: (
            f"pages{i}.pdf",
            pdf_minimal(
                b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                b"2 0 obj << /Type /Pages /Kids [] /Count 999999999 >> endobj\n"
                b"trailer << /Root 1 0 R >>"
            ),
        ),
        "html-script": lambda i: (
            f"page{i}.html",
            (
                f"<html><head><title><script>alert({i})</script>Cable</title></head><body>"
                f"<p onclick='alert(1)'>{text}</p><script>document.cookie</script>"
                "<img src=x onerror=alert(1)></body></html>"
            ).encode(),
        ),
        "html-deep-nesting": lambda i: (
            f"nested{i}.html",
            b"<html><body>"
            + b"<div>" * 100_000
            + text.encode()
            + b"</div>" * 100_000
            + b"</body></html>",
        ),
        "json-deep-nesting": lambda i: (f"deep{i}.json", b"[" * 100_000 + b"]" * 100_000),
        "json-non-objects": lambda i: (
            f"numbers{i}.json",
            json.dumps(list(range(50_000))).encode(),
        ),
        "jsonl-broken": lambda i: (
            f"broken{i}.jsonl",
            b'{"text": "ok"}\n{broken\n\x00\x00\n' + b'{"text": "' + b"x" * 1000 + b'"}\n',
        ),
        "csv-huge-field": lambda i: (
            f"huge{i}.csv",
            b'text,date\n"' + b"y" * 2_000_000 + b'",2016\n',
        ),
        "csv-nul": lambda i: (f"nul{i}.csv", b"text,date\nab\x00cd,2016\n"),
        "eml-garbage": lambda i: (
            f"mail{i}.eml",
            b"From: \xff\xfe<<>>\nTo: ,,,@@@\nSubject: "
            + rand(50).replace(b"\n", b" ")
            + b"\nContent-Type: multipart/"
            b"mixed; boundary=zz\n\n--zz\nContent-Transfer-Encoding: base64"
            b"\n\n!!!not base64!!!\n--zz--\n",
        ),
        "mbox-many-empty": lambda i: (
            f"box{i}.mbox",
            b"".join(b"From x@y Mon Jan 1 00:00:00 2016\nSubject: s\n\n" for _ in range(500)),
        ),
        "yaml-alias-bomb": lambda i: (
            f"laughs{i}.md",
            (
                b"---\na: &a [x, x, x, x, x, x, x, x, x]\n"
                b"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                b"d: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
                b"e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\nBody\n"
            ),
        ),
        "yaml-python-tag": lambda i: (
            f"tag{i}.md",
            b"---\nx: !!python/object/apply:os.system ['true']\n---\nB\n",
        ),
    }


def _cut(data: bytes, i: int) -> bytes:
    """Variant 0 ends inside the first member; the others lose more or less of the end."""
    return data[:60] if i == 0 else data[: len(data) * (55 + 10 * i) // 100]


def _nest(data: bytes, depth: int) -> bytes:
    for _ in range(depth):
        data = zip_bytes([("inner.zip", data)])
    return data


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def generate(out: Path, variants: int = 6, big: bool = False) -> dict[str, int]:
    rng = random.Random(20261129)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for name, make in classes(rng, big).items():
        folder = out / name
        folder.mkdir(exist_ok=True)
        for i in range(variants):
            file_name, data = make(i)
            (folder / file_name).write_bytes(data)
        counts[name] = variants
    return counts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--variants", type=int, default=6)
    parser.add_argument("--big", action="store_true")
    args = parser.parse_args()
    counts = generate(args.out, args.variants, args.big)
    total = sum(counts.values())
    print(f"{total} files in {len(counts)} attack classes under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
