"""Administration through HTTP: every change validated, audited, pushed (catalog_changed) and
reloaded into the engine's memory."""
from __future__ import annotations

import io
import json
import re
import zipfile

import httpx
from websockets.sync.client import connect as ws_connect

from shared.store import admin_db, auth_db

from .conftest import Client

AGENCY = {"code": "dinsos", "name": "Dinas Sosial", "short_name": "Dinsos", "sort": "5"}
SERVICE = {"code": "dtks", "agency": "dinsos", "prefix": "D", "name": "Pendaftaran DTKS",
           "requirements": "KTP-el\nKartu Keluarga", "procedure": "Ambil nomor\nSerahkan berkas",
           "completion_time": "1 hari kerja", "cost": "", "product": "Surat keterangan",
           "complaints": "SP4N-LAPOR!", "daily_quota": "40", "cutoff_minutes": "30",
           "priority_eligible": "1", "booking_quota": "0", "avg_service_minutes": "7,5",
           "sort": "1"}


def _last_event(server) -> dict:
    row = server.master.reader.execute(
        "SELECT type, data FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    return {"type": row[0], **json.loads(row[1])}


def _audit(server) -> list[tuple]:
    return server.master.reader.execute(
        "SELECT username, action, target FROM audit_log ORDER BY id").fetchall()


def test_create_agency_and_service_reach_memory_devices_and_audit(admin, bo, bo_site):
    url = bo.url.replace("http", "ws") + f"/api/v1/events?token={bo_site.tokens['display']}"
    with ws_connect(url, open_timeout=5) as ws:
        r = admin.post("/backoffice/admin/agencies", AGENCY)
        assert r.status_code == 303 and r.headers["location"].endswith("?ok=created")
        event = json.loads(ws.recv(timeout=5))
        assert event["type"] == "catalog_changed"
        assert event["data"]["action"] == "agencies_created" and event["data"]["target"] == "dinsos"
        r = admin.post("/backoffice/admin/services", SERVICE)
        assert r.status_code == 303, r.text
        assert json.loads(ws.recv(timeout=5))["data"]["target"] == "dtks"
    catalog = bo.master.store.state.catalog
    dinsos = next(a for a in catalog.agencies.values() if a.code == "dinsos")
    service = next(s for s in catalog.services.values() if s.code == "dtks")
    assert service.agency_id == dinsos.id and service.daily_quota == 40
    assert service.standard.requirements == ("KTP-el", "Kartu Keluarga")
    assert service.avg_service_minutes == 7.5
    assert any(b.agency_id == dinsos.id for b in catalog.booths.values())  # default booth
    assert ("admin", "agencies_created", "dinsos") in _audit(bo)
    # devices see it at once through the API
    cat = httpx.get(bo.url + "/api/v1/catalog",
                    headers={"Authorization": f"Bearer {bo_site.tokens['kiosk']}"}).json()
    assert "dtks" in {s["code"] for s in cat["services"]}
    page = admin.http.get("/backoffice/admin/services?agency=dinsos")
    assert "Pendaftaran DTKS" in page.text and "Menampilkan 1 dari 1" in page.text


def test_invalid_forms_come_back_with_field_errors(admin, bo):
    cases = [
        ("/backoffice/admin/agencies", {**AGENCY, "code": "Bukan Kode"}, "Gunakan huruf kecil"),
        ("/backoffice/admin/agencies", {**AGENCY, "code": "dukcapil"}, "Kode ini sudah dipakai"),
        ("/backoffice/admin/agencies", {**AGENCY, "name": ""}, "Wajib diisi"),
        ("/backoffice/admin/services", {**SERVICE, "agency": "dukcapil", "prefix": "a1"},
         "1–3 huruf kapital"),
        ("/backoffice/admin/services", {**SERVICE, "agency": "tidak-ada"}, "Pilih salah satu"),
        ("/backoffice/admin/services", {**SERVICE, "agency": "dukcapil", "daily_quota": "-3"},
         "Harus antara"),
        ("/backoffice/admin/services", {**SERVICE, "agency": "dukcapil",
                                        "requirements": "a; b"}, "tidak boleh dipakai"),
        ("/backoffice/admin/counters", {"code": "l9", "booth": "g-dukcapil", "number": "1"},
         "sudah punya loket"),
        ("/backoffice/admin/closures", {"day": "2026-13-01"}, "Tanggal tidak sah"),
        ("/backoffice/admin/closures", {"day": "2026-08-17", "opens": "12:00"},
         "Isi jam mulai dan jam selesai"),
    ]
    events = bo.master.last_seq()
    for path, data, message in cases:
        r = admin.post(path, data)
        assert r.status_code == 422, (path, data, r.status_code)
        assert message in r.text, (path, message)
        assert 'aria-invalid="true"' in r.text
    assert bo.master.last_seq() == events  # nothing was changed


def test_edit_schedule_and_closures(admin, bo):
    page = "/backoffice/admin/schedules/agency:dukcapil"
    assert admin.http.get(page).status_code == 200
    grid = {f"d{d}o1": "08:00" for d in range(1, 6)} | {f"d{d}c1": "12.00" for d in range(1, 6)}
    grid |= {"d5o2": "13:30", "d5c2": "15:00", "slots": "2"}
    r = admin.post(page, grid)
    assert r.status_code == 303, r.text
    hours = bo.master.store.state.catalog.agency_hours[
        next(a.id for a in bo.master.store.state.catalog.agencies.values() if a.code == "dukcapil")]
    assert [str(iv.opens) for iv in hours.on(5)] == ["08:00:00", "13:30:00"]
    assert _last_event(bo)["action"] == "schedule_updated"
    listing = admin.http.get("/backoffice/admin/schedules").text
    assert "Senin–Kamis 08.00–12.00" in listing
    bad = admin.post(page, {"d1o1": "10:00", "d1c1": "09:00", "d2o1": "25:00", "d2c1": "26:00",
                            "d3o1": "08:00", "d3c1": "12:00", "d3o2": "11:00", "d3c2": "13:00"})
    assert bad.status_code == 422
    assert "Jam selesai harus setelah" in bad.text and "Jam tidak sah" in bad.text
    assert "Bertumpang tindih" in bad.text
    # a one-off closure, then its removal
    r = admin.post("/backoffice/admin/closures", {"day": "2026-08-17", "reason": "HUT RI"})
    assert r.status_code == 303
    closures = bo.master.store.state.catalog.closures
    assert [(str(c.day), c.reason) for c in closures] == [("2026-08-17", "HUT RI")]
    key = re.search(r'/backoffice/admin/closures/([0-9a-f]{12})"',
                    admin.http.get("/backoffice/admin/closures").text).group(1)
    assert admin.post(f"/backoffice/admin/closures/{key}/delete").status_code == 303
    assert bo.master.store.state.catalog.closures == ()


def test_booth_with_counters_cannot_be_deleted(admin, bo):
    r = admin.post("/backoffice/admin/booths/g-bpjs/delete")
    assert r.status_code == 409 and "masih memiliki loket" in r.text
    assert admin.post("/backoffice/admin/counters/l3/delete").status_code == 303
    assert admin.post("/backoffice/admin/booths/g-bpjs/delete").status_code == 303
    codes = {b.code for b in bo.master.store.state.catalog.booths.values()}
    assert "g-bpjs" not in codes and "bpjs-gerai" in codes  # the agency's default booth


def test_site_settings_and_display_text(admin, bo):
    form = {"name": "MPP Kota Uji", "timezone": "Asia/Makassar", "number_padding": "4",
            "rule_mode": "max_wait", "rule_n": "20", "ticket_footer": "Terima kasih",
            "require_staffed": "1"}
    assert admin.post("/backoffice/admin/site", {**form, "rule_n": ""}).status_code == 422
    assert admin.post("/backoffice/admin/site", form).status_code == 303
    site = bo.master.store.state.catalog.site
    assert (site.name, site.timezone, site.number_padding, site.calling_rule.spec) == (
        "MPP Kota Uji", "Asia/Makassar", 4, "max_wait:20")
    assert not site.open_24h and site.require_staffed
    r = admin.post("/backoffice/admin/display", {"ticker": "Selamat datang di MPP\nKota Uji"})
    assert r.status_code == 303
    event = _last_event(bo)
    assert event["section"] == "display" and event["ticker"] == "Selamat datang di MPP Kota Uji"
    assert admin_db.get_setting(bo.master.reader, "display.ticker") == event["ticker"]


def test_officers_roles_pin_and_password(admin, bo):
    agency = str(next(a.id for a in bo.master.store.state.catalog.agencies.values()
                      if a.code == "bpjs"))
    new = {"username": "rina", "name": "Rina", "role": "supervisor", "agency_id": agency,
           "pin": "1234", "password": "kepala-bpjs-2"}
    assert admin.post("/backoffice/admin/officers", {**new, "pin": "12"}).status_code == 422
    assert admin.post("/backoffice/admin/officers", {**new, "role": "officer"}).status_code == 422
    assert admin.post("/backoffice/admin/officers", {**new, "agency_id": ""}).status_code == 422
    assert admin.post("/backoffice/admin/officers", new).status_code == 303
    user = admin_db.user_by_username(bo.master.reader, "rina")
    assert user.role == "supervisor" and user.may_sign_in
    rina = Client(bo.url)
    assert rina.login("rina", "kepala-bpjs-2").status_code == 303
    # demote to officer: the password goes, the web session ends
    r = admin.post(f"/backoffice/admin/officers/{user.id}",
                   {"name": "Rina S.", "role": "officer", "agency_id": agency, "active": "1"})
    assert r.status_code == 303
    assert rina.http.get("/backoffice/").status_code == 303
    assert admin_db.user_by_username(bo.master.reader, "rina").password_hash is None
    r = admin.post(f"/backoffice/admin/officers/{user.id}/pin", {"pin": "98765"})
    assert r.status_code == 303
    assert auth_db.verify_pin("98765", auth_db.officer_by_id(bo.master.reader, user.id).pin_hash)
    r = admin.post(f"/backoffice/admin/officers/{user.id}/password", {"password": "x" * 10})
    assert r.status_code == 422 and "Hanya admin dan kepala instansi" in r.text
    me = admin_db.user_by_username(bo.master.reader, "admin")
    r = admin.post(f"/backoffice/admin/officers/{me.id}",
                   {"name": "Admin", "role": "supervisor", "agency_id": agency, "active": "1"})
    assert r.status_code == 422 and "menurunkan peran" in r.text
    actions = [a for _, a, _ in _audit(bo)]
    assert {"officer_created", "officer_updated", "officer_pin_reset"} <= set(actions)
    rina.close()


def test_device_enrol_shows_the_token_once_and_revoke_cuts_it(admin, bo):
    r = admin.post("/backoffice/admin/devices", {"role": "kiosk", "name": "Kiosk Lobi 2"})
    assert r.status_code == 200 and "hanya ditampilkan sekali" in r.text
    token = re.search(r'id="f-token" name="token" value="([^"]+)"', r.text).group(1)
    api = httpx.Client(base_url=bo.url + "/api/v1", headers={"Authorization": f"Bearer {token}"})
    assert api.get("/catalog").status_code == 200
    listing = admin.http.get("/backoffice/admin/devices").text
    assert "Kiosk Lobi 2" in listing and token not in listing
    device_id = re.search(r'/backoffice/admin/devices/(\d+)/revoke"[^<]*<input[^>]*>'
                          r'<button[^>]*data-confirm="Cabut perangkat Kiosk Lobi 2', listing)
    device_id = device_id.group(1) if device_id else str(max(
        d.id for d in auth_db.list_devices(bo.master.reader)))
    assert admin.post(f"/backoffice/admin/devices/{device_id}/revoke").status_code == 303
    assert api.get("/catalog").status_code == 401
    assert admin.post(f"/backoffice/admin/devices/{device_id}/revoke").status_code == 409
    assert admin.post("/backoffice/admin/devices/99999/revoke").status_code == 404
    api.close()


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def test_catalog_export_then_import_and_errors_with_file_lines(admin, bo):
    r = admin.http.get("/backoffice/admin/catalog/export.zip")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    files = {i.filename: zipfile.ZipFile(io.BytesIO(r.content)).read(i).decode("utf-8-sig")
             for i in zipfile.ZipFile(io.BytesIO(r.content)).infolist()}
    assert "services.csv" in files
    token = admin.csrf("/backoffice/admin/catalog")
    seq = bo.master.last_seq()
    broken = dict(files)
    broken["services.csv"] += "rusak,tidak-ada,a1,,,,,,,,,,,,,\r\n"
    broken["agencies.csv"] += "Bukan Kode,Nama,,\r\n"
    r = admin.http.post("/backoffice/admin/catalog/import", data={"csrf": token},
                        files={"file": ("katalog.zip", _zip(broken), "application/zip")})
    assert r.status_code == 422
    assert "agencies.csv:4:" in r.text and "services.csv:5:" in r.text
    assert bo.master.last_seq() == seq  # all or nothing
    r = admin.http.post("/backoffice/admin/catalog/import", data={"csrf": token},
                        files={"file": ("x.zip", b"not a zip", "application/zip")})
    assert r.status_code == 422 and "bukan file .zip" in r.text
    renamed = dict(files)
    renamed["agencies.csv"] = renamed["agencies.csv"].replace("BPJS Kesehatan", "BPJS Kes.")
    r = admin.http.post("/backoffice/admin/catalog/import", data={"csrf": token},
                        files={"file": ("katalog.zip", _zip(renamed), "application/zip")})
    assert r.status_code == 303, r.text
    names = {a.name for a in bo.master.store.state.catalog.agencies.values()}
    assert "BPJS Kes." in names
    assert _last_event(bo)["action"] == "catalog_imported"


def test_audit_page_lists_changes(admin, bo):
    admin.post("/backoffice/admin/agencies", AGENCY)
    page = admin.http.get("/backoffice/admin/audit").text
    assert "Instansi ditambah" in page and "dinsos" in page and "Masuk" in page
    assert admin.http.get("/backoffice/admin/audit?before=abc").status_code == 400


def test_english_switch_is_remembered(admin):
    r = admin.http.get("/backoffice/?lang=en")
    assert "Live dashboard" in r.text and '<html lang="en">' in r.text
    assert "Live dashboard" in admin.http.get("/backoffice/").text  # cookie
    assert "Dasbor langsung" in admin.http.get("/backoffice/?lang=id").text


def test_pages_have_no_missing_texts(admin):
    for lang in ("id", "en"):
        for path in ["/", "/reports", "/reports/visitors", "/reports/times", "/reports/presence",
                     "/reports/skm", "/admin/site", "/admin/agencies", "/admin/services",
                     "/admin/services/ktp", "/admin/booths", "/admin/counters",
                     "/admin/schedules", "/admin/schedules/site", "/admin/closures",
                     "/admin/officers", "/admin/officers/1", "/admin/devices", "/admin/display",
                     "/admin/catalog", "/admin/audit", "/account", "/tidak-ada"]:
            r = admin.http.get(f"/backoffice{path}?lang={lang}")
            assert "⟦" not in r.text, (path, lang, re.findall("⟦[^⟧]*⟧", r.text))
