"""DisplayViewModel: everything the lobby TV shows, built from the master's snapshot + events.

Inputs arrive on the GUI thread through the bridge's signals (snapshot, event, connection
state, catalog). Outputs are plain values for the views (``latest``, ``recent``, ``counters``,
``waiting``, ``banner``) and signals: ``callsChanged`` (latest/recent), ``countersChanged``,
``waitingChanged`` (each panel repaints only when its part changed: a ticket issued, the most
common event, redraws the waiting counts alone), ``boardChanged`` (any of them),
``siteChanged``, ``linkChanged``, and ``called`` for a fresh call on this display's counters (the views flash it; it is also queued
for the voice). Old calls replayed after a reconnect update the board silently (freshness.py).

The source (the bridge) is asked for the catalog on every (re)connection and every
``catalog_every`` seconds, and for a fresh snapshot every ``refresh_every`` seconds while
connected, which resets any drift of the waiting counts (board_state.py)."""
from __future__ import annotations

import logging
from collections import deque
from datetime import datetime, timezone
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QObject, QTimer, Signal

from shared.net.connection_state import ConnectionState, Link

from ..texts import text
from .announcements import AnnouncementQueue
from .board_state import BoardState, CallEntry, CounterInfo
from .display_filter import DisplayFilter
from .freshness import Freshness
from .prefetch import likely_next_calls

log = logging.getLogger("antrean.display")

REFRESH_EVERY = 300.0  # seconds between snapshot refreshes while connected
CATALOG_EVERY = 900.0  # seconds between catalog refreshes (site name, ticker, agencies)
CATALOG_RETRY = 20.0  # seconds before asking again after a failed catalog request
HELD_CALLS = 50  # calls kept while the agency filter waits for the catalog


# What each event type changes on the board: calls, counters, waiting.
_CHANGES = {
    "ticket_issued": "w", "ticket_cancelled": "w", "ticket_requeued": "w",
    "ticket_called": "ckw", "ticket_recalled": "ck",
    "ticket_transferred": "kw", "ticket_returned": "kw",
    "service_started": "k", "ticket_finished": "k", "ticket_skipped": "k",
    "counter_opened": "k", "counter_closed": "k", "counter_paused": "k", "counter_resumed": "k",
}


