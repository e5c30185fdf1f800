"""The queue engine: commands in, events out, state kept in memory.

The engine validates a command completely before it changes anything, so a rejected command
leaves the state untouched. The store persists the tickets and counters named by the events.
Time and ids come in through the Context: the engine never reads a clock or a random source.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable

from . import commands as c
from .calling import Candidate, choose
from .eta import Estimate, estimate_new, estimate_ticket
from .events import Event, EventType
from .model import Catalog, Channel
from .schedule import Availability, availability, service_day
from .tickets import CounterState, CounterStatus, Ticket, TicketStatus
from .waiting import WaitingIndex

RECENT_DURATIONS = 20  # service times kept per service for the wait estimate
HISTORY = 10  # last tickets shown per counter

# A ticket's status in words, for refusals shown to officers ("Tiket A001 sedang dilayani").
STATUS_WORDS: dict[TicketStatus, str] = {
    TicketStatus.WAITING: "masih menunggu",
    TicketStatus.CALLED: "sedang dipanggil",
    TicketStatus.SERVING: "sedang dilayani",
    TicketStatus.DONE: "sudah selesai dilayani",
    TicketStatus.NO_SHOW: "sudah dilewati (tidak hadir)",
    TicketStatus.CANCELLED: "sudah dibatalkan",
    TicketStatus.EXPIRED: "sudah kedaluwarsa",
}


class Rejected(Exception):
    """A command that cannot be carried out (an expected outcome, shown to the user)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.pending_events: list[Event] = []


@dataclass(frozen=True)
class Context:
    now: datetime
    new_ticket_id: Callable[[], int]
    new_token: Callable[[], str]


@dataclass
class QueueState:
    catalog: Catalog
    day: date | None = None
    tickets: dict[int, Ticket] = field(default_factory=dict)
    counters: dict[int, CounterState] = field(default_factory=dict)
    series: dict[str, int] = field(default_factory=dict)  # prefix -> last number today
    issued: dict[int, int] = field(default_factory=dict)  # service -> walk-in tickets today
    durations: dict[int, deque] = field(default_factory=dict)  # service -> recent minutes
    # Waiting tickets per service and class: call-next and estimates must not scan the day.
    index: WaitingIndex = field(default_factory=WaitingIndex)

    def add_ticket(self, ticket: Ticket) -> None:
        self.tickets[ticket.id] = ticket
        if ticket.status is TicketStatus.WAITING:
            self.index.add(ticket)

    def set_status(self, ticket: Ticket, status: TicketStatus) -> None:
        """The one way to change a ticket's status, so the index stays true."""
        self.index.remove(ticket)
        ticket.status = status
        if status is TicketStatus.WAITING:
            self.index.add(ticket)

    def requeue_at(self, ticket: Ticket, queue_at: datetime) -> None:
        self.index.remove(ticket)
        ticket.queue_at = queue_at
        self.set_status(ticket, TicketStatus.WAITING)

    def move(self, ticket: Ticket, service_id: int) -> None:
        self.index.remove(ticket)
        ticket.service_id = service_id
        self.set_status(ticket, ticket.status)

    def forget(self, ticket_ids: set[int]) -> None:
        for ticket_id in ticket_ids:
            self.index.remove(self.tickets.pop(ticket_id))

    def counter(self, counter_id: int) -> CounterState:
        if counter_id not in self.catalog.counters:
            raise Rejected("unknown_counter", f"Loket {counter_id} tidak dikenal")
        return self.counters.setdefault(counter_id, CounterState(counter_id))

    def waiting(self, service_ids: tuple[int, ...] | set[int]) -> list[Ticket]:
        return [t for s in service_ids for t in self.index.tickets(s)]

    def heads(self, service_ids: tuple[int, ...]) -> list[Ticket]:
        """The first normal and first priority ticket of each service: all a rule can pick."""
        return [t for s in service_ids for p in (False, True)
                if (t := self.index.head(s, p)) is not None]

    def staffed(self, service_id: int) -> bool:
        for counter_id in self.catalog.counters_for_service(service_id):
            state = self.counters.get(counter_id)
            if state and state.status is not CounterStatus.CLOSED:
                return True
        return False

    def open_counters(self, service_id: int) -> int:
        return sum(
            1
            for counter_id in self.catalog.counters_for_service(service_id)
            if (s := self.counters.get(counter_id)) and s.status is CounterStatus.OPEN
        )

    def mean_minutes(self, service_id: int) -> float:
        recent = self.durations.get(service_id)
        if recent:
            return sum(recent) / len(recent)
        return self.catalog.services[service_id].avg_service_minutes

    def record_duration(self, service_id: int, minutes: float) -> None:
        self.durations.setdefault(service_id, deque(maxlen=RECENT_DURATIONS)).append(minutes)


