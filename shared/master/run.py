"""Running the master: `antrean master --db PATH` (and `python -m shared.master`), or in a thread.

Prints JSON log lines to stderr; once the socket is bound it logs
`{"msg": "master listening", "url": "http://127.0.0.1:8420", ...}` (tests wait for that line;
with --port 0 the URL carries the port the system chose). SIGTERM and SIGINT stop it gracefully:
no new connections, WebSockets closed, the writer drained, the database closed.

mDNS: `shared/master/mdns.py` (written separately) provides
    start_advertising(site_id, node_id, port, interfaces) -> handle with .close()
(TXT api=1 is its business.)
It is optional: without the module, or with --no-mdns, the master runs without advertising.
"""
from __future__ import annotations

import argparse
import asyncio
import ctypes
import logging
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from ..ops.sdnotify import Notifier, watchdog_interval
from ..store.backup import BackupScheduler, quick_check
from .app import Master, build_app
from .logs import fields, setup_logging
from .options import DEFAULT_PORT, add_arguments, mdns_interfaces  # noqa: F401 (re-exported)

log = logging.getLogger("antrean.master")


def start_mdns(master: Master, port: int, interfaces: list[str] | None) -> Any:
    """The hook for shared/master/mdns.py; None when it is missing or fails (logged)."""
    try:
        from . import mdns  # type: ignore[attr-defined]
    except ImportError as exc:
        if exc.name not in ("shared.master.mdns", f"{__package__}.mdns"):
            log.error("mDNS advertiser failed to import", exc_info=exc)
        else:
            log.info("mDNS advertiser not installed; not advertising")
        return None
    try:
        handle = mdns.start_advertising(site_id=master.site_id, node_id=master.node_id,
                                        port=port, interfaces=interfaces)
    except Exception as exc:  # noqa: BLE001 - the queue must run even if mDNS cannot
        log.error("mDNS advertising failed; clients need --master URL", exc_info=exc)
        return None
    log.info("mDNS advertising", extra=fields(site=master.site_id, node=master.node_id,
                                              port=port, interfaces=interfaces))
    return handle


def stop_mdns(handle: Any) -> None:
    if handle is None:
        return
    try:
        if hasattr(handle, "close"):
            handle.close()
        elif callable(handle):
            handle()
    except Exception as exc:  # noqa: BLE001
        log.error("mDNS stop failed", exc_info=exc)


def make_server(master: Master, host: str, port: int, log_level: str = "info") -> uvicorn.Server:
    config = uvicorn.Config(
        build_app(master), host=host, port=port, log_config=None, access_log=False,
        lifespan="on", log_level=log_level, timeout_graceful_shutdown=5, server_header=False,
        ws_ping_interval=20, ws_ping_timeout=20,
        ws_per_message_deflate=False)  # small JSON events: compression costs more than it saves
    return uvicorn.Server(config)


def bound_port(server: uvicorn.Server) -> int:
    for srv in server.servers:
        for sock in srv.sockets:
            return sock.getsockname()[1]
    raise RuntimeError("server has no socket")


async def serve(master: Master, host: str, port: int, *, mdns: bool = True,
                interfaces: list[str] | None = None, log_level: str = "info") -> None:
    server = make_server(master, host, port, log_level)
    task = asyncio.create_task(server.serve())
    while not server.started and not task.done():
        await asyncio.sleep(0.01)
    handle = None
    if server.started:
        actual = bound_port(server)
        shown = f"[{host}]" if ":" in host else host
        log.info("master listening", extra=fields(
            url=f"http://{shown}:{actual}", site=master.site_id, node=master.node_id,
            db=str(master.db), version=master.version, pid=os.getpid()))
        if mdns:
            handle = await asyncio.to_thread(start_mdns, master, actual, interfaces)
    notifier = Notifier()
    notifier.ready(f"serving site {master.site_id} on port {port}")
    watchdog = asyncio.create_task(keep_watchdog(master, notifier, watchdog_interval()))
    try:
        await task
    finally:
        notifier.stopping()
        watchdog.cancel()
        stop_mdns(handle)


