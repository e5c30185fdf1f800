"""Fixtures for the lobby display: a fake audio player that records what played and when, a
fake bridge, sample data, and a real master on loopback with ten counters."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, Signal

from display.qt_compat import guard_none_refcount
from shared.catalog.draft import (AgencyRow, BoothRow, CatalogDraft, CounterRow, ServiceRow,
                                  SiteRow)
from shared.master.run import ServerThread
from shared.store import auth_db
from shared.store.catalog_db import replace_catalog
from shared.store.database import open_database

guard_none_refcount()  # PySide6 6.12.0 on Python 3.11 aborts the interpreter otherwise

PIN = "135790"


# -- audio -------------------------------------------------------------------------------------
@dataclass
class Played:
    path: str
    start: float
    end: float | None = None


class FakePlayer(QObject):
    """Plays each clip for ``seconds`` (a Qt timer), records start/end, and notes any overlap
    (a play() while a clip is still playing). ``fail`` paths report failed()."""

    started = Signal(str)
    finished = Signal(str)
    failed = Signal(str, str)

    def __init__(self, seconds: float = 0.02, fail: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.seconds = seconds
        self.fail = set(fail)
        self.log: list[Played] = []
        self.overlaps = 0
        self.current: Played | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._end)

    def play(self, path: str) -> None:
        if self.current is not None:
            self.overlaps += 1
        if path in self.fail:
            self.failed.emit(path, "fake failure")
            return
        self.current = Played(path, time.perf_counter())
        self.log.append(self.current)
        self.started.emit(path)
        self._timer.start(round(self.seconds * 1000))

    def _end(self) -> None:
        current, self.current = self.current, None
        if current is not None:
            current.end = time.perf_counter()
            self.finished.emit(current.path)

    def stop(self) -> None:
        self._timer.stop()
        self.current = None

    @property
    def paths(self) -> list[str]:
        return [p.path for p in self.log]

    def assert_no_overlap(self) -> None:
        assert self.overlaps == 0
        for a, b in zip(self.log, self.log[1:]):
            assert a.end is not None and a.end <= b.start, (a, b)


@pytest.fixture
def player(qtbot) -> FakePlayer:
    return FakePlayer()


# -- a bridge without a network ------------------------------------------------------------------
class FakeSource(QObject):
    """The bridge's signals and requests, driven by the test."""

    snapshotReceived = Signal(object)
    snapshotRefreshed = Signal(object)
    eventReceived = Signal(object)
    stateChanged = Signal(object)
    catalogLoaded = Signal(object)
    catalogFailed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.catalog_requests = 0
        self.snapshot_requests = 0

    def load_catalog(self) -> None:
        self.catalog_requests += 1

    def load_snapshot(self) -> None:
        self.snapshot_requests += 1


# -- a real master --------------------------------------------------------------------------------
def display_catalog() -> CatalogDraft:
    """Two agencies on two floors, ten counters (numbers repeat across agencies)."""
    return CatalogDraft(
        site=SiteRow("mpp-layar", "MPP Uji Layar", open_24h=True, require_staffed=False),
        agencies=[AgencyRow("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil"),
                  AgencyRow("samsat", "Kantor Bersama Samsat", "Samsat")],
        booths=[BoothRow("g-dukcapil", "dukcapil", "Gerai Dukcapil", "Lantai 1"),
                BoothRow("g-samsat", "samsat", "Gerai Samsat", "Lantai 2")],
        counters=[CounterRow(f"d{i}", "g-dukcapil", i) for i in range(1, 6)]
        + [CounterRow(f"s{i}", "g-samsat", i) for i in range(1, 6)],
        services=[ServiceRow("ktp", "dukcapil", "A", "KTP-el"),
                  ServiceRow("pkb", "samsat", "B", "Pajak Kendaraan")],
    )


@dataclass
class DisplaySite:
    db: Path
    tokens: dict[str, str]
    counters: dict[str, int]  # d1..d5, s1..s5 -> id
    services: dict[str, int]


def make_display_site(folder: Path) -> DisplaySite:
    db = folder / "antrean.db"
    conn = open_database(db)
    with auth_db.transaction(conn):
        replace_catalog(conn, display_catalog())
        tokens = {role: auth_db.add_device(conn, role, f"uji-{role}")[1]
                  for role in ("kiosk", "display", "counter")}
        auth_db.add_officer(conn, "admin", "Admin", PIN, "admin", None)
    counters = dict(conn.execute("SELECT code, id FROM counters").fetchall())
    services = dict(conn.execute("SELECT code, id FROM services").fetchall())
    conn.close()
    return DisplaySite(db, tokens, counters, services)


@pytest.fixture
def display_site(tmp_path) -> DisplaySite:
    return make_display_site(tmp_path)


@pytest.fixture
def live_master(display_site):
    server = ServerThread(display_site.db).start()
    try:
        yield server
    finally:
        server.stop()
