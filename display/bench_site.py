"""The benchmark's site and master, prepared the way an installer would: CSV catalog, then the
`antrean` command line (catalog import, device add, officer add), then `python -m shared.master`
as its own process (so the display's memory and CPU are measured alone). No Qt here, and no
import of the master or the store: the display only knows the master through the network."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = "2468"
AGENCIES = [  # code, name, short name, prefix, counters
    ("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil", "A", 4),
    ("samsat", "Kantor Bersama Samsat", "Samsat", "B", 2),
    ("bpjs", "BPJS Kesehatan", "BPJS Kesehatan", "C", 2),
    ("imigrasi", "Kantor Imigrasi", "Imigrasi", "D", 2),
]


def write_catalog(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.csv").write_text(
        "key,value\nid,mpp-bench-layar\nname,Mal Pelayanan Publik Bench\n"
        "timezone,Asia/Jakarta\nrequire_staffed,tidak\nopen_24h,ya\n", encoding="utf-8")
    agencies = ["code,name,short_name,sort"]
    booths = ["code,agency,name,zone"]
    counters = ["code,booth,number,name,zone"]
    services = ["code,agency,prefix,name"]
    for i, (code, name, short, prefix, n) in enumerate(AGENCIES, 1):
        agencies.append(f"{code},{name},{short},{i}")
        booths.append(f"{code}-1,{code},Gerai {short},Lantai 1")
        counters += [f"{code}-{k},{code}-1,{k},," for k in range(1, n + 1)]
        services.append(f"{code}-layanan,{code},{prefix},Layanan {short}")
    for name, rows in (("agencies", agencies), ("booths", booths), ("counters", counters),
                       ("services", services)):
        (folder / f"{name}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def _cli(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "shared.cli.main", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"antrean {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout


@dataclass
class BenchSite:
    db: Path
    tokens: dict[str, str] = field(default_factory=dict)


def prepare_site(folder: Path) -> BenchSite:
    db = folder / "antrean.db"
    _cli("init", "--db", str(db))
    _cli("catalog", "import", str(write_catalog(folder / "catalog")), "--db", str(db))
    site = BenchSite(db)
    for role in ("display", "counter", "kiosk"):
        out = _cli("device", "add", "--role", role, "--name", f"bench-{role}", "--db", str(db))
        site.tokens[role] = out.strip().splitlines()[-1].strip()
    _cli("officer", "add", "--username", "bench", "--name", "Bench", "--pin", PIN,
         "--role", "admin", "--db", str(db))
    return site


class MasterProcess:
    """`python -m shared.master` on 127.0.0.1 with a free port; ``url`` once it listens."""

    def __init__(self, db: Path, log_path: Path) -> None:
        self.db, self.log_path = db, log_path
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def start(self, timeout: float = 30.0) -> "MasterProcess":
        log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "shared.master", "--db", str(self.db), "--port", "0",
             "--no-mdns", "--log-level", "info"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for raw in self.log_path.read_bytes().splitlines():
                try:
                    line = json.loads(raw)
                except ValueError:
                    continue
                if line.get("msg") == "master listening":
                    self.url = line["url"]
                    return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("master did not start:\n" + self.log_path.read_text(errors="replace"))

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
