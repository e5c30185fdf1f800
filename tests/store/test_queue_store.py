"""The queue store end to end through a real SQLite file: persistence, reload, the event log,
atomicity of commands, and changes made by other connections."""
from __future__ import annotations

import dataclasses
import json
import sqlite3
import time

import pytest

from shared.domain import commands as c
from shared.domain.model import PriorityClass
from shared.domain.tickets import CounterStatus, TicketStatus
from shared.store.queue_store import QueueStore
from shared.store.writer import GroupWriter

from .fixtures import (FakeClock, check_events, check_tickets, counter_id, create_db, event_rows,
                       raw, service_id, small_catalog, snapshot, ticket_rows)


@pytest.fixture
def db(tmp_path):
    return create_db(tmp_path / "site.db")


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def store(db, clock):
    store = QueueStore(db, clock=clock)
    yield store
    store.close()


class Ids:
    def __init__(self, store: QueueStore) -> None:
        self.A, self.B, self.C = (service_id(store, s) for s in ("KTP", "KK", "SKCK"))
        self.c1, self.c2, self.c3, self.c4 = (counter_id(store, f"DUK-{n}") for n in (1, 2, 3, 4))
        self.pol = counter_id(store, "POL-1")


def issue(store: QueueStore, service: int, **kw) -> str:
    outcome = store.execute(c.IssueTicket(service, **kw))
    assert outcome.ok, outcome.rejected
    return outcome.ticket.number


def reopen(store: QueueStore, clock) -> QueueStore:
    store.close()
    return QueueStore(store.path, clock=clock)


# -- persistence and reload -------------------------------------------------------------------
def test_issue_call_finish_are_on_disk(store, clock):
    ids = Ids(store)
    assert store.execute(c.OpenCounter(ids.c1, officer_id=7)).ok
    first = store.execute(c.IssueTicket(ids.A))
    assert first.ok and first.ticket.number == "A001" and first.estimate is not None
    clock.advance(minutes=1)
    called = store.execute(c.CallNext(ids.c1))
    assert called.ticket.id == first.ticket.id and called.ticket.status is TicketStatus.CALLED
    clock.advance(minutes=4)
    assert store.execute(c.Finish(ids.c1)).ok

    row = {r["id"]: r for r in ticket_rows(store.path)}[first.ticket.id]
    assert (row["number"], row["status"], row["counter_id"], row["officer_id"]) == \
        ("A001", "done", ids.c1, 7)
    assert row["finished_at"] - row["called_at"] == 4 * 60_000
    assert json.loads(row["services_done"]) == [ids.A]
    assert [e["type"] for e in event_rows(store.path)] == [
        "day_started", "counter_opened", "ticket_issued", "ticket_called", "ticket_finished"]
    check_events(store.path)


def test_series_continue_after_reopen(store, clock):
    ids = Ids(store)
    assert [issue(store, ids.A) for _ in range(3)] == ["A001", "A002", "A003"]
    assert issue(store, ids.B) == "B001"
    assert issue(store, ids.C, priority=PriorityClass.LANSIA) == "C001"
    store = reopen(store, clock)
    assert issue(store, ids.A) == "A004"
    assert issue(store, ids.B) == "B002"
    assert issue(store, ids.C) == "C002"
    store = reopen(store, clock)
    assert issue(store, ids.A) == "A005"
    store.close()
    check_tickets(store.path)
    assert len(ticket_rows(store.path)) == 9


