"""Screenshots of every visitor page at 360x740 (phone) and 1280x800 (desktop), full page, with
headless Chromium, for looking at them:

    python -m tests.visitor.screenshots OUT_DIR

A morning is played on the test site (tests/visitor/conftest.py): bookings, check-in at the
kiosk, calls at the counter, survey, complaint, the booth tablet. Prints one line per file.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.browser import chromium, new_page
from tests.visitor.conftest import MONDAY, Api, Clock, make_site, start_master

VIEWS = {"phone": True, "desktop": False}


def shoot(pages: dict, out: Path, name: str, path: str | dict[str, str], errors: list[str],
          prepare=None) -> None:
    for view, page in pages.items():
        target = path if isinstance(path, str) else path[view]
        page.goto(pages_base[0] + target)
        if prepare is not None:
            prepare(page, view)
        file = out / f"{name}-{view}.png"
        page.screenshot(path=str(file), full_page=True)
        print(file, len(page.content().encode()), "bytes of HTML", flush=True)


pages_base: list[str] = []


def fill_survey(page, complete: bool = True) -> None:
    for i in range(1, 10):
        if complete or i % 3:
            page.locator(f'input[name="u{i}"][value="{4 if i % 2 else 3}"]').check(force=True)
    page.locator('input[name="gender"][value="P"]').check(force=True)
    page.fill("#f-age", "34")
    page.select_option("#f-education", "S1")
    page.select_option("#f-occupation", "Wirausaha")
    page.fill("#f-comment", "Petugas ramah, ruang tunggu nyaman.")
    if not complete:
        page.evaluate("document.querySelectorAll('[required]').forEach(e => e.required = false)")
    with page.expect_navigation():
        page.click("button[type=submit]")


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    site = make_site(Path(tempfile.mkdtemp(prefix="antrean-shots-")))
    clock = Clock(MONDAY)
    server = start_master(site.db, clock, poll_seconds=1)
    api = Api(server, site, clock)
    pages_base.append(server.url)
    errors: list[str] = []
    try:
        # other visitors' bookings: the 08.00 slot is full, a few more later
        for time, phone in (("08:00", "081200000001"), ("10:30", None), ("13:00", None)):
            assert api.book(time=time, phone=phone).status_code == 201
        mine = api.book(time="09:00", phone="0812 3456 7890").json()
        with chromium() as browser:
            statuses: list[int] = []  # 4xx pages shot on purpose (422 form, 404)
            pages = {view: new_page(browser, errors, phone=phone, statuses=statuses)
                     for view, phone in VIEWS.items()}
            ktp, jkn = site.services["ktp"], site.services["jkn"]
            shoot(pages, out, "01-booking-agencies", "/booking", errors)
            shoot(pages, out, "02-booking-services", "/booking/a/1", errors)
            shoot(pages, out, "03-booking-days", f"/booking/s/{ktp}", errors)
            shoot(pages, out, "04-booking-slots", f"/booking/s/{ktp}?day=2025-01-06", errors)
            shoot(pages, out, "05-booking-slots-en", f"/booking/s/{jkn}?day=2025-01-07&lang=en",
                  errors)
            shoot(pages, out, "06-booking-confirmed", mine["page"] + "?lang=id", errors)
            clock.set("08:30")
            for _ in range(3):
                assert api.issue().status_code == 201
            ticket = api.check_in(mine["booking"]["code"]).json()
            status = ticket["status_path"]
            shoot(pages, out, "07-status-waiting", status, errors)
            shoot(pages, out, "08-status-waiting-en", status + "?lang=en", errors)
            session = api.login()
            api.act(session, "l1", "open")
            for _ in range(3):
                api.act(session, "l1", "call-next")
            api.act(session, "l1", "call-next")
            shoot(pages, out, "09-status-called", status + "?lang=id", errors)
            api.act(session, "l1", "finish")
            second = api.issue().json()["status_path"]
            api.act(session, "l1", "call-next")
            api.act(session, "l1", "finish")
            tokens = {"phone": status.split("/")[-1], "desktop": second.split("/")[-1]}
            shoot(pages, out, "10-status-done", status, errors)
            survey = {v: f"/survey/{tok}" for v, tok in tokens.items()}
            shoot(pages, out, "11-survey", survey, errors)
            shoot(pages, out, "12-survey-missing", survey, errors,
                  lambda page, view: fill_survey(page, False))
            shoot(pages, out, "13-survey-thanks", survey, errors,
                  lambda page, view: fill_survey(page))
            complaint = {v: f"/pengaduan/{tok}" for v, tok in tokens.items()}
            shoot(pages, out, "14-complaint", complaint, errors)

            def complain(page, view) -> None:
                page.select_option("#f-category", "waktu_tunggu")
                page.fill("#f-text", "Menunggu lebih dari satu jam padahal sudah booking.")
                page.fill("#f-contact", "0812 3456 7890")
                with page.expect_navigation():
                    page.click("button[type=submit]")
            shoot(pages, out, "15-complaint-thanks", complaint, errors, complain)
            shoot(pages, out, "16-booth-waiting", "/survey/booth/l2", errors)
            api.issue()
            api.act(session, "l1", "call-next")
            api.act(session, "l1", "finish")
            shoot(pages, out, "17-booth-survey", "/survey/booth/l1", errors)
            shoot(pages, out, "18-error-404", "/t/token-tebakan-acak-123", errors)
            other = api.book(time="14:00").json()
            api.http.post(f"/api/v1/public/bookings/{other['token']}/cancel")
            shoot(pages, out, "19-booking-cancelled", other["page"], errors)
    finally:
        api.close()
        server.stop()
    for line in errors:
        print("ERROR", line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/screenshots/visitor")))
