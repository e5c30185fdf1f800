"""The visitor's whole journey in headless Chromium on a phone (360x740): book -> check in at a
kiosk (API) -> called at the counter (API) -> the status page shows the call without a reload ->
survey submitted once (a second submission is refused) -> complaint filed (and listed)."""
from __future__ import annotations

import re

import pytest

from shared.store import visitor_db

from tests.browser import available, chromium, new_page

pytestmark = pytest.mark.skipif(available() is not None, reason=str(available()))


@pytest.fixture
def options() -> dict:
    return {"poll_seconds": 1}


def test_visitor_journey_on_a_phone(api):
    errors: list[str] = []
    statuses: list[int] = []
    with chromium() as browser:
        page = new_page(browser, errors, statuses=statuses, phone=True)
        base = api.url

        # 1. book: agency -> service -> day -> time, with a phone number
        page.goto(base + "/booking")
        page.get_by_role("link", name=re.compile("Dinas Kependudukan")).click()
        page.get_by_role("link", name=re.compile("KTP-el")).click()
        page.get_by_role("link", name=re.compile("Senin, 6 Januari 2025")).click()
        page.locator("label.opt", has_text="09.00").click()
        page.fill("#f-phone", "0812 3456 7890")
        page.get_by_role("button", name="Booking sekarang").click()
        page.wait_for_url(re.compile(r"/booking/v/"))
        code = page.locator(".number.code").inner_text()
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
        assert page.locator("svg.qr").is_visible()

        # 2. at the kiosk, 08.30: the code becomes a ticket in the same queue
        api.clock.set("08:30")
        r = api.check_in(code)
        assert r.status_code == 201, r.text
        ticket = r.json()
        assert ticket["ticket"]["channel"] == "online"
        page.goto(base + ticket["status_path"])
        assert page.locator(".number").inner_text() == ticket["ticket"]["number"]
        assert page.get_by_text("Menunggu dipanggil").is_visible()
        page.evaluate("window.sameDocument = true")

        # 3. called at counter 1: the page shows it by itself
        session = api.login()
        api.act(session, "l1", "open")
        called = api.act(session, "l1", "call-next")
        assert called["ticket"]["number"] == ticket["ticket"]["number"]
        page.get_by_text("Anda dipanggil ke loket 1").wait_for(timeout=10_000)
        assert page.evaluate("window.sameDocument") is True  # no reload
        assert page.locator(".s-called [role=alert]").count() == 1

        # 4. served: the survey link appears; answer once
        api.act(session, "l1", "finish")
        page.get_by_text("Layanan selesai").wait_for(timeout=10_000)
        survey_link = page.get_by_role("link", name=re.compile("Survei Kepuasan"))
        href = survey_link.get_attribute("href")
        twin = new_page(browser, errors, statuses=statuses, phone=True)  # a second tab, same form
        twin.goto(base + href)
        survey_link.click()
        page.wait_for_url(re.compile("/survey/"))
        for number in range(1, 10):
            page.locator(f"#q-u{number} label.opt").nth(3 if number % 2 else 2).click()
        page.locator("label.opt", has_text="Perempuan").click()
        page.fill("#f-age", "29")
        page.select_option("#f-education", "SMA")
        page.select_option("#f-occupation", "Swasta")
        page.fill("#f-comment", "Cepat dan ramah")
        page.get_by_role("button", name="Kirim survei").click()
        page.get_by_text("Terima kasih atas penilaian Anda").wait_for()
        for number in range(1, 10):
            twin.locator(f"#q-u{number} label.opt").first.click()
        twin.get_by_role("button", name="Kirim survei").click()
        twin.get_by_text("sudah diisi").wait_for()
        assert 409 in statuses
        answers = api.master.reader.execute(
            "SELECT u1, u2, u9, gender, age, education, occupation, comment "
            "FROM skm_responses").fetchall()
        assert answers == [(4, 3, 4, "P", 29, "SMA", "Swasta", "Cepat dan ramah")]

        # 5. a complaint, linked to the ticket
        page.get_by_role("link", name="Status antrean").click()
        page.get_by_role("link", name="Sampaikan pengaduan").click()
        page.select_option("#f-category", "waktu_tunggu")
        page.fill("#f-text", "Antrean di loket 1 lama sekali padahal sudah booking.")
        page.fill("#f-contact", "0812 3456 7890")
        page.get_by_role("button", name="Kirim pengaduan").click()
        page.get_by_text("Nomor pengaduan: P000001").wait_for()
    complaints = visitor_db.list_complaints(api.master.reader)
    assert [(c.reference, c.ticket_number, c.category, c.status) for c in complaints] == [
        ("P000001", ticket["ticket"]["number"], "waktu_tunggu", "baru")]
    assert errors == []


def test_english_status_page_and_booth_tablet(api):
    errors: list[str] = []
    api.clock.set("09:00")
    number = api.issue().json()["ticket"]["number"]
    with chromium() as browser:
        tablet = new_page(browser, errors, phone=False)
        tablet.goto(api.url + "/survey/booth/l1?lang=en")
        assert tablet.get_by_text("Thank you for visiting").is_visible()
        api.serve()  # the tablet's script notices the served visitor and shows the survey
        tablet.get_by_text(f"queue number {number}").wait_for(timeout=15_000)
        assert tablet.locator("fieldset.q").count() == 10
    assert errors == []
