"""shared.store.reports_db: the SQL results equal the pure reference functions on a simulated
database; the queries use the report indexes; SKM responses are stored and simulated."""
from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest

from shared.demo.skm_sim import agency_quality, simulate_skm_day, simulate_skm_days
from shared.domain import reports as r
from shared.domain.skm import UNSUR_KEYS, skm_index
from shared.store import reports_db as q
from shared.store.catalog_db import load_catalog
from shared.store.database import open_database
from shared.store.queue_store import QueueStore

from .conftest import FIRST, LAST, TODAY


@pytest.fixture()
def varied_db(sim_db, tmp_path):
    """The simulated db with every outcome and channel present (a few rows edited)."""
    path = tmp_path / "varied.db"
    shutil.copy(sim_db, path)
    c = sqlite3.connect(path)
    ids = [row[0] for row in c.execute("SELECT id FROM tickets WHERE status = 'done' ORDER BY id")]
    c.execute("UPDATE tickets SET status = 'cancelled', called_at = NULL, started_at = NULL "
              "WHERE id = ?", (ids[0],))
    c.execute("UPDATE tickets SET status = 'waiting', called_at = NULL, started_at = NULL, "
              "finished_at = NULL WHERE id = ?", (ids[1],))
    c.execute("UPDATE tickets SET status = 'expired', called_at = NULL, started_at = NULL "
              "WHERE id = ?", (ids[2],))
    c.execute("UPDATE tickets SET status = 'expired', started_at = NULL WHERE id = ?", (ids[3],))
    c.execute("UPDATE tickets SET channel = 'online' WHERE id IN (?, ?)", (ids[4], ids[5]))
    c.commit()
    c.close()
    conn = open_database(path, create=False)
    yield conn
    conn.close()


def as_dict(rows):
    out = {(x.day, x.agency_id, x.service_id): x.counts for x in rows}
    assert len(out) == len(rows)
    return out


@pytest.mark.parametrize("by_service", [False, True])
def test_visitor_counts_sql_equal_reference(varied_db, by_service):
    tickets = q.fetch_tickets(varied_db, FIRST, LAST)
    assert len(tickets) > 500
    expected = as_dict(r.count_visitors(tickets, by_service))
    got = as_dict(q.visitor_counts(varied_db, FIRST, LAST, by_service))
    assert got == expected
    # every outcome is exercised (open = issued minus the others)
    totals = [sum(c[i] for c in got.values()) for i in range(len(r.COUNT_FIELDS))]
    assert all(totals[:6]) and totals[0] > sum(totals[1:5])


@pytest.mark.parametrize("grain", r.GRAINS)
def test_visitor_report_sql_equal_reference(varied_db, grain):
    labels = q.load_labels(varied_db)
    tickets = q.fetch_tickets(varied_db, FIRST, LAST)
    expected = r.visitor_report(r.count_visitors(tickets, True), FIRST, LAST, grain, True, labels)
    got = q.visitor_report(varied_db, FIRST, LAST, grain, True, with_hours=False)
    assert got == expected


def test_visitor_counts_with_filters(varied_db):
    catalog = load_catalog(varied_db)
    agency = q.agency_id_of(catalog, "dukcapil")
    service = next(s.id for s in catalog.services.values() if s.agency_id == agency)
    for a, s in ((agency, None), (agency, service), (None, service)):
        tickets = q.fetch_tickets(varied_db, FIRST, LAST, a, s)
        assert tickets
        assert as_dict(q.visitor_counts(varied_db, FIRST, LAST, True, a, s)) == \
            as_dict(r.count_visitors(tickets, True))
    one_day = q.fetch_tickets(varied_db, LAST, LAST)
    assert {t.day for t in one_day} == {LAST.isoformat()}
    with pytest.raises(ValueError):
        q.visitor_report(varied_db, FIRST, LAST, "week")
    with pytest.raises(ValueError):
        q.visitor_counts(varied_db, LAST, FIRST)


