"""Network benchmarks of a real master process (print JSON).

    antrean bench latency --subscribers 50 --calls 500
        call-next sent -> the resulting ticket_called event received by every WebSocket
        subscriber: p50 / p99 / max in ms (calls are sequential: latency, not queueing).
    antrean bench load --kiosks 10 --counters 30 --seconds 30
        kiosks issue tickets and counters call-next as fast as they can for N seconds:
        tickets/s, calls/s, errors, duplicates, lost (acknowledged 201 but absent from the
        database afterwards), and the master's peak RSS.

Each run starts `python -m shared.master` on 127.0.0.1 (free port, mDNS off) with a fresh
database holding a demo-like catalog (8 agencies, 32 counters, 16 services, open 24 h) in a
temporary folder on disk (durable commits as in production). The load generator speaks raw
HTTP/1.1 keep-alive over asyncio streams so that it, not the master, stays cheap: on a 2-core
machine a heavier client (httpx) would take the CPU the master needs.

The helpers here (prepare_site, MasterProcess) are also used by tests/net.
"""
from __future__ import annotations

from pathlib import Path

from .bench_http import RawHttp, percentile, sign_in
from .bench_latency import Arrivals, cmd_bench_latency, subscriber
from .bench_load import LoadStats, cmd_bench_load
from .master_process import ROOT, MasterProcess, Site, demo_like_catalog, prepare_site

__all__ = [
    "ROOT", "Arrivals", "LoadStats", "MasterProcess", "RawHttp", "Site",
    "cmd_bench_latency", "cmd_bench_load", "demo_like_catalog", "percentile", "prepare_site",
    "register", "register_bench", "sign_in", "subscriber",
]


# -- registration ------------------------------------------------------------------------------
def register_bench(bench_sub) -> None:
    """Adds `latency` and `load` to `antrean bench` (called from shared/cli/bench.py)."""
    p = bench_sub.add_parser("latency", help="call-next -> event at every WebSocket subscriber "
                                             "(p50/p99/max ms) against a real master process")
    p.add_argument("--subscribers", type=int, default=50)
    p.add_argument("--calls", type=int, default=500)
    p.add_argument("--counters", type=int, default=8, help="counters taking turns calling")
    p.add_argument("--dir", type=Path, default=None, help="folder for the temporary database")
    p.add_argument("--uvloop", action="store_true",
                   help="experiment: run the master on uvloop (it runs on asyncio's default loop)")
    p.set_defaults(handler=cmd_bench_latency)
    p = bench_sub.add_parser("load", help="tickets/s and calls/s from kiosks and counters "
                                          "against a real master process")
    p.add_argument("--kiosks", type=int, default=10)
    p.add_argument("--counters", type=int, default=30)
    p.add_argument("--displays", type=int, default=5, help="WebSocket subscribers meanwhile")
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--dir", type=Path, default=None, help="folder for the temporary database")
    p.add_argument("--uvloop", action="store_true",
                   help="experiment: run the master on uvloop (it runs on asyncio's default loop)")
    p.set_defaults(handler=cmd_bench_load)


register = register_bench
