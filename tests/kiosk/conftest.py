"""Kiosk tests: the real app objects (view-models and widgets) offscreen, against a real master
on 127.0.0.1 (in a thread), through a proxy that can drop the link, with a network printer
stand-in that records the exact ESC/POS bytes."""
from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from kiosk.qtfix import immortalize_singletons

immortalize_singletons()  # PySide6 6.12.0 on Python 3.11: see kiosk/qtfix.py

from shared.catalog.draft import (AgencyRow, BoothRow, CatalogDraft, ClosureRow,  # noqa: E402
                                  CounterRow, ScheduleRow, ServiceRow, SiteRow)
from shared.master.run import ServerThread  # noqa: E402
from shared.net.client import MasterClient  # noqa: E402
from shared.store import auth_db  # noqa: E402
from shared.store.catalog_db import replace_catalog  # noqa: E402
from shared.store.database import open_database  # noqa: E402

from .netsim import READY, MasterProxy, PrinterSim, wait_until  # noqa: E402

TZ = "Asia/Jakarta"
PIN = "246810"


def kiosk_catalog(require_staffed: bool = False) -> CatalogDraft:
    """Open every day 00:00-23:59 (cut-off 0), except the religious court (closed today)."""
    today = datetime.now(ZoneInfo(TZ)).date().isoformat()
    services = [
        ServiceRow("ktp", "dukcapil", "A", "Perekaman KTP-el", cutoff_minutes=0,
                   requirements=("Fotokopi Kartu Keluarga (KK)", "Berusia 17 tahun"),
                   procedure=("Ambil nomor", "Perekaman"), completion_time="15 menit",
                   product="KTP-el", complaints="Loket pengaduan MPP"),
        ServiceRow("kk", "dukcapil", "B", "Kartu Keluarga", cutoff_minutes=0),
        ServiceRow("kia", "dukcapil", "C", "Kartu Identitas Anak", cutoff_minutes=0,
                   daily_quota=1),
        ServiceRow("jkn", "bpjs", "D", "Pendaftaran JKN", cutoff_minutes=0,
                   priority_eligible=False),
        ServiceRow("perkara", "pa", "E", "Informasi Perkara", cutoff_minutes=0),
    ]
    return CatalogDraft(
        site=SiteRow("mpp-kios", "MPP Kios Uji", TZ, require_staffed=require_staffed),
        agencies=[AgencyRow("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil"),
                  AgencyRow("bpjs", "BPJS Kesehatan", "BPJS"),
                  AgencyRow("pa", "Pengadilan Agama", "Pengadilan Agama")],
        booths=[BoothRow("g-dukcapil", "dukcapil", "Gerai Dukcapil"),
                BoothRow("g-bpjs", "bpjs", "Gerai BPJS"), BoothRow("g-pa", "pa", "Gerai PA")],
        counters=[CounterRow("l1", "g-dukcapil", 1), CounterRow("l2", "g-bpjs", 2),
                  CounterRow("l3", "g-pa", 3)],
        services=services,
        schedules=[ScheduleRow(None, None, d, "00:00", "23:59") for d in range(1, 8)],
        closures=[ClosureRow(today, "pa", None, None, None, "Cuti bersama")],
    )


@dataclass
class Site:
    db: Path
    kiosk_token: str
    counter_token: str
    services: dict[str, int]
    counters: dict[str, int]


def make_site(folder: Path, require_staffed: bool = False) -> Site:
    db = folder / "antrean.db"
    conn = open_database(db)
    with auth_db.transaction(conn):
        replace_catalog(conn, kiosk_catalog(require_staffed))
        kiosk = auth_db.add_device(conn, "kiosk", "kios-1")[1]
        counter = auth_db.add_device(conn, "counter", "loket-1")[1]
        auth_db.add_officer(conn, "admin", "Admin", PIN, "admin", None)
    services = dict(conn.execute("SELECT code, id FROM services").fetchall())
    counters = dict(conn.execute("SELECT code, id FROM counters").fetchall())
    conn.close()
    return Site(db, kiosk, counter, services, counters)


