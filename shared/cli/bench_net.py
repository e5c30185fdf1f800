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

import asyncio
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog.draft import AgencyRow, BoothRow, CatalogDraft, CounterRow, ServiceRow, SiteRow
from ..store import auth_db
from ..store.catalog_db import replace_catalog
from ..store.database import open_database

ROOT = Path(__file__).resolve().parents[2]


# -- a site to test against ---------------------------------------------------------------
_AGENCIES = [
    ("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil", "A",
     ["KTP elektronik", "Kartu Keluarga"]),
    ("imigrasi", "Kantor Imigrasi", "Imigrasi", "B", ["Paspor baru", "Penggantian paspor"]),
    ("samsat", "Sistem Administrasi Manunggal Satu Atap", "Samsat", "C",
     ["Pajak kendaraan tahunan", "Balik nama kendaraan"]),
    ("bpjs-kes", "BPJS Kesehatan", "BPJS Kesehatan", "D", ["Pendaftaran peserta", "Ubah data"]),
    ("bpjs-tk", "BPJS Ketenagakerjaan", "BPJS TK", "E", ["Klaim JHT", "Pendaftaran"]),
    ("polres", "Kepolisian Resor", "Polres", "F", ["SKCK baru", "Perpanjangan SKCK"]),
    ("pajak", "Kantor Pelayanan Pajak Pratama", "KPP Pratama", "G", ["NPWP", "Konsultasi"]),
    ("pdam", "Perusahaan Daerah Air Minum", "PDAM", "H", ["Sambungan baru", "Pengaduan"]),
]


def demo_like_catalog(counters_per_agency: int = 4) -> CatalogDraft:
    draft = CatalogDraft(site=SiteRow("mpp-bench", "Mal Pelayanan Publik Bench", open_24h=True,
                                      require_staffed=False))
    number = 0
    for code, name, short, prefix, services in _AGENCIES:
        draft.agencies.append(AgencyRow(code, name, short))
        draft.booths.append(BoothRow(f"{code}-1", code, f"Gerai {short}", "Lantai 1"))
        for _ in range(counters_per_agency):
            number += 1
            draft.counters.append(CounterRow(f"loket-{number}", f"{code}-1", number))
        for i, service in enumerate(services, 1):
            draft.services.append(ServiceRow(f"{code}-{i}", code, prefix, service))
    return draft


@dataclass
class Site:
    db: Path
    site_id: str
    kiosk_tokens: list[str]
    display_tokens: list[str]
    counter_tokens: list[str]
    officer: str
    pin: str
    counter_ids: list[int]
    service_ids: list[int]
    counter_services: dict[int, list[int]] = field(default_factory=dict)


def prepare_site(db: Path, *, kiosks: int = 1, displays: int = 1, counters: int = 1,
                 catalog: CatalogDraft | None = None) -> Site:
    """A fresh database with a catalog, enrolled devices and one admin officer."""
    draft = catalog or demo_like_catalog()
    conn = open_database(db)
    try:
        conn.execute("BEGIN IMMEDIATE")
        replace_catalog(conn, draft)
        conn.execute("COMMIT")
        with auth_db.transaction(conn):
            tokens = {role: [auth_db.add_device(conn, role, f"bench-{role}-{i}")[1]
                             for i in range(n)]
                      for role, n in (("kiosk", kiosks), ("display", displays),
                                      ("counter", counters))}
            auth_db.add_officer(conn, "bench-admin", "Bench Admin", "2468", "admin")
        counter_ids = [r[0] for r in conn.execute("SELECT id FROM counters ORDER BY number")]
        service_ids = [r[0] for r in conn.execute("SELECT id FROM services ORDER BY id")]
        by_agency: dict[int, list[int]] = {}
        for sid, agency in conn.execute("SELECT id, agency_id FROM services"):
            by_agency.setdefault(agency, []).append(sid)
        counter_services = {
            cid: by_agency.get(agency, []) for cid, agency in conn.execute(
                "SELECT c.id, b.agency_id FROM counters c JOIN booths b ON b.id = c.booth_id")}
    finally:
        conn.close()
    return Site(db, draft.site.id, tokens["kiosk"], tokens["display"], tokens["counter"],
                "bench-admin", "2468", counter_ids, service_ids, counter_services)


_UVLOOP_MAIN = ("import asyncio, sys, uvloop; "
                "asyncio.set_event_loop_policy(uvloop.EventLoopPolicy()); "
                "from shared.master.__main__ import main; sys.exit(main(sys.argv[1:]))")


