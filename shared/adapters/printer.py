"""Ticket printers: a small protocol, one fault type, ESC/POS bytes and devices.

- ``TicketPrinter``: ``check() -> PrinterStatus`` (never raises; a fault is *in* the status)
  and ``print_ticket(TicketPrint)`` (raises ``PrinterFault``).
- ``PrinterFault(kind, message)``: the only exception a printer raises. ``kind`` is one of
  offline / paper_out / cover_open / write_error / not_configured; ``message`` is the technical
  detail for the log and the admin; ``kiosk_id`` / ``kiosk_en`` are what the kiosk shows.
- ``render_escpos(ticket, width)``: the exact bytes of a ticket (python-escpos ``Dummy``).
- ``EscposPrinter(spec)``: a real device from ``usb:VID:PID[:IN:OUT]``, ``net:HOST[:PORT]``,
  ``serial:DEV[:BAUD]``, ``file:PATH`` or ``dummy``. Every python-escpos failure (missing
  pyusb/libusb, DeviceNotFoundError, the AssertionError of an unopened device, timeouts, OSError,
  USBError ...) comes out as a ``PrinterFault``.
- ``FakePrinter``: records tickets; can be told to fail (tests of the kiosk and the master).

Status uses the ESC/POS real-time requests DLE EOT 1 (printer), 2 (offline cause) and 4 (roll
paper sensor). Many cheap printers, and anything behind a plain file or a print server, never
answer: no valid answer within ``status_timeout`` means *unknown* (printing is still attempted),
not offline.
"""
from __future__ import annotations

import enum
import logging
import re
import socket
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from escpos.constants import QR_ECLEVEL_H, QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q
from escpos.exceptions import DeviceNotFoundError
from escpos.exceptions import Error as EscposError
from escpos.printer import Dummy

from .ticket_layout import Feed, Logo, Paper, Qr, Rule, Text, TicketPrint, layout_lines, paper_for

log = logging.getLogger(__name__)

DLE_EOT = b"\x10\x04"
STATUS_PRINTER = DLE_EOT + b"\x01"
STATUS_OFFLINE_CAUSE = DLE_EOT + b"\x02"
STATUS_PAPER = DLE_EOT + b"\x04"


# --------------------------------------------------------------------------- faults


class FaultKind(str, enum.Enum):
    OFFLINE = "offline"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    WRITE_ERROR = "write_error"
    NOT_CONFIGURED = "not_configured"


KIOSK_MESSAGES: dict[FaultKind, tuple[str, str]] = {
    FaultKind.OFFLINE: (
        "Printer tiket tidak terhubung. Silakan hubungi petugas.",
        "The ticket printer is not connected. Please ask a staff member."),
    FaultKind.PAPER_OUT: (
        "Kertas tiket habis. Silakan hubungi petugas.",
        "The ticket printer is out of paper. Please ask a staff member."),
    FaultKind.COVER_OPEN: (
        "Penutup printer tiket terbuka. Silakan hubungi petugas.",
        "The ticket printer cover is open. Please ask a staff member."),
    FaultKind.WRITE_ERROR: (
        "Tiket gagal dicetak. Silakan coba lagi atau hubungi petugas.",
        "The ticket could not be printed. Please try again or ask a staff member."),
    FaultKind.NOT_CONFIGURED: (
        "Printer tiket belum diatur. Silakan hubungi petugas.",
        "The ticket printer is not set up. Please ask a staff member."),
}


class PrinterFault(Exception):
    """The one printer exception. ``str()`` is ``"kind: message"``."""

    def __init__(self, kind: FaultKind | str, message: str = "") -> None:
        self.kind = FaultKind(kind)
        self.message = message or KIOSK_MESSAGES[self.kind][1]
        super().__init__(f"{self.kind.value}: {self.message}")

    @property
    def kiosk_id(self) -> str:
        return KIOSK_MESSAGES[self.kind][0]

    @property
    def kiosk_en(self) -> str:
        return KIOSK_MESSAGES[self.kind][1]

    def __reduce__(self):  # picklable (multiprocessing, logging handlers)
        return (PrinterFault, (self.kind, self.message))


# --------------------------------------------------------------------------- status


