"""Estimated wait (eta.py): people ahead and minutes."""
from __future__ import annotations

import pytest

from shared.domain import commands as c
from shared.domain.eta import Estimate, estimate_new, estimate_ticket
from shared.domain.model import PriorityClass

from .builders import CatalogBuilder, Harness

LANSIA = PriorityClass.LANSIA


@pytest.fixture
def h() -> Harness:
    # Agency 1: counters 1-3, service 1 (A, 10 min average) and 2 (B, 4 min average).
    catalog = (
        CatalogBuilder(open_24h=True)
        .agency(counters=3, services=1, avg_service_minutes=10.0)
        .add_service(1, "B", avg_service_minutes=4.0)
        .build()
    )
    return Harness(catalog, "2025-01-06 08:00")


def test_nobody_ahead_is_zero_minutes(h: Harness):
    assert estimate_new(h.state, 1, False) == Estimate(0, 0)
    assert estimate_new(h.state, 1, True) == Estimate(0, 0)


def test_closed_counters_count_as_one(h: Harness):
    for _ in range(3):
        h.issue(1)
    assert estimate_new(h.state, 1, False) == Estimate(3, 30)


def test_minutes_divide_by_open_counters_and_round_up(h: Harness):
    for _ in range(3):
        h.issue(1)
    h.open(1, 2)
    assert estimate_new(h.state, 1, False) == Estimate(3, 15)
    h.open(3)
    assert estimate_new(h.state, 1, False) == Estimate(3, 10)
    h.issue(1)
    assert estimate_new(h.state, 1, False) == Estimate(4, 14)  # 40 / 3 = 13.3 -> 14
    h.do(c.PauseCounter(3))  # paused counters do not serve
    assert estimate_new(h.state, 1, False) == Estimate(4, 20)


def test_only_the_service_queue_counts(h: Harness):
    h.issue(1)
    h.issue(2)
    h.issue(2)
    assert estimate_new(h.state, 2, False) == Estimate(2, 8)
    assert estimate_new(h.state, 1, False) == Estimate(1, 10)


def test_recent_service_times_replace_the_catalog_average(h: Harness):
    h.open(1)
    for minutes in (2, 4):
        h.issue(1)
        h.call_next(1)
        h.later(minutes)
        h.do(c.Finish(1))
    h.issue(1)
    h.issue(1)
    assert estimate_new(h.state, 1, False) == Estimate(2, 6)  # 2 x 3 min


def test_new_priority_ticket_counts_priority_tickets_only(h: Harness):
    h.issue(1)
    h.issue(1, priority=LANSIA)
    h.issue(1)
    assert estimate_new(h.state, 1, True) == Estimate(1, 10)
    assert estimate_new(h.state, 1, False) == Estimate(3, 30)


def test_ticket_estimates(h: Harness):
    a = h.issue(1)
    h.later(1)
    b = h.issue(1)
    p1 = h.issue(1, priority=LANSIA)
    h.later(1)
    p2 = h.issue(1, priority=PriorityClass.DISABILITAS)
    other = h.issue(2)
    assert estimate_ticket(h.state, a) == Estimate(2, 20)  # both priority tickets go first
    assert estimate_ticket(h.state, b) == Estimate(3, 30)
    assert estimate_ticket(h.state, p1) == Estimate(0, 0)
    assert estimate_ticket(h.state, p2) == Estimate(1, 10)
    assert estimate_ticket(h.state, other) == Estimate(0, 0)
    assert h.engine.estimate(b.id) == Estimate(3, 30)


def test_equal_arrival_times_are_ordered_by_id(h: Harness):
    first, second = h.issue(1), h.issue(1)
    assert estimate_ticket(h.state, first).ahead == 0
    assert estimate_ticket(h.state, second).ahead == 1


def test_ticket_not_waiting_has_nothing_ahead(h: Harness):
    h.issue(1)
    ticket = h.issue(1)
    h.open(1)
    h.do(c.CallTicket(1, ticket.id))
    assert estimate_ticket(h.state, ticket) == Estimate(0, 0)
    h.do(c.Skip(1))
    assert estimate_ticket(h.state, ticket) == Estimate(0, 0)


def test_transferred_ticket_keeps_its_place(h: Harness):
    h.open(1)
    early = h.issue(1)
    h.later(5)
    waiting_b = h.issue(2)
    h.do(c.CallTicket(1, early.id))
    h.do(c.Transfer(1, 2))
    assert estimate_ticket(h.state, early) == Estimate(0, 0)
    assert estimate_ticket(h.state, waiting_b) == Estimate(1, 4)


def test_requeued_ticket_goes_to_the_back(h: Harness):
    h.open(1)
    skipped = h.issue(1)
    h.later(1)
    h.issue(1)
    h.do(c.CallNext(1))
    h.do(c.Skip(1))
    h.later(1)
    h.do(c.Requeue(skipped.id))
    assert estimate_ticket(h.state, skipped) == Estimate(1, 10)
