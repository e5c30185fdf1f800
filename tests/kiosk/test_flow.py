"""The whole visitor flow, tapped through the real widgets, against a real master, printing to
a network printer stand-in: the ticket is issued once and the exact bytes reach the printer."""
from __future__ import annotations

import json

from shared.adapters.printer import render_escpos

from .conftest import click, text_of, wait_screen


def tap_to_service(qtbot, kiosk, agency: str, service_id: int) -> None:
    click(qtbot, kiosk, "StartButton")
    wait_screen(qtbot, kiosk, "agencies")
    click(qtbot, kiosk, f"Agency_{agency}")
    wait_screen(qtbot, kiosk, "services")
    click(qtbot, kiosk, f"Service_{service_id}")
    wait_screen(qtbot, kiosk, "info")


def test_whole_flow_issues_one_ticket_and_prints_its_exact_bytes(qtbot, master, printer_sim,
                                                                  make_kiosk):
    sim = printer_sim()
    kiosk = make_kiosk(master, sim.spec)
    screens: list[str] = []
    kiosk.vm.screenChanged.connect(screens.append)
    ktp = master.site.services["ktp"]

    tap_to_service(qtbot, kiosk, "dukcapil", ktp)
    assert "Fotokopi Kartu Keluarga (KK)" in text_of(kiosk, "Field_requirements")
    assert text_of(kiosk, "Field_completion_time") == "15 menit"
    assert text_of(kiosk, "Field_cost") == "Gratis"
    click(qtbot, kiosk, "TakeTicketButton")
    wait_screen(qtbot, kiosk, "priority")
    assert "3 tiket biasa" in text_of(kiosk, "CallingRule")  # the calling rule, visible
    click(qtbot, kiosk, "Priority_lansia")
    wait_screen(qtbot, kiosk, "ticket")

    ticket = kiosk.vm.ticket
    assert screens == ["agencies", "services", "info", "priority", "issuing", "ticket"]
    assert text_of(kiosk, "TicketNumber") == ticket.number == "A001"
    assert text_of(kiosk, "TicketPriority") == "PRIORITAS – Lansia"
    assert text_of(kiosk, "TicketAhead") == "Antrean di depan Anda: 0"
    # the master made exactly this one ticket, with the priority chosen
    assert master.issued_total() == 1 and master.waiting("ktp") == 1
    token = ticket.status_url.rsplit("/", 1)[1]
    assert ticket.status_url == f"http://mpp.test/t/{token}"
    public = master.ticket(token)
    assert (public["number"], public["priority"], public["status"]) == ("A001", "lansia", "waiting")
    # the printer got one job: exactly the rendered ticket, with number, service and QR
    assert sim.jobs() == [render_escpos(ticket.printout, 58)]
    job = sim.jobs()[0]
    assert b"A001" in job and b"Perekaman KTP-el" in job and b"PRIORITAS - Lansia" in job
    assert b"Fotokopi Kartu Keluarga (KK)" in job
    url = ticket.status_url.encode()
    store = b"\x1d(k" + (len(url) + 3).to_bytes(2, "little") + b"1P0" + url
    assert store in job  # GS ( k fn 80: store the QR data
    assert b"\x1d(k\x03\x001Q0" in job  # GS ( k fn 81: print the QR
    assert job.endswith(b"\x1dV\x00")  # full cut
    assert kiosk.monitor.state == "ready"
    # "Selesai" goes back to the welcome screen
    click(qtbot, kiosk, "DoneButton")
    wait_screen(qtbot, kiosk, "welcome")


def test_service_without_priority_lane_skips_the_priority_question(qtbot, master, printer_sim,
                                                                   make_kiosk):
    sim = printer_sim()
    kiosk = make_kiosk(master, sim.spec)
    screens: list[str] = []
    kiosk.vm.screenChanged.connect(screens.append)
    tap_to_service(qtbot, kiosk, "bpjs", master.site.services["jkn"])
    click(qtbot, kiosk, "TakeTicketButton")
    wait_screen(qtbot, kiosk, "ticket")
    assert "priority" not in screens
    assert kiosk.vm.ticket.number == "D001" and kiosk.vm.ticket.priority is None
    assert not [w for w in kiosk.window.findChildren(object, "TicketPriority") if w.isVisible()]
    assert len(sim.jobs()) == 1 and b"D001" in sim.jobs()[0]
    assert b"PRIORITAS" not in sim.jobs()[0]


