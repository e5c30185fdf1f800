"""A real master on 127.0.0.1 with the back office wired in, and an HTTP client that signs in.

The master's own ServerThread serves the app; until shared/master/app.py mounts the back office
itself, ``start_master`` adds ``backoffice_routes(master)`` to the app's routes before it starts.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from shared.master.backoffice import backoffice_routes
from shared.master.run import ServerThread
from shared.store import admin_db, auth_db
from shared.store.database import open_database
from tests.master.conftest import PIN, make_site

PASSWORD = "sandi-rahasia-1"
USERS = {"admin": "admin", "super": "supervisor", "kepala-bpjs": "supervisor"}  # username -> role

_TEMPLATE: list = []


@dataclass
class BoSite:
    db: Path
    agencies: dict[str, int]  # code -> id
    officers: dict[str, int]  # username -> id
    tokens: dict[str, str]  # device tokens: kiosk, display, counter, counter2
    services: dict[str, int]  # ktp, kk, jkn -> id
    counters: dict[str, int]  # l1, l2, l3 -> id


def make_bo_site(folder: Path) -> BoSite:
    """The master tests' site (Dukcapil + BPJS) plus passwords: admin, super (Dukcapil head),
    kepala-bpjs (BPJS head)."""
    if not _TEMPLATE:
        base = Path(tempfile.mkdtemp(prefix="antrean-bo-template-"))
        site = make_site(base)
        conn = open_database(site.db)
        with auth_db.transaction(conn):
            auth_db.add_officer(conn, "kepala-bpjs", "Kepala BPJS", PIN, "supervisor", "bpjs")
            for username in USERS:
                admin_db.set_password(conn, username, PASSWORD)
        conn.close()
        _TEMPLATE.append(site)
    template = _TEMPLATE[0]
    db = folder / "antrean.db"
    shutil.copyfile(template.db, db)
    conn = open_database(db)
    agencies = dict(conn.execute("SELECT code, id FROM agencies").fetchall())
    officers = dict(conn.execute("SELECT username, id FROM officers").fetchall())
    conn.close()
    return BoSite(db, agencies, officers, dict(template.tokens), dict(template.services),
                  dict(template.counters))


def issue_tickets(url: str, site: BoSite, per_service: int = 2) -> None:
    """A few tickets for every service (both agencies), so reports have rows to leak."""
    with httpx.Client(base_url=url + "/api/v1", timeout=10) as http:
        headers = {"Authorization": f"Bearer {site.tokens['kiosk']}"}
        for service_id in site.services.values():
            for _ in range(per_service):
                r = http.post("/tickets", headers=headers, json={"service_id": service_id})
                assert r.status_code == 201, r.text


def start_master(db: Path, **options) -> ServerThread:
    server = ServerThread(db)
    app = server.server.config.app
    # The master mounts the back office itself; tests that shorten its timers mount their own.
    if options or not any(getattr(r, "path", None) == "/backoffice" for r in app.routes):
        app.router.routes[:] = [r for r in app.router.routes
                                if getattr(r, "path", None) != "/backoffice"]
        app.router.routes.extend(backoffice_routes(server.master, **options))
    return server.start()


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Client:
    """httpx with the back office's habits: sign in, read a page's CSRF token, post forms."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=30, follow_redirects=False)

    def csrf(self, path: str = "/backoffice/") -> str:
        r = self.http.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[:500])
        return CSRF.search(r.text).group(1)

    def login(self, username: str = "admin", password: str = PASSWORD) -> httpx.Response:
        token = CSRF.search(self.http.get("/backoffice/login").text).group(1)
        return self.http.post("/backoffice/login", data={
            "csrf": token, "username": username, "password": password})

    def post(self, path: str, data: dict | None = None, csrf_from: str = "/backoffice/",
             **kw) -> httpx.Response:
        return self.http.post(path, data={"csrf": self.csrf(csrf_from), **(data or {})}, **kw)

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def bo_site(tmp_path) -> BoSite:
    return make_bo_site(tmp_path)


@pytest.fixture
def bo(bo_site):
    server = start_master(bo_site.db)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def supervisor(bo) -> Client:
    """The Dukcapil head."""
    client = Client(bo.url)
    assert client.login("super").status_code == 303
    yield client
    client.close()


@pytest.fixture
def admin(bo) -> Client:
    client = Client(bo.url)
    assert client.login().status_code == 303
    yield client
    client.close()
