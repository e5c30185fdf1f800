"""A real master process on a fresh demo-like site, for the benches and tests/net (prepare_site,
MasterProcess; also used by the demo and the app benches).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

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
