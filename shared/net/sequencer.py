"""Checking the order of the master's event stream (pure).

Each event carries the site's sequence number. The client follows ``/events?since=N``; anything
but N+1 next means trouble: an older or equal seq is a duplicate (a replay overlapping what we
had: dropped), a larger one is a gap (we missed events: start again from a fresh ``/snapshot``),
and a ``resync`` message is the master telling us the same."""
from __future__ import annotations

from enum import Enum
from typing import Any


class Verdict(Enum):
    DELIVER = "deliver"
    DUPLICATE = "duplicate"
    GAP = "gap"
    RESYNC = "resync"
    IGNORE = "ignore"  # not an event (unknown message kind): tolerated, not delivered


class Sequencer:
    def __init__(self, last_seq: int) -> None:
        self.last_seq = last_seq

    def accept(self, message: Any) -> Verdict:
        if not isinstance(message, dict):
            return Verdict.IGNORE
        if message.get("type") == "resync":
            return Verdict.RESYNC
        seq = message.get("seq")
        if isinstance(seq, bool) or not isinstance(seq, int):
            return Verdict.IGNORE
        if seq <= self.last_seq:
            return Verdict.DUPLICATE
        if seq != self.last_seq + 1:
            return Verdict.GAP
        self.last_seq = seq
        return Verdict.DELIVER
