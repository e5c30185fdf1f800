"""The main path over the real server: issue, sign in, open, call; events live and replayed."""
from __future__ import annotations

import json

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from .conftest import auth, event_count


def ws_url(api, since: int | None = None, token: str | None = None) -> str:
    url = api.url.replace("http://", "ws://") + "/api/v1/events"
    params = []
    if since is not None:
        params.append(f"since={since}")
    if token is not None:
        params.append(f"token={token}")
    return url + ("?" + "&".join(params) if params else "")


def recv(ws, timeout: float = 5) -> dict:
    return json.loads(ws.recv(timeout=timeout))


def test_health_and_openapi(master):
    health = master.http.get("/health").json()
    assert health == {"status": "ok", "site": "mpp-uji", "seq": 0, "api": 1,
                      "version": health["version"], "node": health["node"]}
    assert len(health["node"]) == 16
    doc = master.http.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    assert "/api/v1/counters/{counter_id}/call-next" in doc["paths"]
    post = doc["paths"]["/api/v1/tickets"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["required"] == ["service_id"]
    assert post["security"] == [{"deviceToken": []}]


def test_issue_call_event_live_replay_and_snapshot(master):
    site, display = master.site, master.site.tokens["display"]
    with connect(ws_url(master), additional_headers=auth(display)) as ws:
        issued = master.issue("ktp")
        assert issued.status_code == 201, issued.text
        body = issued.json()
        assert body["ticket"]["number"] == "A001"
        assert body["estimate"] == {"ahead": 0, "minutes": 0}
        assert body["status_path"] == f"/t/{body['ticket']['token']}"
        assert recv(ws)["type"] == "day_started"  # the first command of the day
        event = recv(ws)
        assert event["type"] == "ticket_issued" and event["data"]["number"] == "A001"
        assert set(event) == {"seq", "type", "at", "ticket_id", "counter_id", "data"}

        session = master.login("budi", "l1")
        opened = master.act(session, "l1", "open")
        assert opened.status_code == 200, opened.text
        assert recv(ws)["type"] == "counter_opened"
        called = master.act(session, "l1", "call-next")
        assert called.status_code == 200, called.text
        assert called.json()["ticket"]["number"] == "A001"
        assert "token" not in called.json()["ticket"]  # the visitor's secret stays at the kiosk
        event = recv(ws)
        assert event["type"] == "ticket_called"
        data = event["data"]
        assert (data["number"], data["counter_number"], data["agency"]) == ("A001", 1, "Dukcapil")
        last_live = event["seq"]

    # Replay: everything after seq 1, in order, then live without duplicates.
    with connect(ws_url(master, since=1, token=display)) as ws:
        replayed = [recv(ws) for _ in range(last_live - 1)]
        assert [e["seq"] for e in replayed] == list(range(2, last_live + 1))
        assert replayed[-1]["type"] == "ticket_called"
        master.act(session, "l1", "recall")
        live = recv(ws)
        assert (live["seq"], live["type"]) == (last_live + 1, "ticket_recalled")

    snapshot = master.http.get("/snapshot", headers=auth(display)).json()
    assert snapshot["seq"] == last_live + 1
    counter = next(c for c in snapshot["counters"] if c["id"] == site.counters["l1"])
    assert counter["status"] == "open" and counter["ticket"]["number"] == "A001"
    assert snapshot["waiting"][str(site.services["ktp"])] == 0
    assert snapshot["recent_calls"][0]["number"] == "A001"
    assert snapshot["recent_calls"][0]["calls"] == 2

    status = master.http.get(f"/tickets/{body['ticket']['token']}").json()
    assert status["status"] == "called" and status["counter_number"] == 1
    assert master.http.get("/tickets/not-a-real-token-at-all").status_code == 404


def test_resync_when_since_is_ahead(master):
    master.issue("ktp")
    with connect(ws_url(master, since=999, token=master.site.tokens["kiosk"])) as ws:
        assert recv(ws) == {"type": "resync", "seq": 2}  # day_started + ticket_issued
        master.issue("ktp")
        assert recv(ws)["seq"] == 3


def test_events_without_since_are_live_only(master):
    master.issue("ktp")
    with connect(ws_url(master, token=master.site.tokens["counter"])) as ws:
        master.issue("kk")
        event = recv(ws)
        assert (event["seq"], event["data"]["number"]) == (3, "B001")


def test_events_refuse_bad_since(master):
    with pytest.raises(InvalidStatus) as info:
        connect(ws_url(master, since=-1, token=master.site.tokens["display"]))
    assert info.value.response.status_code == 400
    assert json.loads(info.value.response.body)["error"]["code"] == "invalid_since"


def test_replay_while_writes_continue_has_no_gap_or_duplicate(master):
    """Subscribe-then-replay: tickets issued during a replay appear exactly once, in order."""
    for _ in range(30):
        master.issue("ktp")
    import threading
    stop = threading.Event()

    def issue_more() -> None:
        while not stop.is_set():
            master.issue("kk")

    writer = threading.Thread(target=issue_more)
    writer.start()
    try:
        with connect(ws_url(master, since=0, token=master.site.tokens["display"])) as ws:
            seqs = [recv(ws)["seq"] for _ in range(60)]
    finally:
        stop.set()
        writer.join()
    assert seqs == list(range(1, 61))


def test_catalog_and_counter_views(master):
    site = master.site
    catalog = master.http.get("/catalog", headers=auth(site.tokens["kiosk"])).json()
    assert catalog["site"]["id"] == "mpp-uji"
    assert "prioritas" in catalog["site"]["calling_rule_description"]
    ktp = next(s for s in catalog["services"] if s["code"] == "ktp")
    assert ktp["requirements"] == ["Fotokopi KK"] and ktp["cost"] == "Gratis"
    assert ktp["availability"]["issuable"] is True
    assert {p["id"] for p in catalog["priority_classes"]} >= {"lansia", "disabilitas"}

    master.issue("ktp")
    view = master.http.get(f"/counters/{site.counters['l1']}",
                           headers=auth(site.tokens["counter"])).json()
    assert view["counter"]["status"] == "closed" and view["waiting"] == 1
    assert master.http.get("/counters/999", headers=auth(site.tokens["counter"])).status_code == 404


def test_counter_actions_through_a_day(master):
    site = master.site
    session = master.login("budi", "l1")
    assert master.act(session, "l1", "call-next").json()["error"]["code"] == "counter_closed"
    master.act(session, "l1", "open")
    assert master.act(session, "l1", "call-next").json()["error"]["code"] == "queue_empty"
    first = master.issue("ktp").json()["ticket"]
    second = master.issue("kk").json()["ticket"]
    assert master.act(session, "l1", "call", {"ticket_id": second["id"]}).status_code == 200
    assert master.act(session, "l1", "start").status_code == 200
    r = master.act(session, "l1", "transfer", {"service_id": site.services["ktp"]})
    assert r.status_code == 200 and r.json()["ticket"]["service_id"] == site.services["ktp"]
    assert master.act(session, "l1", "call-next").json()["ticket"]["id"] == first["id"]
    assert master.act(session, "l1", "skip").status_code == 200
    assert master.act(session, "l1", "requeue", {"ticket_id": first["id"]}).status_code == 200
    r = master.act(session, "l1", "call-next")
    assert r.json()["ticket"]["id"] == second["id"]  # transferred, kept its early arrival
    r = master.act(session, "l1", "finish", {"services_done": [site.services["ktp"]]})
    assert r.status_code == 200 and r.json()["ticket"]["status"] == "done"
    assert master.act(session, "l1", "cancel", {"ticket_id": first["id"]}).status_code == 200
    assert master.act(session, "l1", "pause", {"reason": "sholat"}).status_code == 200
    assert master.act(session, "l1", "pause").json()["error"]["code"] == "counter_paused"
    assert master.act(session, "l1", "resume").status_code == 200
    # Signing out closes the counter this officer holds open.
    r = master.http.delete("/sessions/current", headers=auth(site.tokens["counter"], session))
    assert r.status_code == 200 and r.json()["events"][0]["type"] == "counter_closed"
    assert master.act(session, "l1", "open").status_code == 401
    before = event_count(site.db)
    assert master.act(session, "l1", "open").json()["error"]["code"] == "invalid_session"
    assert event_count(site.db) == before


def test_catalog_imported_by_another_process_reaches_the_api(master):
    """`antrean catalog import` while the master runs: the master notices within seconds."""
    import time

    from shared.store.catalog_db import export_catalog, replace_catalog
    from shared.store.database import open_database

    headers = {"Authorization": f"Bearer {master.site.tokens['kiosk']}"}
    conn = open_database(master.site.db)
    draft = export_catalog(conn)
    draft.services[0].name = "Layanan Baru Diimpor"
    conn.execute("BEGIN IMMEDIATE")
    replace_catalog(conn, draft)
    conn.execute("COMMIT")
    conn.close()
    deadline = time.monotonic() + 15
    names: list[str] = []
    while time.monotonic() < deadline:
        names = [s["name"] for s in master.http.get("/catalog", headers=headers).json()["services"]]
        if "Layanan Baru Diimpor" in names:
            break
        time.sleep(0.2)
    assert "Layanan Baru Diimpor" in names
