"""The master's HTTP + WebSocket API (docs/api.md), as one route table.

`build_routes()` below is the single list of what the master serves: the Starlette routes and the OpenAPI
document are both generated from it, and every request passes `Master.authenticate` for the
route's declared auth level before its handler runs (a route cannot be added without one).

Threads: the asyncio loop serves requests and reads in-memory state under the store's lock
(short); every write goes to the one GroupWriter thread and is awaited through
asyncio.wrap_future, so the loop never waits on an fsync. Auth lookups use a read-only
connection of their own (WAL readers do not wait for the writer).
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Awaitable, Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route as StarletteRoute
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from ..domain import commands as c
from ..domain.model import PriorityClass
from ..domain.tickets import PauseReason
from ..store import auth_db
from ..store import idempotency as idem
from ..store.database import connect
from ..store.idempotency import IdempotencyKey, StoredResponse
from ..store.queue_store import Outcome, QueueStore
from ..store.writer import GroupWriter
from . import payloads
from .hub import EventHub
from .logs import fields
from .spec import (DEVICE, MAX_BODY, OFFICER, PUBLIC, ApiError, Route, openapi,
                   parse_json, validate)

log = logging.getLogger("antrean.master")

API_VERSION = 1
REPLAY_MAX = 10_000  # a client further behind than this gets "resync" and fetches /snapshot
REPLAY_PAGE = 500
SESSION_TOUCH_MS = 60_000  # write a session's last use at most once a minute
PIN_CHECKS_AT_ONCE = 2  # scrypt takes 16 MiB each: bound the memory a login storm can take


def version() -> str:
    try:
        return metadata.version("antrean")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0.0.0"


@dataclass
class Call:
    """One authenticated request as a handler sees it."""

    request: Request | WebSocket
    params: dict[str, Any]
    body: dict[str, Any] = field(default_factory=dict)
    device: auth_db.Device | None = None
    officer: auth_db.Officer | None = None
    session: auth_db.Session | None = None


def error_response(status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status, headers=headers)


class Master:
    def __init__(self, db: str | Path, *, durable: bool = True,
                 max_pin_failures: int = auth_db.MAX_PIN_FAILURES,
                 lockout_seconds: int = auth_db.LOCKOUT_SECONDS,
                 session_idle_seconds: int = auth_db.SESSION_IDLE_SECONDS) -> None:
        self.db = Path(db)
        self.store = QueueStore(self.db, durable=durable)  # runs the migrations
        self.reader = connect(self.db, durable=durable)
        self.reader.execute("PRAGMA query_only=ON")
        self.writer = GroupWriter(self.store)
        self.hub: EventHub | None = None
        self.version = version()
        self.node_id = auth_db.node_id(self.reader)
        self.max_pin_failures = max_pin_failures
        self.lockout_seconds = lockout_seconds
        self.session_idle_ms = session_idle_seconds * 1000
        self._pin_slots: asyncio.Semaphore | None = None
        self._catalog_cache: tuple[tuple, bytes] | None = None
        self.routes = build_routes()
        self.openapi = openapi(self.routes, self.version)
        purge_before = auth_db.now_ms() - idem.KEEP_DAYS * 86_400_000
        self.store.write(lambda conn: idem.purge(conn, purge_before))

    @property
    def site_id(self) -> str:
        return self.store.site_id

    # -- life cycle ------------------------------------------------------------------------------
    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self.hub = EventHub(self.store, loop)
        self._pin_slots = asyncio.Semaphore(PIN_CHECKS_AT_ONCE)

    def stop(self) -> None:
        if self.hub is not None:
            self.hub.close()
        self.writer.close()
        self.reader.close()
        self.store.close()

    # -- helpers ---------------------------------------------------------------------------------
    async def write(self, fn: Callable[[Any], Any]) -> Any:
        return await asyncio.wrap_future(self.writer.call(fn))

    async def run(self, command: c.Command, key: IdempotencyKey | None = None) -> Outcome:
        return await asyncio.wrap_future(self.writer.submit(command, key))

    def now(self) -> datetime:
        return self.store.clock()

    def last_seq(self) -> int:
        row = self.reader.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
        return row[0] if row else 0

    # -- authentication --------------------------------------------------------------------------
    async def authenticate(self, route: Route, call: Call) -> None:
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
        device = auth_db.device_by_token(self.reader, token)
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
        session = auth_db.session_by_token(self.reader, secret) if len(secret) <= 200 else None
        if session is None or session.ended_at is not None or session.device_id != device.id:
            raise ApiError(401, "invalid_session", "Sesi petugas tidak berlaku; masuk lagi")
        if now - session.last_used > self.session_idle_ms:
            raise ApiError(401, "session_expired", "Sesi petugas kedaluwarsa; masuk lagi")
        officer = auth_db.officer_by_id(self.reader, session.officer_id)
        if officer is None or not officer.active:
            raise ApiError(401, "invalid_session", "Petugas tidak aktif")
        call.officer, call.session = officer, session
        if now - session.last_used > SESSION_TOUCH_MS:
            hashed = session.token_hash
            future = self.writer.call(lambda conn: auth_db.touch_session(conn, hashed, now))
            future.add_done_callback(_log_failure("session touch"))
        if "counter_id" in call.params:
            self.check_counter_scope(call, call.params["counter_id"])

    def check_counter_scope(self, call: Call, counter_id: int) -> None:
        """Officers act on their own counter; supervisors on their agency's; admins on all."""
        catalog = self.store.state.catalog
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

    # -- request plumbing ------------------------------------------------------------------------
    async def read_body(self, route: Route, request: Request) -> dict[str, Any]:
        assert route.body is not None
        length = request.headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                raise ApiError(400, "invalid_length", "Content-Length tidak sah")
            if int(length) > MAX_BODY:
                raise ApiError(413, "body_too_large", "Badan permintaan melebihi 64 KiB")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                raise ApiError(413, "body_too_large", "Badan permintaan melebihi 64 KiB")
            chunks.append(chunk)
        raw = b"".join(chunks)
        if not raw.strip():
            return validate(route.body, {})  # no body: fine if nothing is required
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json" and not (ctype.startswith("application/")
                                                and ctype.endswith("+json")):
            raise ApiError(415, "unsupported_media_type",
                           "Kirim badan permintaan sebagai application/json")
        return validate(route.body, parse_json(raw))

    def endpoint(self, route: Route) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            call = Call(request, dict(request.path_params))
            try:
                await self.authenticate(route, call)
                if route.body is not None:
                    call.body = await self.read_body(route, request)
                else:
                    length = request.headers.get("content-length", "0")
                    if length.isdigit() and int(length) > MAX_BODY:
                        raise ApiError(413, "body_too_large", "Badan permintaan melebihi 64 KiB")
                result = await route.handler(self, call)
            except ApiError as exc:
                return error_response(exc.status, exc.code, exc.message, exc.headers)
            if isinstance(result, Response):
                return result
            return JSONResponse(result, route.status)
        endpoint.__name__ = route.name or route.handler.__name__
        return endpoint

    def ws_endpoint(self, route: Route) -> Callable[[WebSocket], Awaitable[None]]:
        async def endpoint(websocket: WebSocket) -> None:
            call = Call(websocket, dict(websocket.path_params))
            try:
                await self.authenticate(route, call)
                await route.handler(self, call)
            except ApiError as exc:
                if websocket.application_state == WebSocketState.CONNECTING:
                    await websocket.send_denial_response(
                        error_response(exc.status, exc.code, exc.message, exc.headers))
                else:
                    await websocket.close(code=4000 + exc.status, reason=exc.code)
        return endpoint

    def starlette_routes(self) -> list:
        out: list = []
        for route in self.routes:
            if route.method == "WS":
                out.append(WebSocketRoute(route.full_path, self.ws_endpoint(route)))
            else:
                out.append(StarletteRoute(route.full_path, self.endpoint(route),
                                          methods=[route.method]))
        return out

    # -- shared payload pieces -------------------------------------------------------------------
    def catalog_body(self) -> bytes:
        with self.store.lock:
            now = self.now()
            seq = self.store.last_seq()
            key = (id(self.store.state.catalog), seq, int(now.timestamp() // 60))
            if self._catalog_cache is not None and self._catalog_cache[0] == key:
                return self._catalog_cache[1]
            payload = payloads.catalog_json(self.store.state, self.store.engine, now, seq)
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        self._catalog_cache = (key, body)
        return body

    def ticket_response(self, outcome: Outcome) -> tuple[int, dict[str, Any]]:
        """POST /tickets' answer; runs in the writer thread (inside the command's transaction
        when an idempotency key is stored with it)."""
        if outcome.rejected is not None:
            return 409, {"error": {"code": outcome.rejected.code,
                                   "message": outcome.rejected.message}}
        ticket = outcome.ticket
        assert ticket is not None
        state = self.store.state
        return 201, {"ticket": payloads.ticket_json(state, ticket, with_token=True),
                     "estimate": payloads.estimate_json(outcome.estimate),
                     "status_path": f"/t/{ticket.token}"}

    def action_response(self, outcome: Outcome) -> Response:
        if outcome.rejected is not None:
            return error_response(409, outcome.rejected.code, outcome.rejected.message)
        with self.store.lock:
            state = self.store.state
            ticket = (payloads.ticket_json(state, outcome.ticket)
                      if outcome.ticket is not None else None)
        return JSONResponse({"events": [e.to_json() for e in outcome.events], "ticket": ticket})


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


# ==================================================================================================
# Handlers: async (master, call) -> dict (JSON with the route's status) or a Response.
# ==================================================================================================

async def health(m: Master, call: Call) -> dict:
    return {"status": "ok", "site": m.site_id, "seq": m.last_seq(), "api": API_VERSION,
            "version": m.version, "node": m.node_id}


async def openapi_doc(m: Master, call: Call) -> dict:
    return m.openapi


async def get_catalog(m: Master, call: Call) -> Response:
    # Thousands of services' availability take ~0.1 s: built in a worker thread (the loop goes
    # on serving) and kept until the next event, catalog change or minute.
    body = await asyncio.to_thread(m.catalog_body)
    return Response(body, media_type="application/json")


async def get_snapshot(m: Master, call: Call) -> dict:
    with m.store.lock:  # seq and state from the same moment: no commit can slip in between
        return payloads.snapshot_json(m.store.state, m.store.last_seq())


_KEY_CHARS = frozenset(chr(i) for i in range(0x21, 0x7F))


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    if not 1 <= len(key) <= 100 or not set(key) <= _KEY_CHARS:
        raise ApiError(400, "invalid_idempotency_key",
                       "Idempotency-Key harus 1-100 karakter ASCII yang terlihat")
    return key


def _replay(stored: StoredResponse | None, request_hash: str) -> Response:
    assert stored is not None
    if stored.request_hash != request_hash:
        raise ApiError(422, "idempotency_key_reused",
                       "Idempotency-Key ini sudah dipakai untuk permintaan yang berbeda")
    headers = {"Idempotent-Replayed": "true"} if stored.replayed else None
    return Response(stored.body, stored.status, headers=headers, media_type="application/json")


async def issue_ticket(m: Master, call: Call) -> Response:
    key = _idempotency_key(call.request)  # type: ignore[arg-type]
    service_id, priority = call.body["service_id"], call.body["priority"]
    if service_id not in m.store.state.catalog.services:
        raise ApiError(422, "unknown_service", f"Layanan {service_id} tidak dikenal")
    command = c.IssueTicket(service_id, PriorityClass(priority) if priority else None)
    if key is None:
        outcome = await m.run(command)
        with m.store.lock:
            status, body = m.ticket_response(outcome)
        return JSONResponse(body, status)
    assert call.device is not None
    request_hash = idem.request_hash({"service_id": service_id, "priority": priority})
    stored = idem.lookup(m.reader, call.device.id, key)
    if stored is not None:  # fast path; the authoritative check runs inside the transaction
        return _replay(stored, request_hash)
    record = IdempotencyKey(call.device.id, key, request_hash, m.ticket_response)
    outcome = await m.run(command, record)
    return _replay(outcome.response, request_hash)


async def ticket_status(m: Master, call: Call) -> dict:
    token = call.params["token"]
    if not 8 <= len(token) <= 64 or not token.isascii():  # (compare_digest wants ASCII)
        raise ApiError(404, "unknown_ticket", "Tiket tidak ditemukan")
    ticket = m.store.ticket_by_token(token)
    if ticket is None:
        raise ApiError(404, "unknown_ticket", "Tiket tidak ditemukan")
    with m.store.lock:
        state = m.store.state
        live = state.tickets.get(ticket.id)
        estimate = m.store.engine.estimate(ticket.id) if live is not None else None
        return payloads.public_ticket_json(state, live or ticket, estimate)


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


async def counter_state(m: Master, call: Call) -> dict:
    counter_id = call.params["counter_id"]
    with m.store.lock:
        state = m.store.state
        if counter_id not in state.catalog.counters:
            raise ApiError(404, "unknown_counter", f"Loket {counter_id} tidak dikenal")
        services = state.catalog.counter_services(counter_id)
        waiting = {str(s): len(state.waiting((s,))) for s in services}
        s = state.counters.get(counter_id)
        history = [payloads.ticket_json(state, state.tickets[t])
                   for t in (s.history if s else []) if t in state.tickets]
        return {"seq": m.store.last_seq(), "counter": payloads.counter_json(state, counter_id),
                "waiting": sum(waiting.values()), "waiting_by_service": waiting,
                "history": list(reversed(history))}


def _known_service(m: Master, service_id: int) -> int:
    if service_id not in m.store.state.catalog.services:
        raise ApiError(422, "unknown_service", f"Layanan {service_id} tidak dikenal")
    return service_id


def _own_ticket(m: Master, call: Call, ticket_id: int) -> int:
    """Requeue/cancel name a ticket, not a counter: it must belong to the counter's agency."""
    officer = call.officer
    assert officer is not None
    if officer.role == "admin":
        return ticket_id
    with m.store.lock:
        state = m.store.state
        ticket = state.tickets.get(ticket_id)
        if ticket is None:
            return ticket_id  # the engine says unknown_ticket (409)
        service = state.catalog.services.get(ticket.service_id)
        agency = state.catalog.agency_of_counter(call.params["counter_id"]).id
    if service is None or service.agency_id != agency:
        raise ApiError(409, "not_served_here", f"Tiket {ticket.number} milik instansi lain")
    return ticket_id


# Counter actions: name -> (body schema, command builder).
_TICKET_ID = {"ticket_id": {"type": "integer", "required": True, "minimum": 1}}
ACTIONS: dict[str, tuple[dict | None, Callable[[Master, Call, int], c.Command], str]] = {
    "open": (None, lambda m, call, cid: c.OpenCounter(cid, call.officer.id),  # type: ignore[union-attr]
             "open the counter under the signed-in officer"),
    "close": (None, lambda m, call, cid: c.CloseCounter(cid),
              "close the counter (a called ticket goes back to the queue)"),
    "pause": ({"reason": {"type": "string", "enum": [r.value for r in PauseReason],
                          "default": PauseReason.ISTIRAHAT.value}},
              lambda m, call, cid: c.PauseCounter(cid, PauseReason(call.body["reason"])),
              "pause with a reason (istirahat, sholat, rapat, lainnya)"),
    "resume": (None, lambda m, call, cid: c.ResumeCounter(cid), "resume after a pause"),
    "call-next": (None, lambda m, call, cid: c.CallNext(cid),
                  "call the next ticket by the calling rule and the counter's profile"),
    "call": (_TICKET_ID, lambda m, call, cid: c.CallTicket(cid, call.body["ticket_id"]),
             "call a specific waiting ticket"),
    "recall": (None, lambda m, call, cid: c.Recall(cid), "call the current ticket again"),
    "skip": (None, lambda m, call, cid: c.Skip(cid), "no-show: skip the called ticket"),
    "start": (None, lambda m, call, cid: c.StartService(cid), "start serving the called ticket"),
    "finish": ({"services_done": {"type": "array", "max_items": 50, "default": [],
                                  "items": {"type": "integer", "minimum": 1}}},
               lambda m, call, cid: c.Finish(cid, tuple(_known_service(m, s)
                                                        for s in call.body["services_done"] or ())),
               "finish; services_done lists the services actually done (default: the ticket's)"),
    "transfer": ({"service_id": {"type": "integer", "required": True, "minimum": 1}},
                 lambda m, call, cid: c.Transfer(cid, _known_service(m, call.body["service_id"])),
                 "send the ticket to another service, keeping its arrival time"),
    "requeue": (_TICKET_ID, lambda m, call, cid: c.Requeue(_own_ticket(m, call, call.body["ticket_id"])),
                "put a skipped (no-show) ticket back in the queue, once"),
    "cancel": (_TICKET_ID, lambda m, call, cid: c.Cancel(_own_ticket(m, call, call.body["ticket_id"])),
               "cancel a waiting or skipped ticket"),
}


def _action_handler(name: str, build: Callable[[Master, Call, int], c.Command]):
    async def handler(m: Master, call: Call) -> Response:
        command = build(m, call, call.params["counter_id"])
        outcome = await m.run(command)
        return m.action_response(outcome)
    handler.__name__ = "counter_" + name.replace("-", "_")
    return handler


async def events(m: Master, call: Call) -> None:
    """WebSocket: replay from ?since=, then live events, without gaps or duplicates."""
    ws: WebSocket = call.request  # type: ignore[assignment]
    assert m.hub is not None
    since_text = ws.query_params.get("since")
    since: int | None = None
    if since_text is not None:
        if not since_text.isdigit() or len(since_text) > 18:
            raise ApiError(400, "invalid_since", "Parameter since harus bilangan bulat >= 0")
        since = int(since_text)
    await ws.accept()
    sub = m.hub.subscribe()  # first subscribe, then replay: nothing falls between the two

    async def send(payload: dict) -> None:
        await ws.send_text(json.dumps(payload, separators=(",", ":"), ensure_ascii=False))

    async def replay(after: int, until: int | None = None) -> int:
        last = after
        while True:
            with m.store.lock:
                page = m.store.events_since(last, REPLAY_PAGE)
            page = [e for e in page if until is None or e.seq < until]
            if not page:
                return last
            for e in page:
                await send(e.to_json())
                last = e.seq
            if len(page) < REPLAY_PAGE:
                return last

    async def pump() -> None:
        head = m.store.last_seq()
        if since is None:
            last = head
        elif since > head or head - since > REPLAY_MAX:
            await send({"type": "resync", "seq": head})
            last = head
        else:
            last = await replay(since)
        while True:
            batch = await sub.next_batch()
            if batch is None:  # too slow: cut off; the client reconnects with since=
                await ws.close(code=1013, reason="slow consumer, reconnect with since=")
                return
            for event in batch:
                if event["seq"] <= last:
                    continue  # already sent by the replay
                if event["seq"] > last + 1:
                    last = await replay(last, until=event["seq"])
                await send(event)
                last = event["seq"]

    async def drain() -> None:
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                return

    pump_task = asyncio.create_task(pump())
    drain_task = asyncio.create_task(drain())
    try:
        done, pending = await asyncio.wait({pump_task, drain_task},
                                           return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                await task
        for task in done:
            exc = task.exception()
            if exc is not None and not isinstance(exc, (WebSocketDisconnect, RuntimeError,
                                                        ConnectionError)):
                raise exc
    finally:
        pump_task.cancel()
        drain_task.cancel()
        m.hub.unsubscribe(sub)


# ==================================================================================================
# The route table.
# ==================================================================================================

ANY_DEVICE = ("kiosk", "display", "counter")


def build_routes() -> list[Route]:
    routes = [
        Route("GET", "/health", health, PUBLIC, summary="liveness, site id and last event seq"),
        Route("GET", "/openapi.json", openapi_doc, PUBLIC, summary="this document"),
        Route("GET", "/catalog", get_catalog, DEVICE, ANY_DEVICE,
              summary="site, agencies, booths, counters, services with availability"),
        Route("GET", "/snapshot", get_snapshot, DEVICE, ANY_DEVICE,
              summary="counters, waiting counts, recent calls; then follow /events?since=seq"),
        Route("WS", "/events", events, DEVICE, ANY_DEVICE,
              summary="WebSocket: events with seq > since, then live; token also as ?token="),
        Route("POST", "/tickets", issue_ticket, DEVICE, ("kiosk",), status=201, errors=(409,),
              body={"service_id": {"type": "integer", "required": True, "minimum": 1},
                    "priority": {"type": "string", "nullable": True,
                                 "enum": [p.value for p in PriorityClass]}},
              headers=(("Idempotency-Key", "1-100 visible ASCII characters; a retry with the "
                        "same key returns the first response"),),
              summary="issue a ticket"),
        Route("GET", "/tickets/{token:str}", ticket_status, PUBLIC, errors=(404,),
              summary="a ticket's status page data (for the holder of its token)"),
        Route("POST", "/sessions", login, DEVICE, ("counter",), errors=(423,),
              body={"username": {"type": "string", "required": True, "min_length": 1,
                                 "max_length": 64},
                    "pin": {"type": "string", "required": True, "min_length": 1,
                            "max_length": 64},
                    "counter_id": {"type": "integer", "required": True, "minimum": 1}},
              summary="officer sign-in at a counter device"),
        Route("DELETE", "/sessions/current", logout, OFFICER,
              summary="sign out (closes the counter if this officer has it open)"),
        Route("GET", "/counters/{counter_id:int}", counter_state, DEVICE, ("counter",),
              errors=(404,), summary="a counter's state, current ticket, waiting, last tickets"),
    ]
    for name, (schema, build, summary) in ACTIONS.items():
        routes.append(Route("POST", f"/counters/{{counter_id:int}}/{name}",
                            _action_handler(name, build), OFFICER, body=schema,
                            errors=(404, 409), summary=summary,
                            name="counter_" + name.replace("-", "_")))
    return routes


# ==================================================================================================
# The Starlette application.
# ==================================================================================================

def build_app(master: Master) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app):
        master.start(asyncio.get_running_loop())
        try:
            yield
        finally:
            if master.hub is not None:
                master.hub.close()

    async def not_found(request: Request, exc: HTTPException) -> Response:
        codes = {404: "not_found", 405: "method_not_allowed"}
        messages = {404: "Alamat tidak ditemukan", 405: "Metode tidak diizinkan"}
        return error_response(exc.status_code, codes.get(exc.status_code, "http_error"),
                              messages.get(exc.status_code, str(exc.detail)),
                              dict(exc.headers or {}))

    return Starlette(routes=master.starlette_routes(), lifespan=lifespan,
                     middleware=[Middleware(CatchAll)],
                     exception_handlers={HTTPException: not_found})


class CatchAll:
    """Any exception a handler lets out is a bug: log it loudly (once, with its traceback) and
    answer 500 with the error JSON. (Starlette's own handler would re-raise it to the server.)"""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            log.error("unhandled error: this is a bug", exc_info=exc,
                      extra=fields(path=scope.get("path"), method=scope.get("method")))
            if started:
                raise
            response = error_response(500, "internal_error", "Terjadi kesalahan pada server")
            await response(scope, receive, send)