class Master:
    """A master in a thread behind a proxy, plus a plain HTTP client to look at it."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.server = ServerThread(site.db).start()
        self.proxy = MasterProxy(int(self.server.url.rsplit(":", 1)[1]))
        self.http = httpx.Client(base_url=self.server.url + "/api/v1", timeout=10,
                                 headers={"Authorization": f"Bearer {site.kiosk_token}"})

    def waiting(self, code: str) -> int:
        snap = self.http.get("/snapshot").json()
        return snap["waiting"].get(str(self.site.services[code]), 0)

    def issued_total(self) -> int:
        snap = self.http.get("/snapshot").json()
        return sum(snap["waiting"].values())

    def ticket(self, token: str) -> dict:
        return self.http.get(f"/tickets/{token}").json()

    def open_counter(self, code: str) -> None:
        headers = {"Authorization": f"Bearer {self.site.counter_token}"}
        r = self.http.post("/sessions", headers=headers, json={
            "username": "admin", "pin": PIN, "counter_id": self.site.counters[code]})
        assert r.status_code == 200, r.text
        headers["X-Officer-Session"] = r.json()["session"]
        r = self.http.post(f"/counters/{self.site.counters[code]}/open", headers=headers)
        assert r.status_code == 200, r.text

    def close(self) -> None:
        self.http.close()
        self.proxy.close()
        self.server.stop()


@pytest.fixture
def master(tmp_path):
    m = Master(make_site(tmp_path))
    yield m
    m.close()


@pytest.fixture
def printer_sim():
    sims: list[PrinterSim] = []

    def make(answers=READY) -> PrinterSim:
        sim = PrinterSim(answers)
        sims.append(sim)
        return sim

    yield make
    for sim in sims:
        sim.close()


@pytest.fixture
def make_kiosk(qtbot):
    """``make_kiosk(master, printer)``: a started kiosk (client through the proxy, window shown
    at 1024x600) whose catalog is loaded. ``printer``: a spec string or a TicketPrinter."""
    from kiosk.app import build_kiosk
    from kiosk.printing import open_printer

    made = []

    def make(master: Master, printer, *, size=(1024, 600), **options):
        client = MasterClient(master.proxy.url, master.site.kiosk_token, request_timeout=2.0,
                              unreachable_after=1.0, name="kiosk-test")
        options.setdefault("give_up_after", 1.5)
        options.setdefault("auto_retry_seconds", 0.3)
        device = open_printer(printer, 58) if isinstance(printer, str) else printer
        kiosk = build_kiosk(client, device, public_url="http://mpp.test", **options)
        made.append(kiosk)
        client.start()
        kiosk.start()
        qtbot.addWidget(kiosk.window)
        kiosk.window.resize(*size)
        kiosk.window.show()
        qtbot.waitUntil(lambda: kiosk.vm.catalog is not None and kiosk.vm.link is not None
                        and kiosk.vm.link.connected, timeout=10_000)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.feed.stop()
        kiosk.monitor.stop()
        kiosk.client.close()
        kiosk.printer.close()
    made.clear()
    # Qt objects caught in reference cycles must die on this (the GUI) thread: left to the
    # cyclic GC they could be collected on a client or printer thread (Qt warns, tests fail).
    gc.collect()


def click(qtbot, kiosk, name: str) -> None:
    """Tap the visible widget called ``name`` (a button or a tile)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton

    found = [w for w in kiosk.window.findChildren(QAbstractButton, name) if w.isVisible()]
    assert found, f"no visible {name!r} on screen {kiosk.vm.screen.value}"
    assert found[0].isEnabled(), f"{name!r} is disabled"
    qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)


def text_of(kiosk, name: str) -> str:
    from PySide6.QtWidgets import QWidget

    found = [w for w in kiosk.window.findChildren(QWidget, name) if w.isVisible()]
    assert found, f"no visible {name!r} on screen {kiosk.vm.screen.value}"
    return found[0].text()


def wait_screen(qtbot, kiosk, screen: str, timeout: int = 8000) -> None:
    qtbot.waitUntil(lambda: kiosk.vm.screen.value == screen, timeout=timeout)


__all__ = ["wait_until"]


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 with nobody listening (a printer that is off)."""
    import socket

    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def to_take(qtbot, kiosk, agency: str, service_id: int, priority: str | None = "none") -> None:
    """Welcome -> ... -> take a ticket (answering the priority question when it is asked)."""
    click(qtbot, kiosk, "StartButton")
    click(qtbot, kiosk, f"Agency_{agency}")
    click(qtbot, kiosk, f"Service_{service_id}")
    click(qtbot, kiosk, "TakeTicketButton")
    if kiosk.vm.screen.value == "priority":
        click(qtbot, kiosk, f"Priority_{priority}")


def status_reports(master) -> list[dict]:
    """The printer states the kiosk sent to POST /devices/me/status (seen on the wire)."""
    import json

    out = []
    for raw in master.proxy.requests(b"POST /api/v1/devices/me/status"):
        out.append(json.loads(raw.split(b"\r\n\r\n", 1)[1])["printer"])
    return out


def idempotency_keys(master) -> list[str]:
    keys = []
    for raw in master.proxy.requests(b"POST /api/v1/tickets"):
        for line in raw.split(b"\r\n"):
            if line.lower().startswith(b"idempotency-key:"):
                keys.append(line.split(b":", 1)[1].strip().decode())
    return keys
