"""One visitor's ticket: check the printer, ask the master, print. Never a ticket nobody knows.

    check printer --fault--> printerFault (nothing issued; retry() checks again)
        | ok
    POST /tickets (Idempotency-Key made once per request) --409/422--> rejected (nothing issued)
    or POST /bookings/{code}/check-in (an online booking; same answers, same steps)
        | 201                       --unreachable/5xx--> unreachable (outcome unknown: retry()
        |                                                 sends the SAME key, so the master
    print the ticket                                      answers with the first ticket if it
        |--fault--> printFailed (the number is shown)      made one; never a second number)
        | ok
    printed

The master is the source of truth: printing happens only after its 201, and a print failure
never re-issues (``reprint()`` prints the same ticket again). Every step runs off the GUI thread
and comes back through the bridge; a stale answer (after ``abandon()``) is ignored."""
from __future__ import annotations

import enum
import logging
import time
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import quote

from PySide6.QtCore import QObject, Signal

from shared.adapters.printer import FaultKind, PrinterFault, PrinterStatus
from shared.adapters.ticket_layout import TicketPrint
from shared.net.client import ApiError, MasterUnavailable, new_idempotency_key

log = logging.getLogger(__name__)


class Phase(str, enum.Enum):
    IDLE = "idle"
    CHECKING = "checking"
    ISSUING = "issuing"
    PRINTING = "printing"


@dataclass(frozen=True)
class IssuedTicket:
    """A ticket the master made (its 201 body) and what the kiosk shows and prints of it."""
    ticket_id: int
    number: str
    service_id: int
    service_name: str
    agency_name: str
    ahead: int
    minutes: int | None
    priority: str | None
    priority_label: str | None
    status_url: str | None
    printout: TicketPrint
    key: str
    replayed: bool = False


@dataclass
class Request:
    service_id: int
    priority: str | None
    key: str
    tapped_at: float
    sent: bool = False  # a POST went out whose outcome is not known
    booking: str | None = None  # a booking code: check it in instead of issuing a walk-in


