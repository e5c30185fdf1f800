"""A catalog as read from files: rows keyed by codes, not database ids.

The CSV reader produces it, the store turns codes into ids when it replaces the catalog, and the
exporter writes it back. Field names follow the database columns (see docs/catalog-format.md)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SiteRow:
    id: str
    name: str
    timezone: str = "Asia/Jakarta"
    number_padding: int = 3
    calling_rule: str = "ratio:3"  # CallingRule.spec
    require_staffed: bool = True
    ticket_footer: str = "Simpan tiket ini sebagai bukti antrean"
    open_24h: bool = False


@dataclass
class AgencyRow:
    code: str
    name: str
    short_name: str
    sort: int = 0


@dataclass
class BoothRow:
    code: str
    agency: str  # agency code
    name: str
    zone: str = ""


@dataclass
class CounterRow:
    code: str
    booth: str  # booth code
    number: int
    name: str = ""
    zone: str = ""


@dataclass
class ServiceRow:
    code: str
    agency: str
    prefix: str
    name: str
    requirements: tuple[str, ...] = ()
    procedure: tuple[str, ...] = ()
    completion_time: str = ""
    cost: str = ""
    product: str = ""
    complaints: str = ""
    daily_quota: int | None = None
    cutoff_minutes: int = 30
    priority_eligible: bool = True
    booking_quota: int = 0
    avg_service_minutes: float = 10.0
    sort: int = 0


@dataclass
class ScheduleRow:
    agency: str | None  # None: the site's default hours
    booth: str | None
    weekday: int  # ISO 1..7
    opens: str  # "HH:MM"
    closes: str


@dataclass
class ClosureRow:
    day: str  # "YYYY-MM-DD"
    agency: str | None
    booth: str | None
    opens: str | None
    closes: str | None
    reason: str = ""


@dataclass
class ProfileRow:
    counter: str
    service: str
    position: int = 0


@dataclass
class CatalogDraft:
    site: SiteRow
    agencies: list[AgencyRow] = field(default_factory=list)
    booths: list[BoothRow] = field(default_factory=list)
    counters: list[CounterRow] = field(default_factory=list)
    services: list[ServiceRow] = field(default_factory=list)
    schedules: list[ScheduleRow] = field(default_factory=list)
    closures: list[ClosureRow] = field(default_factory=list)
    profiles: list[ProfileRow] = field(default_factory=list)
