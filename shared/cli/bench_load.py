"""Part of the network benchmarks (``antrean bench``, see :mod:`shared.cli.bench_net`): ``antrean
bench load``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .bench_http import RawHttp, sign_in
from .master_process import MasterProcess, Site, prepare_site


# -- bench load ------------------------------------------------------------------------------------
@dataclass
class LoadStats:
    tickets: int = 0
    calls: int = 0
    empty: int = 0  # call-next with nothing waiting (409 queue_empty): not an error
    refused: int = 0  # 409 on issue (quota, closed): not an error either
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    acked: dict[int, str] = field(default_factory=dict)  # ticket id -> number, from 201s
    ack_duplicates: int = 0
    events: int = 0
    event_gaps: int = 0
    master_cpu: float = 0.0  # CPU seconds the master used during the run

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 10:
            self.error_samples.append(what)


async def _kiosk(url: str, token: str, services: list[int], offset: int, stop: float,
                 stats: LoadStats) -> None:
    http = RawHttp(url, token)
    i = offset
    while time.perf_counter() < stop:
        service = services[i % len(services)]
        i += 1
        try:
            status, body = await http.request(
                "POST", "/tickets", {"service_id": service, "priority": None},
                {"Idempotency-Key": uuid.uuid4().hex})
        except (OSError, ConnectionError, asyncio.IncompleteReadError) as exc:
            stats.error(f"issue: {type(exc).__name__}: {exc}")
            await asyncio.sleep(0.05)
            continue
        if status == 201:
            tid = body["ticket"]["id"]
            if tid in stats.acked:
                stats.ack_duplicates += 1
            stats.acked[tid] = body["ticket"]["number"]
            stats.tickets += 1
        elif status == 409:
            stats.refused += 1
        else:
            stats.error(f"issue: {status} {body}")
    await http.close()


async def _counter(url: str, token: str, site: Site, counter_id: int, stop: float,
                   stats: LoadStats) -> None:
    http = RawHttp(url, token)
    await sign_in(http, site, counter_id)
    while time.perf_counter() < stop:
        try:
            status, body = await http.request("POST", f"/counters/{counter_id}/call-next")
        except (OSError, ConnectionError, asyncio.IncompleteReadError) as exc:
            stats.error(f"call: {type(exc).__name__}: {exc}")
            await asyncio.sleep(0.05)
            continue
        if status == 200:
            stats.calls += 1
        elif status == 409 and body and body["error"]["code"] == "queue_empty":
            stats.empty += 1
            await asyncio.sleep(0.1)  # an officer does not hammer an empty queue
        else:
            stats.error(f"call: {status} {body}")
    await http.close()


async def _display(url: str, token: str, since: int, stats: LoadStats) -> None:
    from websockets.asyncio.client import connect

    ws_url = url.replace("http://", "ws://") + f"/api/v1/events?since={since}&token={token}"
    async with connect(ws_url, proxy=None, max_size=None, compression=None) as ws:
        last = since
        async for raw in ws:
            event = json.loads(raw)
            if event.get("type") == "resync":
                continue
            if event["seq"] != last + 1:
                stats.event_gaps += 1
            last = event["seq"]
            stats.events += 1


async def _load(site: Site, master: MasterProcess, kiosks: int, counters: int, displays: int,
                seconds: float) -> tuple[LoadStats, float, float]:
    stats = LoadStats()
    status, health = await RawHttp(master.url, "").request("GET", "/health")
    watchers = [asyncio.create_task(_display(master.url, site.display_tokens[i], health["seq"],
                                             stats)) for i in range(displays)]
    peak_rss = 0.0

    async def sample() -> None:
        nonlocal peak_rss
        while True:
            peak_rss = max(peak_rss, master.memory().get("VmRSS", 0))
            await asyncio.sleep(0.25)

    sampler = asyncio.create_task(sample())
    await asyncio.sleep(0.2)
    cpu0 = master.cpu_seconds()
    start = time.perf_counter()
    stop = start + seconds
    workers = [_kiosk(master.url, site.kiosk_tokens[k], site.service_ids, k, stop, stats)
               for k in range(kiosks)]
    workers += [_counter(master.url, site.counter_tokens[i], site,
                         site.counter_ids[i % len(site.counter_ids)], stop, stats)
                for i in range(counters)]
    await asyncio.gather(*workers)
    elapsed = time.perf_counter() - start
    stats.master_cpu = master.cpu_seconds() - cpu0
    await asyncio.sleep(0.5)  # let the displays drain
    for t in [*watchers, sampler]:
        t.cancel()
    await asyncio.gather(*watchers, sampler, return_exceptions=True)
    return stats, elapsed, peak_rss


def cmd_bench_load(args) -> int:
    if args.counters > 32:
        raise SystemExit("the bench catalog has 32 counters")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        db = Path(tmp) / "load.db"
        site = prepare_site(db, kiosks=args.kiosks, displays=args.displays, counters=args.counters)
        master = MasterProcess(db, uvloop=args.uvloop).start()
        try:
            stats, elapsed, peak_rss = asyncio.run(
                _load(site, master, args.kiosks, args.counters, args.displays, args.seconds))
            memory = master.memory()
        finally:
            exit_code = master.stop()
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        stored = {r[0]: r[1] for r in conn.execute("SELECT id, number FROM tickets")}
        dupes = conn.execute(
            "SELECT count(*) FROM (SELECT day, prefix, seq FROM tickets GROUP BY 1, 2, 3 "
            "HAVING count(*) > 1)").fetchone()[0]
        conn.close()
    lost = [tid for tid, number in stats.acked.items() if stored.get(tid) != number]
    requests = stats.tickets + stats.refused + stats.calls + stats.empty + stats.errors
    out = {
        "kiosks": args.kiosks, "counters": args.counters, "displays": args.displays,
        "seconds": round(elapsed, 2),
        "tickets": stats.tickets,
        "tickets_per_s": round(stats.tickets / elapsed, 1),
        "calls": stats.calls,
        "calls_per_s": round(stats.calls / elapsed, 1),
        "call_next_on_empty_queue": stats.empty,
        "issue_refused_409": stats.refused,
        "requests": requests,
        "requests_per_s": round(requests / elapsed, 1),
        "errors": stats.errors,
        "error_samples": stats.error_samples,
        "duplicates": dupes + stats.ack_duplicates,
        "lost": len(lost),
        "display_events": stats.events,
        "display_gaps": stats.event_gaps,
        "master_cpu_s": round(stats.master_cpu, 2),
        "master_cpu_ms_per_request": round(1000 * stats.master_cpu / max(1, requests), 3),
        "master_peak_rss_mib": round(max(memory.get("VmHWM", 0), peak_rss), 1),
        "master_rss_end_mib": round(memory.get("VmRSS", 0), 1),
        "master_exit_code": exit_code,
        "targets": {"tickets_per_s": 650, "master_rss_mib": 100},
        "durability": "WAL, synchronous=FULL, group commit",
        "master_loop": "uvloop" if args.uvloop else "asyncio",
        "cpu_count": os.cpu_count(),
    }
    print(json.dumps(out, indent=2))
    return 0
