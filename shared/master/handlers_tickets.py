"""Tickets: issuing one at a kiosk (idempotent with an Idempotency-Key) and the public status of
one by its token.

Handlers: async (master, call) -> dict (JSON with the route's status) or a Response.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..domain import commands as c
from ..domain.model import PriorityClass
from ..store import idempotency as idem
from ..store.idempotency import IdempotencyKey, StoredResponse
from . import payloads
from .call import Call
from .spec import ApiError

if TYPE_CHECKING:
    from .app import Master

__all__ = ["issue_ticket", "ticket_status"]


_KEY_CHARS = frozenset(chr(i) for i in range(0x21, 0x7F))


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    if not 1 <= len(key) <= 100 or not set(key) <= _KEY_CHARS:
        raise ApiError(400, "invalid_idempotency_key",
                       "Idempotency-Key harus 1-100 karakter ASCII yang terlihat")
    return key


def _replay(stored: StoredResponse | None, request_hash: str) -> Response:
    assert stored is not None
    if stored.request_hash != request_hash:
        raise ApiError(422, "idempotency_key_reused",
                       "Idempotency-Key ini sudah dipakai untuk permintaan yang berbeda")
    headers = {"Idempotent-Replayed": "true"} if stored.replayed else None
    return Response(stored.body, stored.status, headers=headers, media_type="application/json")


async def issue_ticket(m: Master, call: Call) -> Response:
    key = _idempotency_key(call.request)  # type: ignore[arg-type]
    service_id, priority = call.body["service_id"], call.body["priority"]
    if service_id not in m.store.state.catalog.services:
        raise ApiError(422, "unknown_service", f"Layanan {service_id} tidak dikenal")
    command = c.IssueTicket(service_id, PriorityClass(priority) if priority else None)
    if key is None:
        outcome = await m.run(command)
        with m.store.lock:
            status, body = m.ticket_response(outcome)
        return JSONResponse(body, status)
    assert call.device is not None
    request_hash = idem.request_hash({"service_id": service_id, "priority": priority})
    stored = idem.lookup(m.reader, call.device.id, key)
    if stored is not None:  # fast path; the authoritative check runs inside the transaction
        return _replay(stored, request_hash)
    record = IdempotencyKey(call.device.id, key, request_hash, m.ticket_response)
    outcome = await m.run(command, record)
    return _replay(outcome.response, request_hash)


async def ticket_status(m: Master, call: Call) -> dict:
    token = call.params["token"]
    if not 8 <= len(token) <= 64 or not token.isascii():  # (compare_digest wants ASCII)
        raise ApiError(404, "unknown_ticket", "Tiket tidak ditemukan")
    ticket = m.store.ticket_by_token(token)
    if ticket is None:
        raise ApiError(404, "unknown_ticket", "Tiket tidak ditemukan")
    with m.store.lock:
        state = m.store.state
        live = state.tickets.get(ticket.id)
        estimate = m.store.engine.estimate(ticket.id) if live is not None else None
        return payloads.public_ticket_json(state, live or ticket, estimate)
