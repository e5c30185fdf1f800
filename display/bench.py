"""`antrean bench display` (or `python -m display.bench`): the lobby display's targets, as JSON.

    call at a counter -> number painted on the display      p99 <= 50 ms
    call event -> audio start                                <= 300 ms
    after an hour of simulated calls: RSS <= 200 MiB, idle CPU <= 3 % of one core, no growth

It prepares a site with the `antrean` CLI, starts the master as its own process on loopback,
and runs the real display in this process (offscreen window 1920x1080, espeak-ng through the
render worker and phrase cache, QMediaPlayer), driven by ten counters over HTTP from a thread.
Importing this module loads no Qt (the CLI builds every parser)."""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"call_to_paint_p99_ms": 50, "event_to_audio_start_p99_ms": 300, "rss_mib": 200,
           "idle_cpu_percent": 3.0, "rss_trend_mib_per_hour": 5.0}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--minutes", type=float, default=60, help="simulated minutes of calls")
    p.add_argument("--speedup", type=float, default=20,
                   help="how much faster than real time the soak runs (clips shortened too)")
    p.add_argument("--calls-per-hour", type=int, default=400,
                   help="calls in a simulated hour (one voice speaks ~600 at most)")
    p.add_argument("--latency-calls", type=int, default=60,
                   help="calls measured one at a time for the latency figures")
    p.add_argument("--latency-speedup", type=float, default=8,
                   help="clip shortening during the latency phase (audio START is unaffected)")
    p.add_argument("--idle-seconds", type=float, default=30, help="idle CPU measuring time")
    p.add_argument("--sample-minutes", type=float, default=5, help="simulated minutes per sample")
    p.add_argument("--engine", choices=("espeak", "pyttsx3"), default="espeak")
    p.add_argument("--dir", type=Path, default=None, help="working folder (default: temporary)")
    p.add_argument("--samples", action="store_true", help="include every memory sample")
    p.add_argument("--pulse-monitor", metavar="SOURCE", default=None,
                   help="also time sound reaching a PulseAudio sink by recording its monitor, "
                        "e.g. nul.monitor (see display/bench_sink.py)")


def run(args: argparse.Namespace) -> int:
    if "PySide6.QtWidgets" not in sys.modules:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from .qt_compat import guard_none_refcount
    guard_none_refcount()
    app = QApplication.instance() or QApplication(["antrean-bench-display"])
    from .bench_run import Display, Driver
    from .bench_site import MasterProcess, prepare_site

    with tempfile.TemporaryDirectory(dir=args.dir, prefix="antrean-bench-display-") as tmp:
        folder = Path(tmp)
        site = prepare_site(folder)
        master = MasterProcess(site.db, folder / "master.log").start()
        display = sink = None
        try:
            display = Display(site, master.url, folder, args.engine)
            display.client.start()
            deadline = time.monotonic() + 20
            while not (display.vm.link_ok and display.vm.catalog) and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
            if not display.vm.link_ok:
                raise RuntimeError("the display did not connect to the master")
            driver = Driver(display, master.url, site, args)
            if args.pulse_monitor:
                from .bench_sink import SinkProbe
                sink = driver.sink = SinkProbe(args.pulse_monitor)
            driver.done.finished.connect(app.quit)
            driver.start()
            app.exec()
            if driver.error is not None:
                raise driver.error
            result = driver.result
        finally:
            if display is not None:
                display.close()
            if sink is not None:
                sink.close()
            master.stop()
    print(json.dumps(_report(result, args), indent=2))
    return 0


def _report(result: dict, args: argparse.Namespace) -> dict:
    latency, soak = result["latency"], result["soak"]
    if not args.samples:
        soak = {k: v for k, v in soak.items() if k != "samples"}
    rss_max = max(soak["rss_mib"]["max"], result["rss_end_mib"])
    idle = max(result["idle_before"]["cpu_percent_of_one_core"],
               result["idle_after"]["cpu_percent_of_one_core"])
    sound = latency.get("event_to_sound_at_sink")
    checks = {
        "call_to_paint_p99_ms": (latency["call_to_paint"].get("p99_ms"),
                                 TARGETS["call_to_paint_p99_ms"]),
        "event_to_audio_start_p99_ms": (latency["event_to_audio_start"].get("p99_ms"),
                                        TARGETS["event_to_audio_start_p99_ms"]),
        **({"event_to_sound_at_sink_p99_ms": (sound.get("p99_ms"),
                                              TARGETS["event_to_audio_start_p99_ms"])}
           if isinstance(sound, dict) else {}),
        "rss_mib": (rss_max, TARGETS["rss_mib"]),
        "idle_cpu_percent": (idle, TARGETS["idle_cpu_percent"]),
        "rss_trend_mib_per_hour": (soak["rss_trend_mib_per_hour"],
                                   TARGETS["rss_trend_mib_per_hour"]),
    }
    return {
        "targets": {k: {"value": v, "limit": limit, "ok": v is not None and v <= limit}
                    for k, (v, limit) in checks.items()},
        "latency": latency, "idle_before_soak": result["idle_before"], "soak": soak,
        "idle_after_soak": result["idle_after"], "rss_end_mib": result["rss_end_mib"],
        "machine": {"cpus": os.cpu_count(), "platform": sys.platform,
                    "qpa": os.environ.get("QT_QPA_PLATFORM", ""),
                    "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
    }


def register_bench(bench_sub) -> None:
    """`antrean bench display` (the same interface as the other apps' benches)."""
    p = bench_sub.add_parser("display", help="lobby display: call -> painted / audio start, an "
                                             "hour of calls: memory, idle CPU (JSON)")
    add_arguments(p)
    p.set_defaults(handler=run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m display.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
