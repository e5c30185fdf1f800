"""Back-office data: web passwords and sessions, the audit log, site settings, device status,
officer administration, and catalog changes made from the browser (migration 4).

Write functions run inside the caller's transaction (the master's writer thread through
QueueStore.write, or ``auth_db.transaction`` on the command line); hashing happens before, never
in the writer. Passwords use the same scrypt scheme as the PINs (``auth_db.hash_pin``); wrong
passwords lock the back-office login (5 -> 15 min) without touching the counter PIN lockout.
"""
from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..catalog.draft import CatalogDraft
from . import auth_db
from .auth_db import AuthError, hash_pin, now_ms, token_hash
from .catalog_db import replace_catalog

BACKOFFICE_ROLES = ("admin", "supervisor")
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
MAX_PASSWORD_FAILURES = 5
PASSWORD_LOCKOUT_SECONDS = 15 * 60
SESSION_IDLE_SECONDS = 8 * 3600
CATALOG_CHANGED = "catalog_changed"


# -- passwords -------------------------------------------------------------------------------------
def check_password_format(password: str) -> None:
    if not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        raise AuthError(f"a password is {PASSWORD_MIN_LENGTH}-{PASSWORD_MAX_LENGTH} characters")
    if "\x00" in password or password.strip() != password:
        raise AuthError("a password may not start or end with spaces")


def hash_password(password: str) -> str:
    check_password_format(password)
    return hash_pin(password)  # scrypt with a random salt, like the PINs


@dataclass(frozen=True)
class WebUser:
    """An officer as the back office sees it."""

    id: int
    username: str
    name: str
    agency_id: int | None
    role: str
    password_hash: str | None
    failures: int
    locked_until: int | None
    active: bool
    pin_locked_until: int | None = None

    @property
    def may_sign_in(self) -> bool:
        """Active admin, or active supervisor of an agency (never one without: that would
        widen an agency head's view to every agency), with a password."""
        if not self.active or self.password_hash is None:
            return False
        return self.role == "admin" or (self.role == "supervisor" and self.agency_id is not None)


_USER_COLS = ("id, username, name, agency_id, role, password_hash, password_failures, "
              "password_locked_until, active, locked_until")


def _user(row) -> WebUser | None:
    if row is None:
        return None
    return WebUser(*row[:8], bool(row[8]), row[9])


def user_by_username(conn: sqlite3.Connection, username: str) -> WebUser | None:
    return _user(conn.execute(f"SELECT {_USER_COLS} FROM officers WHERE username = ?",
                              (username,)).fetchone())


def user_by_id(conn: sqlite3.Connection, officer_id: int) -> WebUser | None:
    return _user(conn.execute(f"SELECT {_USER_COLS} FROM officers WHERE id = ?",
                              (officer_id,)).fetchone())


def list_users(conn: sqlite3.Connection) -> list[WebUser]:
    return [_user(r) for r in conn.execute(  # type: ignore[misc]
        f"SELECT {_USER_COLS} FROM officers ORDER BY username").fetchall()]


def set_password_hash(conn: sqlite3.Connection, officer_id: int, hashed: str | None) -> None:
    """New (or no) password: lifts the lockout and ends the officer's back-office sessions."""
    user = user_by_id(conn, officer_id)
    if user is None:
        raise AuthError(f"no officer #{officer_id}")
    if hashed is not None and user.role not in BACKOFFICE_ROLES:
        raise AuthError(f"only {' and '.join(BACKOFFICE_ROLES)} officers sign in to the back "
                        f"office; {user.username} is {user.role}")
    conn.execute("UPDATE officers SET password_hash = ?, password_failures = 0, "
                 "password_locked_until = NULL WHERE id = ?", (hashed, officer_id))
    end_sessions_of(conn, officer_id, now_ms())


def set_password(conn: sqlite3.Connection, username: str, password: str) -> WebUser:
    """For the command line (hashes here, in its own process)."""
    user = user_by_username(conn, username)
    if user is None:
        raise AuthError(f"no officer {username!r}")
    set_password_hash(conn, user.id, hash_password(password))
    return user_by_id(conn, user.id)  # type: ignore[return-value]


