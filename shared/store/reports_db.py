"""Report queries: fetch what ``shared.domain.reports`` aggregates, fast on years of history.

Read-only (except ``insert_skm_responses``, the SKM writer). Aggregation is pushed into SQL where
it is what makes a year fast. Tickets are read through the covering index ``tickets_report``
(migration 3: day, agency, service and the columns reports read), never the wide table rows:

- visitors: one row per day x agency (x service) with conditional sums, grouped in index order
  (no sort); the report folds days into months, quarters or years;
- waiting and service times: only the key columns and the two durations of called tickets
  (percentiles are exact, nearest-rank, in Python);
- presence: only counter events, through the partial index ``events_counter_state``;
- SKM: per-unsur sums and counts per agency and service, and profile counts.

Every ``*_report`` function runs its queries in one read transaction (one consistent snapshot)
when the connection is not already inside one. Periods are inclusive local days [from_day, to_day].
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ..domain import reports as r
from ..domain.model import Catalog
from ..domain.skm import UNSUR_KEYS, WeightMode
from .catalog_db import load_catalog

COUNTER_EVENT_TYPES = ("counter_opened", "counter_closed", "counter_paused", "counter_resumed")
# Must match the WHERE of the partial index events_counter_state word for word (SQLite uses a
# partial index only when the query's WHERE contains the index's terms).
_COUNTER_EVENTS = ("type IN ('counter_opened', 'counter_closed', 'counter_paused', "
                   "'counter_resumed')")
# How far back the state of each counter at the start of a period is looked for. Counters are
# closed at every day rollover, so a counter open for longer than this has no event at all.
INITIAL_STATE_LOOKBACK = timedelta(days=31)

_WEEKDAY_SQL = "((CAST(strftime('%w', day) AS INTEGER) + 6) % 7 + 1)"


def _hour_sql(offset_s: int) -> str:
    return f"((issued_at / 1000 + {int(offset_s)}) % 86400 / 3600)"


class UnknownCode(ValueError):
    """An agency or service code that the catalog does not have."""


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All reads inside see one state of the file (a read transaction), unless already inside one."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")  # nothing was written


# --------------------------------------------------------------------------- catalog, labels

def load_labels(conn: sqlite3.Connection, catalog: Catalog | None = None) -> r.Labels:
    catalog = catalog or load_catalog(conn)
    officers = dict(conn.execute("SELECT id, name FROM officers").fetchall())
    return r.labels_from_catalog(catalog, officers)


def agency_id_of(catalog: Catalog, code: str | None) -> int | None:
    if code is None:
        return None
    for agency in catalog.agencies.values():
        if agency.code == code:
            return agency.id
    known = ", ".join(sorted(a.code for a in catalog.agencies.values()))
    raise UnknownCode(f"unknown agency code {code!r} (known: {known})")


def service_id_of(catalog: Catalog, code: str | None) -> int | None:
    if code is None:
        return None
    for service in catalog.services.values():
        if service.code == code:
            return service.id
    raise UnknownCode(f"unknown service code {code!r}")


def _where(from_day: date, to_day: date, agency_id: int | None, service_id: int | None,
           extra: str = "") -> tuple[str, list]:
    r.check_period(from_day, to_day)
    clauses, args = ["day BETWEEN ? AND ?"], [from_day.isoformat(), to_day.isoformat()]
    if agency_id is not None:
        clauses.append("agency_id = ?")
        args.append(agency_id)
    if service_id is not None:
        clauses.append("service_id = ?")
        args.append(service_id)
    if extra:
        clauses.append(extra)
    return " AND ".join(clauses), args


def _ms(day: date, tz: str) -> int:
    return int(datetime.combine(day, time(0), ZoneInfo(tz)).timestamp() * 1000)


def _now_ms(now: datetime | None) -> int:
    return int((now or datetime.now(timezone.utc)).timestamp() * 1000)


# --------------------------------------------------------------------------- raw tickets

def fetch_tickets(conn: sqlite3.Connection, from_day: date, to_day: date,
                  agency_id: int | None = None, service_id: int | None = None) -> list[r.TicketRow]:
    """Plain ticket rows of a period (for small periods, tests and the reference functions)."""
    where, args = _where(from_day, to_day, agency_id, service_id)
    rows = conn.execute(
        "SELECT day, agency_id, service_id, status, channel, priority, issued_at, called_at, "
        f"started_at, finished_at, officer_id FROM tickets WHERE {where} ORDER BY id", args)
    return [r.TicketRow(*row) for row in rows]


# --------------------------------------------------------------------------- visitors

def _visitor_sums() -> str:
    # `x IS y` is 0 or 1, never NULL (a NULL priority compared with = would make a sum NULL).
    expired_called = "(called_at IS NOT NULL AND started_at IS NULL)"
    sums = {
        "issued": "count(*)",
        "served": "sum(status IS 'done')",
        "no_show": f"sum(status IS 'no_show' OR (status IS 'expired' AND {expired_called}))",
        "cancelled": "sum(status IS 'cancelled')",
        "expired": f"sum(status IS 'expired' AND NOT {expired_called})",
        "online": "sum(channel IS 'online')",
        "normal": "sum(priority IS NULL)",
    }
    for key in r.PRIORITY_KEYS[1:]:
        sums[key] = f"sum(priority IS '{key}')"  # enum values: no quoting issue
    return ", ".join(sums[name] for name in r.COUNT_FIELDS)


_VISITOR_SUMS = _visitor_sums()


def visitor_counts(conn: sqlite3.Connection, from_day: date, to_day: date,
                   by_service: bool = False, agency_id: int | None = None,
                   service_id: int | None = None) -> list[r.VisitorCounts]:
    """Tickets counted per day and agency (and service) in SQL; the same rows as
    ``reports.count_visitors`` on the raw tickets. Grouping in the order of the covering index
    tickets_report streams without sorting."""
    where, args = _where(from_day, to_day, agency_id, service_id)
    keys = "day, agency_id, service_id" if by_service else "day, agency_id"
    service = "service_id" if by_service else "NULL"
    sql = (f"SELECT day, agency_id, {service}, {_VISITOR_SUMS} FROM tickets WHERE {where} "
           f"GROUP BY {keys}")
    return [r.VisitorCounts(row[0], row[1], row[2], row[3:]) for row in conn.execute(sql, args)]


def issued_by_hour(conn: sqlite3.Connection, from_day: date, to_day: date, offset_s: int,
                   agency_id: int | None = None, service_id: int | None = None,
                   ) -> tuple[dict[int, int], dict[int, int]]:
    """Tickets issued per local hour and per ISO weekday."""
    where, args = _where(from_day, to_day, agency_id, service_id)
    by_hour: dict[int, int] = {}
    by_weekday: dict[int, int] = {}
    sql = (f"SELECT {_hour_sql(offset_s)} AS hour, day, count(*) FROM tickets WHERE {where} "
           "GROUP BY day, hour")
    for hour, day, count in conn.execute(sql, args):
        by_hour[hour] = by_hour.get(hour, 0) + count
        weekday = date.fromisoformat(day).isoweekday()
        by_weekday[weekday] = by_weekday.get(weekday, 0) + count
    return by_hour, by_weekday


def visitor_report(conn: sqlite3.Connection, from_day: date, to_day: date, grain: str = "month",
                   by_service: bool = False, agency_id: int | None = None,
                   service_id: int | None = None, labels: r.Labels | None = None,
                   with_hours: bool = True) -> r.VisitorReport:
    with snapshot(conn):
        labels = labels or load_labels(conn)
        if grain not in r.GRAINS:
            raise ValueError(f"grain must be one of {', '.join(r.GRAINS)}, got {grain!r}")
        counts = visitor_counts(conn, from_day, to_day, by_service, agency_id, service_id)
        hours: tuple[dict, dict] = ({}, {})
        if with_hours:
            offset = r.utc_offset_seconds(labels.timezone, from_day)
            hours = issued_by_hour(conn, from_day, to_day, offset, agency_id, service_id)
    return r.visitor_report(counts, from_day, to_day, grain, by_service, labels, *hours)


# --------------------------------------------------------------------------- times

def duration_rows(conn: sqlite3.Connection, from_day: date, to_day: date, offset_s: int,
                  dimensions: Sequence[str] = r.TIME_DIMENSIONS, agency_id: int | None = None,
                  service_id: int | None = None) -> list[tuple]:
    """Called tickets as DurationRow-ordered tuples (seconds); the same rows as
    ``reports.duration_rows`` on the raw tickets. Key columns that no requested dimension needs
    come back NULL (cheaper)."""
    where, args = _where(from_day, to_day, agency_id, service_id, "called_at IS NOT NULL")
    hour = _hour_sql(offset_s) if "hour" in dimensions else "NULL"
    weekday = _WEEKDAY_SQL if "weekday" in dimensions else "NULL"
    officer = "officer_id" if "officer" in dimensions else "NULL"
    sql = (f"SELECT agency_id, service_id, {officer}, {hour}, {weekday}, "
           "(called_at - issued_at) / 1000.0, "
           "CASE WHEN status = 'done' AND started_at IS NOT NULL AND finished_at IS NOT NULL "
           "THEN (finished_at - started_at) / 1000.0 END "
           f"FROM tickets WHERE {where}")
    return conn.execute(sql, args).fetchall()


def times_report(conn: sqlite3.Connection, from_day: date, to_day: date,
                 dimensions: Sequence[str] = ("agency",), agency_id: int | None = None,
                 service_id: int | None = None, labels: r.Labels | None = None) -> r.TimesReport:
    for d in dimensions:
        if d not in r.TIME_DIMENSIONS:
            raise ValueError(f"dimension must be one of {', '.join(r.TIME_DIMENSIONS)}, got {d!r}")
    with snapshot(conn):
        labels = labels or load_labels(conn)
        offset = r.utc_offset_seconds(labels.timezone, from_day)
        rows = duration_rows(conn, from_day, to_day, offset, dimensions, agency_id, service_id)
    return r.times_report(rows, from_day, to_day, dimensions, labels)


# --------------------------------------------------------------------------- presence

def counter_events(conn: sqlite3.Connection, start_ms: int, end_ms: int) -> list[r.CounterEvent]:
    """Counter open/close/pause/resume events with start <= at < end, in recorded order."""
    rows = conn.execute(
        f"SELECT at, counter_id, type FROM events WHERE {_COUNTER_EVENTS} "
        "AND at >= ? AND at < ? ORDER BY at, seq", (start_ms, end_ms))
    return [r.CounterEvent(at, cid, kind) for at, cid, kind in rows]


def counter_states_at(conn: sqlite3.Connection, start_ms: int) -> dict[int, tuple[str, int]]:
    """Each counter's state at ``start_ms`` from its last counter event before it (within
    INITIAL_STATE_LOOKBACK): counter -> (state, start_ms), open or paused counters only."""
    lookback = int(INITIAL_STATE_LOOKBACK.total_seconds() * 1000)
    rows = conn.execute(
        # SQLite: with max(), the bare columns come from the row holding the maximum.
        f"SELECT counter_id, type, max(at) FROM events WHERE {_COUNTER_EVENTS} "
        "AND at < ? AND at >= ? GROUP BY counter_id", (start_ms, start_ms - lookback))
    states = {"counter_opened": "open", "counter_resumed": "open", "counter_paused": "paused"}
    return {cid: (states[kind], start_ms) for cid, kind, _ in rows if kind in states}


def presence_report(conn: sqlite3.Connection, from_day: date, to_day: date,
                    agency_id: int | None = None, now: datetime | None = None,
                    min_gap_minutes: int = 15, catalog: Catalog | None = None,
                    labels: r.Labels | None = None) -> r.PresenceReport:
    """Booth presence; ``now`` (default: the clock) ends the schedule on the current day."""
    r.check_period(from_day, to_day)
    with snapshot(conn):
        catalog = catalog or load_catalog(conn)
        labels = labels or load_labels(conn, catalog)
        tz = catalog.site.timezone
        start = _ms(from_day, tz)
        until = min(_ms(to_day + timedelta(days=1), tz), _now_ms(now))
        events = counter_events(conn, start, max(start, until))
        initial = counter_states_at(conn, start)
    return r.presence_report(catalog, from_day, to_day, events, max(start, until), initial,
                             agency_id, min_gap_minutes, labels)


# --------------------------------------------------------------------------- SKM

_SKM_COLUMNS = ", ".join(k.lower() for k in UNSUR_KEYS)


_NON_BLANK = f"coalesce({_SKM_COLUMNS}) IS NOT NULL"


def skm_totals(conn: sqlite3.Connection, from_day: date, to_day: date,
               agency_id: int | None = None, service_id: int | None = None) -> list[r.SkmTotals]:
    """Respondents and per-unsur sums and counts per agency and service, summed in SQL; the same
    as ``reports.skm_totals`` on the responses."""
    where, args = _where(from_day, to_day, agency_id, service_id, _NON_BLANK)
    per_unsur = ", ".join(f"coalesce(sum({c}), 0), count({c})" for c in _SKM_COLUMNS.split(", "))
    sql = (f"SELECT agency_id, service_id, count(*), {per_unsur} FROM skm_responses "
           f"WHERE {where} GROUP BY agency_id, service_id")
    return [r.SkmTotals(row[0], row[1], row[2], tuple(row[3::2]), tuple(row[4::2]))
            for row in conn.execute(sql, args)]


def skm_profile(conn: sqlite3.Connection, from_day: date, to_day: date,
                agency_id: int | None = None, service_id: int | None = None,
                ) -> list[r.SkmProfileCount]:
    where, args = _where(from_day, to_day, agency_id, service_id, _NON_BLANK)
    sql = (f"SELECT gender, age, education, occupation, count(*) FROM skm_responses "
           f"WHERE {where} GROUP BY gender, age, education, occupation")
    return [r.SkmProfileCount(*row) for row in conn.execute(sql, args)]


def fetch_skm_rows(conn: sqlite3.Connection, from_day: date, to_day: date,
                   agency_id: int | None = None, service_id: int | None = None,
                   ) -> list[r.SkmRow]:
    """Plain responses (for small periods, tests and the reference functions)."""
    where, args = _where(from_day, to_day, agency_id, service_id)
    sql = (f"SELECT agency_id, service_id, {_SKM_COLUMNS}, gender, age, education, occupation "
           f"FROM skm_responses WHERE {where} ORDER BY id")
    return [r.SkmRow(x[0], x[1], tuple(x[2:11]), *x[11:]) for x in conn.execute(sql, args)]


def served_counts(conn: sqlite3.Connection, from_day: date, to_day: date,
                  agency_id: int | None = None, service_id: int | None = None,
                  ) -> dict[tuple[int, int], int]:
    """Served (done) tickets per (agency, service): the SKM population N."""
    where, args = _where(from_day, to_day, agency_id, service_id, "status = 'done'")
    sql = f"SELECT agency_id, service_id, count(*) FROM tickets WHERE {where} GROUP BY 1, 2"
    return {(a, s): n for a, s, n in conn.execute(sql, args)}


def skm_report(conn: sqlite3.Connection, from_day: date, to_day: date,
               agency_id: int | None = None, service_id: int | None = None,
               weight: WeightMode = "exact", labels: r.Labels | None = None) -> r.SkmReport:
    with snapshot(conn):
        labels = labels or load_labels(conn)
        totals = skm_totals(conn, from_day, to_day, agency_id, service_id)
        profile = skm_profile(conn, from_day, to_day, agency_id, service_id)
        served = served_counts(conn, from_day, to_day, agency_id, service_id)
    return r.skm_report(totals, from_day, to_day, served, labels, weight, profile)


def insert_skm_responses(conn: sqlite3.Connection, responses: Iterable[Mapping]) -> int:
    """Store survey responses (inside the caller's transaction). Each mapping has day,
    submitted_at (epoch ms), agency_id, service_id, optionally ticket_id, U1..U9 (None = blank),
    gender, age, education, occupation, comment."""
    columns = ("ticket_id", "service_id", "agency_id", "day", "submitted_at",
               *(k.lower() for k in UNSUR_KEYS), "gender", "age", "education", "occupation",
               "comment")
    rows = [
        (x.get("ticket_id"), x.get("service_id"), x.get("agency_id"), str(x["day"]),
         x["submitted_at"], *(x.get(k) for k in UNSUR_KEYS), x.get("gender"), x.get("age"),
         x.get("education"), x.get("occupation"), x.get("comment") or "")
        for x in responses]
    conn.executemany(
        f"INSERT INTO skm_responses ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})", rows)
    return len(rows)


# --------------------------------------------------------------------------- monthly

def monthly_report(conn: sqlite3.Connection, month: str, now: datetime | None = None,
                   weight: WeightMode = "exact") -> r.MonthlyReport:
    """Everything the monthly PDF shows, for month 'YYYY-MM'."""
    from_day, to_day = r.month_bounds(month)
    with snapshot(conn):
        catalog = load_catalog(conn)
        labels = load_labels(conn, catalog)
        return r.MonthlyReport(
            site_name=catalog.site.name, month=month,
            visitors=visitor_report(conn, from_day, to_day, "month", labels=labels),
            times=times_report(conn, from_day, to_day, ("agency", "hour"), labels=labels),
            presence=presence_report(conn, from_day, to_day, now=now, catalog=catalog,
                                     labels=labels),
            skm=skm_report(conn, from_day, to_day, weight=weight, labels=labels),
        )
