"""The TimeLine scorer (scripts/eval_timeline.py): temporal awareness over timeline graphs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "eval_timeline.py"
TASK = SCRIPT.parents[2] / "shared" / "corpus" / "semeval2015-task4-timeline"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_timeline", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_timeline"] = module
    spec.loader.exec_module(module)
    return module


ev = _load()

GOLD = [
    (0, "XXXX-XX-XX", ["d-1-said"]),
    (1, "2003-XX-XX", ["d-2-sold"]),
    (2, "2004-05-01", ["d-3-bought", "d-4-paid"]),
    (3, "2005-XX-XX", ["d-5-flew"]),
]


def test_a_timeline_scores_perfectly_against_itself() -> None:
    counts = ev.Counts()
    counts.add(GOLD, GOLD)
    assert counts.prf() == (1.0, 1.0, 1.0)


def test_closure_is_transitive_and_keeps_simultaneous_classes() -> None:
    implied = ev.closure(ev.relations(GOLD))
    assert ("d-2-sold", "BEFORE", "d-5-flew") in implied  # two positions apart
    assert ("d-3-bought", "SIMULTANEOUS", "d-4-paid") in implied
    assert not any("d-1-said" in (a, b) for a, _, b in implied)  # position 0 is unordered


def test_a_reversed_order_earns_no_ordering_credit() -> None:
    reversed_ = [(0, "XXXX-XX-XX", ["d-1-said"]), (1, "XXXX-XX-XX", ["d-5-flew"]),
                 (2, "XXXX-XX-XX", ["d-2-sold"])]  # fmt: skip
    counts = ev.Counts()
    counts.add(GOLD, reversed_)
    assert counts.prf() == (0.0, 0.0, 0.0)  # its one BEFORE is backwards; gold's are missed


def test_reading_a_gold_file() -> None:
    path = TASK / "corpus_1" / "TimeLines_Gold_Standard" / "airbus.txt"
    if not path.exists():
        pytest.skip("SemEval-2015 Task 4 data not in ../shared/corpus")
    timeline = ev.read_timeline(path)
    assert timeline[0][0] == 0 and all(len(events) >= 1 for _, _, events in timeline)
    assert any(date == "2003-XX-XX" for _, date, _ in timeline)


def test_the_reduced_graph_drops_what_the_kept_relations_imply() -> None:
    explicit = ev.relations(GOLD)
    kept = ev.reduce(explicit)
    # 4 anchors; d-3 ~ d-4 is implied by their shared date; of the 4 BEFORE links between
    # the dated positions, one per pair of positions remains
    assert (len(explicit), len(kept)) == (9, 6)
    assert ("d-3-bought", "SIMULTANEOUS", "d-4-paid") not in kept
    assert ev.closure(set(kept)) == ev.closure(set(explicit))


def test_reduction_keeps_contradictions_and_needs_classes_first() -> None:
    loop = [("a", "BEFORE", "b"), ("b", "BEFORE", "a")]
    assert ev.reduce(loop) == loop  # violated relations count, as in TempEval-3
    with pytest.raises(ValueError, match="SIMULTANEOUS relations must come before"):
        ev.reduce([("a", "BEFORE", "b"), ("a", "SIMULTANEOUS", "c")])


def test_reduction_changes_what_a_redundant_system_is_credited_with() -> None:
    # the system finds both paid events at one undated position and nothing else
    system = [(1, "XXXX-XX-XX", ["d-3-bought", "d-4-paid"])]
    reduced, unreduced = ev.Counts(), ev.Counts()
    reduced.add(GOLD, system)
    unreduced.add(GOLD, system, reduced=False)
    assert (reduced.system, reduced.system_right) == (1, 1)
    assert (reduced.gold, reduced.gold_found) == (6, 0)
    assert (unreduced.gold, unreduced.gold_found) == (9, 1)  # the redundant d-3 ~ d-4
