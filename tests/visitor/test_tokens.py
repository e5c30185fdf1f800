"""Only the holder of a token sees anything: another ticket's token, a guessed token and a booking
code of another day reveal nothing; guessing and bursts are rate limited (429 + Retry-After)."""
from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor

import httpx

from shared.store import visitor_db

from .conftest import Api, start_master


def ticket(api: Api) -> dict:
    r = api.issue()
    assert r.status_code == 201, r.text
    return r.json()


def token_of(body: dict) -> str:
    return body["status_path"].rsplit("/", 1)[1]


def test_a_ticket_page_shows_only_its_own_ticket(api):
    api.clock.set("09:00")
    served, waiting = ticket(api), ticket(api)
    api.serve()  # A001 done, A002 waiting
    page = api.http.get(waiting["status_path"])
    assert page.status_code == 200
    assert "A002" in page.text and "A001" not in page.text
    data = api.http.get(f"/api/v1/public/tickets/{token_of(waiting)}").json()
    assert data["number"] == "A002" and "A001" not in str(data)
    assert "token" not in data and "id" not in data
    # the waiting ticket's token opens no survey, although the other ticket was served
    survey = api.http.get(f"/survey/{token_of(waiting)}")
    assert survey.status_code == 200 and "setelah Anda selesai dilayani" in survey.text
    assert 'name="u1"' not in survey.text
    assert 'name="u1"' in api.http.get(f"/survey/{token_of(served)}").text


def test_a_complaint_goes_to_the_ticket_of_the_token(api):
    api.clock.set("09:00")
    first, second = ticket(api), ticket(api)
    page = api.http.get(f"/pengaduan/{token_of(second)}")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    r = api.http.post(f"/pengaduan/{token_of(second)}", data={
        "csrf": csrf, "category": "sarana", "text": "Kursi ruang tunggu kurang",
        "ticket_id": str(first["ticket"]["id"])})  # an extra field changes nothing
    assert r.status_code == 200, r.text
    [complaint] = visitor_db.list_complaints(api.master.reader)
    assert complaint.ticket_id == second["ticket"]["id"] and complaint.ticket_number == "A002"


def same_answer(api: Api, paths: list[str]) -> None:
    answers = {(r.status_code, r.text) for r in (api.http.get(p) for p in paths)}
    assert len(answers) == 1, answers
    assert next(iter(answers))[0] == 404


def test_guessed_and_malformed_tokens_get_one_and_the_same_404(api):
    api.clock.set("09:00")
    real = token_of(ticket(api))
    guesses = [secrets.token_urlsafe(16), real[:-1] + ("A" if real[-1] != "A" else "B"), "x",
               "é" * 22, "a" * 300]
    same_answer(api, [f"/api/v1/public/tickets/{g}" for g in guesses])
    same_answer(api, [f"/api/v1/tickets/{g}" for g in guesses[:2]])
    for prefix in ("/t/", "/survey/", "/pengaduan/", "/booking/v/"):
        pages = [api.http.get(prefix + g) for g in guesses[:3]]
        assert {p.status_code for p in pages} == {404}
        assert "A001" not in "".join(p.text for p in pages)
    r = api.http.post(f"/survey/{guesses[0]}", data={"csrf": "x"})
    assert r.status_code in (403, 404)


def test_a_booking_code_of_another_day_reveals_nothing(api):
    tuesday = api.book(day="2025-01-07", time="09:00").json()
    code = tuesday["booking"]["code"]
    api.clock.set("09:00")  # Monday: the code is real, but not for today
    answers = [api.check_in(c) for c in (code, "ABCD-EFGH", "not a code", "Z" * 8)]
    assert {(r.status_code, r.text) for r in answers} == {
        (404, answers[0].text)}
    assert answers[0].json()["error"]["code"] == "unknown_booking"
    for path in (f"/t/{code}", f"/booking/v/{code}", f"/api/v1/public/bookings/{code}",
                 f"/survey/{code}", f"/api/v1/public/tickets/{code}"):
        r = api.http.get(path)
        assert r.status_code == 404 and "09:00" not in r.text and "Selasa" not in r.text
    api.clock.set("08:30", day=1)  # on its day it works
    assert api.check_in(code).status_code == 201


def test_guessing_is_rate_limited_even_for_real_tokens(api):
    api.clock.set("09:00")
    real = ticket(api)["status_path"]
    assert api.http.get(real).status_code == 200
    codes = [api.http.get(f"/t/{secrets.token_urlsafe(16)}").status_code for _ in range(25)]
    assert codes[:20] == [404] * 20 and set(codes[20:]) == {429}
    blocked = api.http.get(real)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
    r = api.http.get(f"/api/v1/public/tickets/{secrets.token_urlsafe(16)}")
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"


def test_booking_burst_on_loopback_is_rate_limited(api):
    """Token bucket per client address: 30 at once, then 0.5 per second (defaults)."""
    url = api.url + "/api/v1/public/booking/services"

    def hit(_):
        with httpx.Client(timeout=10) as client:
            r = client.get(url)
            return r.status_code, r.headers.get("Retry-After")

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(hit, range(80)))
    ok = [r for r in results if r[0] == 200]
    limited = [r for r in results if r[0] == 429]
    assert 30 <= len(ok) <= 32 and len(ok) + len(limited) == 80
    assert all(r[1] is not None and int(r[1]) >= 1 for r in limited)
    page = api.http.get("/booking")
    assert page.status_code == 429 and "Terlalu banyak permintaan" in page.text
    assert int(page.headers["Retry-After"]) >= 1
    post = api.book(time="09:00")
    assert post.status_code == 429
    assert api.master.reader.execute("SELECT count(*) FROM bookings").fetchone()[0] == 0


def test_bookings_bucket_refills(site, clock):
    from shared.master.visitor.core import Limits
    server = start_master(site.db, clock, limits=Limits(booking=(2, 20)))
    api = Api(server, site, clock)
    try:
        codes = [api.http.get("/booking").status_code for _ in range(4)]
        assert codes[:2] == [200, 200] and 429 in codes[2:]
        import time
        time.sleep(0.2)  # 20 a second
        assert api.http.get("/booking").status_code == 200
    finally:
        api.close()
        server.stop()


def test_status_polls_are_cheap_when_nothing_changed(api):
    api.clock.set("09:00")
    path = "/api/v1/public/tickets/" + token_of(ticket(api))
    first = api.http.get(path)
    etag = first.headers["ETag"]
    again = api.http.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    api.issue()
    api.serve()  # A001 called and done: the answer changes
    changed = api.http.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json()["status"] == "done"
    assert changed.json()["survey"] == "open" and changed.json()["final"] is True
