"""Officer sessions: sign-in with a PIN at a counter device (bounded scrypt checks, lockout) and
sign-out.

Handlers: async (master, call) -> dict (JSON with the route's status) or a Response.
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from ..domain import commands as c
from ..store import auth_db
from . import payloads
from .call import Call
from .logs import fields
from .spec import ApiError

if TYPE_CHECKING:
    from .app import Master

__all__ = ["login", "logout"]

log = logging.getLogger("antrean.master")


async def login(m: Master, call: Call) -> dict:
    body, device = call.body, call.device
    assert device is not None and m._pin_slots is not None
    catalog = m.store.state.catalog
    counter_id = body["counter_id"]
    if counter_id not in catalog.counters:
        raise ApiError(422, "unknown_counter", f"Loket {counter_id} tidak dikenal")
    officer = auth_db.officer_by_username(m.reader, body["username"])
    now = auth_db.now_ms()
    if officer is not None and officer.locked_until and officer.locked_until > now:
        raise _locked(officer.locked_until, now)
    usable = officer is not None and officer.active
    async with m._pin_slots:
        ok = await asyncio.to_thread(auth_db.verify_pin, body["pin"],
                                     officer.pin_hash if usable else None)  # type: ignore[union-attr]
    if not ok or officer is None or not usable:
        if usable:
            assert officer is not None
            oid, maxf, lock_s = officer.id, m.max_pin_failures, m.lockout_seconds
            until = await m.write(lambda conn: auth_db.record_failure(conn, oid, now, maxf, lock_s))
            log.warning("wrong PIN", extra=fields(officer=officer.username, device=device.name,
                                                 locked=until is not None))
            if until is not None:
                raise _locked(until, now)
        raise ApiError(401, "wrong_credentials", "Nama pengguna atau PIN salah")
    if officer.role != "admin" and catalog.agency_of_counter(counter_id).id != officer.agency_id:
        raise ApiError(403, "wrong_agency", "Petugas tidak terdaftar di instansi loket ini")

    def create(conn):
        auth_db.record_success(conn, officer.id)
        return auth_db.create_session(conn, officer.id, device.id, counter_id, now)

    _, token = await m.write(create)
    log.info("officer signed in", extra=fields(officer=officer.username, counter_id=counter_id,
                                               device=device.name))
    with m.store.lock:
        counter = payloads.counter_json(m.store.state, counter_id)
    return {"session": token, "officer": officer.public(), "counter": counter,
            "idle_timeout_s": m.session_idle_ms // 1000}


def _locked(until_ms: int, now_ms: int) -> ApiError:
    minutes = max(1, -(-(until_ms - now_ms) // 60_000))
    return ApiError(423, "officer_locked",
                    f"Terlalu banyak PIN salah; coba lagi dalam {minutes} menit",
                    {"Retry-After": str(max(1, (until_ms - now_ms) // 1000))})


async def logout(m: Master, call: Call) -> dict:
    session, officer = call.session, call.officer
    assert session is not None and officer is not None
    events: list[dict] = []
    with m.store.lock:
        state = m.store.state.counters.get(session.counter_id)
        mine = state is not None and state.officer_id == officer.id
    if mine and session.counter_id in m.store.state.catalog.counters:
        outcome = await m.run(c.CloseCounter(session.counter_id))
        events = [e.to_json() for e in outcome.events]
    hashed, now = session.token_hash, auth_db.now_ms()
    await m.write(lambda conn: auth_db.end_session(conn, hashed, now))
    log.info("officer signed out", extra=fields(officer=officer.username,
                                                counter_id=session.counter_id))
    return {"events": events}
