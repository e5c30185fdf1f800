"""Simulated days of an MPP, driven through the real store and engine.

A small discrete-event simulation: visitors arrive (morning peak), take tickets, officers open
their counters (some agencies late or not at all: the empty-booth problem), call, serve with
log-normal service times, skip no-shows, pause for lunch, and close. Every command goes through
QueueStore, so the history is exactly what the real system would have recorded.
"""
from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..domain import commands as c
from ..domain.model import PriorityClass
from ..domain.schedule import booth_day, service_day_intervals
from ..domain.tickets import PauseReason
from ..store.queue_store import QueueStore
from .skm_sim import simulate_skm_day


@dataclass
class DayStats:
    day: date
    arrivals: int = 0
    issued: int = 0
    refused: int = 0
    served: int = 0
    no_show: int = 0


# Visitors refused for these reasons wait a little and try the kiosk again.
_WAIT_AND_RETRY = {"not_staffed", "not_yet_open", "break"}

# Relative visitor numbers by ISO weekday (Monday peak, short Saturday, closed Sunday).
DAY_WEIGHT = {1: 1.15, 2: 1.0, 3: 1.0, 4: 0.95, 5: 0.8, 6: 0.35, 7: 0.0}

# Relative arrival intensity by local hour (morning peak, as in MPP visitor counts).
HOURLY_WEIGHT = {7: 0.6, 8: 1.6, 9: 1.8, 10: 1.5, 11: 1.1, 12: 0.5, 13: 0.9, 14: 0.7, 15: 0.3}


def _arrival_times(rng: random.Random, day: date, tz: ZoneInfo, count: int) -> list[datetime]:
    hours = list(HOURLY_WEIGHT)
    weights = list(HOURLY_WEIGHT.values())
    out = []
    for _ in range(count):
        hour = rng.choices(hours, weights)[0]
        out.append(datetime.combine(day, time(hour), tz) + timedelta(seconds=rng.uniform(0, 3600)))
    return sorted(out)


