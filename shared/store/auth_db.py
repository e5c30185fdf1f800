"""Devices, officers and officer sessions in the site database.

Secrets are never stored: device tokens and session tokens are 256-bit random values kept as
SHA-256 hashes (a fast hash is enough for values nobody can guess); officer PINs are short and
guessable, so they are hashed with scrypt and a random salt, and wrong PINs lock the officer.

Write functions run inside the caller's transaction (QueueStore.write in the master, `transaction`
below for the command line); read functions may use any connection.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

DEVICE_ROLES = ("kiosk", "display", "counter")
OFFICER_ROLES = ("officer", "supervisor", "admin")

# scrypt parameters for PINs: 16 MiB and ~50 ms per hash on a Raspberry Pi 4 class CPU.
SCRYPT_N = 2 ** 14
SCRYPT_R = 8
SCRYPT_P = 1
PIN_MIN_LENGTH = 4
PIN_MAX_LENGTH = 12

# Lockout and sessions (constants for now; site settings later).
MAX_PIN_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60
SESSION_IDLE_SECONDS = 12 * 3600


class AuthError(Exception):
    """Bad input to an auth write (unknown agency, duplicate username, weak PIN ...)."""


def now_ms() -> int:
    return int(time.time() * 1000)


def new_token() -> str:
    """256-bit token; never starting with '-', so `--token TOKEN` on a command line is not
    mistaken for an option."""
    while (token := secrets.token_urlsafe(32)).startswith("-"):
        pass
    return token


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


# -- PINs ------------------------------------------------------------------------------------------
def check_pin_format(pin: str) -> None:
    if not (pin.isascii() and pin.isdigit() and PIN_MIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH):
        raise AuthError(f"PIN must be {PIN_MIN_LENGTH}-{PIN_MAX_LENGTH} digits")


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8", "surrogatepass"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * n * r + 1024 * 1024, dklen=32)


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt)}${b64(digest)}"


_DUMMY_HASH: str | None = None


def verify_pin(pin: str, stored: str | None) -> bool:
    """Constant-time check. With no stored hash, spends the same time and says no."""
    global _DUMMY_HASH
    if stored is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_pin("000000")
        stored, pin = _DUMMY_HASH, pin + "x"
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(pin, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# -- devices ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DeviceHealth:
    """What a device last reported (POST /devices/me/status), kept in device_status."""

    last_seen: int  # epoch ms of the last report
    printer: str | None  # printer state ('ok', 'paper_out' ...); None: the device has none
    detail: str  # the printer's message
    status: dict[str, Any] | None = field(default=None, compare=False)  # the report as sent
    silent_since: int | None = None  # set by the master after missed reports; None: reporting

    @property
    def silent(self) -> bool:
        return self.silent_since is not None

    @property
    def version(self) -> str | None:
        return (self.status or {}).get("version")


@dataclass(frozen=True)
class Device:
    id: int
    name: str
    role: str
    created_at: int
    revoked_at: int | None = None
    # Filled by list_devices() only: the last health report, None if it never reported.
    health: DeviceHealth | None = field(default=None, compare=False)


def add_device(conn: sqlite3.Connection, role: str, name: str) -> tuple[Device, str]:
    """Enrol a device; returns it and its token (shown once, never stored)."""
    if role not in DEVICE_ROLES:
        raise AuthError(f"unknown device role {role!r}; use one of {', '.join(DEVICE_ROLES)}")
    name = name.strip()
    if not name:
        raise AuthError("a device needs a name")
    token = new_token()
    created = now_ms()
    cur = conn.execute(
        "INSERT INTO devices (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
        (name, role, token_hash(token), created))
    return Device(cur.lastrowid, name, role, created), token  # type: ignore[arg-type]


def device_by_token(conn: sqlite3.Connection, token: str) -> Device | None:
    """The active device holding this token, or None (unknown or revoked)."""
    row = conn.execute(
        "SELECT id, name, role, created_at, revoked_at FROM devices "
        "WHERE token_hash = ? AND revoked_at IS NULL", (token_hash(token),)).fetchone()
    return Device(*row) if row else None


def list_devices(conn: sqlite3.Connection) -> list[Device]:
    """All devices (revoked ones too), each with its last health report (``.health``: last
    seen, printer, version, disk, temperature, silent or not) for the back office."""
    rows = conn.execute(
        "SELECT d.id, d.name, d.role, d.created_at, d.revoked_at, "
        f"{_HEALTH_COLS} FROM devices d "
        "LEFT JOIN device_status s ON s.device_id = d.id ORDER BY d.id").fetchall()
    return [Device(*r[:5], health=_health(r[5:])) for r in rows]


_HEALTH_COLS = "s.last_seen, s.printer, s.detail, s.status, s.silent_since"


def _health(row) -> DeviceHealth | None:
    if row is None or row[0] is None:
        return None
    last_seen, printer, detail, status, silent_since = row
    try:
        report = json.loads(status) if status else None
    except ValueError:
        report = None
    return DeviceHealth(last_seen, printer, detail or "",
                        report if isinstance(report, dict) else None, silent_since)


def device_health(conn: sqlite3.Connection, device_id: int) -> DeviceHealth | None:
    return _health(conn.execute(f"SELECT {_HEALTH_COLS} FROM device_status s "
                                "WHERE s.device_id = ?", (device_id,)).fetchone())


def record_health(conn: sqlite3.Connection, device_id: int, at_ms: int,
                  report: dict[str, Any]) -> DeviceHealth | None:
    """Store a device's health report (it is no longer silent); returns the one before (None:
    its first). ``report`` is the body of POST /devices/me/status."""
    before = device_health(conn, device_id)
    printer = report.get("printer") or None
    conn.execute(
        "INSERT INTO device_status (device_id, last_seen, printer, detail, reported_at, status, "
        "silent_since) VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT(device_id) DO UPDATE SET "
        "last_seen = max(last_seen, excluded.last_seen), printer = excluded.printer, "
        "detail = excluded.detail, reported_at = excluded.reported_at, "
        "status = excluded.status, silent_since = NULL",
        (device_id, at_ms, printer["state"] if printer else None,
         (printer.get("message") or "")[:200] if printer else "", at_ms,
         json.dumps(report, ensure_ascii=False, separators=(",", ":"))))
    return before


def quiet_devices(conn: sqlite3.Connection, seen_before_ms: int) -> list[Device]:
    """Active devices that have reported their health but not since ``seen_before_ms`` and are
    not marked silent yet (devices that never reported are never called silent)."""
    rows = conn.execute(
        "SELECT d.id, d.name, d.role, d.created_at, d.revoked_at, "
        f"{_HEALTH_COLS} FROM devices d JOIN device_status s ON s.device_id = d.id "
        "WHERE d.revoked_at IS NULL AND s.status IS NOT NULL AND s.silent_since IS NULL "
        "AND s.last_seen < ? ORDER BY d.id", (seen_before_ms,)).fetchall()
    return [Device(*r[:5], health=_health(r[5:])) for r in rows]


def mark_silent(conn: sqlite3.Connection, device_id: int, at_ms: int, seen_before_ms: int) -> bool:
    """Mark a device silent unless it reported meanwhile (or is marked already)."""
    return bool(conn.execute(
        "UPDATE device_status SET silent_since = ? WHERE device_id = ? AND silent_since IS NULL "
        "AND status IS NOT NULL AND last_seen < ?", (at_ms, device_id, seen_before_ms)).rowcount)


def revoke_device(conn: sqlite3.Connection, device_id: int) -> bool:
    at = now_ms()
    done = conn.execute("UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                        (at, device_id)).rowcount
    conn.execute("UPDATE officer_sessions SET ended_at = ? WHERE device_id = ? AND ended_at IS NULL",
                 (at, device_id))
    return bool(done)


# -- officers --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Officer:
    id: int
    username: str
    name: str
    agency_id: int | None
    role: str
    pin_hash: str | None
    failed_attempts: int
    locked_until: int | None
    active: bool

    def public(self) -> dict:
        return {"id": self.id, "username": self.username, "name": self.name,
                "agency_id": self.agency_id, "role": self.role}


_OFFICER_COLS = ("id, username, name, agency_id, role, pin_hash, failed_attempts, locked_until, "
                 "active")


def _officer(row) -> Officer | None:
    if row is None:
        return None
    return Officer(*row[:8], bool(row[8]))


def officer_by_username(conn: sqlite3.Connection, username: str) -> Officer | None:
    return _officer(conn.execute(f"SELECT {_OFFICER_COLS} FROM officers WHERE username = ?",
                                 (username,)).fetchone())


def officer_by_id(conn: sqlite3.Connection, officer_id: int) -> Officer | None:
    return _officer(conn.execute(f"SELECT {_OFFICER_COLS} FROM officers WHERE id = ?",
                                 (officer_id,)).fetchone())


def list_officers(conn: sqlite3.Connection) -> list[Officer]:
    return [_officer(r) for r in conn.execute(  # type: ignore[misc]
        f"SELECT {_OFFICER_COLS} FROM officers ORDER BY username").fetchall()]


def agency_id_by_code(conn: sqlite3.Connection, code: str) -> int:
    row = conn.execute("SELECT id FROM agencies WHERE code = ?", (code,)).fetchone()
    if row is None:
        known = ", ".join(r[0] for r in conn.execute("SELECT code FROM agencies ORDER BY code"))
        raise AuthError(f"unknown agency code {code!r} (known: {known or 'none, import a catalog'})")
    return row[0]


def add_officer(conn: sqlite3.Connection, username: str, name: str, pin: str,
                role: str = "officer", agency_code: str | None = None) -> Officer:
    username = username.strip()
    if not username or len(username) > 64:
        raise AuthError("a username is 1-64 characters")
    if role not in OFFICER_ROLES:
        raise AuthError(f"unknown officer role {role!r}; use one of {', '.join(OFFICER_ROLES)}")
    if role != "admin" and not agency_code:
        raise AuthError(f"an {role} belongs to an agency: give --agency CODE")
    check_pin_format(pin)
    agency_id = agency_id_by_code(conn, agency_code) if agency_code else None
    if officer_by_username(conn, username) is not None:
        raise AuthError(f"officer {username!r} already exists (change the PIN with set-pin)")
    cur = conn.execute(
        "INSERT INTO officers (username, name, agency_id, role, pin_hash) VALUES (?, ?, ?, ?, ?)",
        (username, name.strip() or username, agency_id, role, hash_pin(pin)))
    return officer_by_id(conn, cur.lastrowid)  # type: ignore[arg-type,return-value]


def set_pin(conn: sqlite3.Connection, username: str, pin: str) -> Officer:
    """New PIN; also lifts a lockout and ends the officer's sessions."""
    check_pin_format(pin)
    officer = officer_by_username(conn, username)
    if officer is None:
        raise AuthError(f"no officer {username!r}")
    conn.execute("UPDATE officers SET pin_hash = ?, failed_attempts = 0, locked_until = NULL "
                 "WHERE id = ?", (hash_pin(pin), officer.id))
    conn.execute("UPDATE officer_sessions SET ended_at = ? WHERE officer_id = ? AND ended_at IS NULL",
                 (now_ms(), officer.id))
    return officer_by_id(conn, officer.id)  # type: ignore[return-value]


