"""Opening hours (schedule.py): availability and its reasons, closures, next opening, hour texts,
and the site's time zone (WIB / WITA / WIT) deciding the local day."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from shared.domain.model import Interval, WeeklyHours
from shared.domain.schedule import (
    HORIZON_DAYS,
    Availability,
    Reason,
    availability,
    booth_day,
    describe_hours,
    local,
    next_opening,
    service_day,
    service_day_intervals,
    service_hours_text,
)

from .builders import (
    FRI,
    MON,
    MONDAY,
    OFFICE_HOURS,
    SAT,
    SUN,
    THU,
    TUE,
    WED,
    WIB,
    WIT,
    WITA,
    CatalogBuilder,
    at,
    iv,
    weekly,
)

FRIDAY = MONDAY + timedelta(days=4)
SATURDAY = MONDAY + timedelta(days=5)
WEDNESDAY = MONDAY + timedelta(days=2)


def office(tz: str = WIB, **site):
    """Two agencies, one booth each (booths 1, 2), service 1 (A) and 2 (B) at agency 1,
    service 3 (C) at agency 2; office hours; cutoff 30 minutes."""
    return (
        CatalogBuilder(tz=tz)
        .site(**site)
        .agency("DUKCAPIL", counters=2, services=2)
        .agency("BPJS", counters=1, services=1)
    )


def avail(catalog, when: str, service_id: int = 1, issued: int = 0, staffed: bool = True):
    return availability(catalog, service_id, at(catalog.site.timezone, when), issued, staffed)


# -- local time and the service day --------------------------------------------------------------
def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="naive"):
        local(datetime(2025, 1, 6, 8), WIB)
    with pytest.raises(ValueError, match="naive"):
        service_day(datetime(2025, 1, 6, 8), WIB)


@pytest.mark.parametrize(("tz", "offset"), [(WIB, 7), (WITA, 8), (WIT, 9)])
def test_local_converts_to_the_site_zone(tz, offset):
    moment = datetime(2025, 1, 6, 0, 0, tzinfo=timezone.utc)
    assert local(moment, tz).utcoffset() == timedelta(hours=offset)
    assert local(moment, tz).hour == offset


def test_service_day_follows_the_site_midnight():
    # 23:59 and 00:01 WIT are two service days ...
    assert service_day(at(WIT, "2025-01-06 23:59"), WIT) == date(2025, 1, 6)
    assert service_day(at(WIT, "2025-01-07 00:01"), WIT) == date(2025, 1, 7)
    # ... while the same instants are still 6 January in WIB (21:59 and 22:01).
    assert service_day(at(WIT, "2025-01-06 23:59"), WIB) == date(2025, 1, 6)
    assert service_day(at(WIT, "2025-01-07 00:01"), WIB) == date(2025, 1, 6)
    # The machine's zone does not matter: a UTC time gives the site's local day.
    assert service_day(datetime(2025, 1, 6, 16, 30, tzinfo=timezone.utc), WITA) == date(2025, 1, 7)
    assert service_day(datetime(2025, 1, 6, 16, 30, tzinfo=timezone.utc), WIB) == date(2025, 1, 6)


@pytest.mark.parametrize("tz", [WIB, WITA, WIT])
def test_hours_are_local_to_the_site(tz):
    catalog = office(tz).build()
    opening_utc = at(tz, "2025-01-06 07:30").astimezone(timezone.utc)
    assert availability(catalog, 1, opening_utc, 0, True).issuable
    assert availability(catalog, 1, opening_utc - timedelta(minutes=1), 0, True).reason == (
        Reason.NOT_YET_OPEN
    )


def test_wit_site_at_0730_wit_is_open_while_a_wib_site_is_not():
    moment = at(WIT, "2025-01-06 07:45")  # 05:45 WIB
    assert availability(office(WIT).build(), 1, moment, 0, True).issuable
    result = availability(office(WIB).build(), 1, moment, 0, True)
    assert result.reason == Reason.NOT_YET_OPEN
    assert result.next_opening == at(WIB, "2025-01-06 07:30")


# -- availability: each reason --------------------------------------------------------------------
def test_open_during_hours():
    result = avail(office().build(), "2025-01-06 10:00")
    assert result == Availability(
        True,
        hours_text_id="Buka Senin–Kamis 07.30–16.00; Jumat 07.30–11.00, 13.00–16.00; "
        "Sabtu 08.00–12.00",
        hours_text_en="Open Mon–Thu 07:30–16:00; Fri 07:30–11:00, 13:00–16:00; Sat 08:00–12:00",
    )
    assert result.message() == "" and result.message("en") == ""


def test_inactive_service():
    catalog = office().service(1, active=False).build()
    result = avail(catalog, "2025-01-06 10:00")
    assert (result.issuable, result.reason, result.next_opening) == (False, Reason.INACTIVE, None)
    assert result.message() == "Layanan tidak tersedia"
    assert result.message("en") == "Service not available"
    assert result.hours_text_id.startswith("Buka Senin–Kamis")


def test_not_yet_open():
    result = avail(office().build(), "2025-01-06 07:29")
    assert result.reason == Reason.NOT_YET_OPEN
    assert result.next_opening == at(WIB, "2025-01-06 07:30")
    assert result.message() == "Belum buka" and result.message("en") == "Not open yet"


def test_opening_minute_is_open():
    assert avail(office().build(), "2025-01-06 07:30").issuable


def test_cutoff_before_closing():
    catalog = office().build()
    assert avail(catalog, "2025-01-06 15:29").issuable
    result = avail(catalog, "2025-01-06 15:30")
    assert result.reason == Reason.CUTOFF
    assert result.next_opening == at(WIB, "2025-01-07 07:30")
    assert result.message() == "Pengambilan antrean sudah ditutup"
    assert result.message("en") == "Ticket issuing has closed"


def test_cutoff_is_per_service():
    catalog = office().service(2, cutoff_minutes=0).service(1, cutoff_minutes=90).build()
    assert avail(catalog, "2025-01-06 15:59", service_id=2).issuable
    assert avail(catalog, "2025-01-06 14:29", service_id=1).issuable
    assert avail(catalog, "2025-01-06 14:30", service_id=1).reason == Reason.CUTOFF


def test_cutoff_longer_than_the_interval_closes_the_whole_interval():
    hours = weekly({MON: ("00:00-00:20", "08:00-16:00")})
    catalog = CatalogBuilder(hours=hours).agency(services=1, cutoff_minutes=30).build()
    # 00:20 minus 30 minutes is before midnight: issuing is closed for that whole interval
    # (regression: the cut-off time wrapped round to 23:50 and never applied).
    result = avail(catalog, "2025-01-06 00:05")
    assert result.reason == Reason.CUTOFF
    assert result.next_opening == at(WIB, "2025-01-06 08:00")
    assert avail(catalog, "2025-01-06 08:00").issuable


def test_closed_after_the_last_interval():
    result = avail(office().build(), "2025-01-06 16:00")
    assert result.reason == Reason.CLOSED
    assert result.next_opening == at(WIB, "2025-01-07 07:30")
    assert result.message() == "Sudah tutup" and result.message("en") == "Closed"


def test_friday_split_hours():
    catalog = office().build()
    assert avail(catalog, "2025-01-10 10:29").issuable
    assert avail(catalog, "2025-01-10 10:30").reason == Reason.CUTOFF  # before the prayer break
    result = avail(catalog, "2025-01-10 12:00")
    assert result.reason == Reason.BREAK
    assert result.next_opening == at(WIB, "2025-01-10 13:00")
    assert result.message() == "Sedang istirahat" and result.message("en") == "On break"
    assert avail(catalog, "2025-01-10 11:00").reason == Reason.BREAK
    assert avail(catalog, "2025-01-10 13:00").issuable
    assert avail(catalog, "2025-01-10 15:30").reason == Reason.CUTOFF
    assert avail(catalog, "2025-01-10 16:00").reason == Reason.CLOSED


def test_closed_today_and_next_opening_across_the_weekend():
    catalog = office().build()
    result = avail(catalog, "2025-01-12 10:00")  # Sunday
    assert result.reason == Reason.CLOSED_TODAY
    assert result.next_opening == at(WIB, "2025-01-13 07:30")
    assert result.message() == "Hari ini tidak buka" and result.message("en") == "Not open today"
    # Saturday after 12.00: next is Monday.
    assert avail(catalog, "2025-01-11 12:00").next_opening == at(WIB, "2025-01-13 07:30")
    assert avail(catalog, "2025-01-11 11:30").reason == Reason.CUTOFF


def test_quota_full():
    catalog = office().service(1, daily_quota=70).build()
    assert avail(catalog, "2025-01-06 10:00", issued=69).issuable
    result = avail(catalog, "2025-01-06 10:00", issued=70)
    assert result.reason == Reason.QUOTA_FULL
    assert result.next_opening == at(WIB, "2025-01-07 07:30")  # tomorrow, not this afternoon
    assert result.message() == "Kuota hari ini sudah habis"
    assert result.message("en") == "Today's quota is full"
    assert avail(catalog, "2025-01-10 10:00", issued=71).next_opening == at(WIB, "2025-01-11 08:00")


def test_quota_zero_issues_nothing():
    catalog = office().service(1, daily_quota=0).build()
    assert avail(catalog, "2025-01-06 10:00").reason == Reason.QUOTA_FULL


def test_quota_full_next_opening_at_midnight():
    hours = weekly({(MON, TUE): ("00:00-06:00", "08:00-16:00")})
    catalog = CatalogBuilder(hours=hours).agency(services=1, daily_quota=5).build()
    result = avail(catalog, "2025-01-06 09:00", issued=5)
    # Regression: tomorrow's 00:00 opening was skipped (the search started at midnight, strictly).
    assert result.next_opening == at(WIB, "2025-01-07 00:00")


def test_hours_reason_wins_over_quota():
    catalog = office().service(1, daily_quota=1).build()
    assert avail(catalog, "2025-01-06 07:00", issued=5).reason == Reason.NOT_YET_OPEN


def test_not_staffed():
    catalog = office().build()
    result = avail(catalog, "2025-01-06 10:00", staffed=False)
    assert (result.reason, result.next_opening) == (Reason.NOT_STAFFED, None)
    assert result.message() == "Belum ada petugas di loket"
    assert result.message("en") == "No officer at the counter yet"


def test_quota_checked_before_staffing():
    catalog = office().service(1, daily_quota=1).build()
    assert avail(catalog, "2025-01-06 10:00", issued=1, staffed=False).reason == Reason.QUOTA_FULL


def test_staffing_not_required():
    catalog = office(require_staffed=False).build()
    assert avail(catalog, "2025-01-06 10:00", staffed=False).issuable


def test_open_24h_ignores_hours_closures_and_staffing_but_not_quota():
    catalog = (
        office(open_24h=True)
        .closure(date(2025, 1, 12), "Libur")
        .service(1, daily_quota=2)
        .build()
    )
    assert avail(catalog, "2025-01-12 03:00", staffed=False).issuable  # Sunday night, holiday
    assert service_hours_text(catalog, 1) == ("Buka 24 jam", "Open 24 hours")
    result = avail(catalog, "2025-01-12 03:00", issued=2)
    assert (result.reason, result.next_opening) == (Reason.QUOTA_FULL, None)
    assert avail(office(open_24h=True).service(1, active=False).build(), "2025-01-06 10:00").reason == (
        Reason.INACTIVE
    )


# -- closures ------------------------------------------------------------------------------------
def test_site_wide_holiday():
    catalog = office().closure(WEDNESDAY, "Isra Mikraj").build()
    for service_id in (1, 2, 3):
        result = avail(catalog, "2025-01-08 10:00", service_id=service_id)
        assert result.reason == Reason.HOLIDAY
        assert result.detail == "Isra Mikraj"
        assert result.message() == "Tutup: Isra Mikraj"
        assert result.message("en") == "Closed: Isra Mikraj"
        assert result.next_opening == at(WIB, "2025-01-09 07:30")
    assert avail(catalog, "2025-01-07 10:00").issuable  # only that day


def test_agency_closure_leaves_other_agencies_open():
    catalog = office().closure(WEDNESDAY, "Rapat kerja", agency=1).build()
    assert avail(catalog, "2025-01-08 10:00", service_id=1).reason == Reason.HOLIDAY
    assert avail(catalog, "2025-01-08 10:00", service_id=2).reason == Reason.HOLIDAY
    assert avail(catalog, "2025-01-08 10:00", service_id=3).issuable


def test_booth_closure():
    # Service 1 is served by booth 1 only; service 2 also by a counter in booth 2 (profile).
    catalog = (
        office()
        .profile(3, (2, 0), (3, 0))
        .closure(WEDNESDAY, "Gerai direnovasi", agency=1, booth=1)
        .build()
    )
    assert avail(catalog, "2025-01-08 10:00", service_id=1).reason == Reason.HOLIDAY
    assert avail(catalog, "2025-01-08 10:00", service_id=2).issuable  # booth 2 still serves it
    assert avail(catalog, "2025-01-08 10:00", service_id=3).issuable


def test_booth_closure_without_agency():
    catalog = office().closure(WEDNESDAY, "Listrik padam", booth=2).build()
    assert avail(catalog, "2025-01-08 10:00", service_id=1).issuable
    assert avail(catalog, "2025-01-08 10:00", service_id=3).reason == Reason.HOLIDAY


def test_closure_of_another_booth_of_the_same_agency_does_not_apply():
    catalog = office().closure(WEDNESDAY, "x", agency=1, booth=2).build()
    assert avail(catalog, "2025-01-08 10:00", service_id=1).issuable


def test_partial_closure_splits_the_day():
    catalog = office().closure(WEDNESDAY, "Apel pagi", interval="09:00-10:30").build()
    assert avail(catalog, "2025-01-08 08:00").issuable
    assert avail(catalog, "2025-01-08 08:30").reason == Reason.CUTOFF  # 30 min before 09.00
    result = avail(catalog, "2025-01-08 09:15")
    assert result.reason == Reason.BREAK
    assert result.next_opening == at(WIB, "2025-01-08 10:30")
    assert result.detail == ""  # a partial closure is not a holiday
    assert avail(catalog, "2025-01-08 10:30").issuable


def test_partial_closure_at_the_start_and_end_of_the_day():
    catalog = (
        office()
        .closure(WEDNESDAY, "a", interval="07:00-09:00")
        .closure(WEDNESDAY, "b", interval="14:00-17:00")
        .build()
    )
    intervals, closure = booth_day(catalog, 1, WEDNESDAY)
    assert (intervals, closure) == ([iv("09:00-14:00")], None)
    assert avail(catalog, "2025-01-08 08:00").reason == Reason.NOT_YET_OPEN
    assert avail(catalog, "2025-01-08 08:00").next_opening == at(WIB, "2025-01-08 09:00")


def test_partial_closure_outside_the_hours_changes_nothing():
    catalog = (
        office()
        .closure(WEDNESDAY, "a", interval="05:00-07:30")
        .closure(WEDNESDAY, "b", interval="16:00-18:00")
        .build()
    )
    assert booth_day(catalog, 1, WEDNESDAY) == ([iv("07:30-16:00")], None)


def test_partial_closure_covering_the_whole_interval():
    catalog = office().closure(FRIDAY, "Jumat bersih", interval="07:00-12:00").build()
    assert booth_day(catalog, 1, FRIDAY) == ([iv("13:00-16:00")], None)
    assert avail(catalog, "2025-01-10 08:00").next_opening == at(WIB, "2025-01-10 13:00")


def test_partial_closure_covering_the_whole_day_is_closed_today():
    catalog = office().closure(WEDNESDAY, "Pemilu", interval="00:00-23:59").build()
    result = avail(catalog, "2025-01-08 10:00")
    assert result.reason == Reason.CLOSED_TODAY
    assert result.next_opening == at(WIB, "2025-01-09 07:30")


def test_whole_day_closure_wins_over_partial_ones():
    catalog = (
        office()
        .closure(WEDNESDAY, "pagi", interval="07:00-09:00")
        .closure(WEDNESDAY, "Cuti bersama")
        .build()
    )
    intervals, closure = booth_day(catalog, 1, WEDNESDAY)
    assert intervals == [] and closure.reason == "Cuti bersama"


def test_holidays_are_skipped_by_next_opening():
    catalog = (
        office()
        .closure(MONDAY + timedelta(days=1), "Libur 1")
        .closure(WEDNESDAY, "Libur 2")
        .build()
    )
    result = avail(catalog, "2025-01-06 16:30")
    assert result.next_opening == at(WIB, "2025-01-09 07:30")


def test_closure_on_another_day_does_not_apply():
    catalog = office().closure(MONDAY - timedelta(days=7), "old").build()
    assert booth_day(catalog, 1, MONDAY) == ([iv("07:30-16:00")], None)


# -- several booths: union of their hours ---------------------------------------------------------
def test_service_intervals_are_the_union_of_its_booths():
    catalog = (
        CatalogBuilder()
        .agency(counters=1, services=1)
        .agency(counters=1, services=1)
        .agency(counters=1, services=1)
        .profile(2, (1, 0))  # booth 2 serves service 1 too
        .profile(3, (1, 0))  # and booth 3
        .hours(weekly({MON: ("07:00-09:00", "13:00-14:00")}), booth=1)
        .hours(weekly({MON: "08:30-10:00"}), booth=2)
        .hours(weekly({MON: "10:00-11:00", TUE: "08:00-09:00"}), booth=3)
        .build()
    )
    intervals, closure = service_day_intervals(catalog, 1, MONDAY)
    # Overlapping and touching intervals merge; the gap before 13.00 stays.
    assert intervals == [iv("07:00-11:00"), iv("13:00-14:00")]
    assert closure is None
    assert service_day_intervals(catalog, 1, MONDAY + timedelta(days=1)) == ([iv("08:00-09:00")], None)


def test_holiday_of_one_booth_while_another_serves():
    catalog = (
        office()
        .profile(3, (1, 0))
        .closure(WEDNESDAY, "Libur instansi", agency=1)
        .build()
    )
    intervals, closure = service_day_intervals(catalog, 1, WEDNESDAY)
    assert intervals == [iv("07:30-16:00")] and closure is None
    assert avail(catalog, "2025-01-08 10:00").issuable


def test_holiday_reason_when_no_booth_is_open():
    catalog = (
        office()
        .profile(3, (1, 0))
        .hours(WeeklyHours(), booth=2)
        .closure(WEDNESDAY, "Libur instansi", agency=1)
        .build()
    )
    intervals, closure = service_day_intervals(catalog, 1, WEDNESDAY)
    assert intervals == [] and closure.reason == "Libur instansi"
    assert avail(catalog, "2025-01-08 10:00").reason == Reason.HOLIDAY


def test_agency_own_hours():
    catalog = office().hours(weekly({(TUE, THU): "08:00-12:00"}), agency=2).build()
    assert avail(catalog, "2025-01-06 10:00", service_id=3).reason == Reason.CLOSED_TODAY
    result = avail(catalog, "2025-01-06 10:00", service_id=3)
    assert result.next_opening == at(WIB, "2025-01-07 08:00")
    assert result.hours_text_id == "Buka Selasa & Kamis 08.00–12.00"
    assert result.hours_text_en == "Open Tue & Thu 08:00–12:00"
    assert avail(catalog, "2025-01-06 10:00", service_id=1).issuable


# -- next opening ---------------------------------------------------------------------------------
def test_next_opening_is_strictly_after():
    catalog = office().build()
    assert next_opening(catalog, 1, at(WIB, "2025-01-06 07:30")) == at(WIB, "2025-01-07 07:30")
    assert next_opening(catalog, 1, at(WIB, "2025-01-06 07:29")) == at(WIB, "2025-01-06 07:30")


def test_next_opening_from_another_zone_is_in_the_site_zone():
    catalog = office(WIT).build()
    after = datetime(2025, 1, 5, 22, 0, tzinfo=timezone.utc)  # Monday 07:00 WIT
    result = next_opening(catalog, 1, after)
    assert result == at(WIT, "2025-01-06 07:30")
    assert result.utcoffset() == timedelta(hours=9)


def test_next_opening_within_the_horizon():
    # Only open on one day, more than a week ahead (a booth that opens rarely).
    start = MONDAY
    opening_day = start + timedelta(days=HORIZON_DAYS)
    catalog = office().hours(weekly({})).build()
    assert next_opening(catalog, 1, at(WIB, "2025-01-06 08:00")) is None
    closures = CatalogBuilder(hours=weekly({MON: "08:00-09:00"})).agency(services=1)
    for offset in range(1, HORIZON_DAYS + 1):
        day = start + timedelta(days=offset)
        if day != opening_day:
            closures.closure(day, "Tutup")
    cat = closures.build()
    assert opening_day.isoweekday() == MON
    assert next_opening(cat, 1, at(WIB, "2025-01-06 10:00")) == datetime.combine(
        opening_day, time(8), at(WIB, "2025-01-06 00:00").tzinfo
    )
    cat = closures.closure(opening_day, "Tutup").build()
    assert next_opening(cat, 1, at(WIB, "2025-01-06 10:00")) is None


def test_never_open_service_has_no_next_opening():
    catalog = office().hours(WeeklyHours()).build()
    result = avail(catalog, "2025-01-06 10:00")
    assert (result.reason, result.next_opening) == (Reason.CLOSED_TODAY, None)
    assert result.hours_text_id == "Tutup" and result.hours_text_en == "Closed"


# -- hour texts -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("spec", "indonesian", "english"),
    [
        (
            {(MON, TUE, WED, THU): "07:30-16:00", FRI: ("07:30-11:00", "13:00-16:00"),
             SAT: "08:00-12:00"},
            "Buka Senin–Kamis 07.30–16.00; Jumat 07.30–11.00, 13.00–16.00; Sabtu 08.00–12.00",
            "Open Mon–Thu 07:30–16:00; Fri 07:30–11:00, 13:00–16:00; Sat 08:00–12:00",
        ),
        ({(TUE, THU): "08:00-12:00"},
         "Buka Selasa & Kamis 08.00–12.00", "Open Tue & Thu 08:00–12:00"),
        ({(MON, WED, FRI): "08:00-12:00"},
         "Buka Senin, Rabu & Jumat 08.00–12.00", "Open Mon, Wed & Fri 08:00–12:00"),
        ({(MON, TUE): "08:00-12:00"},
         "Buka Senin & Selasa 08.00–12.00", "Open Mon & Tue 08:00–12:00"),
        ({SAT: "08:00-12:00"}, "Buka Sabtu 08.00–12.00", "Open Sat 08:00–12:00"),
        ({range(1, 8): "00:00-23:59"}, "Buka Senin–Minggu 00.00–23.59", "Open Mon–Sun 00:00–23:59"),
        ({(MON, TUE, WED, FRI): "07:30-16:00", SUN: "09:05-10:00"},
         "Buka Senin, Selasa, Rabu & Jumat 07.30–16.00; Minggu 09.05–10.00",
         "Open Mon, Tue, Wed & Fri 07:30–16:00; Sun 09:05–10:00"),
        ({}, "Tutup", "Closed"),
    ],
)
def test_describe_hours(spec, indonesian, english):
    hours = weekly(spec)
    assert describe_hours(hours) == indonesian
    assert describe_hours(hours, "id") == indonesian
    assert describe_hours(hours, "en") == english


def test_service_hours_text_uses_the_serving_booth():
    catalog = office().hours(weekly({SAT: "08:00-12:00"}), booth=2).build()
    assert service_hours_text(catalog, 3) == ("Buka Sabtu 08.00–12.00", "Open Sat 08:00–12:00")
    assert service_hours_text(catalog, 1)[0].startswith("Buka Senin–Kamis")


def test_service_hours_text_without_any_booth_uses_site_hours():
    catalog = office().agency("BANK", booth=False, services=1).build()
    assert catalog.booths_for_service(4) == ()
    assert service_hours_text(catalog, 4)[1] == (
        "Open Mon–Thu 07:30–16:00; Fri 07:30–11:00, 13:00–16:00; Sat 08:00–12:00"
    )
    # Without a booth nobody is open: the service never issues.
    assert service_day_intervals(catalog, 4, MONDAY) == ([], None)
    assert avail(catalog, "2025-01-06 10:00", service_id=4).reason == Reason.CLOSED_TODAY


def test_interval_helper_matches_model():
    assert iv("07:30-16:00") == Interval(time(7, 30), time(16))
    assert OFFICE_HOURS.on(FRI) == (iv("07:30-11:00"), iv("13:00-16:00"))