def test_counters_stay_open_and_waiting_tickets_stay_callable(store, clock):
    ids = Ids(store)
    for counter, officer in ((ids.c1, 1), (ids.c2, 2), (ids.c3, 3)):
        assert store.execute(c.OpenCounter(counter, officer)).ok
    assert store.execute(c.PauseCounter(ids.c3)).ok
    numbers = [issue(store, ids.A) for _ in range(4)]
    token = store.execute(c.IssueTicket(ids.B)).ticket.token
    called = store.execute(c.CallNext(ids.c1)).ticket
    assert called.number == "A001"
    assert store.execute(c.StartService(ids.c1)).ok
    before = {cid: dataclasses.astuple(s) for cid, s in store.state.counters.items()}

    store = reopen(store, clock)
    assert {cid: dataclasses.astuple(s) for cid, s in store.state.counters.items()} == before
    assert store.state.counters[ids.c1].status is CounterStatus.OPEN
    assert store.state.counters[ids.c1].ticket_id == called.id
    assert store.state.counters[ids.c3].status is CounterStatus.PAUSED
    assert store.state.tickets[called.id].status is TicketStatus.SERVING
    # Opening again by the same officer is a harmless repeat; another officer is refused.
    assert store.execute(c.OpenCounter(ids.c2, 2)).events == []
    assert store.execute(c.OpenCounter(ids.c2, 9)).rejected.code == "counter_in_use"
    clock.advance(minutes=2)
    assert store.execute(c.CallNext(ids.c2)).ticket.number == numbers[1]
    assert store.execute(c.CallNext(ids.c1)).ticket.number == numbers[2]  # finishes A001
    assert store.ticket_by_token(token).number == "B001"
    store = reopen(store, clock)
    rows = {r["number"]: r["status"] for r in ticket_rows(store.path)}
    assert rows == {"A001": "done", "A002": "called", "A003": "called", "A004": "waiting",
                    "B001": "waiting"}
    assert store.execute(c.CallNext(ids.c2)).ticket.number in ("A004", "B001")
    store.close()
    check_events(store.path)


def test_event_sequence_strictly_increasing_without_gaps_across_reopen(store, clock):
    ids = Ids(store)
    seen = []
    store.listeners.append(seen.extend)
    store.execute(c.OpenCounter(ids.c1, 1))
    for _ in range(3):
        issue(store, ids.A)
    store.execute(c.CallNext(ids.c1))
    assert store.last_seq() == len(seen) == 6
    store = reopen(store, clock)
    store.listeners.append(seen.extend)
    store.execute(c.CallNext(ids.c1))  # finish + call: two events, one command
    store.execute(c.CallTicket(ids.c1, 999)).rejected  # rejected: nothing
    issue(store, ids.B)
    assert [e.seq for e in seen] == list(range(1, 10))
    assert store.last_seq() == 9
    replay = store.events_since(0)
    assert [(e.seq, e.type, e.ticket_id, e.counter_id, e.data) for e in replay] == \
        [(e.seq, e.type, e.ticket_id, e.counter_id, e.data) for e in seen]
    assert [e.at for e in replay] == [e.at for e in seen]
    # A follower that saw up to 6 gets exactly the rest; limit pages.
    assert [e.seq for e in store.events_since(6)] == [7, 8, 9]
    assert [e.seq for e in store.events_since(2, limit=3)] == [3, 4, 5]
    assert store.events_since(9) == []
    called = [e for e in replay if e.type == "ticket_called"][-1]
    assert called.data["number"] == "A002" and called.data["counter_number"] == 1
    assert called.data["agency"] == "Dukcapil"
    store.close()
    check_events(store.path)


# -- atomicity ----------------------------------------------------------------------------------
def rejections(ids: Ids) -> list[tuple[c.Command, str]]:
    return [
        (c.IssueTicket(999), "unknown_service"),
        (c.CallNext(ids.c3), "counter_closed"),
        (c.CallNext(999), "unknown_counter"),
        (c.CallNext(ids.pol), "queue_empty"),
        (c.OpenCounter(ids.c1, officer_id=99), "counter_in_use"),
        (c.Finish(ids.c2), "no_ticket"),
        (c.Requeue(12345), "unknown_ticket"),
        (c.ResumeCounter(ids.c1), "not_paused"),
    ]


def test_a_rejected_command_writes_nothing(store, clock):
    ids = Ids(store)
    store.execute(c.OpenCounter(ids.c1, 1))
    store.execute(c.OpenCounter(ids.c2, 2))
    store.execute(c.OpenCounter(ids.pol, 5))
    issue(store, ids.A)
    store.execute(c.CallNext(ids.c1))
    for command, code in rejections(ids):
        before = snapshot(store.path)
        series, next_id = dict(store.state.series), store.next_id
        outcome = store.execute(command)
        assert outcome.rejected is not None and outcome.rejected.code == code, command
        assert outcome.events == [] and not outcome.ok
        assert snapshot(store.path) == before, command
        assert (store.state.series, store.next_id) == (series, next_id)
    assert issue(store, ids.A) == "A002"


