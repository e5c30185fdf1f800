"""``RenderWorker``: the one thread that owns a renderer; callers get futures of WAV paths."""
from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Iterable
from concurrent.futures import Future

from .phrase_cache import PhraseCache
from .tts_base import DEFAULT_RATE, DEFAULT_VOLUME, SpeechRenderer, _check_request

__all__ = ["PREFETCH", "URGENT", "RenderWorker"]

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
