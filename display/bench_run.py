"""The display benchmark's moving parts: the real display (client, view-model, window, TTS
announcer, QMediaPlayer) with timing probes, and the driver thread that plays the counters.

Probes: the client thread stamps each call event's arrival; the latest-call panel stamps the
first paint of each number; the announcement queue stamps audio start (the player reports
buffered media playing). Times are ``time.perf_counter()`` in this one process."""
from __future__ import annotations

import gc
import os
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from PySide6.QtCore import QObject, Signal

from shared.domain.spoken import AnnouncementTemplate
from shared.net.client import MasterClient

from .announcer import GAP_AFTER_CHIME, GAP_BETWEEN_REPEATS, make_tts_announcer
from .audio import QtAudioPlayer
from .bench_site import AGENCIES, PIN, BenchSite
from .bridge import ClientBridge
from .viewmodels.announcements import AnnouncementQueue
from .viewmodels.board import DisplayViewModel
from .viewmodels.clock import ClockViewModel
from .viewmodels.slides import SlidesViewModel
from .views.window import DisplayWindow


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


def summary(ms: list[float]) -> dict:
    if not ms:
        return {"n": 0}
    s = sorted(ms)
    return {"n": len(s), "p50_ms": round(statistics.median(s), 1),
            "p99_ms": round(s[min(len(s) - 1, round(0.99 * len(s)) - 1)], 1),
            "max_ms": round(s[-1], 1)}


class Display:
    """The display as `antrean display` builds it, plus probes."""

    def __init__(self, site: BenchSite, url: str, folder: Path, engine: str) -> None:
        self.arrived: dict[int, float] = {}  # call event seq -> arrival (client thread)
        self.painted: dict[str, float] = {}  # number -> first paint as the latest call
        self.audio: dict[int, float] = {}  # seq -> audio start
        self.voice_waits: list[float] = []  # seconds the voice came after the chime + gap
        self._chime_end = 0.0
        self._last_painted: str | None = None
        self.announcer = make_tts_announcer(engine=engine, cache_dir=folder / "voice",
                                            template=AnnouncementTemplate())
        self.player = QtAudioPlayer()
        self.player.warm_up(folder / "voice")  # as the app does
        self.queue = AnnouncementQueue(self.announcer, self.player)
        bridge = ClientBridge()
        self.vm = DisplayViewModel(bridge, announcements=self.queue)
        self.window = DisplayWindow(self.vm, ClockViewModel(), SlidesViewModel())
        self.window.resize(1920, 1080)
        self.window.show()
        self.window.latest.paint_probe = self._painted
        self.queue.started.connect(lambda call: self.audio.setdefault(call.seq,
                                                                      time.perf_counter()))
        self.player.started.connect(self._clip_started)
        self.player.finished.connect(self._clip_finished)
        self.client = bridge.attach(MasterClient(url, site.tokens["display"]))
        forward = self.client.on_event

        def on_event(event: dict) -> None:
            if event.get("type") in ("ticket_called", "ticket_recalled"):
                self.arrived[event["seq"]] = time.perf_counter()
            forward(event)
        self.client.on_event = on_event

    def set_speedup(self, speedup: float) -> None:
        self.player.speedup = speedup
        self.announcer.gap_after_chime = GAP_AFTER_CHIME / speedup
        self.announcer.gap_between = GAP_BETWEEN_REPEATS / speedup

    def _painted(self, number: str | None) -> None:
        if number != self._last_painted:  # the first paint of a new latest call
            self._last_painted = number
            if number is not None:
                self.painted[number] = time.perf_counter()

    def _clip_started(self, path: str) -> None:
        if path != str(self.announcer.chime) and self._chime_end:
            gap = self.announcer.gap_after_chime
            self.voice_waits.append(max(0.0, time.perf_counter() - self._chime_end - gap))
            self._chime_end = 0.0

    def _clip_finished(self, path: str) -> None:
        if path == str(self.announcer.chime):
            self._chime_end = time.perf_counter()

    @property
    def idle(self) -> bool:
        return not self.queue.busy and self.queue.pending == 0

    def close(self) -> None:
        self.client.close()
        self.queue.stop()
        self.announcer.close()


class Done(QObject):
    finished = Signal()


@dataclass
class Driver:
    """Plays ten counters against the master from a background thread."""

    display: Display
    url: str
    site: BenchSite
    args: object
    result: dict = field(default_factory=dict)
    error: BaseException | None = None
    sink: object = None  # bench_sink.SinkProbe when --pulse-monitor is given

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.url + "/api/v1", timeout=15, trust_env=False)
        self.sessions: dict[int, str] = {}
        self.counters: list[tuple[int, int]] = []  # (counter id, service id)
        self.rng = random.Random(7)
        self.done = Done()

    def _post(self, path: str, device: str, body=None, session: str | None = None):
        headers = {"Authorization": f"Bearer {self.site.tokens[device]}"}
        if session:
            headers["X-Officer-Session"] = session
        return self.http.post(path, headers=headers, json=body)

    def setup(self) -> None:
        catalog = self.http.get("/catalog", headers={
            "Authorization": f"Bearer {self.site.tokens['display']}"}).json()
        by_agency = {s["agency_id"]: s["id"] for s in catalog["services"]}
        for c in catalog["counters"]:
            r = self._post("/sessions", "counter", {"username": "bench", "pin": PIN,
                                                    "counter_id": c["id"]})
            r.raise_for_status()
            self.sessions[c["id"]] = r.json()["session"]
            self._post(f"/counters/{c['id']}/open", "counter",
                       session=self.sessions[c["id"]]).raise_for_status()
            self.counters.append((c["id"], by_agency[c["agency_id"]]))
        for service in by_agency.values():
            self.issue(service, 30)
        assert len(self.counters) == sum(a[4] for a in AGENCIES)

    def issue(self, service: int, n: int = 1) -> None:
        for _ in range(n):
            self._post("/tickets", "kiosk", {"service_id": service}).raise_for_status()

    def act(self, counter: int, action: str, body=None) -> list[dict]:
        r = self._post(f"/counters/{counter}/{action}", "counter", body, self.sessions[counter])
        return r.json().get("events", []) if r.status_code == 200 else []

    def call(self, counter: int, service: int, action: str = "call-next") -> tuple[float, dict]:
        t0 = time.perf_counter()
        events = [e for e in self.act(counter, action)
                  if e["type"] in ("ticket_called", "ticket_recalled")]
        if not events and action == "call-next":  # queue empty: top up and try again
            self.issue(service, 5)
            return self.call(counter, service, action)
        self.issue(service)  # keep the queues as long as they were
        return t0, (events[0] if events else {})

    def wait(self, condition, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.002)
        return True

    def run(self) -> None:
        try:
            from .bench_phases import idle_cpu, latency_phase, soak_phase
            self.setup()
            self.result["latency"] = latency_phase(self)
            self.result["idle_before"] = idle_cpu(self, self.args.idle_seconds)
            self.result["soak"] = soak_phase(self)
            self.result["idle_after"] = idle_cpu(self, self.args.idle_seconds)
            gc.collect()
            self.result["rss_end_mib"] = round(rss_mib(), 1)
        except BaseException as exc:  # reported by the main thread
            self.error = exc
        finally:
            self.http.close()
            self.done.finished.emit()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="bench-driver", daemon=True)
        thread.start()
        return thread
