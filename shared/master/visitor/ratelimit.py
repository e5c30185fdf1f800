"""Token buckets per client address: ``capacity`` requests at once, refilled at ``rate`` per
second. Used from the event loop only (no locking). Memory is bounded: when the table grows past
``max_keys``, buckets that have refilled completely are forgotten (they carry no state)."""
from __future__ import annotations

import math
import time
from typing import Callable


class RateLimiter:
    def __init__(self, capacity: float, rate: float, *,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 50_000) -> None:
        if capacity < 1 or rate <= 0:
            raise ValueError("capacity >= 1 and rate > 0")
        self.capacity = float(capacity)
        self.rate = float(rate)
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)

    def _level(self, key: str, now: float) -> float:
        tokens, at = self._buckets.get(key, (self.capacity, now))
        return min(self.capacity, tokens + (now - at) * self.rate)

    def wait(self, key: str, cost: float = 1.0) -> int:
        """Seconds until ``cost`` tokens are there (0: now), without taking them."""
        level = self._level(key, self.clock())
        return 0 if level >= cost else max(1, math.ceil((cost - level) / self.rate))

    def take(self, key: str, cost: float = 1.0) -> int:
        """Take ``cost`` tokens: 0 when allowed, else the seconds to wait (nothing taken)."""
        now = self.clock()
        level = self._level(key, now)
        if level < cost:
            return max(1, math.ceil((cost - level) / self.rate))
        self._buckets[key] = (level - cost, now)
        if len(self._buckets) > self.max_keys:
            self._prune(now)
        return 0

    def charge(self, key: str, cost: float = 1.0) -> None:
        """Take tokens even below zero (a miss that already happened)."""
        now = self.clock()
        self._buckets[key] = (max(-self.capacity, self._level(key, now) - cost), now)

    def _prune(self, now: float) -> None:
        full = self.capacity / self.rate
        for key, (_, at) in list(self._buckets.items()):
            if now - at >= full:
                del self._buckets[key]
        if len(self._buckets) > self.max_keys:  # all busy: forget the stalest half
            stale = sorted(self._buckets, key=lambda k: self._buckets[k][1])
            for key in stale[: len(stale) // 2]:
                del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)