class PaperLevel(str, enum.Enum):
    OK = "ok"
    NEAR_END = "near_end"  # still prints; time to change the roll
    OUT = "out"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer reported. ``online`` None means it did not report (unknown)."""

    online: bool | None
    paper: PaperLevel = PaperLevel.UNKNOWN
    cover_open: bool | None = None
    fault: PrinterFault | None = field(default=None, compare=False)
    detail: str = ""

    @property
    def reported(self) -> bool:
        return self.online is not None

    @property
    def can_print(self) -> bool:
        """No known reason not to try (an unknown status still prints)."""
        return self.fault is None

    @property
    def state(self) -> str:
        """ready / near_end / unknown, or the fault kind (offline, paper_out, ...)."""
        if self.fault is not None:
            return self.fault.kind.value
        if self.online is None:
            return "unknown"
        return "near_end" if self.paper is PaperLevel.NEAR_END else "ready"

    def raise_for_fault(self) -> None:
        if self.fault is not None:
            raise self.fault

    @classmethod
    def ready(cls) -> PrinterStatus:
        return cls(online=True, paper=PaperLevel.OK, cover_open=False)

    @classmethod
    def unknown(cls, detail: str = "the printer does not report its status") -> PrinterStatus:
        return cls(online=None, detail=detail)

    @classmethod
    def from_fault(cls, fault: PrinterFault) -> PrinterStatus:
        return cls(
            online=False if fault.kind is not FaultKind.WRITE_ERROR else None,
            paper=PaperLevel.OUT if fault.kind is FaultKind.PAPER_OUT else PaperLevel.UNKNOWN,
            cover_open=True if fault.kind is FaultKind.COVER_OPEN else None,
            fault=fault, detail=fault.message)


def _valid_status_byte(byte: int) -> bool:
    # Every DLE EOT answer has bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0.
    return byte & 0x93 == 0x12


def status_byte(answer: bytes | None) -> int | None:
    """The status byte in an answer (the last well-formed one), or None."""
    if not answer:
        return None
    valid = [b for b in answer if _valid_status_byte(b)]
    return valid[-1] if valid else None


def status_from_bytes(printer: int | None, offline_cause: int | None = None,
                      paper: int | None = None, where: str = "printer") -> PrinterStatus:
    """Decode DLE EOT 1 / 2 / 4 answers (None = no answer) into a PrinterStatus."""
    if printer is None:
        return PrinterStatus.unknown(f"{where} did not answer the status request")
    online = not (printer & 0x08)
    level = PaperLevel.UNKNOWN
    if paper is not None:
        if paper & 0x60:
            level = PaperLevel.OUT
        elif paper & 0x0C:
            level = PaperLevel.NEAR_END
        else:
            level = PaperLevel.OK
    cover: bool | None = False if online else None
    error = False
    if offline_cause is not None:
        cover = bool(offline_cause & 0x04)
        if offline_cause & 0x20:
            level = PaperLevel.OUT
        error = bool(offline_cause & 0x40)
    fault = None
    if cover:
        fault = PrinterFault(FaultKind.COVER_OPEN, f"{where} reports its cover open")
    elif level is PaperLevel.OUT:
        fault = PrinterFault(FaultKind.PAPER_OUT, f"{where} reports no paper")
    elif not online:
        why = "an error (cutter jam, head too hot?)" if error else "offline"
        fault = PrinterFault(FaultKind.OFFLINE, f"{where} reports {why}")
    return PrinterStatus(online=online, paper=level, cover_open=cover, fault=fault,
                         detail=fault.message if fault else "")


# --------------------------------------------------------------------------- protocol


@runtime_checkable
class TicketPrinter(Protocol):
    def check(self) -> PrinterStatus:
        """Current status; never raises (a fault is reported in ``status.fault``)."""
        ...

    def print_ticket(self, ticket: TicketPrint) -> None:
        """Print one ticket or raise PrinterFault."""
        ...


# --------------------------------------------------------------------------- ESC/POS bytes

_QR_EC = {"L": QR_ECLEVEL_L, "M": QR_ECLEVEL_M, "Q": QR_ECLEVEL_Q, "H": QR_ECLEVEL_H}
_PRINTABLE = {"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " "}


def printable(text: str) -> str:
    """Text the printer's code page 0 (CP437, present on every ESC/POS printer) can print, one
    character for one: dashes become '-', accents are dropped, anything else unknown is '?'."""
    out = []
    for ch in text:
        ch = _PRINTABLE.get(ch, ch)
        try:
            ch.encode("cp437")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch)[:1]
            ch = base if base and base.isascii() else "?"
        out.append(ch)
    return "".join(out)


def _load_logo(block: Logo, paper: Paper):
    """The logo as a 1-bit image centred on a full-width canvas, or None if unreadable."""
    from PIL import Image

    try:
        with Image.open(block.path) as src:
            img = src.convert("RGBA")
    except (OSError, ValueError) as exc:
        log.warning("ticket logo %s not printed: %s", block.path, exc)
        return None
    background = Image.new("RGBA", img.size, "white")
    img = Image.alpha_composite(background, img).convert("L")
    img.thumbnail((block.max_width_dots, block.max_height_dots))
    canvas = Image.new("L", (paper.dots, img.height), 255)
    canvas.paste(img, ((paper.dots - img.width) // 2, 0))
    return canvas.convert("1")


def render_escpos(ticket: TicketPrint, width: int | Paper = 58, *, profile: str | None = None,
                  cut: bool = True) -> bytes:
    """The exact bytes for one ticket: init, the layout's blocks, a native QR, a full cut."""
    paper = paper_for(width)
    p = Dummy(profile=profile)
    p.hw("INIT")
    p.set(font="a")

    def style(width: int = 1, height: int = 1, bold: bool = False, align: str = "left",
              invert: bool = False) -> None:
        # GS ! for the size every time (some clones ignore ESC ! 0 as a size reset).
        p.set(custom_size=True, width=width, height=height, bold=bold, align=align,
              invert=invert)

    for block in layout_lines(ticket, paper):
        if isinstance(block, Text):
            style(block.width, block.height, block.bold, block.align, block.invert)
            p.text(printable(block.text) + "\n")
        elif isinstance(block, Rule):
            style()
            p.text(block.char * paper.columns + "\n")
        elif isinstance(block, Feed):
            style()
            p.ln(block.lines)
        elif isinstance(block, Qr):
            style(align="center")
            p.qr(block.data, ec=_QR_EC[block.ec], size=block.module_dots, native=True)
            p.ln(1)
        elif isinstance(block, Logo):
            image = _load_logo(block, paper)
            if image is not None:
                style(align="left")
                p.image(image, impl="bitImageRaster")
        else:  # pragma: no cover - a new block type must be handled here
            raise TypeError(f"unknown layout block {block!r}")
    style()
    if cut:
        p.cut(mode="FULL")  # ESC d 6 (past the cutter) + GS V 0
    return p.output


