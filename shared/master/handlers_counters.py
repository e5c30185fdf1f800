"""Counters: a counter's state, its waiting list in calling order, and the actions an officer
takes there (open, call-next, call by id or number, finish, transfer ...), each one domain
command.

Handlers: async (master, call) -> dict (JSON with the route's status) or a Response.
"""
from __future__ import annotations

import re
from collections import deque
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from starlette.responses import Response

from ..domain import commands as c
from ..domain.calling import Candidate, choose
from ..domain.engine import QueueState
from ..domain.tickets import PauseReason, Ticket
from . import payloads
from .call import Call
from .spec import ApiError

if TYPE_CHECKING:
    from .app import Master

__all__ = ["ACTIONS", "WAITING_LIMIT", "calling_order", "counter_state", "waiting_list"]

WAITING_LIMIT = 200


async def counter_state(m: Master, call: Call) -> dict:
    counter_id = call.params["counter_id"]
    with m.store.lock:
        state = m.store.state
        if counter_id not in state.catalog.counters:
            raise ApiError(404, "unknown_counter", f"Loket {counter_id} tidak dikenal")
        services = state.catalog.counter_services(counter_id)
        waiting = {str(s): len(state.waiting((s,))) for s in services}
        s = state.counters.get(counter_id)
        history = [payloads.ticket_json(state, state.tickets[t])
                   for t in (s.history if s else []) if t in state.tickets]
        return {"seq": m.store.last_seq(), "counter": payloads.counter_json(state, counter_id),
                "waiting": sum(waiting.values()), "waiting_by_service": waiting,
                "history": list(reversed(history))}


def calling_order(state: QueueState, counter_id: int, now: datetime,
                  limit: int = WAITING_LIMIT) -> list[Ticket]:
    """The tickets waiting for a counter in the order its call-next would take them if nobody
    else called and nobody arrived: the engine's own rule (calling.choose) played forward over
    the heads of each service's normal and priority lines, from the counter's current
    normals-since-priority count."""
    catalog = state.catalog
    lines: dict[tuple[int, bool], deque[Ticket]] = {}
    for service_id in catalog.counter_services(counter_id):
        tickets = state.index.tickets(service_id)
        for priority in (False, True):
            line = sorted((t for t in tickets if (t.priority is not None) == priority),
                          key=lambda t: (t.queue_at, t.id))
            if line:
                lines[(service_id, priority)] = deque(line)
    counter = state.counters.get(counter_id)
    normals = counter.normals_since_priority if counter else 0
    rule = catalog.site.calling_rule
    out: list[Ticket] = []
    while lines and len(out) < limit:
        heads = {line[0].id: key for key, line in lines.items()}
        candidates = [Candidate(line[0].id, priority, line[0].queue_at,
                                catalog.service_position(counter_id, service_id))
                      for (service_id, priority), line in lines.items()]
        chosen = choose(rule, candidates, normals, now)
        assert chosen is not None
        key = heads[chosen.ticket_id]
        ticket = lines[key].popleft()
        if not lines[key]:
            del lines[key]
        normals = 0 if chosen.priority else normals + 1
        out.append(ticket)
    return out


