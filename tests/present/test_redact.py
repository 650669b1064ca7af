"""Redaction: the masked people and identifiers appear nowhere in anything the publication
copy serves — texts, snippets, facts, metadata, file names."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cabletrail.cli.main import cli

MEMO = """Kim Jong-un to Mission Geneva

Kim Jong-un ordered the mission in Geneva to walk out of the panel on 14 March 2016.
Kim said the testimony of the defector Park Ji-hyun was fabricated.
KIM JONG UN met the envoy. Contact: jong.un@mfa.example, +41 22 555 01 23,
passport PD4478122.
"""
SECRETS = [
    "kim jong",
    "jong-un",
    "jong un",
    "kim said",
    "park ji-hyun",
    "jong.un@mfa",
    "555 01 23",
    "pd4478122",
]


def cli_out(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_redacted_terms_appear_nowhere(tmp_path: Path) -> None:
    trove = tmp_path / "kim-jong-un files"
    trove.mkdir()
    (trove / "kim-jong-un-memo.txt").write_text(MEMO)
    (trove / "other.txt").write_text("The Council met in Geneva. Nothing about anyone.")
    src, pub = str(tmp_path / "s"), str(tmp_path / "public")
    cli_out("--store", src, "ingest", str(trove), "--no-progress")
    cli_out("--store", src, "analyze", "--no-progress")
    said = cli_out(
        "--store", src, "redact", pub, "--person", "Kim Jong Un", "--person", "Park Ji-hyun"
    )
    assert "2 document(s) copied" in said

    outputs = [
        cli_out("--store", pub, "stats", "--format", "json"),
        cli_out("--store", pub, "report", "--format", "json"),
    ]
    for query in ("Geneva", "ordered", "walk", "testimony", "envoy", "passport", "Kim", "Contact"):
        outputs.append(cli_out("--store", pub, "search", query, "--format", "json"))
    listing = json.loads(cli_out("--store", pub, "search", "--format", "json"))
    assert listing["total"] == 2
    for hit in listing["results"]:
        outputs.append(cli_out("--store", pub, "show", hit["id"], "--format", "json"))
        outputs.append(cli_out("--store", pub, "show", hit["id"]))
        outputs.append(cli_out("--store", pub, "facts", hit["id"], "--format", "json"))
        outputs.append(cli_out("--store", pub, "facts", hit["id"]))
        outputs.append(
            CliRunner().invoke(cli, ["--store", pub, "show", hit["id"], "--original"]).stdout
        )
    # exports and briefs built from the copy (after `resolve` there) are redacted too
    cli_out("--store", pub, "resolve")
    for fmt in ("jsonl", "csv", "ftm", "plover", "graphml", "ics"):
        outputs.append(
            CliRunner()
            .invoke(cli, ["--store", pub, "export", "--format", fmt], catch_exceptions=False)
            .stdout_bytes.decode()
        )
    for fmt in ("md", "html"):
        outputs.append(
            CliRunner()
            .invoke(cli, ["--store", pub, "brief", "--format", fmt], catch_exceptions=False)
            .stdout_bytes.decode()
        )
    assert any('"schema": "Person"' in o for o in outputs)  # the exports are not empty
    assert any(o.startswith("# Brief") and "[^1]" in o for o in outputs)
    outputs.append(cli_out("--store", pub, "timeline", "--format", "json"))
    outputs.append(cli_out("--store", pub, "graph", "--format", "json"))
    everything = "\n".join(outputs).lower()
    for secret in SECRETS:
        assert secret not in everything, secret
    # what is not secret survives, and spans still line up
    assert "geneva" in everything and "walk out of the panel" in everything
    memo = next(
        json.loads(o) for o in outputs if o.startswith("{") and '"entities"' in o and "panel" in o
    )
    text = memo["document"]["text"]
    for entity in memo["entities"]:
        for m in entity["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
