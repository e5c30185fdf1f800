"""Keeps the kiosk's catalog fresh: ``GET /catalog`` at start, after reconnecting, every minute,
and shortly after events that change what can be ticketed (a counter opening or closing changes
staffing; issued tickets change quotas and waiting counts). Refreshes are coalesced: at most one
request in flight, events within the debounce window give one refresh."""
from __future__ import annotations

import logging
from concurrent.futures import Future
from datetime import datetime, timezone
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from shared.net.client import ApiError, MasterUnavailable

from .catalog import CatalogView

log = logging.getLogger(__name__)

STAFFING_EVENTS = {"counter_opened", "counter_closed", "counter_paused", "counter_resumed",
                   "day_started"}
QUEUE_EVENTS = {"ticket_issued", "ticket_called", "ticket_cancelled", "ticket_expired",
                "ticket_transferred", "ticket_requeued", "ticket_returned"}


class CatalogFeed(QObject):
    updated = Signal()
    failed = Signal(str)

    def __init__(self, client: Any, bridge: Any, *, refresh_ms: int = 60_000,
                 staffing_ms: int = 500, queue_ms: int = 10_000, retry_ms: int = 5_000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stopped = False
        self.client, self.bridge = client, bridge
        self.view: CatalogView | None = None
        self.loaded_at: datetime | None = None
        self.error: str | None = None
        self.loads = 0  # finished requests (tests, diagnostics)
        self._in_flight = False
        self._again = False
        self._connected = False
        self._every = self._timer(refresh_ms, repeat=True)
        self._staffing = self._timer(staffing_ms)
        self._queue = self._timer(queue_ms)
        self._retry = self._timer(retry_ms)
        bridge.event.connect(self.on_event)
        bridge.state.connect(self.on_state)

    def _timer(self, ms: int, repeat: bool = False) -> QTimer:
        t = QTimer(self)
        t.setInterval(ms)
        t.setSingleShot(not repeat)
        t.timeout.connect(self.load)
        return t

    def start(self) -> None:
        self._stopped = False
        self._every.start()
        self.load()

    def stop(self) -> None:
        self._stopped = True  # an answer still on its way must not start another request
        for t in (self._every, self._staffing, self._queue, self._retry):
            t.stop()

    def load(self) -> None:
        if self._stopped:
            return
        if self._in_flight:
            self._again = True
            return
        self._in_flight, self._again = True, False
        self.bridge.deliver(self.client.catalog(), self._loaded)

    def _loaded(self, future: Future) -> None:
        self._in_flight = False
        self.loads += 1
        try:
            data = future.result().data
            self.view = CatalogView(data)
        except (MasterUnavailable, ApiError) as exc:
            self.error = str(exc)
            log.warning("catalog not loaded: %s", exc)
            self._retry.start()
            self.failed.emit(self.error)
        else:
            self.error = None
            self.loaded_at = datetime.now(timezone.utc)
            self.updated.emit()
        if self._again:
            self.load()

    def on_event(self, event: dict) -> None:
        kind = event.get("type")
        if kind in STAFFING_EVENTS and not self._staffing.isActive():
            self._staffing.start()
        elif kind in QUEUE_EVENTS and not self._queue.isActive():
            self._queue.start()

    def on_state(self, state: Any) -> None:
        connected = bool(getattr(state, "connected", False))
        if connected and not self._connected:
            self.load()  # back after an outage: what was missed may have changed availability
        self._connected = connected
