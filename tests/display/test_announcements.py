"""AnnouncementQueue: chime, sentence, repeats; one call at a time, in order; synthesis never
blocks; failures skip a clip, never the queue. Driven through the fake player."""
from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from pathlib import Path

import pytest

from display.announcer import TtsAnnouncer
from display.viewmodels.announcements import AnnouncementQueue, Clip
from display.viewmodels.board_state import CallEntry
from shared.adapters.chime import write_chime
from shared.adapters.tts import FakeRenderer, PhraseCache, RenderWorker
from shared.domain.spoken import AnnouncementTemplate, announcement_speech

from .conftest import FakePlayer


def call(n: int, counter: int = 1, ticket: int | None = None, calls: int = 1) -> CallEntry:
    return CallEntry(ticket or n, f"A{n:03d}", counter, counter, "Dukcapil", calls=calls)


class ManualAnnouncer:
    """chime, then a voice future the test completes (or fails) itself."""

    def __init__(self, pause: float = 0.0) -> None:
        self.pause = pause
        self.futures: dict[str, Future] = {}
        self.prefetched: list[CallEntry] = []

    def sentence(self, c: CallEntry) -> str:
        return c.number

    def script(self, c: CallEntry):
        fut = self.futures.setdefault(c.number, Future())
        return [Clip(Path("chime.wav"), self.pause), Clip(fut)]

    def prefetch(self, calls) -> None:
        self.prefetched += list(calls)


@pytest.fixture
def tts(tmp_path):
    renderer = FakeRenderer(seconds=0.05)
    worker = RenderWorker(renderer, PhraseCache(tmp_path / "cache"))
    chime = write_chime(tmp_path / "chime.wav")
    yield renderer, worker, chime
    worker.close()


def voice_path(worker: RenderWorker, text: str) -> str:
    key = worker.cache.key(worker.renderer.engine, worker.renderer.voice, worker.rate,
                           worker.volume, text)
    return str(worker.cache.path_for(key))


def test_calls_play_in_order_chime_then_sentence_never_overlapping(qtbot, tts):
    renderer, worker, chime = tts
    player = FakePlayer(seconds=0.03)
    queue = AnnouncementQueue(TtsAnnouncer(worker, chime, gap_after_chime=0.05), player)
    finished = []
    queue.finished.connect(finished.append)
    calls = [call(1, 1), call(2, 2), call(3, 1)]
    for c in calls:
        assert queue.enqueue(c)
    qtbot.waitUntil(lambda: len(finished) == 3, timeout=5000)
    expected = []
    for c in calls:
        expected += [str(chime), voice_path(worker, announcement_speech(c.number, c.counter_number))]
    assert player.paths == expected
    player.assert_no_overlap()
    assert finished == calls
    # the pause after the chime is kept
    gaps = [player.log[i + 1].start - player.log[i].end for i in range(0, 6, 2)]
    assert min(gaps) >= 0.045
    assert not queue.busy and queue.pending == 0 and queue.played == 3


def test_repeats_say_the_same_sentence_again_after_a_pause(qtbot, tts):
    renderer, worker, chime = tts
    player = FakePlayer(seconds=0.02)
    template = AnnouncementTemplate(repeats=2, include_agency=True, digit_by_digit=True)
    announcer = TtsAnnouncer(worker, chime, template, gap_after_chime=0.0, gap_between=0.1)
    queue = AnnouncementQueue(announcer, player)
    with qtbot.waitSignal(queue.finished, timeout=5000):
        queue.enqueue(CallEntry(9, "B005", 3, 5, "Samsat"))
    sentence = "Nomor antrean be, nol nol lima, silakan menuju loket lima, gerai Samsat."
    assert announcer.sentence(CallEntry(9, "B005", 3, 5, "Samsat")) == sentence
    assert player.paths == [str(chime), voice_path(worker, sentence), voice_path(worker, sentence)]
    assert player.log[2].start - player.log[1].end >= 0.09
    assert renderer.texts.count(sentence) == 1  # rendered once, played twice


def test_the_chime_starts_while_the_voice_is_still_rendering(qtbot):
    announcer = ManualAnnouncer()
    player = FakePlayer(seconds=0.02)
    queue = AnnouncementQueue(announcer, player)
    started = []
    queue.started.connect(started.append)
    queue.enqueue(call(1))
    assert started == [call(1)]  # audio start does not wait for synthesis
    qtbot.wait(100)
    assert player.paths == ["chime.wav"] and queue.busy  # waiting for the voice
    done = threading.Thread(target=announcer.futures["A001"].set_result, args=(Path("v1.wav"),))
    with qtbot.waitSignal(queue.finished, timeout=2000):
        done.start()  # completed from another thread, like the render worker
    assert player.paths == ["chime.wav", "v1.wav"]


