"""Device health (POST /devices/me/status, device_status events, silence) and the protocol
version (X-Antrean-Api, 426 upgrade_required), over a real master on 127.0.0.1; plus the
client side: shared/net/heartbeat.py and the client's upgrade_required state."""
from __future__ import annotations

import asyncio
import json
import time

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from shared.adapters.escpos_status import PrinterStatus
from shared.master import watch
from shared.master.run import ServerThread
from shared.net import client as client_module
from shared.net.client import ApiError, MasterClient
from shared.net.heartbeat import Heartbeat, collect_health, cpu_temperature_c, printer_json
from shared.store import auth_db
from shared.store.database import open_database

from .conftest import Api, auth
from .test_flow import recv, ws_url

REPORT = {"version": "1.4.2", "api": 1, "printer": None, "disk_free_mb": 2048,
          "temperature_c": 47.5, "uptime_s": 3600}


def on_loop(api: Api, coro):
    """Run a coroutine on the master's own loop (the watch's checks), wait for its result."""
    return asyncio.run_coroutine_threadsafe(coro, api.server.master.loop).result(10)


def report(api: Api, device: str = "kiosk", **changes) -> dict:
    r = api.http.post("/devices/me/status", headers=auth(api.site.tokens[device]),
                      json={**REPORT, **changes})
    assert r.status_code == 200, r.text
    return r.json()


def devices(api: Api) -> dict[str, auth_db.Device]:
    conn = open_database(api.site.db)
    try:
        return {d.name: d for d in auth_db.list_devices(conn)}
    finally:
        conn.close()


def device_events(api: Api) -> list[dict]:
    conn = open_database(api.site.db)
    try:
        rows = conn.execute("SELECT seq, data FROM events WHERE type = 'device_status' "
                            "ORDER BY seq").fetchall()
    finally:
        conn.close()
    return [{"seq": seq, **json.loads(data)} for seq, data in rows]


def test_reports_are_stored_and_printer_changes_become_events(master):
    display = master.site.tokens["display"]
    with connect(ws_url(master), additional_headers=auth(display)) as ws:
        answer = report(master, printer={"state": "ok", "message": ""})
        assert answer == {"ok": True, "interval_s": 30, "silent_after_s": 90}
        report(master, "display")  # no printer: printer null
        assert device_events(master) == []  # nothing that matters yet
        kiosk = devices(master)["kiosk"].health
        assert kiosk.printer == "ok" and kiosk.version == "1.4.2" and not kiosk.silent
        assert kiosk.status == {**REPORT, "printer": {"state": "ok", "message": ""}}
        assert devices(master)["display"].health.printer is None
        assert devices(master)["counter"].health is None  # never reported

        report(master, printer={"state": "paper_out", "message": "sensor kertas"})
        event = recv(ws)
        assert (event["type"], event["ticket_id"], event["counter_id"]) == (
            "device_status", None, None)
        data = event["data"]
        assert (data["change"], data["name"], data["role"], data["silent"]) == (
            "printer_fault", "kiosk", "kiosk", False)
        assert data["printer"] == {"state": "paper_out", "message": "sensor kertas"}
        assert data["message"] == "Printer Kios 'kiosk': kertas habis (sensor kertas)"
        assert data["last_seen"].endswith("+07:00")  # the site's zone (WIB)

        report(master, printer={"state": "paper_out", "message": "sensor kertas"})  # same: quiet
        report(master, printer={"state": "paper_near_end"})  # another problem: news
        assert recv(ws)["data"]["change"] == "printer_fault"
        report(master, printer={"state": "unknown"})  # a printer that does not say: no problem
        cleared = recv(ws)
        assert cleared["data"]["change"] == "printer_ok"
        assert cleared["data"]["message"] == "Printer Kios 'kiosk' normal kembali"
        report(master, printer={"state": "ok"})
    assert [e["change"] for e in device_events(master)] == [
        "printer_fault", "printer_fault", "printer_ok"]
    assert master.http.get("/health").json()["seq"] == cleared["seq"]  # one sequence for all


@pytest.mark.parametrize("body, code", [
    ({**REPORT, "version": ""}, "invalid_field"),
    ({**REPORT, "api": "1"}, "invalid_field"),
    ({**REPORT, "printer": {"state": "jammed"}}, "invalid_field"),
    ({**REPORT, "printer": {"message": "no state"}}, "missing_field"),
    ({**REPORT, "printer": "ok"}, "invalid_field"),
    ({**REPORT, "temperature_c": "hot"}, "invalid_field"),
    ({**REPORT, "temperature_c": True}, "invalid_field"),
    ({**REPORT, "disk_free_mb": -1}, "invalid_field"),
    ({**REPORT, "uptime_s": 1.5}, "invalid_field"),
])
def test_bad_reports_are_refused(shared_master, body, code):
    r = shared_master.http.post("/devices/me/status", json=body,
                                headers=auth(shared_master.site.tokens["counter"]))
    assert r.status_code == 422 and r.json()["error"]["code"] == code, r.text


