"""A real master on 127.0.0.1 with a temporary database: in a thread (fast) or as a subprocess
(`python -m shared.cli.main master`, for kill -9 and SIGTERM)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from shared.catalog.draft import (AgencyRow, BoothRow, CatalogDraft, CounterRow, ServiceRow,
                                  SiteRow)
from shared.master.run import ServerThread
from shared.store import auth_db
from shared.store.catalog_db import replace_catalog
from shared.store.database import open_database

ROOT = Path(__file__).resolve().parents[2]
PIN = "246810"


def test_catalog() -> CatalogDraft:
    return CatalogDraft(
        site=SiteRow("mpp-uji", "MPP Uji", open_24h=True, require_staffed=False),
        agencies=[AgencyRow("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil"),
                  AgencyRow("bpjs", "BPJS Kesehatan", "BPJS")],
        booths=[BoothRow("g-dukcapil", "dukcapil", "Gerai Dukcapil", "A"),
                BoothRow("g-bpjs", "bpjs", "Gerai BPJS", "B")],
        counters=[CounterRow("l1", "g-dukcapil", 1), CounterRow("l2", "g-dukcapil", 2),
                  CounterRow("l3", "g-bpjs", 3)],
        services=[ServiceRow("ktp", "dukcapil", "A", "KTP-el", requirements=("Fotokopi KK",)),
                  ServiceRow("kk", "dukcapil", "B", "Kartu Keluarga"),
                  ServiceRow("jkn", "bpjs", "C", "Pendaftaran JKN", priority_eligible=False)],
    )


@dataclass
class Site:
    """A prepared database: ids, device tokens, officers (PIN for all: PIN)."""

    db: Path
    tokens: dict[str, str]  # kiosk, display, counter, counter2
    counters: dict[str, int]  # l1, l2, l3 -> id
    services: dict[str, int]  # ktp, kk, jkn -> id


_TEMPLATE: list[Site] = []


def make_site(folder: Path) -> Site:
    """A copy of one prepared database (scrypt-hashing five PINs per test would cost ~0.2 s)."""
    if not _TEMPLATE:
        _TEMPLATE.append(_build_site(Path(tempfile.mkdtemp(prefix="antrean-template-"))))
    template = _TEMPLATE[0]
    db = folder / "antrean.db"
    shutil.copyfile(template.db, db)  # closed, so the WAL is checkpointed into the main file
    return Site(db, dict(template.tokens), dict(template.counters), dict(template.services))


def _build_site(folder: Path) -> Site:
    db = folder / "antrean.db"
    conn = open_database(db)
    with auth_db.transaction(conn):
        replace_catalog(conn, test_catalog())
        tokens = {name: auth_db.add_device(conn, role, name)[1] for name, role in
                  [("kiosk", "kiosk"), ("display", "display"), ("counter", "counter"),
                   ("counter2", "counter")]}
        auth_db.add_officer(conn, "budi", "Budi", PIN, "officer", "dukcapil")
        auth_db.add_officer(conn, "sari", "Sari", PIN, "officer", "dukcapil")
        auth_db.add_officer(conn, "wati", "Wati", PIN, "officer", "bpjs")
        auth_db.add_officer(conn, "super", "Supervisor", PIN, "supervisor", "dukcapil")
        auth_db.add_officer(conn, "admin", "Admin", PIN, "admin", None)
    counters = dict(conn.execute("SELECT code, id FROM counters").fetchall())
    services = dict(conn.execute("SELECT code, id FROM services").fetchall())
    conn.close()
    return Site(db, tokens, counters, services)


def auth(token: str, session: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if session:
        headers["X-Officer-Session"] = session
    return headers


def event_count(db: Path) -> int:
    conn = open_database(db)
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


class Api:
    """httpx client plus the site's fixtures and small helpers."""

    def __init__(self, url: str, site: Site, server: ServerThread | None = None) -> None:
        self.url = url
        self.site = site
        self.server = server  # in-process masters: server.master is the Master
        self.http = httpx.Client(base_url=url + "/api/v1", timeout=10)

    def login(self, username: str = "budi", counter: str = "l1", device: str = "counter") -> str:
        r = self.http.post("/sessions", headers=auth(self.site.tokens[device]),
                           json={"username": username, "pin": PIN,
                                 "counter_id": self.site.counters[counter]})
        assert r.status_code == 200, r.text
        return r.json()["session"]

    def act(self, session: str, counter: str, action: str, body: dict | None = None,
            device: str = "counter") -> httpx.Response:
        return self.http.post(f"/counters/{self.site.counters[counter]}/{action}",
                              headers=auth(self.site.tokens[device], session), json=body)

    def issue(self, service: str = "ktp", **kw) -> httpx.Response:
        headers = auth(self.site.tokens["kiosk"])
        headers.update(kw.pop("headers", {}))
        return self.http.post("/tickets", headers=headers,
                              json={"service_id": self.site.services[service], **kw})

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def site(tmp_path) -> Site:
    return make_site(tmp_path)


@pytest.fixture
def master(site):
    """A fresh master in a thread (fast), with its own database."""
    server = ServerThread(site.db).start()
    api = Api(server.url, site, server)
    try:
        yield api
    finally:
        api.close()
        server.stop()


@pytest.fixture(scope="module")
def shared_master(tmp_path_factory):
    """One master for tests that do not care what others did before them (fuzzing)."""
    site = make_site(tmp_path_factory.mktemp("shared"))
    server = ServerThread(site.db).start()
    api = Api(server.url, site, server)
    try:
        yield api
    finally:
        api.close()
        server.stop()


class MasterProcess:
    """`python -m shared.cli.main master` as a subprocess; waits for "master listening"."""

    def __init__(self, db: Path, port: int = 0) -> None:
        self.db = db
        self.port = port
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.lines: list[dict] = []

    def start(self, timeout: float = 20) -> "MasterProcess":
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "shared.cli.main", "master", "--db", str(self.db),
             "--port", str(self.port), "--no-mdns"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        ready = threading.Event()

        def read() -> None:
            assert self.proc and self.proc.stderr
            for line in self.proc.stderr:
                try:
                    record = json.loads(line)
                except ValueError:
                    record = {"msg": "non-json", "line": line.rstrip()}
                self.lines.append(record)
                if record.get("msg") == "master listening":
                    self.url = record["url"]
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        deadline = time.monotonic() + timeout
        while not ready.wait(0.05):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"master did not start: {self.lines}")
        return self

    def kill(self) -> None:
        assert self.proc
        self.proc.kill()
        self.proc.wait(10)

    def terminate(self) -> int:
        assert self.proc
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(15)
