"""Reports people ask for (domain.md §6): pure aggregation of plain rows into report results.

No SQL and no I/O here. ``shared.store.reports_db`` fetches the rows (aggregating in SQL where that
is what makes a year of history fast) and ``shared.reports`` renders the results (CSV, XLSX, PDF).
Where the SQL side aggregates, this module also holds the reference implementation working on
plain ticket rows (``count_visitors``, ``duration_rows``); the tests compare both on a simulated
database.

Definitions (what the head of the MPP reads; keep them stable)
--------------------------------------------------------------
Visitors, per ticket, by its *outcome* (:func:`ticket_outcome`):

- ``issued``    every ticket (walk-in or checked-in booking) = the sum of the outcomes below;
- ``served``    status done;
- ``no_show``   called but never served: status no_show, or expired/returned after being called
  and never started (a skipped ticket that is not re-queued expires at the end of its day);
- ``cancelled`` status cancelled;
- ``expired``   never called: still waiting when its day ended;
- ``open``      still waiting, called or being served (only the current day has any).

A transferred ticket counts once, for the agency and service it was at last (``tickets.agency_id``
and ``service_id``). Channel: walk_in / online; priority class: the ticket's class or ``normal``.

Times (seconds; exports show minutes):

- waiting = ``called_at - issued_at`` for every called ticket (the last call: after a re-queue or a
  transfer the wait includes the earlier rounds);
- service = ``finished_at - started_at`` for served tickets (finished without "start": from the
  call);
- percentiles are **nearest-rank**: of n sorted values x1 <= ... <= xn the p-th percentile is x_k,
  k = ceil(p * n / 100), at least 1. It is always an observed duration; the median is the 50th
  percentile, so for an even n it is the *lower* of the two middle values (not their average).
  SQL can compute it exactly with the same rule.
- hour = local hour of issue (the site's UTC offset; Indonesian zones have no daylight saving);
  weekday = ISO weekday (1 = Senin) of the service day.

Booth presence (the empty-booth problem), per booth and local day:

- *scheduled*: the booth's opening intervals after closures (``schedule.booth_day``), up to
  ``until`` (the present: the future is not yet empty);
- a counter is *open* from ``counter_opened``/``counter_resumed`` to ``counter_paused``/
  ``counter_closed``, and *paused* from ``counter_paused`` to the next resume/close;
- *staffed* = scheduled time with at least one counter of the booth open (this is the coverage:
  staffed / scheduled);
- *paused* = scheduled time with no counter open but at least one paused (staffed-but-paused,
  reported separately, not counted as staffed);
- *empty* = scheduled time with no counter open or paused; scheduled = staffed + paused + empty;
- *empty slots* = the maximal empty stretches of at least ``min_gap_minutes`` (15);
- a day is *represented* (hadir) when the booth was staffed for some of its scheduled time.
  Time outside the schedule (a counter left open overnight) counts nowhere.
The schedule is the *current* catalog's: a schedule changed since is not replayed.

SKM: per agency, service and in total, as ``skm.skm_index`` computes it (exact weight by
default), from per-unsur sums and counts (``skm_result``); the population N for the
Krejcie-Morgan target is the number of served tickets in the period.
"""
from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from .model import Catalog, PriorityClass
from .schedule import DAY_NAMES_ID, booth_day
from .skm import (WEIGHT_LABELS, SkmResult, UNSUR_KEYS, WeightMode, grade, krejcie_morgan,
                  round_half_up)

__all__ = [
    "COUNT_FIELDS", "GRAINS", "OUTCOMES", "PRIORITY_KEYS", "TIME_DIMENSIONS",
    "AgencyPresence", "BoothPresence", "CounterEvent", "DurationRow", "Presence",
    "DurationStats", "EmptySlot", "Labels", "MonthlyReport", "PresenceReport", "SkmLine",
    "SkmProfileCount", "SkmReport", "SkmRow", "SkmTotals", "Span", "TicketRow", "TimesLine", "TimesReport", "VisitorCounts",
    "VisitorLine", "VisitorReport",
    "booth_presence", "check_period", "clip", "count_visitors", "counter_periods", "day_range",
    "duration_rows", "duration_stats", "gaps_at_least", "hour_label", "intersect",
    "labels_from_catalog", "local_hour", "merge", "month_bounds", "percentile_nearest_rank",
    "period_key", "period_label", "presence_report", "scheduled_spans", "skm_profile_counts", "skm_report", "skm_result", "skm_totals",
    "subtract",
    "ticket_outcome", "times_report", "total", "utc_offset_seconds", "visitor_report",
]

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


# --------------------------------------------------------------------------- visitors

