"""The systemd notify protocol against a fake NOTIFY_SOCKET, and the master's watchdog."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shared.ops.sdnotify import Notifier, watchdog_interval
from tests.master.conftest import make_site

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def notify_socket(tmp_path):
    path = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(0.2)
    yield path, sock
    sock.close()


def receive_all(sock: socket.socket, seconds: float) -> list[tuple[float, str]]:
    messages = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            messages.append((time.monotonic(), sock.recv(4096).decode()))
        except socket.timeout:
            pass
    return messages


def test_notifier_sends_datagrams(notify_socket):
    path, sock = notify_socket
    notifier = Notifier(path)
    assert notifier.ready("serving")
    assert notifier.watchdog()
    assert sock.recv(100).decode() == "READY=1\nSTATUS=serving"
    assert sock.recv(100).decode() == "WATCHDOG=1"


def test_notifier_without_systemd_is_a_no_op(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert not Notifier().enabled
    assert not Notifier().ready()


def test_watchdog_interval_is_half_of_watchdog_usec(monkeypatch):
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    assert watchdog_interval() == 15
    monkeypatch.setenv("WATCHDOG_PID", "1")  # meant for another process
    assert watchdog_interval() is None
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    monkeypatch.setenv("WATCHDOG_USEC", "junk")
    assert watchdog_interval() is None


def test_master_pings_and_a_hung_master_is_detected(tmp_path, notify_socket):
    path, sock = notify_socket
    site = make_site(tmp_path)
    env = {**os.environ, "NOTIFY_SOCKET": path, "WATCHDOG_USEC": "600000"}  # ping every 0.3 s
    proc = subprocess.Popen(
        [sys.executable, "-m", "shared.cli.main", "master", "--db", str(site.db), "--port", "0",
         "--no-mdns"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        messages = receive_all(sock, 6)
        texts = [m for _, m in messages]
        assert any(m.startswith("READY=1") for m in texts), texts
        pings = [t for t, m in messages if m == "WATCHDOG=1"]
        assert len(pings) >= 5, texts
        # A master that stops answering (here: stopped by SIGSTOP) stops pinging; systemd's
        # WatchdogSec (0.6 s here) would then restart it.
        proc.send_signal(signal.SIGSTOP)
        silent = receive_all(sock, 2)
        assert [m for _, m in silent if m == "WATCHDOG=1"] == []
        proc.send_signal(signal.SIGCONT)
        assert any(m == "WATCHDOG=1" for _, m in receive_all(sock, 3))
    finally:
        proc.send_signal(signal.SIGCONT)
        proc.terminate()
        proc.wait(15)
