"""Small builders shared by the domain tests.

``CatalogBuilder`` makes a Catalog with N agencies (one booth each), their counters and services,
weekly hours and closures, with predictable ids: agencies, booths, counters and services are
numbered 1, 2, 3 ... in the order they are added; service prefixes default to A, B, C ...

``Clock`` is a controllable clock and ``ContextFactory`` hands out engine Contexts that read it,
with counters for ticket ids and tokens. ``Harness`` wires a catalog, an engine and a context
factory together for the engine tests.
"""
from __future__ import annotations

import copy
import dataclasses
import string
from datetime import date, datetime, time, timedelta
from typing import Iterable
from zoneinfo import ZoneInfo

from shared.domain import commands as c
from shared.domain.calling import CallingRule
from shared.domain.engine import Context, QueueEngine, QueueState, Rejected
from shared.domain.events import Event, EventType
from shared.domain.model import (
    Agency,
    Booth,
    Catalog,
    Closure,
    Counter,
    Interval,
    Service,
    Site,
    WeeklyHours,
)
from shared.domain.tickets import CounterState, Ticket

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
MONDAY = date(2025, 1, 6)  # a Monday; the week 6..12 January 2025 has no public holiday

MON, TUE, WED, THU, FRI, SAT, SUN = range(1, 8)
WEEKDAYS = (MON, TUE, WED, THU, FRI)


def t(hhmm: str) -> time:
    """'07:30' -> time(7, 30)."""
    hours, minutes = hhmm.split(":")
    return time(int(hours), int(minutes))


def iv(span: str) -> Interval:
    """'07:30-16:00' -> Interval."""
    opens, closes = span.split("-")
    return Interval(t(opens), t(closes))


def weekly(spec: dict[Iterable[int] | int, str | tuple[str, ...]]) -> WeeklyHours:
    """weekly({(1, 2, 3, 4): '07:30-16:00', 5: ('07:30-11:00', '13:00-16:00')})."""
    days: dict[int, tuple[Interval, ...]] = {}
    for keys, spans in spec.items():
        keys = (keys,) if isinstance(keys, int) else tuple(keys)
        spans = (spans,) if isinstance(spans, str) else tuple(spans)
        for day in keys:
            days[day] = tuple(iv(s) for s in spans)
    return WeeklyHours(days)


# Mon-Thu 07:30-16:00, Friday split for Friday prayers, Saturday morning.
OFFICE_HOURS = weekly({
    (MON, TUE, WED, THU): "07:30-16:00",
    FRI: ("07:30-11:00", "13:00-16:00"),
    SAT: "08:00-12:00",
})


def at(tz: str, when: str) -> datetime:
    """at(WIT, '2025-01-06 23:59') -> aware datetime in that zone."""
    return datetime.fromisoformat(when).replace(tzinfo=ZoneInfo(tz))


class CatalogBuilder:
    """Fluent catalog maker; every method returns the builder."""

    def __init__(
        self,
        *,
        tz: str = WIB,
        rule: str | CallingRule = "ratio:3",
        open_24h: bool = False,
        require_staffed: bool = True,
        padding: int = 3,
        hours: WeeklyHours | None = None,
    ) -> None:
        self._site = Site(
            id="mpp-test",
            name="MPP Uji",
            timezone=tz,
            number_padding=padding,
            calling_rule=rule if isinstance(rule, CallingRule) else CallingRule.parse(rule),
            require_staffed=require_staffed,
            open_24h=open_24h,
        )
        self._agencies: dict[int, Agency] = {}
        self._booths: dict[int, Booth] = {}
        self._counters: dict[int, Counter] = {}
        self._services: dict[int, Service] = {}
        self._site_hours = hours if hours is not None else OFFICE_HOURS
        self._agency_hours: dict[int, WeeklyHours] = {}
        self._booth_hours: dict[int, WeeklyHours] = {}
        self._closures: list[Closure] = []
        self._profiles: dict[int, tuple[tuple[int, int], ...]] = {}

    def agency(
        self,
        code: str | None = None,
        *,
        counters: int = 1,
        services: int | Iterable[str] = 1,
        booth: bool = True,
        **service_fields,
    ) -> CatalogBuilder:
        """An agency with one booth, `counters` counters and services: a count (prefixes
        continue A, B, C ...) or an iterable of prefixes. Extra keywords go to every Service."""
        agency_id = len(self._agencies) + 1
        code = code or f"AG{agency_id}"
        self._agencies[agency_id] = Agency(agency_id, code, f"Instansi {code}", code, sort=agency_id)
        if booth:
            booth_id = len(self._booths) + 1
            self._booths[booth_id] = Booth(booth_id, f"G-{code}", agency_id, f"Gerai {code}")
            for _ in range(counters):
                counter_id = len(self._counters) + 1
                number = sum(1 for x in self._counters.values() if x.booth_id == booth_id) + 1
                self._counters[counter_id] = Counter(counter_id, f"L{counter_id}", booth_id, number)
        prefixes = (
            [string.ascii_uppercase[(len(self._services) + i) % 26] for i in range(services)]
            if isinstance(services, int)
            else list(services)
        )
        for prefix in prefixes:
            service_id = len(self._services) + 1
            self._services[service_id] = Service(
                service_id, f"S{service_id}", agency_id, prefix, f"Layanan {service_id}",
                **service_fields,
            )
        return self

    def service(self, service_id: int, **changes) -> CatalogBuilder:
        """Change fields of an existing service (quota, cutoff, active ...)."""
        self._services[service_id] = dataclasses.replace(self._services[service_id], **changes)
        return self

    def add_service(self, agency_id: int, prefix: str, **fields) -> CatalogBuilder:
        service_id = len(self._services) + 1
        self._services[service_id] = Service(
            service_id, f"S{service_id}", agency_id, prefix, f"Layanan {service_id}", **fields
        )
        return self

    def site(self, **changes) -> CatalogBuilder:
        self._site = dataclasses.replace(self._site, **changes)
        return self

    def hours(self, weekly_hours: WeeklyHours, *, agency: int | None = None,
              booth: int | None = None) -> CatalogBuilder:
        """Site hours, or an agency's / a booth's own hours."""
        if booth is not None:
            self._booth_hours[booth] = weekly_hours
        elif agency is not None:
            self._agency_hours[agency] = weekly_hours
        else:
            self._site_hours = weekly_hours
        return self

    def closure(self, day: date, reason: str = "Libur", *, agency: int | None = None,
                booth: int | None = None, interval: str | None = None) -> CatalogBuilder:
        self._closures.append(
            Closure(day, reason, agency, booth, iv(interval) if interval else None)
        )
        return self

    def profile(self, counter_id: int, *entries: tuple[int, int]) -> CatalogBuilder:
        """Work profile: (service id, position) pairs."""
        self._profiles[counter_id] = tuple(entries)
        return self

    def build(self) -> Catalog:
        return Catalog(
            site=self._site,
            agencies=dict(self._agencies),
            booths=dict(self._booths),
            counters=dict(self._counters),
            services=dict(self._services),
            site_hours=self._site_hours,
            agency_hours=dict(self._agency_hours),
            booth_hours=dict(self._booth_hours),
            closures=tuple(self._closures),
            profiles=dict(self._profiles),
        )


