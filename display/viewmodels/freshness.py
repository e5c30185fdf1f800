"""Is a call event news, or an old one replayed after a reconnect?

After a network outage the master replays what the display missed; those calls update the
board but must not all be announced minutes late. Comparing an event's ``at`` (master clock)
with our own clock would break on a Raspberry Pi without a real-time clock on a LAN without
NTP, so the offset between the two clocks is estimated from the events themselves: a live event
arrives a few milliseconds after its ``at``, so the smallest (arrival - at) over recent events
is the clock offset; an event whose arrival - at exceeds that by more than ``max_age`` was
replayed. Pure: no Qt, times are passed in.
"""
from __future__ import annotations

from collections import deque
from datetime import datetime

WINDOW = 256  # recent offsets kept: a clock step (NTP) is forgotten after this many events


def parse_at(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None
    return at if at.tzinfo is not None else None


class Freshness:
    def __init__(self, max_age: float = 60.0, window: int = WINDOW) -> None:
        self.max_age = max_age
        self._offsets: deque[float] = deque(maxlen=window)

    def observe(self, at: str | None, now: datetime) -> bool:
        """Record an event that arrived at ``now`` (aware); True if it is fresh."""
        when = parse_at(at)
        if when is None:
            return True  # no time: cannot tell, so treat it as live
        offset = (now - when).total_seconds()
        self._offsets.append(offset)
        return offset - min(self._offsets) <= self.max_age

    @property
    def offset(self) -> float | None:
        """Estimated (our clock - master clock) in seconds, once an event has been seen."""
        return min(self._offsets) if self._offsets else None
