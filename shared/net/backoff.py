"""Exponential back-off with jitter for reconnecting to the master.

Delays double from ``base`` up to ``cap`` and each is drawn from [d/2, d] ("equal jitter"): the
jitter spreads dozens of displays and counters that lost the master at the same instant (a
restart) so they do not all knock at once, and the lower half keeps a delay from collapsing to
zero (no busy loop against a dead address)."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Backoff:
    base: float = 0.25
    cap: float = 10.0
    factor: float = 2.0
    rng: Callable[[], float] = field(default=random.random, repr=False)
    attempt: int = 0

    def ceiling(self, attempt: int | None = None) -> float:
        """The un-jittered delay of an attempt (0-based)."""
        n = self.attempt if attempt is None else attempt
        # cap the exponent too: factor ** 1000 overflows a float
        return min(self.cap, self.base * self.factor ** min(n, 64))

    def next_delay(self) -> float:
        d = self.ceiling()
        self.attempt += 1
        return d / 2 + self.rng() * d / 2

    def reset(self) -> None:
        self.attempt = 0
