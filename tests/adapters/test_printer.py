from __future__ import annotations

import dataclasses
import pickle
import time
import types

import pytest
from escpos.exceptions import DeviceNotFoundError
from PIL import Image

from shared.adapters.printer import (
    KIOSK_MESSAGES, EscposPrinter, FakePrinter, FaultKind, PaperLevel, PrinterFault,
    PrinterStatus, TicketPrinter, parse_spec, printable, render_escpos, status_byte,
    status_from_bytes)
from shared.adapters.ticket_layout import Text, layout_lines, sample_ticket

from .conftest import COVER_OPEN, NEAR_END, PAPER_OUT, READY

GS_QR = b"\x1d(k"
FULL_CUT = b"\x1dV\x00"
STATUS_ONLY = {b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x04"}


def only_status_requests(data: bytes) -> bool:
    return len(data) % 3 == 0 and all(data[i:i + 3] in STATUS_ONLY for i in range(0, len(data), 3))


# --------------------------------------------------------------------------- bytes


@pytest.mark.parametrize("width", [58, 80])
def test_escpos_bytes_have_number_service_qr_and_cut(width):
    data = render_escpos(sample_ticket(), width)
    assert data.startswith(b"\x1b@")  # initialise
    size_at, number_at = data.index(b"\x1d!\x77"), data.index(b"A123\n")  # GS ! 8x8 ...
    assert size_at < number_at and b"\x1d!" not in data[size_at + 3:number_at]  # ... the number
    assert b"\x1d!\x00" in data[number_at:number_at + 12]  # and back to normal size
    assert b"Perekaman KTP-el" in data and b"Dukcapil" in data
    assert GS_QR in data and b"1P0http://mpp.local:8420/t/SAMPLE" in data  # native QR, stored
    assert data.index(b"1P0http") < data.index(b"\x1d(k\x03\x001Q0")  # ... then printed
    assert data.endswith(b"\x1bd\x06" + FULL_CUT)  # feed past the cutter, full cut
    assert b"PRIORITAS - Lansia" in data  # en dash printed as '-'
    assert b"Jumlah antrean di depan Anda: 7" in data
    assert b"\xf1" in data  # '±' in code page 437
    assert data.count(b"\x1bt") == 1 and b"\x1bt\x00" in data  # one code page: CP437
    assert render_escpos(sample_ticket(), width) == data  # deterministic


def test_escpos_lines_follow_the_layout_and_width():
    d58, d80 = render_escpos(sample_ticket(), 58), render_escpos(sample_ticket(), 80)
    assert b"Mal Pelayanan Publik Kabupaten\n" in d58 and b"Purbaraya\n" in d58
    assert b"Mal Pelayanan Publik Kabupaten Purbaraya\n" in d80
    assert b"-" * 32 + b"\n" in d58 and b"-" * 33 not in d58
    assert b"-" * 48 + b"\n" in d80
    for width, data in ((58, d58), (80, d80)):
        for block in layout_lines(sample_ticket(), width):
            if isinstance(block, Text):
                assert printable(block.text).encode("cp437") + b"\n" in data


def test_printable_uses_code_page_437_only():
    assert printable("PRIORITAS \u2013 Lansia") == "PRIORITAS - Lansia"
    assert printable("Caf\u00e9 \u00b1 \u6f22") == "Caf\u00e9 \u00b1 ?"
    assert printable("\u0159\u015b") == "rs"  # accents dropped where CP437 has no glyph
    assert len(printable("a\u2014b\u00a0c")) == 5


def test_logo_is_printed_as_raster_and_a_bad_logo_is_skipped(tmp_path, caplog):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (300, 300), (0, 90, 0, 255)).save(logo)
    with_logo = render_escpos(dataclasses.replace(sample_ticket(), logo_path=logo), 58)
    assert b"\x1dv0" in with_logo  # GS v 0 raster image
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    data = render_escpos(dataclasses.replace(sample_ticket(), logo_path=broken), 58)
    assert b"\x1dv0" not in data and b"A123" in data
    assert "not printed" in caplog.text


# --------------------------------------------------------------------------- capture printer


def test_capture_printer_receives_exactly_the_rendered_bytes(printer_sim):
    sim = printer_sim(READY)
    printer = EscposPrinter(sim.spec, paper=58)
    assert isinstance(printer, TicketPrinter)
    status = printer.check()
    assert status.state == "ready" and status.paper is PaperLevel.OK and status.cover_open is False
    printer.print_ticket(sample_ticket())
    conns = sim.wait_connections(3)
    jobs = [c for c in conns if not only_status_requests(c)]
    assert jobs == [render_escpos(sample_ticket(), 58)]
    assert len(conns) == 3  # check, preflight status, the job: one connection each