def record_failure(conn: sqlite3.Connection, officer_id: int, at_ms: int,
                   max_failures: int = MAX_PIN_FAILURES,
                   lockout_seconds: int = LOCKOUT_SECONDS) -> int | None:
    """Count a wrong PIN; returns the lock's end (ms) when this failure locks the officer."""
    conn.execute("UPDATE officers SET failed_attempts = failed_attempts + 1 WHERE id = ?",
                 (officer_id,))
    failures = conn.execute("SELECT failed_attempts FROM officers WHERE id = ?",
                            (officer_id,)).fetchone()[0]
    if failures >= max_failures:
        until = at_ms + lockout_seconds * 1000
        conn.execute("UPDATE officers SET failed_attempts = 0, locked_until = ? WHERE id = ?",
                     (until, officer_id))
        return until
    return None


def record_success(conn: sqlite3.Connection, officer_id: int) -> None:
    conn.execute("UPDATE officers SET failed_attempts = 0, locked_until = NULL WHERE id = ?",
                 (officer_id,))


# -- sessions --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Session:
    token_hash: str
    officer_id: int
    device_id: int
    counter_id: int
    created_at: int
    last_used: int
    ended_at: int | None


def create_session(conn: sqlite3.Connection, officer_id: int, device_id: int, counter_id: int,
                   at_ms: int) -> tuple[Session, str]:
    token = new_token()
    session = Session(token_hash(token), officer_id, device_id, counter_id, at_ms, at_ms, None)
    conn.execute(
        "INSERT INTO officer_sessions (token_hash, officer_id, device_id, counter_id, created_at, "
        "last_used) VALUES (?, ?, ?, ?, ?, ?)",
        (session.token_hash, officer_id, device_id, counter_id, at_ms, at_ms))
    return session, token


