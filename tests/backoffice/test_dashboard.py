"""The live dashboard: waiting, longest wait, counters open vs booths scheduled, pauses, devices."""
from __future__ import annotations

import httpx

from shared.store import admin_db
from tests.master.conftest import PIN

from .conftest import issue_tickets

ALL_DAY = {f"d{d}{p}1": t for d in range(1, 8) for p, t in (("o", "00:00"), ("c", "23:59"))}


def test_dashboard_shows_waiting_pauses_and_empty_booths(admin, bo, bo_site):
    issue_tickets(bo.url, bo_site, per_service=3)
    assert admin.post("/backoffice/admin/schedules/site", ALL_DAY).status_code == 303
    api = httpx.Client(base_url=bo.url + "/api/v1", timeout=10)
    counter = {"Authorization": f"Bearer {bo_site.tokens['counter']}"}
    r = api.post("/sessions", headers=counter, json={"username": "budi", "pin": PIN,
                                                     "counter_id": bo_site.counters["l1"]})
    session = {**counter, "X-Officer-Session": r.json()["session"]}
    assert api.post(f"/counters/{bo_site.counters['l1']}/open", headers=session).status_code == 200
    assert api.post(f"/counters/{bo_site.counters['l1']}/pause", headers=session,
                    json={"reason": "sholat"}).status_code == 200
    api.close()
    page = admin.http.get("/backoffice/").text
    assert "Menunggu" in page and ">9<" in page  # 3 services x 3 tickets
    assert "Sholat" in page and "Gerai Dukcapil" in page
    assert "Kosong: Gerai BPJS" in page  # scheduled now, nobody there
    assert "Kosong: Gerai Dukcapil" not in page  # paused counts as present
    fragment = admin.http.get("/backoffice/dashboard/live")
    assert fragment.status_code == 200 and not fragment.text.startswith("<!doctype")
    assert 'data-refresh="/backoffice/dashboard/live"' in page


def test_devices_offline_and_printer_faults_when_reported(admin, bo, bo_site):
    reader = bo.master.reader
    kiosk = next(d for d in admin_db.device_overview(reader) if d.device.name == "kiosk")
    page = admin.http.get("/backoffice/").text
    assert "belum pernah melaporkan status" in page
    old = admin_db.auth_db.now_ms() - 3_600_000
    report = {"version": "0.1.0", "api": 1, "printer": {"state": "paper_out",
                                                         "message": "kertas habis"}}
    bo.master.writer.call(lambda conn: admin_db.auth_db.record_health(
        conn, kiosk.device.id, old, report)).result(5)
    page = admin.http.get("/backoffice/").text
    assert "luring" in page and "gangguan: kertas habis<" in page
    devices = admin.http.get("/backoffice/admin/devices").text
    assert "1 jam lalu" in devices and "kertas habis" in devices and "0.1.0" in devices

