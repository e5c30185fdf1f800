"""Device health reports to the master (docs/api.md: ``POST /devices/me/status``), no Qt.

``collect_health()`` gathers what this machine can tell: free disk space (of /var/lib/antrean,
else the working directory), the CPU temperature (/sys/class/thermal, where present), uptime,
and the printer's state when the app has one. ``Heartbeat`` posts it every 30 s through a
``MasterClient``, on the client's own loop: nothing here ever blocks the caller, and a failed
report is simply tried again at the next beat (the master marks a device silent after three
missed beats, so a short outage is fine).

In an app::

    heartbeat = Heartbeat(client, version=__version__).start()
    # a kiosk, whenever it learns its printer's state (any thread; a change is sent at once):
    heartbeat.set_printer(printer_status)        # a PrinterStatus, a state string or a dict
    ...
    heartbeat.stop()                             # before client.close()

A counter panel's reports also keep its officer's counter from being taken for abandoned (the
master closes counters whose session and device have been silent for 20 minutes).
"""
from __future__ import annotations

import asyncio
import logging
import shutil
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Callable

from .client import ApiError, MasterClient, MasterUnavailable
from .service_record import API_VERSION

__all__ = ["HEARTBEAT_S", "PRINTER_STATES", "Heartbeat", "collect_health", "cpu_temperature_c",
           "disk_free_mb", "printer_json", "uptime_s"]

log = logging.getLogger(__name__)

HEARTBEAT_S = 30.0
STATE_DIR = Path("/var/lib/antrean")
THERMAL_ROOT = Path("/sys/class/thermal")
PRINTER_STATES = ("ok", "paper_near_end", "paper_out", "cover_open", "offline", "unknown",
                  "not_configured")
# shared.adapters.escpos_status.PrinterStatus.state -> the API's words
_PRINTER_ALIASES = {"ready": "ok", "near_end": "paper_near_end", "paper_low": "paper_near_end",
                    "write_error": "offline", "error": "offline"}


def disk_free_mb(path: str | Path | None = None) -> int | None:
    """Free space where Antrean keeps its files (/var/lib/antrean, else the working directory)."""
    where = Path(path) if path is not None else (STATE_DIR if STATE_DIR.is_dir() else Path.cwd())
    try:
        return shutil.disk_usage(where).free // (1024 * 1024)
    except OSError:
        return None


def cpu_temperature_c(root: Path = THERMAL_ROOT) -> float | None:
    """The CPU temperature in °C from the kernel's thermal zones (a Raspberry Pi has
    ``cpu-thermal``); a zone named like the CPU wins, else the hottest. None without any."""
    readings: list[tuple[bool, float]] = []
    try:
        zones = sorted(root.glob("thermal_zone*"))
    except OSError:
        return None
    for zone in zones:
        try:
            milli = int((zone / "temp").read_text().strip())
        except (OSError, ValueError):
            continue
        celsius = milli / 1000
        if not -60 <= celsius <= 200:
            continue  # a sensor that reports nonsense (or nothing connected)
        try:
            kind = (zone / "type").read_text().strip().lower()
        except OSError:
            kind = ""
        readings.append((any(w in kind for w in ("cpu", "soc", "x86_pkg")), celsius))
    if not readings:
        return None
    cpu = [c for is_cpu, c in readings if is_cpu]
    return round(max(cpu or [c for _, c in readings]), 1)


def uptime_s(proc: Path = Path("/proc/uptime")) -> int | None:
    try:
        return int(float(proc.read_text().split()[0]))
    except (OSError, ValueError, IndexError):
        return None


