"""Online booking rules (domain.md §2): day plans and slots, quota, opening hours, holidays,
cut-offs, the check-in window, abuse caps, booking codes and phone numbers.

Pure: the store counts what is taken, these functions decide. A slot of a service is
``[start, start + slot_minutes)`` inside one opening interval of its booths, ending no later than
the service's issuing cut-off (``cutoff_minutes`` before closing), so a visitor checking in
within the slot can always still be issued a ticket. The day's ``booking_quota`` (0 = no
booking) is spread over the day's slots: each slot takes ``ceil(quota / slots)``, the day at
most ``quota``. Bookings close ``policy.cutoff_minutes`` before their slot starts.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from typing import Callable, Mapping
from zoneinfo import ZoneInfo

from .model import Catalog, Interval
from .schedule import local, service_day_intervals

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no I, L, O, 0, 1: read aloud, typed at a kiosk
CODE_LENGTH = 8
BOOKED, CHECKED_IN, CANCELLED, EXPIRED = "booked", "checked_in", "cancelled", "expired"
WHOLE_DAY = Interval(time(0, 0), time(23, 59))  # a site open around the clock


@dataclass(frozen=True)
class BookingPolicy:
    """Configurable per site (site_settings keys ``booking.<field>``)."""

    slot_minutes: int = 30
    horizon_days: int = 14  # today and the next 13 days
    cutoff_minutes: int = 60  # booking closes this long before the slot starts
    early_minutes: int = 60  # check-in from this long before the slot starts
    grace_minutes: int = 30  # ... until this long after it; later the booking is lost
    max_per_phone: int = 2  # active bookings per phone number and day
    max_per_client: int = 3  # per browser (cookie) and day
    max_per_ip: int = 20  # per client address and day (a guest Wi-Fi may NAT many phones)


_BOUNDS = {"slot_minutes": (5, 240), "horizon_days": (1, 90), "cutoff_minutes": (0, 2880),
           "early_minutes": (0, 480), "grace_minutes": (0, 480), "max_per_phone": (1, 50),
           "max_per_client": (1, 50), "max_per_ip": (1, 10_000)}


def policy_with(base: BookingPolicy, settings: Mapping[str, str]) -> BookingPolicy:
    """``base`` overridden by ``booking.<field>`` settings; bad or out-of-range values are ignored."""
    changes = {}
    for f in fields(BookingPolicy):
        raw = settings.get(f"booking.{f.name}")
        if raw is None or not str(raw).strip().isdigit():
            continue
        lo, hi = _BOUNDS[f.name]
        if lo <= int(raw) <= hi:
            changes[f.name] = int(raw)
    return replace(base, **changes)


class Why:
    """Stable reason codes (API error codes, page messages)."""

    INACTIVE = "inactive"
    NO_BOOKING = "no_booking"
    PAST = "past_day"
    TOO_FAR = "too_far"
    HOLIDAY = "holiday"
    CLOSED_DAY = "closed_day"
    QUOTA_FULL = "quota_full"
    NOT_A_SLOT = "not_a_slot"
    CUTOFF = "booking_closed"
    SLOT_FULL = "slot_full"
    PHONE_LIMIT = "phone_limit"
    CLIENT_LIMIT = "client_limit"
    IP_LIMIT = "ip_limit"
    OTHER_DAY = "other_day"
    TOO_EARLY = "too_early"
    EXPIRED = "booking_expired"
    CANCELLED = "booking_cancelled"
    CHECKED_IN = "already_checked_in"


MESSAGES: Mapping[str, tuple[str, str]] = {
    Why.INACTIVE: ("Layanan tidak tersedia", "Service not available"),
    Why.NO_BOOKING: ("Layanan ini tidak menerima booking daring",
                     "This service takes no online bookings"),
    Why.PAST: ("Tanggal sudah lewat", "That day has passed"),
    Why.TOO_FAR: ("Booking dibuka paling jauh {detail} hari ke depan",
                  "Bookings open at most {detail} days ahead"),
    Why.HOLIDAY: ("Libur: {detail}", "Closed: {detail}"),
    Why.CLOSED_DAY: ("Tidak buka pada hari itu", "Not open on that day"),
    Why.QUOTA_FULL: ("Kuota booking hari itu sudah habis", "No bookings left for that day"),
    Why.NOT_A_SLOT: ("Jam itu bukan jam layanan", "That time is not a service slot"),
    Why.CUTOFF: ("Booking untuk jam itu sudah ditutup", "Booking for that time has closed"),
    Why.SLOT_FULL: ("Jam itu sudah penuh", "That time is fully booked"),
    Why.PHONE_LIMIT: ("Nomor HP ini sudah punya {detail} booking hari itu",
                      "This phone number already has {detail} bookings that day"),
    Why.CLIENT_LIMIT: ("Perangkat ini sudah membuat {detail} booking pada hari itu",
                       "This device already made {detail} bookings that day"),
    Why.IP_LIMIT: ("Terlalu banyak booking dari jaringan ini pada hari itu",
                   "Too many bookings from this network that day"),
    Why.OTHER_DAY: ("Booking ini bukan untuk hari ini", "This booking is not for today"),
    Why.TOO_EARLY: ("Terlalu awal: check-in mulai pukul {detail}",
                    "Too early: check-in opens at {detail}"),
    Why.EXPIRED: ("Booking hangus: batas check-in sudah lewat",
                  "Booking lost: the check-in time has passed"),
    Why.CANCELLED: ("Booking sudah dibatalkan", "The booking was cancelled"),
    Why.CHECKED_IN: ("Booking sudah digunakan untuk mengambil tiket",
                     "The booking was already used for a ticket"),
}


def message(reason: str, lang: str = "id", detail: object = "") -> str:
    indonesian, english = MESSAGES[reason]
    return (english if lang == "en" else indonesian).format(detail=detail)


@dataclass(frozen=True)
class Slot:
    start: time
    end: time
    capacity: int

    @property
    def key(self) -> str:
        return f"{self.start.hour:02d}:{self.start.minute:02d}"


@dataclass(frozen=True)
class DayPlan:
    """A service's booking slots on one local day, or why there are none."""

    day: date
    quota: int
    slots: tuple[Slot, ...] = ()
    reason: str | None = None
    detail: str = ""

    def slot(self, start: time) -> Slot | None:
        return next((s for s in self.slots if s.start == start), None)


