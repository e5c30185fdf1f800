"""Speech synthesis to WAV files for voice calls (domain.md §4; tech-notes "Voice").

Nothing here plays audio. A renderer turns one sentence into a WAV file; a cache keeps the WAVs;
one worker thread owns the renderer, so callers (the Qt display) never block on synthesis and
never touch the engine from two threads. The display plays chime + voice itself (QMediaPlayer).

* ``EspeakRenderer``  - runs ``espeak-ng -v id -s RATE -a AMP -w out.wav -- TEXT`` in a
  subprocess: no shared state, a hung engine can be killed by a timeout. The default.
* ``Pyttsx3Renderer`` - pyttsx3's espeak driver (the same libespeak-ng, in process). pyttsx3 is
  not thread-safe (three threads: "run loop already started", hangs); every render takes a
  process-wide lock, and it is meant to be used from a ``RenderWorker`` only.
* ``FakeRenderer``    - a short tone, records what it was asked: for tests of upper layers.

Usage on the display::

    worker = RenderWorker(EspeakRenderer("id"), PhraseCache(default_cache_dir()), rate=150)
    worker.prefetch(announcement_speech(n, c) for n, c in likely_next_calls)   # background
    future = worker.submit(announcement_speech("A123", 5))   # done at once on a cache hit
    future.add_done_callback(...)   # runs in the worker thread: hand over with a queued signal
"""
from __future__ import annotations

import atexit
import contextlib
import hashlib
import itertools
import json
import math
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
import wave
from array import array
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

__all__ = [
    "DEFAULT_RATE", "DEFAULT_VOLUME", "ENGINES", "MAX_RATE", "MIN_RATE", "EngineUnavailable",
    "EspeakRenderer", "FakeRenderer", "PhraseCache", "Pyttsx3Renderer", "RenderError",
    "RenderWorker", "SpeechRenderer", "TTSError", "VoiceNotFound", "default_cache_dir",
    "espeak_voices", "make_renderer",
]

DEFAULT_RATE = 150  # words per minute; espeak-ng's own default (175) is hurried in a noisy hall
DEFAULT_VOLUME = 1.0  # 1.0 = espeak-ng amplitude 100 (its default); up to 2.0
MIN_RATE, MAX_RATE = 80, 450  # espeak-ng's accepted range
MAX_VOLUME = 2.0


class TTSError(Exception):
    """A speech-synthesis failure with a message fit for an operator."""


class EngineUnavailable(TTSError):
    """The engine (espeak-ng binary, pyttsx3, libespeak-ng) is not installed or won't start."""


class VoiceNotFound(TTSError):
    """The engine has no voice for the requested language."""


class RenderError(TTSError):
    """The engine ran but produced no usable WAV."""


@runtime_checkable
class SpeechRenderer(Protocol):
    """Renders one sentence to a WAV file. ``engine`` and ``voice`` name the sound it makes
    (they are part of the cache key). Not required to be thread-safe: use a RenderWorker."""

    engine: str
    voice: str

    def render(self, text: str, path: Path, rate: int = DEFAULT_RATE,
               volume: float = DEFAULT_VOLUME) -> Path:
        """Write ``text`` spoken as a WAV at ``path`` (atomically) and return ``path``."""
        ...


def _check_request(text: str, rate: int, volume: float) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValueError("text to speak must be a non-blank string")
    if isinstance(rate, bool) or not isinstance(rate, int) or not MIN_RATE <= rate <= MAX_RATE:
        raise ValueError(f"rate must be an int in {MIN_RATE}..{MAX_RATE} (words per minute), "
                         f"got {rate!r}")
    if isinstance(volume, bool) or not isinstance(volume, (int, float)) \
            or not 0.0 <= volume <= MAX_VOLUME:
        raise ValueError(f"volume must be a number in 0..{MAX_VOLUME}, got {volume!r}")
    return text.strip()


