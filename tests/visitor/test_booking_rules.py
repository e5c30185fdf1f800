"""shared.domain.booking: every rule and every branch (quota, hours, holidays, cut-offs, the
check-in window, caps, codes, phone numbers). Pure: no master, no database."""
from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from shared.domain import booking as b
from shared.domain.booking import BookingPolicy, Why
from tests.domain.builders import MONDAY, WIB, CatalogBuilder, at, weekly

POLICY = BookingPolicy()  # 30-minute slots, 14 days, booking closes 60 min before, ±60/+30


def catalog(quota: int = 10, **site):
    """Office hours Mon-Thu 07.30-16.00, Fri 07.30-11.00 + 13.00-16.00, Sat 08.00-12.00;
    one agency with service 1 (bookable) and service 2 (no booking)."""
    builder = CatalogBuilder(**site).agency(services=2).service(1, booking_quota=quota)
    builder.closure(MONDAY + timedelta(days=2), "Tahun Baru Islam")  # Wednesday
    builder.closure(MONDAY + timedelta(days=3), "Rapat", interval="10:00-12:00")  # Thursday
    return builder.build()


def plan(day: date, quota: int = 10, policy: BookingPolicy = POLICY, **site) -> b.DayPlan:
    return b.day_plan(catalog(quota, **site), 1, day, policy)


def keys(p: b.DayPlan) -> list[str]:
    return [s.key for s in p.slots]


# -- policy --------------------------------------------------------------------------------------
def test_policy_settings_override_only_valid_values():
    changed = b.policy_with(POLICY, {"booking.grace_minutes": "45", "booking.slot_minutes": "x",
                                     "booking.horizon_days": "999", "other.key": "1",
                                     "booking.max_per_phone": " 3 "})
    assert changed.grace_minutes == 45
    assert changed.slot_minutes == 30  # not a number
    assert changed.horizon_days == 14  # out of range
    assert changed.max_per_phone == 3
    assert b.policy_with(POLICY, {}) == POLICY


def test_messages_in_both_languages_with_detail():
    assert b.message(Why.TOO_FAR, "id", 14) == "Booking dibuka paling jauh 14 hari ke depan"
    assert b.message(Why.TOO_FAR, "en", 14) == "Bookings open at most 14 days ahead"
    assert all(k in b.MESSAGES for k in vars(Why) if not k.startswith("_")
               for k in [getattr(Why, k)])


# -- day plans -----------------------------------------------------------------------------------
def test_a_weekday_has_slots_within_hours_ending_by_the_issuing_cutoff():
    p = plan(MONDAY)
    assert p.reason is None
    assert keys(p)[0] == "07:30" and keys(p)[-1] == "15:00"  # 15.00-15.30; issuing stops 15.30
    assert len(p.slots) == 16
    assert p.slots[0].end == time(8, 0)
    assert all(s.capacity == 1 for s in p.slots)  # ceil(10 / 16)
    assert p.slot(time(9, 0)) is not None and p.slot(time(9, 15)) is None


def test_quota_spreads_over_the_slots():
    assert plan(MONDAY, quota=40).slots[0].capacity == 3  # ceil(40 / 16)
    assert plan(MONDAY + timedelta(days=5), quota=40).slots[0].capacity == 6  # Sat: 7 slots


def test_friday_break_and_each_interval_ends_by_the_cutoff():
    p = plan(MONDAY + timedelta(days=4))
    assert "10:00" in keys(p) and "10:30" not in keys(p)  # 11.00 close - 30 min cutoff
    assert "12:30" not in keys(p) and "13:00" in keys(p)


def test_partial_closure_removes_its_slots():
    p = plan(MONDAY + timedelta(days=3))
    assert "09:00" in keys(p)  # 07.30-10.00 left: issuing stops at 09.30 there too
    assert not {"09:30", "10:00", "10:30", "11:00", "11:30"} & set(keys(p))
    assert "12:00" in keys(p)


