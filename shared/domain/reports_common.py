"""Part of :mod:`shared.domain.reports` (definitions in its docstring): constants, periods and
labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from .model import Catalog, PriorityClass


Grain = Literal["day", "month", "quarter", "year"]
GRAINS: tuple[str, ...] = ("day", "month", "quarter", "year")
OUTCOMES: tuple[str, ...] = ("served", "no_show", "cancelled", "expired", "open")
PRIORITY_KEYS: tuple[str, ...] = ("normal", *(p.value for p in PriorityClass))
TIME_DIMENSIONS: tuple[str, ...] = ("agency", "service", "officer", "hour", "weekday")

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")
_ROMAN = ("I", "II", "III", "IV")
MS_PER_MINUTE = 60_000


# --------------------------------------------------------------------------- periods

def _as_date(day: date | str) -> date:
    return day if isinstance(day, date) else date.fromisoformat(day)


def period_key(day: date | str, grain: str) -> str:
    """'2026-10-05' -> '2026-10-05' (day), '2026-10' (month), '2026-Q4' (quarter), '2026' (year).

    The same keys are built in SQL by ``reports_db`` (string slicing of the ISO day)."""
    d = _as_date(day)
    if grain == "day":
        return d.isoformat()
    if grain == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if grain == "quarter":
        return f"{d.year:04d}-Q{(d.month + 2) // 3}"
    if grain == "year":
        return f"{d.year:04d}"
    raise ValueError(f"grain must be one of {', '.join(GRAINS)}, got {grain!r}")


def period_label(key: str, grain: str) -> str:
    """Indonesian label: '05/10/2026', 'Oktober 2026', 'Triwulan IV 2026', '2026'."""
    if grain == "day":
        d = date.fromisoformat(key)
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if grain == "month":
        year, month = key.split("-")
        return f"{MONTHS_ID[int(month) - 1]} {year}"
    if grain == "quarter":
        year, quarter = key.split("-Q")
        return f"Triwulan {_ROMAN[int(quarter) - 1]} {year}"
    if grain == "year":
        return key
    raise ValueError(f"grain must be one of {', '.join(GRAINS)}, got {grain!r}")


def month_bounds(month: str) -> tuple[date, date]:
    """'2026-10' -> (2026-10-01, 2026-10-31)."""
    first = date.fromisoformat(f"{month}-01")
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


def check_period(from_day: date, to_day: date) -> None:
    if to_day < from_day:
        raise ValueError(f"the period ends ({to_day}) before it starts ({from_day})")


def day_range(from_day: date, to_day: date) -> list[date]:
    check_period(from_day, to_day)
    return [from_day + timedelta(days=i) for i in range((to_day - from_day).days + 1)]


def utc_offset_seconds(tz: str, day: date) -> int:
    """The site's UTC offset on a day (WIB 25200, WITA 28800, WIT 32400)."""
    offset = datetime.combine(day, time(12), ZoneInfo(tz)).utcoffset()
    return int(offset.total_seconds())  # type: ignore[union-attr]


def local_hour(at_ms: int, offset_s: int) -> int:
    """Local hour 0..23 of an epoch-ms instant at a fixed UTC offset (same formula as the SQL)."""
    return (at_ms // 1000 + offset_s) % 86400 // 3600


def hour_label(hour: int) -> str:
    return f"{hour:02d}.00–{hour:02d}.59"


# --------------------------------------------------------------------------- labels

@dataclass(frozen=True)
class Labels:
    """Display names for ids (reports keep ids; exports and JSON show the names).

    Unknown ids (a service deleted since) show as '#id'."""

    site_name: str = ""
    timezone: str = "Asia/Jakarta"
    agencies: Mapping[int, tuple[str, str, str, int]] = field(default_factory=dict)  # code, short, name, sort
    services: Mapping[int, tuple[str, str, int, int]] = field(default_factory=dict)  # code, name, agency, sort
    booths: Mapping[int, tuple[str, str, int]] = field(default_factory=dict)  # code, name, agency
    officers: Mapping[int, str] = field(default_factory=dict)

    def agency_code(self, agency_id: int | None) -> str:
        return self.agencies[agency_id][0] if agency_id in self.agencies else f"#{agency_id}"

    def agency(self, agency_id: int | None) -> str:
        return self.agencies[agency_id][1] if agency_id in self.agencies else f"#{agency_id}"

    def agency_name(self, agency_id: int | None) -> str:
        return self.agencies[agency_id][2] if agency_id in self.agencies else f"#{agency_id}"

    def service_code(self, service_id: int | None) -> str:
        return self.services[service_id][0] if service_id in self.services else f"#{service_id}"

    def service(self, service_id: int | None) -> str:
        return self.services[service_id][1] if service_id in self.services else f"#{service_id}"

    def officer(self, officer_id: int | None) -> str:
        if officer_id is None:
            return "(tanpa petugas)"
        return self.officers.get(officer_id, f"#{officer_id}")

    def agency_order(self, agency_id: int | None) -> tuple:
        entry = self.agencies.get(agency_id)  # type: ignore[arg-type]
        return (0, entry[3], entry[0]) if entry else (1, 0, str(agency_id))

    def service_order(self, service_id: int | None) -> tuple:
        entry = self.services.get(service_id)  # type: ignore[arg-type]
        return (0, entry[3], entry[0]) if entry else (1, 0, str(service_id))


def labels_from_catalog(catalog: Catalog, officers: Mapping[int, str] | None = None) -> Labels:
    return Labels(
        site_name=catalog.site.name,
        timezone=catalog.site.timezone,
        agencies={a.id: (a.code, a.short_name, a.name, a.sort) for a in catalog.agencies.values()},
        services={s.id: (s.code, s.name, s.agency_id, s.sort) for s in catalog.services.values()},
        booths={b.id: (b.code, b.name, b.agency_id) for b in catalog.booths.values()},
        officers=dict(officers or {}),
    )