class QueueEngine:
    def __init__(self, state: QueueState) -> None:
        self.state = state

    # -- queries ---------------------------------------------------------------------------
    def availability(self, service_id: int, now: datetime) -> Availability:
        self._service(service_id)
        return availability(
            self.state.catalog,
            service_id,
            now,
            self._issued_today(service_id, now),
            self.state.staffed(service_id),
        )

    def estimate_new(self, service_id: int, priority: bool) -> Estimate:
        return estimate_new(self.state, service_id, priority)

    def estimate(self, ticket_id: int) -> Estimate:
        return estimate_ticket(self.state, self.state.tickets[ticket_id])

    def _issued_today(self, service_id: int, now: datetime) -> int:
        if self.state.day != service_day(now, self.state.catalog.site.timezone):
            return 0
        return self.state.issued.get(service_id, 0)

    # -- commands --------------------------------------------------------------------------
    def handle(self, command: c.Command, ctx: Context) -> list[Event]:
        handler = getattr(self, "_" + type(command).__name__)
        events = self._roll_day(ctx.now)
        try:
            return events + handler(command, ctx)
        except Rejected as rejected:
            rejected.pending_events = events  # the day rolled over all the same: store these
            raise

    def _roll_day(self, now: datetime) -> list[Event]:
        """At the first command of a new local day: expire what is left and restart numbering."""
        state = self.state
        today = service_day(now, state.catalog.site.timezone)
        if state.day is not None and today <= state.day:
            return []  # same day, or a clock that stepped back: never restart numbering
        events: list[Event] = []
        for counter in state.counters.values():
            if counter.status is not CounterStatus.CLOSED:
                counter.status, counter.officer_id, counter.since = CounterStatus.CLOSED, None, now
                counter.pause_reason, counter.ticket_id = None, None
                events.append(Event(EventType.COUNTER_CLOSED, now, counter_id=counter.counter_id,
                                    data={"reason": "day_end"}))
        expired = set()
        for ticket in sorted(state.tickets.values(), key=lambda t: t.id):
            if ticket.day < today and not ticket.status.final:
                state.set_status(ticket, TicketStatus.EXPIRED)
                ticket.finished_at = now
                expired.add(ticket.id)
                events.append(Event(EventType.TICKET_EXPIRED, now, ticket_id=ticket.id))
        # Older finished tickets live on in the store only; the just-expired ones stay until the
        # next rollover so the store can still persist them.
        state.forget({tid for tid, t in state.tickets.items() if t.day < today and tid not in expired})
        state.day = today
        state.series = {}
        state.issued = {}
        events.append(Event(EventType.DAY_STARTED, now, data={"day": today}))
        return events

    def _service(self, service_id: int):
        service = self.state.catalog.services.get(service_id)
        if service is None:
            raise Rejected("unknown_service", f"Layanan {service_id} tidak dikenal")
        return service

    def _ticket(self, ticket_id: int) -> Ticket:
        ticket = self.state.tickets.get(ticket_id)
        if ticket is None:
            raise Rejected("unknown_ticket", f"Tiket {ticket_id} tidak ada dalam antrean hari ini")
        return ticket

    def _IssueTicket(self, cmd: c.IssueTicket, ctx: Context) -> list[Event]:
        state = self.state
        service = self._service(cmd.service_id)
        if cmd.priority is not None and not service.priority_eligible:
            raise Rejected("priority_not_allowed", f"Layanan {service.name} tanpa jalur prioritas")
        walk_in = cmd.channel is Channel.WALK_IN
        avail = availability(
            state.catalog,
            service.id,
            ctx.now,
            state.issued.get(service.id, 0) if walk_in else 0,  # bookings have their own quota
            state.staffed(service.id),
        )
        if not avail.issuable:
            raise Rejected(avail.reason or "closed", avail.message("id"))
        seq = state.series.get(service.prefix, 0) + 1
        number = f"{service.prefix}{seq:0{state.catalog.site.number_padding}d}"
        ticket = Ticket(
            id=ctx.new_ticket_id(),
            token=ctx.new_token(),
            service_id=service.id,
            number=number,
            prefix=service.prefix,
            seq=seq,
            day=state.day,  # type: ignore[arg-type]  # set by _roll_day
            issued_at=ctx.now,
            queue_at=ctx.now,
            priority=cmd.priority,
            channel=cmd.channel,
            original_service_id=service.id,
            booking_code=cmd.booking_code,
        )
        state.series[service.prefix] = seq
        if walk_in:
            state.issued[service.id] = state.issued.get(service.id, 0) + 1
        state.add_ticket(ticket)
        return [Event(EventType.TICKET_ISSUED, ctx.now, ticket_id=ticket.id,
                      data={"number": number, "service_id": service.id})]

    # -- counters ----------------------------------------------------------------------------
    def _OpenCounter(self, cmd: c.OpenCounter, ctx: Context) -> list[Event]:
        counter = self.state.counter(cmd.counter_id)
        if counter.status is not CounterStatus.CLOSED:
            if counter.officer_id == cmd.officer_id:
                return []  # already open by this officer: a repeated login is harmless
            raise Rejected("counter_in_use", "Loket sedang digunakan petugas lain")
        counter.status, counter.officer_id, counter.since = CounterStatus.OPEN, cmd.officer_id, ctx.now
        return [Event(EventType.COUNTER_OPENED, ctx.now, counter_id=counter.counter_id,
                      data={"officer_id": cmd.officer_id})]

    def _CloseCounter(self, cmd: c.CloseCounter, ctx: Context) -> list[Event]:
        counter = self.state.counter(cmd.counter_id)
        if counter.status is CounterStatus.CLOSED:
            return []
        events = self._return_current(counter, ctx)
        officer = counter.officer_id
        counter.status, counter.officer_id, counter.since = CounterStatus.CLOSED, None, ctx.now
        counter.pause_reason = None
        events.append(Event(EventType.COUNTER_CLOSED, ctx.now, counter_id=counter.counter_id,
                            data={"officer_id": officer}))
        return events

    def _return_current(self, counter: CounterState, ctx: Context) -> list[Event]:
        """A ticket still at a closing counter goes back to the queue, never lost."""
        if counter.ticket_id is None:
            return []
        ticket = self.state.tickets[counter.ticket_id]
        counter.ticket_id = None
        self.state.set_status(ticket, TicketStatus.WAITING)
        ticket.counter_id = ticket.officer_id = None
        return [Event(EventType.TICKET_RETURNED, ctx.now, ticket_id=ticket.id,
                      counter_id=counter.counter_id)]

    def _open_counter(self, counter_id: int) -> CounterState:
        counter = self.state.counter(counter_id)
        if counter.status is CounterStatus.CLOSED:
            raise Rejected("counter_closed", "Loket belum dibuka")
        if counter.status is CounterStatus.PAUSED:
            raise Rejected("counter_paused", "Loket sedang jeda; lanjutkan dulu")
        return counter

    def _PauseCounter(self, cmd: c.PauseCounter, ctx: Context) -> list[Event]:
        counter = self._open_counter(cmd.counter_id)
        if counter.ticket_id is not None:
            raise Rejected("counter_busy", "Selesaikan atau alihkan tiket yang sedang dilayani dulu")
        counter.status, counter.pause_reason, counter.since = CounterStatus.PAUSED, cmd.reason, ctx.now
        return [Event(EventType.COUNTER_PAUSED, ctx.now, counter_id=counter.counter_id,
                      data={"reason": cmd.reason, "officer_id": counter.officer_id})]

    def _ResumeCounter(self, cmd: c.ResumeCounter, ctx: Context) -> list[Event]:
        counter = self.state.counter(cmd.counter_id)
        if counter.status is not CounterStatus.PAUSED:
            raise Rejected("not_paused", "Loket tidak sedang jeda")
        counter.status, counter.pause_reason, counter.since = CounterStatus.OPEN, None, ctx.now
        return [Event(EventType.COUNTER_RESUMED, ctx.now, counter_id=counter.counter_id,
                      data={"officer_id": counter.officer_id})]

    # -- calling -----------------------------------------------------------------------------
    def _CallNext(self, cmd: c.CallNext, ctx: Context) -> list[Event]:
        counter = self._open_counter(cmd.counter_id)
        catalog = self.state.catalog
        services = catalog.counter_services(counter.counter_id)
        candidates = [
            Candidate(t.id, t.priority is not None, t.queue_at,
                      catalog.service_position(counter.counter_id, t.service_id))
            for t in self.state.heads(services)
        ]
        chosen = choose(catalog.site.calling_rule, candidates, counter.normals_since_priority, ctx.now)
        if chosen is None:
            raise Rejected("queue_empty", "Tidak ada antrean yang menunggu")
        events = self._finish_current(counter, (), ctx)
        return events + self._call(counter, self.state.tickets[chosen.ticket_id], ctx)

    def _CallTicket(self, cmd: c.CallTicket, ctx: Context) -> list[Event]:
        counter = self._open_counter(cmd.counter_id)
        ticket = self._ticket(cmd.ticket_id)
        if ticket.status is not TicketStatus.WAITING:
            raise Rejected("not_waiting", f"Tiket {ticket.number} tidak sedang menunggu")
        if ticket.service_id not in self.state.catalog.counter_services(counter.counter_id):
            raise Rejected("not_served_here", f"Tiket {ticket.number} bukan untuk loket ini")
        events = self._finish_current(counter, (), ctx)
        return events + self._call(counter, ticket, ctx)

    def _call(self, counter: CounterState, ticket: Ticket, ctx: Context) -> list[Event]:
        self.state.set_status(ticket, TicketStatus.CALLED)
        ticket.counter_id, ticket.officer_id = counter.counter_id, counter.officer_id
        ticket.called_at, ticket.calls = ctx.now, ticket.calls + 1
        counter.ticket_id = ticket.id
        if ticket.priority is None:
            counter.normals_since_priority += 1
        else:
            counter.normals_since_priority = 0
        return [Event(EventType.TICKET_CALLED, ctx.now, ticket_id=ticket.id,
                      counter_id=counter.counter_id,
                      data={"number": ticket.number, "officer_id": counter.officer_id,
                            "priority": ticket.priority})]

    def _current(self, counter_id: int, allowed: tuple[TicketStatus, ...]) -> tuple[CounterState, Ticket]:
        counter = self._open_counter(counter_id)
        if counter.ticket_id is None:
            raise Rejected("no_ticket", "Belum ada tiket yang dipanggil di loket ini")
        ticket = self.state.tickets[counter.ticket_id]
        if ticket.status not in allowed:
            raise Rejected("wrong_state", f"Tiket {ticket.number} {STATUS_WORDS[ticket.status]}")
        return counter, ticket

    def _Recall(self, cmd: c.Recall, ctx: Context) -> list[Event]:
        counter, ticket = self._current(cmd.counter_id, (TicketStatus.CALLED,))
        ticket.calls += 1
        return [Event(EventType.TICKET_RECALLED, ctx.now, ticket_id=ticket.id,
                      counter_id=counter.counter_id,
                      data={"number": ticket.number, "calls": ticket.calls})]

    def _Skip(self, cmd: c.Skip, ctx: Context) -> list[Event]:
        counter, ticket = self._current(cmd.counter_id, (TicketStatus.CALLED,))
        self.state.set_status(ticket, TicketStatus.NO_SHOW)
        ticket.finished_at = ctx.now
        counter.ticket_id = None
        self._remember(counter, ticket)
        return [Event(EventType.TICKET_SKIPPED, ctx.now, ticket_id=ticket.id,
                      counter_id=counter.counter_id, data={"number": ticket.number})]

    def _StartService(self, cmd: c.StartService, ctx: Context) -> list[Event]:
        counter, ticket = self._current(cmd.counter_id, (TicketStatus.CALLED,))
        self.state.set_status(ticket, TicketStatus.SERVING)
        ticket.started_at = ctx.now
        return [Event(EventType.SERVICE_STARTED, ctx.now, ticket_id=ticket.id,
                      counter_id=counter.counter_id, data={"number": ticket.number})]

    def _Finish(self, cmd: c.Finish, ctx: Context) -> list[Event]:
        counter, _ = self._current(cmd.counter_id, (TicketStatus.CALLED, TicketStatus.SERVING))
        for service_id in cmd.services_done:
            self._service(service_id)
        return self._finish_current(counter, cmd.services_done, ctx)

    def _finish_current(self, counter: CounterState, done: tuple[int, ...], ctx: Context) -> list[Event]:
        if counter.ticket_id is None:
            return []
        ticket = self.state.tickets[counter.ticket_id]
        if ticket.started_at is None or ticket.status is TicketStatus.CALLED:
            ticket.started_at = ticket.called_at  # finished without pressing "start"
        self.state.set_status(ticket, TicketStatus.DONE)
        ticket.finished_at = ctx.now
        ticket.services_done = done or (ticket.service_id,)
        counter.ticket_id = None
        self._remember(counter, ticket)
        minutes = (ctx.now - ticket.started_at).total_seconds() / 60  # type: ignore[operator]
        self.state.record_duration(ticket.service_id, minutes)
        return [Event(EventType.TICKET_FINISHED, ctx.now, ticket_id=ticket.id,
                      counter_id=counter.counter_id,
                      data={"number": ticket.number, "services_done": list(ticket.services_done)})]

    def _remember(self, counter: CounterState, ticket: Ticket) -> None:
        counter.history.append(ticket.id)
        del counter.history[:-HISTORY]

    def _Transfer(self, cmd: c.Transfer, ctx: Context) -> list[Event]:
        counter, ticket = self._current(cmd.counter_id, (TicketStatus.CALLED, TicketStatus.SERVING))
        target = self._service(cmd.to_service_id)
        if not target.active:
            raise Rejected("inactive", f"Layanan {target.name} tidak tersedia")
        if target.id == ticket.service_id:
            raise Rejected("same_service", "Tiket sudah berada di layanan itu")
        source = ticket.service_id
        # The visitor keeps the number and the original arrival time (queue_at).
        self.state.move(ticket, target.id)
        self.state.set_status(ticket, TicketStatus.WAITING)
        ticket.counter_id = ticket.officer_id = None
        ticket.called_at = ticket.started_at = None
        ticket.transfers += 1
        counter.ticket_id = None
        self._remember(counter, ticket)
        return [Event(EventType.TICKET_TRANSFERRED, ctx.now, ticket_id=ticket.id,
                      counter_id=counter.counter_id,
                      data={"number": ticket.number, "from_service_id": source,
                            "to_service_id": target.id})]

    # -- visitor side ------------------------------------------------------------------------
    def _Requeue(self, cmd: c.Requeue, ctx: Context) -> list[Event]:
        ticket = self._ticket(cmd.ticket_id)
        if ticket.status is not TicketStatus.NO_SHOW:
            raise Rejected("not_skipped", f"Tiket {ticket.number} tidak dilewati")
        if ticket.requeues >= 1:
            raise Rejected("requeued_once", f"Tiket {ticket.number} sudah pernah diantrekan ulang")
        self.state.requeue_at(ticket, ctx.now)  # back of the line
        ticket.requeues += 1
        ticket.finished_at = None
        ticket.counter_id = ticket.officer_id = None
        return [Event(EventType.TICKET_REQUEUED, ctx.now, ticket_id=ticket.id,
                      data={"number": ticket.number})]

    def _Cancel(self, cmd: c.Cancel, ctx: Context) -> list[Event]:
        ticket = self._ticket(cmd.ticket_id)
        if ticket.status not in (TicketStatus.WAITING, TicketStatus.NO_SHOW):
            raise Rejected("not_cancellable", f"Tiket {ticket.number} tidak dapat dibatalkan")
        self.state.set_status(ticket, TicketStatus.CANCELLED)
        ticket.finished_at = ctx.now
        return [Event(EventType.TICKET_CANCELLED, ctx.now, ticket_id=ticket.id,
                      data={"number": ticket.number})]
