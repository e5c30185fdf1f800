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

from dataclasses import dataclass
from zoneinfo import ZoneInfo  # noqa: F401  (tests use reports.ZoneInfo)

from .reports_common import (GRAINS, OUTCOMES, PRIORITY_KEYS, TIME_DIMENSIONS, Labels,
                             check_period, day_range, hour_label, labels_from_catalog, local_hour,
                             month_bounds, period_key, period_label, utc_offset_seconds)
from .reports_presence import (AgencyPresence, BoothPresence, CounterEvent, EmptySlot, Presence,
                               PresenceReport, Span, booth_presence, clip, counter_periods,
                               gaps_at_least, intersect, merge, presence_report, scheduled_spans,
                               subtract, total)
from .reports_skm import (SkmLine, SkmProfileCount, SkmReport, SkmRow, SkmTotals,
                          skm_profile_counts, skm_report, skm_result, skm_totals)
from .reports_times import (DurationRow, DurationStats, TimesLine, TimesReport, duration_rows,
                            duration_stats, percentile_nearest_rank, times_report)
from .reports_visitors import (COUNT_FIELDS, TicketRow, VisitorCounts, VisitorLine, VisitorReport,
                               count_visitors, ticket_outcome, visitor_report)

# Also importable from here, outside __all__ (as before the split).
from .reports_common import MONTHS_ID, MS_PER_MINUTE, Grain  # noqa: F401
from .reports_skm import AGE_BANDS, NOT_FILLED, PROFILE_ORDER, age_band  # noqa: F401

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