def test_holiday_closed_day_inactive_and_no_booking():
    holiday = plan(MONDAY + timedelta(days=2))
    assert (holiday.reason, holiday.detail, holiday.slots) == (Why.HOLIDAY, "Tahun Baru Islam", ())
    assert plan(MONDAY + timedelta(days=6)).reason == Why.CLOSED_DAY  # Sunday
    assert plan(MONDAY, quota=0).reason == Why.NO_BOOKING
    assert b.day_plan(catalog(), 2, MONDAY, POLICY).reason == Why.NO_BOOKING
    inactive = CatalogBuilder().agency(booking_quota=5).service(1, active=False).build()
    assert b.day_plan(inactive, 1, MONDAY, POLICY).reason == Why.INACTIVE


def test_intervals_too_short_for_a_slot_are_a_closed_day():
    short = CatalogBuilder(hours=weekly({1: "08:00-08:40"})).agency(booking_quota=5).build()
    assert b.day_plan(short, 1, MONDAY, POLICY).reason == Why.CLOSED_DAY  # 08.10 last issue


def test_a_site_open_around_the_clock_books_the_whole_day():
    p = plan(MONDAY + timedelta(days=6), open_24h=True)  # even on Sunday
    assert keys(p)[0] == "00:00" and keys(p)[-1] == "22:30"  # 23.59 - 30 min cutoff


# -- day and slot reasons ------------------------------------------------------------------------
def test_day_reasons_past_too_far_plan_and_quota():
    now = at(WIB, "2025-01-07 09:00")  # Tuesday
    assert b.day_reason(plan(MONDAY), now, WIB, POLICY) == Why.PAST
    assert b.day_reason(plan(MONDAY + timedelta(days=15)), now, WIB, POLICY) == Why.TOO_FAR
    last = MONDAY + timedelta(days=1 + 13)  # today + 13: the last day of the horizon
    assert b.day_reason(plan(last), now, WIB, POLICY) is None
    assert b.day_reason(plan(MONDAY + timedelta(days=2)), now, WIB, POLICY) == Why.HOLIDAY
    thursday = plan(MONDAY + timedelta(days=3))
    assert b.day_reason(thursday, now, WIB, POLICY, day_taken=10) == Why.QUOTA_FULL
    assert b.day_reason(thursday, now, WIB, POLICY, day_taken=9) is None


def test_days_ahead_follow_the_site_zone():
    late = at(WIB, "2025-01-06 23:30")
    assert b.days_ahead(late, WIB, POLICY)[0] == MONDAY
    assert len(b.days_ahead(late, WIB, POLICY)) == 14
    assert b.days_ahead(late, "Asia/Jayapura", POLICY)[0] == MONDAY + timedelta(days=1)


def test_slot_reasons_cutoff_and_full():
    p = plan(MONDAY)
    nine = p.slot(time(9, 0))
    assert nine is not None
    now = at(WIB, "2025-01-06 08:00")
    assert b.slot_reason(p, nine, now, WIB, POLICY, 0, 0) is None  # exactly 60 min ahead
    assert b.slot_reason(p, nine, now + timedelta(minutes=1), WIB, POLICY, 0, 0) == Why.CUTOFF
    assert b.slot_reason(p, nine, now, WIB, POLICY, 1, 1) == Why.SLOT_FULL
    assert b.slot_reason(p, nine, now, WIB, POLICY, 0, 10) == Why.QUOTA_FULL


def test_check_booking():
    p = plan(MONDAY)
    now = at(WIB, "2025-01-06 07:00")
    assert b.check_booking(p, time(9, 0), now, WIB, POLICY, {}) is None
    assert b.check_booking(p, time(9, 10), now, WIB, POLICY, {}) == Why.NOT_A_SLOT
    assert b.check_booking(p, time(16, 0), now, WIB, POLICY, {}) == Why.NOT_A_SLOT
    assert b.check_booking(p, time(7, 30), now, WIB, POLICY, {}) == Why.CUTOFF
    assert b.check_booking(p, time(9, 0), now, WIB, POLICY, {"09:00": 1}) == Why.SLOT_FULL
    full = {f"{h:02d}:00": 1 for h in range(8, 16)} | {"08:30": 1, "09:30": 1}
    assert b.check_booking(p, time(10, 30), now, WIB, POLICY, full) == Why.QUOTA_FULL
    tomorrow_too_late = at(WIB, "2025-01-07 07:00")
    assert b.check_booking(p, time(9, 0), tomorrow_too_late, WIB, POLICY, {}) == Why.PAST


