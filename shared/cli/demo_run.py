"""`antrean demo`: the whole appliance on one machine with an embedded demo MPP.

A fresh demo database (with simulated history), enrolled devices, the master with mDNS bound to
127.0.0.1, the kiosk, display and counter apps finding it by mDNS, and a little live traffic
(visitors taking tickets, other counters calling) so the screens move. Without a screen the apps
run offscreen and write live screenshots; the demo prints where to look. Ctrl-C stops everything
it started (by PID, nothing else)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from argparse import Namespace
from pathlib import Path

from ..store import admin_db, auth_db
from ..store.database import open_database
from . import catalog_cmds
from .demo_traffic import LiveTraffic

SITE = "mpp-purbaraya"
OFFICER, PIN, PASSWORD = "demo", "123456", "demo-antrean"


def build_demo_db(folder: Path, days: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    catalog_cmds.cmd_demo_data(Namespace(db=db, days=days, visitors=400, open_24h=True, seed=2026))
    return db


def enrol(db: Path, folder: Path) -> dict[str, Path]:
    """Device tokens (in files, as on a real device) and the demo officer."""
    tokens = folder / "tokens"
    tokens.mkdir(exist_ok=True)
    files = {}
    conn = open_database(db)
    try:
        with auth_db.transaction(conn):
            for name, role in (("kiosk", "kiosk"), ("display", "display"), ("counter", "counter"),
                               ("traffic-kiosk", "kiosk"), ("traffic-counters", "counter")):
                _, token = auth_db.add_device(conn, role, f"demo-{name}")
                files[name] = tokens / f"{name}.token"
                files[name].write_text(token + "\n")
                files[name].chmod(0o600)
            auth_db.add_officer(conn, OFFICER, "Petugas Demo", PIN, "admin", None)
            admin_db.set_password(conn, OFFICER, PASSWORD)
    finally:
        conn.close()
    return files


def _app(role: str, token: Path, extra: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "shared.cli.main", role, "--site", SITE,
           "--mdns-interface", "127.0.0.1", "--token-file", str(token), *extra]
    with open(log, "ab") as out:
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)


def run_demo(args) -> int:
    from .bench_net import MasterProcess

    folder = args.dir.resolve()
    print(f"[demo] building the demo MPP in {folder} ({args.days} days of history) ...", flush=True)
    db = build_demo_db(folder, args.days)
    tokens = enrol(db, folder)
    logs, screens = folder / "logs", folder / "screens"
    logs.mkdir(exist_ok=True)
    screens.mkdir(exist_ok=True)
    master = MasterProcess(db, port=args.port, mdns_interface="127.0.0.1",
                           log_path=logs / "master.log").start()
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    env = {**os.environ, "ANTREAN_SNAPSHOT_DIR": str(screens), "ANTREAN_SNAPSHOT_EVERY": "5"}
    if headless:
        env["QT_QPA_PLATFORM"] = "offscreen"
    apps: dict[str, subprocess.Popen] = {}
    traffic = None
    try:
        if not args.no_apps:
            apps["kiosk"] = _app("kiosk", tokens["kiosk"], [
                "--windowed", "--size", "1024x600", "--printer", f"file:{folder / 'printer.bin'}",
                "--public-url", master.url], env, logs / "kiosk.log")
            apps["display"] = _app("display", tokens["display"], ["--windowed", "--size", "1366x768"],
                                   env, logs / "display.log")
            apps["counter"] = _app("counter", tokens["counter"], ["--windowed", "--size", "1366x768"],
                                   env, logs / "counter.log")
        traffic = LiveTraffic(master.url, tokens["traffic-kiosk"].read_text().strip(),
                              tokens["traffic-counters"].read_text().strip(), OFFICER, PIN,
                              speed=args.speed).start()
        print(json.dumps({
            "master": master.url,
            "health": f"{master.url}/api/v1/health",
            "api_docs": f"{master.url}/api/v1/openapi.json",
            "back_office": f"{master.url}/backoffice/",
            "ticket_status_example": traffic.first_status_url(timeout=15),
            "officer_login": {"username": OFFICER, "pin": PIN, "back_office_password": PASSWORD},
            "screenshots": str(screens) if headless else "(apps are on your screen)",
            "logs": str(logs),
            "printer_output": str(folder / "printer.bin"),
        }, indent=2), flush=True)
        print("[demo] running; Ctrl-C stops it", flush=True)
        _wait(args.minutes, apps)
    finally:
        if traffic is not None:
            traffic.stop()
        for proc in apps.values():
            _stop(proc)
        master.stop()
        print(f"[demo] stopped; tickets issued live: {traffic.issued if traffic else 0}", flush=True)
    return 0


def _wait(minutes: float | None, apps: dict[str, subprocess.Popen]) -> None:
    stop = {"now": False}

    def handler(*_):
        stop["now"] = True

    old = signal.signal(signal.SIGTERM, handler)
    deadline = None if minutes is None else time.monotonic() + minutes * 60
    try:
        while not stop["now"] and (deadline is None or time.monotonic() < deadline):
            for name, proc in apps.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"the {name} app exited with code {proc.returncode}; "
                                       f"see its log")
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, old)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