def simulate_day(store: QueueStore, day: date, visitors: int, seed: int,
                 absent_agency_rate: float = 0.08) -> DayStats:
    """Simulate one local day; commands run inside store.bulk() by the caller."""
    rng = random.Random(seed)
    catalog = store.state.catalog
    tz = ZoneInfo(catalog.site.timezone)
    stats = DayStats(day)
    # Visitors come for services that open that day (they read the schedule); a few dominate.
    services = [s for s in catalog.services.values()
                if s.active and service_day_intervals(catalog, s.id, day)[0]]
    if not services:
        return stats
    popularity = [1.0 / (1 + (s.sort % 12)) for s in services]
    visitors = round(visitors * DAY_WEIGHT[day.isoweekday()])
    queue: list[tuple[datetime, int, str, tuple]] = []
    order = 0

    def push(at: datetime, kind: str, *args: object) -> None:
        nonlocal order
        order += 1
        heapq.heappush(queue, (at, order, kind, args))

    # Counters open at each interval start (with some lateness), close at its end.
    absent = {a for a in catalog.agencies if rng.random() < absent_agency_rate}
    for counter in catalog.counters.values():
        booth = catalog.booths[counter.booth_id]
        if booth.agency_id in absent:
            continue
        intervals, _ = booth_day(catalog, booth.id, day)
        for iv in intervals:
            opens = datetime.combine(day, iv.opens, tz) + timedelta(minutes=rng.expovariate(1 / 8))
            closes = datetime.combine(day, iv.closes, tz) - timedelta(minutes=rng.uniform(0, 10))
            if closes <= opens:
                continue
            push(opens, "open", counter.id)
            push(closes, "close", counter.id)
            if iv.opens < time(12) < iv.closes and rng.random() < 0.5:
                lunch = datetime.combine(day, time(12), tz) + timedelta(minutes=rng.uniform(0, 20))
                push(lunch, "pause", counter.id, lunch + timedelta(minutes=rng.uniform(20, 50)))
    for at in _arrival_times(rng, day, tz, visitors):
        push(at, "arrive")

    busy: set[int] = set()
    open_counters: set[int] = set()

    def run(at: datetime, command: c.Command):
        return store.execute_many([command], [at])[0]

    while queue:
        at, _, kind, args = heapq.heappop(queue)
        if kind == "arrive":
            if args:
                service, priority, tries = args
            else:
                stats.arrivals += 1
                service, priority, tries = rng.choices(services, popularity)[0], None, 0
                if service.priority_eligible and rng.random() < 0.08:
                    priority = rng.choice(list(PriorityClass))
            outcome = run(at, c.IssueTicket(service.id, priority))
            if outcome.ok:
                stats.issued += 1
                for counter_id in sorted(open_counters - busy):
                    push(at, "call", counter_id)
            elif outcome.rejected.code in _WAIT_AND_RETRY and tries < 3:
                push(at + timedelta(minutes=10), "arrive", service, priority, tries + 1)
            else:
                stats.refused += 1
        elif kind == "open":
            (counter_id,) = args
            officer = _officer_for(store, counter_id)
            if run(at, c.OpenCounter(counter_id, officer)).ok:
                open_counters.add(counter_id)
                push(at, "call", counter_id)
        elif kind == "close":
            (counter_id,) = args
            run(at, c.CloseCounter(counter_id))
            open_counters.discard(counter_id)
            busy.discard(counter_id)
        elif kind == "pause":
            counter_id, until = args
            if counter_id in busy or counter_id not in open_counters:
                continue
            if run(at, c.PauseCounter(counter_id, PauseReason.ISTIRAHAT)).ok:
                open_counters.discard(counter_id)
                push(until, "resume", counter_id)
        elif kind == "resume":
            (counter_id,) = args
            if run(at, c.ResumeCounter(counter_id)).ok:
                open_counters.add(counter_id)
                push(at, "call", counter_id)
        elif kind == "call":
            (counter_id,) = args
            if counter_id in busy or counter_id not in open_counters:
                continue
            outcome = run(at, c.CallNext(counter_id))
            if not outcome.ok:
                continue  # nothing waiting: the next arrival wakes the counter
            busy.add(counter_id)
            if rng.random() < 0.05:
                push(at + timedelta(minutes=rng.uniform(1, 3)), "skip", counter_id)
            else:
                push(at + timedelta(seconds=rng.uniform(30, 120)), "start", counter_id)
        elif kind == "skip":
            (counter_id,) = args
            if run(at, c.Skip(counter_id)).ok:
                stats.no_show += 1
            busy.discard(counter_id)
            push(at, "call", counter_id)
        elif kind == "start":
            (counter_id,) = args
            outcome = run(at, c.StartService(counter_id))
            if not outcome.ok:
                busy.discard(counter_id)
                continue
            mean = catalog.services[outcome.ticket.service_id].avg_service_minutes
            minutes = rng.lognormvariate(math.log(mean) - 0.18, 0.6)
            push(at + timedelta(minutes=minutes), "finish", counter_id)
        elif kind == "finish":
            (counter_id,) = args
            if run(at, c.Finish(counter_id)).ok:
                stats.served += 1
            busy.discard(counter_id)
            push(at + timedelta(seconds=rng.uniform(10, 60)), "call", counter_id)
    return stats


def _officer_for(store: QueueStore, counter_id: int) -> int:
    row = store.conn.execute(
        "SELECT id FROM officers WHERE username = ?",
        (f"petugas-{store.state.catalog.counters[counter_id].code}",)).fetchone()
    return row[0] if row else 0


def ensure_demo_officers(store: QueueStore) -> None:
    """One officer per counter (username petugas-<counter code>), agency of its booth."""
    catalog = store.state.catalog
    with store.lock:
        store.conn.execute("BEGIN IMMEDIATE")
        for counter in catalog.counters.values():
            agency_id = catalog.booths[counter.booth_id].agency_id
            store.conn.execute(
                "INSERT OR IGNORE INTO officers (username, name, agency_id, role) VALUES (?,?,?,?)",
                (f"petugas-{counter.code}", f"Petugas Loket {counter.number}", agency_id, "officer"))
        store.conn.execute("COMMIT")


def simulate_history(store: QueueStore, today: date, days: int, visitors_per_day: int,
                     seed: int = 2026, progress=None) -> list[DayStats]:
    """Simulate the `days` days before `today`, one transaction per day."""
    ensure_demo_officers(store)
    results = []
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        # Weekends and holidays simply see few or no tickets issued (services are closed).
        with store.bulk():
            stats = simulate_day(store, day, visitors_per_day, seed * 100_003 + offset)
            simulate_skm_day(store, day, seed)
        results.append(stats)
        if progress:
            progress(stats)
    return results