# --------------------------------------------------------------------------- devices


@dataclass(frozen=True)
class ConnectionSpec:
    kind: str  # usb / net / serial / file / dummy
    target: str = ""  # host, device file or path
    port: int = 0  # TCP port or baud rate
    vendor: int = 0
    product: int = 0
    in_ep: int = 0x82  # python-escpos defaults; many 0416:5011 clones need 81 / 03
    out_ep: int = 0x01

    def describe(self) -> str:
        if self.kind == "usb":
            return f"USB printer {self.vendor:04x}:{self.product:04x}"
        if self.kind == "net":
            return f"network printer {self.target}:{self.port}"
        if self.kind == "serial":
            return f"serial printer {self.target} ({self.port} baud)"
        if self.kind == "file":
            return f"printer file {self.target}"
        return "dummy printer"


SPEC_HELP = ("usb:VID:PID[:IN_EP:OUT_EP] (hex), net:HOST[:PORT] (default 9100), "
             "serial:/dev/ttyUSB0[:BAUD] (default 9600), file:/dev/usb/lp0, or dummy")


def parse_spec(spec: str) -> ConnectionSpec:
    """Parse a connection spec; a bad one raises PrinterFault(not_configured)."""
    def bad(why: str) -> PrinterFault:
        return PrinterFault(FaultKind.NOT_CONFIGURED,
                            f"printer connection {spec!r}: {why}; expected {SPEC_HELP}")

    kind, _, rest = (spec or "").strip().partition(":")
    kind = kind.lower()
    if kind == "dummy" and not rest:
        return ConnectionSpec("dummy")
    if kind == "usb":
        parts = rest.split(":")
        if len(parts) not in (2, 4):
            raise bad("USB needs VID:PID (hex), optionally :IN_EP:OUT_EP")
        try:
            nums = [int(p, 16) for p in parts]
        except ValueError:
            raise bad("USB ids and endpoints are hexadecimal numbers") from None
        if not all(0 < n <= 0xFFFF for n in nums):
            raise bad("USB ids out of range")
        extra = {"in_ep": nums[2], "out_ep": nums[3]} if len(nums) == 4 else {}
        return ConnectionSpec("usb", vendor=nums[0], product=nums[1], **extra)
    if kind == "net":
        m = re.fullmatch(r"\[(?P<v6>[0-9A-Fa-f:.]+)\](?::(?P<p6>\d+))?|(?P<host>[^:\[\]]+)"
                         r"(?::(?P<port>\d+))?", rest.strip())
        if not m:
            raise bad("network printers are net:HOST or net:HOST:PORT ([v6addr]:PORT)")
        host = m.group("v6") or m.group("host")
        port = int(m.group("p6") or m.group("port") or 9100)
        if not 0 < port < 65536:
            raise bad("port out of range")
        return ConnectionSpec("net", target=host, port=port)
    if kind == "serial":
        dev, sep, baud = rest.rpartition(":")
        if not (sep and baud.isdigit()):
            dev, baud = rest, "9600"
        if not dev:
            raise bad("serial needs a device file")
        return ConnectionSpec("serial", target=dev, port=int(baud))
    if kind == "file":
        if not rest:
            raise bad("file needs a path")
        return ConnectionSpec("file", target=rest)
    raise bad("unknown connection type")


