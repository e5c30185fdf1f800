"""Device health: every enrolled device reports its version, printer, disk, temperature and
uptime (POST /devices/me/status, every HEARTBEAT_S seconds; shared/net/heartbeat.py does it).

The report is kept in device_status (the back office lists it: ``auth_db.list_devices``). A
change that matters becomes a ``device_status`` event (seq'd like every event, so displays and
the back office hear of it): a printer problem appears, changes or clears, a silent device
reports again. Going silent is noticed by the master's watch (watch.py).

Handlers: async (master, call) -> dict (JSON with the route's status) or a Response.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..store import auth_db
from ..store.queue_store import StoredEvent
from . import payloads
from .auth import upgrade_required
from .call import Call
from .logs import fields
from .spec import MIN_API

if TYPE_CHECKING:
    from .app import Master

__all__ = ["DEVICE_STATUS", "HEARTBEAT_S", "PRINTER_STATES", "SILENT_AFTER_S", "device_event",
           "report_status"]

log = logging.getLogger("antrean.master")

DEVICE_STATUS = "device_status"  # the event type
HEARTBEAT_S = 30  # devices report this often
SILENT_AFTER_S = 3 * HEARTBEAT_S  # three missed reports: the device is silent

PRINTER_STATES = ("ok", "paper_near_end", "paper_out", "cover_open", "offline", "unknown",
                  "not_configured")
# States that are no problem: "unknown" is a printer that does not report its status (many
# cheap ones; printing is still tried). A device without a printer sends printer: null.
PRINTER_FINE = (None, "ok", "unknown")
PRINTER_WORDS = {
    "ok": "normal", "paper_near_end": "kertas hampir habis", "paper_out": "kertas habis",
    "cover_open": "penutup terbuka", "offline": "tidak terhubung", "unknown": "tidak diketahui",
    "not_configured": "belum diatur",
}
ROLE_WORDS = {"kiosk": "Kios", "display": "Layar", "counter": "Panel loket"}

# PrinterStatus.state words (shared/adapters/escpos_status.py) are taken too, as these.
PRINTER_ALIASES = {"ready": "ok", "near_end": "paper_near_end", "write_error": "offline"}

STATUS_BODY: dict[str, dict[str, Any]] = {
    "version": {"type": "string", "nullable": True, "default": None, "min_length": 1,
                "max_length": 64, "description": "the app's version"},
    "api": {"type": "integer", "nullable": True, "default": None, "minimum": 0,
            "maximum": 1_000_000,
            "description": "the protocol version it speaks (as X-Antrean-Api)"},
    "printer": {"type": "object", "nullable": True, "default": None,
                "description": "null: the device has no printer",
                "properties": {
                    "state": {"type": "string", "required": True,
                              "enum": [*PRINTER_STATES, *PRINTER_ALIASES],
                              "description": "ready, near_end and write_error are taken as ok, "
                                             "paper_near_end and offline"},
                    "message": {"type": "string", "max_length": 200, "default": ""}}},
    "disk_free_mb": {"type": "integer", "nullable": True, "minimum": 0, "default": None},
    "temperature_c": {"type": "number", "nullable": True, "minimum": -60, "maximum": 200,
                      "default": None},
    "uptime_s": {"type": "integer", "nullable": True, "minimum": 0, "default": None},
}


def printer_problem(state: str | None) -> str | None:
    return None if state in PRINTER_FINE else state


def device_event(m: Master, device: auth_db.Device, change: str, at_ms: int,
                 health: auth_db.DeviceHealth | None, message: str) -> StoredEvent:
    """Append a ``device_status`` event (inside ``store.write``). ``change``: printer_fault,
    printer_ok, silent, back."""
    printer = None
    if health is not None and health.printer is not None:
        printer = {"state": health.printer, "message": health.detail}
    at = datetime.fromtimestamp(at_ms / 1000, timezone.utc)
    last_seen = (datetime.fromtimestamp(health.last_seen / 1000, timezone.utc)
                 if health is not None else None)
    state = m.store.state
    data = {"device_id": device.id, "name": device.name, "role": device.role, "change": change,
            "silent": change == "silent", "printer": printer,
            "version": health.version if health is not None else None,
            "last_seen": payloads.localize(state, last_seen), "message": message}
    return m.store.append_event(DEVICE_STATUS, data, at=at)


def _label(device: auth_db.Device) -> str:
    return f"{ROLE_WORDS.get(device.role, device.role)} '{device.name}'"


async def report_status(m: Master, call: Call) -> dict:
    """POST /devices/me/status: store the report; a change that matters becomes an event."""
    device, body = call.device, call.body
    assert device is not None
    if body["api"] is not None and body["api"] < MIN_API:
        raise upgrade_required(body["api"])
    report = {k: body[k] for k in STATUS_BODY}
    if report["printer"] is not None:
        state = report["printer"]["state"]
        report["printer"] = {**report["printer"], "state": PRINTER_ALIASES.get(state, state)}
    at = m.wall_ms()

    def record(conn) -> list[tuple[str, str]]:
        before = auth_db.record_health(conn, device.id, at, report)
        now = auth_db.device_health(conn, device.id)
        changes: list[tuple[str, str]] = []
        if before is not None and before.silent:
            changes.append(("back", f"{_label(device)} melapor lagi"))
        old = printer_problem(before.printer if before else None)
        new = printer_problem(now.printer if now else None)
        if new != old:
            if new is None:
                changes.append(("printer_ok", f"Printer {_label(device)} normal kembali"))
            else:
                words = PRINTER_WORDS.get(new, new)
                detail = f" ({now.detail})" if now and now.detail else ""
                changes.append(("printer_fault", f"Printer {_label(device)}: {words}{detail}"))
        for change, message in changes:
            device_event(m, device, change, at, now, message)
        return changes

    changes = await m.write(record)
    for change, message in changes:
        level = logging.WARNING if change == "printer_fault" else logging.INFO
        log.log(level, "device status: " + change, extra=fields(
            device=device.name, role=device.role, device_id=device.id, message=message))
    return {"ok": True, "interval_s": HEARTBEAT_S, "silent_after_s": m.device_silent_after_s}
