"""The calling rule: which waiting ticket a counter calls next.

The rule is explicit and printable (domain.md §2: unclear priority ordering is the most persistent
complaint about queue systems), so every mode can describe itself in one sentence.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class RuleMode(str, enum.Enum):
    FIFO = "fifo"  # arrival order, priority ignored
    PRIORITY_FIRST = "priority_first"  # priority tickets always first
    RATIO = "ratio"  # one priority ticket after every N normal tickets
    MAX_WAIT = "max_wait"  # priority first, but no normal ticket waits more than N minutes


@dataclass(frozen=True)
class CallingRule:
    mode: RuleMode = RuleMode.RATIO
    n: int = 3

    def __post_init__(self) -> None:
        if self.mode in (RuleMode.RATIO, RuleMode.MAX_WAIT) and self.n < 1:
            raise ValueError(f"calling rule {self.mode.value} needs a positive number, got {self.n}")

    @classmethod
    def parse(cls, spec: str) -> CallingRule:
        """'fifo', 'priority_first', 'ratio:3', 'max_wait:30'."""
        name, _, arg = spec.strip().lower().partition(":")
        try:
            mode = RuleMode(name)
        except ValueError:
            raise ValueError(
                f"unknown calling rule {spec!r}; use fifo, priority_first, ratio:N or max_wait:M"
            ) from None
        if mode in (RuleMode.RATIO, RuleMode.MAX_WAIT):
            if not arg.isdigit():
                raise ValueError(f"calling rule {name} needs a number, e.g. {name}:3")
            return cls(mode, int(arg))
        if arg:
            raise ValueError(f"calling rule {name} takes no number")
        return cls(mode, 0)

    @property
    def spec(self) -> str:
        if self.mode in (RuleMode.RATIO, RuleMode.MAX_WAIT):
            return f"{self.mode.value}:{self.n}"
        return self.mode.value

    def describe(self, lang: str = "id") -> str:
        texts = {
            RuleMode.FIFO: (
                "Tiket dipanggil sesuai urutan kedatangan; tiket prioritas tidak didahulukan.",
                "Tickets are called in order of arrival; priority tickets are not called first.",
            ),
            RuleMode.PRIORITY_FIRST: (
                "Tiket prioritas selalu dipanggil lebih dahulu.",
                "Priority tickets are always called first.",
            ),
            RuleMode.RATIO: (
                f"Satu tiket prioritas dipanggil setelah setiap {self.n} tiket biasa.",
                f"One priority ticket is called after every {self.n} normal tickets.",
            ),
            RuleMode.MAX_WAIT: (
                "Tiket prioritas dipanggil lebih dahulu, tetapi tiket biasa tidak menunggu lebih "
                f"dari {self.n} menit.",
                "Priority tickets are called first, but no normal ticket waits more than "
                f"{self.n} minutes.",
            ),
        }
        indonesian, english = texts[self.mode]
        return english if lang == "en" else indonesian


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket as the rule sees it."""

    ticket_id: int
    priority: bool
    queue_at: datetime  # arrival time used for ordering (kept across transfers)
    position: int = 0  # the service's place in the counter's work profile (lower first)


def choose(
    rule: CallingRule,
    candidates: list[Candidate],
    normals_since_priority: int,
    now: datetime,
) -> Candidate | None:
    """Pick the next ticket for a counter, or None when nothing waits.

    Within the chosen class (priority or normal) the counter's profile position decides first,
    then arrival order, then ticket id (stable for equal arrival times)."""
    if not candidates:
        return None

    def order(c: Candidate) -> tuple:
        return (c.position, c.queue_at, c.ticket_id)

    if rule.mode is RuleMode.FIFO:
        return min(candidates, key=order)
    priority = [c for c in candidates if c.priority]
    normal = [c for c in candidates if not c.priority]
    if not priority:
        return min(normal, key=order)
    if not normal:
        return min(priority, key=order)
    if rule.mode is RuleMode.PRIORITY_FIRST:
        return min(priority, key=order)
    if rule.mode is RuleMode.RATIO:
        if normals_since_priority >= rule.n:
            return min(priority, key=order)
        return min(normal, key=order)
    # MAX_WAIT: a normal ticket that has waited too long goes before every priority ticket.
    overdue = [c for c in normal if (now - c.queue_at).total_seconds() >= rule.n * 60]
    if overdue:
        return min(overdue, key=lambda c: (c.queue_at, c.ticket_id))
    return min(priority, key=order)
