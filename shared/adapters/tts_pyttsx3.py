"""``Pyttsx3Renderer``: pyttsx3's espeak driver (the same libespeak-ng, in process).

pyttsx3 is not thread-safe (three threads: "run loop already started", hangs); every render takes
a process-wide lock, and it is meant to be used from a ``RenderWorker`` only."""
from __future__ import annotations

import atexit
import contextlib
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .tts_base import (DEFAULT_RATE, DEFAULT_VOLUME, EngineUnavailable, RenderError,
                       VoiceNotFound, _check_request, _finish, _temp_beside)

__all__ = ["Pyttsx3Renderer"]

# pyttsx3's espeak driver keeps libespeak-ng's state (voice, synth callback, output buffer) per
# process: two engines, or one engine from two threads, mix up or hang. One lock for all, and one
# engine per process (pyttsx3.init caches it anyway).
_PYTTSX3_LOCK = threading.Lock()
_PYTTSX3_RENDER_TIMEOUT = 30.0  # seconds to wait for the WAV after runAndWait returned


@dataclass
class _Pyttsx3State:
    engine: object
    finished: threading.Event  # set by pyttsx3's "finished-utterance" (after the WAV is saved)
    is_busy: object  # () -> bool: libespeak-ng still has queued commands or is synthesising


_pyttsx3_state: _Pyttsx3State | None = None


def _pyttsx3_engine() -> _Pyttsx3State:
    """The process's pyttsx3 espeak engine (call with _PYTTSX3_LOCK held)."""
    global _pyttsx3_state
    if _pyttsx3_state is not None:
        return _pyttsx3_state
    try:
        import pyttsx3
    except ImportError as exc:
        raise EngineUnavailable("pyttsx3 is not installed (pip install pyttsx3)") from exc
    try:
        engine = pyttsx3.init("espeak")
        from pyttsx3.drivers import _espeak  # private, but the only way to see espeak's queue
    except Exception as exc:  # missing libespeak-ng surfaces as OSError/RuntimeError
        raise EngineUnavailable(
            f"pyttsx3 could not start its espeak driver ({exc}); install libespeak-ng1") from exc
    finished = threading.Event()
    engine.connect("finished-utterance", lambda **_: finished.set())
    _pyttsx3_state = _Pyttsx3State(engine, finished, lambda: bool(_espeak.IsPlaying()))
    atexit.register(_release_pyttsx3)
    return _pyttsx3_state


def _release_pyttsx3() -> None:
    """Drop the engine while the interpreter is still whole: pyttsx3's DriverProxy.__del__
    fails noisily ("'NoneType' object has no attribute 'suppress'") during module teardown."""
    global _pyttsx3_state
    if _PYTTSX3_LOCK.acquire(timeout=1.0):  # not while a daemon worker is mid-render
        try:
            _pyttsx3_state = None
        finally:
            _PYTTSX3_LOCK.release()


_SAVED_NOTICE = "Audio saved to "


@contextlib.contextmanager
def _drop_saved_notice() -> Iterator[None]:
    """pyttsx3's espeak driver print()s "Audio saved to <file>" after every save, from
    libespeak-ng's own synthesis thread. Drop exactly that line (print writes the text, then
    "\n", from one thread); everything else written meanwhile passes through."""
    original = sys.stdout
    owed_newline: set[int] = set()

    class _Filter:
        def write(self, s: str) -> int:
            me = threading.get_ident()
            if s.startswith(_SAVED_NOTICE):
                owed_newline.add(me)
                return len(s)
            if s == "\n" and me in owed_newline:
                owed_newline.discard(me)
                return len(s)
            return original.write(s)

        def __getattr__(self, name: str):
            return getattr(original, name)

    flt = _Filter()
    sys.stdout = flt
    try:
        yield
    finally:
        if sys.stdout is flt:
            sys.stdout = original


class Pyttsx3Renderer:
    """pyttsx3 with the espeak driver (``save_to_file``; never ``say()``, which needs aplay).

    pyttsx3 2.99 + libespeak-ng run synthesis asynchronously on espeak's own thread, and the
    driver races with it (measured: the first ``runAndWait`` returns before the WAV exists; a new
    rate set right before ``runAndWait`` is silently dropped, because the driver's end-of-loop
    ``stop()`` cancels espeak's queue while the parameter change is still in it). So each render
    waits for espeak to go idle after setting the properties, and for pyttsx3's
    "finished-utterance" after the loop. Caveat: if libespeak-ng's callback fails (it writes the
    WAV), pyttsx3's loop may never end; EspeakRenderer (a subprocess) can be timed out instead."""

    engine = "pyttsx3"

    def __init__(self, language: str = "id", timeout: float = _PYTTSX3_RENDER_TIMEOUT) -> None:
        self.voice = language
        self.timeout = timeout
        self.voice_id: str | None = None  # e.g. "poz/id", known after the first render

    @staticmethod
    def _pick_voice(voices, language: str):
        lang = language.lower()

        def langs(v) -> list[str]:
            return [str(x).lower() for x in (getattr(v, "languages", None) or [])]

        exact = [v for v in voices
                 if lang in langs(v) or v.id.lower() == lang or v.id.lower().endswith("/" + lang)]
        # prefer espeak's own voices over MBROLA ones (those need extra packages)
        exact.sort(key=lambda v: v.id.lower().startswith("mb"))
        return exact[0] if exact else None

    def _resolve_voice(self, engine) -> str:
        if self.voice_id is None:
            voices = engine.getProperty("voices")
            chosen = self._pick_voice(voices, self.voice)
            if chosen is None:
                available = ", ".join(f"{v.id} ({'/'.join(map(str, v.languages or []))})"
                                      for v in voices) or "none"
                raise VoiceNotFound(f"pyttsx3/espeak has no voice for language {self.voice!r}; "
                                    f"available: {available}")
            self.voice_id = chosen.id
        return self.voice_id

    def _wait_idle(self, state: _Pyttsx3State) -> None:
        deadline = time.monotonic() + self.timeout
        while state.is_busy():
            if time.monotonic() > deadline:
                raise RenderError(f"libespeak-ng stayed busy for {self.timeout} s")
            time.sleep(0.0005)

    def render(self, text: str, path: Path, rate: int = DEFAULT_RATE,
               volume: float = DEFAULT_VOLUME) -> Path:
        text = _check_request(text, rate, volume)  # blank text would spin pyttsx3's loop forever
        path = Path(path)
        if not path.parent.is_dir():
            raise RenderError(f"folder does not exist: {path.parent}")
        tmp = _temp_beside(path)
        with _PYTTSX3_LOCK:
            try:
                state = _pyttsx3_engine()
                engine = state.engine
                engine.setProperty("voice", self._resolve_voice(engine))  # process-wide state
                engine.setProperty("rate", rate)
                engine.setProperty("volume", float(volume))
                self._wait_idle(state)  # let espeak apply them before the loop can cancel them
                state.finished.clear()
                engine.save_to_file(text, str(tmp))
                with _drop_saved_notice():
                    engine.runAndWait()
                    if not state.finished.wait(self.timeout):
                        raise RenderError(f"pyttsx3 did not finish within {self.timeout} s")
                self._wait_idle(state)
                return _finish(tmp, path, self.engine)
            finally:
                tmp.unlink(missing_ok=True)
