"""The commands: `antrean kiosk --screenshots DIR`, `python -m kiosk.bench`, and the PySide6
work-around they rely on, each in its own process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
SCREENS = ["welcome", "welcome-en", "agencies", "services", "search-keyboard", "info",
           "info-closed", "priority", "issuing", "ticket", "ticket-en", "printer-fault",
           "print-failed", "checkin", "checkin-typed", "checkin-failed", "checkin-failed-en",
           "checkin-ticket", "issue-failed", "rejected", "agencies-en", "welcome-again"]


def test_screenshots_of_every_screen_at_each_size(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "shared.cli.main", "kiosk", "--screenshots", str(tmp_path),
         "--screenshot-sizes", "1920x1080,1024x600"],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "Error" not in proc.stderr, proc.stderr[-3000:]
    for w, h in ((1920, 1080), (1024, 600)):
        files = sorted((tmp_path / f"{w}x{h}").glob("*.png"))
        assert [f.stem.split("-", 1)[1] for f in files] == SCREENS
        for f in files:
            with Image.open(f) as im:
                assert im.size == (w, h)
                colors = im.convert("RGB").resize((64, 36)).getcolors(4096) or []
                assert len(colors) > 8, f"{f.name} looks blank"


def test_bench_prints_latency_json():
    proc = subprocess.run([sys.executable, "-m", "kiosk.bench", "--taps", "5"], cwd=ROOT,
                          env=ENV, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert result["taps"] == 5
    assert 0 < result["p50_ms"] <= result["p99_ms"] <= result["max_ms"]
    assert set(result["phases_p50_ms"]) == {"check", "issue", "print"}


PROBE = """
import sys
{fix}
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for _ in range(30000):
    label.setText("x")
    label.isVisible()
print("alive")
"""


def _probe(fix: bool) -> subprocess.CompletedProcess:
    code = PROBE.format(fix="from kiosk.qtfix import immortalize_singletons; "
                            "immortalize_singletons()" if fix else "")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True,
                          text=True, timeout=60)


def test_qt_calls_do_not_exhaust_none_with_the_workaround():
    proc = _probe(fix=True)
    assert proc.returncode == 0 and "alive" in proc.stdout, proc.stderr[-2000:]


@pytest.mark.skipif(not (sys.version_info < (3, 12) and PySide6.__version__ == "6.12.0"),
                    reason="the refcount bug is PySide6 6.12.0 on CPython < 3.12")
def test_the_pyside_bug_the_workaround_is_for():
    proc = _probe(fix=False)
    assert proc.returncode != 0 and "deallocating" in proc.stderr
