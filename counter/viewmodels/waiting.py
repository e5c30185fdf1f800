"""Waiting tickets of this counter's services, followed from the event stream, so that the
officer can call a specific one ("call A012") by its number.

Every ticket event carries the ticket's status and service after the command (docs/api.md), so
one rule keeps the list true: a ticket that is ``waiting`` in one of our services is in the list,
any other ticket is not. Tickets issued before the panel started are unknown here (the master has
no list endpoint yet); the view-model says so when a typed number is not found. Plain Python.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WaitingTicket:
    id: int
    number: str
    service_id: int
    priority: str | None
    seq: int  # the event that put it here: the list's order is the order of arrival here


class WaitingTracker:
    def __init__(self) -> None:
        self.services: set[int] = set()
        self.tickets: dict[int, WaitingTicket] = {}

    def set_services(self, services: list[int] | set[int]) -> None:
        self.services = set(services)
        self.tickets = {t: w for t, w in self.tickets.items() if w.service_id in self.services}

    def clear(self) -> None:
        self.tickets.clear()

    def apply(self, event: dict) -> bool:
        """Follow one event; True when the list changed."""
        if event.get("type") == "day_started":
            changed = bool(self.tickets)
            self.tickets.clear()
            return changed
        ticket_id = event.get("ticket_id")
        data = event.get("data") or {}
        if ticket_id is None or "status" not in data:
            return False
        if data.get("status") == "waiting" and data.get("service_id") in self.services:
            self.tickets[ticket_id] = WaitingTicket(ticket_id, str(data.get("number", "?")),
                                                    data["service_id"], data.get("priority"),
                                                    int(event.get("seq") or 0))
            return True
        return self.tickets.pop(ticket_id, None) is not None

    def forget(self, ticket_id: int) -> None:
        self.tickets.pop(ticket_id, None)

    def ordered(self) -> list[WaitingTicket]:
        return sorted(self.tickets.values(), key=lambda w: (w.seq, w.id))

    def by_number(self, number: str) -> WaitingTicket | None:
        wanted = number.strip().upper()
        for ticket in self.tickets.values():
            if ticket.number.upper() == wanted:
                return ticket
        return None