def session_by_token(conn: sqlite3.Connection, token: str) -> Session | None:
    row = conn.execute(
        "SELECT token_hash, officer_id, device_id, counter_id, created_at, last_used, ended_at "
        "FROM officer_sessions WHERE token_hash = ?", (token_hash(token),)).fetchone()
    return Session(*row) if row else None


def touch_session(conn: sqlite3.Connection, hashed: str, at_ms: int) -> None:
    conn.execute("UPDATE officer_sessions SET last_used = max(last_used, ?) WHERE token_hash = ?",
                 (at_ms, hashed))


@dataclass(frozen=True)
class SessionUse:
    """An officer session and the last sign of life of the device holding it."""

    token_hash: str
    device_id: int
    counter_id: int
    last_used: int
    ended_at: int | None
    device_seen: int | None  # the device's last health report (a live panel reports)

    @property
    def last_activity(self) -> int:
        """Its last request, its end, or (while open) its device's last report."""
        seen = self.device_seen if self.ended_at is None else None
        return max(t for t in (self.last_used, self.ended_at, seen) if t is not None)


def sessions_of(conn: sqlite3.Connection, officer_id: int) -> list[SessionUse]:
    """Every session of an officer, newest use first (a few per day: small)."""
    return [SessionUse(*r) for r in conn.execute(
        "SELECT o.token_hash, o.device_id, o.counter_id, o.last_used, o.ended_at, s.last_seen "
        "FROM officer_sessions o LEFT JOIN device_status s ON s.device_id = o.device_id "
        "WHERE o.officer_id = ? ORDER BY o.last_used DESC", (officer_id,)).fetchall()]


def end_session(conn: sqlite3.Connection, hashed: str, at_ms: int) -> None:
    conn.execute("UPDATE officer_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
                 (at_ms, hashed))


# -- node identity ---------------------------------------------------------------------------------
def node_id(conn: sqlite3.Connection) -> str:
    """Stable per database (created by the migration); the `id` of the mDNS TXT record."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'node_id'").fetchone()
    return row[0] if row else ""


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """For the command line (a connection of its own; isolation_level=None)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
