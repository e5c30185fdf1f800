"""Pairing a device from the device itself: the API flow, reject, expiry, the per-IP cap and
`antrean device pair` end to end (the admin's approval is the store function the back office
calls; tests/backoffice/test_pairing_page.py presses the button)."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import time

from shared.store import auth_db, pairing_db
from shared.store.database import open_database

from .conftest import ROOT, auth, event_count


def _decide(db, approve: bool = True, name: str | None = None) -> int | None:
    """What the back office's Approve / Reject buttons do, on the oldest pending request."""
    conn = open_database(db)
    try:
        with auth_db.transaction(conn):
            waiting = pairing_db.pending(conn, auth_db.now_ms())
            if name is not None:
                waiting = [r for r in waiting if r.name == name]
            if not waiting:
                return None
            request = waiting[0]
            if approve:
                device, _ = pairing_db.approve(conn, request.id, auth_db.now_ms())
                return device.id
            pairing_db.reject(conn, request.id, auth_db.now_ms())
            return request.id
    finally:
        conn.close()


def _ask(master, role: str = "display", name: str = "Layar Lobi 2"):
    r = master.http.post("/pairing", json={"role": role, "name": name})
    assert r.status_code == 201, r.text
    return r.json()


def test_request_approve_pickup_once_then_the_token_works(master):
    before = event_count(master.site.db)
    body = _ask(master)
    assert set(body) == {"request", "code", "expires_in_s"}
    assert len(body["code"]) == 6 and body["code"].isdigit()
    assert len(body["request"]) >= 32 and body["expires_in_s"] == 600
    poll = f"/pairing/{body['request']}"
    assert master.http.get(poll).json() == {"status": "pending"}

    conn = open_database(master.site.db)
    stored = conn.execute("SELECT request_hash, code, ip, role, name, status "
                          "FROM pairing_requests").fetchall()
    conn.close()
    assert stored == [(auth_db.token_hash(body["request"]), body["code"], "127.0.0.1", "display",
                       "Layar Lobi 2", "pending")]  # the request id itself is not stored

    device_id = _decide(master.site.db)
    r = master.http.get(poll)
    assert r.status_code == 200
    answer = r.json()
    assert answer["status"] == "approved" and answer["device_id"] == device_id
    token = answer["token"]
    # Once: the request is consumed, and the token is no longer kept.
    again = master.http.get(poll)
    assert again.status_code == 404 and again.json()["error"]["code"] == "unknown_pairing"
    conn = open_database(master.site.db)
    assert conn.execute("SELECT status, token FROM pairing_requests").fetchall() == [
        ("picked_up", None)]
    conn.close()

    r = master.http.get("/catalog", headers=auth(token))
    assert r.status_code == 200, r.text
    assert master.http.post("/tickets", headers=auth(token),
                            json={"service_id": master.site.services["ktp"]}).status_code == 403
    assert event_count(master.site.db) == before


def test_reject_and_expiry(master):
    rejected = _ask(master, name="Tablet asing")
    assert _decide(master.site.db, approve=False) is not None
    assert master.http.get(f"/pairing/{rejected['request']}").json() == {"status": "rejected"}

    # A pending request older than 10 minutes has expired and can no longer be approved.
    late = _ask(master, name="Terlambat")
    conn = open_database(master.site.db)
    with auth_db.transaction(conn):
        conn.execute("UPDATE pairing_requests SET created_at = created_at - ? WHERE name = ?",
                     (pairing_db.TTL_MS + 1000, "Terlambat"))
    conn.close()
    assert master.http.get(f"/pairing/{late['request']}").json() == {"status": "expired"}
    assert _decide(master.site.db) is None  # no longer listed

    # Approved but never picked up: the token is dropped and the device revoked.
    unpicked = _ask(master, role="kiosk", name="Tidak diambil")
    device_id = _decide(master.site.db)
    conn = open_database(master.site.db)
    with auth_db.transaction(conn):
        conn.execute("UPDATE pairing_requests SET decided_at = decided_at - ?",
                     (pairing_db.TTL_MS + 1000,))
    conn.close()
    assert master.http.get(f"/pairing/{unpicked['request']}").json() == {"status": "expired"}
    conn = open_database(master.site.db)
    assert conn.execute("SELECT token FROM pairing_requests WHERE name = 'Tidak diambil'"
                        ).fetchone() == (None,)
    assert conn.execute("SELECT revoked_at IS NOT NULL FROM devices WHERE id = ?",
                        (device_id,)).fetchone() == (1,)
    conn.close()


def test_unknown_ids_and_bad_bodies(master):
    for request_id in ("x" * 32, "short", "ä" * 20, "y" * 65):
        r = master.http.get(f"/pairing/{request_id}")
        assert r.status_code == 404, request_id
        assert r.json()["error"]["code"] == "unknown_pairing"
    assert master.http.post("/pairing", json={"role": "admin", "name": "x"}).status_code == 422
    too_long = {"role": "kiosk", "name": "x" * 61}
    assert master.http.post("/pairing", json=too_long).status_code == 422
    assert master.http.post("/pairing", json={"role": "kiosk", "name": "   "}).status_code == 422
    assert master.http.post("/pairing", json={"role": "kiosk"}).status_code == 422


def test_per_ip_cap(master):
    for i in range(pairing_db.MAX_PENDING_PER_IP):
        _ask(master, name=f"Perangkat {i}")
    r = master.http.post("/pairing", json={"role": "kiosk", "name": "satu lagi"})
    assert r.status_code == 429 and r.json()["error"]["code"] == "too_many_requests"
    assert r.headers["Retry-After"] == "600"
    # A decided request frees its place.
    _decide(master.site.db, approve=False)
    _ask(master, name="sekarang boleh")


def test_cli_pairs_end_to_end(master, tmp_path):
    token_file = tmp_path / "device.token"
    proc = subprocess.Popen(
        [sys.executable, "-m", "shared.cli.main", "device", "pair", "--master", master.url,
         "--role", "counter", "--name", "Loket 9 tablet", "--token-file", str(token_file),
         "--interval", "0.2"],
        cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        device_id = None
        deadline = time.monotonic() + 20
        while device_id is None and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
            device_id = _decide(master.site.db, name="Loket 9 tablet")
        assert device_id is not None, proc.communicate(timeout=5)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, (out, err)
    conn = open_database(master.site.db)
    code = conn.execute("SELECT code FROM pairing_requests").fetchone()[0]
    conn.close()
    assert f"Kode pemasangan: {code[:3]} {code[3:]} — setujui di halaman pengelola › Perangkat" \
        in out
    assert f"Pairing code: {code[:3]} {code[3:]}" in out
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o640
    token = token_file.read_text().strip()
    assert master.http.get("/catalog", headers=auth(token)).status_code == 200
    assert master.http.get(f"/counters/{master.site.counters['l1']}",
                           headers=auth(token)).status_code == 200


def test_cli_rejected_exits_2(master, tmp_path):
    token_file = tmp_path / "device.token"
    proc = subprocess.Popen(
        [sys.executable, "-m", "shared.cli.main", "device", "pair", "--master", master.url,
         "--role", "kiosk", "--name", "Kios palsu", "--token-file", str(token_file),
         "--interval", "0.2"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
            if _decide(master.site.db, approve=False) is not None:
                break
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 2, (out, err)
    assert "ditolak" in err and "rejected" in err
    assert not token_file.exists()
