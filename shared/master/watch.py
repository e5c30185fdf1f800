"""The master's background watch: devices that went silent, counters left open by a panel that
crashed.

* Silent devices: a device that has reported its health (handlers_devices.py) and then missed
  three reports (SILENT_AFTER_S) is marked silent, a warning is logged and one ``device_status``
  event (change "silent") is appended; its next report appends change "back".
* Stale counters: a counter that is open or paused with no ticket at it, whose officer's session
  there has not been used for COUNTER_STALE_MINUTES (no request, and the device holding it sent
  no health report either: a live panel reports every 30 s), is closed through the engine
  (``counter_closed`` with data.reason "stale_session") and the idle sessions are ended. A
  counter whose officer never signed in through the API (demo data, tools) is left alone.

Both checks read first (cheap, on the loop) and decide again inside the writer's transaction,
so a report or an officer's action that arrives meanwhile wins. The master's start counts as a
sign of life (after a restart nothing is silent or stale before the devices had time to
report). Times are wall-clock epoch ms (``Master.wall_ms``); the checks take ``now_ms`` so tests
can move time.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ..domain import commands as c
from ..domain.schedule import service_day
from ..domain.tickets import CounterStatus
from ..store import auth_db
from .handlers_devices import ROLE_WORDS, device_event
from .logs import fields

if TYPE_CHECKING:
    from .app import Master

__all__ = ["OUTSIDE_CHECK_S", "check_outside_changes", "COUNTER_STALE_MINUTES", "COUNTER_CHECK_S", "DEVICE_CHECK_S", "STALE_REASON",
           "check_silent_devices", "check_stale_counters", "start_watch"]

log = logging.getLogger("antrean.master")

COUNTER_STALE_MINUTES = 20
STALE_REASON = "stale_session"
DEVICE_CHECK_S = 10.0  # a silent device is noticed within SILENT_AFTER_S + this
COUNTER_CHECK_S = 60.0


OUTSIDE_CHECK_S = 2.0


async def check_outside_changes(m: Master, now_ms: int) -> bool:
    """A catalog imported (or anything written) by another process while the master runs:
    reload memory and tell the devices, instead of waiting for the next queue command."""
    if not m.store.outside_change_pending():
        return False
    await m.write(lambda conn: m.store.append_event("catalog_changed", {"source": "outside"}))
    log.info("database changed by another process: reloaded")
    return True


def start_watch(m: Master, loop: asyncio.AbstractEventLoop) -> list[asyncio.Task]:
    return [loop.create_task(_every(m.outside_check_s, check_outside_changes, m),
                             name="antrean-watch-file"),
            loop.create_task(_every(m.device_check_s, check_silent_devices, m),
                             name="antrean-watch-devices"),
            loop.create_task(_every(m.counter_check_s, check_stale_counters, m),
                             name="antrean-watch-counters")]


async def _every(interval: float, check, m: Master) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await check(m, m.wall_ms())
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - a failed round must not end the watch
            log.exception(f"{check.__name__} failed")


def _hhmm(m: Master, at_ms: int) -> str:
    from zoneinfo import ZoneInfo
    tz = ZoneInfo(m.store.state.catalog.site.timezone)
    return datetime.fromtimestamp(at_ms / 1000, timezone.utc).astimezone(tz).strftime("%H:%M")


# -- silent devices --------------------------------------------------------------------------------
async def check_silent_devices(m: Master, now_ms: int) -> list[int]:
    """Mark devices silent that have not reported for ``m.device_silent_after_s``; returns their
    ids (each is marked, logged and announced once)."""
    after_ms = int(m.device_silent_after_s * 1000)
    if m.started_ms > now_ms - after_ms:
        return []  # just started: give every device time to report first
    seen_before = now_ms - after_ms
    quiet = auth_db.quiet_devices(m.reader, seen_before)
    if not quiet:
        return []

    def mark(conn) -> list[auth_db.Device]:
        marked = []
        for device in quiet:
            if auth_db.mark_silent(conn, device.id, now_ms, seen_before):
                health = device.health
                assert health is not None
                since = _hhmm(m, health.last_seen)
                device_event(m, device, "silent", now_ms, health,
                             f"{ROLE_WORDS.get(device.role, device.role)} '{device.name}' "
                             f"tidak melapor sejak {since}")
                marked.append(device)
        return marked

    marked = await m.write(mark)
    for device in marked:
        assert device.health is not None
        log.warning("device silent", extra=fields(
            device=device.name, role=device.role, device_id=device.id,
            silent_for_s=(now_ms - device.health.last_seen) // 1000))
    return [d.id for d in marked]


# -- stale counters --------------------------------------------------------------------------------
def _stale_sessions(conn, officer_id: int, counter_id: int,
                    idle_before: int) -> list[auth_db.SessionUse] | None:
    """The officer's sessions that speak for this counter, if all are idle since before
    ``idle_before``; None when the counter is not stale (or the officer never signed in)."""
    sessions = auth_db.sessions_of(conn, officer_id)
    if not sessions:
        return None  # opened without a session (demo data, tools): not ours to judge
    # The sessions opened for this counter; a supervisor acting on another counter of the
    # agency has none there: then all of theirs.
    here = [s for s in sessions if s.counter_id == counter_id] or sessions
    if max(s.last_activity for s in here) >= idle_before:
        return None
    return [s for s in here if s.ended_at is None]


async def check_stale_counters(m: Master, now_ms: int) -> list[int]:
    """Close counters left open by a session idle for ``m.counter_stale_minutes``; returns the
    counters closed."""
    idle_ms = int(m.counter_stale_minutes * 60_000)
    idle_before = now_ms - idle_ms
    if m.started_ms > idle_before:
        return []
    now = datetime.fromtimestamp(now_ms / 1000, timezone.utc)
    with m.store.lock:
        state = m.store.state
        if state.day != service_day(now, state.catalog.site.timezone):
            return []  # a new day: its first command closes yesterday's counters anyway
        candidates = [(s.counter_id, s.officer_id) for s in state.counters.values()
                      if s.status in (CounterStatus.OPEN, CounterStatus.PAUSED)
                      and s.ticket_id is None and s.officer_id is not None
                      and (s.since is None or s.since.timestamp() * 1000 < idle_before)]
    candidates = [(cid, oid) for cid, oid in candidates
                  if _stale_sessions(m.reader, oid, cid, idle_before) is not None]
    if not candidates:
        return []

    def close(conn) -> list[tuple[int, int, int]]:
        closed = []
        for counter_id, officer_id in candidates:
            s = m.store.state.counters.get(counter_id)  # again, in the writer: still so?
            if (s is None or s.status not in (CounterStatus.OPEN, CounterStatus.PAUSED)
                    or s.ticket_id is not None or s.officer_id != officer_id
                    or (s.since is not None and s.since.timestamp() * 1000 >= idle_before)):
                continue
            idle = _stale_sessions(conn, officer_id, counter_id, idle_before)
            if idle is None:
                continue
            outcome = m.store.run_command(c.CloseCounter(counter_id),
                                          annotate={"reason": STALE_REASON})
            if not outcome.ok:
                continue
            for session in idle:
                auth_db.end_session(conn, session.token_hash, now_ms)
            closed.append((counter_id, officer_id, len(idle)))
        return closed

    closed = await m.write(close)
    for counter_id, officer_id, sessions in closed:
        log.warning("stale counter closed", extra=fields(
            counter_id=counter_id, officer_id=officer_id, sessions_ended=sessions,
            idle_minutes=m.counter_stale_minutes, reason=STALE_REASON))
    return [cid for cid, _, _ in closed]
