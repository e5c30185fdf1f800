"""The live picture for the dashboard, read from the store's memory under its lock (short):
waiting per agency and service, longest wait, counters open vs booths scheduled, pauses."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ...domain.engine import QueueState
from ...domain.schedule import booth_day, local
from ...domain.tickets import CounterStatus, TicketStatus


@dataclass
class ServiceLive:
    id: int
    name: str
    agency: str
    waiting: int
    longest_s: float | None


@dataclass
class AgencyLive:
    id: int
    name: str
    waiting: int = 0
    longest_s: float | None = None
    counters: int = 0
    open: int = 0
    paused: int = 0
    booths: int = 0
    booths_scheduled: int = 0  # booths whose schedule says open now
    empty_booths: list[str] = field(default_factory=list)  # scheduled now, no counter open/paused


@dataclass
class PausedCounter:
    number: int
    booth: str
    agency: str
    reason: str
    since_s: float | None


@dataclass
class Live:
    now: datetime
    agencies: list[AgencyLive]
    services: list[ServiceLive]
    paused: list[PausedCounter]
    issued_today: int = 0
    served_today: int = 0

    @property
    def waiting(self) -> int:
        return sum(a.waiting for a in self.agencies)

    @property
    def open(self) -> int:
        return sum(a.open for a in self.agencies)

    @property
    def counters(self) -> int:
        return sum(a.counters for a in self.agencies)

    @property
    def booths_scheduled(self) -> int:
        return sum(a.booths_scheduled for a in self.agencies)

    @property
    def empty_booths(self) -> int:
        return sum(len(a.empty_booths) for a in self.agencies)


def live(state: QueueState, now: datetime, agency_id: int | None = None) -> Live:
    """Call with the store's lock held. ``agency_id`` limits everything to one agency."""
    catalog = state.catalog
    site_now = local(now, catalog.site.timezone)
    agencies = {a.id: AgencyLive(a.id, a.short_name)
                for a in sorted(catalog.agencies.values(), key=lambda a: (a.sort, a.id))
                if agency_id is None or a.id == agency_id}
    by_service: dict[int, ServiceLive] = {}
    for t in state.tickets.values():
        if t.status is not TicketStatus.WAITING:
            continue
        service = catalog.services.get(t.service_id)
        if service is None or service.agency_id not in agencies:
            continue
        wait = (now - t.queue_at).total_seconds()
        a = agencies[service.agency_id]
        a.waiting += 1
        a.longest_s = wait if a.longest_s is None else max(a.longest_s, wait)
        s = by_service.get(service.id)
        if s is None:
            s = by_service[service.id] = ServiceLive(service.id, service.name, a.name, 0, None)
        s.waiting += 1
        s.longest_s = wait if s.longest_s is None else max(s.longest_s, wait)
    counters_by_booth: dict[int, list[int]] = {}
    for c in catalog.counters.values():
        counters_by_booth.setdefault(c.booth_id, []).append(c.id)
    paused: list[PausedCounter] = []
    for booth in sorted(catalog.booths.values(), key=lambda b: b.code):
        a = agencies.get(booth.agency_id)
        if a is None:
            continue
        a.booths += 1
        staffed = False
        for cid in counters_by_booth.get(booth.id, []):
            a.counters += 1
            s = state.counters.get(cid)
            if s is None or s.status is CounterStatus.CLOSED:
                continue
            staffed = True
            if s.status is CounterStatus.OPEN:
                a.open += 1
            else:
                a.paused += 1
                since = (now - s.since).total_seconds() if s.since else None
                reason = s.pause_reason.value if s.pause_reason else "lainnya"
                paused.append(PausedCounter(catalog.counters[cid].number, booth.name, a.name,
                                            reason, since))
        intervals, _ = booth_day(catalog, booth.id, site_now.date())
        if any(iv.opens <= site_now.time() < iv.closes for iv in intervals):
            a.booths_scheduled += 1
            if not staffed:
                a.empty_booths.append(booth.name)
    issued = served = 0
    today = site_now.date()
    for t in state.tickets.values():
        if t.day == today and t.service_id in catalog.services \
                and catalog.services[t.service_id].agency_id in agencies:
            issued += 1
            served += t.status is TicketStatus.DONE
    services = sorted(by_service.values(), key=lambda s: (-s.waiting, s.name))
    paused.sort(key=lambda x: -(x.since_s or 0))
    return Live(now, list(agencies.values()), services, paused, issued, served)
