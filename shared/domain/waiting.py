"""Index of waiting tickets per service and class (priority or normal).

Call-next must not scan the whole day: it only needs the head (earliest queue_at) of each
service's two lines. Heaps with lazy deletion give that in O(log n); the sets hold the truth."""
from __future__ import annotations

import heapq
from datetime import datetime

from .tickets import Ticket


class WaitingIndex:
    def __init__(self) -> None:
        self._members: dict[tuple[int, bool], dict[int, Ticket]] = {}
        self._heaps: dict[tuple[int, bool], list[tuple[datetime, int]]] = {}

    @staticmethod
    def _key(ticket: Ticket) -> tuple[int, bool]:
        return (ticket.service_id, ticket.priority is not None)

    def add(self, ticket: Ticket) -> None:
        key = self._key(ticket)
        self._members.setdefault(key, {})[ticket.id] = ticket
        heapq.heappush(self._heaps.setdefault(key, []), (ticket.queue_at, ticket.id))

    def remove(self, ticket: Ticket) -> None:
        """Forget a ticket; call before changing its service, class or queue_at."""
        self._members.get(self._key(ticket), {}).pop(ticket.id, None)

    def head(self, service_id: int, priority: bool) -> Ticket | None:
        key = (service_id, priority)
        members = self._members.get(key)
        if not members:
            return None
        heap = self._heaps[key]
        while heap:
            queue_at, ticket_id = heap[0]
            ticket = members.get(ticket_id)
            if ticket is not None and ticket.queue_at == queue_at:
                return ticket
            heapq.heappop(heap)  # stale: left the line, or re-queued with a new time
        return None  # pragma: no cover - members non-empty implies a live heap entry

    def tickets(self, service_id: int) -> list[Ticket]:
        return [*self._members.get((service_id, False), {}).values(),
                *self._members.get((service_id, True), {}).values()]

    def count(self, service_id: int, priority: bool | None = None) -> int:
        if priority is None:
            return self.count(service_id, False) + self.count(service_id, True)
        return len(self._members.get((service_id, priority), ()))
