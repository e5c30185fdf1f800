"""Authentication of every request: the device's protocol version (X-Antrean-Api), the device
token (Bearer, or ?token= on a WebSocket), the device's role, and for officer routes the officer
session and the counter it may act on."""
from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import TYPE_CHECKING, Callable

from starlette.requests import HTTPConnection
from starlette.websockets import WebSocket

from ..store import auth_db
from .call import Call
from .spec import API_HEADER, API_VERSION, MIN_API, OFFICER, PUBLIC, ApiError, Route

if TYPE_CHECKING:
    from .app import Master

__all__ = ["SESSION_TOUCH_MS", "authenticate", "check_api_version", "check_counter_scope",
           "upgrade_required"]

log = logging.getLogger("antrean.master")

SESSION_TOUCH_MS = 60_000  # write a session's last use at most once a minute


def upgrade_required(version: int) -> ApiError:
    return ApiError(426, "upgrade_required",
                    f"Perbarui aplikasi perangkat ini: versi protokol {version} tidak didukung "
                    f"master (butuh {MIN_API}).",
                    {API_HEADER: str(API_VERSION), f"{API_HEADER}-Min": str(MIN_API)})


def check_api_version(request: HTTPConnection) -> None:
    """426 for a device that speaks an older protocol than MIN_API. Without the header (curl,
    a browser): accepted. Checked first, before credentials: an old device may not even send
    those the way this master expects."""
    value = request.headers.get(API_HEADER, "").strip()
    if not value:
        return
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise ApiError(400, "invalid_api_version",
                       f"Header {API_HEADER} harus bilangan bulat (versi protokol perangkat)")
    if int(value) < MIN_API:
        raise upgrade_required(int(value))


async def authenticate(master: Master, route: Route, call: Call) -> None:
    check_api_version(call.request)
    if route.auth == PUBLIC:
        return
    request = call.request
    token = _bearer(request.headers.get("authorization"))
    if token is None and isinstance(request, WebSocket):
        token = request.query_params.get("token") or None
    if not token:
        raise ApiError(401, "missing_token", "Token perangkat diperlukan",
                       {"WWW-Authenticate": "Bearer"})
    if len(token) > 200:
        raise ApiError(401, "invalid_token", "Token perangkat tidak dikenal")
    device = auth_db.device_by_token(master.reader, token)
    if device is None:
        raise ApiError(401, "invalid_token", "Token perangkat tidak dikenal atau dicabut",
                       {"WWW-Authenticate": "Bearer"})
    if device.role not in route.device_roles:
        raise ApiError(403, "wrong_role",
                       f"Perangkat {device.role} tidak boleh melakukan ini")
    call.device = device
    if route.auth != OFFICER:
        return
    secret = request.headers.get("x-officer-session")
    if not secret:
        raise ApiError(401, "missing_session", "Petugas harus masuk dulu")
    now = auth_db.now_ms()
    session = auth_db.session_by_token(master.reader, secret) if len(secret) <= 200 else None
    if session is None or session.ended_at is not None or session.device_id != device.id:
        raise ApiError(401, "invalid_session", "Sesi petugas tidak berlaku; masuk lagi")
    if now - session.last_used > master.session_idle_ms:
        raise ApiError(401, "session_expired", "Sesi petugas kedaluwarsa; masuk lagi")
    officer = auth_db.officer_by_id(master.reader, session.officer_id)
    if officer is None or not officer.active:
        raise ApiError(401, "invalid_session", "Petugas tidak aktif")
    call.officer, call.session = officer, session
    if now - session.last_used > SESSION_TOUCH_MS:
        hashed = session.token_hash
        future = master.writer.call(lambda conn: auth_db.touch_session(conn, hashed, now))
        future.add_done_callback(_log_failure("session touch"))
    if "counter_id" in call.params:
        master.check_counter_scope(call, call.params["counter_id"])


def check_counter_scope(master: Master, call: Call, counter_id: int) -> None:
    """Officers act on their own counter; supervisors on their agency's; admins on all."""
    catalog = master.store.state.catalog
    if counter_id not in catalog.counters:
        raise ApiError(404, "unknown_counter", f"Loket {counter_id} tidak dikenal")
    officer, session = call.officer, call.session
    assert officer is not None and session is not None
    if officer.role == "admin":
        return
    if officer.role == "supervisor":
        if catalog.agency_of_counter(counter_id).id != officer.agency_id:
            raise ApiError(403, "other_agency", "Loket ini milik instansi lain")
        return
    if session.counter_id != counter_id:
        raise ApiError(403, "other_counter", "Sesi ini untuk loket lain")


def _bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def _log_failure(what: str) -> Callable[[Future], None]:
    def callback(future: Future) -> None:
        if not future.cancelled() and future.exception() is not None:
            log.error(f"{what} failed", exc_info=future.exception())
    return callback