@dataclass(frozen=True)
class TicketRow:
    """The ticket columns the reports read (epoch ms times, as in the tickets table)."""

    day: str
    agency_id: int
    service_id: int
    status: str
    channel: str = "walk_in"
    priority: str | None = None
    issued_at: int = 0
    called_at: int | None = None
    started_at: int | None = None
    finished_at: int | None = None
    officer_id: int | None = None


def ticket_outcome(status: str, called_at: int | None, started_at: int | None) -> str:
    """The visitor outcome of a ticket (module docstring); mirrored by a CASE in reports_db."""
    if status == "done":
        return "served"
    if status == "cancelled":
        return "cancelled"
    if status == "no_show":
        return "no_show"
    if status == "expired":
        return "no_show" if called_at is not None and started_at is None else "expired"
    return "open"


# What a VisitorCounts row counts, in order: tickets, the outcomes but 'open' (the rest),
# online tickets (the rest are walk-in), and each priority class ('normal': none).
COUNT_FIELDS: tuple[str, ...] = ("issued", "served", "no_show", "cancelled", "expired", "online",
                                 *PRIORITY_KEYS)


class VisitorCounts(NamedTuple):
    """Tickets of one service day and agency (and service), counted by COUNT_FIELDS.

    Counting per day in SQL follows the index order (no sort), so it is the fast way; the report
    then folds the days into its grain. A NamedTuple, so SQL rows convert cheaply."""

    day: str
    agency_id: int
    service_id: int | None  # None when counted per agency
    counts: tuple[int, ...]


def count_visitors(tickets: Iterable[TicketRow], by_service: bool = False) -> list[VisitorCounts]:
    """Reference implementation of the visitors query in ``reports_db``."""
    index = {name: i for i, name in enumerate(COUNT_FIELDS)}
    acc: dict[tuple, list[int]] = {}
    for t in tickets:
        counts = acc.setdefault((t.day, t.agency_id, t.service_id if by_service else None),
                                [0] * len(COUNT_FIELDS))
        counts[0] += 1
        outcome = ticket_outcome(t.status, t.called_at, t.started_at)
        if outcome != "open":
            counts[index[outcome]] += 1
        if t.channel == "online":
            counts[index["online"]] += 1
        if (t.priority or "normal") in index:
            counts[index[t.priority or "normal"]] += 1
    return [VisitorCounts(*key, tuple(c)) for key, c in acc.items()]


@dataclass(frozen=True)
class VisitorLine:
    period: str  # period key, '' for totals over the whole range
    agency_id: int | None  # None: all agencies
    agency_code: str
    agency: str
    service_id: int | None
    service_code: str
    service: str
    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    expired: int = 0
    open: int = 0
    walk_in: int = 0
    online: int = 0
    by_priority: Mapping[str, int] = field(default_factory=dict)  # PRIORITY_KEYS -> count

    @property
    def priority(self) -> int:
        """Tickets of any priority class."""
        return self.issued - self.by_priority.get("normal", 0)

    @property
    def served_pct(self) -> float | None:
        return None if not self.issued else 100.0 * self.served / self.issued


@dataclass(frozen=True)
class VisitorReport:
    from_day: date
    to_day: date
    grain: str
    by_service: bool
    lines: tuple[VisitorLine, ...]  # per period and agency (and service)
    agency_totals: tuple[VisitorLine, ...]  # per agency over the whole range
    period_totals: tuple[VisitorLine, ...]  # per period, all agencies
    total: VisitorLine
    by_hour: Mapping[int, int] = field(default_factory=dict)  # local hour of issue -> tickets
    by_weekday: Mapping[int, int] = field(default_factory=dict)  # ISO weekday -> tickets
    site_name: str = ""


def _add(acc: dict, key, counts: Sequence[int]) -> None:
    current = acc.get(key)
    acc[key] = list(counts) if current is None else [a + b for a, b in zip(current, counts)]


def _line(counts: Sequence[int], period: str, agency_id: int | None, service_id: int | None,
          labels: Labels) -> VisitorLine:
    c = dict(zip(COUNT_FIELDS, counts))
    closed = c["served"] + c["no_show"] + c["cancelled"] + c["expired"]
    return VisitorLine(
        period=period, agency_id=agency_id,
        agency_code="" if agency_id is None else labels.agency_code(agency_id),
        agency="Semua instansi" if agency_id is None else labels.agency(agency_id),
        service_id=service_id,
        service_code="" if service_id is None else labels.service_code(service_id),
        service="" if service_id is None else labels.service(service_id),
        issued=c["issued"], served=c["served"], no_show=c["no_show"], cancelled=c["cancelled"],
        expired=c["expired"], open=c["issued"] - closed, walk_in=c["issued"] - c["online"],
        online=c["online"], by_priority={k: c[k] for k in PRIORITY_KEYS},
    )


