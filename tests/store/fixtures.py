"""Helpers for the store tests: a small catalog, a database holding it, clocks, and checks that
read the SQLite file directly (a fresh connection, never the store's own)."""
from __future__ import annotations

import json
import sqlite3
import threading
import time as _time
from collections import Counter as _Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from shared.catalog.draft import (AgencyRow, BoothRow, CatalogDraft, CounterRow, ServiceRow,
                                  SiteRow)
from shared.store.catalog_db import replace_catalog
from shared.store.database import open_database
from shared.store.queue_store import QueueStore

# Monday 2 March 2026, 10:00 in Jakarta (UTC+7). Any instant works (the site is open 24 h); a fixed
# one keeps the service day from rolling over at local midnight in the middle of a test.
T0 = datetime(2026, 3, 2, 3, 0, tzinfo=timezone.utc)


def small_catalog(*, open_24h: bool = True, require_staffed: bool = False) -> CatalogDraft:
    """Two agencies; Dukcapil has two services (A, B) and four counters, Polri one of each (C)."""
    draft = CatalogDraft(site=SiteRow("mpp-test", "MPP Uji", open_24h=open_24h,
                                      require_staffed=require_staffed, calling_rule="ratio:3"))
    draft.agencies = [AgencyRow("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil", 1),
                      AgencyRow("POLRI", "Kepolisian Republik Indonesia", "Polri", 2)]
    draft.booths = [BoothRow("B-DUK", "DUKCAPIL", "Dukcapil", "Lantai 1"),
                    BoothRow("B-POL", "POLRI", "Polri", "Lantai 2")]
    draft.counters = [CounterRow(f"DUK-{n}", "B-DUK", n) for n in (1, 2, 3, 4)]
    draft.counters.append(CounterRow("POL-1", "B-POL", 5))
    draft.services = [
        ServiceRow("KTP", "DUKCAPIL", "A", "KTP-el", sort=1),
        ServiceRow("KK", "DUKCAPIL", "B", "Kartu Keluarga", sort=2),
        ServiceRow("SKCK", "POLRI", "C", "SKCK", sort=1),
    ]
    return draft


def create_db(path: Path, draft: CatalogDraft | None = None) -> Path:
    """A new database file at `path` holding the catalog (as `antrean catalog import` does)."""
    conn = open_database(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        replace_catalog(conn, draft or small_catalog())
        conn.execute("COMMIT")
    finally:
        conn.close()
    return path


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


class SteadyClock:
    """Real elapsed time, counted from a fixed instant (for the threaded and multi-process runs)."""

    def __init__(self, start: datetime = T0) -> None:
        self.start = start
        self.t0 = _time.monotonic()
        self.lock = threading.Lock()

    def __call__(self) -> datetime:
        with self.lock:
            return self.start + timedelta(seconds=_time.monotonic() - self.t0)


def service_id(store: QueueStore, code: str) -> int:
    return next(s.id for s in store.state.catalog.services.values() if s.code == code)


def counter_id(store: QueueStore, code: str) -> int:
    return next(c.id for c in store.state.catalog.counters.values() if c.code == code)


# -- reading the file directly -----------------------------------------------------------------
def raw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    conn.row_factory = sqlite3.Row
    return conn


def ticket_rows(path: Path) -> list[sqlite3.Row]:
    conn = raw(path)
    try:
        return conn.execute("SELECT * FROM tickets ORDER BY id").fetchall()
    finally:
        conn.close()


def event_rows(path: Path) -> list[sqlite3.Row]:
    conn = raw(path)
    try:
        return conn.execute("SELECT * FROM events ORDER BY seq").fetchall()
    finally:
        conn.close()


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of the queue tables, to show that a command wrote nothing."""
    conn = raw(path)
    try:
        return {table: [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY 1")]
                for table in ("tickets", "counter_state", "events", "sqlite_sequence")}
    finally:
        conn.close()


def check_tickets(path: Path, acknowledged: dict[int, str] | None = None) -> list[sqlite3.Row]:
    """No duplicate numbers, each prefix numbered 1..n without a hole, every acknowledged ticket
    (id -> number) present with its number. Returns the rows."""
    rows = ticket_rows(path)
    keys = [(r["day"], r["prefix"], r["seq"]) for r in rows]
    dupes = [k for k, n in _Counter(keys).items() if n > 1]
    assert not dupes, f"duplicate numbers: {dupes[:10]}"
    numbers = [(r["day"], r["number"]) for r in rows]
    assert len(set(numbers)) == len(numbers), "duplicate printed numbers"
    by_series: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        by_series.setdefault((r["day"], r["prefix"]), []).append(r["seq"])
        assert r["number"] == f"{r['prefix']}{r['seq']:03d}"
    for series, seqs in by_series.items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), f"series {series} has holes"
    if acknowledged:
        stored = {r["id"]: r["number"] for r in rows}
        lost = {i: n for i, n in acknowledged.items() if stored.get(i) != n}
        assert not lost, f"{len(lost)} acknowledged tickets lost or changed, e.g. {list(lost.items())[:5]}"
    return rows


def check_events(path: Path) -> list[sqlite3.Row]:
    """The event log: seq 1..n without a hole, one ticket_issued per ticket, and no ticket ever
    held by two counters (a call only for a ticket that no counter holds, on a counter that holds
    nothing, until a finish/skip/transfer/return/expiry releases it)."""
    events = event_rows(path)
    seqs = [e["seq"] for e in events]
    assert seqs == list(range(1, len(seqs) + 1)), "event sequence has holes or disorder"
    issued = _Counter(e["ticket_id"] for e in events if e["type"] == "ticket_issued")
    assert all(n == 1 for n in issued.values()), "a ticket was issued twice"
    tickets = {r["id"] for r in ticket_rows(path)}
    assert set(issued) == tickets, "tickets and ticket_issued events disagree"
    held_by: dict[int, int] = {}  # ticket -> counter
    holding: dict[int, int] = {}  # counter -> ticket
    for e in events:
        t, c = e["ticket_id"], e["counter_id"]
        if e["type"] == "ticket_called":
            assert t not in held_by, (
                f"event {e['seq']}: ticket {t} called at counter {c} while at counter {held_by[t]}")
            assert c not in holding, (
                f"event {e['seq']}: counter {c} called {t} while still holding {holding[c]}")
            held_by[t], holding[c] = c, t
        elif e["type"] in ("ticket_finished", "ticket_skipped", "ticket_transferred",
                           "ticket_returned"):
            assert held_by.pop(t) == c
            assert holding.pop(c) == t
        elif e["type"] == "ticket_expired" and t in held_by:
            holding.pop(held_by.pop(t))
        elif e["type"] == "counter_closed" and c in holding:
            # Only the day's end closes a counter over a ticket (which then expires).
            assert json.loads(e["data"]).get("reason") == "day_end", (
                f"event {e['seq']}: counter {c} closed holding ticket {holding[c]}")
            held_by.pop(holding.pop(c))
    # ... and the final rows agree with that replay.
    conn = raw(path)
    try:
        at_counters = {r["id"]: r["counter_id"] for r in conn.execute(
            "SELECT id, counter_id FROM tickets WHERE status IN ('called', 'serving')")}
        counters = {r["counter_id"]: r["ticket_id"] for r in conn.execute(
            "SELECT counter_id, ticket_id FROM counter_state WHERE ticket_id IS NOT NULL")}
    finally:
        conn.close()
    assert at_counters == held_by
    assert counters == holding
    return events
