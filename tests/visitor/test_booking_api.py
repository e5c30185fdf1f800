"""Online booking through a real master: quota, hours, holidays, cut-offs, caps, cancelling, and
the kiosk's check-in (POST /api/v1/bookings/{code}/check-in)."""
from __future__ import annotations

import pytest

from shared.domain.booking import BookingPolicy
from shared.store import admin_db

from .conftest import HOLIDAY, MEETING, auth


def booked(r) -> dict:
    assert r.status_code == 201, r.text
    return r.json()


def error(r, status: int) -> str:
    assert r.status_code == status, r.text
    return r.json()["error"]["code"]


def test_booking_and_reading_it_back(api):
    body = booked(api.book(time="09:00", phone="0812 3456 7890"))
    booking = body["booking"]
    assert booking["day"] == "2025-01-06" and booking["start"] == "09:00"
    assert booking["end"] == "09:30" and booking["status"] == "booked"
    assert len(booking["code"]) == 9 and booking["code"][4] == "-"
    assert booking["check_in"] == {"from": "08.00", "until": "09.30"}
    assert body["page"] == f"/booking/v/{body['token']}"
    again = api.http.get(f"/api/v1/public/bookings/{body['token']}").json()["booking"]
    assert again == booking


def test_slot_capacity_and_day_quota(api):
    booked(api.book(time="09:00"))  # ktp: 15 a day over 16 slots: one per slot
    assert error(api.book(time="09:00"), 409) == "slot_full"
    saturday = "2025-01-11"  # 7 slots of 3 places, but 15 a day
    for i in range(15):
        booked(api.book(day=saturday, time=f"{8 + i % 7 // 2:02d}:{30 * (i % 7 % 2):02d}"))
    assert error(api.book(day=saturday, time="11:00"), 409) == "quota_full"
    days = api.http.get(f"/api/v1/public/booking/services/{api.site.services['ktp']}/days").json()
    by_day = {d["day"]: d for d in days["days"]}
    assert by_day[saturday]["reason"] == "quota_full" and by_day[saturday]["free"] == 0
    assert by_day["2025-01-06"]["free"] == 14
    slots = api.http.get(f"/api/v1/public/booking/services/{api.site.services['ktp']}/slots",
                         params={"day": "2025-01-06"}).json()
    nine = next(s for s in slots["slots"] if s["start"] == "09:00")
    assert nine == {"start": "09:00", "end": "09:30", "capacity": 1, "free": 0,
                    "reason": "slot_full"}


def test_opening_hours_holidays_and_closures(api):
    assert error(api.book(time="07:30"), 409) == "not_a_slot"  # before opening
    assert error(api.book(time="15:30"), 409) == "not_a_slot"  # issuing stops 15.30
    assert error(api.book(time="09:10"), 409) == "not_a_slot"
    assert error(api.book(day="2025-01-12", time="09:00"), 409) == "closed_day"  # Sunday
    r = api.book(day=HOLIDAY, time="09:00")
    assert error(r, 409) == "holiday" and "Libur uji" in r.json()["error"]["message"]
    assert error(api.book(day=MEETING, time="10:30"), 409) == "not_a_slot"  # Dukcapil meeting
    booked(api.book(service="jkn", day=MEETING, time="10:30"))  # BPJS is open
    assert error(api.book(day="2025-01-10", time="11:30"), 409) == "not_a_slot"  # Friday break
    slots = api.http.get(f"/api/v1/public/booking/services/{api.site.services['ktp']}/slots",
                         params={"day": HOLIDAY}).json()
    assert slots["reason"] == "holiday" and slots["slots"] == []


def test_cutoffs_past_and_horizon(api):
    booked(api.book(time="08:00"))  # 07.00: exactly 60 minutes ahead
    api.clock.set("07:31")
    assert error(api.book(time="08:30"), 409) == "booking_closed"
    api.clock.set("09:00", day=1)
    assert error(api.book(day="2025-01-06", time="14:00"), 409) == "past_day"
    assert error(api.book(day="2025-01-21", time="09:00"), 409) == "too_far"  # today + 14
    booked(api.book(day="2025-01-20", time="09:00"))  # today + 13


def test_caps_per_phone_cookie_and_address(site, clock):
    from .conftest import Api, start_master
    server = start_master(site.db, clock, policy=BookingPolicy(max_per_ip=5))
    api = Api(server, site, clock)
    try:
        booked(api.book(time="08:00", phone="0812-1111-2222"))
        booked(api.book(time="08:30", phone="+62 812 1111 2222"))
        assert error(api.book(time="09:00", phone="6281211112222"), 409) == "phone_limit"
        booked(api.book(day="2025-01-07", time="09:00", phone="081211112222"))  # another day
        cookie = {"antrean_v": "b" * 22}
        api.http.cookies.update(cookie)
        for time in ("10:00", "10:30", "11:00"):
            booked(api.book(time=time))
        assert error(api.book(time="11:30"), 409) == "client_limit"
        api.http.cookies.clear()
        assert error(api.book(time="12:00"), 409) == "ip_limit"  # 5 today from 127.0.0.1
    finally:
        api.close()
        server.stop()