async def waiting_list(m: Master, call: Call) -> list:
    """GET /counters/{id}/waiting: what this counter would call, in order (at most 200)."""
    counter_id = call.params["counter_id"]
    with m.store.lock:
        state = m.store.state
        now = m.now()
        services = state.catalog.services
        return [{"ticket_id": t.id, "number": t.number, "service_id": t.service_id,
                 "service_name": services[t.service_id].name if t.service_id in services else None,
                 "priority": t.priority.value if t.priority else None,
                 "queue_at": payloads.localize(state, t.queue_at),
                 "waited_minutes": max(0, int((now - t.queue_at).total_seconds() // 60))}
                for t in calling_order(state, counter_id, now)]


_NUMBER = re.compile(r"\s*([A-Za-z]{1,3})\s*-?\s*0*(\d{1,9})\s*")


def _ticket_to_call(m: Master, call: Call) -> int:
    """`call` names the ticket by id or by its number ("A012"; "a12" too) of today."""
    ticket_id, number = call.body.get("ticket_id"), call.body.get("number")
    if ticket_id is None and number is None:
        raise ApiError(422, "missing_field", "Kolom 'ticket_id' atau 'number' wajib diisi")
    if ticket_id is not None and number is not None:
        raise ApiError(422, "invalid_field", "Isi salah satu saja: 'ticket_id' atau 'number'")
    if ticket_id is not None:
        return ticket_id
    wanted = number.strip().upper()
    parsed = _NUMBER.fullmatch(number)
    with m.store.lock:
        state = m.store.state
        for t in sorted(state.tickets.values(), key=lambda t: t.status.final):  # open first
            if t.day != state.day:
                continue
            if t.number.upper() == wanted or (
                    parsed and t.prefix.upper() == parsed.group(1).upper()
                    and t.seq == int(parsed.group(2))):
                return t.id
    raise ApiError(409, "unknown_ticket",
                   f"Tiket {wanted or '(kosong)'} tidak ada dalam antrean hari ini")


def _known_service(m: Master, service_id: int) -> int:
    if service_id not in m.store.state.catalog.services:
        raise ApiError(422, "unknown_service", f"Layanan {service_id} tidak dikenal")
    return service_id


def _own_ticket(m: Master, call: Call, ticket_id: int) -> int:
    """Requeue/cancel name a ticket, not a counter: it must belong to the counter's agency."""
    officer = call.officer
    assert officer is not None
    if officer.role == "admin":
        return ticket_id
    with m.store.lock:
        state = m.store.state
        ticket = state.tickets.get(ticket_id)
        if ticket is None:
            return ticket_id  # the engine says unknown_ticket (409)
        service = state.catalog.services.get(ticket.service_id)
        agency = state.catalog.agency_of_counter(call.params["counter_id"]).id
    if service is None or service.agency_id != agency:
        raise ApiError(409, "not_served_here", f"Tiket {ticket.number} milik instansi lain")
    return ticket_id


# Counter actions: name -> (body schema, command builder).
_TICKET_ID = {"ticket_id": {"type": "integer", "required": True, "minimum": 1}}
ACTIONS: dict[str, tuple[dict | None, Callable[[Master, Call, int], c.Command], str]] = {
    "open": (None, lambda m, call, cid: c.OpenCounter(cid, call.officer.id),  # type: ignore[union-attr]
             "open the counter under the signed-in officer"),
    "close": (None, lambda m, call, cid: c.CloseCounter(cid),
              "close the counter (a called ticket goes back to the queue)"),
    "pause": ({"reason": {"type": "string", "enum": [r.value for r in PauseReason],
                          "default": PauseReason.ISTIRAHAT.value}},
              lambda m, call, cid: c.PauseCounter(cid, PauseReason(call.body["reason"])),
              "pause with a reason (istirahat, sholat, rapat, lainnya)"),
    "resume": (None, lambda m, call, cid: c.ResumeCounter(cid), "resume after a pause"),
    "call-next": (None, lambda m, call, cid: c.CallNext(cid),
                  "call the next ticket by the calling rule and the counter's profile"),
    "call": ({"ticket_id": {"type": "integer", "minimum": 1},
              "number": {"type": "string", "min_length": 1, "max_length": 16,
                         "description": "today's ticket number (\"A012\"), instead of ticket_id"}},
             lambda m, call, cid: c.CallTicket(cid, _ticket_to_call(m, call)),
             "call a specific waiting ticket, by ticket_id or by number"),
    "recall": (None, lambda m, call, cid: c.Recall(cid), "call the current ticket again"),
    "skip": (None, lambda m, call, cid: c.Skip(cid), "no-show: skip the called ticket"),
    "start": (None, lambda m, call, cid: c.StartService(cid), "start serving the called ticket"),
    "finish": ({"services_done": {"type": "array", "max_items": 50, "default": [],
                                  "items": {"type": "integer", "minimum": 1}}},
               lambda m, call, cid: c.Finish(cid, tuple(_known_service(m, s)
                                                        for s in call.body["services_done"] or ())),
               "finish; services_done lists the services actually done (default: the ticket's)"),
    "transfer": ({"service_id": {"type": "integer", "required": True, "minimum": 1}},
                 lambda m, call, cid: c.Transfer(cid, _known_service(m, call.body["service_id"])),
                 "send the ticket to another service, keeping its arrival time"),
    "requeue": (_TICKET_ID, lambda m, call, cid: c.Requeue(_own_ticket(m, call, call.body["ticket_id"])),
                "put a skipped (no-show) ticket back in the queue, once"),
    "cancel": (_TICKET_ID, lambda m, call, cid: c.Cancel(_own_ticket(m, call, call.body["ticket_id"])),
               "cancel a waiting or skipped ticket"),
}


def _action_handler(name: str, build: Callable[[Master, Call, int], c.Command]):
    async def handler(m: Master, call: Call) -> Response:
        command = build(m, call, call.params["counter_id"])
        outcome = await m.run(command)
        return m.action_response(outcome)
    handler.__name__ = "counter_" + name.replace("-", "_")
    return handler
