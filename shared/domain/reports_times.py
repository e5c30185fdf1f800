"""Part of :mod:`shared.domain.reports` (definitions in its docstring): times (percentiles and
duration statistics).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from .reports_common import Labels, TIME_DIMENSIONS, check_period, hour_label, local_hour
from .reports_visitors import TicketRow
from .schedule import DAY_NAMES_ID


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
