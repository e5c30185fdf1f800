"""shared.domain.reports: hand-computed examples for every aggregation and the interval
arithmetic behind booth presence (to the last branch)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.domain import reports as r
from shared.domain.skm import UNSUR_KEYS, skm_index
from shared.domain.reports import CounterEvent, DurationRow, SkmRow, TicketRow, VisitorCounts
from tests.domain.builders import MONDAY, WIB, WIT, CatalogBuilder

TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
MIN = 60_000


def ms(day: date, hhmm: str, tz: str = WIB) -> int:
    h, m = map(int, hhmm.split(":"))
    return int(datetime(day.year, day.month, day.day, h, m, tzinfo=ZoneInfo(tz)).timestamp() * 1000)


def mon(hhmm: str) -> int:
    return ms(MONDAY, hhmm)


# --------------------------------------------------------------------------- periods

@pytest.mark.parametrize("day, grain, key, label", [
    ("2026-10-05", "day", "2026-10-05", "05/10/2026"),
    ("2026-10-05", "month", "2026-10", "Oktober 2026"),
    ("2026-10-05", "quarter", "2026-Q4", "Triwulan IV 2026"),
    ("2026-01-31", "quarter", "2026-Q1", "Triwulan I 2026"),
    ("2026-06-30", "quarter", "2026-Q2", "Triwulan II 2026"),
    ("2026-07-01", "quarter", "2026-Q3", "Triwulan III 2026"),
    ("2026-10-05", "year", "2026", "2026"),
])
def test_period_keys_and_labels(day, grain, key, label):
    assert r.period_key(day, grain) == key
    assert r.period_key(date.fromisoformat(day), grain) == key
    assert r.period_label(key, grain) == label


def test_unknown_grain_is_refused():
    with pytest.raises(ValueError, match="grain"):
        r.period_key("2026-10-05", "week")
    with pytest.raises(ValueError, match="grain"):
        r.period_label("2026-10", "week")


def test_month_bounds_and_day_range():
    assert r.month_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert r.month_bounds("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))
    assert r.day_range(date(2026, 1, 30), date(2026, 2, 1)) == [
        date(2026, 1, 30), date(2026, 1, 31), date(2026, 2, 1)]
    with pytest.raises(ValueError, match="before it starts"):
        r.day_range(date(2026, 2, 1), date(2026, 1, 31))


def test_utc_offsets_and_local_hours():
    assert r.utc_offset_seconds(WIB, MONDAY) == 7 * 3600
    assert r.utc_offset_seconds(WIT, MONDAY) == 9 * 3600
    assert r.local_hour(mon("08:59"), 7 * 3600) == 8
    assert r.local_hour(mon("23:30"), 7 * 3600) == 23
    assert r.local_hour(ms(MONDAY, "00:10", WIT), 9 * 3600) == 0
    assert r.hour_label(8) == "08.00–08.59"


# --------------------------------------------------------------------------- labels

def test_labels_fall_back_to_ids():
    labels = r.Labels()
    assert (labels.agency(7), labels.agency_code(7), labels.agency_name(7)) == ("#7",) * 3
    assert (labels.service(9), labels.service_code(9)) == ("#9", "#9")
    assert labels.officer(None) == "(tanpa petugas)"
    assert labels.officer(3) == "#3"
    assert labels.agency_order(7) == (1, 0, "7")
    assert labels.service_order(9) == (1, 0, "9")


def test_labels_from_catalog():
    catalog = CatalogBuilder().agency("dukcapil").agency("samsat").build()
    labels = r.labels_from_catalog(catalog, {5: "Budi"})
    assert labels.site_name == "MPP Uji" and labels.timezone == WIB
    assert labels.agency(1) == "dukcapil" and labels.agency_name(2) == "Instansi samsat"
    assert labels.agency_code(2) == "samsat"
    assert labels.service(1) == "Layanan 1" and labels.service_code(2) == "S2"
    assert labels.officer(5) == "Budi"
    assert labels.agency_order(1) < labels.agency_order(2) < labels.agency_order(99)
    assert labels.service_order(1) < labels.service_order(2)


LABELS = r.Labels(
    site_name="MPP Uji",
    agencies={1: ("dukcapil", "Dukcapil", "Dinas Dukcapil", 1), 2: ("samsat", "Samsat", "Samsat", 2)},
    services={1: ("ktp", "KTP-el", 1, 1), 2: ("kk", "Kartu Keluarga", 1, 2),
              3: ("pkb", "Pajak Tahunan", 2, 1)},
    officers={11: "Ani", 12: "Budi"},
)


# --------------------------------------------------------------------------- visitors

@pytest.mark.parametrize("status, called, started, outcome", [
    ("done", 1, 2, "served"),
    ("cancelled", None, None, "cancelled"),
    ("no_show", 1, None, "no_show"),
    ("expired", 1, None, "no_show"),  # skipped, never re-queued, expired at day end
    ("expired", None, None, "expired"),  # never called
    ("expired", 1, 2, "expired"),  # returned while being served, never finished
    ("waiting", None, None, "open"),
    ("called", 1, None, "open"),
    ("serving", 1, 2, "open"),
])
def test_ticket_outcome(status, called, started, outcome):
    assert r.ticket_outcome(status, called, started) == outcome


TICKETS = [
    TicketRow("2025-01-06", 1, 1, "done", called_at=1, started_at=2, finished_at=3),
    TicketRow("2025-01-06", 1, 2, "no_show", priority="lansia", called_at=1),
    TicketRow("2025-01-07", 1, 1, "expired", called_at=1),
    TicketRow("2025-01-07", 2, 3, "expired"),
    TicketRow("2025-02-03", 2, 3, "cancelled", channel="online"),
    TicketRow("2025-04-01", 1, 1, "waiting", priority="disabilitas"),
    TicketRow("2025-01-06", 1, 1, "expired", called_at=1, started_at=2),
]


def test_count_visitors_per_day_and_agency():
    rows = sorted(r.count_visitors(TICKETS))
    #                                     issued served no_show cancelled expired online
    #                                     normal lansia disabilitas ibu_hamil anak korban
    assert rows == [
        VisitorCounts("2025-01-06", 1, None, (3, 1, 1, 0, 1, 0, 2, 1, 0, 0, 0, 0)),
        VisitorCounts("2025-01-07", 1, None, (1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0)),
        VisitorCounts("2025-01-07", 2, None, (1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0)),
        VisitorCounts("2025-02-03", 2, None, (1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0)),
        VisitorCounts("2025-04-01", 1, None, (1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0)),
    ]
    assert r.COUNT_FIELDS[:6] == ("issued", "served", "no_show", "cancelled", "expired", "online")
    per_service = r.count_visitors(TICKETS, by_service=True)
    assert sum(c.counts[0] for c in per_service if c.service_id == 1) == 4
    assert len(per_service) == 6


def test_visitor_report_by_month():
    report = r.visitor_report(r.count_visitors(TICKETS), date(2025, 1, 1), date(2025, 4, 30),
                              "month", labels=LABELS, by_hour={9: 3, 8: 4},
                              by_weekday={2: 1, 1: 6})
    lines = {(l.period, l.agency_code): l for l in report.lines}
    assert list(lines) == [("2025-01", "dukcapil"), ("2025-01", "samsat"), ("2025-02", "samsat"),
                           ("2025-04", "dukcapil")]
    jan = lines[("2025-01", "dukcapil")]
    assert (jan.issued, jan.served, jan.no_show, jan.cancelled, jan.expired, jan.open) == (4, 1, 2, 0, 1, 0)
    assert jan.by_priority == {"normal": 3, "lansia": 1, "disabilitas": 0, "ibu_hamil": 0,
                               "anak": 0, "korban_bencana": 0}
    assert jan.priority == 1 and jan.served_pct == 25.0
    assert jan.agency == "Dukcapil" and jan.service_id is None and jan.service == ""
    feb = lines[("2025-02", "samsat")]
    assert (feb.issued, feb.cancelled, feb.online, feb.walk_in) == (1, 1, 1, 0)
    apr = lines[("2025-04", "dukcapil")]
    assert (apr.issued, apr.open, apr.priority, apr.by_priority["disabilitas"]) == (1, 1, 1, 1)
    assert [(a.agency, a.issued) for a in report.agency_totals] == [("Dukcapil", 5), ("Samsat", 2)]
    assert [(p.period, p.issued) for p in report.period_totals] == [
        ("2025-01", 5), ("2025-02", 1), ("2025-04", 1)]
    t = report.total
    assert (t.issued, t.served, t.no_show, t.cancelled, t.expired, t.open) == (7, 1, 2, 1, 2, 1)
    assert t.agency == "Semua instansi" and t.agency_id is None
    assert list(report.by_hour) == [8, 9] and list(report.by_weekday) == [1, 2]
    assert report.site_name == "MPP Uji"


@pytest.mark.parametrize("grain, periods", [
    ("day", ["2025-01-06", "2025-01-07", "2025-02-03", "2025-04-01"]),
    ("quarter", ["2025-Q1", "2025-Q2"]),
    ("year", ["2025"]),
])
def test_visitor_report_grains(grain, periods):
    report = r.visitor_report(r.count_visitors(TICKETS), date(2025, 1, 1), date(2025, 12, 31),
                              grain)
    assert [p.period for p in report.period_totals] == periods
    assert sum(p.issued for p in report.period_totals) == 7


def test_visitor_report_by_service_and_empty_period():
    report = r.visitor_report(r.count_visitors(TICKETS, True), date(2025, 1, 1),
                              date(2025, 12, 31), "year", by_service=True, labels=LABELS)
    assert [(l.agency, l.service, l.issued) for l in report.lines] == [
        ("Dukcapil", "KTP-el", 4), ("Dukcapil", "Kartu Keluarga", 1), ("Samsat", "Pajak Tahunan", 2)]
    assert report.lines[0].service_code == "ktp"
    empty = r.visitor_report([], date(2025, 1, 1), date(2025, 1, 31))
    assert empty.lines == () and empty.total.issued == 0 and empty.total.served_pct is None
    assert empty.by_hour == {}
    with pytest.raises(ValueError):
        r.visitor_report([], date(2025, 1, 1), date(2025, 1, 31), "week")
    with pytest.raises(ValueError):
        r.visitor_report([], date(2025, 2, 1), date(2025, 1, 31))


def test_unknown_channel_and_priority_count_as_walk_in_and_priority():
    tickets = [TicketRow("2025-01-06", 1, 1, "done", channel="kiosk_x", priority="vip")] * 2
    report = r.visitor_report(r.count_visitors(tickets), date(2025, 1, 1), date(2025, 1, 31))
    assert report.total.issued == 2 and report.total.priority == 2
    assert report.total.walk_in == 2 and report.total.online == 0


# --------------------------------------------------------------------------- times

@pytest.mark.parametrize("values, p, expected", [
    ([], 50, None),
    ([5], 0, 5), ([5], 50, 5), ([5], 90, 5), ([5], 100, 5),
    ([1, 2], 50, 1),  # lower middle: nearest rank, not the average 1.5
    ([1, 2, 3], 50, 2),
    ([1, 2, 3, 4], 50, 2), ([1, 2, 3, 4], 90, 4), ([1, 2, 3, 4], 75, 3), ([1, 2, 3, 4], 76, 4),
    (list(range(1, 11)), 90, 9), (list(range(1, 11)), 91, 10), (list(range(1, 11)), 0, 1),
    (list(range(1, 11)), 100, 10),
])
def test_percentile_nearest_rank(values, p, expected):
    assert r.percentile_nearest_rank(values, p) == expected


def test_percentile_range_is_checked():
    with pytest.raises(ValueError):
        r.percentile_nearest_rank([1], 101)
    with pytest.raises(ValueError):
        r.percentile_nearest_rank([1], -1)


def test_duration_stats():
    assert r.duration_stats([]) == r.DurationStats(0, None, None, None, None, None)
    s = r.duration_stats(iter([30, 10, 20, 40]))
    assert (s.count, s.mean, s.median, s.p90, s.minimum, s.maximum) == (4, 25, 20, 40, 10, 40)


def test_duration_rows_from_tickets():
    issued = mon("08:10")
    tickets = [
        TicketRow("2025-01-06", 1, 1, "done", issued_at=issued, called_at=issued + 90_000,
                  started_at=issued + 120_000, finished_at=issued + 720_000, officer_id=11),
        TicketRow("2025-01-06", 1, 1, "waiting", issued_at=issued),  # not called: left out
        TicketRow("2025-01-06", 2, 3, "expired", issued_at=issued, called_at=issued + 60_000),
        TicketRow("2025-01-06", 2, 3, "done", issued_at=issued, called_at=issued + 1000,
                  finished_at=issued + 2000),  # no start recorded: no service time
    ]
    assert r.duration_rows(tickets, 7 * 3600) == [
        DurationRow(1, 1, 11, 8, 1, 90.0, 600.0),
        DurationRow(2, 3, None, 8, 1, 60.0, None),
        DurationRow(2, 3, None, 8, 1, 1.0, None),
    ]


DURATIONS = [
    DurationRow(1, 1, 11, 8, 1, 60.0, 300.0),
    DurationRow(1, 2, 12, 9, 1, 120.0, None),
    DurationRow(2, 3, None, 8, 2, 30.0, 600.0),
    (2, 3, 99, 10, 2, None, 60.0),  # a plain SQL row tuple works too
]


def test_times_report_every_dimension():
    report = r.times_report(DURATIONS, MONDAY, TUESDAY, r.TIME_DIMENSIONS, LABELS)
    agency = report.lines["agency"]
    assert [l.label for l in agency] == ["Dukcapil", "Samsat"]
    assert (agency[0].wait.count, agency[0].wait.mean, agency[0].wait.median,
            agency[0].wait.p90) == (2, 90, 60, 120)
    assert (agency[0].service.count, agency[0].service.median) == (1, 300)
    assert (agency[1].wait.count, agency[1].service.count, agency[1].service.median) == (1, 2, 60)
    service = report.lines["service"]
    assert [(l.label, l.agency) for l in service] == [
        ("KTP-el", "Dukcapil"), ("Kartu Keluarga", "Dukcapil"), ("Pajak Tahunan", "Samsat")]
    assert service[1].service.count == 0 and service[1].service.median is None
    officer = report.lines["officer"]
    assert [l.label for l in officer] == ["Ani", "Budi", "#99", "(tanpa petugas)"]
    assert [l.label for l in report.lines["hour"]] == ["08.00–08.59", "09.00–09.59",
                                                        "10.00–10.59"]
    assert report.lines["hour"][0].wait.count == 2
    assert [l.label for l in report.lines["weekday"]] == ["Senin", "Selasa"]
    t = report.total
    assert (t.wait.count, t.wait.mean, t.wait.median, t.wait.p90) == (3, 70, 60, 120)
    assert (t.service.count, t.service.median, t.service.p90) == (3, 300, 600)
    assert report.site_name == "MPP Uji" and report.dimensions == r.TIME_DIMENSIONS


def test_times_report_empty_and_bad_dimension():
    report = r.times_report(iter([]), MONDAY, MONDAY)
    assert report.lines == {"agency": ()} and report.total.wait.count == 0
    with pytest.raises(ValueError, match="dimension"):
        r.times_report([], MONDAY, MONDAY, ("counter",))


# --------------------------------------------------------------------------- interval arithmetic

@pytest.mark.parametrize("spans, expected", [
    ([], []),
    ([(5, 3), (4, 4)], []),  # empty and reversed spans vanish
    ([(2, 5), (1, 3)], [(1, 5)]),  # overlapping, unsorted
    ([(1, 2), (2, 3)], [(1, 3)]),  # touching
    ([(1, 10), (2, 3)], [(1, 10)]),  # contained
    ([(1, 2), (4, 5)], [(1, 2), (4, 5)]),
])
def test_merge(spans, expected):
    assert r.merge(spans) == expected


@pytest.mark.parametrize("a, b, expected", [
    ([], [(0, 5)], []),
    ([(0, 5)], [(5, 9)], []),  # touching only
    ([(0, 5)], [(3, 9)], [(3, 5)]),
    ([(0, 10)], [(2, 3), (5, 6)], [(2, 3), (5, 6)]),
    ([(2, 3), (5, 6)], [(0, 10)], [(2, 3), (5, 6)]),
    ([(0, 4), (6, 10)], [(3, 7), (9, 12)], [(3, 4), (6, 7), (9, 10)]),
])
def test_intersect(a, b, expected):
    assert r.intersect(a, b) == expected
    assert r.intersect(b, a) == expected


@pytest.mark.parametrize("a, b, expected", [
    ([(0, 10)], [], [(0, 10)]),
    ([(0, 10)], [(2, 3), (5, 6)], [(0, 2), (3, 5), (6, 10)]),
    ([(0, 10)], [(-5, 2)], [(2, 10)]),
    ([(0, 10)], [(0, 2)], [(2, 10)]),  # cut starting exactly at the start
    ([(0, 10)], [(8, 15)], [(0, 8)]),
    ([(0, 10)], [(-5, 15)], []),
    ([(0, 10)], [(-9, -5), (20, 30)], [(0, 10)]),  # cuts outside
    ([(0, 5), (7, 10)], [(4, 8)], [(0, 4), (8, 10)]),  # one cut across two spans
    ([(0, 2), (4, 6)], [(0, 2), (4, 6)], []),
])
def test_subtract(a, b, expected):
    assert r.subtract(a, b) == expected


def test_clip_total_gaps():
    assert r.clip([(0, 10), (20, 30)], 5, 25) == [(5, 10), (20, 25)]
    assert r.clip([(0, 10)], 5, 5) == []
    assert r.total([(0, 10), (20, 25)]) == 15
    assert r.gaps_at_least([(0, 14), (20, 35), (40, 60)], 15) == [(20, 35), (40, 60)]


# --------------------------------------------------------------------------- counter periods

def ev(at: int, counter: int, kind: str) -> CounterEvent:
    return CounterEvent(at, counter, f"counter_{kind}")


def test_counter_periods_open_pause_resume_close():
    events = [ev(50, 1, "closed"), ev(10, 1, "opened"), ev(20, 1, "paused"), ev(30, 1, "resumed"),
              ev(12, 2, "opened"), ev(15, 2, "opened"),  # a second open changes nothing
              CounterEvent(16, 2, "ticket_called"),  # other events are ignored
              ev(40, 3, "paused")]  # paused without a known open: paused from then on
    assert r.counter_periods(events, until=100) == {
        1: ([(10, 20), (30, 50)], [(20, 30)]),
        2: ([(12, 100)], []),  # still open: until `until`
        3: ([], [(40, 100)]),
    }


def test_counter_periods_initial_state_and_until():
    events = [ev(30, 1, "resumed"), ev(60, 1, "closed"), ev(80, 2, "closed")]
    periods = r.counter_periods(events, until=50, initial={1: ("paused", 0), 2: ("open", 0),
                                                           3: ("closed", 0)})
    assert periods == {1: ([(30, 50)], [(0, 30)]), 2: ([(0, 50)], [])}


# --------------------------------------------------------------------------- presence

def test_booth_presence_overlaps_and_pauses():
    scheduled = [(mon("07:30"), mon("16:00"))]
    opened = r.merge([(mon("07:45"), mon("12:00")), (mon("12:45"), mon("15:00")),
                      (mon("08:00"), mon("12:30"))])
    paused = [(mon("12:00"), mon("12:45"))]
    p = r.booth_presence(scheduled, opened, paused)
    assert p.staffed == ((mon("07:45"), mon("12:30")), (mon("12:45"), mon("15:00")))
    assert p.paused == ((mon("12:30"), mon("12:45")),)  # 12:00-12:30 the other counter was open
    assert p.empty == ((mon("07:30"), mon("07:45")), (mon("15:00"), mon("16:00")))
    assert (p.scheduled_ms, p.staffed_ms, p.paused_ms, p.empty_ms) == (
        510 * MIN, 420 * MIN, 15 * MIN, 75 * MIN)
    assert p.empty_slots() == [(mon("07:30"), mon("07:45")), (mon("15:00"), mon("16:00"))]
    assert p.empty_slots(16 * MIN) == [(mon("15:00"), mon("16:00"))]


def test_scheduled_spans_follow_hours_and_closures():
    catalog = (CatalogBuilder().agency("a").agency("b")
               .closure(TUESDAY, "Rapat", booth=1, interval="10:00-12:00")
               .closure(WEDNESDAY, "Libur").build())
    assert r.scheduled_spans(catalog, 1, MONDAY) == [(mon("07:30"), mon("16:00"))]
    assert r.scheduled_spans(catalog, 1, TUESDAY) == [
        (ms(TUESDAY, "07:30"), ms(TUESDAY, "10:00")), (ms(TUESDAY, "12:00"), ms(TUESDAY, "16:00"))]
    assert r.scheduled_spans(catalog, 2, TUESDAY) == [(ms(TUESDAY, "07:30"), ms(TUESDAY, "16:00"))]
    assert r.scheduled_spans(catalog, 1, WEDNESDAY) == []
    friday = MONDAY + timedelta(days=4)
    assert len(r.scheduled_spans(catalog, 1, friday)) == 2  # Friday prayers break


def presence_catalog():
    # Booth 1 (agency a, counters 1 and 2), booth 2 (b, counter 3), booth 3 (c, counter 4).
    return (CatalogBuilder().agency("a", counters=2).agency("b").agency("c")
            .closure(TUESDAY, "Rapat", booth=1, interval="10:00-12:00")
            .closure(WEDNESDAY, "Libur Nasional").build())


PRESENCE_EVENTS = [
    ev(mon("07:45"), 1, "opened"), ev(mon("12:00"), 1, "paused"), ev(mon("12:45"), 1, "resumed"),
    ev(mon("15:00"), 1, "closed"),
    ev(mon("08:00"), 2, "opened"), ev(mon("12:30"), 2, "closed"),
    # Counter 3 opens before the schedule and is left open overnight: closed at the next day's
    # first command (day_end), 07:05 Tuesday, before that day's schedule.
    ev(mon("07:00"), 3, "opened"), ev(ms(TUESDAY, "07:05"), 3, "closed"),
    ev(mon("09:00"), 99, "opened"),  # a counter the catalog no longer has
]


def test_presence_report_over_three_days():
    catalog = presence_catalog()
    until = ms(WEDNESDAY + timedelta(days=1), "00:00")
    report = r.presence_report(catalog, MONDAY, WEDNESDAY, PRESENCE_EVENTS, until)
    a, b, c = report.booths
    assert (a.booth, a.agency, a.counters) == ("Gerai a", "a", 2)
    assert (a.scheduled_ms, a.staffed_ms, a.paused_ms, a.empty_ms) == (
        900 * MIN, 420 * MIN, 15 * MIN, 465 * MIN)  # Tuesday: 390 scheduled minutes, nobody
    assert (a.present_days, a.absent_days) == ((MONDAY,), (TUESDAY,))
    assert (a.scheduled_days, a.days_present) == (2, 1)
    assert a.coverage_pct == pytest.approx(100 * 420 / 900)
    assert a.presence_pct == pytest.approx(100 * 435 / 900)
    assert [(s.day, s.start_text, s.end_text, s.minutes) for s in a.empty_slots] == [
        (MONDAY, "07.30", "07.45", 15), (MONDAY, "15.00", "16.00", 60),
        (TUESDAY, "07.30", "10.00", 150), (TUESDAY, "12.00", "16.00", 240)]
    # b: staffed the whole Monday (opened early, left open across the schedule end), absent Tue.
    assert (b.scheduled_ms, b.staffed_ms, b.empty_ms) == (1020 * MIN, 510 * MIN, 510 * MIN)
    assert [(s.day, s.start_text, s.end_text) for s in b.empty_slots] == [
        (TUESDAY, "07.30", "16.00")]
    # c: never opened.
    assert (c.staffed_ms, c.empty_ms, c.days_present, c.absent_days) == (
        0, 1020 * MIN, 0, (MONDAY, TUESDAY))
    assert c.coverage_pct == 0
    t = report.total
    assert (t.booths, t.scheduled_days, t.days_present) == (3, 2, 1)
    assert (t.scheduled_ms, t.staffed_ms, t.paused_ms, t.empty_ms, t.empty_slots) == (
        2940 * MIN, 930 * MIN, 15 * MIN, 1995 * MIN, 7)
    assert t.agency == "Semua instansi" and t.agency_id is None
    assert t.coverage_pct == pytest.approx(100 * 930 / 2940)
    assert t.presence_pct == pytest.approx(100 * 945 / 2940)
    assert [x.agency for x in report.agencies] == ["a", "b", "c"]
    assert report.agencies[0].scheduled_ms == a.scheduled_ms
    assert len(report.empty_slots) == 7 and report.empty_slots[0][0] is a
    assert report.site_name == "MPP Uji"


def test_presence_until_now_and_agency_filter():
    catalog = presence_catalog()
    report = r.presence_report(catalog, MONDAY, WEDNESDAY, PRESENCE_EVENTS, until=mon("12:00"),
                               agency_id=1, min_gap_minutes=20)
    (a,) = report.booths
    # The schedule ends at `until`: only 07:30-12:00 so far; the 15-minute gap is below 20.
    assert (a.scheduled_ms, a.staffed_ms, a.empty_ms, a.empty_slots) == (
        270 * MIN, 255 * MIN, 15 * MIN, ())
    assert [x.agency for x in report.agencies] == ["a"]


def test_presence_with_nothing_scheduled():
    catalog = presence_catalog()
    sunday = MONDAY - timedelta(days=1)
    report = r.presence_report(catalog, sunday, sunday, [], ms(MONDAY, "00:00"))
    assert all(b.scheduled_ms == 0 and b.coverage_pct is None and b.presence_pct is None
               for b in report.booths)
    assert report.total.coverage_pct is None and report.total.presence_pct is None
    assert report.total.scheduled_days == 0
    with pytest.raises(ValueError):
        r.presence_report(catalog, MONDAY, sunday, [], 0)


def test_presence_initial_state_carries_over():
    catalog = presence_catalog()
    start = ms(TUESDAY, "00:00")
    events = [ev(ms(TUESDAY, "09:00"), 4, "closed")]
    report = r.presence_report(catalog, TUESDAY, TUESDAY, events, ms(WEDNESDAY, "00:00"),
                               initial={4: ("open", start)})
    c = report.booths[2]
    assert (c.staffed_ms, c.days_present) == (90 * MIN, 1)  # 07:30-09:00


# --------------------------------------------------------------------------- SKM

FOURS = (4,) * 9
THREES_BLANK_U8 = (3,) * 7 + (None, 3)
SKM_ROWS = [
    SkmRow(1, 1, FOURS, "L", 25, "SMA", "Swasta", count=2),
    SkmRow(1, 2, THREES_BLANK_U8, "P", None, None, "Petani"),
    SkmRow(1, 1, (None,) * 9, None, 70, "S3", None),  # handed in blank: not a respondent
]
SERVED = {(1, 1): 100, (1, 2): 50, (2, 3): 10}


def skm(rows, served=SERVED, labels=LABELS, weight="exact"):
    return r.skm_report(r.skm_totals(rows), MONDAY, WEDNESDAY, served, labels, weight,
                        r.skm_profile_counts(rows))


def test_skm_totals_and_profile_counts():
    assert sorted(r.skm_totals(SKM_ROWS)) == [
        r.SkmTotals(1, 1, 2, (8,) * 9, (2,) * 9),  # the blank response adds nothing
        r.SkmTotals(1, 2, 1, (3,) * 7 + (0, 3), (1,) * 7 + (0, 1)),
    ]
    assert sorted(r.skm_profile_counts(SKM_ROWS), key=repr) == sorted([
        r.SkmProfileCount("L", 25, "SMA", "Swasta", 2),
        r.SkmProfileCount("P", None, None, "Petani", 1)], key=repr)


def test_skm_report_per_agency_service_and_total():
    report = skm(SKM_ROWS)
    dukcapil, samsat = report.agencies
    assert dukcapil.result.respondents == 3
    assert dukcapil.result.nrr["U1"] == Fraction(11, 3) and dukcapil.result.nrr["U8"] == 4
    assert dukcapil.result.ikm == Fraction(100, 27)
    assert dukcapil.result.nik == Decimal("92.59") and dukcapil.result.grade_letter == "A"
    assert (dukcapil.population, dukcapil.target) == (150, 108)
    assert (samsat.agency, samsat.result.respondents, samsat.result.nik) == ("Samsat", 0, None)
    assert (samsat.population, samsat.target) == (10, 10)
    ktp, kk, pkb = report.services
    assert (ktp.service, ktp.result.nik, ktp.target) == ("KTP-el", Decimal("100.00"), 80)
    assert (kk.result.nik, kk.result.grade_letter, kk.result.blank_unsur) == (
        Decimal("75.00"), "C", ("U8",))
    assert (pkb.service, pkb.result.respondents) == ("Pajak Tahunan", 0)
    assert report.total.result.nik == Decimal("92.59")
    assert (report.total.population, report.total.target) == (160, 113)
    assert report.total.level == "total" and report.total.agency == "Semua instansi"
    assert report.profile == {
        "gender": {"L": 2, "P": 1},
        "age": {"20–29": 2, r.NOT_FILLED: 1},
        "education": {"SMA": 2, r.NOT_FILLED: 1},
        "occupation": {"Swasta": 2, "Petani": 1},  # unknown answers after the form's, A-Z
    }


def test_skm_report_equals_skm_index_on_the_responses():
    responses = [dict(zip(UNSUR_KEYS, row.answers)) for row in SKM_ROWS
                 for _ in range(row.count)]
    report = skm(SKM_ROWS)
    assert report.total.result == skm_index(responses)
    assert skm(SKM_ROWS, weight="0.11").total.result == skm_index(responses, "0.11")
    split = r.skm_report([r.SkmTotals(1, 1, 1, (4,) * 9, (1,) * 9)] * 2, MONDAY, MONDAY)
    assert split.services[0].result == skm_index([dict.fromkeys(UNSUR_KEYS, 4)] * 2)


@given(st.lists(st.tuples(st.integers(1, 3), st.lists(st.one_of(st.none(), st.integers(1, 4)),
                                                      min_size=9, max_size=9)), max_size=40),
       st.sampled_from(["exact", "0.11"]))
@settings(max_examples=150, deadline=None)
def test_skm_result_equals_skm_index(answers, weight):
    rows = [SkmRow(agency, agency * 10, tuple(a)) for agency, a in answers]
    report = r.skm_report(r.skm_totals(rows), MONDAY, MONDAY, weight=weight)
    responses = [dict(zip(UNSUR_KEYS, row.answers)) for row in rows]
    assert report.total.result == skm_index(responses, weight)
    for line in report.agencies:
        assert line.result == skm_index(
            [x for x, row in zip(responses, rows) if row.agency_id == line.agency_id], weight)


def test_skm_result_refuses_an_unknown_weight():
    with pytest.raises(ValueError, match="weight"):
        r.skm_result(0, (0,) * 9, (0,) * 9, "1/9")


def test_skm_report_legacy_weight_and_empty():
    report = skm(SKM_ROWS, weight="0.11")
    assert report.services[0].result.nik == Decimal("99.00")
    assert report.weight == "0.11"
    empty = r.skm_report([], MONDAY, MONDAY)
    assert empty.agencies == () and empty.total.result.nik is None
    assert empty.total.population == 0 and empty.total.target == 0
    assert empty.profile == {"gender": {}, "age": {}, "education": {}, "occupation": {}}
    with pytest.raises(ValueError):
        r.skm_report([], WEDNESDAY, MONDAY)


@pytest.mark.parametrize("age, band", [(None, r.NOT_FILLED), (-1, r.NOT_FILLED), (19, "< 20"),
                                       (20, "20–29"), (59, "50–59"), (60, "≥ 60")])
def test_age_band(age, band):
    assert r.age_band(age) == band


def test_profile_order_puts_unknowns_then_blanks_last():
    rows = [SkmRow(1, 1, FOURS, occupation=x) for x in ("Nelayan", None, "PNS", "Lainnya", "Guru")]
    report = r.skm_report([], MONDAY, MONDAY, profile=r.skm_profile_counts(rows))
    assert list(report.profile["occupation"]) == ["PNS", "Lainnya", "Guru", "Nelayan",
                                                  r.NOT_FILLED]


def test_monthly_report_title():
    first, last = r.month_bounds("2026-10")
    monthly = r.MonthlyReport(
        "MPP Uji", "2026-10", r.visitor_report([], first, last),
        r.times_report([], first, last), r.presence_report(presence_catalog(), first, first, [], 0),
        r.skm_report([], first, last))
    assert monthly.title == "Oktober 2026"