def _plus(t: time, minutes: int) -> int:  # minutes since midnight
    return t.hour * 60 + t.minute + minutes


def day_plan(catalog: Catalog, service_id: int, day: date, policy: BookingPolicy) -> DayPlan:
    service = catalog.services[service_id]
    quota = service.booking_quota
    if not service.active:
        return DayPlan(day, quota, reason=Why.INACTIVE)
    if quota <= 0:
        return DayPlan(day, quota, reason=Why.NO_BOOKING)
    if catalog.site.open_24h:
        intervals, closure = [WHOLE_DAY], None
    else:
        intervals, closure = service_day_intervals(catalog, service_id, day)
    if closure is not None:
        return DayPlan(day, quota, reason=Why.HOLIDAY, detail=closure.reason)
    starts = []
    for iv in intervals:
        last_end = _plus(iv.closes, -service.cutoff_minutes)
        start = _plus(iv.opens, 0)
        while start + policy.slot_minutes <= last_end:
            starts.append(start)
            start += policy.slot_minutes
    if not starts:
        return DayPlan(day, quota, reason=Why.CLOSED_DAY)
    capacity, step = math.ceil(quota / len(starts)), policy.slot_minutes
    return DayPlan(day, quota, tuple(Slot(time(*divmod(s, 60)), time(*divmod(s + step, 60)),
                                          capacity) for s in starts))


def slot_moment(day: date, start: time, tz: str) -> datetime:
    return datetime.combine(day, start, ZoneInfo(tz))


def days_ahead(now: datetime, tz: str, policy: BookingPolicy) -> list[date]:
    today = local(now, tz).date()
    return [today + timedelta(days=i) for i in range(policy.horizon_days)]


def day_reason(plan: DayPlan, now: datetime, tz: str, policy: BookingPolicy,
               day_taken: int = 0) -> str | None:
    """Why nothing can be booked on the plan's day (None: some slot may still be open)."""
    today = local(now, tz).date()
    if plan.day < today:
        return Why.PAST
    if plan.day >= today + timedelta(days=policy.horizon_days):
        return Why.TOO_FAR
    if plan.reason is not None:
        return plan.reason
    if day_taken >= plan.quota:
        return Why.QUOTA_FULL
    return None


