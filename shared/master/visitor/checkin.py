"""POST /api/v1/bookings/{code}/check-in (kiosk devices): a booking becomes a ticket in the same
queue (IssueTicket, channel=ONLINE, booking_code).

Answers as POST /api/v1/tickets does (201 {"ticket", "estimate", "status_path"}, here plus
"booking"); the same kiosk asking again gets the same ticket back (header Idempotent-Replayed:
true), another kiosk 409 already_checked_in. A code that is unknown, malformed or for another day
gets one and the same 404 unknown_booking: the answer reveals nothing about other days. Early
arrivals are taken from ``early_minutes`` before the slot (409 too_early before that), late ones
until ``grace_minutes`` after its start (then 409 booking_expired: the booking is lost). The
queue's own rules still apply (409 not_yet_open, cutoff ... as for a walk-in ticket).
"""
from __future__ import annotations

import asyncio
import contextlib
from typing import AsyncIterator

from starlette.responses import JSONResponse, Response

from ...domain import booking as b
from ...domain import commands as c
from ...domain.model import Channel, PriorityClass
from ...domain.schedule import local
from ...domain.tickets import TicketStatus
from ...store import visitor_db
from .. import payloads
from ..spec import ApiError
from .core import Visitor


def _unknown() -> ApiError:
    return ApiError(404, "unknown_booking",
                    "Kode booking tidak ditemukan atau tidak berlaku hari ini")


@contextlib.asynccontextmanager
async def _locked(v: Visitor, key: str) -> AsyncIterator[None]:
    entry = v.checkin_locks.setdefault(key, [asyncio.Lock(), 0])
    entry[1] += 1
    try:
        async with entry[0]:
            yield
    finally:
        entry[1] -= 1
        if entry[1] == 0:
            v.checkin_locks.pop(key, None)


def booking_brief(booking: visitor_db.Booking) -> dict:
    return {"code": b.format_code(booking.code), "day": booking.day.isoformat(),
            "start": f"{booking.start:%H:%M}", "end": f"{booking.end:%H:%M}",
            "service_id": booking.service_id}


async def check_in(v: Visitor, call) -> Response:
    code = b.normalize_code(call.params["code"])
    today = local(v.now(), v.tz).date()
    booking = visitor_db.booking_by_code(v.reader, code) if code else None
    if booking is None or booking.day != today:
        raise _unknown()
    async with _locked(v, booking.code):
        return await _check_in(v, call, booking.code)


async def _check_in(v: Visitor, call, code: str) -> Response:
    device_id = call.device.id
    booking = visitor_db.booking_by_code(v.reader, code)
    assert booking is not None
    ticket_id = visitor_db.ticket_id_for_booking(v.reader, code)
    if ticket_id is not None:
        owner = booking.device_id if booking.status == b.CHECKED_IN else device_id
        if booking.status != b.CHECKED_IN:  # the ticket committed, the booking row did not
            await v.write(lambda conn: visitor_db.mark_checked_in(
                conn, booking.id, ticket_id, device_id, v.now_ms()))
        if owner == device_id:
            replay = _replay(v, booking, ticket_id)
            if replay is not None:
                return replay
        raise ApiError(409, b.Why.CHECKED_IN, b.message(b.Why.CHECKED_IN))
    reason = b.check_in_reason(booking.status, booking.day, booking.start, v.now(), v.tz,
                               v.policy())
    if reason is not None:
        why, detail = reason
        if why == b.Why.OTHER_DAY:  # the day rolled over while we waited
            raise _unknown()
        if why == b.Why.EXPIRED and booking.status == b.BOOKED:
            await v.write(lambda conn: visitor_db.mark_expired(conn, booking.id))
        raise ApiError(409, why, b.message(why, "id", detail))
    priority = call.body.get("priority")
    outcome = await v.master.run(c.IssueTicket(
        booking.service_id, PriorityClass(priority) if priority else None, Channel.ONLINE, code))
    if outcome.rejected is None and outcome.ticket is not None:
        issued = outcome.ticket.id
        await v.write(lambda conn: visitor_db.mark_checked_in(
            conn, booking.id, issued, device_id, v.now_ms()))
    with v.store.lock:
        status, body = v.master.ticket_response(outcome)
    if status == 201:
        body["booking"] = booking_brief(booking)
    return JSONResponse(body, status)


def _replay(v: Visitor, booking: visitor_db.Booking, ticket_id: int) -> Response | None:
    with v.store.lock:
        state = v.store.state
        ticket = state.tickets.get(ticket_id)
        if ticket is None:
            return None
        estimate = (v.store.engine.estimate(ticket.id)
                    if ticket.status is TicketStatus.WAITING else None)
        body = {"ticket": payloads.ticket_json(state, ticket, with_token=True),
                "estimate": payloads.estimate_json(estimate),
                "status_path": f"/t/{ticket.token}", "booking": booking_brief(booking)}
    return JSONResponse(body, 201, headers={"Idempotent-Replayed": "true"})