def printer_json(printer: Any) -> dict[str, str] | None:
    """The report's ``printer``: None (no printer), a state string, a dict with ``state`` (and
    ``message``), or a ``PrinterStatus`` (its ``.state`` and ``.detail``)."""
    if printer is None:
        return None
    if isinstance(printer, dict):
        state, message = printer.get("state"), printer.get("message") or ""
    elif isinstance(printer, str):
        state, message = printer, ""
    else:
        state, message = getattr(printer, "state", None), getattr(printer, "detail", "") or ""
    state = _PRINTER_ALIASES.get(str(state), str(state))
    if state not in PRINTER_STATES:
        message = f"{state}: {message}" if message else str(state)
        state = "unknown"
    return {"state": state, "message": str(message)[:200]}


def collect_health(printer_state: Any = None, *, version: str | None = None,
                   disk_path: str | Path | None = None,
                   thermal_root: Path = THERMAL_ROOT) -> dict[str, Any]:
    """This device's health report, as ``POST /devices/me/status`` takes it."""
    if version is None:
        version = _app_version()
    return {"version": version, "api": int(API_VERSION), "printer": printer_json(printer_state),
            "disk_free_mb": disk_free_mb(disk_path),
            "temperature_c": cpu_temperature_c(thermal_root), "uptime_s": uptime_s()}


def _app_version() -> str:
    from importlib import metadata
    try:
        return metadata.version("antrean")
    except metadata.PackageNotFoundError:  # pragma: no cover - a bare checkout
        return "0.0.0"


class Heartbeat:
    """Posts ``collect_health()`` every ``interval`` seconds through ``client`` (started), on the
    client's loop. ``set_printer`` (any thread) updates the printer's state; a change is
    reported at once. ``last_result`` / ``last_error`` tell how the last report went."""

    def __init__(self, client: MasterClient, *, version: str | None = None,
                 interval: float = HEARTBEAT_S, printer: Any = None,
                 collect: Callable[..., dict[str, Any]] = collect_health,
                 on_result: Callable[[dict | None, Exception | None], None] | None = None,
                 ) -> None:
        self.client = client
        self.version = version or _app_version()
        self.interval = interval
        self.collect = collect
        self.on_result = on_result
        self.last_result: dict | None = None
        self.last_error: Exception | None = None
        self.sent = 0
        self._printer = printer_json(printer)
        self._lock = threading.Lock()
        self._future: Future | None = None
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def printer(self) -> dict[str, str] | None:
        with self._lock:
            return self._printer

    def start(self) -> "Heartbeat":
        if self._future is None:
            self._future = self.client.submit(self._run())
        return self

    def stop(self) -> None:
        future, self._future = self._future, None
        if future is not None:
            future.cancel()  # cancels the task on the client's loop

    def set_printer(self, printer: Any) -> None:
        """The printer's state changed (or was checked): report at once if it differs."""
        new = printer_json(printer)
        with self._lock:
            changed = new != self._printer
            self._printer = new
        if changed:
            self.beat_now()

    def beat_now(self) -> None:
        """Report now instead of at the next beat (never blocks)."""
        wake, loop = self._wake, self._loop
        if wake is not None and loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(wake.set)

    async def _run(self) -> None:
        self._loop = asyncio.get_running_loop()  # the client's
        self._wake = asyncio.Event()
        while True:
            await self._beat()
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), self.interval)
            except asyncio.TimeoutError:
                pass

    async def _beat(self) -> None:
        started = time.monotonic()
        try:
            report = await asyncio.to_thread(self.collect, self.printer, version=self.version)
            resp = await self.client.request_async("POST", "/devices/me/status",
                                                   json_body=report)
        except (MasterUnavailable, ApiError) as exc:  # the next beat tries again
            self.last_error, self.last_result = exc, None
            log.info("health report not delivered: %s", exc)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bug must not end the beat
            self.last_error, self.last_result = exc, None
            log.exception("health report failed")
        else:
            self.last_error = None
            self.last_result = resp.data if isinstance(resp.data, dict) else None
            self.sent += 1
            log.debug("health report sent in %.3f s", time.monotonic() - started)
        if self.on_result is not None:
            try:
                self.on_result(self.last_result, self.last_error)
            except Exception:  # noqa: BLE001
                log.exception("heartbeat on_result callback failed")