class Clock:
    """A clock the test moves by hand (aware datetimes only)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("Clock needs an aware start time")
        self.now = start

    def advance(self, minutes: float = 0, *, seconds: float = 0, hours: float = 0,
                days: float = 0) -> datetime:
        self.now += timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        return self.now

    def set(self, when: datetime) -> datetime:
        self.now = when
        return self.now

    def local(self, tz: str) -> datetime:
        return self.now.astimezone(ZoneInfo(tz))


class ContextFactory:
    """Contexts reading a Clock; ticket ids 1, 2, 3 ... and tokens 'tok-1', 'tok-2' ..."""

    def __init__(self, clock: Clock, first_id: int = 1) -> None:
        self.clock = clock
        self._next_id = first_id
        self._next_token = 1

    def _ticket_id(self) -> int:
        value, self._next_id = self._next_id, self._next_id + 1
        return value

    def _token(self) -> str:
        value, self._next_token = self._next_token, self._next_token + 1
        return f"tok-{value}"

    def __call__(self) -> Context:
        return Context(self.clock.now, self._ticket_id, self._token)


class Harness:
    """An engine over a catalog, a clock and a context factory, with short helpers."""

    def __init__(self, catalog: Catalog, start: datetime | str = "2025-01-06 08:00") -> None:
        tz = catalog.site.timezone
        self.catalog = catalog
        self.tz = tz
        self.clock = Clock(at(tz, start) if isinstance(start, str) else start)
        self.contexts = ContextFactory(self.clock)
        self.engine = QueueEngine(QueueState(catalog))

    @property
    def state(self) -> QueueState:
        return self.engine.state

    def do(self, command: c.Command) -> list[Event]:
        return self.engine.handle(command, self.contexts())

    def reject(self, command: c.Command) -> Rejected:
        try:
            events = self.engine.handle(command, self.contexts())
        except Rejected as rejected:
            return rejected
        raise AssertionError(f"{command} was accepted: {events}")

    def issue(self, service_id: int = 1, **fields) -> Ticket:
        events = self.do(c.IssueTicket(service_id, **fields))
        issued = [e for e in events if e.type is EventType.TICKET_ISSUED]
        assert len(issued) == 1, events
        return self.state.tickets[issued[0].ticket_id]

    def open(self, *counter_ids: int, officer: int | None = None) -> None:
        for counter_id in counter_ids:
            self.do(c.OpenCounter(counter_id, officer if officer is not None else 100 + counter_id))

    def call_next(self, counter_id: int = 1) -> Ticket:
        events = self.do(c.CallNext(counter_id))
        called = [e for e in events if e.type is EventType.TICKET_CALLED]
        assert len(called) == 1, events
        return self.state.tickets[called[0].ticket_id]

    def later(self, minutes: float = 1) -> datetime:
        return self.clock.advance(minutes)


def types(events: list[Event]) -> list[EventType]:
    return [e.type for e in events]


def comparable(state: QueueState, frozen: bool = True):
    """The engine state as plain, comparable data; `frozen` deep-copies it (to compare later).

    A counter that was never touched equals an absent one (looking a counter up creates its
    default record); the waiting index is compared by what it holds: per service and class the
    waiting ticket ids and the head of the line."""
    waiting = {}
    for service_id in state.catalog.services:
        for priority in (False, True):
            ids = sorted(t.id for t in state.waiting((service_id,))
                         if (t.priority is not None) is priority)
            head = state.index.head(service_id, priority)
            if ids:
                waiting[(service_id, priority)] = (ids, head.id if head else None,
                                                   state.index.count(service_id, priority))
    counters = {k: v for k, v in state.counters.items() if v != CounterState(k)}
    if not frozen:
        return (state.day, state.tickets, counters, state.series, state.issued,
                {k: list(v) for k, v in state.durations.items()}, waiting)
    # Tickets and counters hold immutable values, but for the counter's history list.
    return (
        state.day,
        {k: copy.copy(t) for k, t in state.tickets.items()},
        {k: dataclasses.replace(v, history=list(v.history)) for k, v in counters.items()},
        dict(state.series),
        dict(state.issued),
        {k: list(v) for k, v in state.durations.items()},
        waiting,
    )
