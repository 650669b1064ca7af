"""kill -9 at random points (scripts/crashtest, N=20 here, 200 in make bench): nothing
acknowledged is lost and a rerun completes the batch."""

from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_kill_9_loses_nothing_acknowledged() -> None:
    loader = importlib.machinery.SourceFileLoader("crashtest", str(ROOT / "scripts" / "crashtest"))
    spec = importlib.util.spec_from_loader("crashtest", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    result = module.run(kills=20, analyze_kills=2)
    assert result["ingest_kills"] == 20
    assert result["acknowledged_lost"] == 0
    assert result["final_integrity"] == "ok"
    assert result["problems"] == []