def test_capture_printer_80mm_and_two_jobs(printer_sim):
    sim = printer_sim(READY)
    printer = EscposPrinter(sim.spec, paper=80)
    printer.print_ticket(sample_ticket())
    second = dataclasses.replace(sample_ticket(), number="A124", people_ahead=8)
    printer.print_ticket(second)
    jobs = [c for c in sim.wait_connections(4) if not only_status_requests(c)]
    assert jobs == [render_escpos(sample_ticket(), 80), render_escpos(second, 80)]


def test_silent_printer_is_unknown_and_still_prints(printer_sim):
    sim = printer_sim(None)  # reads everything, never answers DLE EOT
    printer = EscposPrinter(sim.spec, status_timeout=0.3)
    t0 = time.monotonic()
    status = printer.check()
    assert status.state == "unknown" and status.online is None and status.can_print
    assert "did not answer" in status.detail
    printer.print_ticket(sample_ticket())  # no preflight wait: it did not answer last time
    assert time.monotonic() - t0 < 2.0
    jobs = [c for c in sim.wait_connections(2) if not only_status_requests(c)]
    assert jobs == [render_escpos(sample_ticket(), 58)]


# --------------------------------------------------------------------------- faults


def test_closed_port_is_offline(closed_port):
    printer = EscposPrinter(f"net:127.0.0.1:{closed_port}")
    status = printer.check()
    assert status.state == "offline" and status.online is False and not status.can_print
    with pytest.raises(PrinterFault) as info:
        printer.print_ticket(sample_ticket())
    assert info.value.kind is FaultKind.OFFLINE
    assert f"127.0.0.1:{closed_port}" in info.value.message
    assert info.value.kiosk_id.startswith("Printer tiket tidak terhubung")


def test_listener_that_never_reads_does_not_hang(printer_sim):
    sim = printer_sim(None, read=False)
    printer = EscposPrinter(sim.spec, timeout=1.0, status_timeout=0.5)
    t0 = time.monotonic()
    status = printer.check()
    assert status.state in ("unknown", "offline")
    assert time.monotonic() - t0 < 5.0
    t0 = time.monotonic()
    try:  # a small job fits the socket buffers; either outcome is fine, a hang is not
        printer.print_ticket(sample_ticket())
    except PrinterFault as fault:
        assert fault.kind in (FaultKind.WRITE_ERROR, FaultKind.OFFLINE)
    assert time.monotonic() - t0 < 5.0


def test_job_larger_than_the_buffers_times_out_as_write_error(printer_sim):
    sim = printer_sim(None, read=False, rcvbuf=4096)
    printer = EscposPrinter(sim.spec, timeout=1.0, preflight=False)
    t0 = time.monotonic()
    with pytest.raises(PrinterFault) as info:
        printer.print_raw(b"\x00" * (64 * 1024 * 1024))
    assert info.value.kind is FaultKind.WRITE_ERROR and "timed out" in info.value.message
    assert time.monotonic() - t0 < 5.0


def test_paper_out_is_reported_and_nothing_is_sent(printer_sim):
    sim = printer_sim(PAPER_OUT)
    printer = EscposPrinter(sim.spec)
    status = printer.check()
    assert status.state == "paper_out" and status.paper is PaperLevel.OUT
    assert status.online is False
    with pytest.raises(PrinterFault) as info:
        printer.print_ticket(sample_ticket())
    assert info.value.kind is FaultKind.PAPER_OUT
    assert info.value.kiosk_id == "Kertas tiket habis. Silakan hubungi petugas."
    conns = sim.wait_connections(2)
    assert conns and all(only_status_requests(c) for c in conns)
    assert b"\x10\x04\x02" in conns[0]  # the offline cause was asked


def test_cover_open_and_near_end(printer_sim):
    cover = EscposPrinter(printer_sim(COVER_OPEN).spec)
    status = cover.check()
    assert status.state == "cover_open" and status.cover_open is True
    with pytest.raises(PrinterFault) as info:
        cover.print_ticket(sample_ticket())
    assert info.value.kind is FaultKind.COVER_OPEN
    sim = printer_sim(NEAR_END)
    near = EscposPrinter(sim.spec)
    status = near.check()
    assert status.state == "near_end" and status.can_print and status.paper is PaperLevel.NEAR_END
    near.print_ticket(sample_ticket())  # still prints
    assert render_escpos(sample_ticket(), 58) in sim.wait_connections(3)


def test_file_printer(tmp_path):
    target = tmp_path / "lp0"
    printer = EscposPrinter(f"file:{target}")
    assert printer.check().state == "unknown"  # a file cannot answer
    printer.print_ticket(sample_ticket())
    printer.close()
    assert target.read_bytes() == render_escpos(sample_ticket(), 58)


