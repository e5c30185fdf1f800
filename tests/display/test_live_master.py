"""The display against a real master on loopback: calls made through the API appear and are
announced in order, a burst of 20 calls from 10 counters loses nothing and never overlaps, and
the banner tells the hall when the master is gone."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest

from display.announcer import TtsAnnouncer
from display.bridge import ClientBridge
from display.viewmodels.announcements import AnnouncementQueue
from display.viewmodels.board import DisplayViewModel
from display.viewmodels.clock import ClockViewModel
from display.viewmodels.display_filter import DisplayFilter
from display.viewmodels.slides import SlidesViewModel
from display.views.window import DisplayWindow
from shared.adapters.chime import write_chime
from shared.adapters.tts import FakeRenderer, PhraseCache, RenderWorker
from shared.domain.spoken import announcement_speech
from shared.master.run import ServerThread
from shared.net.backoff import Backoff
from shared.net.client import MasterClient

from .conftest import PIN, DisplaySite, FakePlayer


@dataclass
class Display:
    client: MasterClient
    vm: DisplayViewModel
    window: DisplayWindow
    queue: AnnouncementQueue
    player: FakePlayer
    renderer: FakeRenderer
    worker: RenderWorker
    chime: str

    def voice_path(self, text: str) -> str:
        cache, r = self.worker.cache, self.worker.renderer
        return str(cache.path_for(cache.key(r.engine, r.voice, self.worker.rate,
                                            self.worker.volume, text)))


def start_display(qtbot, url: str, site: DisplaySite, tmp_path, zone: str | None = None):
    renderer = FakeRenderer(seconds=0.02)
    worker = RenderWorker(renderer, PhraseCache(tmp_path / "voice"))
    chime = write_chime(tmp_path / "chime.wav")
    player = FakePlayer(seconds=0.01)
    queue = AnnouncementQueue(TtsAnnouncer(worker, chime, gap_after_chime=0.005), player)
    bridge = ClientBridge()
    vm = DisplayViewModel(bridge, filter=DisplayFilter.of(zone, None), announcements=queue)
    window = DisplayWindow(vm, ClockViewModel(), SlidesViewModel())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    client = bridge.attach(MasterClient(url, site.tokens["display"], unreachable_after=0.3,
                                        backoff=Backoff(base=0.05, cap=0.3)))
    client.start()
    qtbot.waitUntil(lambda: vm.link_ok and vm.catalog is not None, timeout=10000)
    return Display(client, vm, window, queue, player, renderer, worker, str(chime))


@pytest.fixture
def display(qtbot, live_master, display_site, tmp_path):
    d = start_display(qtbot, live_master.url, display_site, tmp_path)
    yield d
    d.client.close()
    d.queue.stop()
    d.worker.close()


class Officers:
    """Counter actions over HTTP, one officer session per counter."""

    def __init__(self, url: str, site: DisplaySite) -> None:
        self.site = site
        self.http = httpx.Client(base_url=url + "/api/v1", timeout=10)
        self.sessions: dict[str, str] = {}

    def headers(self, device: str, session: str | None = None) -> dict[str, str]:
        h = {"Authorization": f"Bearer {self.site.tokens[device]}"}
        if session:
            h["X-Officer-Session"] = session
        return h

    def open(self, counter: str) -> None:
        r = self.http.post("/sessions", headers=self.headers("counter"),
                           json={"username": "admin", "pin": PIN,
                                 "counter_id": self.site.counters[counter]})
        assert r.status_code == 200, r.text
        self.sessions[counter] = r.json()["session"]
        assert self.act(counter, "open").status_code == 200

    def act(self, counter: str, action: str) -> httpx.Response:
        return self.http.post(f"/counters/{self.site.counters[counter]}/{action}",
                              headers=self.headers("counter", self.sessions.get(counter)))

    def issue(self, service: str, n: int = 1) -> None:
        for _ in range(n):
            r = self.http.post("/tickets", headers=self.headers("kiosk"),
                               json={"service_id": self.site.services[service]})
            assert r.status_code == 201, r.text

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def officers(live_master, display_site):
    o = Officers(live_master.url, display_site)
    yield o
    o.close()


def called_events(response: httpx.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    return [e for e in response.json()["events"] if e["type"] in ("ticket_called",
                                                                  "ticket_recalled")]


def test_a_call_appears_on_the_display_and_is_announced_again_on_recall(qtbot, display,
                                                                         officers):
    officers.open("d3")
    officers.issue("ktp", 2)
    qtbot.waitUntil(lambda: dict(display.vm.waiting() or []).get("Dukcapil") == 2, timeout=5000)
    (event,) = called_events(officers.act("d3", "call-next"))
    assert event["data"]["number"] == "A001"
    qtbot.waitUntil(lambda: display.window.latest.painted_number == "A001", timeout=5000)
    assert display.window.latest.flashing
    assert any(c.ticket_number == "A001" and c.number == 3 for c in display.vm.counters())
    assert dict(display.vm.waiting())["Dukcapil"] == 1
    sentence = "Nomor antrean a satu, silakan menuju loket tiga."
    assert sentence == announcement_speech("A001", 3)
    qtbot.waitUntil(lambda: display.queue.played == 1, timeout=5000)
    assert called_events(officers.act("d3", "recall"))
    qtbot.waitUntil(lambda: display.queue.played == 2, timeout=5000)
    voice = display.voice_path(sentence)
    assert display.player.paths == [display.chime, voice, display.chime, voice]
    display.player.assert_no_overlap()


def test_a_burst_of_20_calls_from_10_counters_is_announced_in_order(qtbot, display, officers):
    counters = [f"d{i}" for i in range(1, 6)] + [f"s{i}" for i in range(1, 6)]
    for counter in counters:
        officers.open(counter)
    officers.issue("ktp", 10)
    officers.issue("pkb", 10)
    qtbot.waitUntil(lambda: sum(n for _, n in display.vm.waiting() or []) == 20, timeout=5000)
    start = threading.Barrier(len(counters))

    def two_calls(counter: str) -> list[dict]:
        start.wait()
        return called_events(officers.act(counter, "call-next")) + \
            called_events(officers.act(counter, "call-next"))

    with ThreadPoolExecutor(len(counters)) as pool:
        events = [e for batch in pool.map(two_calls, counters) for e in batch]
    assert len(events) == 20
    events.sort(key=lambda e: e["seq"])  # the order the master made the calls in
    expected = [announcement_speech(e["data"]["number"], e["data"]["counter_number"])
                for e in events]
    assert len(set(expected)) == 20
    qtbot.waitUntil(lambda: display.queue.played == 20, timeout=20000)
    played = display.player.paths
    assert played[0::2] == [display.chime] * 20
    assert played[1::2] == [display.voice_path(s) for s in expected]  # none lost, in order
    display.player.assert_no_overlap()
    assert set(expected) <= set(display.renderer.texts)
    assert display.window.latest.painted_number == events[-1]["data"]["number"]


def test_the_banner_shows_while_the_master_is_gone_and_leaves_when_it_is_back(
        qtbot, display_site, tmp_path):
    server = ServerThread(display_site.db).start()
    port = int(server.url.rsplit(":", 1)[1])
    d = start_display(qtbot, server.url, display_site, tmp_path)
    try:
        assert not d.window.banner.isVisible()
        server.stop()
        qtbot.waitUntil(lambda: "tidak terjangkau" in d.window.banner.message, timeout=10000)
        assert d.window.banner.isVisible() and not d.vm.link_ok
        server = ServerThread(display_site.db, port=port).start()
        qtbot.waitUntil(lambda: d.vm.link_ok, timeout=10000)
        assert not d.window.banner.isVisible()
    finally:
        d.client.close()
        d.queue.stop()
        d.worker.close()
        server.stop()


def test_a_zone_display_ignores_the_other_floor(qtbot, live_master, display_site, officers,
                                                tmp_path):
    d = start_display(qtbot, live_master.url, display_site, tmp_path, zone="Lantai 2")
    try:
        officers.open("d1")
        officers.open("s2")
        officers.issue("ktp")
        officers.issue("pkb")
        called_events(officers.act("d1", "call-next"))
        called_events(officers.act("s2", "call-next"))
        qtbot.waitUntil(lambda: d.queue.played == 1, timeout=5000)
        qtbot.wait(100)
        assert d.queue.played == 1 and d.player.paths[1] == d.voice_path(
            announcement_speech("B001", 2))
        assert [c.agency for c in d.vm.counters()] == ["Samsat"]
        assert [name for name, _ in d.vm.waiting()] == ["Samsat"]
    finally:
        d.client.close()
        d.queue.stop()
        d.worker.close()
