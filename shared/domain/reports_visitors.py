"""Part of :mod:`shared.domain.reports` (definitions in its docstring): visitors (ticket outcomes
and counts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from .reports_common import Labels, PRIORITY_KEYS, check_period, period_key


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
