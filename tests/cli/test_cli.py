from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cabletrail.cli.main import cli


def run(*args: str, store: Path | None = None) -> Result:
    prefix = ["--store", str(store)] if store else []
    return CliRunner().invoke(cli, [*prefix, *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SAMPLE

    store = tmp_path_factory.mktemp("cli") / "store"
    result = run("ingest", str(SAMPLE), "--no-progress", store=store)
    assert result.exit_code == 0, result.output
    return store


def test_ingest_summary(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.txt").write_text("one")
    (tmp_path / "t" / "b.bin").write_bytes(b"\x7fELF" + bytes(64))
    result = run("ingest", str(tmp_path / "t"), "--format", "json", store=tmp_path / "s")
    summary = json.loads(result.output)
    assert summary["by_status"] == {"ok": 1, "duplicate": 0, "failed": 1}
    assert summary["failures"][0]["reason"].startswith("unsupported-binary")


def test_search_json_shape(sample_store: Path) -> None:
    result = run("search", '"human rights"', "--format", "json", "--limit", "3", store=sample_store)
    out = json.loads(result.output)
    assert out["total"] >= 3 and len(out["results"]) == 3
    first = out["results"][0]
    assert set(first) >= {"id", "title", "date", "source", "snippet", "score"}
    assert "<mark>" in first["snippet"].lower()


def test_search_date_filter_keeps_only_documents_in_range(sample_store: Path) -> None:
    result = run(
        "search",
        "Korea",
        "--from",
        "1948-01-01",
        "--to",
        "1948-12-31",
        "--format",
        "jsonl",
        "--limit",
        "100",
        store=sample_store,
    )
    dates = [json.loads(line)["date"] for line in result.output.splitlines()]
    assert dates and all("1948-01-01" <= d <= "1948-12-31" for d in dates)


def test_show_and_stats(sample_store: Path) -> None:
    hit = json.loads(
        run("search", "Korea", "--format", "json", "--limit", "1", store=sample_store).output
    )["results"][0]
    shown = run("show", hit["id"][:10], store=sample_store).output
    assert hit["id"] in shown and "─" in shown
    doc = json.loads(run("show", hit["id"], "--format", "json", store=sample_store).output)
    assert doc["id"] == hit["id"] and doc["text"]
    stats = json.loads(run("stats", "--format", "json", store=sample_store).output)
    assert stats["documents"] == 57
    assert stats["by_status"] == {"ok": 57}
    assert stats["date_range"][0].startswith("1947")


def test_show_original_bytes(sample_store: Path) -> None:
    hit = json.loads(
        run("search", "Evatt", "--format", "json", "--limit", "1", store=sample_store).output
    )["results"][0]
    result = CliRunner().invoke(
        cli, ["--store", str(sample_store), "show", hit["id"], "--original"]
    )
    assert result.stdout_bytes.startswith(b"---\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", '"unclosed'], "unclosed quote"),
        (["search", "x", "--from", "yesterday"], "--from 'yesterday' is not a date"),
        (["show", "zzz"], "is not a document id"),
        (["ingest", "/no/such/path"], "no such file or directory"),
        (["ingest", "sample", "--field", "body"], "must look like NAME=COLUMN"),
    ],
)
def test_errors_are_one_line(sample_store: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["--store", str(sample_store), *args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_missing_store_error_names_the_fix(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "none"), "stats"])
    assert result.exit_code == 1
    assert "cabletrail --store" in result.output and "ingest PATH" in result.output


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cabletrail", "--store", str(tmp_path / "s"), "search", "x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: no store at")
    assert "Traceback" not in proc.stderr


def test_extract_prints_one_record_per_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The Council met in Geneva on 14 March 2016.")
    lines = [
        json.dumps({"id": "16GENEVA1", "created": "2016-03-14", "body": "You should abstain."}),
        json.dumps({"id": "16GENEVA2", "created": "2016-03-15", "body": "Please walk out."}),
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "bad.pdf").write_bytes(b"\x7fELF" + bytes(40))
    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "--date", "2016-03-18"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    assert {r["document"]["source"].rsplit("/", 1)[-1] for r in records} == {
        "a.txt",
        "c.jsonl#line 1",
        "c.jsonl#line 2",
    }
    assert "bad.pdf: failed:unsupported-binary" in result.stderr
    first = next(r for r in records if r["document"]["source"].endswith("a.txt"))
    assert first["timexes"][0]["value"] == "2016-03-14"


