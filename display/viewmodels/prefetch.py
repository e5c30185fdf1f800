"""Which calls will probably come next, so their sentences are rendered before they are needed.

After "A123 at counter 5" the next numbers of the same series (A124, A125) will be called at
counter 5 or at another open counter of the same agency. A handful of guesses per call is
enough: the chime (1.2 s) already hides a cold render, the cache only has to make the voice
start sooner when the machine is busy. Pure function."""
from __future__ import annotations

import re
from typing import Iterable

from .board_state import CallEntry, CounterInfo

_NUMBER = re.compile(r"([A-Z]{1,3})([0-9]{1,6})")
MAX_GUESSES = 5


def next_number(number: str, step: int = 1) -> str | None:
    """"A009" + 1 -> "A010" (keeps the zero padding); None if it is not a ticket number."""
    m = _NUMBER.fullmatch(number)
    if m is None:
        return None
    digits = m.group(2)
    value = int(digits) + step
    if value > 999_999:
        return None
    return f"{m.group(1)}{value:0{len(digits)}d}"


def likely_next_calls(call: CallEntry, counters: Iterable[CounterInfo],
                      limit: int = MAX_GUESSES) -> list[CallEntry]:
    """The next two numbers at the same counter, then the next number at the other open
    counters of the same agency; at most ``limit``."""
    guesses: list[CallEntry] = []
    for step in (1, 2):
        number = next_number(call.number, step)
        if number:
            guesses.append(CallEntry(0, number, call.counter_id, call.counter_number,
                                     call.agency))
    first = next_number(call.number)
    if first:
        for c in counters:
            if len(guesses) >= limit:
                break
            if c.id != call.counter_id and c.status == "open" and c.agency == call.agency:
                guesses.append(CallEntry(0, first, c.id, c.number, c.agency))
    return guesses[:limit]