class EscposPrinter:
    """A real ESC/POS printer (or a file / in-memory dummy) behind the TicketPrinter protocol.

    Network printers get a fresh TCP connection per operation (raw port 9100 servers usually
    accept one client at a time; a stale socket never outlives a job). USB, serial and file
    connections stay open and are reopened after any fault (unplugged and plugged back).
    ``check()`` and ``print_ticket()`` are serialised by a lock; each takes at most about
    ``timeout`` (connect, write) plus 3 x ``status_timeout``. A printer that did not answer the
    last status request is not asked again before each job (only by ``check()``), so silent
    printers do not pay ``status_timeout`` on every ticket.
    """

    def __init__(self, spec: str, *, paper: int | Paper = 58, timeout: float = 3.0,
                 status_timeout: float = 1.0, preflight: bool = True,
                 profile: str | None = None) -> None:
        self.spec = spec
        self.conn = parse_spec(spec)
        try:
            self.paper = paper_for(paper)
        except ValueError as exc:
            raise PrinterFault(FaultKind.NOT_CONFIGURED, str(exc)) from None
        self.timeout = timeout
        self.status_timeout = status_timeout
        self.preflight = preflight  # ask the status before a job; refuse on a reported fault
        self.profile = profile
        self._lock = threading.Lock()
        self._driver = None  # the open connection (kept for usb/serial/file/dummy)
        self._dummy = Dummy(profile=profile) if self.conn.kind == "dummy" else None
        self._silent = False  # the last status request got no answer: skip the preflight

    def __repr__(self) -> str:
        return f"EscposPrinter({self.spec!r})"

    def describe(self) -> str:
        return self.conn.describe()

    @property
    def output(self) -> bytes:
        """Everything written so far (dummy printers only)."""
        if self._dummy is None:
            raise AttributeError("only a 'dummy' printer keeps its output")
        return self._dummy.output

    @property
    def reports_status(self) -> bool:
        return self.conn.kind in ("usb", "net", "serial")

    # ---------------------------------------------------------------- public

    def check(self) -> PrinterStatus:
        with self._lock:
            return self._check()

    def print_ticket(self, ticket: TicketPrint) -> None:
        self.print_raw(render_escpos(ticket, self.paper, profile=self.profile))

    def print_raw(self, data: bytes) -> None:
        """Send ready-made ESC/POS bytes (a rendered ticket, a test page)."""
        with self._lock:
            if self.preflight and self.reports_status and not self._silent:
                self._check().raise_for_fault()
            driver = self._acquire()
            failed = True
            try:
                driver._raw(data)  # one write: the bytes are exactly the rendered ones
                self._finish_job(driver)
                failed = False
            except Exception as exc:
                raise self._fault_from(exc, "printing") from exc
            finally:
                self._release(driver, failed)

    def close(self) -> None:
        with self._lock:
            if self._driver is not None:
                self._close_driver(self._driver)
                self._driver = None

    # ---------------------------------------------------------------- connections

    def _new_driver(self):
        c = self.conn
        if c.kind == "dummy":
            return self._dummy
        if c.kind == "net":
            from escpos.printer import Network
            return Network(c.target, port=c.port, timeout=self.timeout, profile=self.profile)
        if c.kind == "file":
            from escpos.printer import File
            return File(c.target, profile=self.profile)
        if c.kind == "serial":
            from escpos.printer import Serial
            return Serial(c.target, baudrate=c.port, timeout=self.status_timeout,
                          profile=self.profile)
        from escpos.printer import Usb, usb as escpos_usb
        if not escpos_usb.is_usable():  # checked first: a Usb object without pyusb cannot close
            raise RuntimeError("pyusb is not installed")
        return Usb(c.vendor, c.product, timeout=int(self.timeout * 1000), in_ep=c.in_ep,
                   out_ep=c.out_ep, profile=self.profile)

    def _acquire(self):
        if self._driver is not None:
            return self._driver
        try:
            driver = self._new_driver()
            if driver is not self._dummy:
                driver.open()
                if not driver.device:  # open() that "succeeded" without a device
                    raise DeviceNotFoundError("no device after open()")
                if self.conn.kind == "serial":
                    driver.device.write_timeout = self.timeout
        except Exception as exc:
            raise self._fault_from(exc, "opening") from exc
        if self.conn.kind != "net":
            self._driver = driver
        return driver

    def _release(self, driver, failed: bool) -> None:
        if self.conn.kind == "net" or failed:
            if driver is self._driver:
                self._driver = None
            if driver is not self._dummy:
                self._close_driver(driver)

    @staticmethod
    def _close_driver(driver) -> None:
        try:
            driver.close()
        except Exception as exc:  # closing a dead device must not hide the real fault
            log.debug("closing printer connection failed: %r", exc)
        driver._device = False  # never let python-escpos reopen it lazily

    def _finish_job(self, driver) -> None:
        if self.conn.kind == "file":
            driver.flush()
        elif self.conn.kind == "net":
            # Send FIN after the job and let the printer close first: closing a socket that has
            # unread bytes (auto status back) sends RST, which may discard the tail of the job.
            sock = driver.device
            sock.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + min(1.0, self.timeout)
            try:
                while (left := deadline - time.monotonic()) > 0:
                    sock.settimeout(left)
                    if not sock.recv(256):
                        break
            except OSError:  # timeout or reset after the job was handed over: not a failure
                pass

    # ---------------------------------------------------------------- status

    def _check(self) -> PrinterStatus:
        if not self.reports_status:
            if self.conn.kind == "file":
                try:
                    self._acquire()
                except PrinterFault as fault:
                    return PrinterStatus.from_fault(fault)
            return PrinterStatus.unknown(f"{self.describe()} cannot report its status")
        try:
            driver = self._acquire()
        except PrinterFault as fault:
            return PrinterStatus.from_fault(fault)
        failed = True
        try:
            if self.conn.kind == "net":
                driver.device.settimeout(self.status_timeout)
            printer = self._ask(driver, STATUS_PRINTER)
            self._silent = printer is None
            if printer is None:
                failed = False
                return PrinterStatus.unknown(f"{self.describe()} did not answer the status "
                                             f"request within {self.status_timeout:g} s")
            paper = self._ask(driver, STATUS_PAPER)
            cause = self._ask(driver, STATUS_OFFLINE_CAUSE) if printer & 0x08 else None
            failed = False
            return status_from_bytes(printer, cause, paper, where=self.describe())
        except PrinterFault as fault:
            return PrinterStatus.from_fault(fault)
        except Exception as exc:
            return PrinterStatus.from_fault(self._fault_from(exc, "asking the status of"))
        finally:
            self._release(driver, failed)

    def _ask(self, driver, request: bytes) -> int | None:
        """One real-time status byte, or None when the printer stays silent."""
        try:
            answer = driver.query_status(request)
        except (TimeoutError, socket.timeout, NotImplementedError):
            return None
        except Exception as exc:
            if type(exc).__name__ == "USBTimeoutError" or getattr(exc, "errno", None) == 110:
                return None
            raise
        return status_byte(bytes(answer) if answer is not None else None)

    # ---------------------------------------------------------------- errors

    def _fault_from(self, exc: BaseException, action: str) -> PrinterFault:
        """Translate anything python-escpos, pyusb, pyserial or the OS raised."""
        if isinstance(exc, PrinterFault):
            return exc
        where = self.describe()
        detail = " ".join(str(exc).split()) or type(exc).__name__
        name = type(exc).__name__
        cause = exc.__context__
        if name == "NoBackendError":
            return PrinterFault(FaultKind.NOT_CONFIGURED,
                                f"{where}: pyusb found no libusb backend; install the Debian "
                                f"package libusb-1.0-0 ({detail})")
        if isinstance(exc, RuntimeError) and self.conn.kind in ("usb", "serial"):
            need = ("pyusb: pip install 'python-escpos[usb]' and apt install libusb-1.0-0"
                    if self.conn.kind == "usb" else
                    "pyserial: pip install 'python-escpos[serial]'")
            return PrinterFault(FaultKind.NOT_CONFIGURED, f"{where}: this connection needs {need}")
        if isinstance(exc, DeviceNotFoundError):
            if isinstance(cause, PermissionError) or getattr(cause, "errno", None) == 13:
                return PrinterFault(FaultKind.NOT_CONFIGURED,
                                    f"{where}: permission denied; give the service user access "
                                    f"(udev rule or the lp/dialout group) ({detail})")
            return PrinterFault(FaultKind.OFFLINE, f"{where}: cannot be opened ({detail})")
        if isinstance(exc, AssertionError):
            return PrinterFault(FaultKind.OFFLINE, f"{where}: not connected ({action} it)")
        if isinstance(exc, (TimeoutError, socket.timeout)):
            return PrinterFault(FaultKind.WRITE_ERROR if action == "printing" else
                                FaultKind.OFFLINE,
                                f"{where}: timed out after {self.timeout:g} s while {action} it")
        if isinstance(exc, (OSError, EscposError)):
            return PrinterFault(FaultKind.WRITE_ERROR if action == "printing" else
                                FaultKind.OFFLINE,
                                f"{where}: {name} while {action} it ({detail})")
        return PrinterFault(FaultKind.WRITE_ERROR, f"{where}: {name} while {action} it ({detail})")


