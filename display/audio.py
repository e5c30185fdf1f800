"""The real ``AudioPlayer``: one QMediaPlayer + QAudioOutput, reused for every clip.

``started`` is emitted when the player reports it is playing buffered media (the first audio
goes to the sound device), ``finished`` at the end of the media. A watchdog ends a clip that
never reports its end (a stuck sound server must not stop all later calls): the clip's length,
read from its WAV header, plus a margin. ``speedup`` (benchmarks) stops every clip after its
length / speedup, to replay an hour of calls in minutes through the real player."""
from __future__ import annotations

import logging
import wave
from pathlib import Path

from PySide6.QtCore import QLoggingCategory, QObject, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

log = logging.getLogger("antrean.display.audio")

WATCHDOG_MARGIN = 3.0  # seconds past a clip's length before it is declared stuck


_QUIET = False


def quiet_media_logs() -> None:
    """FFmpeg describes every file it opens ("Input #0, wav, from ...") at info level: 3 lines
    per clip in the display's log, hundreds a day. Warnings stay on (a QT_LOGGING_RULES
    environment variable still overrides this)."""
    global _QUIET
    if not _QUIET:
        QLoggingCategory.setFilterRules("qt.multimedia.ffmpeg.mediadataholder.info=false")
        _QUIET = True


def wav_seconds(path: str) -> float | None:
    try:
        with wave.open(path, "rb") as w:
            return w.getnframes() / float(w.getframerate())
    except (OSError, EOFError, wave.Error, ZeroDivisionError):
        return None


class QtAudioPlayer(QObject):
    started = Signal(str)
    finished = Signal(str)
    failed = Signal(str, str)

    def __init__(self, volume: float = 1.0, speedup: float = 1.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        quiet_media_logs()
        self.speedup = max(1.0, speedup)
        # The output is the player's child: destroyed after the player. The other way round
        # (an output deleted while a stopped player still holds it) crashes QtMultimedia 6.12.
        self._player = QMediaPlayer(self)
        self._output = QAudioOutput(self._player)
        self._output.setVolume(max(0.0, min(1.0, volume)))
        self._player.setAudioOutput(self._output)
        self._player.mediaStatusChanged.connect(self._on_status)
        self._player.playbackStateChanged.connect(self._on_state)
        self._player.errorOccurred.connect(self._on_error)
        self._watchdog = QTimer(self, singleShot=True)
        self._watchdog.timeout.connect(self._on_watchdog)
        self._path: str | None = None
        self._started = False

    def play(self, path: str) -> None:
        seconds = wav_seconds(path)
        if seconds is None or not Path(path).is_file():
            self._path = None
            self.failed.emit(path, "not a readable WAV file")
            return
        self._path, self._started = path, False
        limit = seconds + WATCHDOG_MARGIN if self.speedup == 1.0 else seconds / self.speedup
        self._watchdog.start(max(1, round(limit * 1000)))
        log.debug("play %s (%.2f s)", path, seconds)
        url = QUrl.fromLocalFile(path)
        if self._player.source() == url:
            self._player.setPosition(0)  # same clip again (a repeat): rewind
        else:
            self._player.setSource(url)
        self._player.play()

    def warm_up(self, folder: Path, seconds: float = 0.3) -> None:
        """Play a short silence now, so the first call does not pay for opening the sound
        device (measured with PulseAudio: ~1 s for the first clip, ~50 ms after)."""
        path = Path(folder) / "silence.wav"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with wave.open(str(path), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(22050)
                w.writeframes(bytes(2 * round(seconds * 22050)))
        self.play(str(path))

    def stop(self) -> None:
        self._watchdog.stop()
        self._path = None
        self._player.stop()

    # -- QMediaPlayer ----------------------------------------------------------------------
    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        if state == QMediaPlayer.PlaybackState.PlayingState:
            self._check_started()

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status in (QMediaPlayer.MediaStatus.BufferedMedia,
                      QMediaPlayer.MediaStatus.BufferingMedia):
            self._check_started()
        elif status == QMediaPlayer.MediaStatus.EndOfMedia:
            self._end()
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._fail("invalid media")

    def _check_started(self) -> None:
        if (self._path is not None and not self._started
                and self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState):
            self._started = True
            log.debug("started %s", self._path)
            self.started.emit(self._path)

    def _on_error(self, _error: QMediaPlayer.Error, message: str) -> None:
        self._fail(message or "playback error")

    def _on_watchdog(self) -> None:
        if self._path is None:
            return
        if self.speedup == 1.0:
            log.warning("clip %s did not end in time; stopping it", self._path)
        self._player.stop()
        self._end()

    # -- ending ----------------------------------------------------------------------------------
    def _end(self) -> None:
        path, self._path = self._path, None
        self._watchdog.stop()
        if path is not None:
            log.debug("finished %s", path)
            self.finished.emit(path)

    def _fail(self, reason: str) -> None:
        path, self._path = self._path, None
        self._watchdog.stop()
        if path is not None:
            self.failed.emit(path, reason)
