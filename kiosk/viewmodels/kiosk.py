"""KioskViewModel: the kiosk's screens as a state machine; all behaviour, no widgets.

    WELCOME -> AGENCIES -> SERVICES (search) -> INFO -> [PRIORITY] -> ISSUING -> TICKET
                                                          ISSUING -> PRINT_FAILED (number + QR)
                                                                  -> PRINTER_FAULT (nothing issued)
                                                                  -> ISSUE_FAILED (retrying, same key)
                                                                  -> REJECTED (closed, quota ...)
    WELCOME -> CHECKIN (a booking code, typed or scanned) -> ISSUING -> TICKET ... as above
                                                        -> CHECKIN_FAILED (the master's reason)

While checking in, "back" from a fault screen returns to CHECKIN; "Coba lagi" on
CHECKIN_FAILED returns to the code (kept, to correct or re-scan).

Every screen but WELCOME and ISSUING returns to WELCOME after ``idle_seconds`` without a touch
(the ticket confirmation after ``done_seconds``). Views call the slots and re-render on
``changed``."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..texts import tr
from .catalog import Agency, CatalogView, Service, when_text
from .catalog_feed import CatalogFeed
from .issuer import IssuedTicket, Phase, TicketIssuer
from .printer_monitor import PrinterMonitor
from .status_text import StatusTexts


class Screen(str, enum.Enum):
    WELCOME = "welcome"
    AGENCIES = "agencies"
    SERVICES = "services"
    INFO = "info"
    PRIORITY = "priority"
    ISSUING = "issuing"
    TICKET = "ticket"
    PRINT_FAILED = "print_failed"
    PRINTER_FAULT = "printer_fault"
    ISSUE_FAILED = "issue_failed"
    REJECTED = "rejected"
    CHECKIN = "checkin"
    CHECKIN_FAILED = "checkin_failed"

CODE_LENGTH = 8  # a booking code: XXXX-XXXX


BACK = {Screen.AGENCIES: Screen.WELCOME, Screen.SERVICES: Screen.AGENCIES,
        Screen.INFO: Screen.SERVICES, Screen.PRIORITY: Screen.INFO,
        Screen.PRINTER_FAULT: Screen.INFO, Screen.ISSUE_FAILED: Screen.INFO,
        Screen.REJECTED: Screen.INFO, Screen.CHECKIN: Screen.WELCOME,
        Screen.CHECKIN_FAILED: Screen.WELCOME}


@dataclass(frozen=True)
class KioskConfig:
    idle_seconds: float = 45.0
    done_seconds: float = 15.0
    lang: str = "id"
    auto_retry_seconds: float = 5.0


class KioskViewModel(StatusTexts, QObject):
    changed = Signal()
    screenChanged = Signal(str)

    def __init__(self, feed: CatalogFeed, issuer: TicketIssuer, monitor: PrinterMonitor,
                 bridge: Any, config: KioskConfig = KioskConfig(),
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.feed, self.issuer, self.monitor, self.config = feed, issuer, monitor, config
        self.screen = Screen.WELCOME
        self.lang = config.lang
        self.agency_id: int | None = None
        self.service_id: int | None = None
        self.priority: str | None = None
        self.query = ""
        self.keyboard_visible = False
        self.link: Any = None  # ConnectionState
        self.fault: Any = None  # PrinterFault of the last failure
        self.rejection = ("", "")  # (code, message) of the master's refusal
        self.code = ""  # the booking code being typed or scanned (A-Z 0-9, no dash)
        self.code_hint = False  # Enter/Check-in with an incomplete code
        self.checking_in = False  # the request in flight (or failed) is a check-in
        self.clock = lambda: datetime.now(timezone.utc)
        self._idle = QTimer(self, singleShot=True, timeout=self.home)
        self._auto_retry = QTimer(self, interval=int(config.auto_retry_seconds * 1000),
                                  timeout=self._retry_in_background)
        feed.updated.connect(self.changed)
        feed.failed.connect(self.changed)
        monitor.changed.connect(self.changed)
        monitor.poll_allowed = lambda: self.screen is Screen.WELCOME
        bridge.state.connect(self._link_changed)
        issuer.phaseChanged.connect(self.changed)
        issuer.checked.connect(monitor.set_status)
        issuer.printed.connect(self._printed)
        issuer.printFailed.connect(self._print_failed)
        issuer.printerFault.connect(self._printer_fault)
        issuer.rejected.connect(self._rejected)
        issuer.unreachable.connect(self._unreachable)

    # -- state for the views ------------------------------------------------------------------------
    @property
    def catalog(self) -> CatalogView | None:
        return self.feed.view

    def t(self, key: str, **values: object) -> str:
        return tr(key, self.lang, **values)

    def agencies(self) -> list[Agency]:
        return list(self.catalog.agencies) if self.catalog else []

    def agency(self) -> Agency | None:
        return self.catalog.agency(self.agency_id) if self.catalog else None

    def services(self) -> list[Service]:
        return self.catalog.search(self.agency_id, self.query) if self.catalog else []

    def service(self) -> Service | None:
        return self.catalog.service(self.service_id) if self.catalog else None

    @property
    def ticket(self) -> IssuedTicket | None:
        return self.issuer.ticket

    @property
    def phase(self) -> Phase:
        return self.issuer.phase

    def opens_again(self, moment: datetime | None, short: bool = False) -> str:
        if moment is None:
            return ""
        return self.t("opens_again", when=when_text(moment, self.clock(), self.lang, short))

    def priority_label(self, pid: str | None) -> str:
        return self.catalog.priority_label(pid, self.lang) if (pid and self.catalog) else ""

    # -- navigation --------------------------------------------------------------------------------
    def _go(self, screen: Screen) -> None:
        self.screen = screen
        self._auto_retry.stop() if screen is not Screen.ISSUE_FAILED else self._auto_retry.start()
        self.touch()
        self.screenChanged.emit(screen.value)
        self.changed.emit()

    def touch(self) -> None:
        """Any touch: the visitor is still there."""
        seconds = {Screen.WELCOME: None, Screen.ISSUING: None,
                   Screen.TICKET: self.config.done_seconds,
                   Screen.PRINT_FAILED: max(90.0, 2 * self.config.idle_seconds)
                   }.get(self.screen, self.config.idle_seconds)
        if seconds is None:
            self._idle.stop()
        else:
            self._idle.start(int(seconds * 1000))

    def start(self) -> None:
        if self.catalog is not None:
            self._go(Screen.AGENCIES)

    def open_checkin(self) -> None:
        self.code, self.code_hint, self.keyboard_visible = "", False, True
        self._go(Screen.CHECKIN)

    @property
    def code_complete(self) -> bool:
        return len(self.code) == CODE_LENGTH

    def code_display(self, blank: str = "_") -> str:
        """The code as XXXX-XXXX, the missing characters as ``blank``."""
        chars = self.code.ljust(CODE_LENGTH, blank)
        half = CODE_LENGTH // 2
        return f"{chars[:half]}-{chars[half:]}"

    def submit_checkin(self) -> None:
        """The "Check-in" button, or Enter from a keyboard or a barcode/QR scanner."""
        if self.screen is not Screen.CHECKIN:
            return
        if not self.code_complete:
            self.code_hint = True
            self.touch()
            self.changed.emit()
            return
        if self.issuer.check_in(self.code):
            self.checking_in, self.code_hint = True, False
            self._go(Screen.ISSUING)

    def _type_code(self, text: str) -> None:
        if self.screen is Screen.CHECKIN_FAILED:  # a new scan over the error: start again
            self.code = ""
            self._go(Screen.CHECKIN)
        for ch in text.upper():
            if not ("A" <= ch <= "Z" or "0" <= ch <= "9"):
                continue  # the dash, spaces, a scanner's prefix characters
            if self.code_complete:  # a complete code and another one comes: a new scan
                self.code = ""
            self.code += ch
        self.code_hint = False
        self.touch()
        self.changed.emit()

    def choose_agency(self, agency_id: int | None) -> None:
        self.agency_id, self.query, self.keyboard_visible = agency_id, "", agency_id is None
        self._go(Screen.SERVICES)

    def search_all(self) -> None:
        self.choose_agency(None)

    def choose_service(self, service_id: int) -> None:
        self.service_id = service_id
        self.keyboard_visible = False
        self._go(Screen.INFO)

    def take_ticket(self) -> None:
        service = self.service()
        if self.screen is not Screen.INFO or service is None or not service.issuable:
            return
        if service.priority_eligible:
            self._go(Screen.PRIORITY)
        else:
            self._issue(None)

    def choose_priority(self, priority: str | None) -> None:
        if self.screen is Screen.PRIORITY:
            self._issue(priority or None)

    def _issue(self, priority: str | None) -> None:
        self.priority = priority
        if self.service_id is not None and self.issuer.issue(self.service_id, priority):
            self.checking_in = False
            self._go(Screen.ISSUING)

    def retry(self) -> None:
        if self.screen is Screen.CHECKIN_FAILED:
            self.keyboard_visible = True
            self._go(Screen.CHECKIN)  # the code is kept: correct it or scan again
        elif self.screen in (Screen.PRINTER_FAULT, Screen.ISSUE_FAILED) and self.issuer.retry():
            self._go(Screen.ISSUING)

    def _retry_in_background(self) -> None:
        if self.screen is Screen.ISSUE_FAILED:
            self.issuer.retry()

    def reprint(self) -> None:
        if self.screen is Screen.PRINT_FAILED:
            self.issuer.reprint()

    def back(self) -> None:
        if self.screen in (Screen.PRINTER_FAULT, Screen.ISSUE_FAILED):
            self.issuer.abandon()
        if self.screen in (Screen.PRINTER_FAULT, Screen.ISSUE_FAILED) and self.checking_in:
            self._go(Screen.CHECKIN)
        elif self.screen is Screen.SERVICES and self.agency_id is None:
            self._go(Screen.AGENCIES)
        elif self.screen in BACK:
            self._go(BACK[self.screen])

    def home(self) -> None:
        if self.issuer.phase in (Phase.ISSUING, Phase.PRINTING) and self.screen is Screen.ISSUING:
            return  # the master or the printer is answering: wait for it
        self.issuer.abandon()
        self.agency_id = self.service_id = self.priority = None
        self.query, self.keyboard_visible, self.lang = "", False, self.config.lang
        self.code, self.code_hint, self.checking_in = "", False, False
        self._go(Screen.WELCOME)

    def set_lang(self, lang: str) -> None:
        self.lang = "en" if lang == "en" else "id"
        self.touch()
        self.changed.emit()

    def toggle_lang(self) -> None:
        self.set_lang("id" if self.lang == "en" else "en")

    # -- the on-screen keyboard -------------------------------------------------------------------------
    def set_keyboard(self, visible: bool) -> None:
        self.keyboard_visible = visible
        self.touch()
        self.changed.emit()

    def type_text(self, text: str) -> None:
        if self.screen in (Screen.CHECKIN, Screen.CHECKIN_FAILED):
            self._type_code(text)
        else:
            self._set_query((self.query + text)[:40])

    def backspace(self) -> None:
        if self.screen is Screen.CHECKIN:
            self.code = self.code[:-1]
            self._type_code("")
        else:
            self._set_query(self.query[:-1])

    def clear_query(self) -> None:
        if self.screen is Screen.CHECKIN:
            self.code = ""
            self._type_code("")
        else:
            self._set_query("")

    def _set_query(self, query: str) -> None:
        self.query = query
        self.touch()
        self.changed.emit()

    # -- outcomes --------------------------------------------------------------------------------------
    def _printed(self, ticket: IssuedTicket) -> None:
        self.monitor.print_ok()
        self._go(Screen.TICKET)

    def _print_failed(self, ticket: IssuedTicket, fault: Any) -> None:
        self.fault = fault
        self.monitor.print_failed(fault)
        self._go(Screen.PRINT_FAILED)

    def _printer_fault(self, fault: Any) -> None:
        self.fault = fault
        self._go(Screen.PRINTER_FAULT)

    def _rejected(self, code: str, message: str) -> None:
        self.rejection = (code, message)
        self.feed.load()  # what the kiosk showed was stale: closed, full ...
        self._go(Screen.CHECKIN_FAILED if self.checking_in else Screen.REJECTED)

    def _unreachable(self, error: str) -> None:
        if self.screen is not Screen.ISSUE_FAILED:
            self._go(Screen.ISSUE_FAILED)
        else:
            self.changed.emit()

    def _link_changed(self, state: Any) -> None:
        self.link = state
        if state.connected and self.screen is Screen.ISSUE_FAILED and not self.issuer.busy:
            self.issuer.retry()
        self.changed.emit()
