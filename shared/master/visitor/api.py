"""The visitor side's JSON routes, as spec.Route entries (the master's auth, body validation and
error JSON apply; see ``api_routes``). Public ones live under /api/v1/public/...; the kiosk's
check-in is POST /api/v1/bookings/{code}/check-in. Every booking call takes a token from the
client's booking bucket (429 with Retry-After when empty)."""
from __future__ import annotations

from typing import Any, Awaitable, Callable

from ...domain import booking as b
from ...domain.model import PriorityClass
from ...store import visitor_db
from ..spec import DEVICE, PUBLIC, ApiError, Route
from . import bookings as bk
from .checkin import booking_brief, check_in
from .core import VISITOR_COOKIE, Visitor
from .status import status_json
from .survey import booth_current


def _ip(call) -> str:
    return call.request.client.host if call.request.client else ""


def _limit(v: Visitor, call) -> None:
    wait = v.booking_limit.take(_ip(call))
    if wait:
        raise ApiError(429, "rate_limited", f"Terlalu banyak permintaan; coba lagi dalam {wait} "
                       "detik", {"Retry-After": str(wait)})


def _refused(exc: bk.Refused) -> ApiError:
    status = 422 if exc.status == 422 else (404 if exc.status == 404 else 409)
    return ApiError(status, exc.code, exc.message("id"))


def booking_json(v: Visitor, booking: visitor_db.Booking) -> dict[str, Any]:
    catalog = v.catalog()
    service = catalog.services.get(booking.service_id)
    agency = catalog.agencies.get(booking.agency_id)
    start, until = bk.check_in_window(v, booking)
    out = {**booking_brief(booking), "status": bk.status_of(v, booking),
           "service": {"id": booking.service_id, "name": service.name if service else None},
           "agency": {"id": booking.agency_id, "name": agency.name if agency else None},
           "check_in": {"from": start, "until": until}}
    if booking.ticket_id is not None:
        with v.store.lock:
            ticket = v.store.state.tickets.get(booking.ticket_id)
            out["status_path"] = f"/t/{ticket.token}" if ticket else None
    return out


async def services_json(v: Visitor, call) -> dict:
    _limit(v, call)
    return {"agencies": [
        {"id": a.id, "name": a.name, "short_name": a.short_name,
         "services": [{"id": s.id, "name": s.name, "booking_quota": s.booking_quota,
                       "cost": s.standard.cost or "Gratis",
                       "requirements": list(s.standard.requirements)} for s in services]}
        for a, services in bk.bookable(v.catalog())]}


async def days_json(v: Visitor, call) -> dict:
    _limit(v, call)
    service_id = call.params["service_id"]
    try:
        infos = bk.days(v, service_id)
    except bk.Refused as exc:
        raise _refused(exc) from None
    return {"service_id": service_id, "days": [
        {"day": d.day.isoformat(), "free": d.free, "reason": d.reason,
         "message": b.message(d.reason, "id", d.detail) if d.reason else None} for d in infos]}


async def slots_json(v: Visitor, call) -> dict:
    _limit(v, call)
    try:
        day = bk.parse_day(call.request.query_params.get("day"))
        info, slots = bk.slots(v, call.params["service_id"], day)
    except bk.Refused as exc:
        raise _refused(exc) from None
    return {"service_id": call.params["service_id"], "day": day.isoformat(),
            "free": info.free, "reason": info.reason,
            "message": b.message(info.reason, "id", info.detail) if info.reason else None,
            "slots": [{"start": s.slot.key, "end": f"{s.slot.end:%H:%M}",
                       "capacity": s.slot.capacity, "free": s.free, "reason": s.reason}
                      for s in slots]}


async def create_json(v: Visitor, call) -> dict:
    _limit(v, call)
    cookie = call.request.cookies.get(VISITOR_COOKIE, "")
    client = visitor_db.secret_hash(cookie) if 16 <= len(cookie) <= 64 else None
    try:
        booking, token = await bk.create(
            v, service_id=call.body["service_id"], day=bk.parse_day(call.body["day"]),
            start=bk.parse_time(call.body["time"]), phone_text=call.body["phone"],
            client_hash=client, ip=_ip(call))
    except bk.Refused as exc:
        raise _refused(exc) from None
    return {"booking": booking_json(v, booking), "token": token,
            "page": f"/booking/v/{token}"}


