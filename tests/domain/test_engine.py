"""The queue engine (engine.py): commands in, events out; example-based tests per command.

The random-sequence tests live in test_engine_stateful.py."""
from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from shared.domain import commands as c
from shared.domain.engine import HISTORY, RECENT_DURATIONS, Context, QueueEngine, QueueState, Rejected
from shared.domain.eta import Estimate
from shared.domain.events import EventType as E
from shared.domain.model import Channel, PriorityClass
from shared.domain.schedule import Reason
from shared.domain.tickets import CounterStatus, PauseReason, TicketStatus as S
from shared.domain.waiting import WaitingIndex

from .builders import (
    WIB,
    WIT,
    CatalogBuilder,
    Clock,
    ContextFactory,
    Harness,
    at,
    comparable,
    types,
)

LANSIA = PriorityClass.LANSIA


def build(rule: str = "ratio:3", tz: str = WIB, **site):
    """Agency 1 (booth 1, counters 1 and 2): services 1 (A), 2 (A, same prefix), 3 (B).
    Agency 2 (booth 2, counter 3): service 4 (C), no priority lane."""
    return (
        CatalogBuilder(rule=rule, tz=tz)
        .site(**site)
        .agency("DUKCAPIL", counters=2, services=["A", "A", "B"])
        .agency("BPJS", counters=1, services=["C"], priority_eligible=False)
    )


@pytest.fixture
def h() -> Harness:
    harness = Harness(build().build(), "2025-01-06 08:00")
    harness.open(1, 2, 3)
    return harness


def snapshot(state: QueueState):
    return comparable(state)


def assert_rejected_unchanged(h: Harness, command, code: str) -> Rejected:
    before = snapshot(h.state)
    rejected = h.reject(command)
    assert rejected.code == code
    assert rejected.pending_events == []
    assert snapshot(h.state) == before
    return rejected


# -- Rejected and Context -------------------------------------------------------------------------
def test_rejected_carries_code_and_message():
    rejected = Rejected("queue_empty", "Tidak ada antrean")
    assert (rejected.code, rejected.message, str(rejected)) == (
        "queue_empty", "Tidak ada antrean", "Tidak ada antrean")
    assert rejected.pending_events == []


def test_context_factory_counts_ids_and_tokens():
    clock = Clock(at(WIB, "2025-01-06 08:00"))
    contexts = ContextFactory(clock, first_id=40)
    first, second = contexts(), contexts()
    assert (first.new_ticket_id(), first.new_token()) == (40, "tok-1")
    assert (second.new_ticket_id(), second.new_token()) == (41, "tok-2")
    clock.advance(5)
    assert contexts().now == at(WIB, "2025-01-06 08:05")
    with pytest.raises(ValueError):
        Clock(at(WIB, "2025-01-06 08:00").replace(tzinfo=None))


# -- issuing -------------------------------------------------------------------------------------
def test_first_command_starts_the_day(h: Harness):
    fresh = Harness(build().build(), "2025-01-06 08:00")
    events = fresh.do(c.OpenCounter(1, 7))
    assert types(events) == [E.DAY_STARTED, E.COUNTER_OPENED]
    assert events[0].data == {"day": date(2025, 1, 6)}
    assert events[0].at == at(WIB, "2025-01-06 08:00")
    assert fresh.state.day == date(2025, 1, 6)
    assert types(fresh.do(c.OpenCounter(2, 8))) == [E.COUNTER_OPENED]  # once per day


def test_issue_ticket(h: Harness):
    h.later(3)
    events = h.do(c.IssueTicket(1))
    assert types(events) == [E.TICKET_ISSUED]
    ticket = h.state.tickets[events[0].ticket_id]
    assert events[0].data == {"number": "A001", "service_id": 1}
    assert events[0].at == at(WIB, "2025-01-06 08:03")
    assert ticket.id == 1 and ticket.token == "tok-1"
    assert (ticket.number, ticket.prefix, ticket.seq, ticket.day) == ("A001", "A", 1, date(2025, 1, 6))
    assert ticket.issued_at == ticket.queue_at == at(WIB, "2025-01-06 08:03")
    assert ticket.status is S.WAITING and ticket.priority is None
    assert ticket.channel is Channel.WALK_IN and ticket.booking_code is None
    assert ticket.original_service_id == 1 and ticket.counter_id is None
    assert h.state.waiting((1,)) == [ticket]


def test_numbering_per_prefix_shared_by_services(h: Harness):
    numbers = [h.issue(s).number for s in (1, 2, 3, 1, 4, 3, 2)]
    assert numbers == ["A001", "A002", "B001", "A003", "C001", "B002", "A004"]
    assert h.state.series == {"A": 4, "B": 2, "C": 1}
    assert h.state.issued == {1: 2, 2: 2, 3: 2, 4: 1}


def test_priority_tickets_share_the_series(h: Harness):
    a = h.issue(1, priority=LANSIA)
    b = h.issue(1)
    assert (a.number, a.priority, b.number) == ("A001", LANSIA, "A002")


