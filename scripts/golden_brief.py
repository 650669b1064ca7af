"""Regenerate tests/golden/brief/sample-human-rights.md: the brief of the bundled sample trove
on human rights. Review the diff by eye: it is what an analyst would publish.

    .venv/bin/python scripts/golden_brief.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from cabletrail.extract.analyze import analyze
from cabletrail.ingest import ingest
from cabletrail.present import brief as briefs
from cabletrail.query.brief import brief_data
from cabletrail.resolve import resolve
from cabletrail.settings import Settings
from cabletrail.store import Store
from cabletrail.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "brief" / "sample-human-rights.md"


def sample_brief(store_dir: Path) -> str:
    return sample_brief_in(SQLiteStore(store_dir, create=True))


def sample_brief_in(store: Store) -> str:
    """Ingest, analyse and resolve the sample trove in ``store`` (then closed); its brief."""
    try:
        ingest(store, [ROOT / "sample" / "trove"])
        analyze(store, Settings.load(env={}))
        resolve(store)
        return briefs.markdown(briefs.build(brief_data(store, topic="human-rights")))
    finally:
        store.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        GOLDEN.write_text(sample_brief(Path(tmp) / "s"), "utf-8")
    print(GOLDEN.relative_to(ROOT))


if __name__ == "__main__":
    main()