def _temp_beside(path: Path) -> Path:
    """A temporary name in the target's folder, so the final os.replace is atomic."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp.wav")


def _check_wav(path: Path, engine: str) -> None:
    try:
        with wave.open(str(path), "rb") as w:
            frames = w.getnframes()
    except (OSError, EOFError, wave.Error) as exc:
        raise RenderError(f"{engine} wrote no valid WAV ({exc})") from exc
    if frames == 0:
        raise RenderError(f"{engine} wrote an empty WAV")


def _finish(tmp: Path, path: Path, engine: str) -> Path:
    _check_wav(tmp, engine)
    os.replace(tmp, path)
    return path


# --------------------------------------------------------------------------- espeak-ng


_VOICES_LINE = re.compile(r"^\s*(\d+)\s+(\S+)\s+(\S+)\s+(.+?)\s+(\S+)(?:\s+(.*))?$")


def espeak_voices(executable: str = "espeak-ng") -> list[tuple[str, str]]:
    """(language, voice file) pairs from ``espeak-ng --voices``, e.g. ("id", "poz/id")."""
    try:
        out = subprocess.run([executable, "--voices"], capture_output=True, text=True,
                             timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    voices = []
    for line in out.splitlines()[1:]:
        m = _VOICES_LINE.match(line)
        if m:
            voices.append((m.group(2), m.group(5)))
    return voices


def _voice_list(pairs: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{lang} ({ident})" for lang, ident in pairs) or "none"


class EspeakRenderer:
    """``espeak-ng`` in a subprocess per sentence (~15 ms for a call on a desktop CPU)."""

    engine = "espeak-ng"

    def __init__(self, language: str = "id", executable: str = "espeak-ng",
                 timeout: float = 15.0) -> None:
        self.voice = language
        self.executable = executable
        self.timeout = timeout

    def _resolve(self) -> str:
        exe = shutil.which(self.executable)
        if exe is None:
            raise EngineUnavailable(
                f"{self.executable!r} not found; install the Debian package espeak-ng")
        return exe

    def render(self, text: str, path: Path, rate: int = DEFAULT_RATE,
               volume: float = DEFAULT_VOLUME) -> Path:
        text = _check_request(text, rate, volume)
        path = Path(path)
        tmp = _temp_beside(path)
        # "--": a sentence starting with "-" is text, not an option.
        cmd = [self._resolve(), "-v", self.voice, "-s", str(rate), "-a", str(round(volume * 100)),
               "-w", str(tmp), "--", text]
        try:
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout)
            except subprocess.TimeoutExpired as exc:
                raise RenderError(f"espeak-ng took longer than {self.timeout} s") from exc
            except OSError as exc:
                raise EngineUnavailable(f"cannot run {self.executable!r}: {exc}") from exc
            if proc.returncode != 0:
                err = proc.stderr.strip()
                if "voice does not exist" in err:
                    raise VoiceNotFound(
                        f"espeak-ng has no voice {self.voice!r}; available: "
                        f"{_voice_list(espeak_voices(self.executable))}")
                raise RenderError(f"espeak-ng failed (exit {proc.returncode}): {err}")
            return _finish(tmp, path, self.engine)
        finally:
            tmp.unlink(missing_ok=True)


# --------------------------------------------------------------------------- pyttsx3

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


# --------------------------------------------------------------------------- fake


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


ENGINES = {"espeak": EspeakRenderer, "pyttsx3": Pyttsx3Renderer}


def make_renderer(engine: str = "espeak", language: str = "id") -> SpeechRenderer:
    """"espeak" (espeak-ng subprocess, the default) or "pyttsx3"."""
    try:
        cls = ENGINES[engine]
    except KeyError:
        raise ValueError(f"unknown TTS engine {engine!r}; expected one of {sorted(ENGINES)}") \
            from None
    return cls(language)


# --------------------------------------------------------------------------- cache


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "antrean" / "voice"


_KEY_FILE = re.compile(r"^[0-9a-f]{64}\.wav$")
_CACHE_FORMAT = 1  # bump to invalidate every cached WAV (e.g. after changing how we render)


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    evicted: int = 0


class PhraseCache:
    """A folder of rendered sentences, ``<sha256>.wav``, bounded to ``max_bytes``.

    Key: sha256 of (engine, voice, rate, volume, text). A hit refreshes the file's mtime, and
    eviction removes the oldest mtimes first, so mtime order is LRU order and survives restarts.
    Thread-safe within a process; files appear by atomic rename, so several processes may share
    the folder (one may evict a file another is about to play: keep ``max_bytes`` generous -
    a call is ~240 KB, the default 64 MB holds ~270 of them)."""

    def __init__(self, folder: Path, max_bytes: int = 64 * 1024 * 1024) -> None:
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self.stats = CacheStats()
        self._lock = threading.RLock()
        self.evict()

    @staticmethod
    def key(engine: str, voice: str, rate: int, volume: float, text: str) -> str:
        blob = json.dumps([_CACHE_FORMAT, engine, voice, int(rate), round(float(volume), 3),
                           text.strip()], ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def path_for(self, key: str) -> Path:
        return self.folder / f"{key}.wav"

    def get(self, key: str) -> Path | None:
        """The cached WAV, refreshed as most recently used; None on a miss."""
        path = self.path_for(key)
        with self._lock:
            try:
                os.utime(path)  # LRU touch; raises if the file is missing
            except FileNotFoundError:
                self.stats.misses += 1
                return None
            self.stats.hits += 1
            return path

    def render(self, renderer: SpeechRenderer, text: str, rate: int = DEFAULT_RATE,
               volume: float = DEFAULT_VOLUME) -> Path:
        """The WAV for ``text``: from the cache, or rendered into it (then evicting)."""
        key = self.key(renderer.engine, renderer.voice, rate, volume, text)
        hit = self.get(key)
        if hit is not None:
            return hit
        path = renderer.render(text, self.path_for(key), rate, volume)
        self.evict(keep=path)
        return path

    def entries(self) -> list[tuple[Path, int, int]]:
        """(path, size, mtime_ns) of every cached WAV."""
        out = []
        with os.scandir(self.folder) as it:
            for entry in it:
                if _KEY_FILE.match(entry.name):
                    try:
                        st = entry.stat()
                    except FileNotFoundError:
                        continue
                    out.append((Path(entry.path), st.st_size, st.st_mtime_ns))
        return out

    def size(self) -> int:
        return sum(size for _, size, _ in self.entries())

    def evict(self, keep: Path | None = None) -> int:
        """Remove least recently used WAVs until the folder fits ``max_bytes``; never ``keep``."""
        with self._lock:
            entries = sorted(self.entries(), key=lambda e: e[2])
            total = sum(size for _, size, _ in entries)
            removed = 0
            for path, size, _ in entries:
                if total <= self.max_bytes:
                    break
                if keep is not None and path == keep:
                    continue
                path.unlink(missing_ok=True)
                total -= size
                removed += 1
            self.stats.evicted += removed
            return removed


# --------------------------------------------------------------------------- worker

URGENT, PREFETCH = 0, 1
_STOP = -1


class RenderWorker:
    """One background thread that owns the renderer; everything else talks to it via futures.

    * ``submit(text)`` - a call to play now: a cache hit returns an already-done future without
      queueing; a miss jumps ahead of pending prefetches.
    * ``prefetch(texts)`` - render in the background what will probably be called soon.
    * The same (text, rate, volume) pending twice shares one future and one render.
    * A render failure fails that future only; the worker carries on.
    * Future callbacks run in the worker thread (or the caller's, on a hit): a Qt app hands the
      result to the GUI thread with a queued signal.
    """

    def __init__(self, renderer: SpeechRenderer, cache: PhraseCache, rate: int = DEFAULT_RATE,
                 volume: float = DEFAULT_VOLUME, name: str = "tts-render") -> None:
        _check_request("x", rate, volume)
        self.renderer = renderer
        self.cache = cache
        self.rate = rate
        self.volume = volume
        self.renders = 0  # completed renders (cache misses that ran the engine)
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._seq = itertools.count()
        self._pending: dict[tuple[str, int, float], Future] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    def _request(self, text: str, rate: int | None, volume: float | None,
                 priority: int) -> Future:
        rate = self.rate if rate is None else rate
        volume = self.volume if volume is None else volume
        text = _check_request(text, rate, volume)
        if self._closed:
            raise RuntimeError("RenderWorker is closed")
        hit = self.cache.get(self.cache.key(self.renderer.engine, self.renderer.voice, rate,
                                            volume, text))
        if hit is not None:
            done: Future = Future()
            done.set_result(hit)
            return done
        with self._lock:
            if self._closed:
                raise RuntimeError("RenderWorker is closed")
            job = (text, rate, float(volume))
            fut = self._pending.get(job)
            if fut is None:
                fut = self._pending[job] = Future()
            elif priority != URGENT:
                return fut  # already queued at this or a higher priority
            # an urgent request for a queued prefetch is queued again, ahead; the worker
            # skips whichever copy comes second
            self._queue.put((priority, next(self._seq), job))
            return fut

    def submit(self, text: str, rate: int | None = None, volume: float | None = None) -> Future:
        """Future of the WAV path for ``text`` (a call about to be played)."""
        return self._request(text, rate, volume, URGENT)

    def prefetch(self, texts: Iterable[str], rate: int | None = None,
                 volume: float | None = None) -> list[Future]:
        """Queue background renders; returns their futures (cancel them if no longer needed)."""
        return [self._request(t, rate, volume, PREFETCH) for t in texts]

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def _run(self) -> None:
        while True:
            priority, _, job = self._queue.get()
            if priority == _STOP:
                break
            with self._lock:
                fut = self._pending.get(job)
            if fut is None or not fut.set_running_or_notify_cancel():
                with self._lock:  # done already (a duplicate entry) or cancelled by the caller
                    if fut is not None and self._pending.get(job) is fut:
                        del self._pending[job]
                continue
            text, rate, volume = job
            try:
                path = self.cache.render(self.renderer, text, rate, volume)
            except BaseException as exc:  # the caller gets it; the worker must not die
                result, error = None, exc
            else:
                result, error = path, None
                self.renders += 1
            with self._lock:
                self._pending.pop(job, None)
            if error is None:
                fut.set_result(result)
            else:
                fut.set_exception(error)
        with self._lock:
            leftovers = list(self._pending.values())
            self._pending.clear()
        for fut in leftovers:
            fut.cancel()

    def close(self, timeout: float | None = 30.0) -> None:
        """Stop after the render in progress; pending requests are cancelled."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._queue.put((_STOP, -1, None))
        self._thread.join(timeout)

    def __enter__(self) -> RenderWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

