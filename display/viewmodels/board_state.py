"""The board's state as plain data, rebuilt from ``/snapshot`` and kept current by events
(docs/api.md). Pure Python (no Qt): the view-model wraps it.

Only what a lobby display needs, all of it bounded: every counter of the site (a fixed set),
the last ``RECENT`` calls, waiting counts per service, and the ids of today's skipped tickets
(bounded by the day's tickets, cleared at the day's start).

Waiting counts follow the engine's transitions (shared/domain/engine.py): issued, returned,
requeued and transferred tickets join a queue; a call takes one out; a cancel takes one out
unless the ticket had been skipped (skips are remembered from events). A cancel of a ticket
skipped before our snapshot would count one too few: the view-model refreshes the snapshot
every few minutes, which resets any such drift.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from typing import Any, Iterable

RECENT = 20  # calls kept (the snapshot sends the same number)
MAX_SKIPPED = 10_000  # a day's skipped tickets, far above any real day


@dataclass
class CounterInfo:
    id: int
    number: int
    name: str = ""
    zone: str | None = None
    agency_id: int | None = None
    agency: str = ""  # short name, e.g. "Dukcapil"
    booth: str = ""
    status: str = "closed"  # open | paused | closed
    pause_reason: str | None = None
    ticket_id: int | None = None
    ticket_number: str | None = None
    ticket_status: str | None = None  # called | serving


@dataclass(frozen=True)
class CallEntry:
    """A call (or recall) as the board lists it and the announcer speaks it."""

    ticket_id: int
    number: str
    counter_id: int
    counter_number: int
    agency: str = ""
    called_at: str | None = None  # ISO time from the master
    calls: int = 1  # 2+ for a recall
    seq: int = 0  # the event's seq (0 when it came from a snapshot)

    @property
    def recall(self) -> bool:
        return self.calls > 1


_COUNTER_EVENTS = {"counter_opened", "counter_closed", "counter_paused", "counter_resumed"}


class BoardState:
    def __init__(self, recent: int = RECENT) -> None:
        self.seq = -1  # seq of the state (snapshot seq, then each applied event)
        self.day: str | None = None
        self.counters: dict[int, CounterInfo] = {}
        self.recent: deque[CallEntry] = deque(maxlen=recent)
        self.waiting: dict[int, int] = {}  # service id -> tickets waiting
        self.service_agency: dict[int, int] = {}  # service id -> agency id
        self._skipped: set[int] = set()

    # -- snapshot --------------------------------------------------------------------------
    def apply_snapshot(self, snap: dict[str, Any], newer_only: bool = False) -> bool:
        """Replace the state by a snapshot. The client's snapshots (start, gap, resync) always
        apply, even with a lower seq (a master restored from a backup starts again lower);
        a periodic refresh (``newer_only``) is ignored if older than what we have."""
        seq = snap.get("seq")
        if not isinstance(seq, int) or (newer_only and seq < self.seq):
            return False
        self.seq = seq
        self.day = snap.get("day")
        self.counters = {}
        for c in snap.get("counters") or []:
            info = CounterInfo(id=c["id"], number=c["number"], name=c.get("name") or "",
                               zone=c.get("zone"), agency_id=c.get("agency_id"),
                               agency=c.get("agency") or "", booth=c.get("booth") or "",
                               status=c.get("status") or "closed",
                               pause_reason=c.get("pause_reason"))
            ticket = c.get("ticket")
            if ticket:
                info.ticket_id, info.ticket_number = ticket.get("id"), ticket.get("number")
                info.ticket_status = ticket.get("status")
                if ticket.get("service_id") is not None and ticket.get("agency_id") is not None:
                    self.service_agency[ticket["service_id"]] = ticket["agency_id"]
            self.counters[info.id] = info
        self.waiting = {int(k): int(v) for k, v in (snap.get("waiting") or {}).items()}
        self.recent.clear()
        for r in reversed(snap.get("recent_calls") or []):  # the snapshot lists newest first
            if r.get("counter_id") is None or r.get("counter_number") is None:
                continue
            self.recent.appendleft(CallEntry(r["ticket_id"], r["number"], r["counter_id"],
                                             r["counter_number"], r.get("agency") or "",
                                             r.get("called_at"), r.get("calls") or 1))
        self._skipped.clear()
        return True

    def learn_services(self, services: Iterable[dict[str, Any]]) -> None:
        """Service -> agency from the catalog (for waiting counts per agency)."""
        for s in services:
            self.service_agency[s["id"]] = s["agency_id"]

    # -- events ----------------------------------------------------------------------------
    def apply_event(self, event: dict[str, Any]) -> CallEntry | None:
        """Apply one event (ignored if the state already includes it). Returns the call for
        ``ticket_called``/``ticket_recalled`` (even if already included: it is still news)."""
        seq = event.get("seq", 0)
        kind = event.get("type")
        data = event.get("data") or {}
        fresh = seq > self.seq
        if fresh:
            self.seq = seq
            self._update(kind, event, data)
        if kind in ("ticket_called", "ticket_recalled"):
            return self._call_of(event, data, seq)
        return None

    def _call_of(self, event: dict, data: dict, seq: int) -> CallEntry | None:
        counter_id = event.get("counter_id")
        counter = self.counters.get(counter_id) if counter_id is not None else None
        number = data.get("counter_number", counter.number if counter else None)
        if counter_id is None or number is None or not data.get("number"):
            return None
        return CallEntry(event.get("ticket_id") or 0, data["number"], counter_id, number,
                         data.get("agency") or (counter.agency if counter else ""),
                         event.get("at"), data.get("calls") or (2 if "recalled" in
                                                                event["type"] else 1), seq)

    def _update(self, kind: str | None, event: dict, data: dict) -> None:
        ticket_id = event.get("ticket_id")
        service = data.get("service_id")
        if service is not None and data.get("agency_id") is not None:
            self.service_agency[service] = data["agency_id"]
        counter = self.counters.get(event.get("counter_id"))
        if counter is not None and data.get("counter_status"):
            counter.status = data["counter_status"]
        if kind == "day_started":
            self.day = data.get("day")
            self.recent.clear()
            self.waiting = {k: 0 for k in self.waiting}
            self._skipped.clear()
            for c in self.counters.values():
                c.ticket_id = c.ticket_number = c.ticket_status = None
        elif kind in _COUNTER_EVENTS and counter is not None:
            counter.pause_reason = data.get("reason") if kind == "counter_paused" else None
            if kind == "counter_closed":
                counter.status = "closed"
        elif kind == "ticket_issued":
            self._wait(service, +1)
        elif kind in ("ticket_called", "ticket_recalled"):
            if kind == "ticket_called":
                self._wait(service, -1)
                self._skipped.discard(ticket_id)
            entry = self._call_of(event, data, event.get("seq", 0))
            if counter is not None and entry is not None:
                counter.ticket_id, counter.ticket_number = ticket_id, entry.number
                counter.ticket_status = "called"
            if entry is not None:
                self._push_recent(entry)
        elif kind == "service_started":
            if counter is not None and counter.ticket_id == ticket_id:
                counter.ticket_status = "serving"
        elif kind in ("ticket_finished", "ticket_skipped", "ticket_transferred",
                      "ticket_returned"):
            if counter is not None and counter.ticket_id == ticket_id:
                counter.ticket_id = counter.ticket_number = counter.ticket_status = None
            if kind == "ticket_skipped" and len(self._skipped) < MAX_SKIPPED:
                self._skipped.add(ticket_id)
            elif kind == "ticket_transferred":
                self._wait(data.get("to_service_id"), +1)
            elif kind == "ticket_returned":
                self._wait(service, +1)
        elif kind == "ticket_requeued":
            self._skipped.discard(ticket_id)
            self._wait(service, +1)
        elif kind == "ticket_cancelled":
            if ticket_id in self._skipped:
                self._skipped.discard(ticket_id)
            else:
                self._wait(service, -1)

    def _wait(self, service: int | None, delta: int) -> None:
        if service is not None:
            self.waiting[service] = max(0, self.waiting.get(service, 0) + delta)

    def _push_recent(self, entry: CallEntry) -> None:
        """Newest first; a recall moves its ticket back to the top instead of a duplicate."""
        kept = [e for e in self.recent if e.ticket_id != entry.ticket_id]
        self.recent.clear()
        self.recent.append(entry)
        self.recent.extend(kept[: self.recent.maxlen - 1 if self.recent.maxlen else None])

    # -- reading -----------------------------------------------------------------------------
    def waiting_by_agency(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for service, n in self.waiting.items():
            agency = self.service_agency.get(service)
            if agency is not None:
                out[agency] = out.get(agency, 0) + n
        return out

    def counter_copy(self, counter_id: int) -> CounterInfo | None:
        c = self.counters.get(counter_id)
        return replace(c) if c else None