@pytest.mark.parametrize(("padding", "expected"), [(3, "A001"), (4, "A0001"), (1, "A1")])
def test_number_padding(padding, expected):
    harness = Harness(build(number_padding=padding).build())
    harness.open(1)
    assert harness.issue(1).number == expected


def test_numbers_grow_past_the_padding():
    harness = Harness(build(number_padding=1, open_24h=True).build())
    numbers = [harness.issue(1).number for _ in range(11)]
    assert numbers[8:] == ["A9", "A10", "A11"]


def test_unknown_service(h: Harness):
    rejected = assert_rejected_unchanged(h, c.IssueTicket(99), "unknown_service")
    assert rejected.message == "Layanan 99 tidak dikenal"


def test_priority_not_allowed(h: Harness):
    rejected = assert_rejected_unchanged(h, c.IssueTicket(4, priority=LANSIA), "priority_not_allowed")
    assert "tanpa jalur prioritas" in rejected.message
    assert h.issue(4).priority is None


def test_issue_rejected_when_not_staffed():
    harness = Harness(build().build())
    rejected = harness.reject(c.IssueTicket(1))
    assert (rejected.code, rejected.message) == (Reason.NOT_STAFFED, "Belum ada petugas di loket")
    assert types(rejected.pending_events) == [E.DAY_STARTED]  # the day began all the same
    assert harness.state.day == date(2025, 1, 6) and harness.state.tickets == {}
    harness.open(3)  # another agency's counter does not staff service 1
    assert harness.reject(c.IssueTicket(1)).code == Reason.NOT_STAFFED
    harness.open(2)
    harness.do(c.PauseCounter(2, PauseReason.SHOLAT))  # a paused counter still staffs it
    assert harness.issue(1).number == "A001"


def test_issue_rejected_outside_hours(h: Harness):
    h.clock.set(at(WIB, "2025-01-06 15:45"))
    rejected = assert_rejected_unchanged(h, c.IssueTicket(1), Reason.CUTOFF)
    assert rejected.message == "Pengambilan antrean sudah ditutup"


def test_rejected_issue_uses_no_id(h: Harness):
    h.reject(c.IssueTicket(99))
    assert h.issue(1).id == 1 and h.issue(1).token == "tok-2"


def test_quota_counts_walk_ins_only(h: Harness):
    catalog = build().service(1, daily_quota=2).build()
    harness = Harness(catalog)
    harness.open(1)
    harness.issue(1)
    online = harness.issue(1, channel=Channel.ONLINE, booking_code="BK-7")
    assert (online.channel, online.booking_code) == (Channel.ONLINE, "BK-7")
    harness.issue(1)
    rejected = harness.reject(c.IssueTicket(1))
    assert (rejected.code, rejected.message) == (Reason.QUOTA_FULL, "Kuota hari ini sudah habis")
    # Bookings have their own quota: a checked-in booking still gets its ticket.
    assert harness.issue(1, channel=Channel.ONLINE).number == "A004"
    assert harness.state.issued == {1: 2}
    assert harness.engine.availability(1, harness.clock.now).reason == Reason.QUOTA_FULL


def test_quota_resets_on_the_next_day():
    catalog = build(open_24h=True).service(1, daily_quota=1).build()
    harness = Harness(catalog, "2025-01-06 23:00")
    harness.issue(1)
    assert harness.reject(c.IssueTicket(1)).code == Reason.QUOTA_FULL
    harness.clock.set(at(WIB, "2025-01-07 00:00"))
    assert harness.engine.availability(1, harness.clock.now).issuable  # before any command
    assert harness.issue(1).number == "A001"


def test_availability_query(h: Harness):
    assert h.engine.availability(1, h.clock.now).issuable
    with pytest.raises(Rejected) as info:
        h.engine.availability(99, h.clock.now)
    assert info.value.code == "unknown_service"


# -- the day: local midnight ---------------------------------------------------------------------
def test_numbering_restarts_at_local_midnight_in_wit():
    harness = Harness(build(tz=WIT, open_24h=True).build(), "2025-01-06 23:58")
    assert harness.issue(1).number == "A001"
    harness.clock.set(at(WIT, "2025-01-06 23:59"))
    late = harness.issue(1)
    harness.clock.set(at(WIT, "2025-01-07 00:01"))
    events = harness.do(c.IssueTicket(1))
    assert types(events) == [E.TICKET_EXPIRED, E.TICKET_EXPIRED, E.DAY_STARTED, E.TICKET_ISSUED]
    early = harness.state.tickets[events[-1].ticket_id]
    assert (late.number, late.day) == ("A002", date(2025, 1, 6))
    assert (early.number, early.day) == ("A001", date(2025, 1, 7))