@pytest.mark.parametrize("body, status, code", [
    ({"service_id": 1, "day": "2025-13-01", "time": "09:00"}, 422, "invalid_day"),
    ({"service_id": 1, "day": "06-01-2025", "time": "09:00"}, 422, "invalid_day"),
    ({"service_id": 1, "day": "2025-01-06", "time": "ab:cd"}, 422, "invalid_time"),
    ({"service_id": 1, "day": "2025-01-06", "time": "24:00"}, 422, "invalid_time"),
    ({"service_id": 1, "day": "2025-01-06", "time": "09:00", "phone": "123"}, 422,
     "invalid_phone"),
    ({"service_id": 999, "day": "2025-01-06", "time": "09:00"}, 404, "unknown_service"),
    ({"service_id": 2, "day": "2025-01-06", "time": "09:00"}, 404, "unknown_service"),  # kk
    ({"service_id": "1", "day": "2025-01-06", "time": "09:00"}, 422, "invalid_field"),
    ({"day": "2025-01-06", "time": "09:00"}, 422, "missing_field"),
])
def test_bad_bookings_are_4xx(api, body, status, code):
    assert error(api.http.post("/api/v1/public/bookings", json=body), status) == code


def test_bad_json_and_types(api):
    r = api.http.post("/api/v1/public/bookings", content=b"{", headers={
        "Content-Type": "application/json"})
    assert error(r, 400) == "invalid_json"
    r = api.http.post("/api/v1/public/bookings", content=b"service_id=1",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert error(r, 415) == "unsupported_media_type"
    r = api.http.get(f"/api/v1/public/booking/services/{api.site.services['ktp']}/slots")
    assert error(r, 422) == "invalid_day"


def test_cancel_frees_the_place(api):
    body = booked(api.book(time="09:00"))
    r = api.http.post(f"/api/v1/public/bookings/{body['token']}/cancel")
    assert r.status_code == 200 and r.json()["booking"]["status"] == "cancelled"
    assert error(api.http.post(f"/api/v1/public/bookings/{body['token']}/cancel"), 409) == \
        "booking_cancelled"
    booked(api.book(time="09:00"))
    assert error(api.check_in(body["booking"]["code"]), 409) == "booking_cancelled"


def test_check_in_issues_an_online_ticket_like_a_kiosk_ticket(api):
    code = booked(api.book(time="09:00"))["booking"]["code"]
    api.clock.set("08:30")
    walk_in = api.issue().json()
    r = api.check_in(code.lower())
    body = booked(r)
    assert set(body) == set(walk_in) | {"booking"}
    assert set(body["ticket"]) == set(walk_in["ticket"])
    assert body["ticket"]["channel"] == "online" and body["ticket"]["number"] == "A002"
    assert body["estimate"] == {"ahead": 1, "minutes": 10}
    assert body["status_path"] == f"/t/{body['ticket']['token']}"
    assert body["booking"]["code"] == code
    row = api.master.reader.execute("SELECT booking_code FROM tickets WHERE id = ?",
                                    (body["ticket"]["id"],)).fetchone()
    assert row[0] == code.replace("-", "")
    replay = api.check_in(code)  # the same kiosk retrying gets the same ticket
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json()["ticket"]["id"] == body["ticket"]["id"]
    assert error(api.check_in(code, kiosk="kiosk2"), 409) == "already_checked_in"
    token = booked(api.book(time="10:00"))["token"]
    status = api.http.get(f"/api/v1/public/bookings/{token}").json()["booking"]["status"]
    assert status == "booked"


def test_check_in_window_early_and_late(api):
    code = booked(api.book(time="09:00"))["booking"]["code"]
    api.clock.set("07:59")
    r = api.check_in(code)
    assert error(r, 409) == "too_early" and "08.00" in r.json()["error"]["message"]
    api.clock.set("09:30")
    assert error(api.check_in(code), 409) == "booking_expired"
    state = api.master.reader.execute("SELECT status FROM bookings").fetchone()[0]
    assert state == "expired"
    api.clock.set("09:31")
    assert error(api.check_in(code), 409) == "booking_expired"


def test_grace_period_is_a_site_setting(api):
    code = booked(api.book(time="09:00"))["booking"]["code"]
    api.master.store.write(lambda conn: admin_db.set_setting(conn, "booking.grace_minutes", "60"))
    api.clock.set("09:45")
    assert booked(api.check_in(code))["ticket"]["channel"] == "online"


def test_check_in_needs_a_kiosk(api):
    code = booked(api.book(time="09:00"))["booking"]["code"]
    api.clock.set("08:30")
    url = f"/api/v1/bookings/{code}/check-in"
    assert error(api.http.post(url), 401) == "missing_token"
    r = api.http.post(url, headers=auth(api.site.tokens["counter"]))
    assert error(r, 403) == "wrong_role"
    r = api.http.post(url, headers=auth(api.site.tokens["kiosk"]), json={"priority": "vip"})
    assert error(r, 422) == "invalid_field"
    assert api.master.reader.execute("SELECT count(*) FROM tickets").fetchone()[0] == 0
    body = booked(api.check_in(code, priority="lansia"))
    assert body["ticket"]["priority"] == "lansia"


def test_check_in_respects_the_queue_rules(api):
    """A check-in at the right time still needs the service open (the queue's own rules)."""
    code = booked(api.book(time="08:00"))["booking"]["code"]
    api.clock.set("07:30")
    assert error(api.check_in(code), 409) == "not_yet_open"
    api.clock.set("08:05")
    assert booked(api.check_in(code))["ticket"]["number"] == "A001"


def test_openapi_lists_the_visitor_routes(api):
    paths = api.http.get("/api/v1/openapi.json").json()["paths"]
    assert paths["/api/v1/bookings/{code}/check-in"]["post"]["x-device-roles"] == ["kiosk"]
    assert paths["/api/v1/public/bookings"]["post"]["security"] == []
    assert "/api/v1/public/tickets/{token}" in paths
