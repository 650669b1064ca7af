"""Latency of the web workspace under load: 20 concurrent clients on loopback request the
search, document and timeline pages of a running `cabletrail serve`; p50/p95 per page.

    .venv/bin/python scripts/bench_web.py                 # the analysed sample trove, both stores
    .venv/bin/python scripts/bench_web.py --backend sqlite
    .venv/bin/python scripts/bench_web.py --store PATH    # an analysed, resolved store

The PostgreSQL run starts a throwaway server as the tests do (tests/postgres.py) or uses
CABLETRAIL_TEST_POSTGRES.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench-out"
TERMS = ['"human rights"', "Korea", "Commission AND Assembly", "instruct*", "United Nations"]


def build_sample() -> Path:
    from golden_brief import sample_brief

    store = OUT / "web-sample"
    if not (store / "cabletrail.db").exists():
        sample_brief(store)
    return store


def urls(port: int) -> dict[str, list[str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/api/search?q=" + quote("Korea OR rights OR United"))
    docs = [r["id"] for r in json.loads(conn.getresponse().read())["results"]]
    conn.close()
    return {
        "search": [f"/search?q={quote(t)}" for t in TERMS],
        "document": [f"/documents/{d}" for d in docs],
        "timeline": [
            "/timeline",
            "/timeline?type=DIRECTIVE&type=REQUEST",
            "/timeline?offset=100",
            "/timeline?topic=human-rights",
        ],
    }


def client(port: int, plan: list[tuple[str, str]], out: dict[str, list[float]]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for kind, url in plan:
        t0 = time.perf_counter()
        conn.request("GET", url)
        response = response = conn.getresponse()
        response.read()
        elapsed = (time.perf_counter() - t0) * 1000
        if response.status != 200:
            raise SystemExit(f"{url}: HTTP {response.status}")
        out.setdefault(kind, []).append(elapsed)
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", help="an analysed, resolved store (directory or DSN)")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=30, help="per client and page kind")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(ROOT))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    if args.store:
        return measure(args.store, args)
    if args.backend in ("sqlite", "both"):
        measure(str(build_sample()), args)
    if args.backend in ("postgres", "both"):
        from golden_brief import sample_brief_in
        from tests.postgres import database, server

        from cabletrail.store.postgres import PostgresStore

        with server() as admin, database(admin) as dsn:
            sample_brief_in(PostgresStore(dsn, create=True))
            measure(dsn, args)
    return 0


def measure(store: str, args: argparse.Namespace) -> int:
    port = 18765
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/cabletrail"), "--store", str(store), "serve", "--port", str(port)],
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                mix = urls(port)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        results: list[dict[str, list[float]]] = [{} for _ in range(args.clients)]
        threads = []
        rng = random.Random(7)
        for i in range(args.clients):
            plan = [(k, rng.choice(v)) for k, v in mix.items() for _ in range(args.requests)]
            rng.shuffle(plan)
            threads.append(threading.Thread(target=client, args=(port, plan, results[i])))
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(10)
    merged: dict[str, list[float]] = {}
    for r in results:
        for kind, times in r.items():
            merged.setdefault(kind, []).extend(times)
    total = sum(len(v) for v in merged.values())
    print(
        f"store: {store}; {args.clients} clients, {total} requests in {wall:.1f} s "
        f"({total / wall:.0f} req/s)"
    )
    print("| page | requests | p50 ms | p95 ms |")
    print("|---|---|---|---|")
    for kind, times in merged.items():
        q = statistics.quantiles(times, n=20)
        print(f"| {kind} | {len(times)} | {statistics.median(times):.0f} | {q[18]:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
