"""The Devices page's pairing requests: listed with their code, Approve / Reject through HTTP with
CSRF, audited; the device then picks its token up once."""
from __future__ import annotations

import httpx

from shared.store import pairing_db


def _ask(url: str, name: str, role: str = "kiosk") -> dict:
    r = httpx.post(url + "/api/v1/pairing", json={"role": role, "name": name}, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()


def test_approve_and_reject_buttons(bo, admin):
    asked = _ask(bo.url, "Kios Lantai 2")
    spam = _ask(bo.url, "Bukan punya kita", role="display")
    page = admin.http.get("/backoffice/admin/devices")
    assert page.status_code == 200
    code = asked["code"]
    assert f"{code[:3]} {code[3:]}" in page.text and "Kios Lantai 2" in page.text
    assert "127.0.0.1" in page.text
    waiting = {r.name: r.id for r in pairing_db.pending(bo.master.reader, pairing_now())}
    approve = f"/backoffice/admin/devices/pairing/{waiting['Kios Lantai 2']}/approve"
    assert f'action="{approve}"' in page.text

    # Without the CSRF token: refused, nothing changes.
    r = admin.http.post(approve, data={"csrf": "wrong"})
    assert r.status_code in (400, 403)
    assert httpx.get(f"{bo.url}/api/v1/pairing/{asked['request']}").json() == {
        "status": "pending"}

    r = admin.post(approve, csrf_from="/backoffice/admin/devices")
    assert r.status_code == 303 and r.headers["location"].endswith("?ok=paired")
    r = admin.post(f"/backoffice/admin/devices/pairing/{waiting['Bukan punya kita']}/reject",
                   csrf_from="/backoffice/admin/devices")
    assert r.status_code == 303
    # Deciding twice: 409.
    assert admin.post(approve, csrf_from="/backoffice/admin/devices").status_code == 409

    got = httpx.get(f"{bo.url}/api/v1/pairing/{asked['request']}").json()
    assert got["status"] == "approved"
    assert httpx.get(f"{bo.url}/api/v1/catalog", headers={
        "Authorization": f"Bearer {got['token']}"}).status_code == 200
    assert httpx.get(f"{bo.url}/api/v1/pairing/{asked['request']}").status_code == 404
    assert httpx.get(f"{bo.url}/api/v1/pairing/{spam['request']}").json() == {
        "status": "rejected"}

    audit = bo.master.reader.execute(
        "SELECT action, target, username FROM audit_log WHERE action IN "
        "('device_paired', 'pairing_rejected') ORDER BY id").fetchall()
    assert audit == [("device_paired", "Kios Lantai 2", "admin"),
                     ("pairing_rejected", "Bukan punya kita", "admin")]
    page = admin.http.get("/backoffice/admin/devices")
    assert "Bukan punya kita" not in page.text  # decided: no longer listed
    assert "Kios Lantai 2" in page.text  # now an enrolled device


def pairing_now() -> int:
    from shared.store.auth_db import now_ms
    return now_ms()
