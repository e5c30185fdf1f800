"""Part of :mod:`shared.domain.reports` (definitions in its docstring): interval arithmetic and
booth presence.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from .model import Catalog
from .reports_common import Labels, MS_PER_MINUTE, check_period, day_range, labels_from_catalog
from .schedule import booth_day


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


class _Shares:
    """Coverage (staffed) and presence (staffed or paused) as shares of the scheduled time."""

    scheduled_ms: int
    staffed_ms: int
    paused_ms: int

    @property
    def coverage_pct(self) -> float | None:
        return None if not self.scheduled_ms else 100.0 * self.staffed_ms / self.scheduled_ms

    @property
    def presence_pct(self) -> float | None:
        if not self.scheduled_ms:
            return None
        return 100.0 * (self.staffed_ms + self.paused_ms) / self.scheduled_ms


@dataclass(frozen=True)
class BoothPresence(_Shares):
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


@dataclass(frozen=True)
class AgencyPresence(_Shares):
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
