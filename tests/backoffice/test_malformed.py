"""Whatever a browser (or anything else) sends, the answer is a page: 4xx for bad input, never a
500. Every POST route gets bodies that are broken, oversized, of the wrong type, or full of
strange values; every GET route gets strange query parameters and path parts."""
from __future__ import annotations

import itertools

import pytest

from shared.master.backoffice import ROUTE_TABLE
from shared.master.backoffice.core import PUBLIC

from .conftest import Client, start_master

FIELDS = ("code name short_name sort agency booth number zone prefix requirements procedure "
          "completion_time cost product complaints daily_quota cutoff_minutes priority_eligible "
          "booking_quota avg_service_minutes day opens closes reason timezone number_padding "
          "rule_mode rule_n ticket_footer ticker username password pin role agency_id active "
          "current new repeat slots d1o1 d1c1 d1o2 d1c2 next file").split()
VALUES = ["", " ", "x" * 5000, "\x00", "-1", "0", "99999999999999999999999", "1e9", "NaN",
          "<script>alert(1)</script>", "ñ✓ 日本", "2026-02-30", "25:99", "08.00", "a;b",
          "dukcapil", "g-dukcapil", "admin", "1", "on", "9" * 400]
PATH_PARAMS = {"{key}": ["x" * 300, "%00", "ktp", "..%2F..", "tidak-ada"],
               "{scope}": ["site", "agency:", "booth:%00", "agency:bpjs", "x:y:z", "a" * 300],
               "{officer_id:int}": ["1", "0", "99999999999999999999999"],
               "{device_id:int}": ["1", "0", "99999999999999999999999"],
               "{pairing_id:int}": ["1", "0", "99999999999999999999999"],
               "{kind}": ["visitors", "monthly", "x" * 300, "%00"]}
QUERIES = ["", "?from=kemarin", "?from=2026-02-30&to=2026-01-01", "?from=2000-01-01&to=2026-01-01",
           "?agency=%00", "?agency=tidak-ada", "?grain=minggu", "?dim=officer&dim=bogus",
           "?fmt=exe", "?fmt=csv&table=bogus", "?month=2026-13", "?month=x", "?before=-1",
           "?before=99999999999999999999", "?q=" + "x" * 500, "?lang=fr", "?min_gap=0",
           "?weight=2", "?scope=agency:tidak-ada", "?next=//evil"]


def _paths(path: str) -> list[str]:
    keys = [k for k in PATH_PARAMS if k in path]
    out = []
    for combo in itertools.product(*(PATH_PARAMS[k] for k in keys)):
        filled = path
        for k, v in zip(keys, combo):
            filled = filled.replace(k, v)
        out.append("/backoffice" + filled)
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from .conftest import make_bo_site
    site = make_bo_site(tmp_path_factory.mktemp("malformed"))
    srv = start_master(site.db)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def admin(server):
    client = Client(server.url)
    assert client.login().status_code == 303
    yield client
    client.close()


def _ok(r, what) -> None:
    assert r.status_code < 500, (what, r.status_code, r.text[:400])
    if r.status_code >= 400:
        assert r.headers["content-type"].startswith("text/html"), what


def test_get_routes_with_strange_queries_and_paths(admin):
    for route in ROUTE_TABLE:
        if route.method != "GET":
            continue
        for i, path in enumerate(_paths(route.path)):
            for query in QUERIES if i == 0 else QUERIES[:3]:
                _ok(admin.http.get(path + query), path + query)


def test_post_routes_with_broken_bodies(admin):
    for route in ROUTE_TABLE:
        if route.method != "POST" or route.path == "/logout":
            continue
        for path in _paths(route.path)[:3]:
            token = admin.csrf("/backoffice/")
            bodies = [
                ({"content-type": "application/x-www-form-urlencoded"}, b"\xff\xfe\x00csrf=1"),
                ({"content-type": "application/x-www-form-urlencoded"}, b"%%%&&&==="),
                ({"content-type": "text/plain"}, b"csrf=" + token.encode()),
                ({"content-type": "application/json"}, b'{"csrf": "%s"}' % token.encode()),
                ({"content-type": "multipart/form-data"}, b"--x\r\n"),
                ({"content-type": "multipart/form-data; boundary=zz"}, b"--zz\r\nbroken"),
                ({"content-type": "application/x-www-form-urlencoded"},
                 b"csrf=" + token.encode() + b"&" + b"a=1&" * 2000),
            ]
            for headers, body in bodies:
                _ok(admin.http.post(path, content=body, headers=headers), (path, headers))
            big = b"csrf=" + token.encode() + b"&name=" + b"x" * (300 * 1024)
            r = admin.http.post(path, content=big,
                                headers={"content-type": "application/x-www-form-urlencoded"})
            limit_ok = (422,) if route.upload else (413,)  # uploads may be 8 MiB
            assert r.status_code in limit_ok, (path, r.status_code)


def test_post_routes_with_strange_values(admin):
    for route in ROUTE_TABLE:
        if route.method != "POST" or route.path in ("/logout", "/login"):
            continue
        for path in _paths(route.path)[:2]:
            for value in VALUES:
                token = admin.csrf("/backoffice/")
                data = {name: value for name in FIELDS}
                data["csrf"] = token
                r = admin.http.post(path, data=data)
                _ok(r, (path, value[:20]))
                if route.upload:
                    r = admin.http.post(path, data={"csrf": token},
                                        files={"file": ("a.zip", value.encode("utf-8", "replace"),
                                                        "application/zip")})
                    _ok(r, (path, "upload", value[:20]))
    # the session survived all of it
    assert admin.http.get("/backoffice/").status_code in (200, 303)


def test_login_with_strange_values(server):
    client = Client(server.url)
    for value in VALUES:
        token = client.csrf("/backoffice/login")
        r = client.http.post("/backoffice/login", data={"csrf": token, "username": value,
                                                        "password": value, "next": value})
        _ok(r, value[:20])
        assert r.status_code in (400, 401, 303, 423)
    client.close()


def test_unknown_paths_and_methods_are_html_pages(admin, server):
    r = admin.http.get("/backoffice/tidak/ada")
    assert r.status_code == 404 and "Halaman tidak ditemukan" in r.text
    r = admin.http.delete("/backoffice/admin/agencies")
    assert r.status_code == 405 and "text/html" in r.headers["content-type"]
    anon = Client(server.url)
    r = anon.http.put("/backoffice/login")
    assert r.status_code == 405
    for route in ROUTE_TABLE:
        assert route.access == PUBLIC or route.path != "/login"
