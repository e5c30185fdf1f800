"""DisplayViewModel driven through a fake bridge: what the board shows, what is announced, the
connection banner, the filter, the refresh requests."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from display.sample import sample_catalog, sample_snapshot
from display.viewmodels.board import DisplayViewModel
from display.viewmodels.display_filter import DisplayFilter
from shared.net.connection_state import ConnectionState, Link

from .conftest import FakeSource

NOW = datetime(2026, 11, 23, 3, 15, tzinfo=timezone.utc)  # 10.15 WIB


class Recorder:
    """Stands in for the AnnouncementQueue: records what the view-model queues."""

    def __init__(self) -> None:
        self.calls = []
        self.prefetched = []

    def enqueue(self, call) -> bool:
        self.calls.append(call)
        return True

    def prefetch(self, calls) -> None:
        self.prefetched += list(calls)


def call_event(seq, ticket_id, number, counter_id, counter_number, at=NOW, kind="ticket_called",
               **data):
    return {"seq": seq, "type": kind, "at": at.isoformat(), "ticket_id": ticket_id,
            "counter_id": counter_id,
            "data": {"number": number, "service_id": 1, "agency_id": 1, "status": "called",
                     "counter_number": counter_number, "agency": "Dukcapil",
                     "counter_status": "open", **data}}


def connected(at=NOW) -> ConnectionState:
    return ConnectionState(Link.CONNECTED, at, "http://m:8420")


@pytest.fixture
def setup(qtbot):
    source = FakeSource()
    voice = Recorder()
    vm = DisplayViewModel(source, announcements=voice, now=lambda: NOW)
    source.snapshotReceived.emit(sample_snapshot())
    source.catalogLoaded.emit(sample_catalog())
    source.stateChanged.emit(connected())
    return source, vm, voice


def test_board_from_snapshot_and_catalog(setup):
    _, vm, _ = setup
    assert vm.site_name == "Mal Pelayanan Publik Kabupaten Purbaraya"
    assert vm.latest().number == "A123"
    counters = vm.counters()
    assert counters and all(c.status != "closed" for c in counters)
    assert [c.agency for c in counters][:2] == ["Dukcapil", "Dukcapil"]  # agency order
    waiting = dict(vm.waiting())
    assert waiting["Dukcapil"] == 47
    assert "Budayakan antre" in vm.ticker_text and vm.site_name in vm.ticker_text
    assert vm.calling_rule.startswith("satu antrean prioritas")
    assert vm.banner() == ""


def test_a_live_call_updates_flashes_and_is_announced_with_prefetch(setup, qtbot):
    source, vm, voice = setup
    with qtbot.waitSignal(vm.called) as flashed:
        source.eventReceived.emit(call_event(501, 9001, "A130", 2, 2))
    assert flashed.args[0].number == "A130"
    assert vm.latest().number == "A130" and vm.latest().counter_number == 2
    assert voice.calls == []  # queued after the paint, not before
    qtbot.waitUntil(lambda: [c.number for c in voice.calls] == ["A130"], timeout=1000)
    assert voice.prefetched and voice.prefetched[0].number == "A131"
    recall = call_event(502, 9001, "A130", 2, 2, kind="ticket_recalled", calls=2)
    source.eventReceived.emit(recall)
    qtbot.waitUntil(lambda: [c.recall for c in voice.calls] == [False, True], timeout=1000)


def test_calls_replayed_after_an_outage_are_shown_but_not_announced(setup, qtbot):
    source, vm, voice = setup
    source.eventReceived.emit(call_event(501, 9001, "A130", 2, 2, at=NOW))
    old = NOW - timedelta(minutes=8)
    source.eventReceived.emit(call_event(502, 9002, "A131", 3, 1, at=old))
    assert vm.latest().number == "A131"
    qtbot.wait(50)
    assert [c.number for c in voice.calls] == ["A130"]


def test_counters_of_other_zones_or_agencies_are_neither_shown_nor_announced(qtbot):
    source = FakeSource()
    voice = Recorder()
    vm = DisplayViewModel(source, filter=DisplayFilter.of(None, ["samsat"]),
                          announcements=voice, now=lambda: NOW)
    source.snapshotReceived.emit(sample_snapshot())
    source.stateChanged.emit(connected())
    samsat = next(c for c in vm.state.counters.values() if c.agency == "Samsat")
    # before the catalog the agency code cannot be matched: calls are held, not dropped
    source.eventReceived.emit(call_event(501, 1, "A200", 1, 1))
    source.eventReceived.emit(call_event(502, 2, "B200", samsat.id, samsat.number,
                                         agency="Samsat"))
    qtbot.wait(50)
    assert voice.calls == [] and vm.counters() == []
    source.catalogLoaded.emit(sample_catalog())
    qtbot.waitUntil(lambda: [c.number for c in voice.calls] == ["B200"], timeout=1000)
    assert {c.agency for c in vm.counters()} == {"Samsat"}
    assert [name for name, _ in vm.waiting()] == ["Samsat"]
    assert vm.latest().number == "B200"


def test_banner_for_every_link_state(qtbot):
    source = FakeSource()
    vm = DisplayViewModel(source, now=lambda: NOW)
    assert "Menghubungkan" in vm.banner()
    source.catalogLoaded.emit(sample_catalog())  # Asia/Jakarta
    source.stateChanged.emit(connected())
    assert vm.banner() == "" and vm.link_ok
    since = NOW + timedelta(minutes=1)
    source.stateChanged.emit(ConnectionState(Link.RECONNECTING, since, None, "refused"))
    assert "menyambung ulang" in vm.banner() and not vm.link_ok
    source.stateChanged.emit(ConnectionState(Link.UNREACHABLE, since, None, "refused"))
    assert vm.banner().startswith("Server antrean tidak terjangkau sejak 10.16.")
    source.stateChanged.emit(ConnectionState(Link.UNREACHABLE, since, None, "401", rejected=True))
    assert "ditolak" in vm.banner()
    vm.lang = "en"
    assert "refused" in vm.banner()
    vm.lang = "id"
    source.stateChanged.emit(ConnectionState(Link.UNREACHABLE, since, None, "426",
                                             upgrade_required=True))
    assert "perlu diperbarui" in vm.banner()


def test_catalog_and_snapshot_are_refreshed_while_connected(qtbot):
    source = FakeSource()
    vm = DisplayViewModel(source, refresh_every=0.05, catalog_every=0.08, now=lambda: NOW)
    source.stateChanged.emit(connected())
    assert source.catalog_requests == 1  # at once on connecting
    qtbot.waitUntil(lambda: source.snapshot_requests >= 2 and source.catalog_requests >= 2,
                    timeout=2000)
    source.stateChanged.emit(ConnectionState(Link.RECONNECTING, NOW, None))
    asked = source.snapshot_requests
    qtbot.wait(150)
    assert source.snapshot_requests == asked  # not while the link is down
    assert vm.link is not None


def test_an_older_refresh_is_ignored(setup):
    source, vm, _ = setup
    source.eventReceived.emit(call_event(501, 9001, "A130", 2, 2))
    stale = sample_snapshot()  # seq 500: older than what the board has
    source.snapshotRefreshed.emit(stale)
    assert vm.latest().number == "A130"


def test_ticker_text_from_the_site_or_the_option(qtbot):
    source = FakeSource()
    catalog = sample_catalog()
    catalog["site"]["ticker"] = "Layanan SIM keliling hari Sabtu"
    vm = DisplayViewModel(source)
    source.catalogLoaded.emit(catalog)
    assert vm.ticker_text == "Layanan SIM keliling hari Sabtu"
    assert DisplayViewModel(ticker="Uji").ticker_text == "Uji"
