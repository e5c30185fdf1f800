"""`antrean display` as a process (the composition root): it connects to a real master, shows
a call, and stops cleanly on SIGTERM (systemd)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from .conftest import PIN

ROOT = Path(__file__).resolve().parents[2]


def test_the_display_process_connects_and_stops_on_sigterm(live_master, display_site, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "shared.cli.main", "display", "--master", live_master.url,
         "--token", display_site.tokens["display"], "--windowed", "--size", "1366x768",
         "--voice-cache", str(tmp_path / "voice"), "--zone", "Lantai 1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    connected = threading.Event()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if "master link: connected" in line:
                connected.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert connected.wait(30), "".join(lines[-30:])
        # a call while it runs: the process must survive it (voice on, real espeak-ng)
        http = httpx.Client(base_url=live_master.url + "/api/v1", timeout=10)
        auth = {"Authorization": f"Bearer {display_site.tokens['counter']}"}
        session = http.post("/sessions", headers=auth, json={
            "username": "admin", "pin": PIN, "counter_id": display_site.counters["d1"]}).json()
        auth["X-Officer-Session"] = session["session"]
        assert http.post(f"/counters/{display_site.counters['d1']}/open", headers=auth).is_success
        http.post("/tickets", json={"service_id": display_site.services["ktp"]},
                  headers={"Authorization": f"Bearer {display_site.tokens['kiosk']}"})
        assert http.post(f"/counters/{display_site.counters['d1']}/call-next",
                         headers=auth).is_success
        http.close()
        time.sleep(1.0)
        assert proc.poll() is None, "".join(lines[-30:])
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(15) == 0, "".join(lines[-30:])
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    assert any("signal received: stopping" in line for line in lines)
    assert not any("Traceback" in line for line in lines), "".join(lines)


def test_an_exception_escaping_a_slot_ends_the_display_non_zero(monkeypatch):
    from display import app as display_app

    class FakeApp:
        code = None

        def exit(self, code: int) -> None:
            self.code = code

    fake = FakeApp()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    display_app._exit_on_bugs(fake)
    try:
        raise KeyError("bug")
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert fake.code == 70
