"""Tickets and counters as the queue engine tracks them."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from .model import Channel, PriorityClass


class TicketStatus(str, enum.Enum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"  # skipped at a call; may be re-queued once
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # still open when its service day ended

    @property
    def final(self) -> bool:
        return self in (TicketStatus.DONE, TicketStatus.CANCELLED, TicketStatus.EXPIRED)

    @property
    def at_counter(self) -> bool:
        return self in (TicketStatus.CALLED, TicketStatus.SERVING)


@dataclass
class Ticket:
    id: int
    token: str  # unguessable; opens the public status page
    service_id: int
    number: str  # e.g. "A007"
    prefix: str
    seq: int  # position in the prefix's series of the day (7)
    day: date  # the site-local service day
    issued_at: datetime
    queue_at: datetime  # ordering time; kept across transfers, reset by a re-queue
    priority: PriorityClass | None = None
    channel: Channel = Channel.WALK_IN
    status: TicketStatus = TicketStatus.WAITING
    counter_id: int | None = None
    officer_id: int | None = None
    called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    calls: int = 0  # call + recalls
    requeues: int = 0
    transfers: int = 0
    original_service_id: int | None = None
    services_done: tuple[int, ...] = ()
    booking_code: str | None = None


class CounterStatus(str, enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"


class PauseReason(str, enum.Enum):
    ISTIRAHAT = "istirahat"
    SHOLAT = "sholat"
    RAPAT = "rapat"
    LAINNYA = "lainnya"


@dataclass
class CounterState:
    counter_id: int
    status: CounterStatus = CounterStatus.CLOSED
    officer_id: int | None = None
    ticket_id: int | None = None  # ticket called or being served here
    since: datetime | None = None
    pause_reason: PauseReason | None = None
    normals_since_priority: int = 0  # for the ratio calling rule
    history: list[int] = field(default_factory=list)  # last tickets handled, newest last