def test_closed_service_shows_why_and_when_and_cannot_be_ticketed(qtbot, master, printer_sim,
                                                                  make_kiosk):
    sim = printer_sim()
    kiosk = make_kiosk(master, sim.spec)
    click(qtbot, kiosk, "StartButton")
    wait_screen(qtbot, kiosk, "agencies")
    tile = kiosk.window.findChild(object, "Agency_pa")
    assert tile.dim and not tile.ok and "Buka lagi besok 00.00" in tile.status
    click(qtbot, kiosk, "Agency_pa")
    click(qtbot, kiosk, f"Service_{master.site.services['perkara']}")
    wait_screen(qtbot, kiosk, "info")
    banner = text_of(kiosk, "Availability")
    assert "Tutup: Tutup: Cuti bersama" not in banner
    assert "Cuti bersama" in banner and "Buka lagi besok pukul 00.00" in banner
    take = kiosk.window.findChild(object, "TakeTicketButton")
    assert not take.isEnabled() and take.text() == "Nomor antrean tidak dapat diambil"
    kiosk.vm.take_ticket()  # even if asked directly: nothing happens
    qtbot.wait(200)
    assert kiosk.vm.screen.value == "info"
    assert master.issued_total() == 0 and sim.jobs() == []


def test_search_typed_on_the_onscreen_keyboard(qtbot, master, printer_sim, make_kiosk):
    kiosk = make_kiosk(master, printer_sim().spec)
    click(qtbot, kiosk, "StartButton")
    click(qtbot, kiosk, "SearchAllButton")  # all agencies' services, keyboard up
    wait_screen(qtbot, kiosk, "services")
    assert kiosk.window.findChild(object, "ServicesScreen").keyboard.isVisible()

    def shown() -> list[str]:  # what the search finds; the grid shows its first page
        found = sorted(s.name for s in kiosk.vm.services())
        grid = kiosk.window.findChild(object, "ServiceGrid")
        tiles = sorted(t.title for t in grid.tiles if hasattr(t, "title") and t.isVisible())
        assert tiles and set(tiles) <= set(found) if found else not tiles
        return found

    assert len(shown()) == 5
    for key in "KART":
        click(qtbot, kiosk, f"Key_{key}")
    assert kiosk.vm.query == "kart"
    assert shown() == ["Kartu Identitas Anak", "Kartu Keluarga"]
    for key in ("KeySpace", "Key_K", "Key_E"):
        click(qtbot, kiosk, key)
    assert shown() == ["Kartu Keluarga"]
    assert text_of(kiosk, "SearchField").startswith("KART KE")
    click(qtbot, kiosk, "Key_Z")
    assert shown() == [] and "kart kez" in text_of(kiosk, "GridEmpty")
    click(qtbot, kiosk, "KeyDelete")
    assert shown() == ["Kartu Keluarga"]
    click(qtbot, kiosk, "KeyClear")
    assert len(shown()) == 5
    click(qtbot, kiosk, "KeyHide")
    assert not kiosk.window.findChild(object, "ServicesScreen").keyboard.isVisible()


def test_english_switch_and_return_to_welcome_after_inactivity(qtbot, master, printer_sim,
                                                               make_kiosk):
    kiosk = make_kiosk(master, printer_sim().spec, idle_seconds=0.5)
    assert text_of(kiosk, "StartButton") == "Ambil Nomor Antrean"
    click(qtbot, kiosk, "LangButton")
    assert text_of(kiosk, "StartButton") == "Take a Queue Number"
    click(qtbot, kiosk, "StartButton")
    wait_screen(qtbot, kiosk, "agencies")
    assert text_of(kiosk, "ScreenTitle") == "Choose an agency"
    qtbot.wait(300)
    click(qtbot, kiosk, "Agency_dukcapil")  # a touch restarts the inactivity timer
    qtbot.wait(300)
    assert kiosk.vm.screen.value == "services"
    wait_screen(qtbot, kiosk, "welcome", timeout=3000)  # nobody touched it for 0.5 s
    assert kiosk.vm.lang == "id" and text_of(kiosk, "StartButton") == "Ambil Nomor Antrean"


def test_catalog_follows_counters_opening(qtbot, tmp_path, printer_sim, make_kiosk):
    from .conftest import Master, make_site

    m = Master(make_site(tmp_path, require_staffed=True))
    try:
        kiosk = make_kiosk(m, printer_sim().spec)
        ktp = kiosk.vm.catalog.service(m.site.services["ktp"])
        assert not ktp.issuable and ktp.reason == "not_staffed"
        m.open_counter("l1")  # an officer opens loket 1 (Dukcapil): the kiosk hears it
        qtbot.waitUntil(lambda: kiosk.vm.catalog.service(m.site.services["ktp"]).issuable,
                        timeout=5000)
        assert not kiosk.vm.catalog.service(m.site.services["jkn"]).issuable
        assert json.loads  # (keeps the import used when run alone)
    finally:
        m.close()