# -- caps ----------------------------------------------------------------------------------------
def test_caps_per_phone_browser_and_address():
    assert b.check_caps(POLICY, phone=1, client=2, ip=19) is None
    assert b.check_caps(POLICY, phone=2, client=0, ip=0) == (Why.PHONE_LIMIT, 2)
    assert b.check_caps(POLICY, phone=None, client=3, ip=0) == (Why.CLIENT_LIMIT, 3)
    assert b.check_caps(POLICY, phone=None, client=None, ip=20) == (Why.IP_LIMIT, 20)


# -- check-in window -----------------------------------------------------------------------------
@pytest.mark.parametrize("when, status, expected", [
    ("07:59", b.BOOKED, (Why.TOO_EARLY, "08.00")),
    ("08:00", b.BOOKED, None),  # 60 min early
    ("09:29", b.BOOKED, None),  # within the 30 min grace
    ("09:30", b.BOOKED, (Why.EXPIRED, "")),
    ("08:30", b.EXPIRED, (Why.EXPIRED, "")),
    ("08:30", b.CANCELLED, (Why.CANCELLED, "")),
    ("08:30", b.CHECKED_IN, (Why.CHECKED_IN, "")),
])
def test_check_in_window(when, status, expected):
    now = at(WIB, f"2025-01-06 {when}")
    assert b.check_in_reason(status, MONDAY, time(9, 0), now, WIB, POLICY) == expected


def test_check_in_on_another_day():
    now = at(WIB, "2025-01-07 08:30")
    assert b.check_in_reason(b.BOOKED, MONDAY, time(9, 0), now, WIB, POLICY) == (Why.OTHER_DAY, "")


def test_effective_status():
    nine = time(9, 0)
    before, after = at(WIB, "2025-01-06 09:29"), at(WIB, "2025-01-06 09:30")
    assert b.effective_status(b.BOOKED, MONDAY, nine, before, WIB, POLICY) == b.BOOKED
    assert b.effective_status(b.BOOKED, MONDAY, nine, after, WIB, POLICY) == b.EXPIRED
    assert b.effective_status(b.CHECKED_IN, MONDAY, nine, after, WIB, POLICY) == b.CHECKED_IN
    assert b.slot_moment(MONDAY, nine, WIB) == at(WIB, "2025-01-06 09:00")


# -- codes and phone numbers ---------------------------------------------------------------------
def test_codes():
    picks = iter("K7M3Q9XP")
    code = b.new_code(lambda alphabet: next(picks))
    assert code == "K7M3Q9XP"
    assert b.format_code(code) == "K7M3-Q9XP"
    assert b.normalize_code(" k7m3-q9xp ") == "K7M3Q9XP"
    assert b.normalize_code("K7M3 Q9XP") == "K7M3Q9XP"
    assert b.normalize_code("K7M3Q9X") is None  # too short
    assert b.normalize_code("K7M3Q9X0") is None  # 0 is not in the alphabet
    assert b.normalize_code("") is None
    assert not set("ILO01") & set(b.CODE_ALPHABET)


@pytest.mark.parametrize("text, expected", [
    ("0812-3456-7890", "+6281234567890"),
    ("+62 812 3456 7890", "+6281234567890"),
    ("6281234567890", "+6281234567890"),
    ("(0812) 345.678", "+62812345678"),
    ("", None),
    (None, None),
    ("   ", None),
])
def test_phone_numbers(text, expected):
    assert b.normalize_phone(text) == expected


@pytest.mark.parametrize("text", ["12345", "0215551234", "08123", "0812345678901234", "08ab12345678"])
def test_bad_phone_numbers(text):
    with pytest.raises(ValueError):
        b.normalize_phone(text)