def test_analyze_then_facts(tmp_path: Path) -> None:
    trove = tmp_path / "t"
    trove.mkdir()
    (trove / "c.md").write_text(
        "---\ntitle: Evatt to Hodgson\ndoc_date: '1948-05-14'\n---\n"
        "Please telegraph me the result of the vote on 14 May 1948.\n"
    )
    store = tmp_path / "s"
    assert run("ingest", str(trove), "--no-progress", store=store).exit_code == 0
    done = json.loads(run("analyze", "--format", "json", "--no-progress", store=store).output)
    assert (done["extracted"], done["failed"]) == (1, 0)
    hit = json.loads(run("search", "telegraph", "--format", "json", store=store).output)
    doc_id = hit["results"][0]["id"]
    text = run("facts", doc_id[:10], store=store).output
    assert "REQUEST" in text and "Evatt → Hodgson" in text and "1948-05-14" in text
    record = json.loads(run("facts", doc_id, "--format", "json", store=store).output)
    assert record["document"]["id"] == doc_id and record["events"]


def test_facts_before_analyze_names_the_fix(sample_store: Path) -> None:
    hit = json.loads(
        run("search", "Korea", "--format", "json", "--limit", "1", store=sample_store).output
    )["results"][0]
    result = CliRunner().invoke(cli, ["--store", str(sample_store), "facts", hit["id"]])
    assert result.exit_code == 1 and "run `cabletrail analyze`" in result.output


def test_report_lists_every_file_with_its_status(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.txt").write_text("one")
    (tmp_path / "t" / "b.pdf").write_bytes(b"\x7fELF" + bytes(64))
    run("ingest", str(tmp_path / "t"), "--no-progress", store=tmp_path / "s")
    out = json.loads(run("report", "--format", "json", store=tmp_path / "s").output)
    assert sorted((Path(f["path"]).name, f["status"]) for f in out["files"]) == [
        ("a.txt", "ok"),
        ("b.pdf", "failed"),
    ]
    failed = json.loads(
        run("report", "--status", "failed", "--format", "json", store=tmp_path / "s").output
    )["files"]
    assert [f["reason"].split(":")[0] for f in failed] == ["unsupported-binary"]
    assert "failed" in run("report", store=tmp_path / "s").output


def test_record_commands(tmp_path: Path) -> None:
    trove = tmp_path / "t"
    trove.mkdir()
    (trove / "a.md").write_text(
        "---\ntitle: Ministry of Foreign Affairs to DPRK Mission Geneva\ndate: '2016-03-14'\n"
        "---\nYou are instructed to boycott the panel of the Human Rights Council. "
        "Then-Foreign Minister Ri Su-yong approved it. Human rights are not negotiable.\n"
    )
    (trove / "b.md").write_text(
        "---\ntitle: DPRK Mission Geneva to Ministry of Foreign Affairs\ndate: '2016-03-20'\n"
        "---\nRi Su Yong protested on 18 March 2016 against the report.\n"
    )
    store = tmp_path / "s"
    run("ingest", str(trove), "--no-progress", store=store)
    run("analyze", "--no-progress", store=store)
    resolved = json.loads(run("resolve", "--format", "json", store=store).output)
    assert resolved["clusters"] >= 3

    events = json.loads(run("timeline", "--format", "json", store=store).output)["events"]
    assert events and all(e["citation"]["document"] for e in events)
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)
    directive = next(e for e in events if e["type"] == "DIRECTIVE")
    assert directive["agent"] == "Ministry of Foreign Affairs"
    assert directive["recipient"] == "DPRK Mission Geneva"
    ics = run("timeline", "--format", "ics", store=store).stdout_bytes.decode()
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.count("BEGIN:VEVENT") == len(events)
    assert "| date |" in run("timeline", "--format", "md", store=store).output
    page = run("timeline", "--format", "html", "--entity", "Ri Su-yong", store=store).output
    assert "<table>" in page and "<script" not in page
    # the timeline streams, but a bad request fails before anything is written
    for fmt in ("json", "table", "md"):
        bad = run("timeline", "--format", fmt, "--entity", "Nobody Atall", store=store)
        assert bad.exit_code != 0 and bad.stdout == ""
        assert bad.stderr.count("\n") == 1 and "no entity named 'Nobody Atall'" in bad.stderr

    profile = json.loads(run("entity", "Ri Su Yong", "--format", "json", store=store).output)
    assert profile["name"].startswith("Ri Su") and len(profile["documents"]) == 2
    holders = json.loads(
        run("who", "Foreign Minister", "--on", "2016-03", "--format", "json", store=store).output
    )["holders"]
    assert holders[0]["person"].startswith("Ri Su")
    topics = json.loads(run("topics", "--format", "json", store=store).output)["topics"]
    assert any(t["topic"] == "human-rights" for t in topics)
    hits = json.loads(
        run("search", "--topic", "human-rights", "--format", "json", store=store).output
    )
    assert hits["total"] >= 1

    split = CliRunner().invoke(
        cli, ["--store", str(store), "entity", "split", profile["id"], "Ri Su Yong"]
    )
    assert split.exit_code == 0, split.output
    apart = json.loads(run("entity", "Ri Su-yong", "--format", "json", store=store).output)
    assert len(apart["documents"]) == 1
    merged = CliRunner().invoke(
        cli, ["--store", str(store), "entity", "merge", "Ri Su-yong", "Ri Su Yong"]
    )
    assert merged.exit_code == 0, merged.output