async def keep_watchdog(master: Master, notifier: Notifier, interval: float | None) -> None:
    """Ping systemd only after a round trip through the event loop AND the writer thread:
    a master that stops answering (hung loop, stuck writer, locked database) stops pinging."""
    if interval is None:
        return
    while True:
        try:
            await asyncio.wait_for(master.write(lambda conn: conn.execute("SELECT 1")), interval)
        except asyncio.TimeoutError:
            log.error("writer did not answer within the watchdog interval")
        else:
            notifier.watchdog()
        await asyncio.sleep(interval)


def run_master(db: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT, *,
               mdns: bool = True, interfaces: list[str] | None = None,
               log_level: str = "info", backups: BackupScheduler | None = None) -> int:
    """Blocking; returns when stopped by SIGTERM/SIGINT. Raises for a database it cannot open."""
    setup_logging(getattr(logging, log_level.upper()))
    tune_process()
    check_database(db)
    master = Master(db)
    if backups is not None:
        backups.start()
    # uvicorn re-raises the signal that stopped it once it is done; with these no-op handlers in
    # place that re-raise does not kill the process before the clean-up below.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    try:
        asyncio.run(serve(master, host, port, mdns=mdns, interfaces=interfaces,
                          log_level=log_level))
    finally:
        if backups is not None:
            backups.stop()
        master.stop()
        log.info("master stopped", extra=fields(db=str(db)))
    return 0


def tune_process() -> None:
    """uvloop when available (about half the event latency of plain asyncio here), and glibc
    returning large freed blocks (scrypt PIN checks take 16 MiB each; without this the heap
    keeps ~40 MiB after a few logins)."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvicorn[standard] brings it on Linux
        pass
    else:
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass


class DamagedDatabase(Exception):
    pass


def check_database(db: Path) -> None:
    """Refuse to serve a damaged file (and never overwrite it): the technician restores a backup."""
    if not Path(db).exists():
        return
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        problem = quick_check(conn)
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
    finally:
        conn.close()
    if problem is not None:
        log.error("database damaged", extra=fields(db=str(db), problem=problem))
        raise DamagedDatabase(
            f"{db} is damaged ({problem}); it was left untouched. Restore the newest backup with "
            f"`antrean restore BACKUP --db {db} --force`")


def run_from_args(args: argparse.Namespace) -> int:
    backups = None
    if args.backup_dir is not None:
        backups = BackupScheduler(
            args.db, [args.backup_dir, *args.backup_extra_dir], args.backup_every_hours * 3600,
            args.backup_keep, lambda msg, extra: log.info(msg, extra=fields(**extra)))
    return run_master(args.db, args.host, args.port, mdns=not args.no_mdns,
                      interfaces=mdns_interfaces(args.host, args.mdns_interface),
                      log_level=args.log_level, backups=backups)


class ServerThread:
    """A master in a background thread (tests, demos): `with ServerThread(db) as s: s.url`."""

    def __init__(self, db: Path, host: str = "127.0.0.1", port: int = 0, **master_kw: Any) -> None:
        self.master = Master(db, **master_kw)
        self.server = make_server(self.master, host, port, "warning")
        self.host = host
        self.url = ""
        self._thread = threading.Thread(target=self._run, name="antrean-master", daemon=True)
        self._error: BaseException | None = None

    def _run(self) -> None:
        try:
            asyncio.run(self.server.serve())
        except BaseException as exc:  # noqa: BLE001
            self._error = exc

    def start(self, timeout: float = 10) -> "ServerThread":
        self._thread.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.started or not self._thread.is_alive():
                break
            time.sleep(0.01)
        if not self.server.started:
            raise RuntimeError(f"master did not start: {self._error!r}")
        self.url = f"http://{self.host}:{bound_port(self.server)}"
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(15)
        self.master.stop()

    def __enter__(self) -> "ServerThread":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
