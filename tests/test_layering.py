"""A stage imports the shared model, errors, settings and the store interface — never a
sibling stage. The CLI (and later the web app) may import every stage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "cabletrail"
SHARED = {"cabletrail", "cabletrail.model", "cabletrail.errors", "cabletrail.settings"}
ALLOWED = {
    "model": {"cabletrail.model", "cabletrail.errors"},
    "store": SHARED | {"cabletrail.store"},
    "ingest": SHARED | {"cabletrail.ingest", "cabletrail.store"},
    "query": SHARED | {"cabletrail.query", "cabletrail.store"},
    "extract": SHARED | {"cabletrail.extract", "cabletrail.store"},
    "present": SHARED | {"cabletrail.present", "cabletrail.store"},
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.split(".")[0] == "cabletrail"}


def _allowed(name: str, allowed: set[str]) -> bool:
    return any(name == a or name.startswith(a + ".") for a in allowed if a != "cabletrail") or (
        name == "cabletrail"
    )


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_stage_imports_only_shared_parts(stage: str) -> None:
    bad = {
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / stage).rglob("*.py")
        for name in _imports(path)
        if not _allowed(name, ALLOWED[stage])
    }
    assert not bad, sorted(bad)


def test_store_implementations_are_only_reached_through_the_interface() -> None:
    for stage in ("ingest", "query", "extract", "present"):
        for path in (PACKAGE / stage).rglob("*.py"):
            assert not any(n.startswith("cabletrail.store.sqlite") for n in _imports(path)), path