def test_same_instants_do_not_restart_numbering_in_wib():
    # 23:58-00:01 WIT is 21:58-22:01 WIB: one service day for a Jakarta site.
    harness = Harness(build(tz=WIB, open_24h=True).build(), at(WIT, "2025-01-06 23:58"))
    numbers = [harness.issue(1).number]
    harness.clock.set(at(WIT, "2025-01-07 00:01"))
    numbers.append(harness.issue(1).number)
    assert numbers == ["A001", "A002"]
    assert harness.state.day == date(2025, 1, 6)


def test_day_rollover_closes_counters_and_expires_open_tickets():
    harness = Harness(build(open_24h=True).build(), "2025-01-06 22:00")
    harness.open(1, 2)
    harness.do(c.PauseCounter(2))
    done = harness.issue(1)
    called = harness.issue(1)
    skipped = harness.issue(1)
    waiting = harness.issue(3)
    cancelled = harness.issue(3)
    assert harness.call_next(1) is done
    assert harness.call_next(1) is called  # finishes `done`
    harness.do(c.Skip(1))
    assert harness.call_next(1) is skipped
    harness.do(c.Skip(1))
    assert harness.call_next(1) is waiting
    harness.do(c.CloseCounter(1))  # returns it
    harness.open(1)
    assert harness.call_next(1) is waiting
    harness.do(c.Cancel(cancelled.id))
    harness.clock.set(at(WIB, "2025-01-07 00:00"))
    events = harness.do(c.IssueTicket(1))
    closes = [e for e in events if e.type is E.COUNTER_CLOSED]
    assert [(e.counter_id, e.data) for e in closes] == [(1, {"reason": "day_end"}),
                                                        (2, {"reason": "day_end"})]
    expired = [e.ticket_id for e in events if e.type is E.TICKET_EXPIRED]
    assert expired == [called.id, skipped.id, waiting.id]
    assert types(events)[-2:] == [E.DAY_STARTED, E.TICKET_ISSUED]
    for ticket in (called, skipped, waiting):
        assert ticket.status is S.EXPIRED and ticket.finished_at == at(WIB, "2025-01-07 00:00")
    for counter_id in (1, 2):
        state = harness.state.counters[counter_id]
        assert (state.status, state.officer_id, state.ticket_id, state.pause_reason) == (
            CounterStatus.CLOSED, None, None, None)
    # Finished tickets of yesterday are gone from memory; the just-expired ones stay one more day.
    assert done.id not in harness.state.tickets and cancelled.id not in harness.state.tickets
    assert {called.id, skipped.id, waiting.id} <= set(harness.state.tickets)
    assert harness.state.waiting((1, 2, 3)) == [harness.state.tickets[events[-1].ticket_id]]
    assert harness.state.series == {"A": 1} and harness.state.issued == {1: 1}
    # Yesterday's tickets can no longer be acted on.
    assert harness.reject(c.Requeue(skipped.id)).code == "not_skipped"
    assert harness.reject(c.Cancel(waiting.id)).code == "not_cancellable"
    harness.open(1)
    assert harness.reject(c.CallTicket(1, waiting.id)).code == "not_waiting"
    today = events[-1].ticket_id
    harness.clock.set(at(WIB, "2025-01-08 09:00"))
    events = harness.do(c.OpenCounter(2, 5))
    assert types(events) == [E.COUNTER_CLOSED, E.TICKET_EXPIRED, E.DAY_STARTED, E.COUNTER_OPENED]
    assert events[1].ticket_id == today
    # The tickets expired on the 7th are forgotten now; the one expired just now stays a day.
    assert set(harness.state.tickets) == {today}


def test_rejected_command_on_a_new_day_still_rolls_the_day():
    harness = Harness(build(open_24h=True).build(), "2025-01-06 23:00")
    harness.open(1)
    ticket = harness.issue(1)
    harness.clock.set(at(WIB, "2025-01-07 00:05"))
    rejected = harness.reject(c.CallNext(1))
    assert rejected.code == "counter_closed"  # closed at midnight
    assert types(rejected.pending_events) == [E.COUNTER_CLOSED, E.TICKET_EXPIRED, E.DAY_STARTED]
    assert ticket.status is S.EXPIRED and harness.state.day == date(2025, 1, 7)


def test_clock_stepping_back_never_restarts_numbering():
    harness = Harness(build(open_24h=True).build(), "2025-01-07 00:10")
    assert harness.issue(1).number == "A001"
    harness.clock.set(at(WIB, "2025-01-06 23:50"))  # NTP correction
    ticket = harness.issue(1)
    assert (ticket.number, ticket.day) == ("A002", date(2025, 1, 7))
    assert harness.state.day == date(2025, 1, 7)


def test_several_days_skipped():
    harness = Harness(build().build(), "2025-01-06 08:00")
    harness.open(1)
    ticket = harness.issue(1)
    harness.clock.set(at(WIB, "2025-01-09 08:00"))
    events = harness.do(c.OpenCounter(1, 1))
    assert types(events) == [E.COUNTER_CLOSED, E.TICKET_EXPIRED, E.DAY_STARTED, E.COUNTER_OPENED]
    assert ticket.status is S.EXPIRED and harness.issue(1).number == "A001"


