"""`antrean kiosk`: the composition root.

Builds the MasterClient (fixed --master URL or mDNS --site), the bridge, the printer (on its own
thread), the view-models and the window, then runs the Qt event loop full screen.
`--screenshots DIR` renders every screen offscreen instead (kiosk/screenshots.py) and exits."""
from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class Kiosk:
    """Everything one kiosk is made of (the app, the tests and the benchmark build it alike)."""
    client: Any
    bridge: Any
    printer: Any  # PrinterService
    feed: Any
    monitor: Any
    issuer: Any
    vm: Any
    window: Any = None

    def start(self) -> "Kiosk":
        self.feed.start()
        self.monitor.start()
        return self

    def close(self) -> None:
        self.feed.stop()
        self.monitor.stop()
        if self.window is not None:
            self.window.close()
        close = getattr(self.client, "close", None)
        if close is not None:
            close()
        self.printer.close()


def build_kiosk(client: Any, printer: Any, *, public_url: str | None = None,
                idle_seconds: float = 45.0, done_seconds: float = 15.0, lang: str = "id",
                give_up_after: float = 10.0, auto_retry_seconds: float = 5.0,
                with_window: bool = True) -> Kiosk:
    """Wire a kiosk around a (started or sample) client and a TicketPrinter. The client's
    callbacks must be attached to the bridge before it starts: done here when possible."""
    from .bridge import KioskBridge
    from .printing import PrinterService
    from .viewmodels.catalog_feed import CatalogFeed
    from .viewmodels.issuer import TicketIssuer, build_issued
    from .viewmodels.kiosk import KioskConfig, KioskViewModel
    from .viewmodels.printer_monitor import PrinterMonitor

    bridge = KioskBridge()
    if hasattr(client, "on_state"):
        bridge.attach(client)
    service = PrinterService(printer)
    feed = CatalogFeed(client, bridge)
    monitor = PrinterMonitor(client, bridge, service)

    def build(data: dict, key: str, replayed: bool):
        return build_issued(data, key, replayed, feed.view,
                            public_url or getattr(client, "base_url", None))

    issuer = TicketIssuer(client, bridge, service, build, give_up_after=give_up_after)
    vm = KioskViewModel(feed, issuer, monitor, bridge,
                        KioskConfig(idle_seconds, done_seconds, lang, auto_retry_seconds))
    kiosk = Kiosk(client, bridge, service, feed, monitor, issuer, vm)
    if with_window:
        from .views.window import KioskWindow
        kiosk.window = KioskWindow(vm)
    return kiosk


def make_application(argv: list[str] | None = None):
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from .qtfix import immortalize_singletons
    from .views.style import FONT_FAMILIES

    immortalize_singletons()  # PySide6 6.12.0 on Python 3.11 (see qtfix.py)
    app = QApplication.instance() or QApplication(argv or ["antrean-kiosk"])
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    app.setFont(font)
    return app


def _service_hooks(app: Any, kiosk: Kiosk, client: Any) -> dict:
    """systemd readiness + watchdog from the GUI thread, heartbeat with the printer's state,
    live screenshots when ANTREAN_SNAPSHOT_DIR is set (the demo)."""
    from PySide6.QtCore import QTimer

    from shared.ops.service_hooks import start_service_hooks

    def every(seconds: float, fn) -> QTimer:
        timer = QTimer(app)
        timer.timeout.connect(fn)
        timer.start(int(seconds * 1000))
        return timer

    hooks = start_service_hooks("kiosk", every, lambda path: kiosk.window.grab().save(path),
                                client=client)
    heartbeat = hooks["heartbeat"]

    def report_printer() -> None:
        heartbeat.set_printer({"state": kiosk.monitor.state, "message": kiosk.monitor.message})

    kiosk.monitor.changed.connect(report_printer)
    report_printer()
    return hooks


def _token(args: Any) -> str | None:
    if getattr(args, "token", None):
        return args.token
    if getattr(args, "token_file", None):
        return args.token_file.read_text(encoding="utf-8").strip()
    return None


def _size(text: str) -> tuple[int, int]:
    w, _, h = text.lower().partition("x")
    return int(w), int(h)


def run(args: Any) -> int:
    logging.basicConfig(level=logging.INFO, force=True,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is too much
    if args.screenshots is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from .screenshots import take_screenshots
        return take_screenshots(args)
    if not (args.master or args.site):
        print("antrean kiosk: give --master URL or --site ID (mDNS discovery)", file=sys.stderr)
        return 2
    from shared.net.client import MasterClient, make_locator

    from .printing import open_printer

    app = make_application(sys.argv[:1])
    client = MasterClient(make_locator(args.master, args.site, args.mdns_interface), _token(args),
                          name="kiosk")
    kiosk = build_kiosk(client, open_printer(args.printer, args.paper),
                        public_url=args.public_url, idle_seconds=args.idle_seconds,
                        done_seconds=args.done_seconds, lang=args.lang,
                        give_up_after=args.issue_retry_seconds)
    client.start()
    kiosk.start()
    hooks = _service_hooks(app, kiosk, client)
    app.installEventFilter(kiosk.window)
    if args.windowed or args.size:
        if args.size:
            kiosk.window.resize(*_size(args.size))
        kiosk.window.show()
    else:
        kiosk.window.showFullScreen()
    _quit_on_signals(app)
    try:
        return app.exec()
    finally:
        hooks["heartbeat"].stop()
        kiosk.close()


def _quit_on_signals(app: Any) -> None:
    """SIGTERM (systemd stop) and SIGINT end the event loop cleanly. Python handles signals
    only when it runs, so a timer lets it run twice a second."""
    import signal

    from PySide6.QtCore import QTimer

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: app.quit())
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(500)
