"""``FakeRenderer``: a short tone, records what it was asked: for tests of upper layers."""
from __future__ import annotations

import math
import sys
import threading
import wave
from array import array
from collections.abc import Iterable
from pathlib import Path

from .tts_base import (DEFAULT_RATE, DEFAULT_VOLUME, RenderError, _check_request, _finish,
                       _temp_beside)

__all__ = ["FakeRenderer"]


class FakeRenderer:
    """For tests of upper layers: writes a short 440 Hz tone WAV and records every request.

    ``gate``: if given, each render waits until it is set (to hold the worker busy);
    ``fail_texts``: texts that raise RenderError."""

    engine = "fake"

    def __init__(self, voice: str = "id", seconds: float = 0.2, sample_rate: int = 22050,
                 gate: threading.Event | None = None, fail_texts: Iterable[str] = ()) -> None:
        self.voice = voice
        self.seconds = seconds
        self.sample_rate = sample_rate
        self.gate = gate
        self.fail_texts = set(fail_texts)
        self.texts: list[str] = []
        self.calls: list[tuple[str, int, float]] = []
        self.thread_ids: set[int] = set()
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()

    def render(self, text: str, path: Path, rate: int = DEFAULT_RATE,
               volume: float = DEFAULT_VOLUME) -> Path:
        text = _check_request(text, rate, volume)
        with self._lock:
            self.texts.append(text)
            self.calls.append((text, rate, volume))
            self.thread_ids.add(threading.get_ident())
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            if self.gate is not None and not self.gate.wait(timeout=30):
                raise RenderError("fake renderer: gate never opened")
            if text in self.fail_texts:
                raise RenderError(f"fake failure for {text!r}")
            n = round(self.seconds * self.sample_rate)
            amp = min(1.0, volume) * 8000
            samples = array("h", (round(amp * math.sin(2 * math.pi * 440 * i / self.sample_rate))
                                  for i in range(n)))
            if sys.byteorder == "big":
                samples.byteswap()
            path = Path(path)
            tmp = _temp_beside(path)
            try:
                with wave.open(str(tmp), "wb") as w:
                    w.setnchannels(1)
                    w.setsampwidth(2)
                    w.setframerate(self.sample_rate)
                    w.writeframes(samples.tobytes())
                return _finish(tmp, path, self.engine)
            finally:
                tmp.unlink(missing_ok=True)
        finally:
            with self._lock:
                self.active -= 1
