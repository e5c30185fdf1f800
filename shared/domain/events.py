"""Events: the facts the engine records. The store numbers them (per-site sequence) and devices
follow them; the engine rebuilds nothing from them, so their data is made for readers."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


class EventType(str, enum.Enum):
    DAY_STARTED = "day_started"
    TICKET_ISSUED = "ticket_issued"
    TICKET_CALLED = "ticket_called"
    TICKET_RECALLED = "ticket_recalled"
    TICKET_SKIPPED = "ticket_skipped"
    TICKET_REQUEUED = "ticket_requeued"
    TICKET_RETURNED = "ticket_returned"  # back to waiting because its counter closed
    SERVICE_STARTED = "service_started"
    TICKET_FINISHED = "ticket_finished"
    TICKET_TRANSFERRED = "ticket_transferred"
    TICKET_CANCELLED = "ticket_cancelled"
    TICKET_EXPIRED = "ticket_expired"
    COUNTER_OPENED = "counter_opened"
    COUNTER_CLOSED = "counter_closed"
    COUNTER_PAUSED = "counter_paused"
    COUNTER_RESUMED = "counter_resumed"


@dataclass(frozen=True)
class Event:
    type: EventType
    at: datetime
    ticket_id: int | None = None
    counter_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


def jsonable(value: Any) -> Any:
    """Event data as JSON-ready values (ISO times, enum values)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value
