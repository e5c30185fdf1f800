"""shared.store.admin_db: passwords, lockout, web sessions, audit, settings, device status."""
from __future__ import annotations

import pytest

from shared.store import admin_db, auth_db
from shared.store.database import open_database

from .conftest import PASSWORD


@pytest.fixture
def conn(bo_site):
    c = open_database(bo_site.db)
    yield c
    c.close()


def test_migration_added_the_back_office_tables(conn):
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"backoffice_sessions", "audit_log", "site_settings", "device_status"} <= tables
    columns = {r[1] for r in conn.execute("PRAGMA table_info(officers)")}
    assert {"password_hash", "password_failures", "password_locked_until"} <= columns


def test_password_lockout_is_separate_from_the_pin_lockout(conn):
    user = admin_db.user_by_username(conn, "admin")
    assert auth_db.verify_pin(PASSWORD, user.password_hash)
    with auth_db.transaction(conn):
        results = [admin_db.record_password_failure(conn, user.id, 1000, 3, 60) for _ in range(3)]
    assert results[:2] == [None, None] and results[2] == 61_000
    user = admin_db.user_by_username(conn, "admin")
    assert user.locked_until == 61_000 and user.pin_locked_until is None
    with auth_db.transaction(conn):
        admin_db.unlock_officer(conn, user.id)
    assert admin_db.user_by_username(conn, "admin").locked_until is None


def test_sessions_store_only_a_hash_and_end(conn):
    user = admin_db.user_by_username(conn, "super")
    with auth_db.transaction(conn):
        token, csrf = admin_db.create_session(conn, user.id, 5)
    stored = conn.execute("SELECT token_hash FROM backoffice_sessions").fetchone()[0]
    assert token not in stored and stored == auth_db.token_hash(token)
    session = admin_db.session_by_token(conn, token)
    assert session.csrf == csrf and session.ended_at is None
    with auth_db.transaction(conn):
        admin_db.set_password_hash(conn, user.id, admin_db.hash_password("lain-sandi-9"))
    assert admin_db.session_by_token(conn, token).ended_at is not None


def test_only_admins_and_supervisors_get_a_password(conn):
    budi = admin_db.user_by_username(conn, "budi")
    with pytest.raises(auth_db.AuthError):
        with auth_db.transaction(conn):
            admin_db.set_password_hash(conn, budi.id, "scrypt$x")
    with pytest.raises(auth_db.AuthError):
        admin_db.check_password_format(" spasi-di-depan")
    with auth_db.transaction(conn):  # demotion drops the password
        sup = admin_db.user_by_username(conn, "super")
        admin_db.update_officer(conn, sup.id, "S", "officer", sup.agency_id, True)
    assert admin_db.user_by_username(conn, "super").password_hash is None


def test_audit_settings_and_device_overview(conn):
    with auth_db.transaction(conn):
        for i in range(5):
            admin_db.audit(conn, 1000 + i, None, "cli", "x", f"t{i}", {"i": i})
        admin_db.set_setting(conn, "display.ticker", "Halo")
        admin_db.set_setting(conn, "display.ticker", "Selamat datang")
        device = auth_db.list_devices(conn)[0]
        report = {"version": "9.9", "api": 1, "printer": {"state": "ok", "message": ""}}
        auth_db.record_health(conn, device.id, 5000, report)
        auth_db.record_health(conn, device.id, 4000, report)  # older: kept 5000
    first = admin_db.list_audit(conn, limit=2)
    assert [e.target for e in first] == ["t4", "t3"] and first[0].detail == {"i": 4}
    assert [e.target for e in admin_db.list_audit(conn, 2, first[-1].id)] == ["t2", "t1"]
    assert admin_db.get_setting(conn, "display.ticker") == "Selamat datang"
    overview = {d.device.id: d for d in admin_db.device_overview(conn)}
    assert overview[device.id].last_seen == 5000 and overview[device.id].printer == "ok"
    assert overview[device.id].version == "9.9" and not overview[device.id].silent


def test_commit_catalog_replaces_it(conn):
    from shared.store.catalog_db import export_catalog
    draft = export_catalog(conn)
    draft.agencies[0].name = "Nama Baru"
    with auth_db.transaction(conn):
        admin_db.commit_catalog(conn, draft)
    assert export_catalog(conn).agencies[0].name == "Nama Baru"