def test_visitor_report_hours(varied_db):
    report = q.visitor_report(varied_db, FIRST, LAST, "day")
    tickets = q.fetch_tickets(varied_db, FIRST, LAST)
    hours = Counter(r.local_hour(t.issued_at, 7 * 3600) for t in tickets)
    weekdays = Counter(date.fromisoformat(t.day).isoweekday() for t in tickets)
    assert report.by_hour == dict(sorted(hours.items()))
    assert report.by_weekday == dict(sorted(weekdays.items())) == {
        1: pytest.approx(report.by_weekday[1]), 2: report.by_weekday[2], 3: report.by_weekday[3]}
    assert report.total.issued == len(tickets)
    assert report.site_name == "Mal Pelayanan Publik Kabupaten Purbaraya"
    assert q.visitor_report(varied_db, FIRST, LAST, with_hours=False).by_hour == {}


def test_duration_rows_sql_equal_reference(varied_db):
    tickets = q.fetch_tickets(varied_db, FIRST, LAST)
    expected = Counter(tuple(x) for x in r.duration_rows(tickets, 7 * 3600))
    got = Counter(q.duration_rows(varied_db, FIRST, LAST, 7 * 3600))
    assert got == expected and len(expected) > 500
    # Unrequested key columns come back empty.
    lean = q.duration_rows(varied_db, FIRST, LAST, 7 * 3600, ("agency",))
    assert {(row[2], row[3], row[4]) for row in lean} == {(None, None, None)}


def test_times_report_sql_equal_reference(varied_db):
    labels = q.load_labels(varied_db)
    tickets = q.fetch_tickets(varied_db, FIRST, LAST)
    expected = r.times_report(r.duration_rows(tickets, 7 * 3600), FIRST, LAST, r.TIME_DIMENSIONS,
                              labels)
    got = q.times_report(varied_db, FIRST, LAST, r.TIME_DIMENSIONS)
    assert got == expected
    assert got.total.wait.count == sum(1 for t in tickets if t.called_at is not None)
    assert got.total.service.count == sum(1 for t in tickets if t.status == "done")
    assert {line.label for line in got.lines["weekday"]} == {"Senin", "Selasa", "Rabu"}
    with pytest.raises(ValueError):
        q.times_report(varied_db, FIRST, LAST, ("counter",))


def all_counter_events(conn):
    return [r.CounterEvent(at, cid, kind) for at, cid, kind in conn.execute(
        "SELECT at, counter_id, type FROM events WHERE counter_id IS NOT NULL ORDER BY seq")]


@pytest.mark.parametrize("first", [FIRST, FIRST + timedelta(days=1), LAST])
def test_presence_sql_equal_reference(conn, first):
    """The SQL side reads only the period's counter events plus each counter's state at its
    start; the reference replays every event from the beginning."""
    catalog = load_catalog(conn)
    now = datetime(2025, 1, 9, 5, 0, tzinfo=timezone.utc)  # Thursday 12:00 WIB
    until = int(datetime(2025, 1, 9, tzinfo=r.ZoneInfo("Asia/Jakarta")).timestamp() * 1000)
    expected = r.presence_report(catalog, first, LAST, all_counter_events(conn), until,
                                 labels=q.load_labels(conn, catalog))
    got = q.presence_report(conn, first, LAST, now=now)
    assert got == expected
    assert got.total.staffed_ms > 0 and got.total.scheduled_ms > got.total.staffed_ms
    assert got.total.scheduled_days == (LAST - first).days + 1


def test_presence_today_ends_now_and_agency_filter(conn):
    catalog = load_catalog(conn)
    agency = q.agency_id_of(catalog, "dukcapil")
    noon = datetime(2025, 1, 8, 5, 0, tzinfo=timezone.utc)  # Wednesday 12:00 WIB
    report = q.presence_report(conn, LAST, LAST, agency, now=noon)
    assert {b.agency_code for b in report.booths} == {"dukcapil"}
    for booth in report.booths:
        assert booth.scheduled_ms <= 4.5 * 3_600_000  # 07:30 .. 12:00 at most
    before = q.presence_report(conn, LAST, LAST, now=datetime(2025, 1, 1, tzinfo=timezone.utc))
    assert before.total.scheduled_ms == 0
    with pytest.raises(ValueError):
        q.presence_report(conn, LAST, FIRST)