def test_file_in_a_missing_folder(tmp_path):
    printer = EscposPrinter(f"file:{tmp_path}/no/such/dir/lp0")
    assert printer.check().fault.kind in (FaultKind.OFFLINE, FaultKind.NOT_CONFIGURED)
    with pytest.raises(PrinterFault) as info:
        printer.print_ticket(sample_ticket())
    assert info.value.kind in (FaultKind.OFFLINE, FaultKind.NOT_CONFIGURED)
    assert "no/such/dir" in info.value.message


def test_usb_without_pyusb_is_not_configured(monkeypatch):
    import escpos.printer.usb as escpos_usb

    monkeypatch.setattr(escpos_usb, "is_usable", lambda: False)
    printer = EscposPrinter("usb:0416:5011")
    status = printer.check()
    assert status.state == "not_configured"
    with pytest.raises(PrinterFault) as info:
        printer.print_ticket(sample_ticket())
    assert info.value.kind is FaultKind.NOT_CONFIGURED
    assert "pyusb" in info.value.message and "libusb-1.0-0" in info.value.message


def test_dummy_keeps_the_bytes():
    printer = EscposPrinter("dummy", paper=80)
    assert printer.check().state == "unknown"
    printer.print_ticket(sample_ticket())
    assert printer.output == render_escpos(sample_ticket(), 80)
    with pytest.raises(AttributeError):
        EscposPrinter("file:/tmp/x").output


class NoBackendError(ValueError):  # the name pyusb's usb.core.NoBackendError has
    pass


class FakeDriver:
    """Stands in for a python-escpos printer object that fails in a given way."""

    def __init__(self, open_error=None, write_error=None, answer=b""):
        self.open_error, self.write_error, self.answer = open_error, write_error, answer
        self.device = None
        self._device = False

    def open(self):
        if self.open_error:
            raise self.open_error
        self.device = self._device = types.SimpleNamespace()

    def _raw(self, data):
        if self.write_error:
            raise self.write_error

    def query_status(self, request):
        self._raw(request)
        return self.answer

    def close(self):
        raise OSError("closing a dead device fails too")


def _permission_denied():
    try:
        try:
            raise PermissionError(13, "Permission denied", "/dev/usb/lp0")
        except PermissionError as exc:
            raise DeviceNotFoundError(f"Could not open the specified file: {exc}")
    except DeviceNotFoundError as exc:
        return exc


@pytest.mark.parametrize("spec, driver, kind, words", [
    ("usb:0416:5011", FakeDriver(open_error=NoBackendError("No backend available")),
     FaultKind.NOT_CONFIGURED, "libusb-1.0-0"),
    ("usb:0416:5011", FakeDriver(open_error=RuntimeError("needs usb")),
     FaultKind.NOT_CONFIGURED, "pyusb"),
    ("serial:/dev/ttyUSB0", FakeDriver(open_error=RuntimeError("needs pyserial")),
     FaultKind.NOT_CONFIGURED, "pyserial"),
    ("usb:0416:5011", FakeDriver(open_error=DeviceNotFoundError("Device not found")),
     FaultKind.OFFLINE, "cannot be opened"),
    ("file:/dev/usb/lp0", FakeDriver(open_error=_permission_denied()),
     FaultKind.NOT_CONFIGURED, "permission denied"),
    ("usb:0416:5011", FakeDriver(write_error=AssertionError()), FaultKind.OFFLINE, "not connected"),
    ("usb:0416:5011", FakeDriver(write_error=OSError(19, "No such device")),
     FaultKind.WRITE_ERROR, "No such device"),
    ("serial:/dev/ttyUSB0", FakeDriver(write_error=TimeoutError()), FaultKind.WRITE_ERROR,
     "timed out"),
    ("usb:0416:5011", FakeDriver(write_error=ValueError("weird")), FaultKind.WRITE_ERROR, "weird"),
])
def test_every_driver_failure_becomes_a_printer_fault(monkeypatch, spec, driver, kind, words):
    monkeypatch.setattr(EscposPrinter, "_new_driver", lambda self: driver)
    printer = EscposPrinter(spec, preflight=False)
    with pytest.raises(PrinterFault) as info:
        printer.print_ticket(sample_ticket())
    assert info.value.kind is kind and words in info.value.message
    status = printer.check()  # never raises
    assert isinstance(status, PrinterStatus)
    if driver.open_error is not None:
        assert status.fault is not None and status.fault.kind is kind


def test_persistent_connection_is_reopened_after_a_fault(monkeypatch):
    drivers = [FakeDriver(write_error=OSError(5, "I/O error")), FakeDriver(answer=b"\x12")]
    monkeypatch.setattr(EscposPrinter, "_new_driver", lambda self: drivers.pop(0))
    printer = EscposPrinter("usb:0416:5011", preflight=False)
    with pytest.raises(PrinterFault):
        printer.print_ticket(sample_ticket())
    printer.print_ticket(sample_ticket())  # a fresh connection
    assert printer.check().state == "ready"
    assert drivers == []


