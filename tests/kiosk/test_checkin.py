"""Check-in of an online booking at the kiosk, against a real master: the code typed (or
scanned: keys and Enter) becomes a ticket, printed like a walk-in one; refusals are shown."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
from PySide6.QtCore import Qt

from shared.domain import booking as b
from shared.store import visitor_db
from shared.store.auth_db import add_device, transaction
from shared.store.database import open_database

from .conftest import TZ, click, text_of, wait_screen


def make_booking(master, service: str = "ktp") -> str:
    """A booking for today whose slot starts now (inside the check-in window); its code."""
    now = datetime.now(ZoneInfo(TZ))
    start = time(now.hour, now.minute)
    end = (datetime.combine(now.date(), start) + timedelta(minutes=30)).time()
    conn = open_database(master.site.db)
    try:
        with transaction(conn):
            code = visitor_db.unused_code(conn)
            agency = conn.execute("SELECT agency_id FROM services WHERE id = ?",
                                  (master.site.services[service],)).fetchone()[0]
            visitor_db.insert_booking(
                conn, code=code, token="tok-" + code, service_id=master.site.services[service],
                agency_id=agency, day=now.date(), slot=b.Slot(start, end, 1), phone=None,
                client_hash=None, ip="127.0.0.1", at_ms=0)
    finally:
        conn.close()
    return code


def second_kiosk_token(master) -> str:
    conn = open_database(master.site.db)
    try:
        with transaction(conn):
            return add_device(conn, "kiosk", "kios-2")[1]
    finally:
        conn.close()


def test_scanned_booking_code_prints_the_ticket(qtbot, master, printer_sim, make_kiosk):
    code = make_booking(master)
    sim = printer_sim()
    kiosk = make_kiosk(master, sim.spec)
    click(qtbot, kiosk, "CheckinButton")
    wait_screen(qtbot, kiosk, "checkin")
    assert not kiosk.window.findChild(object, "CheckinSubmit").isEnabled()
    # a scanner: the code as XXXX-XXXX in lower case, then Enter, typed into the window
    qtbot.keyClicks(kiosk.window, f"{code[:4]}-{code[4:]}".lower())
    assert kiosk.vm.code == code and text_of(kiosk, "CodeField") == f"{code[:4]}-{code[4:]}"
    qtbot.keyClick(kiosk.window, Qt.Key.Key_Return)
    wait_screen(qtbot, kiosk, "ticket")
    ticket = kiosk.vm.ticket
    assert ticket.number == "A001" and text_of(kiosk, "TicketNumber") == "A001"
    assert len(sim.jobs()) == 1 and b"A001" in sim.jobs()[0]
    assert master.waiting("ktp") == 1
    requests = master.proxy.requests(f"POST /api/v1/bookings/{code}/check-in".encode())
    assert len(requests) == 1


def test_on_screen_keyboard_and_unknown_code(qtbot, master, printer_sim, make_kiosk):
    sim = printer_sim()
    kiosk = make_kiosk(master, sim.spec)
    click(qtbot, kiosk, "CheckinButton")
    wait_screen(qtbot, kiosk, "checkin")
    for ch in "ZZZZ9999":
        click(qtbot, kiosk, f"Key_{ch}")
    click(qtbot, kiosk, "CheckinSubmit")
    wait_screen(qtbot, kiosk, "checkin_failed")
    assert kiosk.vm.rejection[0] == "unknown_booking"
    assert "tidak ditemukan" in text_of(kiosk, "MessageBody")
    assert "ZZZZ-9999" in text_of(kiosk, "MessageDetail")
    assert sim.jobs() == [] and master.issued_total() == 0
    click(qtbot, kiosk, "MessagePrimary")  # "Coba lagi": back to the code, kept
    wait_screen(qtbot, kiosk, "checkin")
    assert kiosk.vm.code == "ZZZZ9999"
    click(qtbot, kiosk, "KeyDelete")
    assert kiosk.vm.code == "ZZZZ999"
    kiosk.vm.submit_checkin()  # Enter with an incomplete code: a hint, no request
    assert kiosk.vm.screen.value == "checkin" and kiosk.vm.code_hint
    click(qtbot, kiosk, "BackButton")
    wait_screen(qtbot, kiosk, "welcome")


def test_same_booking_from_another_kiosk_is_refused(qtbot, master, printer_sim, make_kiosk):
    code = make_booking(master)
    other = httpx.post(f"{master.server.url}/api/v1/bookings/{code}/check-in", timeout=10,
                       headers={"Authorization": f"Bearer {second_kiosk_token(master)}"})
    assert other.status_code == 201, other.text
    sim = printer_sim()
    kiosk = make_kiosk(master, sim.spec)
    click(qtbot, kiosk, "CheckinButton")
    qtbot.keyClicks(kiosk.window, code)
    click(qtbot, kiosk, "CheckinSubmit")
    wait_screen(qtbot, kiosk, "checkin_failed")
    assert kiosk.vm.rejection[0] == "already_checked_in"
    assert text_of(kiosk, "MessageBody")
    assert sim.jobs() == [] and master.issued_total() == 1
    click(qtbot, kiosk, "MessageSecondary")  # "Kembali"
    wait_screen(qtbot, kiosk, "welcome")


def test_check_in_screen_returns_to_welcome_when_idle(qtbot, master, printer_sim, make_kiosk):
    kiosk = make_kiosk(master, printer_sim().spec, idle_seconds=0.3)
    click(qtbot, kiosk, "CheckinButton")
    qtbot.keyClicks(kiosk.window, "AB")
    wait_screen(qtbot, kiosk, "welcome", timeout=3000)
    assert kiosk.vm.code == ""
