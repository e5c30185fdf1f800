"""Officer sign-in: PINs, lockout, sessions, agency scope; and the device/officer commands."""
from __future__ import annotations

import argparse

import pytest

from shared.cli import master_cmds
from shared.cli.errors import UserError
from shared.store import auth_db
from shared.store.database import open_database

from .conftest import PIN, auth, event_count


def sign_in(api, username: str, pin: str, counter: str = "l1", device: str = "counter"):
    return api.http.post("/sessions", headers=auth(api.site.tokens[device]),
                         json={"username": username, "pin": pin,
                               "counter_id": api.site.counters[counter]})


def test_wrong_pin_then_lockout_after_five(master):
    for attempt in range(4):
        r = sign_in(master, "budi", "000000")
        assert r.status_code == 401 and r.json()["error"]["code"] == "wrong_credentials"
    r = sign_in(master, "budi", "000000")  # the fifth wrong PIN locks
    assert r.status_code == 423 and r.json()["error"]["code"] == "officer_locked"
    assert int(r.headers["retry-after"]) > 14 * 60
    r = sign_in(master, "budi", PIN)  # even the right PIN, while locked
    assert r.status_code == 423
    assert sign_in(master, "sari", PIN).status_code == 200  # others are not affected
    # An unknown user gets the same answer as a wrong PIN.
    r = sign_in(master, "nobody", PIN)
    assert r.status_code == 401 and r.json()["error"]["code"] == "wrong_credentials"


def test_lockout_ends_and_success_resets_the_count(master):
    conn = open_database(master.site.db)
    for _ in range(3):
        assert sign_in(master, "budi", "111111").status_code == 401
    assert sign_in(master, "budi", PIN).status_code == 200
    assert auth_db.officer_by_username(conn, "budi").failed_attempts == 0
    for _ in range(5):
        sign_in(master, "budi", "111111")
    assert sign_in(master, "budi", PIN).status_code == 423
    with auth_db.transaction(conn):  # the lock expires (as if 15 minutes passed)
        conn.execute("UPDATE officers SET locked_until = 1 WHERE username = 'budi'")
    assert sign_in(master, "budi", PIN).status_code == 200
    conn.close()


def test_session_needed_and_scoped(master):
    site = master.site
    counter = site.tokens["counter"]
    before = event_count(site.db)
    r = master.http.post(f"/counters/{site.counters['l1']}/open", headers=auth(counter))
    assert r.status_code == 401 and r.json()["error"]["code"] == "missing_session"
    # Officers sign in only at counters of their own agency.
    r = sign_in(master, "wati", PIN, counter="l1")
    assert r.status_code == 403 and r.json()["error"]["code"] == "wrong_agency"
    # Only counter devices sign officers in.
    assert sign_in(master, "budi", PIN, device="kiosk").status_code == 403
    assert event_count(site.db) == before

    budi = master.login("budi", "l1")
    assert master.act(budi, "l2", "open").status_code == 403  # another counter
    # A supervisor acts on any counter of the agency, not on another agency's.
    sup = master.login("super", "l1")
    assert master.act(sup, "l2", "open").status_code == 200
    assert master.act(sup, "l3", "open").status_code == 403
    # An admin acts anywhere.
    admin = master.login("admin", "l3")
    assert master.act(admin, "l1", "open").status_code == 200
    assert master.act(admin, "l3", "open").status_code == 200


def test_idle_session_expires(master):
    session = master.login("budi", "l1")
    conn = open_database(master.site.db)
    with auth_db.transaction(conn):  # 12 h and a bit without use
        conn.execute("UPDATE officer_sessions SET last_used = last_used - ?",
                     ((12 * 3600 + 60) * 1000,))
    conn.close()
    r = master.act(session, "l1", "open")
    assert r.status_code == 401 and r.json()["error"]["code"] == "session_expired"


def test_revoked_device_loses_its_sessions(master):
    session = master.login("budi", "l1")
    assert master.act(session, "l1", "open").status_code == 200
    conn = open_database(master.site.db)
    device = auth_db.device_by_token(conn, master.site.tokens["counter"])
    with auth_db.transaction(conn):
        auth_db.revoke_device(conn, device.id)
    conn.close()
    assert master.act(session, "l1", "close").status_code == 401


def test_pin_hashing():
    stored = auth_db.hash_pin("123456")
    assert stored.startswith("scrypt$16384$8$1$") and "123456" not in stored
    assert auth_db.verify_pin("123456", stored)
    assert not auth_db.verify_pin("123457", stored)
    assert not auth_db.verify_pin("123456", None)
    assert not auth_db.verify_pin("123456", "garbage")
    assert auth_db.hash_pin("123456") != stored  # salted


# -- command line ----------------------------------------------------------------------------------

def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    master_cmds.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return args.handler(args)


def test_cli_device_and_officer_commands(site, capsys):
    db = str(site.db)
    assert run_cli("device", "add", "--role", "display", "--name", "Layar lobi", "--db", db) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(token) == 43
    conn = open_database(site.db)
    device = auth_db.device_by_token(conn, token)
    assert (device.role, device.name) == ("display", "Layar lobi")
    stored = conn.execute("SELECT token_hash FROM devices WHERE id = ?", (device.id,)).fetchone()[0]
    assert stored == auth_db.token_hash(token) and token not in stored

    assert run_cli("officer", "add", "--username", "rina", "--name", "Rina", "--pin", "4321",
                   "--agency", "bpjs", "--db", db) == 0
    rina = auth_db.officer_by_username(conn, "rina")
    assert rina.role == "officer" and auth_db.verify_pin("4321", rina.pin_hash)
    with pytest.raises(UserError, match="unknown agency"):
        run_cli("officer", "add", "--username", "x", "--name", "X", "--pin", "4321",
                "--agency", "nope", "--db", db)
    with pytest.raises(UserError, match="already exists"):
        run_cli("officer", "add", "--username", "rina", "--name", "R", "--pin", "4321",
                "--agency", "bpjs", "--db", db)
    with pytest.raises(UserError, match="digits"):
        run_cli("officer", "set-pin", "--username", "rina", "--pin", "12", "--db", db)
    with auth_db.transaction(conn):
        conn.execute("UPDATE officers SET failed_attempts = 3, locked_until = 99999999999999 "
                     "WHERE username = 'rina'")
    assert run_cli("officer", "set-pin", "--username", "rina", "--pin", "98765", "--db", db) == 0
    rina = auth_db.officer_by_username(conn, "rina")
    assert rina.locked_until is None and auth_db.verify_pin("98765", rina.pin_hash)
    assert run_cli("device", "revoke", str(device.id), "--db", db) == 0
    assert auth_db.device_by_token(conn, token) is None
    assert run_cli("device", "list", "--db", db) == 0
    assert run_cli("officer", "list", "--db", db) == 0
    out = capsys.readouterr().out
    assert "revoked" in out and "rina" in out
    conn.close()
    with pytest.raises(UserError, match="no database"):
        run_cli("device", "add", "--role", "kiosk", "--name", "k", "--db", str(site.db) + ".nope")


def test_main_cli_knows_the_commands():
    from shared.cli.main import build_parser

    args = build_parser().parse_args(["master", "--db", "x.db", "--port", "0", "--no-mdns"])
    assert (args.port, args.no_mdns, args.host) == (0, True, "127.0.0.1")
    args = build_parser().parse_args(["device", "add", "--role", "kiosk", "--name", "K",
                                      "--db", "x.db"])
    assert args.handler is master_cmds.cmd_device_add