# -- counters ------------------------------------------------------------------------------------
def test_open_counter_events_and_repeat(h: Harness):
    fresh = Harness(build().build())
    fresh.do(c.OpenCounter(1, 7))
    state = fresh.state.counters[1]
    assert (state.status, state.officer_id, state.since) == (
        CounterStatus.OPEN, 7, at(WIB, "2025-01-06 08:00"))
    fresh.later(5)
    assert fresh.do(c.OpenCounter(1, 7)) == []  # the same officer again: harmless
    assert state.since == at(WIB, "2025-01-06 08:00")
    rejected = assert_rejected_unchanged(fresh, c.OpenCounter(1, 8), "counter_in_use")
    assert rejected.message == "Loket sedang digunakan petugas lain"
    events = fresh.do(c.OpenCounter(2, 8))
    assert events[0].data == {"officer_id": 8} and events[0].counter_id == 2


def test_unknown_counter(h: Harness):
    for command in (c.OpenCounter(9, 1), c.CloseCounter(9), c.PauseCounter(9), c.ResumeCounter(9),
                    c.CallNext(9), c.CallTicket(9, 1), c.Recall(9), c.Skip(9), c.StartService(9),
                    c.Finish(9), c.Transfer(9, 1)):
        rejected = assert_rejected_unchanged(h, command, "unknown_counter")
        assert rejected.message == "Loket 9 tidak dikenal"


def test_close_counter(h: Harness):
    h.later(30)
    events = h.do(c.CloseCounter(1))
    assert types(events) == [E.COUNTER_CLOSED]
    assert events[0].data == {"officer_id": 101}
    state = h.state.counters[1]
    assert (state.status, state.officer_id, state.since) == (
        CounterStatus.CLOSED, None, at(WIB, "2025-01-06 08:30"))
    assert h.do(c.CloseCounter(1)) == []  # already closed


def test_close_counter_returns_its_ticket_to_the_queue(h: Harness):
    first = h.issue(1)
    h.later(2)
    second = h.issue(1)
    assert h.call_next(1) is first
    h.do(c.StartService(1))
    events = h.do(c.CloseCounter(1))
    assert types(events) == [E.TICKET_RETURNED, E.COUNTER_CLOSED]
    assert (events[0].ticket_id, events[0].counter_id) == (first.id, 1)
    assert first.status is S.WAITING and first.counter_id is None and first.officer_id is None
    assert first.queue_at == first.issued_at  # keeps its place at the front
    assert h.call_next(2) is first
    assert second.status is S.WAITING


def test_close_paused_counter_clears_the_reason(h: Harness):
    h.do(c.PauseCounter(1, PauseReason.RAPAT))
    h.do(c.CloseCounter(1))
    assert h.state.counters[1].pause_reason is None


def test_pause_and_resume(h: Harness):
    h.later(10)
    events = h.do(c.PauseCounter(1, PauseReason.SHOLAT))
    assert types(events) == [E.COUNTER_PAUSED]
    assert events[0].data == {"reason": PauseReason.SHOLAT, "officer_id": 101}
    state = h.state.counters[1]
    assert (state.status, state.pause_reason, state.since) == (
        CounterStatus.PAUSED, PauseReason.SHOLAT, at(WIB, "2025-01-06 08:10"))
    rejected = assert_rejected_unchanged(h, c.PauseCounter(1), "counter_paused")
    assert rejected.message == "Loket sedang jeda; lanjutkan dulu"
    h.issue(1)
    assert_rejected_unchanged(h, c.CallNext(1), "counter_paused")
    h.later(10)
    events = h.do(c.ResumeCounter(1))
    assert types(events) == [E.COUNTER_RESUMED] and events[0].data == {"officer_id": 101}
    assert (state.status, state.pause_reason, state.since) == (
        CounterStatus.OPEN, None, at(WIB, "2025-01-06 08:20"))
    rejected = assert_rejected_unchanged(h, c.ResumeCounter(1), "not_paused")
    assert rejected.message == "Loket tidak sedang jeda"


def test_pause_default_reason(h: Harness):
    h.do(c.PauseCounter(2))
    assert h.state.counters[2].pause_reason is PauseReason.ISTIRAHAT


def test_pause_needs_an_open_idle_counter(h: Harness):
    fresh = Harness(build().build())
    fresh.do(c.OpenCounter(2, 1))
    rejected = fresh.reject(c.PauseCounter(1))
    assert (rejected.code, rejected.message) == ("counter_closed", "Loket belum dibuka")
    assert fresh.reject(c.ResumeCounter(1)).code == "not_paused"
    h.issue(1)
    h.call_next(1)
    rejected = assert_rejected_unchanged(h, c.PauseCounter(1), "counter_busy")
    assert "Selesaikan" in rejected.message


# -- calling -------------------------------------------------------------------------------------
def test_call_next_empty(h: Harness):
    rejected = assert_rejected_unchanged(h, c.CallNext(1), "queue_empty")
    assert rejected.message == "Tidak ada antrean yang menunggu"
    h.issue(4)  # another agency's ticket is not this counter's
    assert_rejected_unchanged(h, c.CallNext(1), "queue_empty")


