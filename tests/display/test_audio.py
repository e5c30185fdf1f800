"""The real player (QMediaPlayer + QAudioOutput): plays WAVs to the end without a sound server
(tech-notes), reports start and end, reports bad files, and a speed-up cuts clips short."""
from __future__ import annotations

import time
import wave
from pathlib import Path

import pytest

from display.audio import QtAudioPlayer, wav_seconds
from shared.adapters.chime import write_chime

# CI has no sound server: QtMultimedia says so (and plays to a null device, to the end).
pytestmark = pytest.mark.qt_log_ignore("PulseAudioService: pa_context_connect",
                                       "No audio device detected")


def short_wav(path: Path, seconds: float = 0.3, rate: int = 22050) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(2 * round(seconds * rate)))
    return path


def test_plays_a_clip_to_the_end_and_again(qtbot, tmp_path):
    clip = short_wav(tmp_path / "a.wav", 0.3)
    player = QtAudioPlayer()
    events = []
    player.started.connect(lambda p: events.append(("started", p, time.perf_counter())))
    player.finished.connect(lambda p: events.append(("finished", p, time.perf_counter())))
    for _ in range(2):  # the second time the same source is rewound, not reloaded
        start = time.perf_counter()
        with qtbot.waitSignal(player.finished, timeout=5000):
            player.play(str(clip))
        kinds = [e[0] for e in events[-2:]]
        assert kinds == ["started", "finished"]
        assert events[-2][2] - start < 0.3  # audio starts quickly
        assert events[-1][2] - events[-2][2] >= 0.2  # and lasts about as long as the clip


def test_a_missing_or_broken_file_is_reported_not_hung_on(qtbot, tmp_path):
    player = QtAudioPlayer()
    with qtbot.waitSignal(player.failed, timeout=1000) as failed:
        player.play(str(tmp_path / "missing.wav"))
    assert failed.args[0].endswith("missing.wav")
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"RIFF not really")
    with qtbot.waitSignal(player.failed, timeout=1000):
        player.play(str(junk))


def test_speedup_cuts_clips_short_for_benchmarks(qtbot, tmp_path):
    chime = write_chime(tmp_path / "chime.wav")
    assert 1.1 < wav_seconds(str(chime)) < 1.3
    player = QtAudioPlayer(speedup=6)  # 1.2 s -> 0.2 s
    start = time.perf_counter()
    with qtbot.waitSignal(player.finished, timeout=3000):
        player.play(str(chime))
    assert time.perf_counter() - start < 0.8


def test_warm_up_plays_a_short_silence_once_made(qtbot, tmp_path):
    player = QtAudioPlayer()
    with qtbot.waitSignal(player.finished, timeout=3000) as done:
        player.warm_up(tmp_path / "voice")
    assert done.args[0].endswith("silence.wav")
    assert 0.25 < wav_seconds(str(tmp_path / "voice" / "silence.wav")) < 0.35
