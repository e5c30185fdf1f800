"""CounterViewModel: everything the counter panel does and knows, on the GUI thread.

Sign-in (POST /sessions) then open the counter (presence: the booth is staffed); actions go to
POST /counters/{id}/...; the counter's state (GET /counters/{id}) is fetched again whenever an
event touches this counter or its services, so changes made elsewhere (a transfer in, a
cancelled ticket, a supervisor) show without a refresh button. Sign-out, idle timeout and
closing the window close the counter; pause records its reason. The client's futures come back
through the bridge, so nothing here waits on the network.
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import Future
from datetime import datetime, timezone
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from shared.net.client import ApiError, MasterUnavailable

from ..texts import error_text, t
from . import rules
from .actions import CounterActions
from .catalog import CatalogIndex
from .session import SessionFlow
from .waiting import WaitingTracker

log = logging.getLogger("antrean.counter")
SESSION_LOST = {"invalid_session", "session_expired", "missing_session"}


class CounterViewModel(SessionFlow, CounterActions, QObject):
    changed = Signal()  # counter, ticket, waiting, history, phase or busy state
    messageChanged = Signal()
    connectionChanged = Signal()
    catalogChanged = Signal()
    sheetChanged = Signal()
    sheetAction = Signal(str)  # "confirm" for the open sheet (the view holds the selection)
    langChanged = Signal()
    ticketCalled = Signal(object)  # the ticket just called at this counter

    def __init__(self, client: Any, bridge: Any, *, counter_ref: str | None = None,
                 idle_minutes: float = 30.0, lang: str = "id",
                 keymap: dict[str, str] | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.client, self.bridge = client, bridge
        self.counter_ref, self.lang = counter_ref, lang
        self.idle_seconds = max(0.0, idle_minutes * 60)
        self.keymap = dict(keymap or {})
        self.clock, self.monotonic = clock, monotonic
        self.catalog = CatalogIndex()
        self.tracker = WaitingTracker()
        self.phase = "login"  # login | work
        self.officer: dict | None = None
        self.counter_id: int | None = None
        self.counter: dict = {}
        self.ticket: dict | None = None
        self.waiting, self.waiting_by_service, self.history = 0, {}, []
        self.sheet = ""
        self.busy = self.login_busy = self.takeover_offered = False
        self.message, self.message_level = "", "info"
        self.connection: Any = None
        self.idle_left: int | None = None
        self._seq = 0
        self._refreshing = self._refresh_again = False
        self._last_input = monotonic()
        self._message_timer = QTimer(self, singleShot=True, interval=10_000)
        self._message_timer.timeout.connect(self._clear_info)
        self._idle_timer = QTimer(self, interval=1000)
        self._idle_timer.timeout.connect(self.check_idle)
        bridge.snapshot.connect(self._on_snapshot)
        bridge.event.connect(self._on_event)
        bridge.state.connect(self._on_state)

    # -- life cycle ------------------------------------------------------------------------------
    def start(self) -> None:
        self._idle_timer.start()
        self.load_catalog()

    def shutdown(self, timeout: float = 3.0) -> None:
        """Window closing: sign out (closes the counter) with a bounded wait, once."""
        self._idle_timer.stop()
        if (self.phase == "work" or self.takeover_offered) and self.client is not None:
            self.phase, self.takeover_offered = "login", False
            try:
                self.client.logout().result(timeout)
            except Exception as exc:  # unreachable at exit: the counter stays open on the master
                log.warning("sign-out at exit failed: %s", exc)

    def _watch(self, future: Future, done: Callable[[Future], None]) -> None:
        self.bridge.watch(future, done)

    # -- texts -----------------------------------------------------------------------------------
    def text(self, key: str, /, **fields: object) -> str:
        return t(key, self.lang, **fields)

    def set_lang(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.langChanged.emit()

    def key_hint(self, action: str) -> str:
        from ..keymap import keys_for
        keys = keys_for(self.keymap, action)
        return keys[0] if keys else ""

    def say(self, text: str, level: str = "info") -> None:
        self.message, self.message_level = text, level
        self._message_timer.start()
        self.messageChanged.emit()

    def _clear_info(self) -> None:
        if self.message_level == "info":
            self.message = ""
            self.messageChanged.emit()

    def fail(self, exc: BaseException | None) -> None:
        """A refused or failed request, calmly; anything else is a bug and raises."""
        if isinstance(exc, ApiError):
            if exc.status == 401 and exc.code in SESSION_LOST and self.phase == "work":
                self._to_login()
                self.say(self.text("msg_session_lost"), "error")
                return
            self.say(error_text(exc.code, exc.message, self.lang), "error")
        elif isinstance(exc, (MasterUnavailable, TimeoutError)):
            self.say(self.text("msg_unreachable"), "error")
        elif exc is not None:
            raise exc

    # -- catalog and connection ------------------------------------------------------------------
    def load_catalog(self) -> None:
        if self.client is not None:
            self._watch(self.client.catalog(), self._catalog_loaded)

    def _catalog_loaded(self, future: Future) -> None:
        if future.exception() is not None:
            if not isinstance(future.exception(), (ApiError, MasterUnavailable, TimeoutError)):
                raise future.exception()  # type: ignore[misc]
            return  # retried on the next snapshot (the client reconnects by itself)
        self.apply_catalog(future.result().data)

    def apply_catalog(self, data: dict) -> None:
        self.catalog = CatalogIndex.from_json(data)
        if self.counter_id is not None:
            self.tracker.set_services(self.catalog.counter_services(self.counter_id))
        self.catalogChanged.emit()

    def counter_choices(self) -> list[tuple[int, str]]:
        word = self.text("counter")
        return [(cid, self.catalog.counter_label(cid, word)) for cid in self.catalog.sorted_counters()]

    def preselected_counter(self) -> int | None:
        return self.counter_id or self.catalog.find_counter(self.counter_ref)

    def _on_snapshot(self, snapshot: dict) -> None:
        self.load_catalog()
        self.refresh()

    def _on_state(self, state: Any) -> None:
        self.connection = state
        self.connectionChanged.emit()
        if getattr(state, "connected", False):
            self.refresh()

    def connection_text(self) -> str:
        state = self.connection
        if self.client is None:
            return self.text("conn_offline")
        if state is None:
            return self.text("conn_connecting")
        if state.rejected:
            return self.text("conn_rejected")
        key = {"connected": "conn_connected", "connecting": "conn_connecting",
               "reconnecting": "conn_reconnecting"}.get(state.status.value, "conn_unreachable")
        return self.text(key, time=state.since.astimezone().strftime("%H.%M"))

    # -- state from the master -------------------------------------------------------------------
    @property
    def status(self) -> str:
        return self.counter.get("status", "closed")

    def refresh(self) -> None:
        """Fetch the counter's state again (one request at a time; repeats once if asked meanwhile)."""
        if self.phase != "work" or self.client is None:
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        self._watch(self.client.get(f"/counters/{self.counter_id}"), self._refreshed)

    def _refreshed(self, future: Future) -> None:
        self._refreshing = False
        exc = future.exception()
        if exc is None and self.phase == "work":
            self.apply_counter_view(future.result().data)
        elif exc is not None and not isinstance(exc, (ApiError, MasterUnavailable, TimeoutError)):
            raise exc
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    def apply_counter_view(self, view: dict) -> None:
        """GET /counters/{id}; ignored when older than what an action already showed."""
        if view.get("seq", 0) < self._seq:
            return
        self._seq = view.get("seq", 0)
        was_open = self.status != "closed"
        before = self.ticket
        self.counter = view.get("counter") or {}
        self.ticket = self.counter.get("ticket")
        self.waiting = view.get("waiting", 0)
        self.waiting_by_service = {int(k): v for k, v in (view.get("waiting_by_service") or {}).items()}
        self.history = view.get("history") or []
        if was_open and self.status == "closed":
            self.say(self.text("msg_counter_closed_elsewhere"), "error")
        elif (before and not self.busy  # not our own action (its answer may still be on the way)
              and (self.ticket or {}).get("id") != before.get("id")):
            self.say(self.text("msg_ticket_left", number=before.get("number", "")), "error")
        if self.sheet and rules.why_not(self._sheet_action(), self.status,
                                        (self.ticket or {}).get("status")):
            self.close_sheet()  # what the sheet was for is gone (e.g. ticket transferred away)
        self.changed.emit()

    def _accept(self, data: dict | None) -> None:
        for event in (data or {}).get("events", []):
            self._seq = max(self._seq, event.get("seq", 0))
            if event.get("counter_id") == self.counter_id and "counter_status" in event.get("data", {}):
                status = event["data"]["counter_status"]
                self.counter = {**self.counter, "status": status,
                                "pause_reason": event["data"].get("reason") if status == "paused" else None,
                                "since": event.get("at")}

    def _on_event(self, event: dict) -> None:
        listed = self.tracker.apply(event)
        data = event.get("data") or {}
        mine = set(self.catalog.counter_services(self.counter_id)) if self.counter_id else set()
        if (event.get("counter_id") == self.counter_id or data.get("service_id") in mine
                or data.get("from_service_id") in mine or event.get("type") == "day_started"):
            self.refresh()
        if listed and self.sheet == "call":
            self.changed.emit()

    def _sheet_action(self) -> str:
        return {v: k for k, v in rules.SHEETS.items()}.get(self.sheet, "")

    def close_sheet(self) -> None:
        if self.sheet:
            self.sheet = ""
            self.sheetChanged.emit()

