"""`antrean kiosk --screenshots DIR`: every kiosk screen as PNG at each size, offscreen.

Without --master/--site the built-in sample MPP is used (kiosk/sample.py), so the fault screens
can be shown too; with a master, the real catalog is used (and real tickets are issued: use a
test master). The printer is simulated. Files: DIR/<W>x<H>/<nn>-<screen>.png."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from shared.adapters.printer import FaultKind, PrinterFault, PrinterStatus
from shared.net.client import ApiError, MasterUnavailable
from shared.net.connection_state import ConnectionState, Link

from .app import _size, _token, build_kiosk, make_application
from .sample import SampleClient


class ScriptedPrinter:
    """A printer whose check and print can be told to fail, and whose check can be held."""

    def __init__(self) -> None:
        self.check_fault: PrinterFault | None = None
        self.print_fault: PrinterFault | None = None
        self.gate = threading.Event()
        self.gate.set()
        self.printed: list[Any] = []

    def check(self) -> PrinterStatus:
        self.gate.wait(10)
        return (PrinterStatus.from_fault(self.check_fault) if self.check_fault
                else PrinterStatus.ready())

    def print_ticket(self, ticket: Any) -> None:
        if self.print_fault is not None:
            raise self.print_fault
        self.printed.append(ticket)


def _wait(app: Any, done: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the kiosk did not reach the expected state {what}")
        app.processEvents()
        time.sleep(0.005)
    for _ in range(3):
        app.processEvents()


def _pick(vm: Any) -> tuple[Any, Any, Any]:
    """An agency with an open priority-eligible service, and a closed service (if any)."""
    catalog = vm.catalog
    open_ = next((s for a in catalog.agencies for s in a.services
                  if s.issuable and s.priority_eligible), None)
    open_ = open_ or next(s for s in catalog.services.values() if s.issuable)
    closed = next((s for s in catalog.agency(open_.agency_id).services if not s.issuable), None)
    closed = closed or next((s for s in catalog.services.values() if not s.issuable), None)
    return catalog.agency(open_.agency_id), open_, closed


def take_screenshots(args: Any) -> int:
    app = make_application()
    out = Path(args.screenshots)
    sample = not (args.master or args.site)
    if sample:
        client: Any = SampleClient()
    else:
        from shared.net.client import MasterClient, make_locator
        client = MasterClient(make_locator(args.master, args.site, args.mdns_interface),
                              _token(args), name="kiosk-screenshots")
    printer = ScriptedPrinter()
    kiosk = build_kiosk(client, printer, public_url=args.public_url, idle_seconds=3600,
                        done_seconds=3600, auto_retry_seconds=3600, lang=args.lang)
    if not sample:
        client.start()
    kiosk.start()
    vm, window = kiosk.vm, kiosk.window
    if sample:
        kiosk.bridge.state.emit(ConnectionState(Link.CONNECTED, datetime.now(timezone.utc),
                                                client.base_url))
    try:
        _wait(app, lambda: vm.catalog is not None and vm.link is not None, 20)
        agency, service, closed = _pick(vm)
        for size in args.screenshot_sizes.split(","):
            w, h = _size(size)
            folder = out / f"{w}x{h}"
            folder.mkdir(parents=True, exist_ok=True)
            window.resize(w, h)
            window.show()
            n = 0

            def shot(name: str, action: Callable[[], None], screen: str) -> None:
                nonlocal n
                action()
                _wait(app, lambda: vm.screen.value == screen, what=f"{screen} ({name}, "
                      f"now {vm.screen.value})")
                n += 1
                window.grab().save(str(folder / f"{n:02d}-{name}.png"))

            for step in _steps(vm, client, printer, agency, service, closed, sample):
                shot(*step)
            vm.home()
            print(f"{n} screens at {w}x{h} in {folder}")
    finally:
        printer.gate.set()
        kiosk.close()
    return 0


def _steps(vm: Any, client: Any, printer: ScriptedPrinter, agency: Any, service: Any,
           closed: Any, sample: bool) -> list[tuple[str, Callable[[], None], str]]:
    def issue_held() -> None:  # the issuing screen: hold the printer check
        printer.gate.clear()
        vm.choose_priority("lansia")

    def release() -> None:
        printer.gate.set()

    def fault(kind: str, on_check: bool) -> Callable[[], None]:
        def run() -> None:
            vm.home()
            vm.start(); vm.choose_agency(agency.id); vm.choose_service(service.id)
            f = PrinterFault(FaultKind(kind))
            printer.check_fault, printer.print_fault = (f, None) if on_check else (None, f)
            vm.take_ticket()
            if vm.screen.value == "priority":
                vm.choose_priority(None)
        return run

    def issue_error(error: BaseException) -> Callable[[], None]:
        def run() -> None:
            client.fail_issue = error
            vm.home()
            vm.start(); vm.choose_agency(agency.id); vm.choose_service(service.id)
            printer.check_fault = printer.print_fault = None
            vm.take_ticket()
            vm.choose_priority(None)
        return run

    steps: list[tuple[str, Callable[[], None], str]] = [
        ("welcome", vm.home, "welcome"),
        ("welcome-en", lambda: vm.set_lang("en"), "welcome"),
        ("agencies", lambda: (vm.set_lang("id"), vm.start()), "agencies"),
        ("services", lambda: vm.choose_agency(agency.id), "services"),
        ("search-keyboard", lambda: (vm.set_keyboard(True), vm.type_text("ak")), "services"),
        ("info", lambda: vm.choose_service(service.id), "info"),
    ]
    if closed is not None:
        steps.append(("info-closed", lambda: vm.choose_service(closed.id), "info"))
    steps += [
        ("priority", lambda: (vm.choose_service(service.id), vm.take_ticket()), "priority"),
        ("issuing", issue_held, "issuing"),
        ("ticket", release, "ticket"),
        ("ticket-en", lambda: vm.set_lang("en"), "ticket"),
        ("printer-fault", fault("paper_out", True), "printer_fault"),
        ("print-failed", fault("paper_out", False), "print_failed"),
        ("checkin", lambda: (vm.home(), setattr(printer, "print_fault", None),
                             setattr(printer, "check_fault", None), vm.open_checkin()), "checkin"),
        ("checkin-typed", lambda: vm.type_text("K7M3Q9X"), "checkin"),
        ("checkin-failed", lambda: (vm.type_text("Z"), vm.submit_checkin()), "checkin_failed"),
        ("checkin-failed-en", lambda: vm.set_lang("en"), "checkin_failed"),
    ]
    if sample:
        steps.append(("checkin-ticket", lambda: (vm.set_lang("id"), vm.retry(),
                                                 vm.type_text("K7M3-Q9XP"), vm.submit_checkin()),
                      "ticket"))
    if sample:
        steps += [
            ("issue-failed", issue_error(MasterUnavailable("sample: master unreachable")),
             "issue_failed"),
            ("rejected", issue_error(ApiError(409, "quota_full", "Kuota hari ini sudah habis")),
             "rejected"),
            ("agencies-en", lambda: (vm.home(), vm.set_lang("en"), vm.start()), "agencies"),
        ]
    steps.append(("welcome-again", lambda: (setattr(client, "fail_issue", None), vm.home()),
                  "welcome"))
    return steps