def slot_reason(plan: DayPlan, slot: Slot, now: datetime, tz: str, policy: BookingPolicy,
                taken: int, day_taken: int) -> str | None:
    """Why this slot cannot be booked now (None: it can)."""
    reason = day_reason(plan, now, tz, policy, day_taken)
    if reason is not None:
        return reason
    if slot_moment(plan.day, slot.start, tz) - now < timedelta(minutes=policy.cutoff_minutes):
        return Why.CUTOFF
    if taken >= slot.capacity:
        return Why.SLOT_FULL
    return None


def check_booking(plan: DayPlan, start: time, now: datetime, tz: str, policy: BookingPolicy,
                  taken: Mapping[str, int]) -> str | None:
    """May a booking for ``start`` on the plan's day be made now? ``taken``: active bookings per
    slot key of that day."""
    day_taken = sum(taken.values())
    reason = day_reason(plan, now, tz, policy, day_taken)
    if reason is not None:
        return reason
    slot = plan.slot(start)
    if slot is None:
        return Why.NOT_A_SLOT
    return slot_reason(plan, slot, now, tz, policy, taken.get(slot.key, 0), day_taken)


def check_caps(policy: BookingPolicy, *, phone: int | None, client: int | None,
               ip: int) -> tuple[str, int] | None:
    """Abuse caps: active bookings of that day by the same phone / browser / address (None when
    the visitor gave no phone or has no cookie). Returns (reason, limit) or None."""
    if phone is not None and phone >= policy.max_per_phone:
        return Why.PHONE_LIMIT, policy.max_per_phone
    if client is not None and client >= policy.max_per_client:
        return Why.CLIENT_LIMIT, policy.max_per_client
    if ip >= policy.max_per_ip:
        return Why.IP_LIMIT, policy.max_per_ip
    return None


def effective_status(status: str, day: date, start: time, now: datetime, tz: str,
                     policy: BookingPolicy) -> str:
    """A booking not checked in by the end of its grace period is lost (expired)."""
    late = now >= slot_moment(day, start, tz) + timedelta(minutes=policy.grace_minutes)
    return EXPIRED if status == BOOKED and late else status


def check_in_reason(status: str, day: date, start: time, now: datetime, tz: str,
                    policy: BookingPolicy) -> tuple[str, str] | None:
    """May the booking be checked in now? (reason, detail) or None."""
    if status == CANCELLED:
        return Why.CANCELLED, ""
    if status == CHECKED_IN:
        return Why.CHECKED_IN, ""
    if local(now, tz).date() != day:
        return Why.OTHER_DAY, ""
    if status == EXPIRED or effective_status(status, day, start, now, tz, policy) == EXPIRED:
        return Why.EXPIRED, ""
    opens = slot_moment(day, start, tz) - timedelta(minutes=policy.early_minutes)
    if now < opens:
        return Why.TOO_EARLY, f"{opens.hour:02d}.{opens.minute:02d}"
    return None


# -- codes and phone numbers -------------------------------------------------------------------
_SEPARATORS = re.compile(r"[\s\-_.]")
_PHONE_JUNK = re.compile(r"[\s\-().]")
_MOBILE = re.compile(r"08[0-9]{7,11}")


def new_code(pick: Callable[[str], str]) -> str:
    """A booking code; ``pick`` chooses one character (secrets.choice)."""
    return "".join(pick(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str | None:
    """'k7m3-q9xp' -> 'K7M3Q9XP'; None when it cannot be a booking code."""
    code = _SEPARATORS.sub("", text or "").upper()
    if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
        return None
    return code


def format_code(code: str) -> str:
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def normalize_phone(text: str | None) -> str | None:
    """An Indonesian mobile number as +628...; None when blank; ValueError when not one."""
    raw = _PHONE_JUNK.sub("", text or "")
    if not raw:
        return None
    if raw.startswith("+62"):
        raw = "0" + raw[3:]
    elif raw.startswith("62"):
        raw = "0" + raw[2:]
    if not _MOBILE.fullmatch(raw):
        raise ValueError("not an Indonesian mobile number")
    return "+62" + raw[1:]
