"""The apps' client of the master (docs/api.md): REST calls and the live event stream.

``MasterClient`` runs its own asyncio loop in a background thread, so nothing here ever blocks a
Qt event loop. REST calls return ``concurrent.futures.Future``s (``call`` is the blocking form,
for scripts and tests). Callbacks (``on_snapshot``, ``on_event``, ``on_state``) run on the
client's thread: a Qt app bridges them to signals (emitting a signal from another thread is
queued to the receiver's thread by Qt). This module never imports Qt.

The event stream: fetch ``/snapshot`` (seq N), follow the WebSocket ``/events?since=N``, check
each event's seq (``sequencer``); on a gap or a ``resync`` message start again from a fresh
snapshot. When the connection drops, reconnect with exponential back-off and jitter
(``backoff``) from the last seq seen, so the master replays what happened meanwhile, in order.
The link's health is reported as a ``ConnectionState`` (connected / reconnecting / unreachable
since hh:mm). Where the master is comes from a ``MasterLocator``: a fixed URL (``--master``) or
mDNS discovery, whose address changes the client follows.

In a Qt app (the bridge lives in the app, never here)::

    class Bridge(QObject):
        event = Signal(dict)
        state = Signal(object)

    bridge = Bridge()
    client = MasterClient(make_locator(args.master, site_id, interfaces), token,
                          on_event=bridge.event.emit, on_state=bridge.state.emit).start()
    future = client.issue_ticket(service_id)          # never blocks the UI
    future.add_done_callback(lambda f: bridge.issued.emit(f))  # runs on the client thread
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading
from concurrent.futures import Future
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

import httpx
import websockets
from websockets.asyncio.client import connect as ws_connect

from .api_types import (API_HEADER, API_PREFIX, ApiError, ApiResponse, MasterUnavailable,
                        new_idempotency_key)
from .backoff import Backoff
from .connection_state import ConnectionState, ConnectionTracker
from .locator import (DiscoveryLocator, FixedLocator, MasterLocator, make_locator,
                      normalize_base_url, websocket_url)
from .sequencer import Sequencer, Verdict
from .service_record import API_VERSION

log = logging.getLogger(__name__)

SnapshotCallback = Callable[[dict], None]
EventCallback = Callable[[dict], None]
StateCallback = Callable[[ConnectionState], None]

__all__ = [
    "API_HEADER", "API_PREFIX", "ApiError", "ApiResponse", "DiscoveryLocator", "EventCallback",
    "FixedLocator", "MasterClient", "MasterLocator", "MasterUnavailable", "SnapshotCallback",
    "StateCallback", "make_locator", "new_idempotency_key", "normalize_base_url", "websocket_url",
]


# -- the client ------------------------------------------------------------------------------
_RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}


class MasterClient:
    def __init__(self, master: str | MasterLocator, token: str | None, *,
                 on_snapshot: SnapshotCallback | None = None,
                 on_event: EventCallback | None = None,
                 on_state: StateCallback | None = None,
                 officer_session: str | None = None,
                 request_timeout: float = 5.0,
                 backoff: Backoff | None = None,
                 unreachable_after: float = 5.0,
                 ping_interval: float = 5.0,
                 name: str = "antrean-client") -> None:
        self.locator = FixedLocator(master) if isinstance(master, str) else master
        self.token = token
        self.officer_session = officer_session
        self.on_snapshot = on_snapshot
        self.on_event = on_event
        self.on_state = on_state
        self.request_timeout = request_timeout
        self.backoff = backoff or Backoff()
        self.ping_interval = ping_interval
        self.tracker = ConnectionTracker(unreachable_after)
        self.last_seq: int | None = None
        self.snapshots = 0  # how many snapshots were taken (start + every resync/gap)
        self._name = name
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, name=name, daemon=True)
        self._http: httpx.AsyncClient | None = None
        self._stream_task: asyncio.Task | None = None
        self._ws: Any = None
        self._ws_url: str | None = None
        self._wake: asyncio.Event | None = None
        self._connected = threading.Event()
        self._closed = False
        self._started = False

    # -- life cycle ------------------------------------------------------------------------------
    def start(self, events: bool = True) -> "MasterClient":
        """Start the loop thread (and the event stream unless ``events=False``, e.g. a kiosk
        that only issues tickets)."""
        if self._started:
            return self
        self._started = True
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._setup(), self._loop).result(10)
        self.locator.start(self._on_master_url)
        if events:
            self._loop.call_soon_threadsafe(self._start_stream)
        return self

    async def _setup(self) -> None:
        self._wake = asyncio.Event()
        self._http = httpx.AsyncClient(
            timeout=self.request_timeout, trust_env=False,  # the master is on the LAN: no proxy
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10))

    def _start_stream(self) -> None:
        self._stream_task = self._loop.create_task(self._stream(), name=f"{self._name}-events")

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    def close(self, timeout: float = 5.0) -> None:
        if self._closed:
            return
        self._closed = True
        self.locator.close()
        if not self._started:
            self._loop.close()
            return
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(timeout)
        except Exception:
            log.debug("client shutdown", exc_info=True)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        if not self._thread.is_alive():
            self._loop.close()

    async def _shutdown(self) -> None:
        if self._stream_task is not None:
            self._stream_task.cancel()
            try:
                await self._stream_task
            except BaseException:
                pass
        if self._http is not None:
            await self._http.aclose()

    def __enter__(self) -> "MasterClient":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- where ------------------------------------------------------------------------------------
    @property
    def state(self) -> ConnectionState:
        return self.tracker.state

    @property
    def base_url(self) -> str | None:
        return self.locator.current()

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def _on_master_url(self, url: str) -> None:
        """The locator found the master or saw it move (any thread)."""
        if not self._closed:
            self._loop.call_soon_threadsafe(self._master_moved, url)

    def _master_moved(self, url: str) -> None:
        log.info("master is at %s", url)
        if self._wake is not None:
            self._wake.set()  # cut a back-off sleep short
        ws = self._ws
        if ws is not None and self._ws_url is not None and (
                urlsplit(self._ws_url).netloc != urlsplit(url).netloc):
            self._loop.create_task(ws.close())  # the stream loop reconnects to the new address

    async def _base(self, wait: float) -> str:
        url = self.locator.current()
        deadline = self._loop.time() + wait
        while url is None and self._loop.time() < deadline:
            await asyncio.sleep(0.05)
            url = self.locator.current()
        if url is None:
            raise MasterUnavailable("no master found (discovery has not seen one yet)")
        return url

    # -- REST --------------------------------------------------------------------------------------
    def _headers(self, extra: Mapping[str, str] | None, session: str | None) -> dict[str, str]:
        headers = {"Accept": "application/json", API_HEADER: API_VERSION}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if session:
            headers["X-Officer-Session"] = session
        if extra:
            headers.update(extra)
        return headers

    async def request_async(self, method: str, path: str, *, json_body: Any = None,
                            params: Mapping[str, Any] | None = None,
                            headers: Mapping[str, str] | None = None,
                            session: str | None = None, timeout: float | None = None,
                            ) -> ApiResponse:
        """One REST call on the client loop. ``path`` is below /api/v1 (``/catalog``)."""
        assert self._http is not None, "start() the client first"
        base = await self._base(self.request_timeout)
        url = base + (path if path.startswith(API_PREFIX) else API_PREFIX + path)
        sess = session if session is not None else self.officer_session
        try:
            resp = await self._http.request(method, url, json=json_body, params=params,
                                            headers=self._headers(headers, sess),
                                            timeout=timeout or self.request_timeout)
        except httpx.HTTPError as exc:  # connect errors, timeouts, dropped connections
            raise MasterUnavailable(f"{method} {url}: {type(exc).__name__}: {exc}") from exc
        try:
            data = resp.json() if resp.content else None
        except ValueError:
            data = resp.text
        if resp.status_code >= 400:
            err = data.get("error") if isinstance(data, dict) else None
            code = str(err.get("code", "")) if isinstance(err, dict) else ""
            message = str(err.get("message", "")) if isinstance(err, dict) else str(data or "")
            if resp.status_code == 426:  # our protocol is too old: the app shows "update me"
                self._report(self.tracker.failed(f"426 {code}: {message}", base,
                                                 upgrade_required=True))
            raise ApiError(resp.status_code, code or f"http_{resp.status_code}", message, data)
        return ApiResponse(resp.status_code, data, dict(resp.headers))

    def request(self, method: str, path: str, **kwargs: Any) -> "Future[ApiResponse]":
        return self.submit(self.request_async(method, path, **kwargs))

    def submit(self, coro: Any) -> Future:
        """Run a coroutine on the client loop; returns a concurrent Future."""
        if not self._started or self._closed:
            coro.close()
            raise RuntimeError("the client is not running (start() it; not after close())")
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def call(self, method: str, path: str, *, timeout: float | None = None,
             **kwargs: Any) -> ApiResponse:
        """Blocking form of ``request`` (scripts, tests; never from a UI thread or a callback)."""
        if threading.current_thread() is self._thread:
            raise RuntimeError("call() from the client's own thread would deadlock")
        return self.request(method, path, **kwargs).result(timeout or self.request_timeout * 3)

    def get(self, path: str, **kwargs: Any) -> "Future[ApiResponse]":
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> "Future[ApiResponse]":
        return self.request("POST", path, json_body=body, **kwargs)

    # -- domain helpers --------------------------------------------------------------------------
    def health(self) -> "Future[ApiResponse]":
        return self.get("/health")

    def catalog(self) -> "Future[ApiResponse]":
        return self.get("/catalog")

    def snapshot(self) -> "Future[ApiResponse]":
        return self.get("/snapshot")

    def issue_ticket(self, service_id: int, priority: str | None = None, *,
                     idempotency_key: str | None = None, give_up_after: float = 20.0,
                     ) -> "Future[ApiResponse]":
        """POST /tickets, retried on lost connections and 5xx with one Idempotency-Key, so a
        retry after a lost answer returns the first ticket instead of a second one.

        The key is made once here (or passed in: a kiosk that lets the visitor press "coba lagi"
        after a failure may reuse it). 409 (not issuable) and other 4xx are not retried."""
        key = idempotency_key or new_idempotency_key()
        return self.submit(self._issue(service_id, priority, key, give_up_after))

    async def _issue(self, service_id: int, priority: str | None, key: str,
                     give_up_after: float) -> ApiResponse:
        backoff = Backoff(base=0.1, cap=2.0)
        deadline = self._loop.time() + give_up_after
        body = {"service_id": service_id, "priority": priority}
        while True:
            try:
                return await self.request_async("POST", "/tickets", json_body=body,
                                                headers={"Idempotency-Key": key})
            except MasterUnavailable as exc:
                error: Exception = exc
            except ApiError as exc:
                in_flight = exc.status == 409 and "progress" in exc.code  # first try still running
                if exc.status not in _RETRYABLE_STATUS and not in_flight:
                    raise
                error = exc
            delay = backoff.next_delay()
            if self._loop.time() + delay > deadline:
                raise error
            log.info("issue ticket (key %s) failed: %s; retrying in %.2f s", key, error, delay)
            await asyncio.sleep(delay)

    def login(self, username: str, pin: str, counter_id: int) -> "Future[ApiResponse]":
        """POST /sessions; on success the officer session is used by later calls."""
        async def run() -> ApiResponse:
            resp = await self.request_async(
                "POST", "/sessions",
                json_body={"username": username, "pin": pin, "counter_id": counter_id})
            if isinstance(resp.data, dict) and resp.data.get("session"):
                self.officer_session = resp.data["session"]
            return resp
        return self.submit(run())

    def logout(self) -> "Future[ApiResponse]":
        async def run() -> ApiResponse:
            try:
                return await self.request_async("DELETE", "/sessions/current")
            finally:
                self.officer_session = None
        return self.submit(run())

    def counter_action(self, counter_id: int, action: str, body: Any = None,
                       ) -> "Future[ApiResponse]":
        """``POST /counters/{id}/{action}`` (open, call-next, finish, ...) with the session."""
        return self.post(f"/counters/{counter_id}/{action}", body)

    # -- event stream ----------------------------------------------------------------------------
    def _emit(self, callback: Callable[[Any], None] | None, value: Any) -> None:
        if callback is None:
            return
        try:
            callback(value)
        except Exception:  # an app's bug must not kill the stream
            log.exception("client callback %r failed", callback)

    def _report(self, state: ConnectionState | None) -> None:
        if state is None:
            return
        if state.connected:
            self._connected.set()
        else:
            self._connected.clear()
        log.info("master link: %s%s", state, f" ({state.error})" if state.error else "")
        self._emit(self.on_state, state)

    async def _sleep(self, delay: float) -> None:
        """Back-off sleep, cut short when the locator reports a (new) master address."""
        assert self._wake is not None
        self._wake.clear()
        try:
            await asyncio.wait_for(self._wake.wait(), delay)
        except asyncio.TimeoutError:
            pass

    async def _take_snapshot(self) -> None:
        resp = await self.request_async("GET", "/snapshot")
        snap = resp.data if isinstance(resp.data, dict) else {}
        seq = snap.get("seq")
        if not isinstance(seq, int):
            raise MasterUnavailable(f"snapshot without seq: {str(resp.data)[:200]}")
        self.last_seq = seq
        self.snapshots += 1
        self._emit(self.on_snapshot, snap)

    async def _stream(self) -> None:
        resyncs_in_a_row = 0
        while True:
            url = self.locator.current()
            rejected = upgrade = False
            try:
                if url is None:
                    raise MasterUnavailable("no master found yet")
                if self.last_seq is None:
                    await self._take_snapshot()
                verdict, delivered = await self._follow(url)
            except asyncio.CancelledError:
                raise
            except ApiError as exc:  # 401 revoked token, 403 ...: nothing to do but wait
                error = f"{exc.status} {exc.code}: {exc.message}"
                rejected, upgrade = exc.status in (401, 403), exc.status == 426
            except websockets.exceptions.InvalidStatus as exc:  # the WebSocket was refused
                status = exc.response.status_code
                error, rejected = f"WebSocket refused: HTTP {status}", status in (401, 403)
                upgrade = status == 426
            except (MasterUnavailable, OSError, asyncio.TimeoutError,
                    websockets.exceptions.WebSocketException) as exc:
                error = f"{type(exc).__name__}: {exc}"
            except Exception as exc:  # a bug or an unexpected message: log it, keep going
                log.exception("event stream failed")
                error = f"{type(exc).__name__}: {exc}"
            else:
                if delivered:
                    resyncs_in_a_row = 0
                if verdict in (Verdict.GAP, Verdict.RESYNC):
                    self.last_seq = None  # start again from a fresh snapshot
                    resyncs_in_a_row += 1
                    if resyncs_in_a_row < 3:
                        continue  # at once; a resync loop goes through the back-off below
                    error = f"{verdict.value} {resyncs_in_a_row} times in a row"
                else:
                    error = "connection closed by the master"
            self._report(self.tracker.failed(error, url, rejected=rejected,
                                             upgrade_required=upgrade))
            await self._sleep(self.backoff.next_delay())
            self._report(self.tracker.tick())

    async def _follow(self, url: str) -> tuple[Verdict, int]:
        """Open the WebSocket from ``last_seq`` and deliver events until it ends; returns why it
        ended (DELIVER = closed, GAP/RESYNC = start again from a snapshot) and how many events
        it delivered."""
        assert self.last_seq is not None
        ws_url = websocket_url(url, self.last_seq, self.token)
        headers = {API_HEADER: API_VERSION}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        # compression=None: events are small and the LAN is fast; deflate would only cost CPU
        # on both ends (a Raspberry Pi display) for every message.
        async with ws_connect(ws_url, additional_headers=headers, proxy=None, compression=None,
                              open_timeout=self.request_timeout,
                              ping_interval=self.ping_interval, ping_timeout=self.ping_interval,
                              close_timeout=1, max_size=8 * 2**20) as ws:
            self._ws, self._ws_url = ws, ws_url
            try:
                self.backoff.reset()
                self._report(self.tracker.connected(url))
                sequencer = Sequencer(self.last_seq)
                delivered = 0
                async for raw in ws:
                    try:
                        message = json.loads(raw)
                    except ValueError:
                        log.warning("ignoring a non-JSON message: %r", raw[:200])
                        continue
                    for item in message if isinstance(message, list) else [message]:
                        verdict = sequencer.accept(item)
                        if verdict is Verdict.DELIVER:
                            self.last_seq = sequencer.last_seq
                            delivered += 1
                            self._emit(self.on_event, item)
                        elif verdict in (Verdict.GAP, Verdict.RESYNC):
                            log.warning("event stream %s after seq %s (got %s): new snapshot",
                                        verdict.value, sequencer.last_seq, item.get("seq"))
                            return verdict, delivered
                        elif verdict is Verdict.DUPLICATE:
                            log.debug("duplicate event %s ignored", item.get("seq"))
            finally:
                self._ws = self._ws_url = None
        return Verdict.DELIVER, delivered