# --------------------------------------------------------------------------- fake


class FakePrinter:
    """In-memory TicketPrinter for tests of the layers above.

    ``fail_with(kind)`` makes the next prints raise (``times`` prints, or until ``recover()``)
    and ``check()`` report the fault; ``status`` is what ``check()`` says otherwise."""

    def __init__(self, status: PrinterStatus | None = None) -> None:
        self.printed: list[TicketPrint] = []
        self.status = status or PrinterStatus.ready()
        self.checks = 0
        self.attempts = 0
        self._fault: PrinterFault | None = None
        self._times: int | None = None

    def fail_with(self, fault: PrinterFault | FaultKind | str, message: str = "",
                  times: int | None = None) -> None:
        self._fault = fault if isinstance(fault, PrinterFault) else PrinterFault(fault, message)
        self._times = times

    def recover(self) -> None:
        self._fault, self._times = None, None

    def check(self) -> PrinterStatus:
        self.checks += 1
        if self._fault is not None:
            return PrinterStatus.from_fault(self._fault)
        return self.status

    def print_ticket(self, ticket: TicketPrint) -> None:
        self.attempts += 1
        fault = self._fault
        if fault is not None:
            if self._times is not None:
                self._times -= 1
                if self._times <= 0:
                    self.recover()
            raise fault
        self.printed.append(ticket)

    @property
    def last(self) -> TicketPrint | None:
        return self.printed[-1] if self.printed else None
