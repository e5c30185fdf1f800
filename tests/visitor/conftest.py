"""A real master on 127.0.0.1 with the visitor routes and a clock the test moves.

The site has office hours (not open around the clock), a whole-day holiday and a partial
closure, and services with and without a booking quota. Until shared/master/app.py mounts the
visitor routes itself, ``start_master`` adds ``visitor_routes(master)`` before it starts.
The clock starts on Monday 6 January 2025, 07.00 WIB.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from shared.catalog.draft import (AgencyRow, BoothRow, CatalogDraft, ClosureRow, CounterRow,
                                  ScheduleRow, ServiceRow, SiteRow)
from shared.master.run import ServerThread
from shared.master.visitor import visitor_routes
from shared.store import auth_db
from shared.store.catalog_db import replace_catalog
from shared.store.database import open_database

PIN = "246810"
WIB = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2025, 1, 6, 7, 0, tzinfo=WIB)
HOLIDAY, MEETING = "2025-01-08", "2025-01-09"  # Wednesday closed; Thursday 10-12 closed


def visitor_catalog() -> CatalogDraft:
    hours = [ScheduleRow(None, None, d, "08:00", "16:00") for d in (1, 2, 3, 4)]
    hours += [ScheduleRow(None, None, 5, "08:00", "11:00"), ScheduleRow(None, None, 5, "13:00", "16:00"),
              ScheduleRow(None, None, 6, "08:00", "12:00")]
    return CatalogDraft(
        site=SiteRow("mpp-uji", "MPP Uji", require_staffed=False),
        agencies=[AgencyRow("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil"),
                  AgencyRow("bpjs", "BPJS Kesehatan", "BPJS")],
        booths=[BoothRow("g-dukcapil", "dukcapil", "Gerai Dukcapil", "A"),
                BoothRow("g-bpjs", "bpjs", "Gerai BPJS", "B")],
        counters=[CounterRow("l1", "g-dukcapil", 1), CounterRow("l2", "g-dukcapil", 2),
                  CounterRow("l5", "g-bpjs", 5)],
        services=[ServiceRow("ktp", "dukcapil", "A", "KTP-el", booking_quota=15,
                             requirements=("Fotokopi KK", "Surat pengantar RT/RW")),
                  ServiceRow("kk", "dukcapil", "B", "Kartu Keluarga"),
                  ServiceRow("jkn", "bpjs", "C", "Pendaftaran JKN", booking_quota=30,
                             cost="Rp0")],
        schedules=hours,
        closures=[ClosureRow(HOLIDAY, None, None, None, None, "Libur uji"),
                  ClosureRow(MEETING, "dukcapil", None, "10:00", "12:00", "Rapat")],
    )


@dataclass
class Site:
    db: Path
    tokens: dict[str, str]  # kiosk, kiosk2, counter, counter2
    counters: dict[str, int]  # l1, l2, l5 -> id
    services: dict[str, int]  # ktp, kk, jkn -> id


_TEMPLATE: list[Site] = []


def make_site(folder: Path) -> Site:
    if not _TEMPLATE:
        db = Path(tempfile.mkdtemp(prefix="antrean-visitor-")) / "antrean.db"
        conn = open_database(db)
        with auth_db.transaction(conn):
            replace_catalog(conn, visitor_catalog())
            tokens = {name: auth_db.add_device(conn, role, name)[1] for name, role in
                      [("kiosk", "kiosk"), ("kiosk2", "kiosk"), ("counter", "counter"),
                       ("counter2", "counter"), ("display", "display")]}
            auth_db.add_officer(conn, "budi", "Budi", PIN, "officer", "dukcapil")
            auth_db.add_officer(conn, "wati", "Wati", PIN, "officer", "bpjs")
        counters = dict(conn.execute("SELECT code, id FROM counters").fetchall())
        services = dict(conn.execute("SELECT code, id FROM services").fetchall())
        conn.close()
        _TEMPLATE.append(Site(db, tokens, counters, services))
    template = _TEMPLATE[0]
    db = folder / "antrean.db"
    shutil.copyfile(template.db, db)
    return Site(db, dict(template.tokens), dict(template.counters), dict(template.services))


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, hhmm: str, day: int = 0) -> datetime:
        hours, minutes = map(int, hhmm.split(":"))
        self.now = (MONDAY + timedelta(days=day)).replace(hour=hours, minute=minutes)
        return self.now

    def advance(self, minutes: float) -> datetime:
        self.now += timedelta(minutes=minutes)
        return self.now


def start_master(db: Path, clock: Clock, **options) -> ServerThread:
    server = ServerThread(db)
    server.master.store.clock = clock
    app = server.server.config.app
    # The master mounts the visitor pages itself; tests with other options put theirs first.
    if options:
        app.router.routes[:0] = visitor_routes(server.master, register_openapi=False, **options)
    elif not any(getattr(r, "path", None) == "/booking" for r in app.routes):
        app.router.routes.extend(visitor_routes(server.master, **options))
    return server.start()


def auth(token: str, session: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if session:
        headers["X-Officer-Session"] = session
    return headers


class Api:
    def __init__(self, server: ServerThread, site: Site, clock: Clock) -> None:
        self.server, self.site, self.clock = server, site, clock
        self.url = server.url
        self.http = httpx.Client(base_url=server.url, timeout=10)

    @property
    def master(self):
        return self.server.master

    def book(self, service: str = "ktp", day: str = "2025-01-06", time: str = "09:00",
             phone: str | None = None, **kw) -> httpx.Response:
        return self.http.post("/api/v1/public/bookings", json={
            "service_id": self.site.services[service], "day": day, "time": time,
            "phone": phone}, **kw)

    def check_in(self, code: str, kiosk: str = "kiosk", **body) -> httpx.Response:
        return self.http.post(f"/api/v1/bookings/{code}/check-in",
                              headers=auth(self.site.tokens[kiosk]), json=body or None)

    def issue(self, service: str = "ktp") -> httpx.Response:
        return self.http.post("/api/v1/tickets", headers=auth(self.site.tokens["kiosk"]),
                              json={"service_id": self.site.services[service]})

    def login(self, username: str = "budi", counter: str = "l1") -> str:
        r = self.http.post("/api/v1/sessions", headers=auth(self.site.tokens["counter"]),
                           json={"username": username, "pin": PIN,
                                 "counter_id": self.site.counters[counter]})
        assert r.status_code == 200, r.text
        return r.json()["session"]

    def act(self, session: str, counter: str, action: str, body: dict | None = None):
        r = self.http.post(f"/api/v1/counters/{self.site.counters[counter]}/{action}",
                           headers=auth(self.site.tokens["counter"], session), json=body)
        assert r.status_code == 200, r.text
        return r.json()

    def serve(self, counter: str = "l1", username: str = "budi") -> str:
        """Open the counter, call the next ticket and finish it; the session."""
        session = self.login(username, counter)
        self.act(session, counter, "open")
        self.act(session, counter, "call-next")
        self.act(session, counter, "finish")
        return session

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def site(tmp_path) -> Site:
    return make_site(tmp_path)


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY)


@pytest.fixture
def options() -> dict:
    return {}


@pytest.fixture
def api(site, clock, options):
    server = start_master(site.db, clock, **options)
    client = Api(server, site, clock)
    try:
        yield client
    finally:
        client.close()
        server.stop()