# --------------------------------------------------------------------------- status decoding


def test_status_decoding():
    assert status_from_bytes(None).state == "unknown"
    assert status_from_bytes(0x12, None, 0x12).state == "ready"
    assert status_from_bytes(0x12, None, None).paper is PaperLevel.UNKNOWN
    assert status_from_bytes(0x12, None, 0x1E).state == "near_end"
    assert status_from_bytes(0x1A, 0x32, 0x72).state == "paper_out"
    assert status_from_bytes(0x1A, 0x16, 0x12).state == "cover_open"
    offline = status_from_bytes(0x1A, 0x52, 0x12)
    assert offline.state == "offline" and "error" in offline.detail
    assert status_from_bytes(0x1A, None, None).state == "offline"
    # answers are validated: fixed bits wrong means no answer
    assert status_byte(b"") is None and status_byte(b"\xff") is None
    assert status_byte(b"\x00\x12") == 0x12 and status_byte(b"\x12\x1a") == 0x1A


def test_parse_spec():
    assert parse_spec("net:192.168.1.50").port == 9100
    net = parse_spec("net:printer.local:9101")
    assert (net.kind, net.target, net.port) == ("net", "printer.local", 9101)
    assert parse_spec("net:[fe80::1]:9100").target == "fe80::1"
    usb = parse_spec("usb:0x0416:5011")
    assert (usb.vendor, usb.product, usb.in_ep, usb.out_ep) == (0x0416, 0x5011, 0x82, 0x01)
    usb = parse_spec("usb:0416:5011:81:03")
    assert (usb.in_ep, usb.out_ep) == (0x81, 0x03)
    ser = parse_spec("serial:/dev/ttyUSB0:19200")
    assert (ser.target, ser.port) == ("/dev/ttyUSB0", 19200)
    assert parse_spec("serial:/dev/ttyS0").port == 9600
    assert parse_spec("file:/dev/usb/lp0").target == "/dev/usb/lp0"
    assert parse_spec("dummy").kind == "dummy"
    for bad in ("", "usb:0416", "usb:zz:11", "net:", "net:host:port", "lp:/x", "file:", "dummy:x"):
        with pytest.raises(PrinterFault) as info:
            parse_spec(bad)
        assert info.value.kind is FaultKind.NOT_CONFIGURED and "expected" in info.value.message


def test_bad_paper_width_is_not_configured():
    with pytest.raises(PrinterFault) as info:
        EscposPrinter("dummy", paper=76)
    assert info.value.kind is FaultKind.NOT_CONFIGURED and "58 or 80" in info.value.message


def test_fault_messages_for_the_kiosk():
    for kind in FaultKind:
        fault = PrinterFault(kind.value, "detail")
        assert fault.kind is kind and str(fault) == f"{kind.value}: detail"
        assert fault.kiosk_id and fault.kiosk_en and fault.kiosk_id != fault.kiosk_en
        assert "Silakan" in fault.kiosk_id and "Please" in fault.kiosk_en
        again = pickle.loads(pickle.dumps(fault))
        assert (again.kind, again.message) == (kind, "detail")
    assert set(KIOSK_MESSAGES) == set(FaultKind)
    assert PrinterFault("offline").message == KIOSK_MESSAGES[FaultKind.OFFLINE][1]
    with pytest.raises(ValueError):
        PrinterFault("on_fire", "?")


# --------------------------------------------------------------------------- fake


def test_fake_printer_records_and_fails_on_demand():
    fake = FakePrinter()
    assert isinstance(fake, TicketPrinter)
    assert fake.check().state == "ready"
    fake.print_ticket(sample_ticket())
    assert fake.printed == [sample_ticket()] and fake.last == sample_ticket()
    fake.fail_with("paper_out", times=1)
    assert fake.check().state == "paper_out"
    with pytest.raises(PrinterFault) as info:
        fake.print_ticket(sample_ticket())
    assert info.value.kind is FaultKind.PAPER_OUT
    fake.print_ticket(sample_ticket())  # recovered after one failure
    assert len(fake.printed) == 2 and fake.attempts == 3
    fake.fail_with(PrinterFault(FaultKind.OFFLINE, "unplugged"))
    for _ in range(3):
        with pytest.raises(PrinterFault):
            fake.print_ticket(sample_ticket())
    fake.recover()
    assert fake.check().state == "ready"
    fake.status = PrinterStatus.unknown()
    assert fake.check().state == "unknown" and fake.checks == 4
