"""The kiosk's printer, off the GUI thread: one worker thread owns the device.

``PrinterService.check()`` / ``print_ticket()`` return futures (delivered to the GUI thread by
the bridge); the device calls never run on the GUI thread, so a printer that hangs for its
timeout never freezes the screen. ``open_printer(spec)`` never raises: a bad spec becomes a
printer that reports ``not_configured`` (the kiosk still starts and says so)."""
from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any

from shared.adapters.printer import (EscposPrinter, PrinterFault, PrinterStatus, TicketPrinter)
from shared.adapters.ticket_layout import TicketPrint

log = logging.getLogger(__name__)


class BrokenPrinter:
    """Stands in for a printer that could not be set up (bad spec, missing driver)."""

    def __init__(self, fault: PrinterFault) -> None:
        self.fault = fault

    def check(self) -> PrinterStatus:
        return PrinterStatus.from_fault(self.fault)

    def print_ticket(self, ticket: TicketPrint) -> None:
        raise self.fault


def open_printer(spec: str, paper: int = 58) -> TicketPrinter:
    try:
        return EscposPrinter(spec, paper=paper)
    except PrinterFault as fault:
        log.error("printer %r cannot be used: %s", spec, fault)
        return BrokenPrinter(fault)


class PrinterService:
    """Runs a TicketPrinter on its own thread. ``last_print_done`` (perf_counter) is when the
    last job's bytes were handed to the printer (for the latency benchmark)."""

    def __init__(self, printer: TicketPrinter) -> None:
        self.printer = printer
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="kiosk-printer")
        self.last_print_done: float | None = None

    def check(self) -> "Future[PrinterStatus]":
        return self._pool.submit(self._check)

    def _check(self) -> PrinterStatus:
        try:
            return self.printer.check()
        except PrinterFault as fault:  # the protocol says never, but a bad driver might
            return PrinterStatus.from_fault(fault)

    def print_ticket(self, ticket: TicketPrint) -> "Future[None]":
        return self._pool.submit(self._print, ticket)

    def _print(self, ticket: TicketPrint) -> None:
        self.printer.print_ticket(ticket)
        self.last_print_done = time.perf_counter()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        close = getattr(self.printer, "close", None)
        if close is not None:
            close()


def ticket_print_from(response: dict[str, Any], *, site_name: str, footer: str,
                      requirements: tuple[str, ...], status_url: str | None) -> TicketPrint:
    """The printout of a ticket from the master's 201 body (``ticket``, ``estimate``)."""
    t = response["ticket"]
    est = response.get("estimate") or {}
    return TicketPrint(
        mpp_name=site_name,
        agency_name=t.get("agency_name") or t.get("agency_short_name") or "",
        service_name=t.get("service_name") or "",
        number=t["number"],
        issued_at=datetime.fromisoformat(t["issued_at"]),
        people_ahead=int(est.get("ahead") or 0),
        estimated_minutes=est.get("minutes"),
        requirements=requirements,
        priority_label=t.get("priority_label"),
        status_url=status_url,
        **({"footer": footer} if footer else {}))


def status_url(base: str | None, status_path: str | None) -> str | None:
    if not base or not status_path:
        return None
    return base.rstrip("/") + "/" + status_path.lstrip("/")
