"""When does sound really reach the speakers? (optional part of the display benchmark)

QMediaPlayer reports "playing" before the first samples reach the sound server. With a
PulseAudio null sink (`pulseaudio ... --load="module-null-sink sink_name=nul"`) its monitor
source can be recorded back: a helper process runs `parec` and prints the perf_counter time of
every sound onset (a loud 5 ms block after at least 100 ms of quiet). It is a separate process
so that its sample crunching is not counted as the display's CPU; on Linux perf_counter is
CLOCK_MONOTONIC, the same clock in every process."""
from __future__ import annotations

import bisect
import subprocess
import sys
import threading
import time

_HELPER = r"""
import array, subprocess, sys, time
monitor, threshold = sys.argv[1], int(sys.argv[2])
rec = subprocess.Popen(["parec", "-d", monitor, "--raw", "--format=s16le", "--rate=44100",
                        "--channels=1", "--latency-msec=5"], stdout=subprocess.PIPE)
block = 220  # 5 ms
quiet_since = time.perf_counter()
print("ready", flush=True)
while True:
    data = rec.stdout.read(block * 2)
    if not data:
        break
    now = time.perf_counter()
    samples = array.array("h", data[: len(data) // 2 * 2])
    if max(samples, default=0) > threshold or -min(samples, default=0) > threshold:
        if quiet_since is not None and now - quiet_since >= 0.1:
            print(now, flush=True)
        quiet_since = None
    elif quiet_since is None:
        quiet_since = now
"""


class SinkProbe:
    def __init__(self, monitor: str, threshold: int = 2000) -> None:
        self.onsets: list[float] = []
        self._lock = threading.Lock()
        self.proc = subprocess.Popen([sys.executable, "-c", _HELPER, monitor, str(threshold)],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError(f"cannot record {monitor!r} (is PulseAudio running? parec?)")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                t = float(line)
            except ValueError:
                continue
            with self._lock:
                self.onsets.append(t)
                del self.onsets[:-500]

    def onset_after(self, t: float, timeout: float = 2.0) -> float | None:
        """The first sound onset at or after ``t`` (waits up to ``timeout``)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                i = bisect.bisect_left(self.onsets, t)
                if i < len(self.onsets):
                    return self.onsets[i]
            if time.monotonic() > deadline:
                return None
            time.sleep(0.005)

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(5)