def test_call_next_on_closed_counter(h: Harness):
    h.issue(1)
    h.do(c.CloseCounter(1))
    assert_rejected_unchanged(h, c.CallNext(1), "counter_closed")


def test_call_next(h: Harness):
    ticket = h.issue(1)
    h.later(4)
    events = h.do(c.CallNext(1))
    assert types(events) == [E.TICKET_CALLED]
    assert events[0].data == {"number": "A001", "officer_id": 101, "priority": None}
    assert (events[0].ticket_id, events[0].counter_id) == (ticket.id, 1)
    assert ticket.status is S.CALLED and ticket.counter_id == 1 and ticket.officer_id == 101
    assert ticket.called_at == at(WIB, "2025-01-06 08:04") and ticket.calls == 1
    assert h.state.counters[1].ticket_id == ticket.id
    assert h.state.waiting((1,)) == []


def test_call_next_serves_the_agency_services_in_arrival_order(h: Harness):
    tickets = []
    for service_id in (3, 1, 2, 4):
        tickets.append(h.issue(service_id))
        h.later(1)
    assert [h.call_next(1).number for _ in range(3)] == ["B001", "A001", "A002"]
    assert h.call_next(3).number == "C001"


def test_call_next_finishes_the_current_ticket(h: Harness):
    first, second = h.issue(1), h.issue(1)
    h.call_next(1)
    h.later(6)
    events = h.do(c.CallNext(1))
    assert types(events) == [E.TICKET_FINISHED, E.TICKET_CALLED]
    assert events[0].ticket_id == first.id and events[0].data == {"number": "A001",
                                                                 "services_done": [1]}
    assert first.status is S.DONE and second.status is S.CALLED
    assert first.started_at == first.called_at  # never pressed "start"
    assert list(h.state.durations[1]) == [6.0]
    assert h.state.counters[1].history == [first.id]


def test_call_next_respects_the_ratio(h: Harness):
    normals = [h.issue(1) for _ in range(5)]
    priorities = [h.issue(1, priority=LANSIA) for _ in range(2)]
    called = [h.call_next(1) for _ in range(7)]
    assert called == normals[:3] + [priorities[0]] + normals[3:] + [priorities[1]]
    assert h.state.counters[1].normals_since_priority == 0


def test_ratio_is_counted_per_counter(h: Harness):
    for _ in range(3):
        h.issue(1)
        h.call_next(1)
    h.issue(1)
    prio = h.issue(1, priority=LANSIA)
    assert h.call_next(2).priority is None  # counter 2 has not called 3 normal tickets
    h.issue(1)
    assert h.call_next(1) is prio
    assert h.state.counters[1].normals_since_priority == 0
    assert h.state.counters[2].normals_since_priority == 1


def test_called_event_names_the_priority_class(h: Harness):
    h.issue(1, priority=PriorityClass.IBU_HAMIL)
    events = h.do(c.CallNext(1))
    assert events[0].data["priority"] is PriorityClass.IBU_HAMIL


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("fifo", ["A001", "A002", "A003"]),
        ("priority_first", ["A002", "A003", "A001"]),
        ("ratio:1", ["A001", "A002", "A003"]),
        # 08:09: A001 has waited 9 minutes, priority first; 08:10: A001 is overdue.
        ("max_wait:10", ["A002", "A001", "A003"]),
        ("max_wait:11", ["A002", "A003", "A001"]),
    ],
)
def test_call_order_by_rule(rule, expected):
    harness = Harness(build(rule=rule).build())
    harness.open(1)
    harness.issue(1)  # A001 at 08:00
    harness.later(5)
    harness.issue(1, priority=LANSIA)  # A002 at 08:05
    harness.issue(1, priority=PriorityClass.ANAK)  # A003 at 08:05
    harness.later(4)
    called = [harness.call_next(1).number]  # 08:09
    harness.later(1)
    called += [harness.call_next(1).number for _ in range(2)]  # 08:10
    assert called == expected


def test_profile_positions_decide_which_service_first():
    catalog = build(rule="fifo").profile(2, (3, 0), (1, 1)).build()
    harness = Harness(catalog)
    harness.open(1, 2)
    a1 = harness.issue(1)
    harness.later(1)
    a2 = harness.issue(2)
    b1 = harness.issue(3)
    assert catalog.counter_services(2) == (3, 1)
    assert harness.call_next(2) is b1  # position 0 before earlier arrivals
    assert harness.call_next(2) is a1
    assert harness.reject(c.CallNext(2)).code == "queue_empty"  # service 2 is not in its profile
    assert harness.call_next(1) is a2