def test_counter_state_at_period_start(conn):
    start = int(datetime(2025, 1, 7, 10, 0, tzinfo=r.ZoneInfo("Asia/Jakarta")).timestamp() * 1000)
    states = q.counter_states_at(conn, start)
    replay = r.counter_periods([e for e in all_counter_events(conn) if e.at < start], start)
    open_now = {cid for cid, (opened, paused) in replay.items()
                if any(s[1] == start for s in opened + paused)}
    assert set(states) == open_now and states
    assert all(since == start for _, since in states.values())


def test_queries_use_the_report_indexes(conn):
    plan = " ".join(row[3] for row in conn.execute(
        f"EXPLAIN QUERY PLAN SELECT at, counter_id, type FROM events WHERE {q._COUNTER_EVENTS} "
        "AND at >= 0 AND at < 1 ORDER BY at, seq"))
    assert "events_counter_state" in plan
    plan = " ".join(row[3] for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT agency_id, service_id, officer_id, issued_at, called_at, "
        "started_at, finished_at, status FROM tickets WHERE day BETWEEN '2025-01-01' AND "
        "'2025-01-31' AND called_at IS NOT NULL"))
    assert "COVERING INDEX tickets_report" in plan
    for keys in ("day, agency_id", "day, agency_id, service_id"):
        plan = " ".join(row[3] for row in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT {keys}, {q._VISITOR_SUMS} FROM tickets WHERE day "
            f"BETWEEN '2025-01-01' AND '2025-01-31' GROUP BY {keys}"))
        # Counting in index order: no sort. (With an agency filter SQLite may prefer
        # tickets_agency_day: fewer rows, sorted cheaply.)
        assert "COVERING INDEX tickets_report" in plan and "TEMP B-TREE" not in plan, plan


def test_skm_report_sql_equal_reference(conn):
    rows = q.fetch_skm_rows(conn, FIRST, LAST)
    assert Counter(q.skm_totals(conn, FIRST, LAST)) == Counter(r.skm_totals(rows))
    assert Counter(q.skm_profile(conn, FIRST, LAST)) == Counter(r.skm_profile_counts(rows))
    served = Counter((t.agency_id, t.service_id) for t in q.fetch_tickets(conn, FIRST, LAST)
                     if t.status == "done")
    assert q.served_counts(conn, FIRST, LAST) == served
    labels = q.load_labels(conn)
    got = q.skm_report(conn, FIRST, LAST)
    assert got == r.skm_report(r.skm_totals(rows), FIRST, LAST, served, labels, "exact",
                               r.skm_profile_counts(rows))
    # and the index is skm.skm_index of the raw responses
    assert got.total.result == skm_index([dict(zip(UNSUR_KEYS, x.answers)) for x in rows])
    assert got.total.result.respondents == len(rows) > 0
    assert got.total.result.grade_letter in "ABC"
    assert 0.15 < len(rows) / sum(served.values()) < 0.35  # about a quarter answer
    legacy = q.skm_report(conn, FIRST, LAST, weight="0.11")
    assert legacy.total.result.nik < got.total.result.nik
    dukcapil = q.agency_id_of(load_catalog(conn), "dukcapil")
    only = q.skm_report(conn, FIRST, LAST, agency_id=dukcapil)
    assert [line.agency_code for line in only.agencies] == ["dukcapil"]


