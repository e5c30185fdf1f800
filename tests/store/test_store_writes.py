"""Writes that are not queue commands: events appended and commands run inside
``QueueStore.write`` (numbered by the one sequence, published after the commit, nothing kept on
a rollback), and the device-health / session-activity functions of auth_db."""
from __future__ import annotations

import json

import pytest

from shared.domain import commands as c
from shared.domain.tickets import CounterStatus
from shared.store import auth_db
from shared.store.database import open_database
from shared.store.queue_store import QueueStore

from .fixtures import FakeClock, counter_id, create_db, event_rows


@pytest.fixture
def store(tmp_path):
    store = QueueStore(create_db(tmp_path / "site.db"), clock=FakeClock())
    yield store
    store.close()


def test_append_event_is_numbered_and_published_after_commit(store):
    heard: list = []
    store.listeners.append(heard.append)
    store.execute(c.OpenCounter(counter_id(store, "DUK-1"), 1))  # day_started, counter_opened

    def fn(conn):
        e = store.append_event("device_status", {"device_id": 7, "change": "silent"})
        assert heard == [heard[0]]  # not yet: the transaction is still open
        return e

    stored = store.write(fn)
    assert stored.seq == 3 and store.last_seq() == 3
    assert [e.seq for e in heard[-1]] == [3]
    row = event_rows(store.path)[-1]
    assert row["type"] == "device_status" and json.loads(row["data"])["change"] == "silent"
    with pytest.raises(RuntimeError):
        store.append_event("device_status", {})  # only inside write()


def test_run_command_in_write_annotates_and_rolls_back_with_memory(store):
    cid = counter_id(store, "DUK-1")
    store.execute(c.OpenCounter(cid, 1))
    heard: list = []
    store.listeners.append(heard.append)

    def fails(conn):
        store.run_command(c.CloseCounter(cid), annotate={"reason": "stale_session"})
        raise ValueError("after the command")

    with pytest.raises(ValueError):
        store.write(fails)
    assert store.state.counters[cid].status is CounterStatus.OPEN  # memory reloaded
    assert heard == [] and store.last_seq() == 2

    outcome = store.write(lambda conn: store.run_command(
        c.CloseCounter(cid), annotate={"reason": "stale_session", "officer_id": 99}))
    (closed,) = outcome.events
    assert closed.type == "counter_closed"
    assert closed.data["reason"] == "stale_session"
    assert closed.data["officer_id"] == 1  # the event's own data wins over the annotation
    assert [e.seq for e in heard[0]] == [closed.seq]
    assert store.state.counters[cid].status is CounterStatus.CLOSED


def test_device_health_and_silence(tmp_path):
    conn = open_database(create_db(tmp_path / "site.db"))
    with auth_db.transaction(conn):
        kiosk, _ = auth_db.add_device(conn, "kiosk", "Kios lobi")
        display, _ = auth_db.add_device(conn, "display", "Layar")
        quiet, _ = auth_db.add_device(conn, "counter", "Never reports")
        report = {"version": "1.2.0", "api": 1, "printer": {"state": "paper_out", "message": "x"},
                  "disk_free_mb": 900, "temperature_c": 51.5, "uptime_s": 30}
        assert auth_db.record_health(conn, kiosk.id, 1_000, report) is None
        auth_db.record_health(conn, display.id, 5_000, {**report, "printer": None})
    devices = {d.id: d for d in auth_db.list_devices(conn)}
    health = devices[kiosk.id].health
    assert health is not None and (health.last_seen, health.printer, health.detail) == (
        1_000, "paper_out", "x")
    assert health.status == report and health.version == "1.2.0" and not health.silent
    assert devices[display.id].health.printer is None
    assert devices[quiet.id].health is None
    assert [d.id for d in auth_db.quiet_devices(conn, 2_000)] == [kiosk.id]
    with auth_db.transaction(conn):
        assert auth_db.mark_silent(conn, kiosk.id, 3_000, 2_000)
        assert not auth_db.mark_silent(conn, kiosk.id, 3_000, 2_000)  # once
        assert not auth_db.mark_silent(conn, display.id, 3_000, 2_000)  # reported since
    assert auth_db.quiet_devices(conn, 2_000) == []
    assert auth_db.device_health(conn, kiosk.id).silent_since == 3_000
    with auth_db.transaction(conn):
        before = auth_db.record_health(conn, kiosk.id, 4_000, report)
    assert before.silent and not auth_db.device_health(conn, kiosk.id).silent
    with auth_db.transaction(conn):  # revoked devices are never called silent
        auth_db.revoke_device(conn, kiosk.id)
    assert [d.id for d in auth_db.quiet_devices(conn, 10_000)] == [display.id]
    conn.close()


def test_sessions_of_counts_the_device_reports_of_open_sessions(tmp_path):
    conn = open_database(create_db(tmp_path / "site.db"))
    with auth_db.transaction(conn):
        panel, _ = auth_db.add_device(conn, "counter", "Panel 1")
        officer = auth_db.add_officer(conn, "budi", "Budi", "2468", "officer", "DUKCAPIL")
        old, _ = auth_db.create_session(conn, officer.id, panel.id, 1, 1_000)
        auth_db.end_session(conn, old.token_hash, 2_000)
        new, _ = auth_db.create_session(conn, officer.id, panel.id, 1, 3_000)
        auth_db.record_health(conn, panel.id, 9_000, {"version": "1", "api": 1})
    sessions = auth_db.sessions_of(conn, officer.id)
    assert [s.token_hash for s in sessions] == [new.token_hash, old.token_hash]
    assert sessions[0].last_activity == 9_000  # open: its device still reports
    assert sessions[1].last_activity == 2_000  # ended: its end
    conn.close()