def test_a_rejected_command_on_a_new_day_stores_only_the_rollover(store, clock):
    ids = Ids(store)
    store.execute(c.OpenCounter(ids.c1, 1))
    store.execute(c.OpenCounter(ids.c2, 2))
    for _ in range(3):
        issue(store, ids.A)
    store.execute(c.CallNext(ids.c1))
    last = store.last_seq()
    before = snapshot(store.path)
    clock.advance(days=1)

    outcome = store.execute(c.CallNext(ids.c1))  # closed by the night
    assert outcome.rejected.code == "counter_closed"
    types = [e.type for e in outcome.events]
    assert types == ["counter_closed", "counter_closed", "ticket_expired", "ticket_expired",
                     "ticket_expired", "day_started"]
    assert [e.seq for e in outcome.events] == list(range(last + 1, last + 7))
    assert [(e.seq, e.type) for e in store.events_since(last)] == \
        [(e.seq, e.type) for e in outcome.events]
    after = snapshot(store.path)
    assert after["events"][:len(before["events"])] == before["events"]
    assert {r[11] for r in after["tickets"]} == {"expired"}  # status column
    assert {r[1] for r in after["counter_state"]} == {"closed"}
    check_events(store.path)
    # The new day numbers from 1 again, after a reopen too.
    store = reopen(store, clock)
    assert issue(store, ids.A) == "A001"
    store.close()
    check_tickets(store.path)


def test_the_day_a_counter_opened_survives_a_restart(store, clock):
    """A restart in the morning, after counters opened but before the first ticket, must not
    roll the day over a second time (closing the counters again)."""
    ids = Ids(store)
    issue(store, ids.A)
    clock.advance(days=1)
    assert store.execute(c.OpenCounter(ids.c1, 1)).ok  # the first command of the day
    store = reopen(store, clock)
    clock.advance(minutes=5)
    assert issue(store, ids.A) == "A001"
    assert store.state.counters[ids.c1].status is CounterStatus.OPEN
    assert store.execute(c.CallNext(ids.c1)).ticket.number == "A001"
    store.close()
    types = [e["type"] for e in event_rows(store.path)]
    assert types.count("day_started") == 2  # one per day, not one per restart
    check_events(store.path)


def fail_after_writing(monkeypatch, *, on_call: int = 1):
    """Make the n-th _persist raise after it wrote its rows (a bug in the middle of a command)."""
    real = QueueStore._persist
    calls = {"n": 0}

    def persist(self, events):
        stored = real(self, events)
        calls["n"] += 1
        if calls["n"] >= on_call:
            raise RuntimeError("boom after writing")
        return stored

    monkeypatch.setattr(QueueStore, "_persist", persist)
    return calls


def test_an_unexpected_error_rolls_back_the_command_and_reloads_memory(store, clock, monkeypatch):
    ids = Ids(store)
    store.execute(c.OpenCounter(ids.c1, 1))
    issue(store, ids.A)
    before = snapshot(store.path)
    tickets_before = set(store.state.tickets)
    fail_after_writing(monkeypatch)
    with pytest.raises(RuntimeError, match="boom"):
        store.execute(c.IssueTicket(ids.A))
    assert snapshot(store.path) == before
    assert set(store.state.tickets) == tickets_before  # no phantom ticket in memory
    assert store.state.series == {"A": 1}
    with pytest.raises(RuntimeError):  # not the first: the call is undone as well
        store.execute(c.CallNext(ids.c1))
    monkeypatch.undo()
    assert snapshot(store.path) == before
    assert store.state.counters[ids.c1].ticket_id is None
    assert store.state.tickets[next(iter(tickets_before))].status is TicketStatus.WAITING
    assert issue(store, ids.A) == "A002"
    assert store.execute(c.CallNext(ids.c1)).ticket.number == "A001"
    store = reopen(store, clock)
    assert issue(store, ids.A) == "A003"
    store.close()
    check_tickets(store.path)
    check_events(store.path)