def test_a_printer_only_report_in_the_printers_own_words(master):
    """What a kiosk sends on a printer change: only the printer, as PrinterStatus.state says."""
    r = master.http.post("/devices/me/status", headers=auth(master.site.tokens["kiosk"]),
                         json={"printer": {"state": "ready", "message": ""}})
    assert r.status_code == 200, r.text
    health = devices(master)["kiosk"].health
    assert health.printer == "ok" and health.version is None
    assert health.status["printer"] == {"state": "ok", "message": ""}
    r = master.http.post("/devices/me/status", headers=auth(master.site.tokens["kiosk"]),
                         json={"printer": {"state": "near_end"}})
    assert r.status_code == 200 and devices(master)["kiosk"].health.printer == "paper_near_end"
    assert [e["printer"]["state"] for e in device_events(master)] == ["paper_near_end"]


def test_infinite_temperature_is_refused(shared_master):
    r = shared_master.http.post(
        "/devices/me/status", content=json.dumps(REPORT).replace("47.5", "1e999"),
        headers={**auth(shared_master.site.tokens["kiosk"]), "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_field"


def test_silent_after_missed_reports_once_then_back(master):
    m = master.server.master
    report(master, printer={"state": "ok"})
    report(master, "display")
    now = auth_db.now_ms()
    assert on_loop(master, watch.check_silent_devices(m, now + 60_000)) == []  # 60 s: fine
    later = now + 91_000  # three missed 30 s reports
    ids = {d.name: d.id for d in devices(master).values()}
    assert sorted(on_loop(master, watch.check_silent_devices(m, later))) == sorted(
        [ids["kiosk"], ids["display"]])  # "counter" never reported: never silent
    assert on_loop(master, watch.check_silent_devices(m, later + 60_000)) == []  # once
    assert devices(master)["kiosk"].health.silent_since == later
    silent = [e for e in device_events(master) if e["change"] == "silent"]
    assert len(silent) == 2 and all(e["silent"] for e in silent)
    assert silent[0]["message"].startswith("Kios 'kiosk' tidak melapor sejak ")

    report(master)  # the kiosk is back
    back = device_events(master)[-1]
    assert (back["change"], back["name"], back["message"]) == (
        "back", "kiosk", "Kios 'kiosk' melapor lagi")
    assert not devices(master)["kiosk"].health.silent
    assert devices(master)["display"].health.silent


def test_no_device_is_silent_right_after_the_master_starts(master):
    m = master.server.master
    report(master)
    m.started_ms = auth_db.now_ms() + 120_000  # as if the master had just (re)started later
    assert on_loop(master, watch.check_silent_devices(m, m.started_ms + 30_000)) == []
    assert on_loop(master, watch.check_silent_devices(m, m.started_ms + 91_000)) != []


def test_the_watch_runs_in_the_background(site):
    server = ServerThread(site.db, device_silent_after_s=0.3, device_check_s=0.05).start()
    api = Api(server.url, site, server)
    try:
        with connect(ws_url(api), additional_headers=auth(site.tokens["display"])) as ws:
            report(api, "counter")
            event = recv(ws, timeout=5)
            assert (event["type"], event["data"]["change"], event["data"]["name"]) == (
                "device_status", "silent", "counter")
            report(api, "counter")
            assert recv(ws)["data"]["change"] == "back"
    finally:
        api.close()
        server.stop()


# -- protocol version ------------------------------------------------------------------------------
def test_older_protocol_gets_426_upgrade_required(master):
    kiosk = master.site.tokens["kiosk"]
    for path, headers in [("/health", {}), ("/catalog", auth(kiosk)), ("/snapshot", auth("bogus"))]:
        r = master.http.get(path, headers={**headers, "X-Antrean-Api": "0"})
        assert r.status_code == 426, r.text
        assert r.json() == {"error": {"code": "upgrade_required", "message": (
            "Perbarui aplikasi perangkat ini: versi protokol 0 tidak didukung master (butuh 1).")}}
        assert r.headers["X-Antrean-Api-Min"] == "1"
    for version in ("1", "2", "01"):  # the current one, and newer devices
        assert master.http.get("/catalog", headers={**auth(kiosk), "X-Antrean-Api": version}
                               ).status_code == 200
    assert master.http.get("/catalog", headers=auth(kiosk)).status_code == 200  # curl, browsers
    r = master.http.get("/health", headers={"X-Antrean-Api": "v1"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_api_version"
    r = master.http.post("/devices/me/status", json={**REPORT, "api": 0}, headers=auth(kiosk))
    assert r.status_code == 426 and r.json()["error"]["code"] == "upgrade_required"
    with pytest.raises(InvalidStatus) as refused:
        with connect(ws_url(master), additional_headers={**auth(kiosk), "X-Antrean-Api": "0"}):
            pass
    assert refused.value.response.status_code == 426
    assert json.loads(refused.value.response.body)["error"]["code"] == "upgrade_required"
    doc = master.http.get("/openapi.json").json()
    op = doc["paths"]["/api/v1/devices/me/status"]["post"]
    assert "426" in op["responses"]
    assert any(p["name"] == "X-Antrean-Api" for p in op["parameters"])
    printer = op["requestBody"]["content"]["application/json"]["schema"]["properties"]["printer"]
    assert printer["type"] == ["object", "null"] and printer["required"] == ["state"]


def test_client_sends_its_version_and_shows_upgrade_required(master, monkeypatch):
    states: list = []
    client = MasterClient(master.url, master.site.tokens["display"], on_state=states.append,
                          request_timeout=2)
    with client:
        assert client.wait_connected(5)  # X-Antrean-Api: 1 is accepted
        assert client.call("GET", "/catalog").status == 200
        monkeypatch.setattr(client_module, "API_VERSION", "0")  # as an old app would send
        with pytest.raises(ApiError) as refused:
            client.call("GET", "/catalog")
        assert (refused.value.status, refused.value.code) == (426, "upgrade_required")
        deadline = time.monotonic() + 5
        while not client.state.upgrade_required and time.monotonic() < deadline:
            time.sleep(0.02)
        assert client.state.upgrade_required and not client.state.connected
        assert client.state.message() == (
            "Perbarui aplikasi perangkat ini: versinya tidak didukung server antrean")
        assert "426" in (client.state.error or "")


# -- the client's heartbeat ------------------------------------------------------------------------
def test_collect_health_reads_disk_temperature_and_printer(tmp_path):
    zones = tmp_path / "thermal"
    for n, (kind, milli) in enumerate([("acpitz", "61000"), ("cpu-thermal", "48123"),
                                       ("broken", "x")]):
        (zones / f"thermal_zone{n}").mkdir(parents=True)
        (zones / f"thermal_zone{n}" / "type").write_text(kind + "\n")
        (zones / f"thermal_zone{n}" / "temp").write_text(milli + "\n")
    assert cpu_temperature_c(zones) == 48.1  # the CPU's zone, not the hottest
    assert cpu_temperature_c(tmp_path / "none") is None
    health = collect_health(PrinterStatus.ready(), version="9.9", disk_path=tmp_path,
                            thermal_root=zones)
    assert health["version"] == "9.9" and health["api"] == 1 and health["temperature_c"] == 48.1
    assert health["printer"] == {"state": "ok", "message": ""}
    assert isinstance(health["disk_free_mb"], int) and health["disk_free_mb"] >= 0
    assert collect_health()["printer"] is None
    assert printer_json("near_end") == {"state": "paper_near_end", "message": ""}
    assert printer_json({"state": "cover_open", "message": "tutup"}) == {
        "state": "cover_open", "message": "tutup"}
    assert printer_json("smoking") == {"state": "unknown", "message": "smoking"}
    assert printer_json(PrinterStatus.unknown("no answer")) == {
        "state": "unknown", "message": "no answer"}


def test_heartbeat_reports_through_the_client_and_printer_changes_at_once(master):
    client = MasterClient(master.url, master.site.tokens["kiosk"], request_timeout=2)
    with client.start(events=False):
        beat = Heartbeat(client, version="2.0.0", interval=30, printer="ready").start()
        try:
            deadline = time.monotonic() + 5
            while beat.sent < 1 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert beat.sent == 1 and beat.last_result["interval_s"] == 30
            health = devices(master)["kiosk"].health
            assert health.version == "2.0.0" and health.printer == "ok"
            beat.set_printer("paper_out")  # not 30 s later: now
            while beat.sent < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert [e["change"] for e in device_events(master)] == ["printer_fault"]
            beat.set_printer("paper_out")  # unchanged: no extra report
            time.sleep(0.1)
            assert beat.sent == 2
        finally:
            beat.stop()
