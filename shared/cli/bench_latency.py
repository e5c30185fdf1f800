"""Part of the network benchmarks (``antrean bench``, see :mod:`shared.cli.bench_net`): ``antrean
bench latency``.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from .bench_http import RawHttp, percentile, sign_in
from .master_process import MasterProcess, Site, prepare_site


# -- subscribers -----------------------------------------------------------------------------------
class Arrivals:
    """When each subscriber received each seq; wakes a waiter once all have one."""

    def __init__(self, subscribers: int) -> None:
        self.n = subscribers
        self.times: dict[int, list[float]] = {}
        self.done: dict[int, asyncio.Event] = {}
        self.out_of_order = 0

    def got(self, seq: int, t: float) -> None:
        times = self.times.setdefault(seq, [])
        times.append(t)
        if len(times) == self.n:
            self.done.setdefault(seq, asyncio.Event()).set()

    async def wait_all(self, seq: int, timeout: float) -> list[float]:
        event = self.done.setdefault(seq, asyncio.Event())
        await asyncio.wait_for(event.wait(), timeout)
        return self.times[seq]


async def subscriber(url: str, token: str, since: int, arrivals: Arrivals,
                     ready: asyncio.Event, counter: list[int]) -> None:
    from websockets.asyncio.client import connect

    ws_url = url.replace("http://", "ws://") + f"/api/v1/events?since={since}&token={token}"
    async with connect(ws_url, proxy=None, max_size=None, ping_interval=None,
                       compression=None) as ws:  # as MasterClient (and Qt's QWebSocket)
        counter[0] += 1
        if counter[0] == arrivals.n:
            ready.set()
        last = since
        async for raw in ws:
            t = time.perf_counter()
            event = json.loads(raw)
            seq = event.get("seq")
            if not isinstance(seq, int) or event.get("type") == "resync":
                continue
            if seq != last + 1:
                arrivals.out_of_order += 1
            last = seq
            arrivals.got(seq, t)


# -- bench latency ---------------------------------------------------------------------------------
async def _latency(site: Site, url: str, subscribers: int, calls: int, counters: int) -> dict:
    kiosk = RawHttp(url, site.kiosk_tokens[0])
    issued = 0
    for i in range(calls + counters):  # enough waiting tickets for every call
        status, _ = await kiosk.request("POST", "/tickets",
                                        {"service_id": site.service_ids[i % len(site.service_ids)],
                                         "priority": None})
        issued += status == 201
    await kiosk.close()
    desks = []
    # counters of different agencies, so every call finds a ticket of its own services
    chosen = [site.counter_ids[(i % 8) * 4 + (i // 8) % 4] for i in range(counters)]
    for counter_id, token in zip(chosen, site.counter_tokens):
        http = RawHttp(url, token)
        await sign_in(http, site, counter_id)
        desks.append((counter_id, http))
    status, health = await RawHttp(url, "").request("GET", "/health")
    arrivals = Arrivals(subscribers)
    ready, connected = asyncio.Event(), [0]
    tasks = [asyncio.create_task(subscriber(url, site.display_tokens[i % len(site.display_tokens)],
                                            health["seq"], arrivals, ready, connected))
             for i in range(subscribers)]
    await asyncio.wait_for(ready.wait(), 30)
    await asyncio.sleep(0.2)
    latencies, firsts, responses, missed, refused = [], [], [], 0, 0
    for i in range(calls):
        counter_id, http = desks[i % len(desks)]
        t0 = time.perf_counter()
        status, body = await http.request("POST", f"/counters/{counter_id}/call-next")
        responses.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            refused += 1
            continue
        called = [e["seq"] for e in body["events"] if e["type"] == "ticket_called"]
        seq = called[-1] if called else body["events"][-1]["seq"]
        try:
            times = await arrivals.wait_all(seq, 5.0)
        except asyncio.TimeoutError:
            missed += 1
            continue
        latencies.append((max(times) - t0) * 1000)
        firsts.append((min(times) - t0) * 1000)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for _, http in desks:
        await http.close()
    return {"latencies": latencies, "firsts": firsts, "responses": responses, "missed": missed,
            "refused": refused, "issued": issued,
            "out_of_order": arrivals.out_of_order}


def cmd_bench_latency(args) -> int:
    if not 1 <= args.counters <= 32:
        raise SystemExit("--counters: 1 to 32 (the bench catalog has 32 counters)")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        db = Path(tmp) / "latency.db"
        site = prepare_site(db, kiosks=1, displays=min(args.subscribers, 50),
                            counters=args.counters)
        with MasterProcess(db, uvloop=args.uvloop) as master:
            result = asyncio.run(_latency(site, master.url, args.subscribers, args.calls,
                                          args.counters))
            memory = master.memory()
    lat = result["latencies"]
    out = {
        "subscribers": args.subscribers,
        "calls": args.calls,
        "measured": len(lat),
        "refused": result["refused"],
        "missed": result["missed"],
        "out_of_order": result["out_of_order"],
        "p50_ms": round(statistics.median(lat), 2) if lat else None,
        "p99_ms": round(percentile(lat, 99), 2) if lat else None,
        "max_ms": round(max(lat), 2) if lat else None,
        "mean_ms": round(statistics.fmean(lat), 2) if lat else None,
        "first_subscriber_p50_ms": round(statistics.median(result["firsts"]), 2) if lat else None,
        "first_subscriber_p99_ms": round(percentile(result["firsts"], 99), 2) if lat else None,
        "http_response_p50_ms": round(statistics.median(result["responses"]), 2) if lat else None,
        "http_response_p99_ms": round(percentile(result["responses"], 99), 2) if lat else None,
        "target_p99_ms": 25,
        "master_loop": "uvloop" if args.uvloop else "asyncio",
        "master_rss_mib": round(memory.get("VmRSS", 0), 1),
        "master_peak_rss_mib": round(memory.get("VmHWM", 0), 1),
        "cpu_count": os.cpu_count(),
    }
    print(json.dumps(out, indent=2))
    return 0
