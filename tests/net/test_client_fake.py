"""MasterClient against a scriptable fake master: ordering, gaps, resync, idempotent retries,
connection state, following a moved master."""
from __future__ import annotations

import threading

import pytest

from shared.net.backoff import Backoff
from shared.net.client import (ApiError, MasterClient, MasterLocator, MasterUnavailable,
                               new_idempotency_key)
from shared.net.connection_state import Link

from .fake_master import FakeMaster, ev
from .waiting import wait_until


class Recorder:
    def __init__(self) -> None:
        self.events: list[dict] = []
        self.snapshots: list[dict] = []
        self.states: list = []
        self.threads: set[str] = set()

    def kwargs(self) -> dict:
        return {"on_event": self.on_event, "on_snapshot": self.on_snapshot,
                "on_state": self.on_state}

    def on_event(self, e: dict) -> None:
        self.threads.add(threading.current_thread().name)
        self.events.append(e)

    def on_snapshot(self, s: dict) -> None:
        self.snapshots.append(s)

    def on_state(self, s) -> None:
        self.states.append(s)

    @property
    def seqs(self) -> list[int]:
        return [e["seq"] for e in self.events]


@pytest.fixture
def fake():
    master = FakeMaster().start()
    yield master
    master.stop()


def fast_client(master, rec: Recorder, **kw) -> MasterClient:
    kw.setdefault("backoff", Backoff(base=0.05, cap=0.3))
    return MasterClient(master, "dev-token", request_timeout=2, **rec.kwargs(), **kw)


def test_snapshot_then_events_in_order(fake):
    fake.snapshot_seq = 2
    for s in (1, 2, 3, 4):
        fake.log.append(ev(s))
    rec = Recorder()
    with fast_client(fake.url, rec) as client:
        wait_until(lambda: rec.seqs == [3, 4], 5, "replayed events after the snapshot")
        assert rec.snapshots[0]["seq"] == 2
        assert client.wait_connected(5)
        fake.push(ev(5))
        wait_until(lambda: rec.seqs == [3, 4, 5], 5, "a live event")
        assert client.last_seq == 5
        assert rec.states[-1].status is Link.CONNECTED
    assert fake.ws_connects[0] == {"since": 2, "token": "dev-token"}
    assert rec.threads == {"antrean-client"}  # callbacks on the client thread, not the caller's


def test_gap_triggers_a_fresh_snapshot_and_continues_from_its_seq(fake):
    for s in (1, 2, 3, 5):  # 4 is missing
        fake.log.append(ev(s))
    rec = Recorder()

    def on_snapshot(snap):  # the master has moved on by the time of the second snapshot
        rec.snapshots.append(snap)
        fake.snapshot_seq = 5

    with MasterClient(fake.url, "t", on_event=rec.on_event, on_snapshot=on_snapshot,
                      backoff=Backoff(base=0.05, cap=0.3)) as client:
        wait_until(lambda: len(rec.snapshots) == 2, 5, "a second snapshot after the gap")
        fake.push(ev(6))
        wait_until(lambda: rec.seqs == [1, 2, 3, 6], 5, "events after the new snapshot")
        assert client.snapshots == 2
    assert [c["since"] for c in fake.ws_connects] == [0, 5]


def test_resync_message_triggers_a_snapshot(fake):
    fake.snapshot_seq = 10  # first snapshot: seq 10; the master then "loses" history
    fake.resync_if_since_above = 3
    rec = Recorder()

    def on_snapshot(snap):
        rec.snapshots.append(snap)
        fake.snapshot_seq = 3

    with MasterClient(fake.url, "t", on_event=rec.on_event, on_snapshot=on_snapshot,
                      backoff=Backoff(base=0.05, cap=0.3)) as client:
        wait_until(lambda: len(rec.snapshots) == 2 and client.wait_connected(0), 5,
                   "the snapshot after the resync")
        fake.push(ev(4))
        wait_until(lambda: rec.seqs == [4], 5, "events after the resync")
    assert [c["since"] for c in fake.ws_connects] == [10, 3]


def test_duplicates_are_dropped(fake):
    fake.log.extend([ev(1), ev(2), ev(2), ev(1), ev(3)])
    rec = Recorder()
    with fast_client(fake.url, rec) as client:
        wait_until(lambda: client.last_seq == 3, 5, "seq 3")
    assert rec.seqs == [1, 2, 3] and len(rec.snapshots) == 1


def test_issue_ticket_retries_with_one_idempotency_key(fake):
    fake.fail_tickets = 2  # the first two answers are lost after the work was done
    with MasterClient(fake.url, "kiosk-token", request_timeout=2) as client:
        resp = client.issue_ticket(3, "lansia").result(10)
    assert resp.status == 201 and resp.data["ticket"]["id"] == 1
    assert len(fake.ticket_posts) == 3
    assert len({p["key"] for p in fake.ticket_posts}) == 1
    assert len(fake.issued) == 1
    assert fake.ticket_posts[0]["body"] == {"service_id": 3, "priority": "lansia"}
    assert fake.ticket_posts[0]["auth"] == "Bearer kiosk-token"


def test_issue_ticket_reuses_a_given_key_and_gives_up_in_time(fake):
    key = new_idempotency_key()
    client = MasterClient(fake.url, "k", request_timeout=1).start(events=False)
    try:
        first = client.issue_ticket(1, idempotency_key=key).result(5)
        again = client.issue_ticket(1, idempotency_key=key).result(5)
        assert first.data == again.data and len(fake.issued) == 1
        fake.fail_tickets = 1000
        with pytest.raises(ApiError) as err:
            client.issue_ticket(1, give_up_after=0.5).result(5)
        assert err.value.status == 503 and err.value.message == "sibuk"
    finally:
        client.close()


def test_api_errors_carry_code_and_message(fake):
    with MasterClient(fake.url, "k").start(events=False) as client:
        with pytest.raises(ApiError) as err:
            client.call("GET", "/nowhere")
        assert err.value.status == 404


def test_unreachable_master_is_reported_with_since():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    rec = Recorder()
    with fast_client(f"http://127.0.0.1:{port}", rec, unreachable_after=0.3) as client:
        wait_until(lambda: rec.states and rec.states[-1].status is Link.UNREACHABLE, 5,
                   "unreachable state")
        state = rec.states[-1]
        assert state.since <= state.since.now(state.since.tzinfo)
        assert "sejak" in state.message()
        with pytest.raises(MasterUnavailable):
            client.call("GET", "/health")


class MovableLocator(MasterLocator):
    def __init__(self, url: str) -> None:
        self.url = url
        self.on_url = None

    def start(self, on_url):
        self.on_url = on_url

    def current(self):
        return self.url

    def move(self, url: str) -> None:
        self.url = url
        self.on_url(url)


def test_client_follows_a_master_that_moved():
    a, b = FakeMaster().start(), FakeMaster().start()
    try:
        for m in (a, b):
            m.log.extend([ev(1), ev(2)])
        locator = MovableLocator(a.url)
        rec = Recorder()
        with fast_client(locator, rec) as client:
            wait_until(lambda: rec.seqs == [1, 2], 5, "events from the first address")
            locator.move(b.url)
            wait_until(lambda: len(b.ws_connects) == 1, 5, "a connection to the new address")
            b.push(ev(3))
            wait_until(lambda: rec.seqs == [1, 2, 3], 5, "events from the new address")
            assert b.ws_connects[0]["since"] == 2
            assert client.base_url == b.url
    finally:
        a.stop()
        b.stop()
