"""The master's HTTP + WebSocket API (docs/api.md), as one route table.

`build_routes()` (routes.py) is the single list of what the master serves: the Starlette routes
and the OpenAPI document are both generated from it, and every request passes
`Master.authenticate` for the route's declared auth level before its handler runs (a route
cannot be added without one).

Threads: the asyncio loop serves requests and reads in-memory state under the store's lock
(short); every write goes to the one GroupWriter thread and is awaited through
asyncio.wrap_future, so the loop never waits on an fsync. Auth lookups use a read-only
connection of their own (WAL readers do not wait for the writer).

This module keeps ``Master`` (state, request plumbing) and the app factory ``build_app``; the
rest lives beside it and is re-exported here: call.py (``Call``), auth.py, errors.py
(``error_response``, ``CatchAll``), routes.py (``build_routes``), the handlers by area:
handlers_catalog.py, handlers_tickets.py, handlers_sessions.py, handlers_counters.py,
handlers_devices.py and handlers_events.py, and the background watch (watch.py: silent devices,
stale counters), which runs while the app is served.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
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
from starlette.websockets import WebSocket, WebSocketState

from ..domain import commands as c
from ..store import auth_db
from ..store import idempotency as idem
from ..store.database import connect
from ..store.idempotency import IdempotencyKey
from ..store.queue_store import Outcome, QueueStore
from ..store.writer import GroupWriter
from . import auth, payloads
from .auth import SESSION_TOUCH_MS
from .call import Call
from .errors import CatchAll, error_response
from .handlers_catalog import API_VERSION, get_catalog, get_snapshot, health, openapi_doc
from .handlers_counters import ACTIONS, counter_state
from .handlers_devices import SILENT_AFTER_S
from .handlers_events import REPLAY_MAX, REPLAY_PAGE, events
from .handlers_sessions import login, logout
from .handlers_tickets import issue_ticket, ticket_status
from .hub import EventHub
from .routes import ANY_DEVICE, build_routes
from .spec import MAX_BODY, ApiError, Route, openapi, parse_json, validate
from .watch import OUTSIDE_CHECK_S, COUNTER_CHECK_S, COUNTER_STALE_MINUTES, DEVICE_CHECK_S, start_watch

__all__ = [
    "ACTIONS", "ANY_DEVICE", "API_VERSION", "PIN_CHECKS_AT_ONCE", "REPLAY_MAX", "REPLAY_PAGE",
    "SESSION_TOUCH_MS", "Call", "CatchAll", "Master", "build_app", "build_routes",
    "counter_state", "error_response", "events", "get_catalog", "get_snapshot", "health",
    "issue_ticket", "login", "logout", "openapi_doc", "ticket_status", "version",
]

log = logging.getLogger("antrean.master")

PIN_CHECKS_AT_ONCE = 2  # scrypt takes 16 MiB each: bound the memory a login storm can take


def version() -> str:
    try:
        return metadata.version("antrean")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0.0.0"


class Master:
    def __init__(self, db: str | Path, *, durable: bool = True,
                 max_pin_failures: int = auth_db.MAX_PIN_FAILURES,
                 lockout_seconds: int = auth_db.LOCKOUT_SECONDS,
                 session_idle_seconds: int = auth_db.SESSION_IDLE_SECONDS,
                 device_silent_after_s: float = SILENT_AFTER_S,
                 counter_stale_minutes: float = COUNTER_STALE_MINUTES,
                 device_check_s: float = DEVICE_CHECK_S,
                 counter_check_s: float = COUNTER_CHECK_S,
                 wall_ms: Callable[[], int] = auth_db.now_ms) -> None:
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
        # The watch (watch.py): silent devices, stale counters; wall_ms is its clock (epoch ms).
        self.device_silent_after_s = device_silent_after_s
        self.counter_stale_minutes = counter_stale_minutes
        self.device_check_s = device_check_s
        self.counter_check_s = counter_check_s
        self.outside_check_s = OUTSIDE_CHECK_S
        self.wall_ms = wall_ms
        self.started_ms = wall_ms()
        self.loop: asyncio.AbstractEventLoop | None = None
        self._tasks: list[asyncio.Task] = []
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
        self.loop = loop
        self.hub = EventHub(self.store, loop)
        self._pin_slots = asyncio.Semaphore(PIN_CHECKS_AT_ONCE)
        self.started_ms = self.wall_ms()
        self._tasks = start_watch(self, loop)

    async def stop_tasks(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

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

    # -- authentication (auth.py) ---------------------------------------------------------------
    async def authenticate(self, route: Route, call: Call) -> None:
        await auth.authenticate(self, route, call)

    def check_counter_scope(self, call: Call, counter_id: int) -> None:
        """Officers act on their own counter; supervisors on their agency's; admins on all."""
        auth.check_counter_scope(self, call, counter_id)

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


# ==================================================================================================
# The Starlette application.
# ==================================================================================================

def web_routes(master: Master) -> list:
    """The browser side: back office (and `/` leads there), visitor pages and their JSON."""
    from starlette.responses import RedirectResponse
    from starlette.routing import Route as StarletteRoute

    from .backoffice import backoffice_routes
    from .visitor import visitor_routes

    async def home(request: Request) -> Response:
        return RedirectResponse("/backoffice/", status_code=303)

    return [StarletteRoute("/", home, include_in_schema=False), *backoffice_routes(master),
            *visitor_routes(master)]


def build_app(master: Master) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app):
        master.start(asyncio.get_running_loop())
        try:
            yield
        finally:
            await master.stop_tasks()
            if master.hub is not None:
                master.hub.close()

    async def not_found(request: Request, exc: HTTPException) -> Response:
        codes = {404: "not_found", 405: "method_not_allowed"}
        messages = {404: "Alamat tidak ditemukan", 405: "Metode tidak diizinkan"}
        return error_response(exc.status_code, codes.get(exc.status_code, "http_error"),
                              messages.get(exc.status_code, str(exc.detail)),
                              dict(exc.headers or {}))

    return Starlette(routes=master.starlette_routes() + web_routes(master), lifespan=lifespan,
                     middleware=[Middleware(CatchAll)],
                     exception_handlers={HTTPException: not_found})
