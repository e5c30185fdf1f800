"""Service hooks of the device apps: systemd readiness and watchdog, live screenshots."""
from __future__ import annotations

import socket

from shared.ops.service_hooks import start_service_hooks


class Timers:
    def __init__(self) -> None:
        self.started: list[tuple[float, object]] = []

    def every(self, seconds, fn):
        self.started.append((seconds, fn))
        return fn


def test_ready_watchdog_and_snapshots(tmp_path, monkeypatch):
    sock_path = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sock_path)
    sock.settimeout(2)
    monkeypatch.setenv("NOTIFY_SOCKET", sock_path)
    monkeypatch.setenv("WATCHDOG_USEC", "20000000")
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    monkeypatch.setenv("ANTREAN_SNAPSHOT_DIR", str(tmp_path))
    monkeypatch.setenv("ANTREAN_SNAPSHOT_EVERY", "3")
    grabbed = []
    timers = Timers()
    hooks = start_service_hooks("kiosk", timers.every, grabbed.append)
    assert sock.recv(200).decode().startswith("READY=1")
    assert [s for s, _ in timers.started] == [10.0, 3.0]
    hooks["watchdog"]()  # what the GUI thread's timer does
    assert sock.recv(200).decode() == "WATCHDOG=1"
    hooks["snapshot"]()
    assert grabbed == [str(tmp_path / "kiosk.png")]
    sock.close()


def test_nothing_without_systemd_or_snapshot_dir(monkeypatch):
    for name in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "ANTREAN_SNAPSHOT_DIR"):
        monkeypatch.delenv(name, raising=False)
    timers = Timers()
    assert start_service_hooks("counter", timers.every, print) == {}
    assert timers.started == []
