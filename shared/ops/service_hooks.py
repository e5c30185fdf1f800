"""What every device app does for operations, without importing Qt: tell systemd it is ready,
ping the watchdog from the GUI thread, report health to the master, and (for the demo and for
technicians) save a live screenshot now and then.

The app passes `every(seconds, fn)`, which runs fn periodically on its GUI thread (a QTimer): a
frozen window therefore stops the watchdog pings and systemd restarts the app."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from .sdnotify import Notifier, watchdog_interval

Every = Callable[[float, Callable[[], None]], Any]


def start_service_hooks(name: str, every: Every, grab: Callable[[str], Any] | None = None,
                        client: Any = None, version: str | None = None) -> dict[str, Any]:
    hooks: dict[str, Any] = {}
    notifier = Notifier()
    notifier.ready(f"antrean {name} running")
    interval = watchdog_interval()
    if interval is not None:
        hooks["watchdog"] = every(interval, notifier.watchdog)
    if client is not None:
        from ..net.heartbeat import Heartbeat
        hooks["heartbeat"] = Heartbeat(client, version=version).start()
    folder = os.environ.get("ANTREAN_SNAPSHOT_DIR")
    if folder and grab is not None:
        seconds = float(os.environ.get("ANTREAN_SNAPSHOT_EVERY", "10"))
        path = str(Path(folder) / f"{name}.png")
        hooks["snapshot"] = every(seconds, lambda: grab(path))
    return hooks