class TicketIssuer(QObject):
    phaseChanged = Signal()
    checked = Signal(object)  # PrinterStatus, from the pre-issue check
    printed = Signal(object)  # IssuedTicket
    printFailed = Signal(object, object)  # IssuedTicket, PrinterFault
    printerFault = Signal(object)  # PrinterFault: nothing was issued
    rejected = Signal(str, str)  # code, message (the master's): nothing was issued
    unreachable = Signal(str)  # no answer: retry() reuses the key

    def __init__(self, client: Any, bridge: Any, printer: Any,
                 build: Callable[[dict, str, bool], IssuedTicket], *,
                 give_up_after: float = 10.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client, self.bridge, self.printer, self.build = client, bridge, printer, build
        self.give_up_after = give_up_after
        self.phase = Phase.IDLE
        self.request: Request | None = None
        self.ticket: IssuedTicket | None = None
        self.keys_sent: list[str] = []  # every POST's Idempotency-Key (tests, diagnostics)
        self._gen = 0

    @property
    def busy(self) -> bool:
        return self.phase is not Phase.IDLE

    def _set_phase(self, phase: Phase) -> None:
        if phase is not self.phase:
            self.phase = phase
            self.phaseChanged.emit()

    def _after(self, future: Future, step: Callable[[Future], None]) -> None:
        gen = self._gen
        self.bridge.deliver(future, lambda f: step(f) if gen == self._gen else self._stale(f))

    @staticmethod
    def _stale(future: Future) -> None:
        try:
            data = future.result()
        except Exception:
            return
        ticket = getattr(data, "data", None)
        if isinstance(ticket, dict) and isinstance(ticket.get("ticket"), dict):
            log.warning("ticket %s was issued after its visitor cancelled: not printed",
                        ticket["ticket"].get("number"))

    # -- the visitor's actions --------------------------------------------------------------------
    def issue(self, service_id: int, priority: str | None) -> bool:
        if self.busy:
            return False
        self.ticket = None
        self.request = Request(service_id, priority, new_idempotency_key(), time.perf_counter())
        self._check()
        return True

    def check_in(self, code: str, priority: str | None = None) -> bool:
        """An online booking's code (as typed or scanned; the master normalises it): the same
        printer check, POST /bookings/{code}/check-in, the same printing and fault handling."""
        if self.busy:
            return False
        self.ticket = None
        self.request = Request(0, priority, new_idempotency_key(), time.perf_counter(),
                               booking=code)
        self._check()
        return True

    def retry(self) -> bool:
        """After a printer fault or an unreachable master: the same request, the same key."""
        if self.busy or self.request is None:
            return False
        self._check()
        return True

    def reprint(self) -> bool:
        """Print the issued ticket again (after a print failure). Never issues."""
        if self.busy or self.ticket is None:
            return False
        self._print(self.ticket)
        return True

    def abandon(self) -> None:
        """The visitor left: forget the request (late answers are ignored)."""
        if self.request is not None and self.request.sent:
            log.warning("ticket request %s abandoned with its outcome unknown (%s)",
                        self.request.key, f"booking {self.request.booking}"
                        if self.request.booking else f"service {self.request.service_id}")
        self._gen += 1
        self.request = None
        self._set_phase(Phase.IDLE)

    # -- the steps ----------------------------------------------------------------------------------
    def _check(self) -> None:
        self._set_phase(Phase.CHECKING)
        self._after(self.printer.check(), self._checked)

    def _checked(self, future: Future) -> None:
        status: PrinterStatus = future.result()
        self.checked.emit(status)
        if status.fault is not None:
            self._set_phase(Phase.IDLE)
            self.printerFault.emit(status.fault)
            return
        self._issue()

    def _issue(self) -> None:
        req = self.request
        assert req is not None
        self._set_phase(Phase.ISSUING)
        req.sent = True
        self.keys_sent.append(req.key)
        if req.booking is not None:
            future = self._send_check_in(req)
        else:
            future = self.client.issue_ticket(req.service_id, req.priority,
                                              idempotency_key=req.key,
                                              give_up_after=self.give_up_after)
        self._after(future, self._issued)

    def _send_check_in(self, req: Request) -> Future:
        """The client has no check-in helper with its own retries (shared/net/client.py), so one
        POST per attempt; retry() sends it again with the same Idempotency-Key. The master
        replays a check-in to the kiosk that made it (the same ticket, Idempotent-Replayed), so
        a lost answer never makes a second ticket."""
        helper = getattr(self.client, "check_in_booking", None)
        if helper is not None:
            return helper(req.booking, req.priority, idempotency_key=req.key,
                          give_up_after=self.give_up_after)
        body = {"priority": req.priority} if req.priority else None
        return self.client.post(f"/bookings/{quote(req.booking, safe='')}/check-in", body,
                                headers={"Idempotency-Key": req.key})

    def _issued(self, future: Future) -> None:
        req = self.request
        assert req is not None
        try:
            resp = future.result()
        except ApiError as exc:
            if exc.status >= 500 or exc.status in (408, 425, 429):
                self._set_phase(Phase.IDLE)
                self.unreachable.emit(str(exc))
                return
            self.request = None  # refused: nothing was issued with this key
            self._set_phase(Phase.IDLE)
            self.rejected.emit(exc.code, exc.message)
            return
        except MasterUnavailable as exc:
            log.warning("ticket request %s: master unreachable: %s", req.key, exc)
            self._set_phase(Phase.IDLE)
            self.unreachable.emit(str(exc))
            return
        replayed = str(resp.headers.get("idempotent-replayed", "")).lower() == "true"
        self.ticket = self.build(resp.data, req.key, replayed)
        self.request = None
        log.info("ticket %s issued (key %s%s)", self.ticket.number, req.key,
                 ", replayed" if replayed else "")
        self._print(self.ticket)

    def _print(self, ticket: IssuedTicket) -> None:
        self._set_phase(Phase.PRINTING)
        self._after(self.printer.print_ticket(ticket.printout),
                    lambda f: self._printed(f, ticket))

    def _printed(self, future: Future, ticket: IssuedTicket) -> None:
        self._set_phase(Phase.IDLE)
        try:
            future.result()
        except PrinterFault as fault:
            log.warning("ticket %s issued but not printed: %s", ticket.number, fault)
            self.printFailed.emit(ticket, fault)
            return
        except Exception as exc:  # a driver bug: the visitor still gets the number on screen
            log.exception("ticket %s: printing raised", ticket.number)
            self.printFailed.emit(ticket, PrinterFault(FaultKind.WRITE_ERROR, repr(exc)))
            return
        self.printed.emit(ticket)


def build_issued(data: dict, key: str, replayed: bool, catalog: Any,
                 public_base: str | None) -> IssuedTicket:
    """An IssuedTicket from the master's 201 body; ``catalog`` (a CatalogView, may be None)
    gives the site name, footer and the service's requirements for the printout."""
    from ..printing import status_url, ticket_print_from

    t, est = data["ticket"], data.get("estimate") or {}
    service = catalog.service(t["service_id"]) if catalog is not None else None
    url = status_url(public_base, data.get("status_path"))
    printout = ticket_print_from(
        data, site_name=catalog.site_name if catalog else "Mal Pelayanan Publik",
        footer=catalog.ticket_footer if catalog else "",
        requirements=service.requirements if service else (), status_url=url)
    return IssuedTicket(
        ticket_id=int(t["id"]), number=str(t["number"]), service_id=int(t["service_id"]),
        service_name=printout.service_name, agency_name=printout.agency_name,
        ahead=printout.people_ahead, minutes=est.get("minutes"), priority=t.get("priority"),
        priority_label=t.get("priority_label"), status_url=url, printout=printout, key=key,
        replayed=replayed)