def test_insert_skm_responses_and_checks(tmp_path):
    conn = open_database(tmp_path / "x.db")
    conn.execute("BEGIN")
    n = q.insert_skm_responses(conn, [
        {"day": date(2025, 1, 6), "submitted_at": 1, "agency_id": 1, "service_id": 2,
         **dict.fromkeys(UNSUR_KEYS, 4), "U8": None, "gender": "P", "age": 30,
         "education": "S1", "occupation": "PNS", "comment": "Baik"},
        {"day": "2025-01-06", "submitted_at": 2, "ticket_id": 9, "U1": 1},
    ])
    conn.execute("COMMIT")
    assert n == 2
    assert conn.execute("SELECT day, u1, u8, gender, comment FROM skm_responses ORDER BY id"
                        ).fetchall() == [("2025-01-06", 4, None, "P", "Baik"),
                                         ("2025-01-06", 1, None, None, "")]
    with pytest.raises(sqlite3.IntegrityError):
        q.insert_skm_responses(conn, [{"day": "2025-01-06", "submitted_at": 3, "U1": 5}])
    with pytest.raises(sqlite3.IntegrityError):  # one response per ticket
        q.insert_skm_responses(conn, [{"day": "2025-01-06", "submitted_at": 3, "ticket_id": 9}])
    conn.close()


def test_codes_are_resolved(conn):
    catalog = load_catalog(conn)
    assert q.agency_id_of(catalog, None) is None and q.service_id_of(catalog, None) is None
    assert catalog.agencies[q.agency_id_of(catalog, "samsat")].code == "samsat"
    code = next(iter(catalog.services.values())).code
    assert catalog.services[q.service_id_of(catalog, code)].code == code
    with pytest.raises(q.UnknownCode, match="known: "):
        q.agency_id_of(catalog, "nope")
    with pytest.raises(q.UnknownCode):
        q.service_id_of(catalog, "nope")


def test_monthly_report_and_snapshot(conn):
    conn.execute("BEGIN")  # already inside a transaction: the snapshot joins it
    monthly = q.monthly_report(conn, "2025-01", now=datetime(2025, 1, 9, tzinfo=timezone.utc))
    assert conn.in_transaction
    conn.execute("ROLLBACK")
    assert monthly.title == "Januari 2025"
    assert monthly.visitors.total.issued == len(q.fetch_tickets(conn, FIRST, LAST))
    assert monthly.times.dimensions == ("agency", "hour")
    assert monthly.presence.from_day == date(2025, 1, 1)
    assert monthly.skm.total.result.respondents > 0
    assert not conn.in_transaction


def test_skm_simulation_is_idempotent_and_plausible(sim_db, tmp_path):
    path = tmp_path / "copy.db"
    shutil.copy(sim_db, path)
    store = QueueStore(path, durable=False)
    assert simulate_skm_days(store, FIRST, LAST) == 0  # the same tickets answer: nothing new
    first_day = store.conn.execute("SELECT ticket_id, u1, u2, u9, gender FROM skm_responses "
                                   "WHERE day = ? ORDER BY ticket_id", (FIRST.isoformat(),)).fetchall()
    store.conn.execute("DELETE FROM skm_responses")
    with store.bulk():  # inside simulate_history's per-day transaction
        added = simulate_skm_day(store, FIRST)
    assert added == len(first_day) > 0
    assert store.conn.execute("SELECT ticket_id, u1, u2, u9, gender FROM skm_responses "
                              "ORDER BY ticket_id").fetchall() == first_day  # batching-independent
    answers = Counter(v for row in store.conn.execute(
        f"SELECT {q._SKM_COLUMNS} FROM skm_responses") for v in row)
    assert answers[3] + answers[4] > 0.8 * sum(answers.values())
    assert answers[None] > 0  # some blanks
    days = {d for (d,) in store.conn.execute("SELECT DISTINCT day FROM skm_responses")}
    assert days == {FIRST.isoformat()}
    store.close()
    assert -1 <= agency_quality(3, 2026) <= 2
    assert agency_quality(3, 2026) == agency_quality(3, 2026) != agency_quality(4, 2026)
    assert TODAY > LAST
