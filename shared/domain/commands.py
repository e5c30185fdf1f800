"""Commands: what devices and people ask the queue to do. The engine turns each into events."""
from __future__ import annotations

from dataclasses import dataclass

from .model import Channel, PriorityClass
from .tickets import PauseReason


@dataclass(frozen=True)
class IssueTicket:
    service_id: int
    priority: PriorityClass | None = None
    channel: Channel = Channel.WALK_IN
    booking_code: str | None = None


@dataclass(frozen=True)
class OpenCounter:
    counter_id: int
    officer_id: int


@dataclass(frozen=True)
class CloseCounter:
    counter_id: int


@dataclass(frozen=True)
class PauseCounter:
    counter_id: int
    reason: PauseReason = PauseReason.ISTIRAHAT


@dataclass(frozen=True)
class ResumeCounter:
    counter_id: int


@dataclass(frozen=True)
class CallNext:
    counter_id: int


@dataclass(frozen=True)
class CallTicket:
    counter_id: int
    ticket_id: int


@dataclass(frozen=True)
class Recall:
    counter_id: int


@dataclass(frozen=True)
class Skip:
    counter_id: int


@dataclass(frozen=True)
class StartService:
    counter_id: int


@dataclass(frozen=True)
class Finish:
    counter_id: int
    services_done: tuple[int, ...] = ()  # empty: the ticket's own service


@dataclass(frozen=True)
class Transfer:
    counter_id: int
    to_service_id: int


@dataclass(frozen=True)
class Requeue:
    ticket_id: int


@dataclass(frozen=True)
class Cancel:
    ticket_id: int


Command = (
    IssueTicket
    | OpenCounter
    | CloseCounter
    | PauseCounter
    | ResumeCounter
    | CallNext
    | CallTicket
    | Recall
    | Skip
    | StartService
    | Finish
    | Transfer
    | Requeue
    | Cancel
)
