"""Random command sequences against the queue engine (Hypothesis RuleBasedStateMachine).

A small reference model runs beside the engine. Before every command it predicts whether the
engine must accept it (and if not, with which code); after it, the model applies the expected
change, and the invariants compare engine and model after every step:

* every number is issued once per prefix per service day, 1..n without gaps;
* a ticket is at most at one counter, a counter holds at most one ticket, and both sides agree;
* no ticket is lost or duplicated: the engine's tickets of the day are exactly the model's, with
  the same statuses, and the status counts add up to the tickets issued that day;
* transfers keep the original arrival time (queue_at) and the number; requeue at most once;
* a rejected command leaves the state unchanged (a copy taken before equals the state after; a
  command on a new day first rolls the day over, so the copy is rolled the same way first);
* the calling rule's promise at each CallNext (ratio:N, max_wait:M, priority_first, fifo).

Time moves by random minutes and jumps to chosen local times, including across the local midnight
of Asia/Jakarta (UTC+7) and Asia/Jayapura (UTC+9), and occasionally steps back a little.
"""
from __future__ import annotations

import copy
from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from shared.domain import commands as c
from shared.domain.calling import CallingRule, RuleMode
from shared.domain.engine import QueueEngine, QueueState, Rejected
from shared.domain.events import EventType as E
from shared.domain.model import Catalog, Channel, PriorityClass
from shared.domain.schedule import availability
from shared.domain.tickets import CounterState, CounterStatus, PauseReason, TicketStatus as S

from .builders import WIB, WIT, CatalogBuilder, Clock, ContextFactory, at, comparable, weekly

COUNTERS = (1, 2, 3, 4)
UNKNOWN_COUNTER = 9
UNKNOWN_SERVICE = 99
OFFICERS = (1, 2, 3)
INACTIVE_SERVICE = 6

