"""A supervisor (agency head) sees and changes nothing of another agency: every back-office
route, table-driven. A new route without a case here fails test_every_route_has_a_case."""
from __future__ import annotations

import pytest

from shared.master.backoffice import ROUTE_TABLE
from shared.master.backoffice.core import ADMIN, ANY, PUBLIC

from .conftest import Client, issue_tickets, start_master

# Routes every signed-in user may use, with how a supervisor's access to *another* agency is
# tried: (method, route path) -> list of (url with {other} = the other agency's code, expected).
# 403: refused; "own": answered but without a trace of the other agency.
ANY_CASES: dict[tuple[str, str], list[tuple[str, object]]] = {
    ("GET", "/"): [("/backoffice/", "own")],
    ("GET", "/dashboard/live"): [("/backoffice/dashboard/live", "own")],
    ("GET", "/reports"): [("/backoffice/reports", "own")],
    ("GET", "/reports/{kind}"): [
        *((f"/backoffice/reports/{k}", "own") for k in ("visitors", "times", "presence", "skm")),
        *((f"/backoffice/reports/{k}?agency={{other}}", 403)
          for k in ("visitors", "times", "presence", "skm")),
        ("/backoffice/reports/visitors?by_service=1&grain=day", "own"),
        ("/backoffice/reports/times?dim=service&dim=officer&dim=hour", "own")],
    ("GET", "/reports/{kind}/download"): [
        ("/backoffice/reports/visitors/download?fmt=csv", "own"),
        ("/backoffice/reports/times/download?fmt=csv&dim=service", "own"),
        ("/backoffice/reports/presence/download?fmt=csv", "own"),
        ("/backoffice/reports/visitors/download?fmt=xlsx&agency={other}", 403),
        ("/backoffice/reports/skm/download?fmt=pdf&agency={other}", 403),
        ("/backoffice/reports/visitors/download?fmt=csv&agency={other}", 403)],
    ("GET", "/reports/monthly/download"): [
        ("/backoffice/reports/monthly/download?agency={other}", 403)],
    ("GET", "/account"): [("/backoffice/account", "own")],
    # these act on the signed-in user's own session / password only (no id, no agency)
    ("POST", "/logout"): [],
    ("POST", "/account/password"): [],
}

# Filled admin-route paths (another agency's objects where a path names one).
ADMIN_PATHS = {
    "{key}": "bpjs", "{scope}": "agency:bpjs", "{officer_id:int}": "3", "{device_id:int}": "1",
    "{pairing_id:int}": "1",
}

# Who is "the other agency" and how it shows on a page.
VIEWS = {"super": ("bpjs", ("BPJS", "Pendaftaran JKN")),
         "kepala-bpjs": ("dukcapil", ("Dukcapil", "KTP-el", "Kartu Keluarga"))}


def _admin_url(path: str) -> str:
    for placeholder, value in ADMIN_PATHS.items():
        path = path.replace(placeholder, value)
    return "/backoffice" + path


def test_every_route_has_a_case():
    for route in ROUTE_TABLE:
        if route.access == ANY:
            assert (route.method, route.path) in ANY_CASES, f"no scope case for {route.path}"
        assert route.access in (PUBLIC, ANY, ADMIN)


@pytest.fixture(scope="module")
def busy(tmp_path_factory):
    from .conftest import make_bo_site
    site = make_bo_site(tmp_path_factory.mktemp("scope"))
    server = start_master(site.db)
    issue_tickets(server.url, site)
    yield server, site
    server.stop()


def _counts(server) -> tuple:
    conn = server.master.reader
    return (conn.execute("SELECT count(*) FROM audit_log WHERE action NOT LIKE 'log%'").fetchone(),
            conn.execute("SELECT count(*) FROM events").fetchone(),
            conn.execute("SELECT count(*) FROM devices WHERE revoked_at IS NULL").fetchone(),
            conn.execute("SELECT group_concat(pin_hash || role || coalesce(password_hash, '')) "
                         "FROM officers").fetchone())


@pytest.mark.parametrize("username", sorted(VIEWS))
def test_supervisor_is_refused_every_admin_route(busy, username):
    server, _ = busy
    client = Client(server.url)
    assert client.login(username).status_code == 303
    before = _counts(server)
    token = client.csrf("/backoffice/")
    for route in ROUTE_TABLE:
        if route.access != ADMIN:
            continue
        url = _admin_url(route.path)
        if route.method == "GET":
            r = client.http.get(url)
        elif route.upload:
            r = client.http.post(url, data={"csrf": token},
                                 files={"file": ("k.zip", b"PK\x03\x04", "application/zip")})
        else:
            r = client.http.post(url, data={"csrf": token, "code": "x", "name": "x"})
        assert r.status_code == 403, (username, route.method, url, r.status_code)
        assert "Akses ditolak" in r.text
    assert _counts(server) == before
    client.close()


@pytest.mark.parametrize("username", sorted(VIEWS))
def test_supervisor_sees_only_own_agency(busy, username):
    server, _ = busy
    other, traces = VIEWS[username]
    client = Client(server.url)
    assert client.login(username).status_code == 303
    for (method, path), cases in ANY_CASES.items():
        for url, expected in cases:
            url = url.format(other=other)
            r = client.http.get(url)
            if expected == 403:
                assert r.status_code == 403, (username, url, r.status_code)
                continue
            assert r.status_code == 200, (username, url, r.status_code, r.text[:300])
            body = r.content.decode("utf-8", "replace")
            for trace in traces:
                assert trace not in body, (username, url, trace)
    client.close()


def test_admin_sees_every_agency(busy):
    server, _ = busy
    client = Client(server.url)
    assert client.login("admin").status_code == 303
    body = client.http.get("/backoffice/reports/visitors").text
    assert "BPJS" in body and "Dukcapil" in body
    assert client.http.get("/backoffice/reports/visitors?agency=bpjs").status_code == 200
    client.close()


def test_anonymous_is_sent_to_login_everywhere(busy):
    server, _ = busy
    client = Client(server.url)
    for route in ROUTE_TABLE:
        if route.access == PUBLIC:
            continue
        path = _admin_url(route.path).replace("{kind}", "visitors")
        r = client.http.request(route.method, path, data={"csrf": "x"} if route.method == "POST"
                                else None)
        assert r.status_code == 303, (route.method, path, r.status_code)
        assert r.headers["location"].startswith("/backoffice/login?next=")
    client.close()
