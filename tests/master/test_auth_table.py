"""ONE table-driven test over the whole route table: every refusal, and nothing changed by any."""
from __future__ import annotations

import json
import re

from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from shared.master.app import build_app, build_routes
from shared.master.spec import DEVICE, OFFICER, PUBLIC, Route
from shared.store import auth_db
from shared.store.database import open_database

from .conftest import PIN, auth, event_count

ROLES = ("kiosk", "display", "counter")
ACTIONS = ("open", "close", "pause", "resume", "call-next", "call", "recall", "skip", "start",
           "finish", "transfer", "requeue", "cancel")

# Who may call what, as docs/api.md says: pinned here, independently of the route table, so a
# route added to the table without an entry here, or with looser auth, fails this test.
CONTRACT: dict[tuple[str, str], str] = {
    ("GET", "/health"): "public",
    ("GET", "/openapi.json"): "public",
    ("GET", "/tickets/{token:str}"): "public",
    ("GET", "/catalog"): "kiosk display counter",
    ("GET", "/snapshot"): "kiosk display counter",
    ("WS", "/events"): "kiosk display counter",
    ("POST", "/tickets"): "kiosk",
    ("POST", "/sessions"): "counter",
    ("GET", "/counters/{counter_id:int}"): "counter",
    ("GET", "/counters/{counter_id:int}/waiting"): "officer",
    ("POST", "/devices/me/status"): "kiosk display counter",
    ("POST", "/pairing"): "public",
    ("GET", "/pairing/{request:str}"): "public",
    ("DELETE", "/sessions/current"): "officer",
    **{("POST", f"/counters/{{counter_id:int}}/{a}"): "officer" for a in ACTIONS},
}


def concrete_path(route: Route, site) -> str:
    path = route.full_path.replace("{counter_id:int}", str(site.counters["l1"]))
    path = path.replace("{token:str}", "x" * 22).replace("{request:str}", "x" * 32)
    assert "{" not in path, f"test does not know how to fill {path}"
    return path


def valid_body(route: Route, site) -> dict | None:
    """A body that would pass validation, so a refusal can only come from auth."""
    if route.body is None:
        return None
    samples = {"service_id": site.services["ktp"], "counter_id": site.counters["l1"],
               "ticket_id": 1, "username": "budi", "pin": PIN, "services_done": [],
               "priority": None, "number": "A001", "version": "1.0.0", "api": 1,
               "printer": None, "disk_free_mb": 1000, "temperature_c": 45.5, "uptime_s": 60, "name": "tablet baru"}
    body = {}
    for name, spec in route.body.items():
        body[name] = spec["enum"][0] if "enum" in spec else samples[name]
    return body


def request(api, route: Route, headers: dict[str, str]) -> int:
    site = api.site
    path = concrete_path(route, site)
    if route.method == "WS":
        url = api.url.replace("http://", "ws://") + path
        try:
            with connect(url, additional_headers=headers, open_timeout=5):
                return 101
        except InvalidStatus as exc:
            body = json.loads(exc.response.body)
            assert set(body["error"]) == {"code", "message"}
            return exc.response.status_code
    body = valid_body(route, site)
    r = api.http.request(route.method, api.url + path, headers=headers,
                         json=body if body is not None else None)
    if r.status_code >= 400:
        assert set(r.json()["error"]) == {"code", "message"}, r.text
    return r.status_code


def test_every_route_refuses_wrong_credentials_and_changes_nothing(master):
    site = master.site
    routes = build_routes()
    conn = open_database(site.db)
    with auth_db.transaction(conn):
        _, revoked = auth_db.add_device(conn, "counter", "old tablet")
        auth_db.revoke_device(conn, auth_db.device_by_token(conn, revoked).id)
    conn.close()
    budi = master.login("budi", "l1")  # sessions are not events: the log stays empty
    budi_elsewhere = master.login("sari", "l1", device="counter2")  # another device's session
    wati = master.login("wati", "l3")  # BPJS officer, BPJS counter
    budi_l2 = master.login("budi", "l2")  # a session for another counter of the same agency
    before = event_count(site.db)
    assert before == 0

    assert sorted(CONTRACT) == sorted((r.method, r.path) for r in routes), \
        "the route table and the contract differ: update docs/api.md and CONTRACT"
    seen = []
    for route in routes:
        seen.append((route.method, route.path))
        who = CONTRACT[(route.method, route.path)]
        assert route.auth == (who if who in (PUBLIC, OFFICER) else DEVICE), route
        admitted = ("counter",) if who == OFFICER else tuple(who.split())
        if route.auth == PUBLIC:
            assert request(master, route, {}) not in (401, 403), route
            continue
        counter = site.tokens["counter"]
        # No token, a made-up token, a revoked token, a malformed Authorization header.
        assert request(master, route, {}) == 401, route
        assert request(master, route, auth("not-a-token")) == 401, route
        assert request(master, route, auth(revoked)) == 401, route
        assert request(master, route, {"Authorization": f"Basic {counter}"}) == 401, route
        # Valid devices of roles the route does not admit.
        assert set(route.device_roles) == set(admitted), route
        for role in ROLES:
            if role not in admitted:
                assert request(master, route, auth(site.tokens[role])) == 403, (route, role)
        if route.auth == OFFICER:
            assert request(master, route, auth(counter)) == 401, route  # no session
            assert request(master, route, auth(counter, "bogus-session")) == 401, route
            # A session is bound to the device it was opened on.
            assert request(master, route, auth(counter, budi_elsewhere)) == 401, route
            # A kiosk carrying a valid session is still a kiosk.
            assert request(master, route, auth(site.tokens["kiosk"], budi)) == 403, route
            if "{counter_id" in route.path:
                # Another agency's officer, and the same officer's session for another counter.
                assert request(master, route, auth(counter, wati)) == 403, route
                assert request(master, route, auth(counter, budi_l2)) == 403, route
        else:
            assert route.auth == DEVICE

    assert event_count(site.db) == before, "a refused request changed the queue"
    conn = open_database(site.db)
    assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 0
    conn.close()
    # The walk covered the whole table (the next test: the table is all the app serves).
    assert len(seen) == len(routes) >= 20


# Browser pages have their own access tests (tests/backoffice walks its ROUTE_TABLE, tests/visitor
# its pages); everything under /api/v1 must come from the route table.
def _api_paths(app) -> list[str]:
    return sorted(r.path for r in app.routes if r.path.startswith("/api/"))


def test_app_serves_exactly_the_route_table(site):
    from shared.master.app import Master

    master = Master(site.db)
    try:
        app = build_app(master)
        served = _api_paths(app)
        table = sorted(r.full_path for r in master.routes)
        assert served == table
        doc_ops = sum(len(ops) for ops in master.openapi["paths"].values())
        assert doc_ops == len(master.routes)
        for route in master.routes:
            op = master.openapi["paths"][route.openapi_path][
                "get" if route.method == "WS" else route.method.lower()]
            assert op["x-auth"] == route.auth
            assert re.sub(r"\{(\w+):\w+\}", r"{\1}", route.full_path) == route.openapi_path
    finally:
        master.stop()
