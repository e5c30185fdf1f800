"""Estimated wait: people ahead and minutes, from recent service times and open counters."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .tickets import Ticket, TicketStatus

if TYPE_CHECKING:  # pragma: no cover
    from .engine import QueueState


@dataclass(frozen=True)
class Estimate:
    ahead: int
    minutes: int  # rounded up; 0 when nobody is ahead


def _minutes(state: QueueState, service_id: int, ahead: int) -> int:
    if ahead == 0:
        return 0
    # Closed counters still count as one: the estimate should say "long", not "forever".
    counters = max(1, state.open_counters(service_id))
    return math.ceil(ahead * state.mean_minutes(service_id) / counters)


def estimate_new(state: QueueState, service_id: int, priority: bool) -> Estimate:
    """For a ticket about to be issued: everyone waiting for the service is ahead of a normal
    ticket; only other priority tickets are ahead of a priority one (an estimate, not a promise:
    the calling rule may interleave)."""
    ahead = state.index.count(service_id, True if priority else None)
    return Estimate(ahead, _minutes(state, service_id, ahead))


def estimate_ticket(state: QueueState, ticket: Ticket) -> Estimate:
    if ticket.status is not TicketStatus.WAITING:
        return Estimate(0, 0)
    key = (ticket.queue_at, ticket.id)
    ahead = 0
    for other in state.waiting((ticket.service_id,)):
        if other.id == ticket.id:
            continue
        other_priority = other.priority is not None
        if ticket.priority is not None and not other_priority:
            continue
        if (ticket.priority is None and other_priority) or (other.queue_at, other.id) < key:
            ahead += 1
    return Estimate(ahead, _minutes(state, ticket.service_id, ahead))
