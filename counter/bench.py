"""Key press on the counter panel -> the call visible on a connected display client (ms).

    python -m counter.bench [--calls 200] [--warmup 10]        (prints one JSON object)

Starts a real master process on 127.0.0.1 (durable commits, as in production) with a bench
site, then a real panel window (offscreen) signed in at a counter, a kiosk client that issues
one ticket per round, and a second MasterClient subscribed to the events standing in for the
lobby display. Each round presses F1 on the window (QTest: the same shortcut path as a keyboard)
and takes two times: when the display client receives the ``ticket_called`` event (on its own
thread, so the panel's GUI thread cannot delay it) and when the panel's own card shows the
number. Rounds are sequential: this is latency, not load (see `antrean bench load` for that).
No Qt import at module level: the CLI may build this parser without loading Qt.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--calls", type=int, default=200, help="measured rounds (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured rounds first")
    parser.add_argument("--dir", type=Path, default=None,
                        help="folder for the bench database (default: a temporary folder)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per round at most")


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def pick(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]
    return {"p50": round(pick(50), 2), "p90": round(pick(90), 2), "p99": round(pick(99), 2),
            "max": round(ordered[-1], 2), "mean": round(statistics.fmean(ordered), 2)}


def run(args: argparse.Namespace) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from .qtfix import immortalize_singletons
    immortalize_singletons()
    from shared.cli.bench_net import MasterProcess, prepare_site  # a site to measure against

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        site = prepare_site(Path(tmp) / "bench.db", kiosks=1, displays=1, counters=1)
        master = MasterProcess(site.db).start()
        try:
            result = measure(master.url, site, args)
        finally:
            master.stop()
    print(json.dumps(result, indent=2))
    return 0 if result["failed_rounds"] == 0 else 1


def measure(url: str, site, args: argparse.Namespace) -> dict:
    from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from shared.net.client import MasterClient

    from .app import setup_app
    from .bridge import ClientBridge
    from .keymap import DEFAULT_KEYMAP
    from .viewmodels.counter_vm import CounterViewModel
    from .views.main_window import CounterWindow

    class Poke(QObject):
        seen = Signal()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    setup_app(app)
    poke = Poke()
    counter_id = site.counter_ids[0]
    service_id = site.counter_services[counter_id][0]
    lock = threading.Lock()
    displayed: dict[int, float] = {}  # ticket id -> perf_counter when the display got the call

    def on_display_event(event: dict) -> None:
        if event.get("type") == "ticket_called" and event.get("counter_id") == counter_id:
            arrived = time.perf_counter()
            with lock:
                displayed[event["ticket_id"]] = arrived
            poke.seen.emit()

    display = MasterClient(url, site.display_tokens[0], on_event=on_display_event,
                           name="bench-display").start()
    kiosk = MasterClient(url, site.kiosk_tokens[0], name="bench-kiosk").start(events=False)
    bridge = ClientBridge()
    panel_client = bridge.attach(MasterClient(url, site.counter_tokens[0], name="bench-panel"))
    vm = CounterViewModel(panel_client, bridge, counter_ref=str(counter_id), idle_minutes=0,
                          keymap=DEFAULT_KEYMAP)
    window = CounterWindow(vm)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    panel_client.start()
    vm.start()

    def wait(condition, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            QTest.qWait(5)
        return bool(condition())

    assert display.wait_connected(10), "display client did not connect"
    assert wait(lambda: bool(vm.catalog.counters), 10), "panel got no catalog"
    vm.login(site.officer, site.pin, counter_id)
    assert wait(lambda: vm.phase == "work", 10), f"sign-in failed: {vm.message}"
    assert wait(lambda: not vm._refreshing, 10)

    shown: dict[str, float] = {}

    def on_changed() -> None:
        number = window.work.area.card.number.text()
        if window.work.stack.currentWidget() is window.work.area.card and number not in shown:
            shown[number] = time.perf_counter()
            poke.seen.emit()
    vm.changed.connect(on_changed)  # after the window's own slot: the card is already drawn

    to_display, to_panel, failed = [], [], 0
    for i in range(args.warmup + args.calls):
        ticket = kiosk.issue_ticket(service_id).result(10).data["ticket"]
        wait(lambda: not vm.busy, args.timeout)
        loop = QEventLoop()

        def check() -> None:
            with lock:
                seen = ticket["id"] in displayed
            if seen and ticket["number"] in shown:
                loop.quit()
        poke.seen.connect(check)
        QTimer.singleShot(int(args.timeout * 1000), loop.quit)
        pressed = time.perf_counter()
        QTest.keyClick(window, Qt.Key.Key_F1)
        check()
        loop.exec()
        poke.seen.disconnect(check)
        with lock:
            at_display = displayed.get(ticket["id"])
        at_panel = shown.get(ticket["number"])
        if at_display is None or at_panel is None:
            failed += 1
            continue
        if i >= args.warmup:
            to_display.append((at_display - pressed) * 1000)
            to_panel.append((at_panel - pressed) * 1000)

    vm.shutdown()
    bridge.detach()
    for client in (panel_client, display, kiosk):
        client.close()
    window.close()
    return {
        "bench": "counter",
        "what": "F1 on the panel window -> ticket_called received by a display client",
        "calls": len(to_display), "warmup": args.warmup, "failed_rounds": failed,
        "key_to_display_ms": percentiles(to_display) if to_display else None,
        "key_to_panel_ms": percentiles(to_panel) if to_panel else None,
        "master": "python -m shared.master, 127.0.0.1, durable commits (synchronous=FULL)",
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m counter.bench", description=__doc__.split(
        "\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())


def register_bench(bench_sub) -> None:
    """`antrean bench counter` (the same interface as the other apps' benches)."""
    p = bench_sub.add_parser("counter", help="counter panel: key press -> call on a display "
                                             "client, master on loopback (p50/p99 ms)")
    add_arguments(p)
    p.set_defaults(handler=run)
