"""Team mode: the cost of a member's scope on a resolved store — the first request (clustering
the scope's own mentions, filling the connection's temporary entity tables) and later ones.

    .venv/bin/python scripts/bench_scope.py bench-out/full volumes
"""

from __future__ import annotations

import argparse
import time

from cabletrail.query.record import TimelineRequest, timeline
from cabletrail.web.app import Stores


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("store")
    parser.add_argument("collections", nargs="+")
    args = parser.parse_args()
    stores = Stores(args.store)
    scope = frozenset(args.collections)
    try:
        for i in range(3):
            t0 = time.perf_counter()
            with stores.borrow(scope) as store:
                t1 = time.perf_counter()
                timeline(store, TimelineRequest(limit=100))
                entities = len(store.clusters())
            t2 = time.perf_counter()
            print(
                f"request {i + 1}: borrow {t1 - t0:.2f} s, timeline page + entity list "
                f"{t2 - t1:.2f} s ({entities:,} entities)"
            )
    finally:
        stores.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