SETTINGS = settings(
    max_examples=150,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def make_catalog(tz: str, rule: CallingRule, hours: str, quota: int) -> Catalog:
    """Agency 1 (booth 1, counters 1 and 2) and agency 2 (booth 2, counters 3 and 4).

    Services: 1 A, 2 A (same prefix, same agency), 3 B (daily quota), 6 D (inactive) at agency 1;
    4 C (no priority lane) and 5 A (same prefix, other agency) at agency 2.
    Counter 2 calls B before A (positions) and lists the inactive service; counter 4 calls A of
    agency 2 before C. Counters 1 and 3 serve all their agency's services at position 0."""
    builder = (
        CatalogBuilder(tz=tz, rule=rule, open_24h=(hours == "24h"))
        .agency("DUKCAPIL", counters=2, services=["A", "A", "B"], cutoff_minutes=15)
        .agency("BPJS", counters=2, services=["C"], cutoff_minutes=15)
        .service(3, daily_quota=quota)
        .service(4, priority_eligible=False)
        .add_service(2, "A", cutoff_minutes=15)
        .add_service(1, "D", active=False)
        .profile(2, (3, 0), (1, 1), (INACTIVE_SERVICE, 0))
        .profile(4, (5, 0), (4, 1))
    )
    if hours == "long":
        builder.hours(weekly({range(1, 8): "00:00-23:59"}))
    elif hours == "office":
        # Default office hours (Friday split, Saturday morning) plus a holiday, a partial closure
        # of agency 2 and a booth closure of agency 1 in the first week.
        builder.closure(date(2025, 1, 8), "Libur")
        builder.closure(date(2025, 1, 7), "Rapat", agency=2, interval="10:00-12:00")
        builder.closure(date(2025, 1, 9), "Renovasi", agency=1, booth=1)
    return builder.build()


@dataclass
class MTicket:
    id: int
    service: int
    prefix: str
    number: str
    day: date
    issued_at: datetime
    queue_at: datetime
    priority: bool
    channel: Channel
    original_service: int
    status: S = S.WAITING
    counter: int | None = None
    requeues: int = 0
    transfers: int = 0


@dataclass
class MCounter:
    status: CounterStatus = CounterStatus.CLOSED
    officer: int | None = None
    ticket: int | None = None
    normals: int = 0  # normal calls at this counter since its last priority call


@dataclass
class Model:
    catalog: Catalog
    day: date | None = None
    tickets: dict[int, MTicket] = field(default_factory=dict)  # every ticket ever issued
    held: set[int] = field(default_factory=set)  # ids the engine should still keep in memory
    counters: dict[int, MCounter] = field(default_factory=lambda: {k: MCounter() for k in COUNTERS})
    walk_ins: Tally = field(default_factory=Tally)  # (day, service) -> walk-in tickets
    numbers: dict[tuple[date, str], list[int]] = field(default_factory=dict)
    # What the last roll-over should have done: (counters closed, tickets expired, new day).
    pending_roll: tuple[list[int], list[int], date] | None = None

    def roll(self, now: datetime) -> None:
        today = now.astimezone(ZoneInfo(self.catalog.site.timezone)).date()
        if self.day is not None and today <= self.day:
            return
        closed = sorted(k for k, counter in self.counters.items()
                        if counter.status is not CounterStatus.CLOSED)
        for counter in self.counters.values():
            counter.status, counter.officer, counter.ticket = CounterStatus.CLOSED, None, None
        expired = set()
        for tid in self.held:
            ticket = self.tickets[tid]
            if ticket.day < today and not ticket.status.final:
                ticket.status = S.EXPIRED
                expired.add(tid)
        self.held = {tid for tid in self.held if self.tickets[tid].day >= today or tid in expired}
        self.day = today
        self.pending_roll = (closed, sorted(expired), today)

    def today(self) -> list[MTicket]:
        return [t for t in self.tickets.values() if t.day == self.day]

    def staffed(self, service_id: int) -> bool:
        return any(self.counters[k].status is not CounterStatus.CLOSED
                   for k in self.catalog.counters_for_service(service_id))

    def waiting_for(self, counter_id: int) -> list[MTicket]:
        services = self.catalog.counter_services(counter_id)
        return [self.tickets[tid] for tid in self.held
                if self.tickets[tid].status is S.WAITING and self.tickets[tid].service in services]

    def counter_check(self, counter_id: int, allowed: tuple[S, ...] | None = None) -> str | None:
        """The engine's checks for a command at an open counter (and its current ticket)."""
        if counter_id not in COUNTERS:
            return "unknown_counter"
        counter = self.counters[counter_id]
        if counter.status is CounterStatus.CLOSED:
            return "counter_closed"
        if counter.status is CounterStatus.PAUSED:
            return "counter_paused"
        if allowed is None:
            return None
        if counter.ticket is None:
            return "no_ticket"
        if self.tickets[counter.ticket].status not in allowed:
            return "wrong_state"
        return None

    def finish_current(self, counter_id: int) -> None:
        counter = self.counters[counter_id]
        if counter.ticket is not None:
            self.tickets[counter.ticket].status = S.DONE
            counter.ticket = None

    def call(self, counter_id: int, ticket_id: int) -> None:
        counter, ticket = self.counters[counter_id], self.tickets[ticket_id]
        ticket.status, ticket.counter = S.CALLED, counter_id
        counter.ticket = ticket_id
        counter.normals = 0 if ticket.priority else counter.normals + 1


def state_snapshot(state: QueueState) -> QueueState:
    """Deep copy sharing the (immutable) catalog."""
    return copy.deepcopy(state, {id(state.catalog): state.catalog})


class QueueMachine(RuleBasedStateMachine):
    modes: tuple[str, ...] = ()  # the calling rule families a subclass explores

    def __init__(self) -> None:
        super().__init__()
        self.engine: QueueEngine | None = None

    @initialize(
        data=st.data(),
        tz=st.sampled_from([WIB, WIT]),
        hours=st.sampled_from(["24h", "long", "office"]),
        quota=st.integers(1, 6),
        start_minute=st.integers(0, 24 * 60 - 1),
    )
    def setup(self, data, tz, hours, quota, start_minute):
        mode = RuleMode(data.draw(st.sampled_from(self.modes), label="mode"))
        n = {RuleMode.RATIO: st.integers(1, 3), RuleMode.MAX_WAIT: st.integers(1, 30)}.get(
            mode, st.just(0))
        self.rule = CallingRule(mode, data.draw(n, label="n"))
        self.catalog = make_catalog(tz, self.rule, hours, quota)
        self.tz = tz
        self.quota = quota
        start = at(tz, "2025-01-06 00:00") + timedelta(minutes=start_minute)
        self.clock = Clock(start)
        self.contexts = ContextFactory(self.clock)
        self.engine = QueueEngine(QueueState(self.catalog))
        self.model = Model(self.catalog)

    # -- running a command ------------------------------------------------------------------------
    def run(self, command, expected_code: str | None):
        """Run a command the model has judged; returns its events (after the day's roll-over)
        or None when it was (rightly) rejected."""
        roll, self.model.pending_roll = self.model.pending_roll, None
        before = None
        if expected_code is not None:
            # What the state must be after the rejection: unchanged, but for the day's roll-over.
            if roll is None:
                before = comparable(self.engine.state)
            else:
                rolled = state_snapshot(self.engine.state)
                QueueEngine(rolled)._roll_day(self.clock.now)
                before = comparable(rolled, frozen=False)
        try:
            events = self.engine.handle(command, self.contexts())
        except Rejected as rejected:
            assert expected_code is not None, f"{command} rejected ({rejected.code}) but expected OK"
            assert rejected.code == expected_code, (command, rejected.code, expected_code)
            assert self.check_roll(rejected.pending_events, roll) == len(rejected.pending_events)
            assert comparable(self.engine.state, frozen=False) == before, f"{command} changed state"
            return None
        assert expected_code is None, f"{command} accepted but expected {expected_code}"
        return events[self.check_roll(events, roll):]

    def check_roll(self, events, roll) -> int:
        """The roll-over events at the head of `events`, as the model expects; their count."""
        if roll is None:
            assert E.DAY_STARTED not in [e.type for e in events]
            return 0
        closed, expired, today = roll
        count = len(closed) + len(expired) + 1
        head = events[:count]
        assert all(e.at == self.clock.now for e in head)
        assert sorted(e.counter_id for e in head if e.type is E.COUNTER_CLOSED) == closed
        assert [e.ticket_id for e in head if e.type is E.TICKET_EXPIRED] == expired
        assert [e.type for e in head] == (
            [E.COUNTER_CLOSED] * len(closed) + [E.TICKET_EXPIRED] * len(expired) + [E.DAY_STARTED])
        assert head[-1].data == {"day": today}
        return count

    def now_local(self) -> datetime:
        return self.clock.local(self.tz)

    # Targets are drawn mostly among those the model says fit the command (so that most commands
    # do something), and sometimes among all, including unknown ids (so that rejections happen).
    def _counter(self, data, fits) -> int:
        counters = self.model.counters
        fitting = [k for k in COUNTERS if fits(counters[k])]
        open_ = [k for k in COUNTERS if counters[k].status is CounterStatus.OPEN]
        choices = fitting * 6 + open_ * 2 + list(COUNTERS) + [UNKNOWN_COUNTER]
        return data.draw(st.sampled_from(choices), label="counter")

    def _ticket(self, data, fits) -> int:
        held = sorted(self.model.held)
        fitting = [tid for tid in held if fits(self.model.tickets[tid])]
        choices = fitting * 4 + held + [12345]
        return data.draw(st.sampled_from(choices), label="ticket")

    @staticmethod
    def _has_ticket(counter: MCounter) -> bool:
        return counter.status is CounterStatus.OPEN and counter.ticket is not None

    # -- time ---------------------------------------------------------------------------------
    # One rule for time, so that it passes in small steps most of the time (for waits of a few
    # minutes) and only now and then jumps over a night or several days.
    @rule(data=st.data(), kind=st.sampled_from(["minutes"] * 6 + ["hours", "days", "local", "back"]))
    def time_passes(self, data, kind):
        if kind == "minutes":
            self.clock.advance(data.draw(st.integers(0, 15), label="minutes"))
        elif kind == "hours":
            self.clock.advance(data.draw(st.integers(16, 600), label="minutes"))
        elif kind == "days":
            self.clock.advance(data.draw(st.integers(600, 4000), label="minutes"))
        elif kind == "local":
            # Forward to the next local hh:mm in the site's zone, e.g. just before midnight.
            hhmm = data.draw(st.sampled_from(
                [(23, 58), (23, 59), (0, 0), (0, 1), (7, 30), (10, 45), (12, 0), (15, 50)]),
                label="local time")
            current = self.now_local()
            when = datetime.combine(current.date(), time(*hhmm), current.tzinfo)
            if when <= current:
                when += timedelta(days=1)
            self.clock.set(when)
        else:  # a clock corrected backwards (NTP): numbering must never restart
            self.clock.advance(-data.draw(st.integers(1, 20), label="minutes back"))

    # -- issuing ------------------------------------------------------------------------------
    def _service(self, data, choices: list[int]) -> int:
        """Mostly a service that some open or paused counter serves (else it is not staffed)."""
        self.model.roll(self.clock.now)
        staffed = [s for s in choices if s in self.catalog.services and self.model.staffed(s)]
        return data.draw(st.sampled_from(staffed * 4 + choices), label="service")

    @rule(
        data=st.data(),
        priority=st.one_of(st.none(), st.sampled_from(list(PriorityClass))),
        channel=st.sampled_from([Channel.WALK_IN, Channel.WALK_IN, Channel.ONLINE]),
    )
    def issue(self, data, priority, channel):
        service_id = self._service(data, [1, 2, 3, 4, 5, INACTIVE_SERVICE, UNKNOWN_SERVICE])
        self._issue(service_id, priority, channel)

    @rule(data=st.data(), priority=st.sampled_from(list(PriorityClass)))
    def issue_priority(self, data, priority):
        self._issue(self._service(data, [1, 2, 3, 5, 4]), priority, Channel.WALK_IN)

    @rule(data=st.data(), size=st.integers(2, 6))
    def crowd_at_the_kiosk(self, data, size):
        """Several visitors in a row, some with priority, a few seconds apart."""
        for _ in range(size):
            priority = data.draw(st.one_of(st.none(), st.none(), st.sampled_from(list(PriorityClass))),
                                 label="priority")
            self._issue(self._service(data, [1, 2, 3, 5]), priority, Channel.WALK_IN)
            self.clock.advance(seconds=data.draw(st.integers(0, 30), label="seconds"))

    def _issue(self, service_id, priority, channel):
        m = self.model
        m.roll(self.clock.now)
        service = self.catalog.services.get(service_id)
        expected = None
        if service is None:
            expected = "unknown_service"
        elif priority is not None and not service.priority_eligible:
            expected = "priority_not_allowed"
        else:
            walk_in = channel is Channel.WALK_IN
            avail = availability(self.catalog, service_id, self.clock.now,
                                 m.walk_ins[(m.day, service_id)] if walk_in else 0,
                                 m.staffed(service_id))
            if not avail.issuable:
                expected = avail.reason
        command = c.IssueTicket(service_id, priority, channel,
                                "BK" if channel is Channel.ONLINE else None)
        events = self.run(command, expected)
        if events is None:
            return
        assert [e.type for e in events] == [E.TICKET_ISSUED]
        ticket = self.engine.state.tickets[events[0].ticket_id]
        assert ticket.id not in m.tickets, "ticket id reused"
        key = (m.day, service.prefix)
        seq = len(m.numbers.get(key, [])) + 1
        expected_number = f"{service.prefix}{seq:03d}"
        assert (ticket.number, ticket.seq, ticket.day) == (expected_number, seq, m.day)
        m.numbers.setdefault(key, []).append(ticket.seq)
        m.tickets[ticket.id] = MTicket(
            ticket.id, service_id, service.prefix, ticket.number, m.day, self.clock.now,
            self.clock.now, priority is not None, channel, service_id)
        m.held.add(ticket.id)
        if channel is Channel.WALK_IN:
            m.walk_ins[(m.day, service_id)] += 1

    # -- counters -----------------------------------------------------------------------------
    # Opening is more frequent than closing, pausing or resuming, so that counters stay open
    # long enough for queues to form and be called.
    @rule(data=st.data(), kind=st.sampled_from(["open"] * 3 + ["close", "pause", "resume"]))
    def counter_shift(self, data, kind):
        if kind == "open":
            self.open_counter(data, data.draw(st.sampled_from(OFFICERS), label="officer"))
        elif kind == "close":
            self.close_counter(data.draw(st.sampled_from(COUNTERS), label="counter"))
        elif kind == "pause":
            self.pause(data, data.draw(st.sampled_from(list(PauseReason)), label="reason"))
        else:
            self.resume(data)

    def open_counter(self, data, officer):
        m = self.model
        m.roll(self.clock.now)
        counter_id = self._counter(data, lambda k: k.status is CounterStatus.CLOSED)
        expected, changes = None, False
        if counter_id not in COUNTERS:
            expected = "unknown_counter"
        elif m.counters[counter_id].status is not CounterStatus.CLOSED:
            if m.counters[counter_id].officer != officer:
                expected = "counter_in_use"
        else:
            changes = True
        events = self.run(c.OpenCounter(counter_id, officer), expected)
        if events is None:
            return
        assert [e.type for e in events] == ([E.COUNTER_OPENED] if changes else [])
        if changes:
            m.counters[counter_id].status = CounterStatus.OPEN
            m.counters[counter_id].officer = officer

    def close_counter(self, counter_id):
        m = self.model
        m.roll(self.clock.now)
        counter = m.counters[counter_id]
        events = self.run(c.CloseCounter(counter_id), None)
        if counter.status is CounterStatus.CLOSED:
            assert events == []
            return
        expected_types = [E.COUNTER_CLOSED]
        if counter.ticket is not None:
            expected_types.insert(0, E.TICKET_RETURNED)
            ticket = m.tickets[counter.ticket]
            ticket.status, ticket.counter = S.WAITING, None
        assert [e.type for e in events] == expected_types
        counter.status, counter.officer, counter.ticket = CounterStatus.CLOSED, None, None

    def pause(self, data, reason):
        m = self.model
        m.roll(self.clock.now)
        counter_id = self._counter(data, lambda k: k.status is CounterStatus.OPEN and k.ticket is None)
        expected = m.counter_check(counter_id)
        if expected is None and m.counters[counter_id].ticket is not None:
            expected = "counter_busy"
        if self.run(c.PauseCounter(counter_id, reason), expected) is not None:
            m.counters[counter_id].status = CounterStatus.PAUSED

    def resume(self, data):
        m = self.model
        m.roll(self.clock.now)
        counter_id = self._counter(data, lambda k: k.status is CounterStatus.PAUSED)
        if counter_id not in COUNTERS:
            expected = "unknown_counter"
        elif m.counters[counter_id].status is not CounterStatus.PAUSED:
            expected = "not_paused"
        else:
            expected = None
        if self.run(c.ResumeCounter(counter_id), expected) is not None:
            m.counters[counter_id].status = CounterStatus.OPEN

    # -- calling ------------------------------------------------------------------------------
    @rule(data=st.data())
    def call_next(self, data):
        self.model.roll(self.clock.now)
        self._call_next(self._counter(data, lambda k: k.status is CounterStatus.OPEN))

    def _call_next(self, counter_id: int) -> int | None:
        """CallNext at the counter; the id of the ticket called, if any."""
        m = self.model
        m.roll(self.clock.now)
        expected = m.counter_check(counter_id)
        candidates = m.waiting_for(counter_id) if expected is None else []
        if expected is None and not candidates:
            expected = "queue_empty"
        current = m.counters[counter_id].ticket if expected is None else None
        events = self.run(c.CallNext(counter_id), expected)
        if events is None:
            return None
        kinds = [e.type for e in events]
        assert kinds == ([E.TICKET_FINISHED] if current is not None else []) + [E.TICKET_CALLED]
        chosen = m.tickets[events[-1].ticket_id]
        self.check_calling_rule(counter_id, chosen, candidates)
        m.finish_current(counter_id)
        m.call(counter_id, chosen.id)
        return chosen.id

    @rule(data=st.data(), requeue=st.booleans(), minutes=st.integers(0, 5))
    def no_show(self, data, requeue, minutes):
        """Call, nobody comes, skip; and the visitor perhaps turns up and is re-queued (a ticket
        called again this way is skipped again and must then be refused a second re-queue)."""
        self.model.roll(self.clock.now)
        counter_id = self._counter(data, lambda k: k.status is CounterStatus.OPEN)
        ticket_id = self._call_next(counter_id)
        if ticket_id is None:
            return
        self.clock.advance(minutes)
        self._skip(counter_id)
        if requeue:
            self._requeue(ticket_id)

    def check_calling_rule(self, counter_id: int, chosen: MTicket, candidates: list[MTicket]):
        assert chosen in candidates
        position = self.catalog.service_position

        def order(t: MTicket):
            return (position(counter_id, t.service), t.queue_at, t.id)

        priority = [t for t in candidates if t.priority]
        normal = [t for t in candidates if not t.priority]
        rule_ = self.rule
        if rule_.mode is RuleMode.FIFO:
            # Arrival order among the services of the lowest position that has someone waiting.
            assert chosen == min(candidates, key=order)
            return
        if rule_.mode is RuleMode.PRIORITY_FIRST:
            # A normal ticket only when no priority ticket for this counter's services waits.
            assert chosen.priority or not priority
            assert not chosen.priority or priority
        elif rule_.mode is RuleMode.RATIO:
            normals = self.model.counters[counter_id].normals
            if chosen.priority:
                # Only after >= N normal calls here since the last priority call, or no normal waits.
                assert normals >= rule_.n or not normal, (normals, rule_.n)
            else:
                # One priority ticket after every N normal tickets.
                assert normals < rule_.n or not priority, (normals, rule_.n)
        else:
            limit = timedelta(minutes=rule_.n)
            overdue = [t for t in normal if self.clock.now - t.queue_at >= limit]
            if overdue:
                # Whenever a normal ticket has waited >= M minutes, the called ticket is normal;
                # ahead of priority tickets, the one that waited longest (else profile order).
                assert not chosen.priority
                if priority:
                    assert chosen == min(overdue, key=lambda t: (t.queue_at, t.id))
                    return
            assert chosen.priority or not priority
        same_class = [t for t in candidates if t.priority == chosen.priority]
        assert chosen == min(same_class, key=order)

    @rule(data=st.data())
    def call_ticket(self, data):
        m = self.model
        m.roll(self.clock.now)
        counter_id = self._counter(data, lambda k: k.status is CounterStatus.OPEN)
        served = self.catalog.counter_services(counter_id) if counter_id in COUNTERS else ()
        ticket_id = self._ticket(data, lambda t: t.status is S.WAITING and t.service in served)
        expected = m.counter_check(counter_id)
        if expected is None:
            if ticket_id not in m.held:
                expected = "unknown_ticket"
            elif m.tickets[ticket_id].status is not S.WAITING:
                expected = "not_waiting"
            elif m.tickets[ticket_id].service not in self.catalog.counter_services(counter_id):
                expected = "not_served_here"
        current = m.counters[counter_id].ticket if expected is None else None
        events = self.run(c.CallTicket(counter_id, ticket_id), expected)
        if events is None:
            return
        kinds = [e.type for e in events]
        assert kinds == ([E.TICKET_FINISHED] if current is not None else []) + [E.TICKET_CALLED]
        m.finish_current(counter_id)
        m.call(counter_id, ticket_id)

    # Actions on the ticket at a counter, weighted so that every one happens often enough.
    @rule(data=st.data(),
          kind=st.sampled_from(["recall", "skip", "skip", "start", "start", "finish", "finish",
                                "transfer"]))
    def at_counter(self, data, kind):
        if kind == "finish":
            done = data.draw(st.lists(st.sampled_from([1, 2, 3, 4, 5, UNKNOWN_SERVICE]), max_size=2),
                             label="services done")
            self.finish(data, done)
        elif kind == "transfer":
            target = data.draw(st.sampled_from(
                [1, 2, 3, 4, 5, 1, 2, 4, 5, INACTIVE_SERVICE, UNKNOWN_SERVICE]), label="to service")
            self.transfer(data, target)
        else:
            getattr(self, kind)(data)

    def recall(self, data):
        m = self.model
        m.roll(self.clock.now)
        counter_id = self._counter(data, self._has_ticket)
        expected = m.counter_check(counter_id, (S.CALLED,))
        events = self.run(c.Recall(counter_id), expected)
        if events is not None:
            assert [e.type for e in events] == [E.TICKET_RECALLED]
            assert events[0].ticket_id == m.counters[counter_id].ticket

    def skip(self, data):
        self.model.roll(self.clock.now)
        self._skip(self._counter(data, self._has_ticket))

    def _skip(self, counter_id: int) -> None:
        m = self.model
        m.roll(self.clock.now)
        expected = m.counter_check(counter_id, (S.CALLED,))
        if self.run(c.Skip(counter_id), expected) is None:
            return
        counter = m.counters[counter_id]
        m.tickets[counter.ticket].status = S.NO_SHOW
        counter.ticket = None

    def start(self, data):
        m = self.model
        m.roll(self.clock.now)
        counter_id = self._counter(data, self._has_ticket)
        expected = m.counter_check(counter_id, (S.CALLED,))
        if self.run(c.StartService(counter_id), expected) is not None:
            m.tickets[m.counters[counter_id].ticket].status = S.SERVING

    def finish(self, data, done):
        m = self.model
        m.roll(self.clock.now)
        counter_id = self._counter(data, self._has_ticket)
        expected = m.counter_check(counter_id, (S.CALLED, S.SERVING))
        if expected is None and UNKNOWN_SERVICE in done:
            expected = "unknown_service"
        events = self.run(c.Finish(counter_id, tuple(done)), expected)
        if events is None:
            return
        assert [e.type for e in events] == [E.TICKET_FINISHED]
        ticket = self.engine.state.tickets[events[0].ticket_id]
        assert ticket.services_done == (tuple(done) or (ticket.service_id,))
        m.finish_current(counter_id)

    def transfer(self, data, to_service):
        target = to_service
        m = self.model
        m.roll(self.clock.now)
        counter_id = self._counter(data, self._has_ticket)
        expected = m.counter_check(counter_id, (S.CALLED, S.SERVING))
        if expected is None:
            ticket = m.tickets[m.counters[counter_id].ticket]
            if target not in self.catalog.services:
                expected = "unknown_service"
            elif not self.catalog.services[target].active:
                expected = "inactive"
            elif target == ticket.service:
                expected = "same_service"
        if self.run(c.Transfer(counter_id, target), expected) is None:
            return
        counter = m.counters[counter_id]
        ticket = m.tickets[counter.ticket]
        ticket.service, ticket.status, ticket.counter = target, S.WAITING, None
        ticket.transfers += 1
        counter.ticket = None

    # -- visitor side -------------------------------------------------------------------------
    @rule(data=st.data(), kind=st.sampled_from(["requeue", "requeue", "cancel"]))
    def visitor(self, data, kind):
        getattr(self, kind)(data)

    def requeue(self, data):
        self.model.roll(self.clock.now)
        self._requeue(self._ticket(data, lambda t: t.status is S.NO_SHOW))

    def _requeue(self, ticket_id: int) -> None:
        m = self.model
        m.roll(self.clock.now)
        if ticket_id not in m.held:
            expected = "unknown_ticket"
        elif m.tickets[ticket_id].status is not S.NO_SHOW:
            expected = "not_skipped"
        elif m.tickets[ticket_id].requeues >= 1:
            expected = "requeued_once"
        else:
            expected = None
        if self.run(c.Requeue(ticket_id), expected) is None:
            return
        ticket = m.tickets[ticket_id]
        ticket.status, ticket.counter, ticket.queue_at = S.WAITING, None, self.clock.now
        ticket.requeues += 1

    def cancel(self, data):
        m = self.model
        m.roll(self.clock.now)
        ticket_id = self._ticket(data, lambda t: t.status in (S.WAITING, S.NO_SHOW))
        if ticket_id not in m.held:
            expected = "unknown_ticket"
        elif m.tickets[ticket_id].status not in (S.WAITING, S.NO_SHOW):
            expected = "not_cancellable"
        else:
            expected = None
        if self.run(c.Cancel(ticket_id), expected) is not None:
            m.tickets[ticket_id].status = S.CANCELLED

    # -- invariants ---------------------------------------------------------------------------
    @invariant()
    def numbers_once_per_prefix_per_day_without_gaps(self):
        if self.engine is None:
            return
        for (day, prefix), seqs in self.model.numbers.items():
            assert seqs == list(range(1, len(seqs) + 1)), (day, prefix, seqs)
        seen = set()
        for ticket in self.model.tickets.values():
            key = (ticket.day, ticket.number)
            assert key not in seen, f"{ticket.number} issued twice on {ticket.day}"
            seen.add(key)
        state = self.engine.state
        if state.day is not None:
            for prefix, last in state.series.items():
                assert len(self.model.numbers.get((state.day, prefix), [])) == last

    @invariant()
    def counters_and_tickets_agree(self):
        if self.engine is None:
            return
        state = self.engine.state
        holders: dict[int, int] = {}
        for counter_id, counter in state.counters.items():
            if counter.ticket_id is None:
                continue
            assert counter.status is CounterStatus.OPEN
            ticket = state.tickets[counter.ticket_id]
            assert ticket.status.at_counter and ticket.counter_id == counter_id
            assert counter.ticket_id not in holders, "a ticket at two counters"
            holders[counter.ticket_id] = counter_id
        for ticket in state.tickets.values():
            if ticket.status.at_counter:
                assert holders.get(ticket.id) == ticket.counter_id
        for counter_id in COUNTERS:
            engine_counter = state.counters.get(counter_id, CounterState(counter_id))
            mine = self.model.counters[counter_id]
            assert (engine_counter.status, engine_counter.officer_id, engine_counter.ticket_id) == (
                mine.status, mine.officer, mine.ticket)
            assert engine_counter.normals_since_priority == mine.normals
            assert (engine_counter.pause_reason is not None) == (mine.status is CounterStatus.PAUSED)

    @invariant()
    def no_ticket_lost_or_duplicated(self):
        if self.engine is None:
            return
        state, m = self.engine.state, self.model
        assert state.day == m.day
        engine_today = {tid for tid, t in state.tickets.items() if t.day == state.day}
        assert engine_today == {t.id for t in m.today()}
        assert set(state.tickets) == m.held
        for tid, ticket in state.tickets.items():
            mine = m.tickets[tid]
            assert ticket.status is mine.status, (ticket.number, ticket.status, mine.status)
            assert ticket.service_id == mine.service
            if ticket.day != state.day:
                assert ticket.status is S.EXPIRED
        statuses = Tally(t.status for t in state.tickets.values() if t.day == state.day)
        assert sum(statuses.values()) == len(m.today()) == sum(state.series.values())
        assert statuses == Tally(t.status for t in m.today())
        # The waiting index tells the truth: who waits for each service, how many, and the head
        # of each line (normal, priority) is the earliest arrival (ties: lower id).
        for service_id in self.catalog.services:
            waiting = [t for t in state.tickets.values()
                       if t.status is S.WAITING and t.service_id == service_id]
            assert sorted(t.id for t in state.waiting((service_id,))) == sorted(t.id for t in waiting)
            for priority in (False, True):
                line = [t for t in waiting if (t.priority is not None) is priority]
                head = state.index.head(service_id, priority)
                expected = min(line, key=lambda t: (t.queue_at, t.id)) if line else None
                assert head is expected
                assert state.index.count(service_id, priority) == len(line)
            assert state.index.count(service_id) == len(waiting)
        # The daily quota counts walk-in tickets of the service and is never exceeded.
        if state.day is not None:
            for service_id, count in state.issued.items():
                assert count == m.walk_ins[(state.day, service_id)]
            assert m.walk_ins[(state.day, 3)] <= self.quota

    @invariant()
    def transfers_and_requeues_keep_their_promises(self):
        if self.engine is None:
            return
        for tid, ticket in self.engine.state.tickets.items():
            mine = self.model.tickets[tid]
            assert ticket.number == mine.number and ticket.prefix == mine.prefix
            assert ticket.issued_at == mine.issued_at
            assert ticket.queue_at == mine.queue_at  # kept by transfers, reset by a requeue only
            assert ticket.original_service_id == mine.original_service
            assert ticket.transfers == mine.transfers
            assert ticket.requeues == mine.requeues <= 1


def _machine(name: str, modes: tuple[str, ...]):
    machine = type(name, (QueueMachine,), {"modes": modes})
    test_case = machine.TestCase
    test_case.settings = SETTINGS
    return test_case


TestRatioRule = _machine("RatioMachine", ("ratio",))
TestMaxWaitRule = _machine("MaxWaitMachine", ("max_wait",))
TestPriorityFirstRule = _machine("PriorityFirstMachine", ("priority_first",))
TestFifoRule = _machine("FifoMachine", ("fifo",))