def test_call_ticket(h: Harness):
    first, second = h.issue(1), h.issue(3)
    events = h.do(c.CallTicket(1, second.id))
    assert types(events) == [E.TICKET_CALLED] and second.status is S.CALLED
    h.later(2)
    events = h.do(c.CallTicket(1, first.id))
    assert types(events) == [E.TICKET_FINISHED, E.TICKET_CALLED]
    assert second.status is S.DONE and first.status is S.CALLED
    rejected = assert_rejected_unchanged(h, c.CallTicket(2, first.id), "not_waiting")
    assert rejected.message == "Tiket A001 tidak sedang menunggu"
    rejected = assert_rejected_unchanged(h, c.CallTicket(2, 77), "unknown_ticket")
    assert rejected.message == "Tiket 77 tidak ada dalam antrean hari ini"
    other = h.issue(4)
    rejected = assert_rejected_unchanged(h, c.CallTicket(2, other.id), "not_served_here")
    assert rejected.message == "Tiket C001 bukan untuk loket ini"
    h.do(c.PauseCounter(2))
    assert_rejected_unchanged(h, c.CallTicket(2, other.id), "counter_paused")


def test_call_ticket_priority_resets_the_ratio(h: Harness):
    for _ in range(2):
        h.issue(1)
        h.call_next(1)
    prio = h.issue(1, priority=LANSIA)
    h.do(c.CallTicket(1, prio.id))
    assert h.state.counters[1].normals_since_priority == 0


def test_recall(h: Harness):
    assert_rejected_unchanged(h, c.Recall(1), "no_ticket")
    ticket = h.issue(1)
    h.call_next(1)
    h.later(1)
    events = h.do(c.Recall(1))
    assert types(events) == [E.TICKET_RECALLED]
    assert events[0].data == {"number": "A001", "calls": 2}
    assert ticket.calls == 2 and ticket.called_at == at(WIB, "2025-01-06 08:00")
    h.do(c.StartService(1))
    rejected = assert_rejected_unchanged(h, c.Recall(1), "wrong_state")
    assert rejected.message == "Tiket A001 sedang dilayani"


def test_no_ticket_message(h: Harness):
    rejected = h.reject(c.Skip(1))
    assert (rejected.code, rejected.message) == (
        "no_ticket", "Belum ada tiket yang dipanggil di loket ini")


def test_skip(h: Harness):
    ticket = h.issue(1)
    h.call_next(1)
    h.later(3)
    events = h.do(c.Skip(1))
    assert types(events) == [E.TICKET_SKIPPED] and events[0].data == {"number": "A001"}
    assert ticket.status is S.NO_SHOW and ticket.finished_at == at(WIB, "2025-01-06 08:03")
    assert h.state.counters[1].ticket_id is None and h.state.counters[1].history == [ticket.id]
    assert_rejected_unchanged(h, c.Skip(1), "no_ticket")
    h.issue(1)
    h.call_next(1)
    h.do(c.StartService(1))
    assert_rejected_unchanged(h, c.Skip(1), "wrong_state")


def test_start_service(h: Harness):
    ticket = h.issue(1)
    h.call_next(1)
    h.later(2)
    events = h.do(c.StartService(1))
    assert types(events) == [E.SERVICE_STARTED] and events[0].data == {"number": "A001"}
    assert ticket.status is S.SERVING and ticket.started_at == at(WIB, "2025-01-06 08:02")
    assert_rejected_unchanged(h, c.StartService(1), "wrong_state")
    assert_rejected_unchanged(h, c.StartService(2), "no_ticket")
    h.do(c.CloseCounter(2))
    assert_rejected_unchanged(h, c.StartService(2), "counter_closed")


def test_finish(h: Harness):
    assert_rejected_unchanged(h, c.Finish(1), "no_ticket")
    ticket = h.issue(1)
    h.call_next(1)
    h.later(2)
    h.do(c.StartService(1))
    h.later(12)
    events = h.do(c.Finish(1))
    assert types(events) == [E.TICKET_FINISHED]
    assert events[0].data == {"number": "A001", "services_done": [1]}
    assert ticket.status is S.DONE and ticket.finished_at == at(WIB, "2025-01-06 08:14")
    assert ticket.started_at == at(WIB, "2025-01-06 08:02") and ticket.services_done == (1,)
    assert list(h.state.durations[1]) == [12.0]
    assert h.state.counters[1].ticket_id is None and h.state.counters[1].history == [ticket.id]
    assert h.state.mean_minutes(1) == 12.0


def test_finish_with_several_services(h: Harness):
    ticket = h.issue(1)
    h.call_next(1)
    assert_rejected_unchanged(h, c.Finish(1, (1, 99)), "unknown_service")
    events = h.do(c.Finish(1, (1, 2, 3)))
    assert events[0].data["services_done"] == [1, 2, 3] and ticket.services_done == (1, 2, 3)


def test_finish_after_return_measures_from_the_new_call(h: Harness):
    ticket = h.issue(1)
    h.call_next(1)
    h.do(c.StartService(1))
    h.later(20)
    h.do(c.CloseCounter(1))  # back to the queue, started_at of the first attempt left behind
    h.later(10)
    h.call_next(2)
    h.later(5)
    h.do(c.Finish(2))
    assert ticket.started_at == ticket.called_at == at(WIB, "2025-01-06 08:30")
    assert list(h.state.durations[1]) == [5.0]


