"""Printer faults and a shaky link: the right screen, the master told, and never a ticket lost
or issued twice."""
from __future__ import annotations

from shared.adapters.printer import FaultKind, PrinterFault, PrinterStatus, render_escpos

from .conftest import click, idempotency_keys, status_reports, text_of, to_take, wait_screen
from .netsim import PAPER_OUT, READY


def test_printer_offline_before_issuing_issues_nothing(qtbot, master, make_kiosk, closed_port):
    kiosk = make_kiosk(master, f"net:127.0.0.1:{closed_port}")
    qtbot.waitUntil(lambda: kiosk.monitor.state == "offline", timeout=5000)
    assert "Printer tiket tidak terhubung" in text_of(kiosk, "PrinterBanner")  # welcome says so
    to_take(qtbot, kiosk, "dukcapil", master.site.services["ktp"])
    wait_screen(qtbot, kiosk, "printer_fault")
    assert text_of(kiosk, "MessageTitle") == "Printer tiket bermasalah"
    assert text_of(kiosk, "MessageBody") == "Printer tiket tidak terhubung. Silakan hubungi petugas."
    assert text_of(kiosk, "MessageDetail") == "Belum ada nomor antrean yang dibuat."
    assert master.issued_total() == 0 and kiosk.issuer.keys_sent == []
    # staff are told: the master stores the printer state (POST /devices/me/status)
    qtbot.waitUntil(lambda: ("offline", 200) in kiosk.monitor.reports, timeout=10000)
    assert status_reports(master)[0]["state"] == "offline"
    assert "127.0.0.1" in status_reports(master)[0]["message"]
    click(qtbot, kiosk, "MessagePrimary")  # "Coba lagi": checks again, still off
    wait_screen(qtbot, kiosk, "issuing")
    wait_screen(qtbot, kiosk, "printer_fault")
    assert master.issued_total() == 0
    click(qtbot, kiosk, "MessageSecondary")
    wait_screen(qtbot, kiosk, "info")


def test_paper_out_before_issuing_issues_nothing(qtbot, master, printer_sim, make_kiosk):
    sim = printer_sim(PAPER_OUT)
    kiosk = make_kiosk(master, sim.spec)
    to_take(qtbot, kiosk, "dukcapil", master.site.services["ktp"], "lansia")
    wait_screen(qtbot, kiosk, "printer_fault")
    assert text_of(kiosk, "MessageBody") == "Kertas tiket habis. Silakan hubungi petugas."
    assert master.issued_total() == 0 and sim.jobs() == []
    # (an earlier "unknown" from start-up may come first, depending on timing)
    qtbot.waitUntil(lambda: [r["state"] for r in status_reports(master)][-1:] == ["paper_out"],
                    timeout=10000)
    sim.answers = READY  # staff put a new roll in; the visitor taps "Coba lagi"
    click(qtbot, kiosk, "MessagePrimary")
    wait_screen(qtbot, kiosk, "ticket")
    assert master.issued_total() == 1 and len(sim.jobs()) == 1
    assert kiosk.vm.ticket.priority == "lansia"
    qtbot.waitUntil(lambda: kiosk.monitor.state == "ready", timeout=3000)


def test_paper_out_after_issuing_shows_the_number_and_never_reissues(qtbot, master, printer_sim,
                                                                     make_kiosk):
    sim = printer_sim(READY)
    kiosk = make_kiosk(master, sim.spec)

    def run_out(status: PrinterStatus) -> None:  # the roll ends right after the check
        sim.answers = PAPER_OUT

    kiosk.issuer.checked.connect(run_out)
    to_take(qtbot, kiosk, "dukcapil", master.site.services["ktp"])
    wait_screen(qtbot, kiosk, "print_failed")
    kiosk.issuer.checked.disconnect(run_out)
    assert text_of(kiosk, "TicketNumber") == "A001"
    assert "Kertas tiket habis" in text_of(kiosk, "TicketBanner")
    assert "foto layar" in text_of(kiosk, "TicketNote")
    qr = kiosk.window.findChild(object, "TicketQr")
    assert qr.isVisible() and not qr.pixmap().isNull() and qr.pixmap().width() >= 150
    assert master.issued_total() == 1 and sim.jobs() == []
    qtbot.waitUntil(lambda: ("paper_out", 200) in kiosk.monitor.reports, timeout=10000)
    assert "paper_out" in [r["state"] for r in status_reports(master)]
    # paper back: "Coba cetak lagi" prints the same ticket; the master is not asked again
    sim.answers = READY
    click(qtbot, kiosk, "ReprintButton")
    wait_screen(qtbot, kiosk, "ticket")
    assert sim.jobs() == [render_escpos(kiosk.vm.ticket.printout, 58)]
    assert b"A001" in sim.jobs()[0]
    assert master.issued_total() == 1 and len(idempotency_keys(master)) == 1


