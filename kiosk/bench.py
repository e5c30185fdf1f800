"""`antrean bench kiosk`: tap -> ticket bytes at the printer, with the master on loopback.

Starts a real master process on 127.0.0.1 (bench catalog, durable commits, as in production)
and a network ESC/POS printer stand-in on 127.0.0.1 (answers the DLE EOT status requests like
a printer with paper), builds the real kiosk (view-models and window, offscreen, 1024x600) with
`EscposPrinter("net:...")`, and times each visitor's last tap ("Tidak, antrean biasa") until the
printer has received the whole ticket: printer check, POST /tickets, rendering, the TCP job.
Prints JSON: p50/p90/p99/max in ms and the phases' medians.

    antrean bench kiosk [--taps 200]        (or: python -m kiosk.bench --taps 200)

Register it in shared/cli/bench.py: `__import__("kiosk.bench", fromlist=["register_bench"])
.register_bench(bench_sub)`. Importing this module loads no Qt."""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

TARGET_P99_MS = 150.0
READY = {1: 0x12, 2: 0x12, 4: 0x12}


class CapturePrinter:
    """A network printer on 127.0.0.1: answers status requests, notes when each job ended."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.jobs: list[tuple[float, bytes]] = []  # (perf_counter at the job's last byte, bytes)
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        data = bytearray()
        with conn:
            while chunk := conn.recv(65536):
                data += chunk
                if len(chunk) == 3 and chunk[:2] == b"\x10\x04" and chunk[2] in READY:
                    conn.sendall(bytes([READY[chunk[2]]]))
        rest = bytes(data)
        for n in READY:
            rest = rest.replace(b"\x10\x04" + bytes([n]), b"")
        if rest:  # a job, not only status requests
            self.jobs.append((time.perf_counter(), bytes(data)))

    def close(self) -> None:
        self._stop = True
        self.server.close()


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def run_bench(taps: int = 200, warmup: int = 5, folder: Path | None = None) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from shared.adapters.printer import EscposPrinter
    from shared.cli.bench_net import MasterProcess, prepare_site
    from shared.net.client import MasterClient

    from .app import build_kiosk, make_application

    app = make_application()
    tmp = tempfile.TemporaryDirectory(prefix="antrean-bench-kiosk-", dir=folder)
    site = prepare_site(Path(tmp.name) / "bench.db", kiosks=1)
    master = MasterProcess(Path(tmp.name) / "bench.db").start()
    printer = CapturePrinter()
    client = MasterClient(master.url, site.kiosk_tokens[0], name="bench-kiosk")
    kiosk = build_kiosk(client, EscposPrinter(f"net:127.0.0.1:{printer.port}"),
                        idle_seconds=3600, done_seconds=3600)
    client.start()
    kiosk.start()
    kiosk.window.resize(1024, 600)
    kiosk.window.show()
    vm = kiosk.vm

    def wait(condition, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise RuntimeError(f"kiosk stuck on {vm.screen.value}")
            app.processEvents()

    phases: dict[str, list[float]] = {"check": [], "issue": [], "print": []}
    marks: dict[str, float] = {}
    kiosk.issuer.phaseChanged.connect(lambda: marks.__setitem__(kiosk.issuer.phase.value,
                                                                time.perf_counter()))
    totals: list[float] = []
    try:
        wait(lambda: vm.catalog is not None and vm.link is not None and vm.link.connected, 20)
        services = [s for s in vm.catalog.services.values() if s.issuable and s.priority_eligible]
        for i in range(warmup + taps):
            service = services[i % len(services)]
            vm.home(); vm.start(); vm.choose_agency(service.agency_id)
            vm.choose_service(service.id); vm.take_ticket()
            wait(lambda: vm.screen.value == "priority")
            jobs = len(printer.jobs)
            marks.clear()
            tap = time.perf_counter()
            vm.choose_priority(None)  # the last tap
            wait(lambda: len(printer.jobs) > jobs)
            done = printer.jobs[-1][0]
            wait(lambda: vm.screen.value == "ticket")
            if i >= warmup:
                totals.append((done - tap) * 1000)
                phases["check"].append((marks["issuing"] - tap) * 1000)
                phases["issue"].append((marks["printing"] - marks["issuing"]) * 1000)
                phases["print"].append((done - marks["printing"]) * 1000)
    finally:
        kiosk.close()
        master.stop()
        printer.close()
        tmp.cleanup()
    p99 = _pct(totals, 0.99)
    return {"bench": "kiosk tap -> ticket bytes at the printer", "taps": taps,
            "p50_ms": round(statistics.median(totals), 1), "p90_ms": round(_pct(totals, 0.9), 1),
            "p99_ms": round(p99, 1), "max_ms": round(max(totals), 1),
            "mean_ms": round(statistics.fmean(totals), 1), "target_p99_ms": TARGET_P99_MS,
            "meets_target": p99 <= TARGET_P99_MS,
            "phases_p50_ms": {k: round(statistics.median(v), 1) for k, v in phases.items()},
            "setup": "master subprocess on 127.0.0.1 (durable commits); EscposPrinter net: to a "
                     "local TCP printer stand-in answering DLE EOT; kiosk window offscreen "
                     "1024x600; printer checked before each ticket"}


def cmd_bench_kiosk(args: Any) -> int:
    result = run_bench(args.taps, folder=args.dir)
    print(json.dumps(result, indent=2))
    return 0


def register_bench(bench_sub) -> None:
    p = bench_sub.add_parser("kiosk", help="kiosk tap -> ticket bytes at a network printer, "
                                           "master on loopback (p50/p99 ms)")
    p.add_argument("--taps", type=int, default=200)
    p.add_argument("--dir", type=Path, default=None, help="folder for the temporary database")
    p.set_defaults(handler=cmd_bench_kiosk)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.bench", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="bench")
    register_bench(sub)
    args = parser.parse_args(["kiosk", *(argv if argv is not None else sys.argv[1:])])
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
