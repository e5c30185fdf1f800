"""Pairing a device from its own screen: the device asks (POST /pairing), shows the 6-digit code,
an admin approves it on the back office's Devices page, the device picks its token up once
(GET /pairing/{request}). The store side is shared/store/pairing_db.py.

Handlers: async (master, call) -> dict (JSON with the route's status) or a Response.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ..store import auth_db, pairing_db
from .call import Call
from .logs import fields
from .spec import ApiError

if TYPE_CHECKING:
    from .app import Master

__all__ = ["PAIRING_BODY", "poll_pairing", "request_pairing"]

log = logging.getLogger("antrean.master")

PAIRING_BODY: dict[str, dict[str, Any]] = {
    "role": {"type": "string", "required": True, "enum": list(auth_db.DEVICE_ROLES)},
    "name": {"type": "string", "required": True, "min_length": 1,
             "max_length": pairing_db.NAME_MAX, "description": "shown to the admin who approves"},
}


def _ip(call: Call) -> str:
    client = call.request.client
    return client.host if client else ""


async def request_pairing(m: Master, call: Call) -> dict:
    """POST /pairing: a pending request; the device shows ``code`` and polls ``request``."""
    role, name, ip = call.body["role"], call.body["name"], _ip(call)
    if not name.strip():
        raise ApiError(422, "invalid_field", "Kolom 'name' tidak boleh kosong")
    now = m.wall_ms()
    try:
        request_id, code = await m.write(
            lambda conn: pairing_db.create_request(conn, role, name, ip, now))
    except pairing_db.PairingError as exc:
        if exc.code == "too_many_requests":
            raise ApiError(429, "too_many_requests",
                           "Terlalu banyak permintaan pemasangan yang menunggu; coba lagi nanti",
                           {"Retry-After": str(pairing_db.TTL_MS // 1000)}) from None
        raise ApiError(422, exc.code, str(exc)) from None
    log.info("pairing requested", extra=fields(role=role, device=name.strip(), ip=ip))
    return {"request": request_id, "code": code, "expires_in_s": pairing_db.TTL_MS // 1000}


async def poll_pairing(m: Master, call: Call) -> dict:
    """GET /pairing/{request}: pending, approved (with the token, once), rejected or expired."""
    request_id = call.params["request"]
    if not 16 <= len(request_id) <= 64 or not request_id.isascii():
        raise ApiError(404, "unknown_pairing", "Permintaan pemasangan tidak ditemukan")
    now = m.wall_ms()
    result = await m.write(lambda conn: pairing_db.pickup(conn, request_id, now))
    if result is None:
        raise ApiError(404, "unknown_pairing", "Permintaan pemasangan tidak ditemukan")
    if result["status"] == "approved":
        log.info("pairing token picked up", extra=fields(device_id=result["device_id"]))
    return result