def test_an_error_in_a_group_commit_undoes_the_whole_batch(store, clock, monkeypatch):
    ids = Ids(store)
    issue(store, ids.A)
    before = snapshot(store.path)
    fail_after_writing(monkeypatch, on_call=3)
    with pytest.raises(RuntimeError):
        store.execute_many([c.IssueTicket(ids.A), c.IssueTicket(ids.B), c.IssueTicket(ids.A)])
    assert snapshot(store.path) == before
    assert len(store.state.tickets) == 1
    monkeypatch.undo()
    outcomes = store.execute_many([c.IssueTicket(ids.A), c.IssueTicket(999), c.IssueTicket(ids.B)])
    assert [o.ticket.number if o.ok else o.rejected.code for o in outcomes] == \
        ["A002", "unknown_service", "B001"]


def test_group_writer_tells_every_caller_of_a_failed_commit(store, monkeypatch):
    ids = Ids(store)
    writer = GroupWriter(store)
    try:
        issue(store, ids.A)
        before = snapshot(store.path)
        fail_after_writing(monkeypatch)
        with store.lock:  # the writer waits: these queue up and share transactions
            futures = [writer.submit(c.IssueTicket(ids.A)) for _ in range(5)]
        errors = [f.exception(timeout=10) for f in futures]
        assert all(isinstance(e, RuntimeError) for e in errors), errors
        assert snapshot(store.path) == before
        monkeypatch.undo()
        assert writer.execute(c.IssueTicket(ids.A)).ticket.number == "A002"
        futures = [writer.submit(c.IssueTicket(ids.B)) for _ in range(20)]
        assert sorted(f.result(10).ticket.number for f in futures) == \
            [f"B{n:03d}" for n in range(1, 21)]
    finally:
        writer.close()
    check_tickets(store.path)
    check_events(store.path)


def test_group_writer_skips_a_cancelled_command_and_lives_on(store):
    """asyncio.wrap_future cancels the concurrent future when the awaiting request is cancelled:
    the command must then not run, and the writer thread must survive it."""
    ids = Ids(store)
    writer = GroupWriter(store)
    try:
        with store.lock:
            first = writer.submit(c.IssueTicket(ids.A))
            deadline = time.monotonic() + 10
            while not first.running():  # the writer took it and waits for the lock
                assert time.monotonic() < deadline
                time.sleep(0.001)
            gone = writer.submit(c.IssueTicket(ids.A))
            last = writer.submit(c.IssueTicket(ids.A))
            assert gone.cancel()
        assert first.result(10).ticket.number == "A001"
        assert last.result(10).ticket.number == "A002"
        assert writer.execute(c.IssueTicket(ids.A), timeout=10).ticket.number == "A003"
    finally:
        writer.close()
    assert [r["number"] for r in check_tickets(store.path)] == ["A001", "A002", "A003"]


def test_a_full_disk_fails_the_command_cleanly(store, clock):
    ids = Ids(store)
    issue(store, ids.A)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full now
    with pytest.raises(sqlite3.DatabaseError, match="full"):
        for _ in range(200):  # the first one may still fit in free pages
            store.execute(c.IssueTicket(ids.B, priority=PriorityClass.DISABILITAS))
    written = [r["number"] for r in ticket_rows(store.path)]
    assert all(n.startswith("B") for n in written[1:])
    assert set(store.state.tickets) == {r["id"] for r in ticket_rows(store.path)}
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    number = issue(store, ids.B)
    assert number == f"B{len(written):03d}"
    store.close()
    check_tickets(store.path)
    check_events(store.path)


# -- other connections --------------------------------------------------------------------------
def test_a_catalog_replaced_by_another_connection_is_noticed(store, clock):
    ids = Ids(store)
    store.execute(c.OpenCounter(ids.c1, 1))
    issue(store, ids.A)
    other = QueueStore(store.path, clock=clock)
    draft = small_catalog()
    draft.services.append(dataclasses.replace(draft.services[0], code="AKTA", prefix="D",
                                              name="Akta Kelahiran", sort=3))
    draft.services[1] = dataclasses.replace(draft.services[1], name="KK (baru)")
    other.replace_catalog(draft)
    akta = service_id(other, "AKTA")
    assert akta not in store.state.catalog.services  # not yet: noticed before the next command
    outcome = store.execute(c.IssueTicket(akta))
    assert outcome.ok and outcome.ticket.number == "D001"
    assert store.state.catalog.services[ids.B].name == "KK (baru)"
    assert store.state.counters[ids.c1].status is CounterStatus.OPEN  # queue state kept
    assert issue(store, ids.A) == "A002"
    other.close()


