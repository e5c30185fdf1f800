"""The token buckets behind the 429s (pure: a fake clock)."""
from __future__ import annotations

import pytest

from shared.master.visitor.ratelimit import RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_burst_then_refill():
    clock = FakeClock()
    limiter = RateLimiter(3, 0.5, clock=clock)
    assert [limiter.take("a") for _ in range(4)] == [0, 0, 0, 2]  # 2 s for the next token
    assert limiter.take("b") == 0  # per key
    clock.t += 1
    assert limiter.wait("a") == 1
    clock.t += 1
    assert limiter.wait("a") == 0 and limiter.take("a") == 0 and limiter.take("a") == 2
    clock.t += 100
    assert [limiter.take("a") for _ in range(4)] == [0, 0, 0, 2]  # never above capacity


def test_charge_goes_below_zero_and_wait_does_not_take():
    clock = FakeClock()
    limiter = RateLimiter(2, 1, clock=clock)
    for _ in range(4):
        limiter.charge("ip")
    assert limiter.wait("ip") == 3  # -2 tokens: three seconds to one
    assert limiter.wait("ip") == 3
    clock.t += 3
    assert limiter.wait("ip") == 0


def test_memory_is_bounded():
    clock = FakeClock()
    limiter = RateLimiter(2, 1, clock=clock, max_keys=100)
    for i in range(100):
        limiter.take(f"old{i}")
    clock.t += 10  # all refilled: forgettable
    limiter.take("new")
    assert len(limiter) == 1
    for i in range(250):
        limiter.take(f"busy{i}")
    assert len(limiter) <= 100


def test_bad_parameters():
    with pytest.raises(ValueError):
        RateLimiter(0, 1)
    with pytest.raises(ValueError):
        RateLimiter(1, 0)
