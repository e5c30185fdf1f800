"""Booking operations shared by the pages and the JSON API: what can be booked, making and
cancelling a booking, and the kiosk's check-in that turns one into a ticket.

Making a booking runs in the writer thread: the counts, the rules and the insert share one
transaction, so two visitors can never both take the last place of a slot. Check-ins of one
code are serialised by a lock in the event loop; the ticket row (tickets.booking_code) is the
authoritative record that a booking was used, the booking row follows right after.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from ...domain import booking as b
from ...domain.model import Agency, Catalog, Service
from ...store import visitor_db
from .core import Visitor

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")


class Refused(Exception):
    """A booking the rules refuse: HTTP status, reason code (booking.Why) and its detail."""

    def __init__(self, status: int, code: str, detail: object = "") -> None:
        super().__init__(code)
        self.status, self.code, self.detail = status, code, detail

    def message(self, lang: str) -> str:
        if self.code in b.MESSAGES:
            return b.message(self.code, lang, self.detail)
        return {"unknown_service": ("Layanan tidak dikenal", "Unknown service"),
                "invalid_phone": ("Nomor HP tidak sah (awali dengan 08 atau +62)",
                                  "Not a valid mobile number (start with 08 or +62)"),
                "invalid_day": ("Tanggal tidak sah", "Invalid date"),
                "invalid_time": ("Jam tidak sah", "Invalid time"),
                }[self.code][1 if lang == "en" else 0]


def parse_day(text: str | None) -> date:
    if not text or not _DAY.fullmatch(text):
        raise Refused(422, "invalid_day")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refused(422, "invalid_day") from None


def parse_time(text: str | None) -> time:
    match = _TIME.fullmatch(text or "")
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise Refused(422, "invalid_time")
    return time(int(match.group(1)), int(match.group(2)))


def bookable(catalog: Catalog) -> list[tuple[Agency, list[Service]]]:
    """Agencies with their services that take online bookings, in display order."""
    out = []
    for agency in sorted(catalog.agencies.values(), key=lambda a: (a.sort, a.name)):
        services = sorted((s for s in catalog.services.values() if s.agency_id == agency.id
                           and s.active and s.booking_quota > 0), key=lambda s: (s.sort, s.name))
        if services:
            out.append((agency, services))
    return out


def bookable_service(catalog: Catalog, service_id: int) -> Service:
    service = catalog.services.get(service_id)
    if service is None or not service.active or service.booking_quota <= 0:
        raise Refused(404, "unknown_service")
    return service


@dataclass(frozen=True)
class DayInfo:
    day: date
    reason: str | None
    detail: object
    free: int


@dataclass(frozen=True)
class SlotInfo:
    slot: b.Slot
    free: int
    reason: str | None


def _detail(reason: str | None, plan: b.DayPlan, policy: b.BookingPolicy) -> object:
    return {b.Why.TOO_FAR: policy.horizon_days, b.Why.HOLIDAY: plan.detail}.get(reason or "", "")


def slots(v: Visitor, service_id: int, day: date) -> tuple[DayInfo, list[SlotInfo]]:
    catalog, policy, now, tz = v.catalog(), v.policy(), v.now(), v.tz
    bookable_service(catalog, service_id)
    plan = b.day_plan(catalog, service_id, day, policy)
    taken = visitor_db.taken_by_slot(v.reader, service_id, day)
    day_taken = sum(taken.values())
    reason = b.day_reason(plan, now, tz, policy, day_taken)
    infos = []
    if reason is None:
        for slot in plan.slots:
            used = taken.get(slot.key, 0)
            why = b.slot_reason(plan, slot, now, tz, policy, used, day_taken)
            infos.append(SlotInfo(slot, 0 if why else min(slot.capacity - used,
                                                          plan.quota - day_taken), why))
        open_ = [i for i in infos if i.reason is None]
        if not open_:
            reason = next((i.reason for i in infos if i.reason == b.Why.SLOT_FULL),
                          b.Why.CUTOFF)
    free = min(sum(i.free for i in infos), max(0, plan.quota - day_taken)) if not reason else 0
    return DayInfo(day, reason, _detail(reason, plan, policy), free), infos


def days(v: Visitor, service_id: int) -> list[DayInfo]:
    return [slots(v, service_id, day)[0] for day in b.days_ahead(v.now(), v.tz, v.policy())]


async def create(v: Visitor, *, service_id: int, day: date, start: time, phone_text: str | None,
                 client_hash: str | None, ip: str) -> tuple[visitor_db.Booking, str]:
    """A new booking and its secret page token, or Refused."""
    try:
        phone = b.normalize_phone(phone_text)
    except ValueError:
        raise Refused(422, "invalid_phone") from None
    service = bookable_service(v.catalog(), service_id)
    policy = v.policy()  # read here: the reader connection belongs to the event loop's thread

    def write(conn) -> Any:
        catalog, now, tz = v.catalog(), v.now(), v.tz
        plan = b.day_plan(catalog, service.id, day, policy)
        reason = b.check_booking(plan, start, now, tz, policy,
                                 visitor_db.taken_by_slot(conn, service.id, day))
        if reason is not None:
            return Refused(409, reason, _detail(reason, plan, policy))
        counts = visitor_db.active_counts(conn, day, phone=phone, client_hash=client_hash, ip=ip)
        capped = b.check_caps(policy, phone=counts[0], client=counts[1], ip=counts[2])
        if capped is not None:
            return Refused(409, capped[0], capped[1])
        token = secrets.token_urlsafe(16)
        booking = visitor_db.insert_booking(
            conn, code=visitor_db.unused_code(conn), token=token, service_id=service.id,
            agency_id=service.agency_id, day=day, slot=plan.slot(start), phone=phone,  # type: ignore[arg-type]
            client_hash=client_hash, ip=ip, at_ms=v.now_ms())
        return booking, token

    result = await v.write(write)
    if isinstance(result, Refused):
        raise result
    return result


def status_of(v: Visitor, booking: visitor_db.Booking) -> str:
    return b.effective_status(booking.status, booking.day, booking.start, v.now(), v.tz,
                              v.policy())


async def cancel(v: Visitor, booking: visitor_db.Booking) -> bool:
    if status_of(v, booking) != b.BOOKED:
        return False
    return await v.write(lambda conn: visitor_db.cancel_booking(conn, booking.id, v.now_ms()))


def check_in_window(v: Visitor, booking: visitor_db.Booking) -> tuple[str, str]:
    """'HH.MM' from which and until which the kiosk takes the booking."""
    policy = v.policy()
    start = b.slot_moment(booking.day, booking.start, v.tz)
    early = start - timedelta(minutes=policy.early_minutes)
    late = start + timedelta(minutes=policy.grace_minutes)
    return f"{early:%H.%M}", f"{late:%H.%M}"
