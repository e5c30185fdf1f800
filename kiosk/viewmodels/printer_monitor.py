"""What the kiosk knows about its printer, and telling the master so staff see faults.

The state is the latest of: a status check (``check()``, also every ``poll_ms`` while the kiosk
is idle), a print that failed (its fault) or a print that worked ("ready"). Every change is
reported with ``POST /api/v1/devices/me/status`` ``{"printer": {"state", "message"}}``; a 404
(the master does not have the endpoint yet) or an unreachable master is tolerated: the report is
retried with the next change or poll."""
from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from shared.adapters.printer import PrinterFault, PrinterStatus
from shared.net.client import ApiError, MasterUnavailable

log = logging.getLogger(__name__)

STATUS_PATH = "/devices/me/status"


class PrinterMonitor(QObject):
    changed = Signal()

    def __init__(self, client: Any, bridge: Any, printer: Any, *, poll_ms: int = 30_000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client, self.bridge, self.printer = client, bridge, printer
        self.state = "unknown"
        self.fault: PrinterFault | None = None
        self.message = ""
        self.reported: str | None = None  # the state the master last accepted
        self.reports: list[tuple[str, int | str]] = []  # (state, HTTP status or error)
        self.endpoint_missing = False
        self._checking = False
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.poll)
        self.poll_allowed = lambda: True  # the kiosk says when (not in a visitor's way)

    def start(self) -> None:
        self._poll.start()
        self.check()

    def stop(self) -> None:
        self._poll.stop()

    def poll(self) -> None:
        if self.poll_allowed():
            self.check()
        elif self.reported != self.state:
            self._report()

    def check(self) -> None:
        if self._checking:
            return
        self._checking = True
        self.bridge.deliver(self.printer.check(), self._checked)

    def _checked(self, future: Future) -> None:
        self._checking = False
        self.set_status(future.result())

    # -- what happened --------------------------------------------------------------------------
    def set_status(self, status: PrinterStatus) -> None:
        self._set(status.state, status.fault, status.fault.message if status.fault else status.detail)

    def print_failed(self, fault: PrinterFault) -> None:
        self._set(fault.kind.value, fault, fault.message)

    def print_ok(self) -> None:
        if self.fault is not None or self.state in ("unknown", "write_error"):
            self._set("ready" if self.state != "unknown" else "unknown", None, "")

    def _set(self, state: str, fault: PrinterFault | None, message: str) -> None:
        changed = (state, message) != (self.state, self.message)
        self.state, self.fault, self.message = state, fault, message
        if changed:
            log.log(logging.WARNING if fault else logging.INFO, "printer: %s %s", state, message)
            self.changed.emit()
        if changed or (self.reported != state and not self.endpoint_missing):
            self._report()

    # -- telling the master ---------------------------------------------------------------------
    def _report(self) -> None:
        state, message = self.state, self.message
        body = {"printer": {"state": state, "message": message}}
        self.bridge.deliver(self.client.post(STATUS_PATH, body),
                            lambda f: self._reported(f, state))

    def _reported(self, future: Future, state: str) -> None:
        try:
            resp = future.result()
        except ApiError as exc:
            self.reports.append((state, exc.status))
            if exc.status == 404 and not self.endpoint_missing:
                log.info("the master has no %s endpoint yet: printer state not reported",
                         STATUS_PATH)
                self.endpoint_missing = True
            elif exc.status != 404:
                log.warning("printer state not reported: %s", exc)
            return
        except MasterUnavailable as exc:
            self.reports.append((state, "unreachable"))
            log.info("printer state not reported (master unreachable): %s", exc)
            return
        self.reports.append((state, resp.status))
        self.reported = state
