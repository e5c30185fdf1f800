"""`antrean display`: the composition root of the lobby TV.

MasterClient (own thread) -> ClientBridge (signals) -> DisplayViewModel -> DisplayWindow, and
the voice: DisplayViewModel -> AnnouncementQueue -> TtsAnnouncer (render worker thread +
phrase cache) and QtAudioPlayer. ``--screenshots DIR`` renders sample screens and exits."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

log = logging.getLogger("antrean.display")


def _token(args) -> str | None:
    if getattr(args, "token", None):
        return args.token.strip()
    if getattr(args, "token_file", None):
        try:
            return Path(args.token_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SystemExit(f"antrean display: cannot read token file: {exc}") from None
    return os.environ.get("ANTREAN_TOKEN") or None


def _size(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    try:
        w, h = (int(x) for x in value.lower().split("x"))
    except ValueError:
        raise SystemExit(f"antrean display: --size must be WxH, e.g. 1366x768, got {value!r}")
    return w, h


def _application():
    from PySide6.QtWidgets import QApplication

    from .qt_compat import guard_none_refcount
    guard_none_refcount()  # PySide6 6.12.0 on Python 3.11 (see qt_compat.py)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("antrean-display")
    return app


def run(args) -> int:
    # force: python-escpos (imported by the CLI) calls basicConfig() at import time
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, force=True,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.screenshots is not None:
        from PySide6.QtWidgets import QApplication
        if QApplication.instance() is None:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # render without a screen
        _application()
        from .screenshots import render_all
        for path in render_all(Path(args.screenshots), args.lang, args.logo):
            print(path)
        return 0

    if not (args.master or args.site):
        print("antrean display: give --master URL or --site ID", file=sys.stderr)
        return 2
    app = _application()
    from PySide6.QtCore import Qt

    from shared.net.client import MasterClient, make_locator

    from .bridge import ClientBridge
    from .viewmodels.board import DisplayViewModel
    from .viewmodels.clock import ClockViewModel
    from .viewmodels.display_filter import DisplayFilter
    from .viewmodels.slides import SlidesViewModel, images_in
    from .views.window import DisplayWindow

    queue, announcer = _voice(args) if args.voice else (None, None)
    bridge = ClientBridge()
    vm = DisplayViewModel(bridge, filter=DisplayFilter.of(args.zone, args.agency),
                          announcements=queue, lang=args.lang, ticker=args.ticker)
    window = DisplayWindow(vm, ClockViewModel(args.lang), SlidesViewModel(images_in(args.slides)),
                           args.logo)
    client = bridge.attach(MasterClient(make_locator(args.master, args.site, args.mdns_interface),
                                        _token(args), name="display-client"))
    size = _size(args.size)
    if args.windowed or size:
        window.resize(*(size or (1280, 720)))
        window.show()
    else:
        window.setCursor(Qt.CursorShape.BlankCursor)  # a TV without a mouse
        window.showFullScreen()
    client.start()
    hooks = _service_hooks(app, window, client)
    _quit_on_signals(app)
    _exit_on_bugs(app)
    try:
        return app.exec()
    finally:
        hooks["heartbeat"].stop()
        client.close()
        if queue is not None:
            queue.stop()
        if announcer is not None:
            announcer.close()


def _service_hooks(app, window, client) -> dict:
    """systemd readiness + watchdog from the GUI thread, heartbeat to the master, live
    screenshots when ANTREAN_SNAPSHOT_DIR is set (the demo)."""
    from PySide6.QtCore import QTimer

    from shared.ops.service_hooks import start_service_hooks

    def every(seconds: float, fn) -> QTimer:
        timer = QTimer(app)
        timer.timeout.connect(fn)
        timer.start(int(seconds * 1000))
        return timer

    return start_service_hooks("display", every, lambda path: window.grab().save(path),
                               client=client)


def _exit_on_bugs(app) -> None:
    """An exception escaping a Qt slot is a bug: log it and leave with a non-zero status, so
    systemd restarts the display (apps.md) instead of it running on in an unknown state."""
    def hook(kind, value, tb) -> None:
        log.critical("unexpected error: stopping", exc_info=(kind, value, tb))
        app.exit(70)  # EX_SOFTWARE

    sys.excepthook = hook


def _quit_on_signals(app) -> None:
    """SIGTERM (systemd stop) and SIGINT end the event loop, so the client and the voice
    worker are closed properly. Python runs signal handlers only between bytecodes, which a
    Qt event loop does not execute while idle: the signal is written to a socket that Qt
    watches (no polling timer)."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)  # the wake-up byte does the work
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def wake() -> None:
        try:
            reader.recv(64)
        except OSError:
            pass
        log.info("signal received: stopping")
        app.quit()

    notifier.activated.connect(wake)
    app._antrean_signal_pipe = (reader, writer, notifier)  # keep them alive


def _voice(args):
    from shared.adapters.tts import TTSError
    from shared.domain.spoken import AnnouncementTemplate

    from .announcer import make_tts_announcer
    from .audio import QtAudioPlayer
    from .viewmodels.announcements import AnnouncementQueue

    template = AnnouncementTemplate(digit_by_digit=args.digits,
                                    include_agency=args.with_agency_name,
                                    repeats=args.voice_repeats)
    try:
        announcer = make_tts_announcer(engine=args.voice_engine, rate=args.voice_rate,
                                       volume=args.voice_volume, template=template,
                                       cache_dir=args.voice_cache)
    except (TTSError, OSError) as exc:  # no engine: the board still works, silently logged
        log.error("voice announcements disabled: %s", exc)
        return None, None
    player = QtAudioPlayer()
    if announcer.chime is not None:
        player.warm_up(announcer.chime.parent)
    return AnnouncementQueue(announcer, player), announcer
