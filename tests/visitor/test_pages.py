"""The visitor pages as a browser gets them: every page in both languages, light (< 30 KB with
its stylesheet and script), no missing texts, safe headers; and no input ever makes a 500."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import Api

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ASSET = re.compile(r'(?:href|src)="(/visitor-assets/[^"]+\.(?:css|js))"')
BUDGET = 30 * 1024


def scene(api: Api) -> dict[str, str]:
    """Pages in every state worth a look; name -> path."""
    ktp = api.site.services["ktp"]
    mine = api.book(time="09:00", phone="081234567890").json()
    cancelled = api.book(time="10:00").json()
    api.http.post(f"/api/v1/public/bookings/{cancelled['token']}/cancel")
    api.clock.set("08:30")
    waiting = api.check_in(mine["booking"]["code"]).json()["status_path"]
    served = api.issue().json()["status_path"]
    api.serve()  # A001 (the booking) called and done... the walk-in waits
    token = waiting.rsplit("/", 1)[1]
    return {"booking": "/booking", "agency": "/booking/a/1", "days": f"/booking/s/{ktp}",
            "slots": f"/booking/s/{ktp}?day=2025-01-07", "confirmed": mine["page"],
            "cancelled": cancelled["page"], "status-done": waiting, "status-waiting": served,
            "survey": f"/survey/{token}", "complaint": f"/pengaduan/{token}",
            "booth-form": "/survey/booth/l1", "booth-wait": "/survey/booth/l2"}


def test_every_page_in_both_languages_is_light_and_complete(api):
    for name, path in scene(api).items():
        for lang in ("id", "en"):
            sep = "&" if "?" in path else "?"
            r = api.http.get(f"{path}{sep}lang={lang}")
            assert r.status_code == 200, (name, r.status_code)
            assert "⟦" not in r.text, (name, lang)
            assert f'<html lang="{lang}">' in r.text
            weight = len(r.content) + sum(len(api.http.get(a).content)
                                          for a in ASSET.findall(r.text))
            assert weight < BUDGET, (name, weight)
            headers = r.headers
            assert "script-src 'self'" in headers["Content-Security-Policy"]
            assert headers["Cache-Control"] == "no-store"
            assert headers["Referrer-Policy"] == "no-referrer"
            assert headers["X-Frame-Options"] == "DENY"


def test_language_switch_is_remembered(api):
    r = api.http.get("/booking?lang=en")
    assert "Online queue booking" in r.text and 'hreflang="id"' in r.text
    assert "Online queue booking" in api.http.get("/booking").text  # cookie
    assert "Booking antrean daring" in api.http.get("/booking?lang=id").text
    assert "Booking antrean daring" in api.http.get("/booking?lang=xx").text  # cookie: id now
    api.http.cookies.clear()
    assert "Booking antrean daring" in api.http.get("/booking?lang=xx").text


def test_booking_through_the_forms(api):
    ktp = api.site.services["ktp"]
    page = api.http.get(f"/booking/s/{ktp}?day=2025-01-06")
    key = CSRF.search(page.text).group(1)
    r = api.http.post(f"/booking/s/{ktp}", data={"csrf": key, "day": "2025-01-06",
                                                 "time": "09:00", "phone": "0812 2222 3333"})
    assert r.status_code == 303 and r.headers["location"].startswith("/booking/v/")
    view = api.http.get(r.headers["location"])
    assert "Booking berhasil" in view.text and '<svg class="qr"' in view.text
    taken = api.http.post(f"/booking/s/{ktp}", data={"csrf": key, "day": "2025-01-06",
                                                     "time": "09:00"})
    assert taken.status_code == 409 and "Jam itu sudah penuh" in taken.text
    phone = api.http.post(f"/booking/s/{ktp}", data={"csrf": key, "day": "2025-01-06",
                                                     "time": "09:30", "phone": "12"})
    assert phone.status_code == 422 and 'id="phone-error"' in phone.text
    none = api.http.post(f"/booking/s/{ktp}", data={"csrf": key, "day": "2025-01-06"})
    assert none.status_code == 422 and "Pilih salah satu jam" in none.text
    cancel = api.http.post(r.headers["location"] + "/cancel", data={"csrf": key})
    assert cancel.status_code == 303
    assert "Dibatalkan" in api.http.get(r.headers["location"]).text
    booked = api.master.reader.execute("SELECT status, phone, client_hash IS NOT NULL "
                                       "FROM bookings").fetchall()
    assert booked == [("cancelled", "+6281222223333", 1)]


BAD = [
    ("GET", "/booking/a/abc", None, None),
    ("GET", "/booking/a/99999999999999999999999", None, None),
    ("GET", "/booking/s/99999999999999999999999", None, None),
    ("GET", "/booking/s/1?day=garbage", None, None),
    ("GET", "/booking/s/1?day=2025-02-30", None, None),
    ("GET", "/booking/s/2", None, None),
    ("GET", "/booking/v/%00%ff", None, None),
    ("GET", "/booking/nothing/here", None, None),
    ("GET", "/t/", None, None),
    ("GET", "/t/a/b/c", None, None),
    ("GET", "/survey", None, None),
    ("GET", "/survey/booth/", None, None),
    ("GET", "/pengaduan", None, None),
    ("PUT", "/t/abcdefghijklmnop", None, None),
    ("DELETE", "/booking", None, None),
    ("POST", "/booking", b"x=1", "application/x-www-form-urlencoded"),
    ("POST", "/booking/s/1", None, None),
    ("POST", "/booking/s/1", b'{"a": 1}', "application/json"),
    ("POST", "/booking/s/1", b"\xff\xfe=\xff", "application/x-www-form-urlencoded"),
    ("POST", "/booking/s/1", b"csrf=" + b"x" * 20000, "application/x-www-form-urlencoded"),
    ("POST", "/booking/s/1", b"a=%00", "application/x-www-form-urlencoded"),
    ("POST", "/survey/booth/l1", b"ticket=1", "application/x-www-form-urlencoded"),
    ("GET", "/api/v1/public/booking/services/abc/days", None, None),
    ("GET", "/api/v1/public/booking/services/2/days", None, None),
    ("GET", "/api/v1/public/booking/services/1/slots?day=%ff", None, None),
    ("POST", "/api/v1/public/bookings/abc/cancel", None, None),
    ("GET", "/api/v1/public/bookings/" + "a" * 500, None, None),
    ("POST", "/api/v1/bookings/%E2%9C%93/check-in", None, None),
]


@pytest.mark.parametrize("method, path, body, ctype", BAD)
def test_bad_input_is_a_4xx(api, method, path, body, ctype):
    headers = {"Content-Type": ctype} if ctype else {}
    r = api.http.request(method, path, content=body, headers=headers)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    if not path.startswith("/api/"):
        assert r.headers["content-type"].startswith("text/html") and "notice error" in r.text


def test_a_head_request_and_a_405_page(api):
    assert api.http.head("/booking").status_code == 200
    r = api.http.put("/booking")
    assert r.status_code == 405 and r.headers["Allow"] == "GET" and "Metode" in r.text


@pytest.fixture(scope="module")
def fuzz_api(tmp_path_factory):
    from .conftest import MONDAY, Clock, make_site, start_master
    site = make_site(tmp_path_factory.mktemp("fuzz"))
    clock = Clock(MONDAY.replace(hour=9))
    server = start_master(site.db, clock)
    api = Api(server, site, clock)
    body = api.issue().json()
    api.serve()
    api.token = body["status_path"].rsplit("/", 1)[1]
    api.http.get("/booking")
    try:
        yield api
    finally:
        api.close()
        server.stop()


FIELD = st.one_of(st.text(max_size=40), st.sampled_from(["", "1", "4", "5", "-1", "L", "S1",
                                                         "09:00", "2025-01-06", "x" * 3000]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=st.dictionaries(st.sampled_from(["u1", "u5", "u9", "gender", "age", "education",
                                              "occupation", "comment", "category", "text",
                                              "contact", "day", "time", "phone", "ticket"]),
                            FIELD, max_size=8),
       target=st.sampled_from(["survey", "pengaduan", "booking", "booth"]))
def test_no_form_input_makes_a_500(fuzz_api, form, target):
    api = fuzz_api
    path = {"survey": f"/survey/{api.token}", "pengaduan": f"/pengaduan/{api.token}",
            "booking": "/booking/s/1", "booth": "/survey/booth/l1"}[target]
    data = {"csrf": api.http.cookies["antrean_v"], **form}
    r = api.http.post(path, data=data)
    assert r.status_code < 500, (r.status_code, r.text[:300])
