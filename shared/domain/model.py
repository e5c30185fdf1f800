"""The catalog of a building: site, agencies, booths, counters, services and their hours.

Plain frozen dataclasses; ids are whatever the store assigns (ints). Codes are the stable,
human-editable keys used by the catalog files.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, time

from .calling import CallingRule


class PriorityClass(str, enum.Enum):
    """Vulnerable groups served with priority (UU 25/2009 Pasal 29)."""

    LANSIA = "lansia"
    DISABILITAS = "disabilitas"
    IBU_HAMIL = "ibu_hamil"  # ibu hamil / menyusui
    ANAK = "anak"
    KORBAN_BENCANA = "korban_bencana"

    @property
    def label_id(self) -> str:
        return _PRIORITY_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _PRIORITY_LABELS[self][1]


_PRIORITY_LABELS = {
    PriorityClass.LANSIA: ("Lansia", "Elderly"),
    PriorityClass.DISABILITAS: ("Penyandang Disabilitas", "Person with disability"),
    PriorityClass.IBU_HAMIL: ("Ibu Hamil/Menyusui", "Pregnant/nursing mother"),
    PriorityClass.ANAK: ("Anak-anak", "Child"),
    PriorityClass.KORBAN_BENCANA: ("Korban Bencana", "Disaster victim"),
}


class Channel(str, enum.Enum):
    WALK_IN = "walk_in"
    ONLINE = "online"  # checked in from an online booking


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    timezone: str = "Asia/Jakarta"
    number_padding: int = 3
    calling_rule: CallingRule = field(default_factory=CallingRule)
    require_staffed: bool = True
    ticket_footer: str = "Simpan tiket ini sebagai bukti antrean"
    open_24h: bool = False  # demos and tests outside office hours


@dataclass(frozen=True)
class Agency:
    id: int
    code: str
    name: str
    short_name: str
    sort: int = 0


@dataclass(frozen=True)
class Booth:
    id: int
    code: str
    agency_id: int
    name: str
    zone: str = ""


@dataclass(frozen=True)
class Counter:
    id: int
    code: str
    booth_id: int
    number: int  # the loket number that is shown and spoken
    name: str = ""
    zone: str = ""


@dataclass(frozen=True)
class ServiceStandard:
    """The six published components of a service standard (PermenPANRB 15/2014)."""

    requirements: tuple[str, ...] = ()
    procedure: tuple[str, ...] = ()
    completion_time: str = ""
    cost: str = ""  # empty means free ("Gratis")
    product: str = ""
    complaints: str = ""

    @property
    def is_free(self) -> bool:
        return self.cost.strip().lower() in ("", "0", "gratis", "free", "rp0", "rp 0")


@dataclass(frozen=True)
class Service:
    id: int
    code: str
    agency_id: int
    prefix: str
    name: str
    standard: ServiceStandard = field(default_factory=ServiceStandard)
    daily_quota: int | None = None
    cutoff_minutes: int = 30
    priority_eligible: bool = True
    booking_quota: int = 0
    avg_service_minutes: float = 10.0
    sort: int = 0
    active: bool = True


@dataclass(frozen=True)
class Interval:
    """Opening interval within one local day, [opens, closes)."""

    opens: time
    closes: time

    def __post_init__(self) -> None:
        if self.closes <= self.opens:
            raise ValueError(f"interval closes ({self.closes}) before it opens ({self.opens})")


@dataclass(frozen=True)
class WeeklyHours:
    """Opening intervals per ISO weekday (1 = Monday ... 7 = Sunday)."""

    days: dict[int, tuple[Interval, ...]] = field(default_factory=dict)

    def on(self, weekday: int) -> tuple[Interval, ...]:
        return self.days.get(weekday, ())


@dataclass(frozen=True)
class Closure:
    """A holiday or one-off closure. agency_id None = whole site; booth_id narrows it further.

    Without an interval the whole day is closed."""

    day: date
    reason: str
    agency_id: int | None = None
    booth_id: int | None = None
    interval: Interval | None = None


@dataclass(frozen=True)
class Catalog:
    """Everything the queue engine needs to know about the building; immutable snapshot."""

    site: Site
    agencies: dict[int, Agency] = field(default_factory=dict)
    booths: dict[int, Booth] = field(default_factory=dict)
    counters: dict[int, Counter] = field(default_factory=dict)
    services: dict[int, Service] = field(default_factory=dict)
    site_hours: WeeklyHours = field(default_factory=WeeklyHours)
    agency_hours: dict[int, WeeklyHours] = field(default_factory=dict)
    booth_hours: dict[int, WeeklyHours] = field(default_factory=dict)
    closures: tuple[Closure, ...] = ()
    # Work profiles: counter id -> ((service id, position), ...). The counter calls services of the
    # lowest position first; equal positions mix in arrival order. A counter without an entry
    # serves every active service of its booth's agency, all at position 0 (pure arrival order).
    profiles: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)

    def counter_services(self, counter_id: int) -> tuple[int, ...]:
        return self._counter_services[counter_id]

    def counters_for_service(self, service_id: int) -> tuple[int, ...]:
        return self._service_counters.get(service_id, ())

    def service_position(self, counter_id: int, service_id: int) -> int:
        return self._positions.get((counter_id, service_id), 0)

    def booths_for_service(self, service_id: int) -> tuple[int, ...]:
        """Booths with a counter that serves the service; else every booth of its agency."""
        booths = sorted({self.counters[c].booth_id for c in self.counters_for_service(service_id)})
        if booths:
            return tuple(booths)
        agency_id = self.services[service_id].agency_id
        return tuple(b.id for b in self.booths.values() if b.agency_id == agency_id)

    # Derived indexes, computed once per (immutable) catalog: the engine asks these on every call.
    @cached_property
    def _counter_services(self) -> dict[int, tuple[int, ...]]:
        ordered = sorted(self.services.values(), key=lambda s: (s.sort, s.id))
        result = {}
        for counter in self.counters.values():
            explicit = self.profiles.get(counter.id)
            if explicit:
                result[counter.id] = tuple(
                    s
                    for s, _ in sorted(explicit, key=lambda e: (e[1], e[0]))
                    if s in self.services and self.services[s].active
                )
            else:
                agency_id = self.booths[counter.booth_id].agency_id
                result[counter.id] = tuple(
                    s.id for s in ordered if s.agency_id == agency_id and s.active
                )
        return result

    @cached_property
    def _positions(self) -> dict[tuple[int, int], int]:
        return {(c, s): pos for c, entries in self.profiles.items() for s, pos in entries}

    @cached_property
    def _service_counters(self) -> dict[int, tuple[int, ...]]:
        result: dict[int, list[int]] = {}
        for counter_id in sorted(self.counters):
            for service_id in self._counter_services[counter_id]:
                result.setdefault(service_id, []).append(counter_id)
        return {s: tuple(c) for s, c in result.items()}

    def agency_of_counter(self, counter_id: int) -> Agency:
        return self.agencies[self.booths[self.counters[counter_id].booth_id].agency_id]

    def hours_for_booth(self, booth_id: int) -> WeeklyHours:
        if booth_id in self.booth_hours:
            return self.booth_hours[booth_id]
        return self.hours_for_agency(self.booths[booth_id].agency_id)

    def hours_for_agency(self, agency_id: int) -> WeeklyHours:
        return self.agency_hours.get(agency_id, self.site_hours)