def visitor_report(counts: Iterable[VisitorCounts], from_day: date, to_day: date,
                   grain: str = "month", by_service: bool = False,
                   labels: Labels | None = None,
                   by_hour: Mapping[int, int] | None = None,
                   by_weekday: Mapping[int, int] | None = None) -> VisitorReport:
    """Fold per-day counts into lines per period (at ``grain``) x agency (x service), with
    totals per agency, per period and overall."""
    check_period(from_day, to_day)
    period_key(from_day, grain)  # validates the grain
    labels = labels or Labels()
    periods_of: dict[str, str] = {}
    lines: dict[tuple, list[int]] = {}
    for row in counts:
        period = periods_of.get(row.day)
        if period is None:
            period = periods_of[row.day] = period_key(row.day, grain)
        _add(lines, (period, row.agency_id, row.service_id if by_service else None), row.counts)
    agencies: dict[int, list[int]] = {}
    periods: dict[str, list[int]] = {}
    everything: dict[None, list[int]] = {None: [0] * len(COUNT_FIELDS)}
    for (period, agency_id, _), c in lines.items():
        _add(agencies, agency_id, c)
        _add(periods, period, c)
        _add(everything, None, c)
    line_keys = sorted(lines, key=lambda k: (k[0], labels.agency_order(k[1]),
                                             labels.service_order(k[2])))
    return VisitorReport(
        from_day=from_day, to_day=to_day, grain=grain, by_service=by_service,
        lines=tuple(_line(lines[k], k[0], k[1], k[2], labels) for k in line_keys),
        agency_totals=tuple(_line(agencies[a], "", a, None, labels)
                            for a in sorted(agencies, key=labels.agency_order)),
        period_totals=tuple(_line(periods[p], p, None, None, labels) for p in sorted(periods)),
        total=_line(everything[None], "", None, None, labels),
        by_hour=dict(sorted((by_hour or {}).items())),
        by_weekday=dict(sorted((by_weekday or {}).items())),
        site_name=labels.site_name,
    )


# --------------------------------------------------------------------------- times

