"""A counter's waiting list in calling order, calling a ticket by its number, the wording of
wrong_state, and counters left open by a panel that crashed (closed by the master's watch)."""
from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta

from shared.domain import commands as c
from shared.domain.model import PriorityClass
from shared.master import watch
from shared.master.handlers_counters import calling_order
from shared.master.run import ServerThread
from shared.store import auth_db
from shared.store.database import open_database
from shared.store.queue_store import QueueStore

from .conftest import Api, auth, make_site

LANSIA = PriorityClass.LANSIA.value


def waiting(api: Api, session: str, counter: str = "l1"):
    return api.http.get(f"/counters/{api.site.counters[counter]}/waiting",
                        headers=auth(api.site.tokens["counter"], session))


def on_loop(api: Api, coro):
    return asyncio.run_coroutine_threadsafe(coro, api.server.master.loop).result(10)


def counter_events(api: Api, kind: str) -> list[dict]:
    conn = open_database(api.site.db)
    try:
        rows = conn.execute("SELECT counter_id, data FROM events WHERE type = ? ORDER BY seq",
                            (kind,)).fetchall()
    finally:
        conn.close()
    return [{"counter_id": cid, **json.loads(data)} for cid, data in rows]


def test_waiting_list_is_the_order_call_next_takes(master):
    issued = []
    for service, priority in [("ktp", None), ("kk", None), ("ktp", LANSIA), ("ktp", None),
                              ("kk", LANSIA), ("kk", None), ("ktp", None), ("jkn", None)]:
        r = master.issue(service, priority=priority)
        assert r.status_code == 201, r.text
        issued.append(r.json()["ticket"]["number"])
    session = master.login("budi", "l1")
    r = waiting(master, session)
    assert r.status_code == 200, r.text
    listed = r.json()
    assert len(listed) == 7  # C001 (BPJS) is not for a Dukcapil counter
    first = listed[0]
    assert set(first) == {"ticket_id", "number", "service_id", "service_name", "priority",
                          "queue_at", "waited_minutes"}
    assert (first["number"], first["service_name"], first["priority"], first["waited_minutes"]) \
        == ("A001", "KTP-el", None, 0)
    assert first["queue_at"].endswith("+07:00")
    assert any(t["priority"] == LANSIA for t in listed)

    assert master.act(session, "l1", "open").status_code == 200
    called = []
    for _ in listed:
        r = master.act(session, "l1", "call-next")
        assert r.status_code == 200, r.text
        called.append(r.json()["ticket"]["number"])
    assert called == [t["number"] for t in listed]  # the list is what call-next did
    assert master.act(session, "l1", "finish").status_code == 200
    assert waiting(master, session).json() == []
    # Scope as for the other counter routes: budi's session is for l1.
    assert waiting(master, session, "l2").status_code == 403
    assert waiting(master, master.login("super", "l1"), "l2").status_code == 200
    r = master.http.get("/counters/999/waiting",
                        headers=auth(master.site.tokens["counter"], master.login("admin", "l1")))
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_counter"


def test_calling_order_follows_the_rule_and_stops_at_the_limit(tmp_path):
    site = make_site(tmp_path)
    store = QueueStore(site.db)
    try:
        for i in range(9):
            store.execute(c.IssueTicket(site.services["ktp"],
                                        PriorityClass(LANSIA) if i in (0, 1) else None))
        now = store.clock()
        l1 = site.counters["l1"]
        order = [t.number for t in calling_order(store.state, l1, now)]
        # ratio:3: three normal tickets, then a priority one, by arrival within each class.
        assert order == ["A003", "A004", "A005", "A001", "A006", "A007", "A008", "A002", "A009"]
        assert [t.number for t in calling_order(store.state, l1, now, limit=4)] == order[:4]
        assert len(calling_order(store.state, l1, now + timedelta(hours=1))) == 9
    finally:
        store.close()


def test_call_by_number(master):
    for service in ("ktp", "ktp", "kk", "jkn"):
        assert master.issue(service).status_code == 201
    session = master.login("budi", "l1")
    assert master.act(session, "l1", "open").status_code == 200
    r = master.act(session, "l1", "call", {"number": "A002"})
    assert r.status_code == 200, r.text
    assert r.json()["ticket"]["number"] == "A002" and r.json()["ticket"]["status"] == "called"
    r = master.act(session, "l1", "call", {"number": " b1 "})  # as typed on a keypad
    assert r.status_code == 200 and r.json()["ticket"]["number"] == "B001", r.text
    for body, status, code in [
            ({"number": "Z999"}, 409, "unknown_ticket"),
            ({"number": "C001"}, 409, "not_served_here"),  # BPJS's ticket at a Dukcapil counter
            ({"number": "A002"}, 409, "not_waiting"),  # done already (finished by the call)
            ({}, 422, "missing_field"),
            ({"ticket_id": 1, "number": "A001"}, 422, "invalid_field"),
            ({"number": ""}, 422, "invalid_field"),
            ({"number": 12}, 422, "invalid_field")]:
        r = master.act(session, "l1", "call", body)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), (body, r.text)
    r = master.act(session, "l1", "call", {"number": "Z999"})
    assert r.json()["error"]["message"] == "Tiket Z999 tidak ada dalam antrean hari ini"
    assert master.act(session, "l1", "call", {"ticket_id": 1}).status_code == 200  # A001 by id


