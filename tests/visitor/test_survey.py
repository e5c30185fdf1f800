"""The SKM survey: one response per served ticket, on the phone (/survey/{token}) or on the
booth tablet (/survey/booth/{counter_code}); answers stored by unsur key."""
from __future__ import annotations

import re
from datetime import date

from shared.store import reports_db

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ANSWERS = {f"u{i}": str(1 + i % 4) for i in range(1, 10)}


def served_ticket(api) -> str:
    api.clock.set("09:00")
    body = api.issue().json()
    api.serve()
    return body["status_path"].rsplit("/", 1)[1]


def csrf(api, path: str) -> str:
    return CSRF.search(api.http.get(path).text).group(1)


def rows(api) -> list[tuple]:
    return api.master.reader.execute(
        "SELECT ticket_id, service_id, agency_id, day, u1, u2, u3, u4, u5, u6, u7, u8, u9, "
        "gender, age, education, occupation, comment FROM skm_responses").fetchall()


def test_one_response_per_served_ticket(api):
    token = served_ticket(api)
    page = api.http.get(f"/survey/{token}")
    assert page.status_code == 200 and page.text.count('type="radio"') == 9 * 4 + 2
    form = {"csrf": CSRF.search(page.text).group(1), **ANSWERS, "gender": "L", "age": "41",
            "education": "D1–D3", "occupation": "Wirausaha",
            "comment": "  Pelayanan   cepat,\r\n terima kasih "}
    first = api.http.post(f"/survey/{token}", data=form)
    assert first.status_code == 200 and "Terima kasih atas penilaian Anda" in first.text
    ktp = api.site.services["ktp"]
    assert rows(api) == [(1, ktp, 1, "2025-01-06", 2, 3, 4, 1, 2, 3, 4, 1, 2, "L", 41, "D1–D3",
                          "Wirausaha", "Pelayanan cepat, terima kasih")]
    second = api.http.post(f"/survey/{token}", data={**form, "u1": "4"})
    assert second.status_code == 409 and "sudah diisi" in second.text
    assert len(rows(api)) == 1
    again = api.http.get(f"/survey/{token}")
    assert again.status_code == 200 and 'name="u1"' not in again.text
    status = api.http.get(f"/t/{token}").text
    assert "Survei Anda sudah kami terima" in status and f"/survey/{token}" not in status
    totals = reports_db.skm_totals(api.master.reader, date(2025, 1, 6), date(2025, 1, 6))
    assert totals[0].respondents == 1


def test_not_before_service_and_not_forever(api):
    api.clock.set("09:00")
    token = api.issue().json()["status_path"].rsplit("/", 1)[1]
    page = api.http.get(f"/survey/{token}")
    assert "setelah Anda selesai dilayani" in page.text
    api.http.get(f"/t/{token}")
    key = api.http.cookies["antrean_v"]  # the forms' CSRF token is the visitor cookie
    r = api.http.post(f"/survey/{token}", data={"csrf": key, **ANSWERS})
    assert r.status_code == 409 and rows(api) == []
    api.serve()
    api.clock.set("09:00", day=8)  # the next week: the survey period is over
    late = api.http.get(f"/survey/{token}")
    assert late.status_code == 200 and "sudah berakhir" in late.text


def test_invalid_answers_are_a_422_form(api):
    token = served_ticket(api)
    key = csrf(api, f"/survey/{token}")
    for bad in ({"u3": "5"}, {"u9": ""}, {"gender": "X"}, {"age": "abc"}, {"age": "7"},
                {"education": "PhD"}, {"occupation": "Presiden"}, {"comment": "x" * 1001}):
        r = api.http.post(f"/survey/{token}", data={"csrf": key, **ANSWERS, **bad})
        assert r.status_code == 422, bad
        assert 'class="notice error"' in r.text or "field-error" in r.text
    assert rows(api) == []
    kept = api.http.post(f"/survey/{token}", data={"csrf": key, **ANSWERS, "u3": ""})
    assert 'name="u4" value="1" required checked' in kept.text  # answers kept


def test_forms_need_the_visitor_cookie(api):
    token = served_ticket(api)
    key = csrf(api, f"/survey/{token}")
    assert api.http.post(f"/survey/{token}", data=ANSWERS).status_code == 403
    assert api.http.post(f"/survey/{token}", data={"csrf": key + "x", **ANSWERS}).status_code \
        == 403
    api.http.cookies.clear()
    assert api.http.post(f"/survey/{token}", data={"csrf": key, **ANSWERS}).status_code == 403
    assert rows(api) == []


def test_booth_tablet_offers_the_visitor_just_served(api):
    api.clock.set("09:00")
    waiting = api.http.get("/survey/booth/l1")
    assert waiting.status_code == 200 and 'name="u1"' not in waiting.text
    assert api.http.get("/api/v1/public/booth/l1").json() == {"ticket": None}
    number = api.issue().json()["ticket"]["number"]
    api.serve()
    tablet = api.http.get("/survey/booth/l1")
    assert 'name="u1"' in tablet.text and number in tablet.text
    assert 'name="u1"' not in api.http.get("/survey/booth/l2").text
    ticket_id = api.http.get("/api/v1/public/booth/l1").json()["ticket"]
    key = CSRF.search(tablet.text).group(1)
    r = api.http.post("/survey/booth/l1", data={"csrf": key, "ticket": str(ticket_id),
                                                **ANSWERS})
    assert r.status_code == 200 and "Terima kasih" in r.text and 'data-back="/survey/booth/l1"' \
        in r.text
    assert len(rows(api)) == 1
    assert api.http.get("/api/v1/public/booth/l1").json() == {"ticket": None}
    again = api.http.post("/survey/booth/l1", data={"csrf": key, "ticket": str(ticket_id),
                                                    **ANSWERS})
    assert again.status_code == 409 and len(rows(api)) == 1


def test_booth_window_and_tampering(api):
    api.clock.set("09:00")
    api.issue()
    api.serve()
    key = csrf(api, "/survey/booth/l1")
    ticket_id = api.http.get("/api/v1/public/booth/l1").json()["ticket"]
    assert ticket_id is not None
    # another counter's tablet cannot answer for it, nor a made-up ticket
    for counter, tid in (("l2", str(ticket_id)), ("l1", "999"), ("l1", "x"), ("l1", "")):
        r = api.http.post(f"/survey/booth/{counter}", data={"csrf": key, "ticket": tid,
                                                           **ANSWERS})
        assert r.status_code == 409, (counter, tid)
    assert api.http.get("/survey/booth/nope").status_code == 404
    assert api.http.get("/api/v1/public/booth/nope").status_code == 404
    api.clock.advance(11)  # the tablet offers only the last 10 minutes
    assert api.http.get("/api/v1/public/booth/l1").json() == {"ticket": None}
    late = api.http.post("/survey/booth/l1", data={"csrf": key, "ticket": str(ticket_id),
                                                   **ANSWERS})
    assert late.status_code == 200  # a form already shown may still be sent (30 min)
    api.clock.advance(60)
    assert rows(api) and len(rows(api)) == 1
