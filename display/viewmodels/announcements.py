"""Voice calls, one at a time: the chime, the sentence, the repeats; the next call only after the
previous one has finished (domain.md §4: calls never overlap).

Two small interfaces keep the queue independent of the engine and of the sound device:

* ``Announcer.script(call)`` -> the clips of one announcement, in order (the TTS announcer gives
  chime + sentence x repeats; pre-recorded clips or a better engine can replace it). A clip's
  source is a WAV path or a ``Future`` of one, so synthesis runs in the background while the
  chime plays; it is asked for as soon as the call is queued, never on the GUI thread.
* ``AudioPlayer.play(path)`` -> ``started(path)`` when sound starts, then exactly one of
  ``finished(path)`` / ``failed(path, reason)``. Real: QMediaPlayer (display/audio.py); tests
  use a fake that records what played and when.
"""
from __future__ import annotations

import logging
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Protocol, Sequence

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from .board_state import CallEntry

log = logging.getLogger("antrean.display.voice")

MAX_PENDING = 100  # calls waiting to be spoken (~8 minutes of speech); older ones are dropped
CLIP_TIMEOUT = 10.0  # seconds to wait for a clip still being rendered before skipping it


@dataclass(frozen=True)
class Clip:
    source: "Path | Future[Path]"
    pause_after: float = 0.0  # seconds of silence after the clip


class Announcer(Protocol):
    def script(self, call: CallEntry) -> Sequence[Clip]: ...

    def sentence(self, call: CallEntry) -> str: ...

    def prefetch(self, calls: Iterable[CallEntry]) -> None: ...


class AudioPlayer(Protocol):
    started: Signal
    finished: Signal
    failed: Signal

    def play(self, path: str) -> None: ...

    def stop(self) -> None: ...


@dataclass
class _Playing:
    call: CallEntry
    clips: Sequence[Clip]
    index: int = 0
    audible: bool = False  # the first clip has started playing
    in_player: bool = False  # a clip is in the player right now


class AnnouncementQueue(QObject):
    queued = Signal(object)  # CallEntry
    started = Signal(object)  # CallEntry: its first clip started playing (audio start)
    finished = Signal(object)  # CallEntry: its last clip ended
    dropped = Signal(object)  # CallEntry: the queue was full
    _clip_ready = Signal(int)  # a rendering future finished (emitted from the worker thread)

    def __init__(self, announcer: Announcer, player: AudioPlayer, *,
                 max_pending: int = MAX_PENDING, clip_timeout: float = CLIP_TIMEOUT,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.announcer = announcer
        self.player = player
        self.max_pending = max_pending
        self._pending: deque[tuple[CallEntry, Sequence[Clip]]] = deque()
        self._now: _Playing | None = None
        self._token = 0  # identifies the clip being waited for (stale callbacks are ignored)
        self.played = 0
        self.dropped_count = 0
        self._pause = QTimer(self, singleShot=True)
        self._pause.timeout.connect(self._advance)
        self._timeout = QTimer(self, singleShot=True)
        self._timeout.setInterval(round(clip_timeout * 1000))
        self._timeout.timeout.connect(self._render_timed_out)
        self._clip_ready.connect(self._on_clip_ready)
        player.started.connect(self._on_started)
        player.finished.connect(self._on_finished)
        player.failed.connect(self._on_failed)

    # -- input -------------------------------------------------------------------------------
    def enqueue(self, call: CallEntry) -> bool:
        """Queue a call; False if the same ticket at the same counter is already waiting to
        be spoken (a recall pressed before the first call was heard adds nothing)."""
        if any(c.ticket_id == call.ticket_id and c.counter_id == call.counter_id
               for c, _ in self._pending):
            return False
        clips = self.announcer.script(call)  # starts rendering now, in the background
        self._pending.append((call, clips))
        self.queued.emit(call)
        while len(self._pending) > self.max_pending:
            old, old_clips = self._pending.popleft()
            for clip in old_clips:
                if isinstance(clip.source, Future):
                    clip.source.cancel()
            self.dropped_count += 1
            log.warning("voice queue full: call %s at counter %s not announced",
                        old.number, old.counter_number)
            self.dropped.emit(old)
        if self._now is None:
            self._start_next()
        return True

    def prefetch(self, calls: Iterable[CallEntry]) -> None:
        self.announcer.prefetch(calls)

    @property
    def busy(self) -> bool:
        return self._now is not None

    @property
    def pending(self) -> int:
        return len(self._pending)

    def stop(self) -> None:
        """Forget everything queued and silence the player (shutting down)."""
        self._pending.clear()
        self._now = None
        self._token += 1
        self._pause.stop()
        self._timeout.stop()
        self.player.stop()

    # -- sequencing ------------------------------------------------------------------------------
    def _start_next(self) -> None:
        if not self._pending:
            self._now = None
            return
        call, clips = self._pending.popleft()
        self._now = _Playing(call, clips)
        log.info("announcing %s at counter %s%s (%d waiting)", call.number, call.counter_number,
                 " again" if call.recall else "", len(self._pending))
        self._play_clip()

    def _play_clip(self) -> None:
        now = self._now
        assert now is not None
        if now.index >= len(now.clips):
            self._finish()
            return
        source = now.clips[now.index].source
        self._token += 1
        if isinstance(source, Future):
            if not source.done():
                token = self._token
                self._timeout.start()
                source.add_done_callback(lambda _f, t=token: self._clip_ready.emit(t))
                return
            try:
                source = source.result()
            except Exception as exc:  # rendering failed: say the rest, don't stall the queue
                log.error("voice clip for %s failed: %s", now.call.number, exc)
                self._advance()
                return
        now.in_player = True
        self.player.play(str(source))

    @Slot(int)
    def _on_clip_ready(self, token: int) -> None:
        if token == self._token and self._now is not None and not self._now.in_player:
            self._timeout.stop()
            self._play_clip()

    def _render_timed_out(self) -> None:
        if self._now is not None and not self._now.in_player:
            log.error("voice clip for %s not ready after %.0f s: skipped", self._now.call.number,
                      self._timeout.interval() / 1000)
            self._token += 1
            self._advance()

    def _on_started(self, _path: str) -> None:
        now = self._now
        if now is not None and now.in_player and not now.audible:
            now.audible = True
            self.started.emit(now.call)

    def _on_finished(self, _path: str) -> None:
        now = self._now
        if now is None or not now.in_player:
            return
        now.in_player = False
        pause = now.clips[now.index].pause_after
        if pause > 0 and now.index + 1 < len(now.clips):
            self._pause.start(round(pause * 1000))
        else:
            self._advance()

    def _on_failed(self, path: str, reason: str) -> None:
        log.error("could not play %s: %s", path, reason)
        self._on_finished(path)

    def _advance(self) -> None:
        if self._now is None:
            return
        self._now.index += 1
        self._play_clip()

    def _finish(self) -> None:
        now = self._now
        assert now is not None
        self.played += 1
        if not now.audible:  # nothing could be played (all clips failed): still report it
            log.warning("call %s at counter %s was not heard", now.call.number,
                        now.call.counter_number)
        self.finished.emit(now.call)
        self._start_next()
