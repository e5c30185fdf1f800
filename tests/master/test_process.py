"""The master as a real process: JSON logs, SIGTERM, and kill -9 in the middle of issuing."""
from __future__ import annotations

import threading
import time

import httpx
from websockets.sync.client import connect

from shared.store.database import open_database

from .conftest import MasterProcess, auth


def test_kill_9_while_issuing_loses_no_acknowledged_ticket(site):
    proc = MasterProcess(site.db).start()
    url = proc.url + "/api/v1/tickets"
    headers = auth(site.tokens["kiosk"])
    acknowledged: dict[str, dict] = {}  # idempotency key -> ticket from a 201
    unanswered: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def issue_loop(worker: int) -> None:
        with httpx.Client(timeout=5) as client:
            n = 0
            while not stop.is_set():
                key = f"w{worker}-{n}"
                n += 1
                try:
                    r = client.post(url, json={"service_id": site.services["ktp"]},
                                    headers={**headers, "Idempotency-Key": key})
                except httpx.HTTPError:
                    with lock:
                        unanswered.append(key)
                    return
                assert r.status_code == 201, r.text
                with lock:
                    acknowledged[key] = r.json()["ticket"]

    workers = [threading.Thread(target=issue_loop, args=(i,)) for i in range(4)]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 10
    while len(acknowledged) < 60 and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.kill()  # SIGKILL: no clean-up of any kind
    stop.set()
    for w in workers:
        w.join(10)
    assert len(acknowledged) >= 60

    proc = MasterProcess(site.db).start()
    try:
        with httpx.Client(base_url=proc.url + "/api/v1", timeout=5) as client:
            for key, ticket in acknowledged.items():
                r = client.get(f"/tickets/{ticket['token']}")
                assert r.status_code == 200, (key, ticket["number"])
                assert r.json()["number"] == ticket["number"]
            # A request cut off by the kill is retried with its key: it gets its ticket (if the
            # commit made it) or a new one, and never two.
            for key in unanswered:
                r = client.post("/tickets", json={"service_id": site.services["ktp"]},
                                headers={**headers, "Idempotency-Key": key})
                assert r.status_code == 201
                acknowledged[key] = r.json()["ticket"]
            r = client.post("/tickets", json={"service_id": site.services["ktp"]}, headers=headers)
            assert r.status_code == 201
    finally:
        assert proc.terminate() == 0
    conn = open_database(site.db)
    numbers = [row[0] for row in conn.execute("SELECT number FROM tickets ORDER BY id")]
    keys = conn.execute("SELECT count(*) FROM idempotency_keys").fetchone()[0]
    conn.close()
    assert len(numbers) == len(set(numbers)) == len(acknowledged) + 1
    assert keys == len(acknowledged)


def test_sigterm_stops_cleanly_with_json_logs(site):
    proc = MasterProcess(site.db).start()
    listening = next(line for line in proc.lines if line["msg"] == "master listening")
    assert listening["url"].startswith("http://127.0.0.1:")
    assert {"ts", "level", "msg"} <= set(listening)
    ws_url = proc.url.replace("http://", "ws://") + "/api/v1/events?token=" + site.tokens["display"]
    with connect(ws_url) as ws:
        r = httpx.post(proc.url + "/api/v1/tickets", headers=auth(site.tokens["kiosk"]),
                       json={"service_id": site.services["kk"]})
        assert r.status_code == 201
        assert ws.recv(timeout=5)
        started = time.monotonic()
        assert proc.terminate() == 0  # an open WebSocket does not hold the shutdown up
        assert time.monotonic() - started < 8
    assert any(line["msg"] == "master stopped" for line in proc.lines)
    assert all(line["msg"] != "non-json" for line in proc.lines), proc.lines
    assert not [line for line in proc.lines if line["level"] in ("error", "critical")]


def test_mdns_hook_is_optional_and_failures_do_not_stop_the_master(site, monkeypatch, caplog):
    import sys

    from shared.master import run
    from shared.master.app import Master

    master = Master(site.db)
    try:
        import shared.master as package

        monkeypatch.setitem(sys.modules, "shared.master.mdns", None)  # module absent
        monkeypatch.delattr(package, "mdns", raising=False)
        assert run.start_mdns(master, 8420, ["127.0.0.1"]) is None

        class Broken:
            @staticmethod
            def start_advertising(**kw):
                raise OSError("port 5353 busy")

        monkeypatch.setitem(sys.modules, "shared.master.mdns", Broken)
        monkeypatch.setattr(package, "mdns", Broken, raising=False)
        assert run.start_mdns(master, 8420, ["127.0.0.1"]) is None
        assert any("mDNS advertising failed" in r.getMessage() for r in caplog.records)
        run.stop_mdns(None)
    finally:
        master.stop()
    assert run.mdns_interfaces("127.0.0.1", []) == ["127.0.0.1"]
    assert run.mdns_interfaces("0.0.0.0", []) is None
    assert run.mdns_interfaces("0.0.0.0", ["10.0.0.2"]) == ["10.0.0.2"]
