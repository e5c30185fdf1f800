"""The client against a real master process on 127.0.0.1 (`python -m shared.master`, mDNS off):
issue -> call -> event; a killed and restarted master; a master restored to an older database."""
from __future__ import annotations

import shutil
import threading

import pytest

from shared.cli.bench_net import MasterProcess, prepare_site
from shared.domain import commands as c
from shared.net.backoff import Backoff
from shared.net.client import ApiError, MasterClient
from shared.net.connection_state import Link
from shared.store.queue_store import QueueStore

from .waiting import wait_until

pytestmark = pytest.mark.slow


class Display:
    """What a display app would do with the callbacks (thread-safe record)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.events: list[dict] = []
        self.snapshots: list[dict] = []
        self.states: list = []

    def on_event(self, e: dict) -> None:
        with self.lock:
            self.events.append(e)

    def on_snapshot(self, s: dict) -> None:
        with self.lock:
            self.snapshots.append(s)

    def on_state(self, s) -> None:
        with self.lock:
            self.states.append(s)

    def seqs(self) -> list[int]:
        with self.lock:
            return [e["seq"] for e in self.events]

    def of_type(self, kind: str) -> list[dict]:
        with self.lock:
            return [e for e in self.events if e["type"] == kind]

    def status(self):
        with self.lock:
            return self.states[-1].status if self.states else None


@pytest.fixture
def site(tmp_path):
    return prepare_site(tmp_path / "site.db", kiosks=1, displays=1, counters=1)


@pytest.fixture
def master(site):
    proc = MasterProcess(site.db).start()
    yield proc
    proc.stop()


def client(url: str, token: str, display: Display | None = None) -> MasterClient:
    kw = {"on_event": display.on_event, "on_snapshot": display.on_snapshot,
          "on_state": display.on_state} if display else {}
    return MasterClient(url, token, backoff=Backoff(base=0.05, cap=0.5), unreachable_after=0.5,
                        request_timeout=3, **kw)


def test_issue_call_event_reaches_a_subscribed_display(site, master):
    display = Display()
    with client(master.url, site.display_tokens[0], display) as screen, \
            client(master.url, site.kiosk_tokens[0]).start(events=False) as kiosk, \
            client(master.url, site.counter_tokens[0]).start(events=False) as desk:
        assert screen.wait_connected(10)
        assert display.snapshots and display.snapshots[0]["seq"] == 0
        counter_id = site.counter_ids[0]
        service_id = site.counter_services[counter_id][0]
        issued = kiosk.issue_ticket(service_id).result(10)
        assert issued.status == 201
        number = issued.data["ticket"]["number"]
        with pytest.raises(ApiError) as err:  # counter actions need an officer session
            desk.counter_action(counter_id, "call-next").result(10)
        assert err.value.status == 401 and err.value.message
        desk.login(site.officer, site.pin, counter_id).result(10)
        desk.counter_action(counter_id, "open").result(10)
        called = desk.counter_action(counter_id, "call-next").result(10)
        assert called.data["ticket"]["number"] == number
        wait_until(lambda: any(e["data"].get("number") == number
                               for e in display.of_type("ticket_called")), 10, "ticket_called")
        event = display.of_type("ticket_called")[-1]
        assert event["counter_id"] == counter_id and event["data"]["counter_number"]
        seqs = display.seqs()
        assert seqs == list(range(1, len(seqs) + 1))  # issued, opened, called: in order
        assert display.status() is Link.CONNECTED


def contiguous(seqs: list[int]) -> bool:
    return seqs == list(range(1, len(seqs) + 1))


def test_client_reconnects_after_a_master_crash_and_gets_what_it_missed(site, master):
    display = Display()
    counter_id = site.counter_ids[0]
    service_id = site.counter_services[counter_id][0]
    issued = lambda: len(display.of_type("ticket_issued"))  # noqa: E731
    with client(master.url, site.display_tokens[0], display) as screen, \
            client(master.url, site.kiosk_tokens[0]).start(events=False) as kiosk:
        assert screen.wait_connected(10)
        for _ in range(2):
            kiosk.issue_ticket(service_id).result(10)
        wait_until(lambda: issued() == 2, 10, "live events before the crash")
        before = display.seqs()

        master.kill()  # SIGKILL: no goodbye, the socket just dies
        wait_until(lambda: display.status() in (Link.RECONNECTING, Link.UNREACHABLE), 10,
                   "the client noticing the crash")
        wait_until(lambda: display.status() is Link.UNREACHABLE, 10, "unreachable")
        assert "sejak" in display.states[-1].message()

        # Meanwhile the queue moves on (what the master would have logged): 3 tickets.
        store = QueueStore(site.db)
        try:
            for _ in range(3):
                assert store.execute(c.IssueTicket(service_id)).ok
        finally:
            store.close()

        master.start()  # same database, same port
        wait_until(lambda: issued() == 5, 15, "the events made while disconnected")
        wait_until(lambda: display.status() is Link.CONNECTED, 10, "connected again")
        kiosk.issue_ticket(service_id).result(10)  # and live ones again
        wait_until(lambda: issued() == 6, 10, "a live event after the restart")
        seqs = display.seqs()
        assert contiguous(seqs) and seqs[:len(before)] == before  # in order, none twice
        assert len(display.snapshots) == 1  # replayed, not re-snapshotted
        numbers = [e["data"]["number"] for e in display.of_type("ticket_issued")]
        assert len(set(numbers)) == 6 and numbers == sorted(numbers)


def test_master_restored_to_an_older_database_makes_the_client_resync(site, master, tmp_path):
    display = Display()
    counter_id = site.counter_ids[0]
    service_id = site.counter_services[counter_id][0]
    with client(master.url, site.display_tokens[0], display) as screen, \
            client(master.url, site.kiosk_tokens[0]).start(events=False) as kiosk:
        assert screen.wait_connected(10)
        kiosk.issue_ticket(service_id).result(10)
        wait_until(lambda: len(display.of_type("ticket_issued")) == 1, 10, "first ticket")
        master.stop()
        backup = tmp_path / "backup.db"  # what the backup holds
        shutil.copy(site.db, backup)
        backup_seq = display.seqs()[-1]
        master.start()
        for _ in range(3):
            kiosk.issue_ticket(service_id).result(10)
        wait_until(lambda: len(display.of_type("ticket_issued")) == 4, 10, "more tickets")
        assert screen.last_seq == backup_seq + 3

        master.stop()  # the site restores the backup: the master's seq goes back
        for suffix in ("-wal", "-shm"):
            (tmp_path / f"site.db{suffix}").unlink(missing_ok=True)
        shutil.copy(backup, site.db)
        master.start()
        wait_until(lambda: len(display.snapshots) == 2, 15, "a fresh snapshot after the resync")
        assert display.snapshots[-1]["seq"] == backup_seq
        wait_until(lambda: display.status() is Link.CONNECTED, 10, "connected again")
        kiosk.issue_ticket(service_id).result(10)
        wait_until(lambda: screen.last_seq == backup_seq + 1, 10,
                   "events continue from the snapshot's seq")
        assert display.seqs()[-1] == backup_seq + 1


def test_a_refused_token_is_reported_as_rejected(site, master):
    display = Display()
    with client(master.url, "not-a-token", display):
        wait_until(lambda: display.states and display.states[-1].rejected, 10, "rejected state")
    assert "ditolak" in display.states[-1].message()
    assert display.states[-1].error.startswith("401")