class MasterProcess:
    """`python -m shared.master` as a subprocess; waits for its "master listening" log line."""

    def __init__(self, db: Path, *, port: int = 0, host: str = "127.0.0.1",
                 mdns_interface: str | None = None, log_path: Path | None = None,
                 log_level: str = "info", uvloop: bool = False) -> None:
        self.db, self.host, self.port = Path(db), host, port
        self.uvloop = uvloop
        self.mdns_interface = mdns_interface
        self.log_path = log_path or self.db.with_suffix(".master.log")
        self.log_level = log_level
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def start(self, timeout: float = 20.0) -> "MasterProcess":
        args = ["--db", str(self.db), "--host", self.host, "--port", str(self.port),
                "--log-level", self.log_level]
        args += ["--mdns-interface", self.mdns_interface] if self.mdns_interface else ["--no-mdns"]
        if self.uvloop:  # experiment: the same master on uvloop's event loop
            cmd = [sys.executable, "-c", _UVLOOP_MAIN, *args]
        else:
            cmd = [sys.executable, "-m", "shared.master", *args]
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = open(self.log_path, "ab")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self._log_lines(offset):
                if line.get("msg") == "master listening":
                    self.url = line["url"]
                    self.port = int(self.url.rsplit(":", 1)[1])
                    return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        tail = self.log_path.read_text(errors="replace")[-3000:]
        self.kill()
        raise RuntimeError(f"master did not start (exit {self.proc.returncode}):\n{tail}")

    def _log_lines(self, offset: int) -> list[dict]:
        with open(self.log_path, "rb") as f:
            f.seek(offset)
            out = []
            for raw in f.read().splitlines():
                try:
                    out.append(json.loads(raw))
                except ValueError:
                    pass
            return out

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def memory(self) -> dict[str, float]:
        """VmRSS and VmHWM (peak) in MiB from /proc."""
        out = {}
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0]) / 1024
        except OSError:
            pass
        return out

    def cpu_seconds(self) -> float:
        """User + system CPU time the master has used so far (all threads)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        """SIGKILL: a crash (power cut of the process)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM: graceful stop."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        return self.proc.returncode

    def __enter__(self) -> "MasterProcess":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- a small HTTP/1.1 keep-alive client (cheap enough not to compete with the master) ----------
class RawHttp:
    def __init__(self, url: str, token: str) -> None:
        rest = url.split("://", 1)[1]
        self.host, port = rest.rsplit(":", 1)
        self.port = int(port)
        self.token = token
        self.session: str | None = None
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
            self.writer = None

    async def request(self, method: str, path: str, body: Any = None,
                      headers: dict[str, str] | None = None) -> tuple[int, Any]:
        if self.writer is None:
            await self._connect()
        assert self.reader is not None and self.writer is not None
        data = b"" if body is None else json.dumps(body).encode()
        lines = [f"{method} /api/v1{path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                 f"Authorization: Bearer {self.token}", f"Content-Length: {len(data)}"]
        if data:
            lines.append("Content-Type: application/json")
        if self.session:
            lines.append(f"X-Officer-Session: {self.session}")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + data)
        try:
            status_line = await self.reader.readline()
            if not status_line:
                raise ConnectionError("connection closed")
            status = int(status_line.split()[1])
            length, close = 0, False
            while True:
                line = await self.reader.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                key, _, value = line.decode("latin-1").partition(":")
                key = key.strip().lower()
                if key == "content-length":
                    length = int(value)
                elif key == "connection" and value.strip().lower() == "close":
                    close = True
                elif key == "transfer-encoding":
                    raise ConnectionError("chunked responses are not supported here")
            raw = await self.reader.readexactly(length) if length else b""
        except BaseException:
            await self.close()
            raise
        if close:
            await self.close()
        return status, json.loads(raw) if raw else None


async def sign_in(http: RawHttp, site: Site, counter_id: int) -> None:
    status, body = await http.request("POST", "/sessions", {
        "username": site.officer, "pin": site.pin, "counter_id": counter_id})
    if status != 200:
        raise RuntimeError(f"sign-in at counter {counter_id}: {status} {body}")
    http.session = body["session"]
    status, body = await http.request("POST", f"/counters/{counter_id}/open")
    if status != 200:
        raise RuntimeError(f"open counter {counter_id}: {status} {body}")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


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