def record_password_failure(conn: sqlite3.Connection, officer_id: int, at_ms: int,
                            max_failures: int = MAX_PASSWORD_FAILURES,
                            lockout_seconds: int = PASSWORD_LOCKOUT_SECONDS) -> int | None:
    """Count a wrong password; returns the lock's end (ms) when this failure locks the login."""
    conn.execute("UPDATE officers SET password_failures = password_failures + 1 WHERE id = ?",
                 (officer_id,))
    failures = conn.execute("SELECT password_failures FROM officers WHERE id = ?",
                            (officer_id,)).fetchone()[0]
    if failures >= max_failures:
        until = at_ms + lockout_seconds * 1000
        conn.execute("UPDATE officers SET password_failures = 0, password_locked_until = ? "
                     "WHERE id = ?", (until, officer_id))
        return until
    return None


def record_password_success(conn: sqlite3.Connection, officer_id: int) -> None:
    conn.execute("UPDATE officers SET password_failures = 0, password_locked_until = NULL "
                 "WHERE id = ?", (officer_id,))


# -- web sessions ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class WebSession:
    token_hash: str
    officer_id: int
    csrf: str
    created_at: int
    last_used: int
    ended_at: int | None


def create_session(conn: sqlite3.Connection, officer_id: int, at_ms: int) -> tuple[str, str]:
    """A new session: returns (cookie token, CSRF token). Only the token's hash is stored."""
    token, csrf = auth_db.new_token(), secrets.token_urlsafe(24)
    conn.execute("INSERT INTO backoffice_sessions (token_hash, officer_id, csrf, created_at, "
                 "last_used) VALUES (?, ?, ?, ?, ?)", (token_hash(token), officer_id, csrf,
                                                       at_ms, at_ms))
    return token, csrf


def session_by_token(conn: sqlite3.Connection, token: str) -> WebSession | None:
    row = conn.execute("SELECT token_hash, officer_id, csrf, created_at, last_used, ended_at "
                       "FROM backoffice_sessions WHERE token_hash = ?",
                       (token_hash(token),)).fetchone()
    return WebSession(*row) if row else None


def touch_session(conn: sqlite3.Connection, hashed: str, at_ms: int) -> None:
    conn.execute("UPDATE backoffice_sessions SET last_used = max(last_used, ?) "
                 "WHERE token_hash = ?", (at_ms, hashed))


def end_session(conn: sqlite3.Connection, hashed: str, at_ms: int) -> None:
    conn.execute("UPDATE backoffice_sessions SET ended_at = ? "
                 "WHERE token_hash = ? AND ended_at IS NULL", (at_ms, hashed))


def end_sessions_of(conn: sqlite3.Connection, officer_id: int, at_ms: int) -> None:
    conn.execute("UPDATE backoffice_sessions SET ended_at = ? "
                 "WHERE officer_id = ? AND ended_at IS NULL", (at_ms, officer_id))


# -- audit log -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: int
    officer_id: int | None
    username: str
    action: str
    target: str
    detail: dict[str, Any]
    ip: str


def audit(conn: sqlite3.Connection, at_ms: int, officer_id: int | None, username: str,
          action: str, target: str = "", detail: dict[str, Any] | None = None,
          ip: str = "") -> None:
    conn.execute("INSERT INTO audit_log (at, officer_id, username, action, target, detail, ip) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (at_ms, officer_id, username, action, target,
                  json.dumps(detail or {}, ensure_ascii=False, default=str), ip))


def list_audit(conn: sqlite3.Connection, limit: int = 100, before_id: int | None = None,
               ) -> list[AuditEntry]:
    where, args = ("WHERE id < ?", [before_id]) if before_id else ("", [])
    rows = conn.execute(f"SELECT id, at, officer_id, username, action, target, detail, ip "
                        f"FROM audit_log {where} ORDER BY id DESC LIMIT ?", [*args, limit])
    return [AuditEntry(*r[:6], json.loads(r[6]), r[7]) for r in rows.fetchall()]


