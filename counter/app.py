"""`antrean counter`: the composition root of the officer's panel.

One window per ``--counter`` (or one with a counter chooser), each with its own MasterClient
(its own officer session and event stream), bridge, view-model and window; two counters can
share one machine, one window per screen when there are several. ``--screenshots DIR`` renders
every screen offscreen without a master and exits (screenshots.py).
"""
from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

from .keymap import KeymapError, load_keymap
from .qtfix import immortalize_singletons

log = logging.getLogger("antrean.counter")
EXIT_BUG = 70  # an unhandled exception: systemd restarts the panel


def parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"--size: expected WxH such as 1366x768, got {text!r}") from None
    return width, height


def read_token(args) -> str | None:
    if getattr(args, "token", None):
        return args.token.strip()
    path: Path | None = getattr(args, "token_file", None)
    if path is not None:
        try:
            return path.read_text(encoding="utf-8").strip() or None
        except OSError as exc:
            raise SystemExit(f"--token-file {path}: {exc.strerror or exc}") from None
    return None


def run(args) -> int:
    immortalize_singletons()  # before any Qt call: see qtfix.py
    if args.screenshots is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication exists
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .views.keys import normalize
    try:
        keymap = normalize_keymap(args, normalize)
    except KeymapError as exc:
        print(f"antrean counter: {exc}", file=sys.stderr)
        return 2
    if args.screenshots is not None:
        from .screenshots import render_all
        sizes = [parse_size(s) for s in args.screenshot_sizes.split(",") if s.strip()]
        return render_all(args.screenshots, sizes, keymap, args.lang)

    token = read_token(args)
    if not token or not (args.master or args.site):
        print("antrean counter: needs --master URL (or --site ID) and --token/--token-file "
              "(a counter device token from `antrean device add --role counter`)", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    setup_app(app)
    panels = [build_panel(args, token, keymap, ref, i) for i, ref in
              enumerate(args.counter or [None])]
    failed: list[int] = []
    hooks = [_service_hooks(app, i, client, window)
             for i, (client, _bridge, _vm, window) in enumerate(panels)]

    def on_bug(kind, value, tb) -> None:
        log.critical("unhandled error: this is a bug", exc_info=(kind, value, tb))
        failed.append(EXIT_BUG)
        app.exit(EXIT_BUG)

    previous_hook = sys.excepthook
    sys.excepthook = on_bug
    # SIGTERM (systemd stop) and Ctrl+C quit the event loop, so the officer is signed out and
    # the counter closed below; the ticker lets Python run its signal handlers during exec().
    stop_signals = (signal.SIGTERM, signal.SIGINT)
    previous_handlers = {s: signal.signal(s, lambda *_: app.exit(0)) for s in stop_signals}
    ticker = QTimer(interval=250)
    ticker.timeout.connect(lambda: None)
    ticker.start()
    try:
        code = app.exec()
    finally:
        ticker.stop()
        for number, handler in previous_handlers.items():
            signal.signal(number, handler)
        sys.excepthook = previous_hook
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # a quit() after exec() would end later loops
        for panel_hooks in hooks:
            panel_hooks["heartbeat"].stop()
        for client, bridge, vm, window in panels:
            window.close()  # signs out: closes the counter (bounded wait)
            bridge.detach()
            client.close()
            window.deleteLater()
        app.setQuitOnLastWindowClosed(quit_on_close)
    return failed[0] if failed else code


def _service_hooks(app, index: int, client, window) -> dict:
    """systemd readiness + watchdog from the GUI thread, heartbeat (an idle officer's counter
    is not taken for abandoned), live screenshots when ANTREAN_SNAPSHOT_DIR is set (the demo)."""
    from PySide6.QtCore import QTimer

    from shared.ops.service_hooks import start_service_hooks

    def every(seconds: float, fn) -> QTimer:
        timer = QTimer(app)
        timer.timeout.connect(fn)
        timer.start(int(seconds * 1000))
        return timer

    name = "counter" if index == 0 else f"counter-{index + 1}"
    return start_service_hooks(name, every, lambda path: window.grab().save(path), client=client)


def normalize_keymap(args, normalize) -> dict[str, str]:
    return normalize(load_keymap(getattr(args, "keymap", None)))


def setup_app(app) -> None:
    from PySide6.QtGui import QFont

    from .views.style import FONT_FAMILIES
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    app.setFont(font)
    app.setApplicationName("antrean-counter")


def build_panel(args, token: str, keymap: dict[str, str], ref: str | None, index: int):
    from PySide6.QtGui import QGuiApplication

    from shared.net.client import MasterClient, make_locator

    from .bridge import ClientBridge
    from .viewmodels.counter_vm import CounterViewModel
    from .views.main_window import CounterWindow

    bridge = ClientBridge()
    locator = make_locator(args.master, args.site, args.mdns_interface)
    client = bridge.attach(MasterClient(locator, token, name=f"antrean-counter-{ref or index}"))
    vm = CounterViewModel(client, bridge, counter_ref=ref, idle_minutes=args.idle_minutes,
                          lang=args.lang, keymap=keymap)
    window = CounterWindow(vm)
    screens = QGuiApplication.screens()
    if screens:  # two counters on one machine: one window per screen when there are several
        geometry = screens[index % len(screens)].availableGeometry()
        window.move(geometry.topLeft())
    size = parse_size(args.size)
    if size is not None:
        window.resize(*size)
    if args.windowed or size is not None:
        window.show()
    else:
        window.showFullScreen()
    client.start()
    vm.start()
    return client, bridge, vm, window