def test_history_keeps_the_last_tickets(h: Harness):
    tickets = [h.issue(1) for _ in range(HISTORY + 3)]
    for _ in tickets:
        h.call_next(1)
    h.do(c.Finish(1))
    assert h.state.counters[1].history == [t.id for t in tickets[-HISTORY:]]


def test_recent_durations_are_bounded(h: Harness):
    for minutes in range(RECENT_DURATIONS + 5):
        h.issue(1)
        h.call_next(1)
        h.later(minutes)
        h.do(c.Finish(1))
    recent = list(h.state.durations[1])
    assert recent == [float(m) for m in range(5, RECENT_DURATIONS + 5)]


# -- transfer ------------------------------------------------------------------------------------
def test_transfer_keeps_number_and_arrival(h: Harness):
    ticket = h.issue(1)
    h.later(5)
    later_c = h.issue(4)
    h.later(5)
    h.call_next(1)
    h.do(c.StartService(1))
    h.later(5)
    events = h.do(c.Transfer(1, 4))
    assert types(events) == [E.TICKET_TRANSFERRED]
    assert events[0].data == {"number": "A001", "from_service_id": 1, "to_service_id": 4}
    assert (ticket.service_id, ticket.number, ticket.prefix) == (4, "A001", "A")
    assert ticket.queue_at == ticket.issued_at == at(WIB, "2025-01-06 08:00")
    assert ticket.original_service_id == 1 and ticket.transfers == 1
    assert ticket.status is S.WAITING and ticket.counter_id is None
    assert ticket.called_at is None and ticket.started_at is None
    assert h.state.counters[1].ticket_id is None and h.state.counters[1].history == [ticket.id]
    assert h.state.waiting((1,)) == [] and {t.id for t in h.state.waiting((4,))} == {ticket.id, later_c.id}
    # Its original arrival puts it before C001 at the other agency.
    assert h.call_next(3) is ticket
    h.do(c.Transfer(3, 1))  # and back again
    assert ticket.transfers == 2 and ticket.service_id == 1
    assert h.call_next(2) is ticket


def test_transfer_rejections(h: Harness):
    assert_rejected_unchanged(h, c.Transfer(1, 3), "no_ticket")
    h.issue(1)
    h.call_next(1)
    assert_rejected_unchanged(h, c.Transfer(1, 99), "unknown_service")
    rejected = assert_rejected_unchanged(h, c.Transfer(1, 1), "same_service")
    assert rejected.message == "Tiket sudah berada di layanan itu"
    inactive = Harness(build().service(3, active=False).build())
    inactive.open(1)
    inactive.issue(1)
    inactive.call_next(1)
    rejected = assert_rejected_unchanged(inactive, c.Transfer(1, 3), "inactive")
    assert rejected.message == "Layanan Layanan 3 tidak tersedia"


def test_transfer_while_called(h: Harness):
    ticket = h.issue(1)
    h.call_next(1)
    h.do(c.Transfer(1, 2))
    assert ticket.status is S.WAITING and ticket.service_id == 2


# -- requeue and cancel --------------------------------------------------------------------------
def test_requeue_once_to_the_back_of_the_line(h: Harness):
    skipped = h.issue(1)
    h.later(1)
    other = h.issue(1)
    h.call_next(1)
    h.do(c.Skip(1))
    h.later(10)
    events = h.do(c.Requeue(skipped.id))
    assert types(events) == [E.TICKET_REQUEUED] and events[0].data == {"number": "A001"}
    assert skipped.status is S.WAITING and skipped.requeues == 1
    assert skipped.queue_at == at(WIB, "2025-01-06 08:11") and skipped.finished_at is None
    assert skipped.counter_id is None and skipped.issued_at == at(WIB, "2025-01-06 08:00")
    assert h.call_next(1) is other
    assert h.call_next(1) is skipped
    h.do(c.Skip(1))
    rejected = assert_rejected_unchanged(h, c.Requeue(skipped.id), "requeued_once")
    assert rejected.message == "Tiket A001 sudah pernah diantrekan ulang"


def test_requeue_rejections(h: Harness):
    assert_rejected_unchanged(h, c.Requeue(42), "unknown_ticket")
    ticket = h.issue(1)
    rejected = assert_rejected_unchanged(h, c.Requeue(ticket.id), "not_skipped")
    assert rejected.message == "Tiket A001 tidak dilewati"


