"""Graph, exports and briefs of the analysed sample trove (spaCy runs once for the module)."""

from __future__ import annotations

import csv
import io
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from cabletrail.cli.main import cli
from cabletrail.present.export import events_csv, safe_cell

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from golden_brief import GOLDEN  # noqa: E402


@pytest.fixture(scope="module")
def analysed(analysed_sample: tuple[Path, str]) -> str:
    store, brief = analysed_sample
    assert brief == GOLDEN.read_text("utf-8"), (
        "the sample brief changed; if intended, run scripts/golden_brief.py and review the diff"
    )
    return str(store)


def run(store: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--store", store, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_golden_brief_footnotes_every_statement(analysed: str) -> None:
    md = GOLDEN.read_text("utf-8")
    body, _, sources = md.partition("## Sources")
    statements = [
        line
        for line in body.splitlines()
        if (line.startswith("- ") and not line.startswith("- **"))
        or ("—" in line and line.startswith("- **1"))
    ]
    assert statements
    for line in body.splitlines():
        if line.startswith("- **1") or line.startswith("- **2"):  # timeline entries
            assert "[^" in line, line
    notes = [n for n in sources.splitlines() if n.startswith("[^")]
    assert notes and all("document " in n and "characters " in n for n in notes)


def test_brief_html_and_pdf(analysed: str, tmp_path: Path) -> None:
    page = run(analysed, "brief", "--topic", "human-rights", "--format", "html")
    assert page.startswith("<!doctype html>") and "<script" not in page.lower()
    out = tmp_path / "brief.pdf"
    run(analysed, "brief", "--topic", "human-rights", "--format", "pdf", "--output", str(out))
    assert out.read_bytes().startswith(b"%PDF-")


def test_graph_formats(analysed: str) -> None:
    data = json.loads(run(analysed, "graph", "--format", "json"))
    assert data["nodes"] and data["edges"]
    kinds = {e["kind"] for e in data["edges"]}
    assert "correspondence" in kinds and kinds & {"directive", "request"}
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    ET.fromstring(run(analysed, "graph", "--format", "graphml"))
    ET.fromstring(run(analysed, "graph", "--format", "gexf"))
    near = json.loads(run(analysed, "graph", "--entity", "Jackson", "--depth", "1"))
    assert 0 < len(near["nodes"]) < len(data["nodes"])


def test_ftm_export_validates(analysed: str) -> None:
    from followthemoney import model

    lines = run(analysed, "export", "--format", "ftm").splitlines()
    schemata = set()
    for line in lines:
        entity = model.get_proxy(json.loads(line), cleaned=False)
        schemata.add(entity.schema.name)
    assert {"Person", "Organization", "Document", "Mention", "Event"} <= schemata


def test_other_exports(analysed: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run(analysed, "export", "--format", "csv"))))
    assert rows and rows[0]["document"]
    plover = [json.loads(x) for x in run(analysed, "export", "--format", "plover").splitlines()]
    assert plover and {p["event_type"] for p in plover} <= {
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "PROTEST",
        "CONCEDE",
        "AGREE",
        "MOBILIZE",
        "CONSULT",
    }
    kinds = {
        json.loads(x)["kind"] for x in run(analysed, "export", "--format", "jsonl").splitlines()
    }
    assert kinds == {"entity", "event"}
    ET.fromstring(run(analysed, "export", "--format", "graphml"))
    assert "BEGIN:VEVENT" in run(analysed, "export", "--format", "ics")


def test_csv_cells_cannot_run_formulas() -> None:
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("+1") == "'+1" and safe_cell("-2") == "'-2" and safe_cell("@SUM") == "'@SUM"
    assert safe_cell("plain") == "plain" and safe_cell(None) == ""
    event = {
        "date": "2016",
        "dated_by": "event",
        "type": "DIRECTIVE",
        "agent": "=cmd|' /C calc'!A0",
        "recipient": None,
        "target": None,
        "forum": None,
        "trigger": "ordered",
        "content": None,
        "modality": "asserted",
        "negated": False,
        "citation": {
            "document": "d",
            "title": "t",
            "date": "2016",
            "sentence": "s",
            "start": 0,
            "end": 1,
        },
    }
    row = list(csv.reader(io.StringIO(events_csv([event]))))[1]
    assert row[3].startswith("'=")


def test_timeline_pages_are_slices_of_the_full_timeline(analysed: str) -> None:
    """A page is ordered, date-filtered and cut in SQL; it must be exactly the slice of the
    timeline built and sorted in Python."""

    def events(*args: str) -> list[dict[str, object]]:
        out: list[dict[str, object]] = json.loads(
            run(analysed, "timeline", "--format", "json", *args)
        )["events"]
        return out

    full = events()
    assert len(full) > 20
    assert events("--limit", "7", "--offset", "5") == full[5:12]
    assert events("--offset", str(len(full) - 3)) == full[-3:]
    ranged = events("--from", "1948-03", "--to", "1949")
    assert ranged and events("--from", "1948-03", "--to", "1949", "--limit", "4") == ranged[:4]
    directives = events("--type", "DIRECTIVE")
    assert events("--type", "DIRECTIVE", "--limit", "3", "--offset", "1") == directives[1:4]
    topical = events("--topic", "human-rights")
    assert topical
    assert events("--topic", "human-rights", "--limit", "2") == topical[:2]


@pytest.mark.parametrize("depth", [1, 2])
def test_entity_graph_reads_its_documents_only_and_equals_the_cut_whole(
    analysed: str, depth: int
) -> None:
    """graph(entity) walks the entity's documents, not the trove; it must give exactly the
    part of the whole graph within ``depth`` steps."""
    from cabletrail.query.graph import graph
    from cabletrail.store.sqlite import SQLiteStore

    store = SQLiteStore(Path(analysed))
    try:
        whole = graph(store)
        start = store.find_clusters("Jackson")[0]["id"]
        keep, frontier = {start}, {start}
        for _ in range(depth):
            frontier = {
                e["target"] if e["source"] in frontier else e["source"]
                for e in whole["edges"]
                if e["source"] in frontier or e["target"] in frontier
            } - keep
            keep |= frontier
        expected = {
            (e["source"], e["target"], e["kind"], e["count"], e["first"], e["last"])
            for e in whole["edges"]
            if e["source"] in keep and e["target"] in keep
        }
        near = graph(store, start, depth)
        got = {
            (e["source"], e["target"], e["kind"], e["count"], e["first"], e["last"])
            for e in near["edges"]
        }
        assert got == expected and len(got) > 1
    finally:
        store.close()
