"""Benchmarks that print JSON (speed targets are measured here, never by timed tests)."""
from __future__ import annotations

import importlib
import json
import os
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

from ..catalog.draft import (AgencyRow, BoothRow, CatalogDraft, CounterRow, ServiceRow, SiteRow)
from ..domain import commands as c
from ..store.database import open_database
from ..store.catalog_db import replace_catalog
from ..store.queue_store import QueueStore
from ..store.writer import GroupWriter
from . import bench_net


def register(sub) -> None:
    bench = sub.add_parser("bench", help="benchmarks (print JSON)")
    bench_sub = bench.add_subparsers(dest="bench", required=True)
    p = bench_sub.add_parser("store", help="tickets/s through the store vs raw durable commits")
    p.add_argument("--dir", type=Path, default=None,
                   help="folder for the test databases (default: a temporary folder on /tmp's disk)")
    p.add_argument("--tickets", type=int, default=3000)
    p.add_argument("--threads", type=int, default=8, help="client threads for the group-commit run")
    p.set_defaults(handler=cmd_bench_store)
    bench_net.register_bench(bench_sub)
    _register_app_benches(bench_sub)


def _register_app_benches(bench_sub) -> None:
    """App benchmarks live in the app packages; their modules import Qt only when run."""
    for app in ("kiosk", "counter", "display"):
        importlib.import_module(f"{app}.bench").register_bench(bench_sub)


def _bench_catalog(counters: int = 10) -> CatalogDraft:
    return CatalogDraft(
        site=SiteRow("bench", "Bench MPP", open_24h=True, require_staffed=False),
        agencies=[AgencyRow("a", "Agency", "A")],
        booths=[BoothRow("b", "a", "Booth")],
        counters=[CounterRow(f"c{i}", "b", i) for i in range(1, counters + 1)],
        services=[ServiceRow(f"s{i}", "a", p, f"Service {i}") for i, p in enumerate("ABCD", 1)],
    )


def make_bench_store(path: Path, counters: int = 10) -> QueueStore:
    conn = open_database(path)
    conn.execute("BEGIN IMMEDIATE")
    replace_catalog(conn, _bench_catalog(counters))
    conn.execute("COMMIT")
    conn.close()
    return QueueStore(path)


def raw_commit_rate(folder: Path, n: int) -> float:
    """Single-row INSERT commits with the same pragmas (WAL, synchronous=FULL)."""
    conn = sqlite3.connect(str(folder / "raw.db"), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    start = time.perf_counter()
    for i in range(n):
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t (v) VALUES (?)", (f"row {i}",))
        conn.execute("COMMIT")
    rate = n / (time.perf_counter() - start)
    conn.close()
    return rate


def cmd_bench_store(args) -> int:
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        n = args.tickets
        raw = raw_commit_rate(folder, n)
        store = make_bench_store(folder / "store.db")
        services = [1, 2, 3, 4]
        start = time.perf_counter()
        for i in range(n):
            store.execute(c.IssueTicket(services[i % 4]))
        issue_rate = n / (time.perf_counter() - start)
        for counter_id in range(1, 11):
            store.execute(c.OpenCounter(counter_id, counter_id))
        start = time.perf_counter()
        calls = 0
        for i in range(n):
            if store.execute(c.CallNext(1 + i % 10)).ok:
                calls += 1
        call_rate = calls / (time.perf_counter() - start)
        store.close()

        store = make_bench_store(folder / "group.db")
        writer = GroupWriter(store)
        per_thread = n // args.threads

        def worker(k: int) -> None:
            for i in range(per_thread):
                writer.execute(c.IssueTicket(services[(i + k) % 4]))

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.threads)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        group_rate = per_thread * args.threads / (time.perf_counter() - start)
        writer.close()
        dupes = store.conn.execute(
            "SELECT count(*) FROM (SELECT day, prefix, seq FROM tickets GROUP BY 1, 2, 3 "
            "HAVING count(*) > 1)").fetchone()[0]
        store.close()
    result = {
        "durability": "WAL, synchronous=FULL (fsync per commit)",
        "tickets": n,
        "raw_durable_commits_per_s": round(raw, 1),
        "issue_per_s": round(issue_rate, 1),
        "call_per_s": round(call_rate, 1),
        "issue_ratio_to_raw": round(issue_rate / raw, 3),
        "group_commit_threads": args.threads,
        "group_commit_issue_per_s": round(group_rate, 1),
        "duplicates": dupes,
        "cpu_count": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    return 0