def test_a_ticket_written_by_another_connection_is_noticed(store, clock):
    ids = Ids(store)
    issue(store, ids.A)
    conn = raw(store.path)
    row = dict(ticket_rows(store.path)[0])
    row.update(id=50, token="from-elsewhere", seq=2, number="A002")
    conn.execute(f"INSERT INTO tickets ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                 list(row.values()))
    conn.close()
    outcome = store.execute(c.IssueTicket(ids.A))
    assert (outcome.ticket.number, outcome.ticket.id) == ("A003", 51)
    assert store.ticket_by_token("from-elsewhere").number == "A002"


def test_two_stores_on_one_file_take_turns(store, clock):
    ids = Ids(store)
    other = QueueStore(store.path, clock=clock)
    store.execute(c.OpenCounter(ids.c1, 1))
    other.execute(c.OpenCounter(ids.c2, 2))
    numbers = []
    for i in range(6):
        numbers.append(issue(store if i % 2 else other, ids.A))
    assert numbers == [f"A{n:03d}" for n in range(1, 7)]
    assert store.execute(c.CallNext(ids.c1)).ticket.number == "A001"
    assert other.execute(c.CallNext(ids.c2)).ticket.number == "A002"  # not A001 again
    assert other.execute(c.CallNext(ids.c1)).ticket.number == "A003"  # finishes A001 there
    other.close()
    check_tickets(store.path)
    check_events(store.path)


class CommitHook:
    """The store's connection, running a callback right after its next COMMIT (a real write by
    another connection, at the worst moment)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.after_commit = None

    def execute(self, sql, *args):
        result = self._conn.execute(sql, *args)
        if sql == "COMMIT" and self.after_commit:
            callback, self.after_commit = self.after_commit, None
            callback()
        return result

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_a_commit_by_another_connection_right_after_ours_is_noticed(store, clock):
    ids = Ids(store)
    other = QueueStore(store.path, clock=clock)
    store.conn = CommitHook(store.conn)
    theirs = []
    store.conn.after_commit = lambda: theirs.append(issue(other, ids.A))
    assert issue(store, ids.A) == "A001"
    assert theirs == ["A002"]
    assert issue(store, ids.A) == "A003"  # not a second A002 replacing theirs
    other.close()
    check_tickets(store.path, {1: "A001", 2: "A002", 3: "A003"})


def test_a_commit_by_another_connection_while_loading_is_noticed(db, clock, monkeypatch):
    first = QueueStore(db, clock=clock)
    ids = Ids(first)
    real = QueueStore._read_data_version
    pending = []

    def read_data_version(self):
        while pending:
            pending.pop()()
        return real(self)

    monkeypatch.setattr(QueueStore, "_read_data_version", read_data_version)
    pending.append(lambda: issue(first, ids.A))  # lands after the second store read the tickets
    second = QueueStore(db, clock=clock)
    assert issue(second, ids.A) == "A002"
    first.close()
    second.close()
    check_tickets(db)


def test_a_stale_duplicate_is_refused_not_replaced(store, clock):
    """Even with the reload defeated, an issued ticket never overwrites another one."""
    ids = Ids(store)
    other = QueueStore(store.path, clock=clock)
    issue(other, ids.A)
    store._data_version = store._read_data_version()  # pretend the change was seen
    with pytest.raises(sqlite3.IntegrityError):
        store.execute(c.IssueTicket(ids.A))
    assert issue(store, ids.A) == "A002"  # memory reloaded after the failure
    other.close()
    check_tickets(store.path)


def test_a_failing_listener_does_not_unacknowledge_a_committed_command(store, caplog):
    ids = Ids(store)
    heard = []

    def broken(events):
        raise ConnectionError("display gone")

    store.listeners[:] = [broken, heard.extend]
    outcome = store.execute(c.IssueTicket(ids.A))  # committed: the kiosk must print it
    assert outcome.ok and outcome.ticket.number == "A001"
    assert [e.seq for e in heard] == [e.seq for e in outcome.events]
    assert "event listener failed" in caplog.text
    writer = GroupWriter(store)
    try:
        assert writer.execute(c.IssueTicket(ids.A)).ticket.number == "A002"
    finally:
        writer.close()
    check_tickets(store.path, {outcome.ticket.id: "A001"})