class WriteErrorPrinter:
    """Reports ready, then fails while writing (cable pulled mid-ticket)."""

    def __init__(self) -> None:
        self.attempts = 0

    def check(self) -> PrinterStatus:
        return PrinterStatus.ready()

    def print_ticket(self, ticket) -> None:
        self.attempts += 1
        raise PrinterFault(FaultKind.WRITE_ERROR, "network printer: BrokenPipeError")


def test_write_error_after_issuing_shows_the_number(qtbot, master, make_kiosk):
    printer = WriteErrorPrinter()
    kiosk = make_kiosk(master, printer)
    to_take(qtbot, kiosk, "bpjs", master.site.services["jkn"])
    wait_screen(qtbot, kiosk, "print_failed")
    assert text_of(kiosk, "TicketNumber") == "D001"
    assert "Tiket gagal dicetak" in text_of(kiosk, "TicketBanner")
    assert printer.attempts == 1 and master.issued_total() == 1
    assert kiosk.monitor.state == "write_error"
    click(qtbot, kiosk, "DoneButton")
    wait_screen(qtbot, kiosk, "welcome")
    assert master.issued_total() == 1


def test_answer_lost_mid_ticket_is_retried_with_the_same_key(qtbot, master, printer_sim,
                                                             make_kiosk):
    sim = printer_sim()
    kiosk = make_kiosk(master, sim.spec)
    master.proxy.drop_next_201 = 1  # the master makes the ticket; its answer never arrives
    to_take(qtbot, kiosk, "dukcapil", master.site.services["ktp"])
    wait_screen(qtbot, kiosk, "ticket")
    assert master.proxy.dropped == 1
    keys = idempotency_keys(master)
    assert len(keys) >= 2 and len(set(keys)) == 1  # the retry reused the key
    assert kiosk.vm.ticket.number == "A001" and kiosk.vm.ticket.replayed
    assert master.issued_total() == 1  # no second number
    assert len(sim.jobs()) == 1 and b"A001" in sim.jobs()[0]


def test_unreachable_master_is_said_plainly_and_retried_with_the_same_key(qtbot, master,
                                                                         printer_sim, make_kiosk):
    sim = printer_sim()
    kiosk = make_kiosk(master, sim.spec)
    master.proxy.cut()
    to_take(qtbot, kiosk, "dukcapil", master.site.services["ktp"])
    wait_screen(qtbot, kiosk, "issue_failed", timeout=8000)
    assert text_of(kiosk, "MessageTitle") == "Server antrean tidak terjangkau"
    qtbot.waitUntil(lambda: "tidak terjangkau sejak" in kiosk.window.link.text(), timeout=8000)
    qtbot.wait(700)  # it keeps retrying in the background meanwhile
    assert len(kiosk.issuer.keys_sent) >= 2
    assert master.issued_total() == 0 and sim.jobs() == []
    master.proxy.restore()
    wait_screen(qtbot, kiosk, "ticket", timeout=10_000)
    assert len(set(kiosk.issuer.keys_sent)) == 1  # every attempt: one Idempotency-Key
    assert set(idempotency_keys(master)) == set(kiosk.issuer.keys_sent)
    assert master.issued_total() == 1 and len(sim.jobs()) == 1


def test_refused_by_the_master_shows_why_and_refreshes(qtbot, master, printer_sim, make_kiosk):
    sim = printer_sim()
    kiosk = make_kiosk(master, sim.spec)
    kia = master.site.services["kia"]
    assert kiosk.vm.catalog.service(kia).issuable
    r = master.http.post("/tickets", json={"service_id": kia})  # the quota (1) is now used
    assert r.status_code == 201
    to_take(qtbot, kiosk, "dukcapil", kia)  # the kiosk has not heard yet
    wait_screen(qtbot, kiosk, "rejected")
    assert text_of(kiosk, "MessageBody") == "Kuota hari ini sudah habis" or \
        "kuota" in text_of(kiosk, "MessageBody").lower()
    assert master.issued_total() == 1 and sim.jobs() == []
    qtbot.waitUntil(lambda: not kiosk.vm.catalog.service(kia).issuable, timeout=3000)
    click(qtbot, kiosk, "MessageSecondary")
    wait_screen(qtbot, kiosk, "info")
    assert not kiosk.window.findChild(object, "TakeTicketButton").isEnabled()


def test_unusable_printer_spec_is_reported_not_fatal(qtbot, master, make_kiosk):
    kiosk = make_kiosk(master, "lpt:1")
    qtbot.waitUntil(lambda: kiosk.monitor.state == "not_configured", timeout=3000)
    assert "Printer tiket belum diatur" in text_of(kiosk, "PrinterBanner")