def test_cancel(h: Harness):
    skipped, waiting = h.issue(1), h.issue(1)
    assert h.call_next(1) is skipped
    h.do(c.Skip(1))
    h.later(1)
    for ticket in (waiting, skipped):
        events = h.do(c.Cancel(ticket.id))
        assert types(events) == [E.TICKET_CANCELLED]
        assert events[0].data == {"number": ticket.number}
        assert ticket.status is S.CANCELLED and ticket.finished_at == at(WIB, "2025-01-06 08:01")
    assert h.state.waiting((1,)) == []
    called = h.issue(3)
    h.call_next(1)
    rejected = assert_rejected_unchanged(h, c.Cancel(called.id), "not_cancellable")
    assert rejected.message == "Tiket B001 tidak dapat dibatalkan"
    h.do(c.StartService(1))
    assert_rejected_unchanged(h, c.Cancel(called.id), "not_cancellable")
    assert_rejected_unchanged(h, c.Cancel(waiting.id), "not_cancellable")
    assert_rejected_unchanged(h, c.Cancel(1234), "unknown_ticket")
    assert_rejected_unchanged(h, c.Requeue(skipped.id), "not_skipped")
    assert_rejected_unchanged(h, c.CallTicket(1, waiting.id), "not_waiting")


# -- state helpers and estimates ------------------------------------------------------------------
def test_staffed_and_open_counters():
    harness = Harness(build().build())
    state = harness.state
    assert not state.staffed(1) and state.open_counters(1) == 0
    harness.open(1)
    assert state.staffed(1) and state.open_counters(1) == 1
    harness.open(2)
    assert state.open_counters(1) == 2
    harness.do(c.PauseCounter(2))
    assert state.open_counters(1) == 1 and state.staffed(1)
    harness.do(c.CloseCounter(1))
    assert state.staffed(1) and state.open_counters(1) == 0
    harness.do(c.CloseCounter(2))
    assert not state.staffed(1)
    assert not state.staffed(4) and state.open_counters(4) == 0


def test_mean_minutes_defaults_to_the_catalog():
    harness = Harness(build().service(1, avg_service_minutes=7.5).build())
    assert harness.state.mean_minutes(1) == 7.5
    harness.state.record_duration(1, 3)
    harness.state.record_duration(1, 5)
    assert harness.state.mean_minutes(1) == 4


def test_forget_drops_tickets_and_their_index(h: Harness):
    a, b = h.issue(1), h.issue(1)
    h.state.forget({a.id})
    assert set(h.state.tickets) == {b.id} and h.state.waiting((1,)) == [b]


def test_add_ticket_indexes_waiting_tickets_only(h: Harness):
    # As the store does when it loads the day: only waiting tickets join the lines.
    waiting, done = h.issue(1), h.issue(1)
    state = QueueState(h.catalog)
    done_copy = dataclasses.replace(done, status=S.DONE)
    state.add_ticket(done_copy)
    state.add_ticket(dataclasses.replace(waiting))
    assert set(state.tickets) == {waiting.id, done.id}
    assert [t.id for t in state.waiting((1,))] == [waiting.id]
    assert state.index.count(1) == 1


def test_waiting_index_heads_and_counts():
    index = WaitingIndex()
    harness = Harness(build(open_24h=True).build())
    a, b = harness.issue(1), harness.issue(1)
    p = harness.issue(1, priority=LANSIA)
    for ticket in (b, a, p):
        index.add(ticket)
    assert (index.count(1), index.count(1, False), index.count(1, True)) == (3, 2, 1)
    assert index.head(1, False) is a and index.head(1, True) is p
    assert index.head(2, False) is None and index.count(2) == 0 and index.tickets(2) == []
    index.remove(a)
    assert index.head(1, False) is b  # the stale entry of `a` is skipped
    index.remove(a)  # removing twice is harmless
    # Re-queued with a later time: the old heap entry no longer counts.
    index.remove(b)
    b.queue_at = b.queue_at + timedelta(minutes=5)
    index.add(b)
    index.add(a)
    assert index.head(1, False) is a
    index.remove(a)
    assert index.head(1, False) is b
    index.remove(b)
    assert index.head(1, False) is None and index.count(1, False) == 0
    assert [t.id for t in index.tickets(1)] == [p.id]


def test_engine_estimates(h: Harness):
    assert h.engine.estimate_new(1, False) == Estimate(0, 0)
    first = h.issue(1)
    second = h.issue(1)
    # Two open counters serve service 1; 10 minutes each by default.
    assert h.engine.estimate_new(1, False) == Estimate(2, 10)
    assert h.engine.estimate_new(1, True) == Estimate(0, 0)
    assert h.engine.estimate(first.id) == Estimate(0, 0)
    assert h.engine.estimate(second.id) == Estimate(1, 5)


def test_commands_on_a_fresh_engine_use_the_context_only():
    catalog = build(open_24h=True).build()
    engine = QueueEngine(QueueState(catalog))
    ids = iter([501, 502])
    ctx = Context(at(WIB, "2025-01-06 03:00"), lambda: next(ids), lambda: "secret")
    events = engine.handle(c.IssueTicket(1), ctx)
    ticket = engine.state.tickets[501]
    assert (ticket.token, ticket.issued_at) == ("secret", at(WIB, "2025-01-06 03:00"))
    assert types(events) == [E.DAY_STARTED, E.TICKET_ISSUED]
