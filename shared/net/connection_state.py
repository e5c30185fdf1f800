"""How the link to the master is doing, as apps show it ("master unreachable since 14:05").

``ConnectionTracker`` is a small pure state machine fed by the client's event-stream loop; it
reports a new ``ConnectionState`` only when the status (or the master's URL) changes, so an app
does not redraw on every failed attempt.

    CONNECTING   -- first attempts after start, nothing received yet
    CONNECTED    -- the event stream is open
    RECONNECTING -- the link was lost less than ``unreachable_after`` seconds ago
    UNREACHABLE  -- lost (or never made) for longer; ``since`` is when it was lost
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from enum import Enum


class Link(Enum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class ConnectionState:
    status: Link
    since: datetime  # aware; for UNREACHABLE/RECONNECTING: when the link was lost
    url: str | None = None
    error: str | None = None  # last failure, for logs and a service screen
    rejected: bool = False  # the master refused our token (401/403): re-enrol, retrying won't help
    # The master refused our protocol version (426 upgrade_required): update this app.
    upgrade_required: bool = False

    @property
    def connected(self) -> bool:
        return self.status is Link.CONNECTED

    def since_hhmm(self, tz: tzinfo | None = None) -> str:
        """``since`` as local hh:mm (the site's zone, or this machine's when tz is None)."""
        return self.since.astimezone(tz).strftime("%H:%M")

    def message(self, tz: tzinfo | None = None) -> str:
        """Short Indonesian text for a status bar."""
        if self.status is Link.CONNECTED:
            return "Terhubung ke server antrean"
        if self.upgrade_required:
            return "Perbarui aplikasi perangkat ini: versinya tidak didukung server antrean"
        if self.rejected:
            return "Perangkat ini ditolak server antrean (token tidak berlaku)"
        if self.status is Link.CONNECTING:
            return "Menghubungkan ke server antrean…"
        if self.status is Link.RECONNECTING:
            return "Menyambung ulang ke server antrean…"
        return f"Server antrean tidak terjangkau sejak {self.since_hhmm(tz)}"

    def __str__(self) -> str:
        if self.status is Link.UNREACHABLE:
            return f"master unreachable since {self.since_hhmm()}"
        return f"{self.status.value} ({self.url or 'no master yet'})"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class ConnectionTracker:
    def __init__(self, unreachable_after: float = 5.0, now: datetime | None = None) -> None:
        self.unreachable_after = unreachable_after
        start = now or utc_now()
        self.state = ConnectionState(Link.CONNECTING, start)
        self._down_since = start  # when the link was last lost (or the start)

    def _set(self, state: ConnectionState) -> ConnectionState | None:
        changed = ((state.status, state.url, state.rejected, state.upgrade_required)
                   != (self.state.status, self.state.url, self.state.rejected,
                       self.state.upgrade_required))
        self.state = state
        return state if changed else None

    def connected(self, url: str, now: datetime | None = None) -> ConnectionState | None:
        return self._set(ConnectionState(Link.CONNECTED, now or utc_now(), url))

    def failed(self, error: str, url: str | None = None, now: datetime | None = None, *,
               rejected: bool = False, upgrade_required: bool = False,
               ) -> ConnectionState | None:
        """A connection was lost or an attempt failed (``rejected``: refused our token;
        ``upgrade_required``: refused our protocol version, HTTP 426)."""
        now = now or utc_now()
        status = self.state.status
        if status is Link.CONNECTED:
            self._down_since = now
            return self._set(ConnectionState(Link.RECONNECTING, now, url, error, rejected,
                                             upgrade_required))
        return self._still_down(error, url, now, rejected, upgrade_required)

    def tick(self, now: datetime | None = None) -> ConnectionState | None:
        """Time passes while down (called before each back-off sleep)."""
        if self.state.status is Link.CONNECTED:
            return None
        return self._still_down(self.state.error, self.state.url, now or utc_now(),
                                self.state.rejected, self.state.upgrade_required)

    def _still_down(self, error: str | None, url: str | None, now: datetime,
                    rejected: bool, upgrade_required: bool = False) -> ConnectionState | None:
        status = self.state.status
        if (now - self._down_since).total_seconds() >= self.unreachable_after:
            status = Link.UNREACHABLE
        since = self._down_since if status is not Link.CONNECTING else self.state.since
        return self._set(ConnectionState(status, since, url, error, rejected, upgrade_required))
