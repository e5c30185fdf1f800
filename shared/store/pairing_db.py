"""Pairing a device from the device itself (POST /api/v1/pairing, the back office's Devices page).

    device: create_request -> (request id, 6-digit code), shows the code, polls pickup()
    admin:  sees the code in the back office, approve() (enrols the device) or reject()
    device: pickup() hands the token over exactly once, then the request is consumed

The request id is a 192-bit random value, stored only as its SHA-256 hash (like device tokens).
The device token of an approved request is kept in the row only until it is picked up or the
pickup window runs out (then the token is cleared and the device, which never got its token,
is revoked). Pending requests expire after TTL_MS; an IP has at most MAX_PENDING_PER_IP open.

Write functions run inside the caller's transaction; ``pending`` may use any connection.
"""
from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass

from . import auth_db

__all__ = ["MAX_PENDING", "MAX_PENDING_PER_IP", "PairingError", "PairingRequest", "TTL_MS",
           "approve", "create_request", "expire", "pending", "pickup", "reject"]

TTL_MS = 600_000  # a request waits this long for a decision; an approved one for its pickup
MAX_PENDING_PER_IP = 10
MAX_PENDING = 100  # all IPs together: the back office list stays readable
KEEP_MS = 7 * 86_400_000  # finished requests are kept this long (then deleted)
NAME_MAX = 60


class PairingError(Exception):
    """Refused: ``code`` is machine-readable (too_many_requests, not_pending, unknown_pairing)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class PairingRequest:
    id: int
    role: str
    name: str
    code: str
    ip: str
    created_at: int
    status: str
    decided_at: int | None
    device_id: int | None


_COLUMNS = "id, role, name, code, ip, created_at, status, decided_at, device_id"


def expire(conn: sqlite3.Connection, now: int) -> None:
    """Pending requests past TTL_MS become expired; approved ones not picked up within TTL_MS
    of the approval lose their token and their device is revoked; old rows are deleted."""
    conn.execute("UPDATE pairing_requests SET status = 'expired' "
                 "WHERE status = 'pending' AND created_at <= ?", (now - TTL_MS,))
    for (device_id,) in conn.execute(
            "SELECT device_id FROM pairing_requests WHERE status = 'approved' AND decided_at <= ?",
            (now - TTL_MS,)).fetchall():
        if device_id is not None:
            auth_db.revoke_device(conn, device_id)
    conn.execute("UPDATE pairing_requests SET status = 'expired', token = NULL "
                 "WHERE status = 'approved' AND decided_at <= ?", (now - TTL_MS,))
    conn.execute("DELETE FROM pairing_requests WHERE status != 'pending' AND status != 'approved' "
                 "AND created_at <= ?", (now - KEEP_MS,))


def create_request(conn: sqlite3.Connection, role: str, name: str, ip: str,
                   now: int) -> tuple[str, str]:
    """A new pending request; returns (request id, 6-digit code). Raises PairingError
    (too_many_requests) when the IP, or everyone together, has too many open."""
    if role not in auth_db.DEVICE_ROLES:
        raise PairingError("invalid_role", f"unknown device role {role!r}")
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise PairingError("invalid_name", f"a device name is 1-{NAME_MAX} characters")
    expire(conn, now)
    (from_ip,), (total,) = (
        conn.execute("SELECT count(*) FROM pairing_requests WHERE status = 'pending' AND ip = ?",
                     (ip,)).fetchone(),
        conn.execute("SELECT count(*) FROM pairing_requests WHERE status = 'pending'").fetchone())
    if from_ip >= MAX_PENDING_PER_IP or total >= MAX_PENDING:
        raise PairingError("too_many_requests", "too many pairing requests waiting")
    request_id = secrets.token_urlsafe(24)
    code = f"{secrets.randbelow(1_000_000):06d}"
    conn.execute(
        "INSERT INTO pairing_requests (request_hash, role, name, code, ip, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (auth_db.token_hash(request_id), role, name, code, ip, now))
    return request_id, code


def pending(conn: sqlite3.Connection, now: int) -> list[PairingRequest]:
    """Open requests, oldest first (read-only: the expiry is applied in the query)."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM pairing_requests WHERE status = 'pending' "
                        "AND created_at > ? ORDER BY created_at, id", (now - TTL_MS,)).fetchall()
    return [PairingRequest(*row) for row in rows]


def get(conn: sqlite3.Connection, pairing_id: int) -> PairingRequest | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM pairing_requests WHERE id = ?",
                       (pairing_id,)).fetchone()
    return PairingRequest(*row) if row else None


def _open(conn: sqlite3.Connection, pairing_id: int, now: int) -> PairingRequest:
    expire(conn, now)
    request = get(conn, pairing_id)
    if request is None:
        raise PairingError("unknown_pairing", "no such pairing request")
    if request.status != "pending":
        raise PairingError("not_pending", f"the request is {request.status}")
    return request


def approve(conn: sqlite3.Connection, pairing_id: int,
            now: int) -> tuple[auth_db.Device, PairingRequest]:
    """Enrol the device (auth_db.add_device) and keep its token for the one pickup."""
    request = _open(conn, pairing_id, now)
    device, token = auth_db.add_device(conn, request.role, request.name)
    conn.execute("UPDATE pairing_requests SET status = 'approved', decided_at = ?, device_id = ?, "
                 "token = ? WHERE id = ?", (now, device.id, token, pairing_id))
    return device, request


def reject(conn: sqlite3.Connection, pairing_id: int, now: int) -> PairingRequest:
    request = _open(conn, pairing_id, now)
    conn.execute("UPDATE pairing_requests SET status = 'rejected', decided_at = ? WHERE id = ?",
                 (now, pairing_id))
    return request


def pickup(conn: sqlite3.Connection, request_id: str, now: int) -> dict | None:
    """What the device's poll sees: {"status": "pending"|"rejected"|"expired"} or, once,
    {"status": "approved", "token", "device_id"}; None for an unknown or consumed request."""
    expire(conn, now)
    row = conn.execute("SELECT id, status, token, device_id FROM pairing_requests "
                       "WHERE request_hash = ?", (auth_db.token_hash(request_id),)).fetchone()
    if row is None or row[1] == "picked_up":
        return None
    pairing_id, status, token, device_id = row
    if status == "approved":
        conn.execute("UPDATE pairing_requests SET status = 'picked_up', token = NULL "
                     "WHERE id = ?", (pairing_id,))
        return {"status": "approved", "token": token, "device_id": device_id}
    return {"status": status}