# -- site settings (display content) ---------------------------------------------------------------
def get_setting(conn: sqlite3.Connection, key: str, default: str = "") -> str:
    row = conn.execute("SELECT value FROM site_settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO site_settings (key, value) VALUES (?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))


# -- device status ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DeviceOverview:
    device: auth_db.Device
    last_seen: int | None  # epoch ms: its last health report or a counter session's last use
    printer: str | None  # printer state as last reported ('ok', 'paper_out' ...)
    detail: str
    silent: bool = False  # the master's watch marked it silent (missed reports)
    version: str | None = None


def device_overview(conn: sqlite3.Connection) -> list[DeviceOverview]:
    """Every device with what is known of it: the health reports of POST /devices/me/status
    (device_status, via auth_db.list_devices) and, for counter devices, their sessions."""
    sessions = dict(conn.execute(
        "SELECT device_id, max(last_used) FROM officer_sessions GROUP BY device_id").fetchall())
    out = []
    for d in auth_db.list_devices(conn):
        h = d.health
        seen = h.last_seen if h is not None else None
        last = max((t for t in (seen, sessions.get(d.id)) if t is not None), default=None)
        out.append(DeviceOverview(d, last, h.printer if h else None, h.detail if h else "",
                                  bool(h and h.silent), h.version if h else None))
    return out


# -- officers --------------------------------------------------------------------------------------
def _check_officer(conn: sqlite3.Connection, role: str, agency_id: int | None) -> None:
    if role not in auth_db.OFFICER_ROLES:
        raise AuthError(f"unknown officer role {role!r}")
    if role != "admin" and agency_id is None:
        raise AuthError(f"an {role} belongs to an agency")
    if agency_id is not None and conn.execute("SELECT 1 FROM agencies WHERE id = ?",
                                              (agency_id,)).fetchone() is None:
        raise AuthError(f"unknown agency #{agency_id}")


def create_officer(conn: sqlite3.Connection, username: str, name: str, role: str,
                   agency_id: int | None, pin_hash: str, password_hash: str | None) -> int:
    username = username.strip()
    if not username or len(username) > 64:
        raise AuthError("a username is 1-64 characters")
    _check_officer(conn, role, agency_id)
    if password_hash is not None and role not in BACKOFFICE_ROLES:
        raise AuthError("only admin and supervisor officers get a password")
    if auth_db.officer_by_username(conn, username) is not None:
        raise AuthError(f"officer {username!r} already exists")
    cur = conn.execute("INSERT INTO officers (username, name, agency_id, role, pin_hash, "
                       "password_hash) VALUES (?, ?, ?, ?, ?, ?)",
                       (username, name.strip() or username, agency_id, role, pin_hash,
                        password_hash))
    return cur.lastrowid  # type: ignore[return-value]


def update_officer(conn: sqlite3.Connection, officer_id: int, name: str, role: str,
                   agency_id: int | None, active: bool) -> None:
    """Name, role, agency, active. A change of role or agency, or deactivation, ends the officer's
    counter and back-office sessions (their rights changed); an officer role loses its password."""
    before = user_by_id(conn, officer_id)
    if before is None:
        raise AuthError(f"no officer #{officer_id}")
    _check_officer(conn, role, agency_id)
    conn.execute("UPDATE officers SET name = ?, role = ?, agency_id = ?, active = ? WHERE id = ?",
                 (name.strip() or before.username, role, agency_id, int(active), officer_id))
    if role not in BACKOFFICE_ROLES:
        conn.execute("UPDATE officers SET password_hash = NULL WHERE id = ?", (officer_id,))
    if (before.role, before.agency_id, before.active) != (role, agency_id, active):
        at = now_ms()
        end_sessions_of(conn, officer_id, at)
        conn.execute("UPDATE officer_sessions SET ended_at = ? WHERE officer_id = ? "
                     "AND ended_at IS NULL", (at, officer_id))


def set_pin_hash(conn: sqlite3.Connection, officer_id: int, pin_hash: str) -> None:
    """New PIN (hashed by the caller): lifts the PIN lockout, ends the counter sessions."""
    if user_by_id(conn, officer_id) is None:
        raise AuthError(f"no officer #{officer_id}")
    conn.execute("UPDATE officers SET pin_hash = ?, failed_attempts = 0, locked_until = NULL "
                 "WHERE id = ?", (pin_hash, officer_id))
    conn.execute("UPDATE officer_sessions SET ended_at = ? WHERE officer_id = ? "
                 "AND ended_at IS NULL", (now_ms(), officer_id))


def unlock_officer(conn: sqlite3.Connection, officer_id: int) -> None:
    conn.execute("UPDATE officers SET failed_attempts = 0, locked_until = NULL, "
                 "password_failures = 0, password_locked_until = NULL WHERE id = ?",
                 (officer_id,))


# -- catalog changes -------------------------------------------------------------------------------
def commit_catalog(conn: sqlite3.Connection, draft: CatalogDraft) -> None:
    """Replace the catalog with a validated draft (inside QueueStore.write: the caller appends
    ``catalog_changed`` with store.append_event and reloads the store's memory)."""
    replace_catalog(conn, draft)