def test_wrong_state_speaks_indonesian(master):
    assert master.issue("ktp").status_code == 201
    session = master.login("budi", "l1")
    for action in ("open", "call-next", "start"):
        assert master.act(session, "l1", action).status_code == 200
    r = master.act(session, "l1", "recall")
    assert r.status_code == 409
    assert r.json()["error"] == {"code": "wrong_state", "message": "Tiket A001 sedang dilayani"}


# -- stale counters --------------------------------------------------------------------------------
def test_a_counter_left_open_by_an_idle_session_is_closed(master):
    m, site = master.server.master, master.site
    assert master.issue("ktp").status_code == 201
    budi = master.login("budi", "l1")
    assert master.act(budi, "l1", "open").status_code == 200
    sari = master.login("sari", "l2")
    assert master.act(sari, "l2", "open").status_code == 200
    assert master.act(sari, "l2", "call-next").status_code == 200  # a visitor at l2
    now = auth_db.now_ms()
    assert on_loop(master, watch.check_stale_counters(m, now + 19 * 60_000)) == []
    later = now + 21 * 60_000
    assert on_loop(master, watch.check_stale_counters(m, later)) == [site.counters["l1"]]
    (closed,) = counter_events(master, "counter_closed")
    assert closed["counter_id"] == site.counters["l1"] and closed["reason"] == "stale_session"
    r = master.act(budi, "l1", "call-next")  # the crashed panel's session is over
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_session"
    assert on_loop(master, watch.check_stale_counters(m, later + 60_000)) == []  # l2 is serving
    assert master.act(sari, "l2", "finish").status_code == 200  # and its session still works


def test_a_live_panel_or_a_recent_request_keeps_the_counter(site):
    clock = {"now": auth_db.now_ms()}
    server = ServerThread(site.db, wall_ms=lambda: clock["now"]).start()
    api = Api(server.url, site, server)
    m = server.master
    try:
        budi = api.login("budi", "l1")
        assert api.act(budi, "l1", "open").status_code == 200
        assert api.act(budi, "l1", "pause", {"reason": "sholat"}).status_code == 200
        clock["now"] += 15 * 60_000
        r = api.http.post("/devices/me/status", headers=auth(site.tokens["counter"]),
                          json={"version": "1", "api": 1})  # the panel is alive (heartbeat)
        assert r.status_code == 200
        clock["now"] += 15 * 60_000  # 30 min after the last request, 15 after the last report
        assert on_loop(api, watch.check_stale_counters(m, clock["now"])) == []
        clock["now"] += 6 * 60_000  # 21 min of silence from panel and officer: stale
        assert on_loop(api, watch.check_stale_counters(m, clock["now"])) == [site.counters["l1"]]
        assert counter_events(api, "counter_closed")[-1]["reason"] == "stale_session"
        # The officer signs in again (the panel restarted): the new session counts.
        budi = api.login("budi", "l1")
        assert api.act(budi, "l1", "open").status_code == 200
        assert on_loop(api, watch.check_stale_counters(m, auth_db.now_ms() + 10 * 60_000)) == []
    finally:
        api.close()
        server.stop()


def test_counters_opened_without_any_session_are_left_alone(tmp_path):
    site = make_site(tmp_path)
    store = QueueStore(site.db)
    officer = auth_db.officer_by_username(store.conn, "wati")
    store.execute(c.OpenCounter(site.counters["l3"], officer.id))  # demo data, a tool
    store.close()
    server = ServerThread(site.db).start()
    api = Api(server.url, site, server)
    try:
        now = auth_db.now_ms() + 3 * 3600_000
        assert on_loop(api, watch.check_stale_counters(server.master, now)) == []
    finally:
        api.close()
        server.stop()


def test_the_stale_watch_runs_in_the_background(site):
    server = ServerThread(site.db, counter_stale_minutes=0.01, counter_check_s=0.05).start()
    api = Api(server.url, site, server)
    try:
        budi = api.login("budi", "l1")
        assert api.act(budi, "l1", "open").status_code == 200
        headers = auth(site.tokens["display"])
        for _ in range(100):
            counters = api.http.get("/snapshot", headers=headers).json()["counters"]
            if next(c for c in counters if c["id"] == site.counters["l1"])["status"] == "closed":
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the stale counter was not closed")
        assert counter_events(api, "counter_closed")[-1]["reason"] == "stale_session"
    finally:
        api.close()
        server.stop()
