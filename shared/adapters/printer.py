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

This module holds the protocol, ``EscposPrinter`` and ``FakePrinter``; the rest lives beside it
and is re-exported here: printer_faults.py (``PrinterFault``, ``FaultKind``), escpos_status.py
(``PrinterStatus``, DLE EOT decoding), escpos_render.py (``render_escpos``) and printer_spec.py
(``parse_spec``).
"""
from __future__ import annotations

import logging
import socket
import threading
import time
from typing import Protocol, runtime_checkable

from escpos.exceptions import DeviceNotFoundError
from escpos.exceptions import Error as EscposError
from escpos.printer import Dummy

from .escpos_render import _load_logo, printable, render_escpos  # noqa: F401 (ticket_preview)
from .escpos_status import (DLE_EOT, STATUS_OFFLINE_CAUSE, STATUS_PAPER, STATUS_PRINTER,
                            PaperLevel, PrinterStatus, status_byte, status_from_bytes)
from .printer_faults import KIOSK_MESSAGES, FaultKind, PrinterFault
from .printer_spec import SPEC_HELP, ConnectionSpec, parse_spec
from .ticket_layout import Paper, TicketPrint, paper_for

__all__ = [
    "DLE_EOT", "KIOSK_MESSAGES", "SPEC_HELP", "STATUS_OFFLINE_CAUSE", "STATUS_PAPER",
    "STATUS_PRINTER", "ConnectionSpec", "EscposPrinter", "FakePrinter", "FaultKind", "PaperLevel",
    "PrinterFault", "PrinterStatus", "TicketPrinter", "parse_spec", "printable", "render_escpos",
    "status_byte", "status_from_bytes",
]

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- protocol


@runtime_checkable
class TicketPrinter(Protocol):
    def check(self) -> PrinterStatus:
        """Current status; never raises (a fault is reported in ``status.fault``)."""
        ...

    def print_ticket(self, ticket: TicketPrint) -> None:
        """Print one ticket or raise PrinterFault."""
        ...



# --------------------------------------------------------------------------- devices


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