def _find(v: Visitor, call) -> visitor_db.Booking:
    ip, token = _ip(call), call.params["token"]
    wait = v.lookup_limit.wait(ip)
    if wait:
        raise ApiError(429, "rate_limited", f"Coba lagi dalam {wait} detik",
                       {"Retry-After": str(wait)})
    booking = visitor_db.booking_by_token(v.reader, token) if len(token) <= 64 else None
    if booking is None:
        v.lookup_limit.charge(ip)
        raise ApiError(404, "unknown_booking", "Booking tidak ditemukan")
    return booking


async def get_json(v: Visitor, call) -> dict:
    _limit(v, call)
    return {"booking": booking_json(v, _find(v, call))}


async def cancel_json(v: Visitor, call) -> dict:
    _limit(v, call)
    booking = _find(v, call)
    if not await bk.cancel(v, booking):
        status = bk.status_of(v, booking)
        code = {b.CHECKED_IN: b.Why.CHECKED_IN, b.EXPIRED: b.Why.EXPIRED}.get(
            status, b.Why.CANCELLED)
        raise ApiError(409, code, b.message(code))
    fresh = visitor_db.booking_by_code(v.reader, booking.code)
    return {"booking": booking_json(v, fresh or booking)}


_BOOKING_BODY = {
    "service_id": {"type": "integer", "required": True, "minimum": 1},
    "day": {"type": "string", "required": True, "min_length": 10, "max_length": 10,
            "description": "YYYY-MM-DD"},
    "time": {"type": "string", "required": True, "min_length": 4, "max_length": 5,
             "description": "slot start HH:MM"},
    "phone": {"type": "string", "nullable": True, "max_length": 32},
}


def api_routes(v: Visitor) -> list[Route]:
    def bind(fn: Callable[[Visitor, Any], Awaitable[Any]], name: str):
        async def handler(master, call):
            return await fn(v, call)
        handler.__name__ = name
        return handler

    return [
        Route("GET", "/public/tickets/{token:str}", bind(status_json, "public_ticket"), PUBLIC,
              errors=(404, 429), name="public_ticket",
              summary="a ticket's live status (ETag; html block for the status page)"),
        Route("GET", "/public/booth/{counter_code:str}", bind(booth_current, "public_booth"),
              PUBLIC, errors=(404,), name="public_booth",
              summary="the ticket the counter's survey tablet should offer, if any"),
        Route("GET", "/public/booking/services", bind(services_json, "booking_services"),
              PUBLIC, errors=(429,), name="booking_services",
              summary="agencies and their services that take online bookings"),
        Route("GET", "/public/booking/services/{service_id:int}/days",
              bind(days_json, "booking_days"), PUBLIC, errors=(404, 429), name="booking_days",
              summary="the bookable days ahead with free places or why not"),
        Route("GET", "/public/booking/services/{service_id:int}/slots",
              bind(slots_json, "booking_slots"), PUBLIC, errors=(404, 422, 429),
              name="booking_slots", summary="?day=YYYY-MM-DD: the day's slots and free places"),
        Route("POST", "/public/bookings", bind(create_json, "booking_create"), PUBLIC,
              status=201, body=_BOOKING_BODY, errors=(404, 409, 429), name="booking_create",
              summary="book a slot; answers the code and the secret page token"),
        Route("GET", "/public/bookings/{token:str}", bind(get_json, "booking_get"), PUBLIC,
              errors=(404, 429), name="booking_get", summary="a booking by its page token"),
        Route("POST", "/public/bookings/{token:str}/cancel", bind(cancel_json, "booking_cancel"),
              PUBLIC, errors=(404, 409, 429), name="booking_cancel",
              summary="cancel a booking by its page token"),
        Route("POST", "/bookings/{code:str}/check-in", bind(check_in, "booking_check_in"),
              DEVICE, ("kiosk",), status=201, errors=(404, 409), name="booking_check_in",
              body={"priority": {"type": "string", "nullable": True,
                                 "enum": [p.value for p in PriorityClass]}},
              summary="check a booking in at a kiosk: issues its ticket (as POST /tickets)"),
    ]