def percentile_nearest_rank(sorted_values: Sequence[float], p: int) -> float | None:
    """Nearest-rank p-th percentile (0 <= p <= 100) of ascending values; None when empty.

    k = ceil(p * n / 100), at least 1: p=50 of [1, 2, 3, 4] is 2, p=90 of ten values is the 9th."""
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, got {p}")
    n = len(sorted_values)
    if n == 0:
        return None
    k = max(1, -(-p * n // 100))
    return sorted_values[k - 1]


@dataclass(frozen=True)
class DurationStats:
    """Seconds. count 0: the other figures are None."""

    count: int
    mean: float | None
    median: float | None
    p90: float | None
    minimum: float | None
    maximum: float | None


def duration_stats(values: Iterable[float]) -> DurationStats:
    ordered = sorted(values)
    if not ordered:
        return DurationStats(0, None, None, None, None, None)
    return DurationStats(len(ordered), sum(ordered) / len(ordered),
                         percentile_nearest_rank(ordered, 50), percentile_nearest_rank(ordered, 90),
                         ordered[0], ordered[-1])


class DurationRow(NamedTuple):
    """One called ticket: its grouping keys and its durations in seconds (None: not measured).

    A NamedTuple, so the SQL side can hand over its plain row tuples (same column order)."""

    agency_id: int
    service_id: int
    officer_id: int | None
    hour: int
    weekday: int
    wait: float | None
    service: float | None


def duration_rows(tickets: Iterable[TicketRow], offset_s: int) -> list[DurationRow]:
    """Reference implementation of the durations query in ``reports_db``: called tickets only."""
    out = []
    for t in tickets:
        if t.called_at is None:
            continue
        served = t.status == "done" and t.started_at is not None and t.finished_at is not None
        out.append(DurationRow(
            t.agency_id, t.service_id, t.officer_id, local_hour(t.issued_at, offset_s),
            date.fromisoformat(t.day).isoweekday(), (t.called_at - t.issued_at) / 1000,
            (t.finished_at - t.started_at) / 1000 if served else None,  # type: ignore[operator]
        ))
    return out


@dataclass(frozen=True)
class TimesLine:
    dimension: str  # one of TIME_DIMENSIONS, or 'total'
    key: int | None
    label: str
    agency: str  # for service and officer lines: their agency, else ''
    wait: DurationStats
    service: DurationStats


@dataclass(frozen=True)
class TimesReport:
    from_day: date
    to_day: date
    dimensions: tuple[str, ...]
    lines: Mapping[str, tuple[TimesLine, ...]]  # dimension -> lines
    total: TimesLine
    site_name: str = ""


_DIMENSION_COLUMN = {"agency": 0, "service": 1, "officer": 2, "hour": 3, "weekday": 4}


def times_report(rows: Iterable[Sequence], from_day: date, to_day: date,
                 dimensions: Sequence[str] = ("agency",),
                 labels: Labels | None = None) -> TimesReport:
    """Waiting and service time distributions per requested dimension, plus the total.

    ``rows``: DurationRow or plain tuples in its column order."""
    check_period(from_day, to_day)
    for d in dimensions:
        if d not in TIME_DIMENSIONS:
            raise ValueError(f"dimension must be one of {', '.join(TIME_DIMENSIONS)}, got {d!r}")
    labels = labels or Labels()
    rows = rows if isinstance(rows, list) else list(rows)
    lines = {}
    for d in dimensions:
        column = _DIMENSION_COLUMN[d]
        waits: dict = {}
        services: dict = {}
        agency_of: dict = {}
        for row in rows:
            key = row[column]
            if key not in agency_of:
                agency_of[key] = row[0]
                waits[key], services[key] = [], []
            if row[5] is not None:
                waits[key].append(row[5])
            if row[6] is not None:
                services[key].append(row[6])
        entries = []
        for key, agency_id in agency_of.items():
            order, label = _describe(d, key, agency_id, labels)
            agency = labels.agency(agency_id) if d in ("service", "officer") else ""
            entries.append((order, TimesLine(d, key, label, agency, duration_stats(waits[key]),
                                             duration_stats(services[key]))))
        entries.sort(key=lambda e: e[0])
        lines[d] = tuple(line for _, line in entries)
    total = TimesLine("total", None, "Semua", "",
                      duration_stats(r[5] for r in rows if r[5] is not None),
                      duration_stats(r[6] for r in rows if r[6] is not None))
    return TimesReport(from_day, to_day, tuple(dimensions), lines, total, labels.site_name)


def _describe(dimension: str, key, agency_id: int, labels: Labels) -> tuple[tuple, str]:
    """(sort order, label) of a times line."""
    if dimension == "agency":
        return labels.agency_order(key), labels.agency(key)
    if dimension == "service":
        return (labels.agency_order(agency_id), labels.service_order(key)), labels.service(key)
    if dimension == "officer":
        return (labels.agency_order(agency_id), labels.officer(key)), labels.officer(key)
    if dimension == "hour":
        return (key,), hour_label(key)
    return (key,), DAY_NAMES_ID[key - 1]


# --------------------------------------------------------------------------- interval arithmetic
# Spans are half-open [start, end) in epoch ms. "Normalized" = sorted, disjoint, non-touching,
# non-empty; every function returns normalized spans and (except merge) expects them.

Span = tuple[int, int]


def merge(spans: Iterable[Span]) -> list[Span]:
    """Normalize: drop empty spans, sort, join overlapping and touching ones."""
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """Time covered by both (normalized inputs)."""
    out: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """Time in a not covered by b (normalized inputs)."""
    out: list[Span] = []
    j = 0
    for start, end in a:
        while j < len(b) and b[j][1] <= start:
            j += 1
        k = j
        while k < len(b) and b[k][0] < end:
            if b[k][0] > start:
                out.append((start, b[k][0]))
            start = max(start, b[k][1])
            k += 1
        if start < end:
            out.append((start, end))
    return out


def clip(spans: Sequence[Span], lo: int, hi: int) -> list[Span]:
    return intersect(spans, [(lo, hi)]) if hi > lo else []


def total(spans: Iterable[Span]) -> int:
    return sum(end - start for start, end in spans)


def gaps_at_least(spans: Iterable[Span], minimum: int) -> list[Span]:
    """The spans that last at least ``minimum``."""
    return [s for s in spans if s[1] - s[0] >= minimum]


# --------------------------------------------------------------------------- presence

@dataclass(frozen=True)
class CounterEvent:
    at: int  # epoch ms
    counter_id: int
    type: str  # counter_opened / counter_closed / counter_paused / counter_resumed


_NEXT_STATE = {"counter_opened": "open", "counter_resumed": "open",
               "counter_paused": "paused", "counter_closed": "closed"}


def counter_periods(events: Iterable[CounterEvent], until: int,
                    initial: Mapping[int, tuple[str, int]] | None = None,
                    ) -> dict[int, tuple[list[Span], list[Span]]]:
    """Rebuild each counter's (open spans, paused spans) from its events in time order.

    ``initial``: counter -> (state, since) before the first event (state 'open', 'paused' or
    'closed'): what ``reports_db`` reads from the last event before the period. An event that does
    not change the state (a second open) changes nothing. A counter still open or paused at the
    end is so until ``until``. Events of other types are ignored."""
    state: dict[int, tuple[str, int]] = dict(initial or {})
    spans: dict[int, tuple[list[Span], list[Span]]] = {}
    for e in sorted(events, key=lambda e: e.at):
        new = _NEXT_STATE.get(e.type)
        if new is None:
            continue
        current, since = state.get(e.counter_id, ("closed", e.at))
        if new == current:
            continue
        if current != "closed":
            _spans_of(spans, e.counter_id, current).append((since, min(e.at, until)))
        state[e.counter_id] = (new, e.at)
    for counter_id, (current, since) in state.items():
        if current != "closed":
            _spans_of(spans, counter_id, current).append((since, until))
    return {cid: (merge(o), merge(p)) for cid, (o, p) in spans.items()}


def _spans_of(spans: dict, counter_id: int, state: str) -> list[Span]:
    opened, paused = spans.setdefault(counter_id, ([], []))
    return opened if state == "open" else paused


@dataclass(frozen=True)
class Presence:
    """A booth's presence within its scheduled spans; all spans normalized (epoch ms).

    scheduled = staffed + paused + empty, as disjoint sets of time."""

    scheduled: tuple[Span, ...]
    staffed: tuple[Span, ...]  # at least one counter open
    paused: tuple[Span, ...]  # no counter open, at least one paused
    empty: tuple[Span, ...]  # no counter open or paused

    @property
    def scheduled_ms(self) -> int:
        return total(self.scheduled)

    @property
    def staffed_ms(self) -> int:
        return total(self.staffed)

    @property
    def paused_ms(self) -> int:
        return total(self.paused)

    @property
    def empty_ms(self) -> int:
        return total(self.empty)

    def empty_slots(self, min_gap_ms: int = 15 * MS_PER_MINUTE) -> list[Span]:
        """The empty stretches of at least ``min_gap_ms``."""
        return gaps_at_least(self.empty, min_gap_ms)


def booth_presence(scheduled: Sequence[Span], open_spans: Sequence[Span],
                   paused_spans: Sequence[Span]) -> Presence:
    """Presence of one booth (normalized inputs).

    ``open_spans``: union over the booth's counters of their open spans; ``paused_spans``: union of
    their paused spans (a pause while another counter is open is staffed time)."""
    staffed = intersect(scheduled, open_spans)
    present = intersect(scheduled, merge([*open_spans, *paused_spans]))
    return Presence(tuple(scheduled), tuple(staffed), tuple(subtract(present, staffed)),
                    tuple(subtract(scheduled, present)))


def scheduled_spans(catalog: Catalog, booth_id: int, day: date) -> list[Span]:
    """The booth's opening intervals on a local day (after closures), as epoch-ms spans."""
    tz = ZoneInfo(catalog.site.timezone)
    intervals, _ = booth_day(catalog, booth_id, day)
    return merge((_ms(day, iv.opens, tz), _ms(day, iv.closes, tz)) for iv in intervals)


def _ms(day: date, t: time, tz: ZoneInfo) -> int:
    return int(datetime.combine(day, t, tz).timestamp() * 1000)


@dataclass(frozen=True)
class EmptySlot:
    day: date
    start: int  # epoch ms
    end: int
    start_text: str  # local 'HH.MM'
    end_text: str

    @property
    def minutes(self) -> int:
        return (self.end - self.start) // MS_PER_MINUTE


@dataclass(frozen=True)
class BoothPresence:
    booth_id: int
    booth_code: str
    booth: str
    agency_id: int
    agency_code: str
    agency: str
    counters: int
    present_days: tuple[date, ...]  # scheduled days (up to `until`) with some staffed time
    absent_days: tuple[date, ...]  # scheduled days without any staffed time
    scheduled_ms: int
    staffed_ms: int
    paused_ms: int
    empty_ms: int
    empty_slots: tuple[EmptySlot, ...]

    @property
    def scheduled_days(self) -> int:
        return len(self.present_days) + len(self.absent_days)

    @property
    def days_present(self) -> int:
        return len(self.present_days)

    @property
    def coverage_pct(self) -> float | None:
        return None if not self.scheduled_ms else 100.0 * self.staffed_ms / self.scheduled_ms

    @property
    def presence_pct(self) -> float | None:
        """Staffed or paused, share of scheduled."""
        if not self.scheduled_ms:
            return None
        return 100.0 * (self.staffed_ms + self.paused_ms) / self.scheduled_ms


@dataclass(frozen=True)
class AgencyPresence:
    agency_id: int | None  # None: the whole MPP
    agency_code: str
    agency: str
    booths: int
    scheduled_days: int  # distinct days any of its booths was scheduled
    days_present: int  # distinct days any of its booths was staffed
    scheduled_ms: int
    staffed_ms: int
    paused_ms: int
    empty_ms: int
    empty_slots: int

    @property
    def coverage_pct(self) -> float | None:
        return None if not self.scheduled_ms else 100.0 * self.staffed_ms / self.scheduled_ms

    @property
    def presence_pct(self) -> float | None:
        if not self.scheduled_ms:
            return None
        return 100.0 * (self.staffed_ms + self.paused_ms) / self.scheduled_ms


@dataclass(frozen=True)
class PresenceReport:
    from_day: date
    to_day: date
    min_gap_minutes: int
    booths: tuple[BoothPresence, ...]
    agencies: tuple[AgencyPresence, ...]
    total: AgencyPresence
    site_name: str = ""

    @property
    def empty_slots(self) -> list[tuple[BoothPresence, EmptySlot]]:
        return [(b, s) for b in self.booths for s in b.empty_slots]


def presence_report(catalog: Catalog, from_day: date, to_day: date,
                    events: Iterable[CounterEvent], until: int,
                    initial: Mapping[int, tuple[str, int]] | None = None,
                    agency_id: int | None = None, min_gap_minutes: int = 15,
                    labels: Labels | None = None) -> PresenceReport:
    """Booth presence over [from_day, to_day] for every booth (of ``agency_id`` if given).

    ``events``: counter events from the start of ``from_day`` (``initial`` gives each counter's
    state then); ``until``: epoch ms of the present or of the end of the period, whichever first.
    Counters unknown to the catalog are ignored (their booth is unknown)."""
    check_period(from_day, to_day)
    labels = labels or labels_from_catalog(catalog)
    tz = ZoneInfo(catalog.site.timezone)
    periods = counter_periods(events, until, initial)
    min_gap = min_gap_minutes * MS_PER_MINUTE
    days = day_range(from_day, to_day)
    starts = [_ms(d, time(0), tz) for d in days]  # for mapping spans back to their day
    booths = []
    for booth in sorted(catalog.booths.values(), key=lambda b: (labels.agency_order(b.agency_id),
                                                                b.code)):
        if agency_id is not None and booth.agency_id != agency_id:
            continue
        counter_ids = [c.id for c in catalog.counters.values() if c.booth_id == booth.id]
        opened = merge(s for cid in counter_ids for s in periods.get(cid, ([], []))[0])
        paused = merge(s for cid in counter_ids for s in periods.get(cid, ([], []))[1])
        scheduled = clip(merge(s for d in days for s in scheduled_spans(catalog, booth.id, d)),
                         starts[0], until)
        # One pass over the whole period: every result span lies within one scheduled (one-day)
        # span, so its day is the day its start falls in.
        p = booth_presence(scheduled, opened, paused)
        scheduled_by_day = {bisect_right(starts, s[0]) - 1 for s in p.scheduled}
        staffed_by_day = {bisect_right(starts, s[0]) - 1 for s in p.staffed}
        slots = tuple(
            EmptySlot(days[bisect_right(starts, s[0]) - 1], s[0], s[1], _hhmm(s[0], tz),
                      _hhmm(s[1], tz))
            for s in p.empty_slots(min_gap))
        booths.append(BoothPresence(
            booth_id=booth.id, booth_code=booth.code, booth=booth.name, agency_id=booth.agency_id,
            agency_code=labels.agency_code(booth.agency_id), agency=labels.agency(booth.agency_id),
            counters=len(counter_ids),
            present_days=tuple(days[i] for i in sorted(staffed_by_day)),
            absent_days=tuple(days[i] for i in sorted(scheduled_by_day)
                              if i not in staffed_by_day),
            scheduled_ms=p.scheduled_ms, staffed_ms=p.staffed_ms, paused_ms=p.paused_ms,
            empty_ms=p.empty_ms, empty_slots=slots,
        ))
    agencies = []
    for aid, group in itertools.groupby(booths, key=lambda b: b.agency_id):
        agencies.append(_sum_presence(list(group), aid, labels))
    return PresenceReport(from_day, to_day, min_gap_minutes, tuple(booths), tuple(agencies),
                          _sum_presence(booths, None, labels), labels.site_name)


def _hhmm(ms: int, tz: ZoneInfo) -> str:
    return datetime.fromtimestamp(ms / 1000, tz).strftime("%H.%M")


def _sum_presence(booths: list[BoothPresence], agency_id: int | None,
                  labels: Labels) -> AgencyPresence:
    scheduled_days = {d for b in booths for d in (*b.present_days, *b.absent_days)}
    present_days = {d for b in booths for d in b.present_days}
    return AgencyPresence(
        agency_id=agency_id,
        agency_code="" if agency_id is None else labels.agency_code(agency_id),
        agency="Semua instansi" if agency_id is None else labels.agency(agency_id),
        booths=len(booths),
        scheduled_days=len(scheduled_days),
        days_present=len(present_days),
        scheduled_ms=sum(b.scheduled_ms for b in booths),
        staffed_ms=sum(b.staffed_ms for b in booths),
        paused_ms=sum(b.paused_ms for b in booths),
        empty_ms=sum(b.empty_ms for b in booths),
        empty_slots=sum(len(b.empty_slots) for b in booths),
    )


# --------------------------------------------------------------------------- SKM

@dataclass(frozen=True)
class SkmRow:
    """Identical responses (same agency, service, answers and profile), ``count`` times.

    ``answers``: U1..U9 in order, None = blank."""

    agency_id: int | None
    service_id: int | None
    answers: tuple[int | None, ...]
    gender: str | None = None
    age: int | None = None
    education: str | None = None
    occupation: str | None = None
    count: int = 1


@dataclass(frozen=True)
class SkmLine:
    level: str  # 'agency', 'service' or 'total'
    agency_id: int | None
    agency_code: str
    agency: str
    service_id: int | None
    service: str
    result: SkmResult
    population: int  # served tickets in the period (N)

    @property
    def target(self) -> int:
        """Krejcie-Morgan sample size for N."""
        return krejcie_morgan(self.population)


AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("< 20", 0, 19), ("20–29", 20, 29), ("30–39", 30, 39), ("40–49", 40, 49),
    ("50–59", 50, 59), ("≥ 60", 60, 10_000))
NOT_FILLED = "Tidak diisi"


def age_band(age: int | None) -> str:
    if age is None:
        return NOT_FILLED
    return next((name for name, lo, hi in AGE_BANDS if lo <= age <= hi), NOT_FILLED)


@dataclass(frozen=True)
class SkmReport:
    from_day: date
    to_day: date
    weight: str
    total: SkmLine
    agencies: tuple[SkmLine, ...]
    services: tuple[SkmLine, ...]
    profile: Mapping[str, Mapping[str, int]]  # gender/age/education/occupation -> value -> count
    site_name: str = ""


class SkmTotals(NamedTuple):
    """Answers of one agency and service, summed: all the index needs (NRR = sum / count)."""

    agency_id: int | None
    service_id: int | None
    respondents: int  # responses with at least one answer
    sums: tuple[int, ...]  # U1..U9
    counts: tuple[int, ...]  # non-blank answers, U1..U9


class SkmProfileCount(NamedTuple):
    """Respondents (at least one answer) with one combination of profile answers."""

    gender: str | None
    age: int | None
    education: str | None
    occupation: str | None
    count: int


def skm_totals(rows: Iterable[SkmRow]) -> list[SkmTotals]:
    """Reference implementation of the SKM totals query in ``reports_db``."""
    acc: dict[tuple, list] = {}
    for row in rows:
        entry = acc.setdefault((row.agency_id, row.service_id), [0, [0] * 9, [0] * 9])
        if all(a is None for a in row.answers):
            continue
        entry[0] += row.count
        for i, answer in enumerate(row.answers):
            if answer is not None:
                entry[1][i] += answer * row.count
                entry[2][i] += row.count
    return [SkmTotals(a, s, n, tuple(sums), tuple(counts))
            for (a, s), (n, sums, counts) in acc.items()]


def skm_profile_counts(rows: Iterable[SkmRow]) -> list[SkmProfileCount]:
    """Reference implementation of the SKM profile query in ``reports_db``."""
    acc: dict[tuple, int] = {}
    for row in rows:
        if any(a is not None for a in row.answers):
            key = (row.gender, row.age, row.education, row.occupation)
            acc[key] = acc.get(key, 0) + row.count
    return [SkmProfileCount(*key, n) for key, n in acc.items()]


def skm_result(respondents: int, sums: Sequence[int], counts: Sequence[int],
               weight: WeightMode = "exact") -> SkmResult:
    """``skm.skm_index`` computed from per-unsur sums and counts instead of the responses (so a
    year of answers is summed in SQL). The same arithmetic, step for step; the tests check that
    both give equal results."""
    if weight not in WEIGHT_LABELS:
        raise ValueError(f"weight must be 'exact' or '0.11', got {weight!r}")
    nrr: dict[str, Fraction | None] = {
        k: Fraction(total, n) if n else None for k, total, n in zip(UNSUR_KEYS, sums, counts)}
    answered_nrr = [v for v in nrr.values() if v is not None]
    ikm: Fraction | None = None
    nik: Decimal | None = None
    if answered_nrr:
        w = Fraction(1, len(answered_nrr)) if weight == "exact" else Fraction(11, 100)
        ikm = sum(answered_nrr, Fraction(0)) * w
        nik = round_half_up(ikm * 25)
    return SkmResult(weight=weight, respondents=respondents,
                     answered=dict(zip(UNSUR_KEYS, counts)), nrr=nrr, ikm=ikm, nik=nik,
                     grade=None if nik is None else grade(nik))


def skm_report(totals: Iterable[SkmTotals], from_day: date, to_day: date,
               served: Mapping[tuple[int, int], int] | None = None,
               labels: Labels | None = None, weight: WeightMode = "exact",
               profile: Iterable[SkmProfileCount] = ()) -> SkmReport:
    """SKM per agency, per service and in total, with the respondent profile (gender, age band,
    education, occupation; blanks as 'Tidak diisi').

    ``served``: (agency_id, service_id) -> served tickets, the population N; agencies and services
    with served visitors but no responses are listed too (no index, respondents 0)."""
    check_period(from_day, to_day)
    labels = labels or Labels()
    served = served or {}
    empty = (0, (0,) * 9, (0,) * 9)
    services: dict[tuple, tuple] = {k: empty for k in served}
    for t in totals:
        services[(t.agency_id, t.service_id)] = _sum_skm(
            services.get((t.agency_id, t.service_id), empty), (t.respondents, t.sums, t.counts))
    agencies: dict[int | None, tuple] = {}
    for (a, _), value in services.items():
        agencies[a] = _sum_skm(agencies.get(a, empty), value)
    everything = empty
    for value in agencies.values():
        everything = _sum_skm(everything, value)
    population_agency: dict[int | None, int] = {}
    for (a, _), n in served.items():
        population_agency[a] = population_agency.get(a, 0) + n
    agency_lines = tuple(
        SkmLine("agency", a, labels.agency_code(a), labels.agency(a), None, "",
                skm_result(*value, weight), population_agency.get(a, 0))
        for a, value in sorted(agencies.items(), key=lambda e: labels.agency_order(e[0])))
    service_lines = tuple(
        SkmLine("service", a, labels.agency_code(a), labels.agency(a), s, labels.service(s),
                skm_result(*value, weight), served.get((a, s), 0))  # type: ignore[arg-type]
        for (a, s), value in sorted(services.items(), key=lambda e: (
            labels.agency_order(e[0][0]), labels.service_order(e[0][1]))))
    total = SkmLine("total", None, "", "Semua instansi", None, "",
                    skm_result(*everything, weight), sum(served.values()))
    counted: dict[str, dict[str, int]] = {"gender": {}, "age": {}, "education": {},
                                          "occupation": {}}
    for p in profile:
        for name, value in (("gender", p.gender), ("age", age_band(p.age)),
                            ("education", p.education), ("occupation", p.occupation)):
            value = value or NOT_FILLED
            counted[name][value] = counted[name].get(value, 0) + p.count
    return SkmReport(from_day, to_day, weight, total, agency_lines, service_lines,
                     {k: _in_profile_order(k, v) for k, v in counted.items()}, labels.site_name)


def _sum_skm(a: tuple, b: tuple) -> tuple:
    return (a[0] + b[0], tuple(x + y for x, y in zip(a[1], b[1])),
            tuple(x + y for x, y in zip(a[2], b[2])))


# Profile answers in the order of the regulation's form (domain.md §5); others after, A-Z.
PROFILE_ORDER: Mapping[str, tuple[str, ...]] = {
    "gender": ("L", "P"),
    "age": tuple(name for name, _, _ in AGE_BANDS),
    "education": ("SD", "SMP", "SMA", "D1–D3", "S1", "S2", "S3"),
    "occupation": ("PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Lainnya"),
}


def _in_profile_order(name: str, counts: Mapping[str, int]) -> dict[str, int]:
    order = PROFILE_ORDER[name]

    def rank(value: str) -> tuple:
        if value == NOT_FILLED:
            return (2, "")
        return (0, order.index(value), "") if value in order else (1, value)
    return {value: counts[value] for value in sorted(counts, key=rank)}


# --------------------------------------------------------------------------- monthly

@dataclass(frozen=True)
class MonthlyReport:
    """Everything the head's monthly meeting PDF shows."""

    site_name: str
    month: str  # '2026-10'
    visitors: VisitorReport
    times: TimesReport
    presence: PresenceReport
    skm: SkmReport

    @property
    def title(self) -> str:
        return period_label(self.month, "month")
