"""Counters: a counter's state, and the actions an officer takes there (open, call-next, finish,
transfer ...), each one domain command.

Handlers: async (master, call) -> dict (JSON with the route's status) or a Response.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from starlette.responses import Response

from ..domain import commands as c
from ..domain.tickets import PauseReason
from . import payloads
from .call import Call
from .spec import ApiError

if TYPE_CHECKING:
    from .app import Master

__all__ = ["ACTIONS", "counter_state"]


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
    "call": (_TICKET_ID, lambda m, call, cid: c.CallTicket(cid, call.body["ticket_id"]),
             "call a specific waiting ticket"),
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
