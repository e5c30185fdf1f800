"""Sign-in: password, session cookie, idle expiry, CSRF, lockout, sign-out, the CLI."""
from __future__ import annotations

import argparse
import time

import pytest

from shared.cli import backoffice_cmds, master_cmds
from shared.cli.errors import UserError
from shared.store import admin_db
from shared.store.database import open_database

from .conftest import PASSWORD, Client, start_master


def test_login_sets_a_strict_httponly_session_cookie(bo):
    client = Client(bo.url)
    r = client.login()
    assert r.status_code == 303 and r.headers["location"] == "/backoffice/"
    cookie = r.headers["set-cookie"].lower()
    assert "antrean_bo=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert "path=/backoffice" in cookie
    page = client.http.get("/backoffice/")
    assert page.status_code == 200 and "Dasbor" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("username,password", [
    ("admin", "salah-sandi-99"), ("tidak-ada", PASSWORD), ("budi", PASSWORD), ("admin", "")])
def test_wrong_credentials_get_the_same_answer(bo, username, password):
    """Wrong password, unknown user, an officer without back-office rights: one answer."""
    r = Client(bo.url).login(username, password)
    assert r.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in r.text
    assert "antrean_bo=" not in r.headers.get("set-cookie", "")


def test_five_wrong_passwords_lock_the_login_for_a_while(bo_site):
    server = start_master(bo_site.db, lockout_seconds=2)
    try:
        client = Client(server.url)
        statuses = [client.login("admin", "salah-sandi-99").status_code for _ in range(5)]
        assert statuses == [401, 401, 401, 401, 423]
        r = client.login("admin", PASSWORD)  # right password, still locked
        assert r.status_code == 423 and "Retry-After" in r.headers
        assert "Coba lagi dalam 1 menit" in r.text
        time.sleep(2.1)
        assert client.login("admin", PASSWORD).status_code == 303
        conn = open_database(bo_site.db)
        actions = [a for (a,) in conn.execute("SELECT action FROM audit_log ORDER BY id")]
        conn.close()
        assert actions.count("login_failed") == 5 and actions[-1] == "login"
    finally:
        server.stop()


def test_session_expires_after_idle_time(bo_site):
    server = start_master(bo_site.db, idle_seconds=1)
    try:
        client = Client(server.url)
        assert client.login().status_code == 303
        assert client.http.get("/backoffice/").status_code == 200
        time.sleep(1.2)
        r = client.http.get("/backoffice/reports")
        assert r.status_code == 303
        assert r.headers["location"].startswith("/backoffice/login?next=%2Fbackoffice%2Freports")
        assert "reason=expired" in r.headers["location"]
        login = client.http.get(r.headers["location"])
        assert "Sesi berakhir" in login.text
    finally:
        server.stop()


def test_forms_need_the_session_csrf_token(admin):
    before = admin.http.get("/backoffice/admin/agencies").text
    data = {"code": "dinsos", "name": "Dinas Sosial"}
    assert admin.http.post("/backoffice/admin/agencies", data=data).status_code == 403
    r = admin.http.post("/backoffice/admin/agencies", data={**data, "csrf": "x" * 32})
    assert r.status_code == 403 and "Formulir kedaluwarsa" in r.text
    r = admin.post("/backoffice/admin/agencies", data, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    assert admin.http.get("/backoffice/admin/agencies").text.count("dinsos") == before.count("dinsos")


def test_login_form_needs_its_double_submit_cookie(bo):
    client = Client(bo.url)
    r = client.http.post("/backoffice/login", data={"csrf": "abc", "username": "admin",
                                                    "password": PASSWORD})
    assert r.status_code == 403


def test_logout_ends_the_session(admin):
    cookie = admin.http.cookies.get("antrean_bo")
    r = admin.post("/backoffice/logout")
    assert r.status_code == 303 and r.headers["location"] == "/backoffice/login?ok=signed_out"
    admin.http.cookies.set("antrean_bo", cookie, path="/backoffice")
    assert admin.http.get("/backoffice/").status_code == 303


def test_next_parameter_cannot_leave_the_back_office(bo):
    client = Client(bo.url)
    token = client.csrf("/backoffice/login")
    for target, expected in [("/backoffice/reports", "/backoffice/reports"),
                             ("https://evil.example/", "/backoffice/"),
                             ("//evil.example/backoffice/", "/backoffice/"),
                             ("/api/v1/health", "/backoffice/")]:
        client.http.cookies.clear()
        token = client.csrf("/backoffice/login")
        r = client.http.post("/backoffice/login", data={"csrf": token, "username": "admin",
                                                        "password": PASSWORD, "next": target})
        assert r.headers["location"] == expected


def test_changing_the_own_password(admin, bo):
    page = "/backoffice/account"
    r = admin.post("/backoffice/account/password", {"current": "salah-sandi-99", "new": "baru-sandi-22",
                                                    "repeat": "baru-sandi-22"}, csrf_from=page)
    assert r.status_code == 422 and "Kata sandi sekarang salah" in r.text
    r = admin.post("/backoffice/account/password", {"current": PASSWORD, "new": "pendek",
                                                    "repeat": "pendek"}, csrf_from=page)
    assert r.status_code == 422 and "8–128 karakter" in r.text
    r = admin.post("/backoffice/account/password", {"current": PASSWORD, "new": "baru-sandi-22",
                                                    "repeat": "baru-sandi-22"}, csrf_from=page)
    assert r.status_code == 303
    assert admin.http.get("/backoffice/").status_code == 303  # sessions ended
    fresh = Client(bo.url)
    assert fresh.login("admin", PASSWORD).status_code == 401
    assert fresh.login("admin", "baru-sandi-22").status_code == 303


def _cli(argv):
    parser = argparse.ArgumentParser(prog="antrean")
    sub = parser.add_subparsers(dest="command", required=True)
    master_cmds.register(sub)
    backoffice_cmds.register(sub)
    args = parser.parse_args(argv)
    return args.handler(args)


def test_cli_set_password(bo_site, capsys):
    db = str(bo_site.db)
    assert _cli(["officer", "set-password", "--username", "super", "--password", "kepala-baru-1",
                 "--db", db]) == 0
    assert "back-office password set for super" in capsys.readouterr().out
    conn = open_database(bo_site.db)
    user = admin_db.user_by_username(conn, "super")
    assert user.password_hash and user.may_sign_in
    with pytest.raises(UserError, match="only admin and supervisor"):
        _cli(["officer", "set-password", "--username", "budi", "--password", "kepala-baru-1",
              "--db", db])
    with pytest.raises(UserError, match="8-128"):
        _cli(["officer", "set-password", "--username", "super", "--password", "x", "--db", db])
    with pytest.raises(UserError, match="no officer"):
        _cli(["officer", "set-password", "--username", "nobody", "--password", "kepala-baru-1",
              "--db", db])
    assert _cli(["officer", "set-password", "--username", "super", "--clear", "--db", db]) == 0
    assert admin_db.user_by_username(conn, "super").password_hash is None
    conn.close()