class DisplayViewModel(QObject):
    boardChanged = Signal()
    callsChanged = Signal()
    countersChanged = Signal()
    waitingChanged = Signal()
    siteChanged = Signal()
    linkChanged = Signal()
    called = Signal(object)  # CallEntry

    def __init__(self, source: QObject | None = None, *, filter: DisplayFilter | None = None,
                 announcements: AnnouncementQueue | None = None, lang: str = "id",
                 ticker: str | None = None, max_age: float = 60.0,
                 refresh_every: float = REFRESH_EVERY, catalog_every: float = CATALOG_EVERY,
                 now: Callable[[], datetime] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.filter = filter or DisplayFilter()
        self.announcements = announcements
        self.lang = lang
        self.ticker_override = ticker
        self.state = BoardState()
        self.freshness = Freshness(max_age)
        self._now = now or (lambda: datetime.now(timezone.utc))
        self.catalog: dict[str, Any] | None = None
        self.link: ConnectionState | None = None
        self._held: deque[tuple[CallEntry, bool]] = deque(maxlen=HELD_CALLS)
        self._to_announce: list[CallEntry] = []
        self.calls_seen = 0
        self._refresh = self._timer(refresh_every, self._refresh_snapshot)
        self._catalog_timer = self._timer(catalog_every, self._load_catalog)
        if source is not None:
            source.snapshotReceived.connect(self.on_snapshot)
            source.snapshotRefreshed.connect(self.on_snapshot_refresh)
            source.eventReceived.connect(self.on_event)
            source.stateChanged.connect(self.on_state)
            source.catalogLoaded.connect(self.on_catalog)
            source.catalogFailed.connect(self.on_catalog_failed)

    def _timer(self, seconds: float, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(max(1, round(seconds * 1000)))
        timer.timeout.connect(slot)
        return timer

    # -- inputs --------------------------------------------------------------------------------
    def _changed(self, parts: str = "ckw") -> None:
        if "c" in parts:
            self.callsChanged.emit()
        if "k" in parts:
            self.countersChanged.emit()
        if "w" in parts:
            self.waitingChanged.emit()
        self.boardChanged.emit()

    def on_snapshot(self, snap: dict[str, Any]) -> None:
        if self.state.apply_snapshot(snap):
            self._changed()

    def on_snapshot_refresh(self, snap: dict[str, Any]) -> None:
        if self.state.apply_snapshot(snap, newer_only=True):
            self._changed()

    def on_event(self, event: dict[str, Any]) -> None:
        before = self.state.seq
        call = self.state.apply_event(event)
        if self.state.seq != before:  # applied (not already in the state)
            self._changed(_CHANGES.get(event.get("type") or "", "ckw"))
        if call is not None:
            self.calls_seen += 1
            fresh = self.freshness.observe(event.get("at"), self._now())
            if self.filter.ready:
                self._take_call(call, fresh)
            else:
                self._held.append((call, fresh))

    def on_state(self, state: ConnectionState) -> None:
        was_connected = self.link is not None and self.link.connected
        self.link = state
        if state.connected and not was_connected:
            self._load_catalog()
            self._refresh.start()
            self._catalog_timer.start()
        elif not state.connected:
            self._refresh.stop()
        self.linkChanged.emit()

    def on_catalog(self, catalog: dict[str, Any]) -> None:
        self.catalog = catalog
        self.state.learn_services(catalog.get("services") or [])
        self.filter.resolve(catalog)
        if self.filter.unknown_codes:
            log.error("unknown agency code(s) for this display: %s",
                      ", ".join(self.filter.unknown_codes))
        while self._held and self.filter.ready:
            self._take_call(*self._held.popleft())
        self.siteChanged.emit()
        self._changed()

    def on_catalog_failed(self, reason: str) -> None:
        log.warning("catalog request failed: %s", reason)
        if self.link is not None and self.link.connected:
            QTimer.singleShot(round(CATALOG_RETRY * 1000), self, self._load_catalog)

    def _load_catalog(self) -> None:
        if self.source is not None:
            self.source.load_catalog()

    def _refresh_snapshot(self) -> None:
        if self.source is not None and self.link is not None and self.link.connected:
            self.source.load_snapshot()

    def _take_call(self, call: CallEntry, fresh: bool) -> None:
        counter = self.state.counters.get(call.counter_id)
        if not self.filter.accepts_counter(counter):
            return
        if not fresh:
            log.info("call %s at counter %s is old (replayed): shown, not announced",
                     call.number, call.counter_number)
            return
        self.called.emit(call)
        if self.announcements is not None:
            # Queued for after this event: the new number is painted first, then the chime
            # starts (loading a clip must not hold the paint back).
            self._to_announce.append(call)
            if len(self._to_announce) == 1:
                QTimer.singleShot(0, self, self._announce)

    def _announce(self) -> None:
        calls, self._to_announce = self._to_announce, []
        assert self.announcements is not None
        for call in calls:
            self.announcements.enqueue(call)
            self.announcements.prefetch(likely_next_calls(call, self.state.counters.values()))

    # -- outputs: site ---------------------------------------------------------------------------
    @property
    def site(self) -> dict[str, Any]:
        return (self.catalog or {}).get("site") or {}

    @property
    def site_name(self) -> str:
        return self.site.get("name") or text("site_unknown", self.lang)

    @property
    def timezone_name(self) -> str | None:
        return self.site.get("timezone")

    @property
    def ticker_text(self) -> str:
        if self.ticker_override:
            return self.ticker_override
        site = self.site
        for key in ("ticker", "running_text"):
            if isinstance(site.get(key), str) and site[key].strip():
                return site[key].strip()
        return text("ticker_default", self.lang, site=self.site_name)

    @property
    def calling_rule(self) -> str:
        key = "calling_rule_description_en" if self.lang == "en" else "calling_rule_description"
        return self.site.get(key) or self.site.get("calling_rule_description") or ""

    # -- outputs: link ------------------------------------------------------------------------------
    @property
    def link_ok(self) -> bool:
        return self.link is not None and self.link.connected

    def banner(self) -> str:
        """'' when connected; otherwise what the hall must know (never silently stale)."""
        state = self.link
        if state is None or state.status is Link.CONNECTING:
            return text("link_connecting", self.lang)
        if state.connected:
            return ""
        if getattr(state, "upgrade_required", False):
            return text("link_upgrade", self.lang)
        if state.rejected:
            return text("link_rejected", self.lang)
        if state.status is Link.RECONNECTING:
            return text("link_reconnecting", self.lang)
        return text("link_unreachable", self.lang, time=self._local(state.since).strftime("%H.%M"))

    def _local(self, when: datetime) -> datetime:
        try:
            return when.astimezone(ZoneInfo(self.timezone_name or "Asia/Jakarta"))
        except (ZoneInfoNotFoundError, ValueError):
            return when.astimezone()

    # -- outputs: board ------------------------------------------------------------------------------
    def _ours(self, counter_id: int) -> bool:
        return self.filter.accepts_counter(self.state.counters.get(counter_id))

    def recent(self, limit: int = 20) -> list[CallEntry]:
        """Calls on our counters, newest first (the first one is the big 'latest call')."""
        out = []
        for entry in self.state.recent:
            if self._ours(entry.counter_id):
                out.append(entry)
                if len(out) >= limit:
                    break
        return out

    def latest(self) -> CallEntry | None:
        recent = self.recent(1)
        return recent[0] if recent else None

    def counters(self) -> list[CounterInfo]:
        """Open and paused counters of this display, by agency order then number."""
        order = self._agency_order()
        shown = [c for c in self.state.counters.values()
                 if c.status != "closed" and self.filter.accepts_counter(c)]
        return sorted(shown, key=lambda c: (order.get(c.agency_id, (1 << 30, ""))[0],
                                            c.agency, c.number, c.id))

    def waiting(self) -> list[tuple[str, int]] | None:
        """(agency short name, tickets waiting) for this display's agencies; None until the
        catalog (which maps services to agencies) is known."""
        if self.catalog is None:
            return None
        counts = self.state.waiting_by_agency()
        counters = list(self.state.counters.values())
        out = []
        for agency in sorted(self.catalog.get("agencies") or [],
                             key=lambda a: (a.get("sort", 0), a["id"])):
            if self.filter.accepts_agency(agency["id"], counters):
                out.append((agency.get("short_name") or agency["name"],
                            counts.get(agency["id"], 0)))
        return out

    def _agency_order(self) -> dict[int, tuple[int, str]]:
        return {a["id"]: (i, a.get("short_name") or "")
                for i, a in enumerate(sorted((self.catalog or {}).get("agencies") or [],
                                             key=lambda a: (a.get("sort", 0), a["id"])))}