def test_a_failed_render_skips_the_sentence_not_the_queue(qtbot):
    announcer = ManualAnnouncer()
    player = FakePlayer(seconds=0.01)
    queue = AnnouncementQueue(announcer, player)
    finished = []
    queue.finished.connect(finished.append)
    queue.enqueue(call(1))
    queue.enqueue(call(2))
    announcer.futures["A001"].set_exception(RuntimeError("espeak-ng crashed"))
    announcer.futures["A002"].set_result(Path("v2.wav"))
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=2000)
    assert player.paths == ["chime.wav", "chime.wav", "v2.wav"]


def test_a_render_that_never_ends_is_given_up(qtbot):
    announcer = ManualAnnouncer()
    player = FakePlayer(seconds=0.01)
    queue = AnnouncementQueue(announcer, player, clip_timeout=0.2)
    queue.enqueue(call(1))
    queue.enqueue(call(2))
    announcer.futures["A002"].set_result(Path("v2.wav"))
    with qtbot.waitSignal(queue.finished, timeout=2000) as first:
        pass
    assert first.args == [call(1)]
    qtbot.waitUntil(lambda: not queue.busy, timeout=2000)
    announcer.futures["A001"].set_result(Path("late.wav"))  # too late: never played
    qtbot.wait(50)
    assert player.paths == ["chime.wav", "chime.wav", "v2.wav"]


def test_a_player_failure_moves_on(qtbot):
    announcer = ManualAnnouncer()
    player = FakePlayer(seconds=0.01, fail=("chime.wav",))
    queue = AnnouncementQueue(announcer, player)
    announcer.futures["A001"] = Future()
    announcer.futures["A001"].set_result(Path("v1.wav"))
    with qtbot.waitSignal(queue.finished, timeout=2000):
        queue.enqueue(call(1))
    assert player.paths == ["v1.wav"]


def test_a_recall_before_the_call_was_heard_adds_nothing_but_after_it_is_announced(qtbot):
    announcer = ManualAnnouncer()
    for n in (1, 2):
        announcer.futures[f"A{n:03d}"] = Future()
        announcer.futures[f"A{n:03d}"].set_result(Path(f"v{n}.wav"))
    player = FakePlayer(seconds=0.03)
    queue = AnnouncementQueue(announcer, player)
    finished = []
    queue.finished.connect(finished.append)
    assert queue.enqueue(call(1))  # playing now
    assert queue.enqueue(call(2))  # pending
    assert not queue.enqueue(call(2, calls=2))  # recall of a call not yet heard: merged
    assert queue.enqueue(call(1, calls=2))  # recall of the one being heard: again
    qtbot.waitUntil(lambda: len(finished) == 3, timeout=3000)
    assert [c.number for c in finished] == ["A001", "A002", "A001"]
    assert finished[2].recall
    player.assert_no_overlap()


def test_a_full_queue_drops_the_oldest_waiting_call(qtbot):
    announcer = ManualAnnouncer()
    player = FakePlayer(seconds=0.01)
    queue = AnnouncementQueue(announcer, player, max_pending=2)
    dropped = []
    queue.dropped.connect(dropped.append)
    for n in range(1, 5):
        queue.enqueue(call(n, counter=n))  # A001 plays (waits for its voice); 2..4 queue
    assert [c.number for c in dropped] == ["A002"]
    assert queue.pending == 2 and queue.dropped_count == 1
    assert announcer.futures["A002"].cancelled()
    queue.stop()
    assert not queue.busy and queue.pending == 0


def test_enqueue_returns_at_once_even_if_synthesis_is_slow(qtbot, tmp_path):
    gate = threading.Event()
    renderer = FakeRenderer(seconds=0.05, gate=gate)
    worker = RenderWorker(renderer, PhraseCache(tmp_path / "cache"))
    try:
        queue = AnnouncementQueue(TtsAnnouncer(worker, write_chime(tmp_path / "c.wav")),
                                  FakePlayer(seconds=0.01))
        start = time.perf_counter()
        for n in range(1, 6):
            queue.enqueue(call(n, counter=n))
        assert time.perf_counter() - start < 0.1  # never waits for the engine
        gate.set()
        qtbot.waitUntil(lambda: queue.played == 5, timeout=5000)
    finally:
        gate.set()
        worker.close()
