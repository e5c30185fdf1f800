"""Opening hours: is a service issuable now, and if not, why and when next.

All times are aware datetimes; local days are taken in the site's IANA zone (numbering and hours
follow the site's local midnight, whatever zone the machine runs in).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .model import Catalog, Closure, Interval, WeeklyHours

DAY_NAMES_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAY_NAMES_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HORIZON_DAYS = 14  # how far ahead "next opening" looks


class Reason:
    """Why a service issues no ticket now (stable codes for the API and the kiosk)."""

    INACTIVE = "inactive"
    HOLIDAY = "holiday"  # a whole-day closure (public holiday or one-off)
    CLOSED_TODAY = "closed_today"  # not a working day of this booth
    NOT_YET_OPEN = "not_yet_open"
    BREAK = "break"  # between two intervals of the day (e.g. Friday prayers)
    CUTOFF = "cutoff"  # issuing stopped before closing
    CLOSED = "closed"  # after the last interval
    QUOTA_FULL = "quota_full"
    NOT_STAFFED = "not_staffed"  # no counter serving it is open


_MESSAGES = {
    Reason.INACTIVE: ("Layanan tidak tersedia", "Service not available"),
    Reason.HOLIDAY: ("Tutup: {detail}", "Closed: {detail}"),
    Reason.CLOSED_TODAY: ("Hari ini tidak buka", "Not open today"),
    Reason.NOT_YET_OPEN: ("Belum buka", "Not open yet"),
    Reason.BREAK: ("Sedang istirahat", "On break"),
    Reason.CUTOFF: ("Pengambilan antrean sudah ditutup", "Ticket issuing has closed"),
    Reason.CLOSED: ("Sudah tutup", "Closed"),
    Reason.QUOTA_FULL: ("Kuota hari ini sudah habis", "Today's quota is full"),
    Reason.NOT_STAFFED: ("Belum ada petugas di loket", "No officer at the counter yet"),
}


@dataclass(frozen=True)
class Availability:
    issuable: bool
    reason: str | None = None
    detail: str = ""
    next_opening: datetime | None = None
    hours_text_id: str = ""
    hours_text_en: str = ""

    def message(self, lang: str = "id") -> str:
        if self.issuable:
            return ""
        indonesian, english = _MESSAGES[self.reason]  # type: ignore[index]
        text = english if lang == "en" else indonesian
        return text.format(detail=self.detail)


def local(now: datetime, tz: str) -> datetime:
    if now.tzinfo is None:
        raise ValueError("naive datetime: the domain only takes aware times")
    return now.astimezone(ZoneInfo(tz))


def service_day(now: datetime, tz: str) -> date:
    """The local date whose numbering a ticket issued at `now` belongs to."""
    return local(now, tz).date()


def _closure_applies(closure: Closure, day: date, agency_id: int, booth_id: int) -> bool:
    if closure.day != day:
        return False
    if closure.agency_id is not None and closure.agency_id != agency_id:
        return False
    return closure.booth_id is None or closure.booth_id == booth_id


def _subtract(intervals: list[Interval], cut: Interval) -> list[Interval]:
    result = []
    for iv in intervals:
        if cut.closes <= iv.opens or cut.opens >= iv.closes:
            result.append(iv)
            continue
        if iv.opens < cut.opens:
            result.append(Interval(iv.opens, cut.opens))
        if cut.closes < iv.closes:
            result.append(Interval(cut.closes, iv.closes))
    return result


def booth_day(catalog: Catalog, booth_id: int, day: date) -> tuple[list[Interval], Closure | None]:
    """Opening intervals of a booth on a local day, after closures; plus a whole-day closure."""
    booth = catalog.booths[booth_id]
    intervals = list(catalog.hours_for_booth(booth_id).on(day.isoweekday()))
    for closure in catalog.closures:
        if not _closure_applies(closure, day, booth.agency_id, booth_id):
            continue
        if closure.interval is None:
            return [], closure
        intervals = _subtract(intervals, closure.interval)
    return intervals, None


def service_day_intervals(
    catalog: Catalog, service_id: int, day: date
) -> tuple[list[Interval], Closure | None]:
    """Union of the intervals of the booths that serve the service (sorted, merged)."""
    merged: list[Interval] = []
    whole_day: Closure | None = None
    for booth_id in catalog.booths_for_service(service_id):
        intervals, closure = booth_day(catalog, booth_id, day)
        whole_day = whole_day or closure
        merged.extend(intervals)
    merged.sort(key=lambda iv: iv.opens)
    result: list[Interval] = []
    for iv in merged:
        if result and iv.opens <= result[-1].closes:
            last = result.pop()
            result.append(Interval(last.opens, max(last.closes, iv.closes)))
        else:
            result.append(iv)
    return result, (whole_day if not result else None)


def _minus_minutes(t: time, minutes: int) -> time:
    moment = datetime.combine(date(2000, 1, 1), t) - timedelta(minutes=minutes)
    return max(moment, datetime(2000, 1, 1)).time()  # clamp at 00:00, never wrap to yesterday


def availability(
    catalog: Catalog,
    service_id: int,
    now: datetime,
    issued_today: int,
    staffed: bool,
) -> Availability:
    """Can a ticket for this service be issued at `now`?

    `issued_today`: tickets already issued for the service on this local day (for the quota);
    `staffed`: whether a counter serving it is open or paused (used when the site requires it)."""
    service = catalog.services[service_id]
    site = catalog.site
    hours = service_hours_text(catalog, service_id)
    common = {"hours_text_id": hours[0], "hours_text_en": hours[1]}
    if not service.active:
        return Availability(False, Reason.INACTIVE, **common)
    if not site.open_24h:
        now_local = local(now, site.timezone)
        intervals, closure = service_day_intervals(catalog, service_id, now_local.date())
        reason = _hours_reason(intervals, closure, now_local.time(), service.cutoff_minutes)
        if reason is not None:
            return Availability(
                False,
                reason,
                detail=closure.reason if closure else "",
                next_opening=next_opening(catalog, service_id, now),
                **common,
            )
    if service.daily_quota is not None and issued_today >= service.daily_quota:
        # Just before midnight: next_opening is strict, and tomorrow may open at 00:00.
        next_day = None if site.open_24h else next_opening(
            catalog, service_id, _next_midnight(now, site.timezone) - timedelta(microseconds=1))
        return Availability(False, Reason.QUOTA_FULL, next_opening=next_day, **common)
    if site.require_staffed and not site.open_24h and not staffed:
        return Availability(False, Reason.NOT_STAFFED, **common)
    return Availability(True, **common)


def _hours_reason(
    intervals: list[Interval], closure: Closure | None, t: time, cutoff_minutes: int
) -> str | None:
    if closure is not None:
        return Reason.HOLIDAY
    if not intervals:
        return Reason.CLOSED_TODAY
    if t < intervals[0].opens:
        return Reason.NOT_YET_OPEN
    for iv in intervals:
        if iv.opens <= t < iv.closes:
            if t >= _minus_minutes(iv.closes, cutoff_minutes):
                return Reason.CUTOFF
            return None
    return Reason.CLOSED if t >= intervals[-1].closes else Reason.BREAK


def _next_midnight(now: datetime, tz: str) -> datetime:
    day = local(now, tz).date() + timedelta(days=1)
    return datetime.combine(day, time(0), ZoneInfo(tz))


def next_opening(catalog: Catalog, service_id: int, after: datetime) -> datetime | None:
    """Start of the next interval that begins after `after` (strictly), within the horizon."""
    tz = catalog.site.timezone
    start = local(after, tz)
    for offset in range(HORIZON_DAYS + 1):
        day = start.date() + timedelta(days=offset)
        intervals, _ = service_day_intervals(catalog, service_id, day)
        for iv in intervals:
            opens = datetime.combine(day, iv.opens, ZoneInfo(tz))
            if opens > start:
                return opens
    return None


def _fmt(t: time, sep: str) -> str:
    return f"{t.hour:02d}{sep}{t.minute:02d}"


def _join_days(days: list[int], names: tuple[str, ...], conj: str) -> str:
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"{names[days[0] - 1]}–{names[days[-1] - 1]}"
    words = [names[d - 1] for d in days]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + f" {conj} " + words[-1]


def describe_hours(weekly: WeeklyHours, lang: str = "id") -> str:
    """'Buka Senin–Kamis 07.30–16.00; Jumat 07.30–11.00, 13.00–16.00'."""
    names, conj, sep, lead, none = (
        (DAY_NAMES_EN, "&", ":", "Open", "Closed")
        if lang == "en"
        else (DAY_NAMES_ID, "&", ".", "Buka", "Tutup")
    )
    groups: dict[tuple[Interval, ...], list[int]] = {}
    for day in range(1, 8):
        intervals = weekly.on(day)
        if intervals:
            groups.setdefault(tuple(intervals), []).append(day)
    if not groups:
        return none
    parts = []
    for intervals, days in groups.items():
        spans = ", ".join(f"{_fmt(iv.opens, sep)}–{_fmt(iv.closes, sep)}" for iv in intervals)
        parts.append(f"{_join_days(days, names, conj)} {spans}")
    return f"{lead} " + "; ".join(parts)


def service_hours_text(catalog: Catalog, service_id: int) -> tuple[str, str]:
    if catalog.site.open_24h:
        return "Buka 24 jam", "Open 24 hours"
    booths = catalog.booths_for_service(service_id)
    weekly = catalog.hours_for_booth(booths[0]) if booths else catalog.site_hours
    return describe_hours(weekly, "id"), describe_hours(weekly, "en")
