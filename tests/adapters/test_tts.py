"""Voice: renderers (real espeak-ng / pyttsx3, no mocks), phrase cache, render worker, chime.

Audio is checked by parsing the WAV here (wave + struct, independent of shared.adapters.wavfile):
duration, RMS, and a speech-like loudness envelope (voiced 20 ms windows with pauses between
phrases) - a tone, noise or silence fails that."""
from __future__ import annotations

import ctypes.util
import hashlib
import importlib.util
import math
import os
import shutil
import struct
import subprocess
import sys
import threading
import time
import wave
from concurrent.futures import CancelledError
from pathlib import Path

import pytest

from shared.adapters.chime import CHIME, chime_frames, chime_wav_bytes, write_chime
from shared.adapters.tts import (EngineUnavailable, EspeakRenderer, FakeRenderer, PhraseCache,
                                 Pyttsx3Renderer, RenderError, RenderWorker, SpeechRenderer,
                                 VoiceNotFound, make_renderer)
from shared.adapters.wavfile import WavFormat, concat_wavs, read_wav, wav_stats, write_wav
from shared.domain.spoken import announcement_speech

ROOT = Path(__file__).resolve().parents[2]
HAVE_ESPEAK = shutil.which("espeak-ng") is not None
HAVE_PYTTSX3 = (importlib.util.find_spec("pyttsx3") is not None
                and ctypes.util.find_library("espeak-ng") is not None)
needs_espeak = pytest.mark.skipif(
    not HAVE_ESPEAK, reason="espeak-ng not installed (apt install espeak-ng): real speech needed")
needs_pyttsx3 = pytest.mark.skipif(
    not HAVE_PYTTSX3, reason="pyttsx3 or libespeak-ng1 missing: real pyttsx3 speech needed")

CALL = "Nomor antrean A seratus dua puluh tiga, silakan menuju loket lima."
SPEECH = announcement_speech("A123", 5)  # "... antrean a seratus ..." (letter name)


# --------------------------------------------------------------------------- measuring


def measure(path: Path) -> dict:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2), "expected 16-bit mono"
        rate, n = w.getframerate(), w.getnframes()
        samples = struct.unpack(f"<{n}h", w.readframes(n))
    rms = math.sqrt(sum(s * s for s in samples) / max(1, n)) / 32768
    win = int(0.02 * rate)
    env = [math.sqrt(sum(s * s for s in samples[i:i + win]) / win) / 32768
           for i in range(0, n - win + 1, win)]
    voiced = [e > 0.01 for e in env]
    inner_pauses, run = [], 0
    if any(voiced):
        first = voiced.index(True)
        last = len(voiced) - 1 - voiced[::-1].index(True)
        for v in voiced[first:last + 1]:
            if v:
                if run:
                    inner_pauses.append(run * 0.02)
                run = 0
            else:
                run += 1
    return {"rate": rate, "duration": n / rate, "rms": rms,
            "peak": max(abs(s) for s in samples) / 32768 if samples else 0.0,
            "voiced": sum(voiced) / max(1, len(voiced)), "longest_pause": max(inner_pauses,
                                                                            default=0.0)}


def assert_speech(m: dict, words: int) -> None:
    assert 3.0 <= m["duration"] <= 8.0, m
    assert 0.25 <= m["duration"] / words <= 0.6, f"{m['duration'] / words:.2f} s/word"
    assert m["rms"] > 0.03, f"RMS {m['rms']:.4f}: too quiet for speech"  # silence is ~0
    assert m["peak"] < 0.99, "clipped"
    # speech: mostly voiced windows, with a phrase pause (the comma) inside
    assert 0.5 <= m["voiced"] <= 0.95, m
    assert m["longest_pause"] >= 0.1, m


class Counting:
    """A real renderer, counted and watched (which threads call it, how many at once)."""

    def __init__(self, inner: SpeechRenderer) -> None:
        self.inner = inner
        self.engine, self.voice = inner.engine, inner.voice
        self.renders = 0
        self.threads: set[str] = set()
        self.active = self.max_active = 0
        self._lock = threading.Lock()

    def render(self, text, path, rate=150, volume=1.0):
        with self._lock:
            self.renders += 1
            self.threads.add(threading.current_thread().name)
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            return self.inner.render(text, path, rate, volume)
        finally:
            with self._lock:
                self.active -= 1


def wait_until(cond, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


# --------------------------------------------------------------------------- espeak-ng


@needs_espeak
def test_espeak_renders_the_call_as_real_speech(tmp_path):
    out = EspeakRenderer("id").render(CALL, tmp_path / "call.wav", rate=150)
    assert out == tmp_path / "call.wav"
    m = measure(out)
    assert m["rate"] == 22050
    assert_speech(m, words=len(CALL.split()))
    assert list(tmp_path.iterdir()) == [out]  # no temporary files left behind


@needs_espeak
@pytest.mark.skipif(shutil.which("sox") is None, reason="sox not installed")
def test_wav_stats_agree_with_sox(tmp_path):
    out = EspeakRenderer().render(CALL, tmp_path / "call.wav")
    stat = subprocess.run(["sox", str(out), "-n", "stat"], capture_output=True, text=True).stderr
    values = {k.strip(): float(v) for k, v in
              (line.split(":", 1) for line in stat.splitlines() if ":" in line)}
    ours = wav_stats(out)
    assert ours.duration == pytest.approx(values["Length (seconds)"], abs=1e-3)
    assert ours.rms == pytest.approx(values["RMS     amplitude"], rel=0.01)
    assert ours.rms == pytest.approx(measure(out)["rms"], rel=1e-6)


@needs_espeak
def test_rate_and_volume_reach_espeak(tmp_path):
    r = EspeakRenderer()
    slow = measure(r.render(SPEECH, tmp_path / "slow.wav", rate=100))
    fast = measure(r.render(SPEECH, tmp_path / "fast.wav", rate=200))
    quiet = measure(r.render(SPEECH, tmp_path / "quiet.wav", rate=200, volume=0.5))
    assert slow["duration"] / fast["duration"] > 1.6
    assert quiet["rms"] == pytest.approx(fast["rms"] / 2, rel=0.15)


@needs_espeak
def test_espeak_reads_indonesian_not_english():
    def phonemes(voice: str) -> str:
        return subprocess.run(["espeak-ng", "-v", voice, "-q", "-x", CALL],
                              capture_output=True, text=True, check=True).stdout

    ind, eng = phonemes("id"), phonemes("en")
    # Indonesian: se-RA-tus with a full "u", PU-luh with the final h; English anglicises both
    assert "'atus" in ind and "p'uluh" in ind, ind
    assert "'atus" not in eng and "p'uluh" not in eng, eng


@needs_espeak
def test_text_starting_with_a_dash_is_spoken_not_parsed_as_an_option(tmp_path):
    m = measure(EspeakRenderer().render("-5 menit lagi", tmp_path / "dash.wav"))
    assert m["duration"] > 0.5 and m["rms"] > 0.02


@needs_espeak
def test_espeak_unknown_voice_lists_the_available_ones(tmp_path):
    with pytest.raises(VoiceNotFound) as err:
        EspeakRenderer("xx-nope").render("halo", tmp_path / "x.wav")
    assert "'xx-nope'" in str(err.value) and "id (poz/id)" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_missing_espeak_binary_is_a_clear_error(tmp_path):
    with pytest.raises(EngineUnavailable, match="install the Debian package espeak-ng"):
        EspeakRenderer(executable="espeak-ng-not-here").render("halo", tmp_path / "x.wav")


@pytest.mark.parametrize("text, rate, volume", [("", 150, 1.0), ("   ", 150, 1.0),
                                                ("halo", 79, 1.0), ("halo", 451, 1.0),
                                                ("halo", True, 1.0), ("halo", 150, -0.1),
                                                ("halo", 150, 2.5)])
def test_bad_requests_are_refused_before_the_engine(tmp_path, text, rate, volume):
    for renderer in (EspeakRenderer(executable="espeak-ng-not-here"), Pyttsx3Renderer(),
                     FakeRenderer()):
        with pytest.raises(ValueError):
            renderer.render(text, tmp_path / "x.wav", rate, volume)


def test_make_renderer():
    assert isinstance(make_renderer("espeak"), EspeakRenderer)
    assert isinstance(make_renderer("pyttsx3", "en"), Pyttsx3Renderer)
    assert make_renderer("pyttsx3", "en").voice == "en"
    for r in (EspeakRenderer(), Pyttsx3Renderer(), FakeRenderer()):
        assert isinstance(r, SpeechRenderer)
    with pytest.raises(ValueError, match="unknown TTS engine"):
        make_renderer("festival")


# --------------------------------------------------------------------------- pyttsx3


@needs_pyttsx3
@needs_espeak
def test_pyttsx3_speaks_like_espeak_ng_and_honours_each_rate(tmp_path):
    """Regression: pyttsx3 2.99 silently dropped a rate set just before runAndWait."""
    p, e = Pyttsx3Renderer("id"), EspeakRenderer("id")
    for i, rate in enumerate((150, 200, 200, 150, 100, 300, 150)):
        mp = measure(p.render(SPEECH, tmp_path / f"p{i}.wav", rate))
        me = measure(e.render(SPEECH, tmp_path / f"e{i}.wav", rate))
        assert mp["duration"] == pytest.approx(me["duration"], rel=0.02), (rate, mp, me)
        assert mp["rms"] == pytest.approx(me["rms"], rel=0.05)
    assert p.voice_id and p.voice_id.endswith("/id")
    assert_speech(measure(tmp_path / "p0.wav"), words=len(SPEECH.split()))


@needs_pyttsx3
def test_pyttsx3_first_render_in_a_fresh_process_is_complete_and_quiet(tmp_path):
    """Regression: the first runAndWait returned before the WAV existed, and pyttsx3 prints
    "Audio saved to ..." on stdout."""
    code = ("import sys; from pathlib import Path; from shared.adapters.tts import "
            "Pyttsx3Renderer; from shared.adapters.wavfile import wav_stats; "
            f"p = Pyttsx3Renderer().render({SPEECH!r}, Path(sys.argv[1]), 150); "
            "sys.stderr.write(repr(wav_stats(p).duration))")
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "first.wav")],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert 3.0 <= float(proc.stderr.strip().splitlines()[-1]) <= 8.0


@needs_pyttsx3
def test_pyttsx3_unknown_voice_lists_the_available_ones(tmp_path):
    with pytest.raises(VoiceNotFound) as err:
        Pyttsx3Renderer("xx-nope").render("halo", tmp_path / "x.wav")
    assert "poz/id (id)" in str(err.value)


@needs_pyttsx3
def test_pyttsx3_picks_the_indonesian_and_english_voices(tmp_path):
    r = Pyttsx3Renderer("en")
    r.render("Queue number bee seven.", tmp_path / "en.wav")
    assert r.voice_id == "gmw/en"


# --------------------------------------------------------------------------- cache


@needs_espeak
def test_cache_hit_returns_the_same_file_without_rendering_again(tmp_path):
    renderer = Counting(EspeakRenderer())
    cache = PhraseCache(tmp_path / "cache")
    first = cache.render(renderer, SPEECH, rate=150)
    os.utime(first, ns=(1_000_000_000, 1_000_000_000))  # long ago
    content = first.read_bytes()
    again = cache.render(renderer, SPEECH, rate=150)
    assert again == first and again.read_bytes() == content
    assert renderer.renders == 1
    assert (cache.stats.hits, cache.stats.misses) == (1, 1)
    assert again.stat().st_mtime_ns > 1_000_000_000  # touched: most recently used
    cache.render(renderer, SPEECH, rate=160)  # another rate is another sound
    cache.render(renderer, SPEECH + " ", rate=150)  # same text after strip(): a hit
    assert renderer.renders == 2
    assert_speech(measure(first), words=len(SPEECH.split()))


def test_cache_key_covers_engine_voice_rate_volume_and_text():
    base = ("espeak-ng", "id", 150, 1.0, "halo")
    key = PhraseCache.key(*base)
    assert len(key) == 64 and key == PhraseCache.key(*base)
    for i, other in enumerate(("pyttsx3", "en", 151, 0.9, "halo!")):
        changed = list(base)
        changed[i] = other
        assert PhraseCache.key(*changed) != key


def test_cache_evicts_least_recently_used_by_mtime(tmp_path):
    renderer = FakeRenderer(seconds=0.1)
    cache = PhraseCache(tmp_path, max_bytes=10**9)
    paths = [cache.render(renderer, f"kalimat {i}") for i in range(5)]
    size = paths[0].stat().st_size
    for i, p in enumerate(paths):  # ages: kalimat 0 oldest
        os.utime(p, ns=(10**18 + i * 10**9,) * 2)
    assert cache.get(PhraseCache.key("fake", "id", 150, 1.0, "kalimat 0")) == paths[0]
    cache.max_bytes = 3 * size
    (tmp_path / "notes.txt").write_text("not a cache file")
    assert cache.evict() == 2
    left = {p.name for p, _, _ in cache.entries()}
    assert left == {paths[0].name, paths[3].name, paths[4].name}  # 0 was just used
    assert (tmp_path / "notes.txt").exists() and cache.size() == 3 * size
    # a new render never evicts itself, even when it alone is over the limit
    cache.max_bytes = 1
    new = cache.render(renderer, "kalimat baru")
    assert new.exists() and [p for p, _, _ in cache.entries()] == [new]


def test_cache_shrinks_an_oversized_folder_when_opened(tmp_path):
    renderer = FakeRenderer(seconds=0.1)
    big = PhraseCache(tmp_path)
    for i in range(4):
        os.utime(big.render(renderer, f"k{i}"), ns=(10**18 + i * 10**9,) * 2)
    size = next(iter(big.entries()))[1]
    small = PhraseCache(tmp_path, max_bytes=2 * size)
    assert len(small.entries()) == 2 and small.stats.evicted == 2


# --------------------------------------------------------------------------- worker


@needs_pyttsx3
def test_worker_makes_pyttsx3_safe_for_three_threads(tmp_path):
    renderer = Counting(Pyttsx3Renderer("id"))
    cache = PhraseCache(tmp_path / "cache")
    results: dict[str, list] = {}
    errors: list[BaseException] = []

    def caller(k: int) -> None:
        try:
            texts = [announcement_speech(f"{'ABC'[k]}{n}", n % 9 + 1) for n in range(1, 7)]
            texts.append(announcement_speech("D1", 1))  # the same call from all three threads
            futures = [worker.submit(t) if i % 2 else worker.prefetch([t])[0]
                       for i, t in enumerate(texts)]
            results[f"t{k}"] = [(t, f.result(timeout=60)) for t, f in zip(texts, futures)]
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    with RenderWorker(renderer, cache, rate=150) as worker:
        threads = [threading.Thread(target=caller, args=(k,), name=f"caller-{k}")
                   for k in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not any(t.is_alive() for t in threads), "a caller hung"
    assert not errors, errors
    assert renderer.threads == {"tts-render"} and renderer.max_active == 1
    assert renderer.renders == 3 * 6 + 1  # the shared sentence once
    by_text = {t: p for rows in results.values() for t, p in rows}
    assert len(by_text) == 19
    for text, path in by_text.items():
        m = measure(path)
        assert 0.25 <= m["duration"] / len(text.split()) <= 0.6 and m["rms"] > 0.03, (text, m)


def test_worker_cache_hit_is_answered_at_once_without_the_queue(tmp_path):
    fake = FakeRenderer()
    with RenderWorker(fake, PhraseCache(tmp_path)) as worker:
        first = worker.submit("Nomor antrean a satu").result(timeout=10)
        gate = fake.gate = threading.Event()  # the worker is now stuck on anything new
        (other,) = worker.prefetch(["kalimat lain"])
        wait_until(lambda: fake.active == 1)
        hit = worker.submit("Nomor antrean a satu")
        assert hit.done() and hit.result() == first
        assert fake.texts.count("Nomor antrean a satu") == 1
        gate.set()
        other.result(timeout=10)
    assert worker.renders == 2


def test_worker_puts_a_call_ahead_of_prefetches(tmp_path):
    gate = threading.Event()
    fake = FakeRenderer(gate=gate)
    with RenderWorker(fake, PhraseCache(tmp_path)) as worker:
        pre = worker.prefetch([f"p{i}" for i in range(4)])
        wait_until(lambda: fake.active == 1)  # p0 is rendering
        call = worker.submit("panggilan")
        gate.set()
        call.result(timeout=10)
        for f in pre:
            f.result(timeout=10)
    assert fake.texts == ["p0", "panggilan", "p1", "p2", "p3"]


def test_worker_shares_one_render_between_duplicate_requests(tmp_path):
    gate = threading.Event()
    fake = FakeRenderer(gate=gate)
    with RenderWorker(fake, PhraseCache(tmp_path)) as worker:
        worker.prefetch(["sibuk"])
        wait_until(lambda: fake.active == 1)
        a = worker.prefetch(["x"])[0]
        b = worker.submit("x")  # promoted, same future
        c = worker.prefetch(["x"])[0]
        assert a is b is c
        gate.set()
        assert a.result(timeout=10).exists()
        worker.submit("y").result(timeout=10)
    assert fake.texts == ["sibuk", "x", "y"]


def test_worker_failure_fails_one_future_only(tmp_path):
    fake = FakeRenderer(fail_texts={"rusak"})
    with RenderWorker(fake, PhraseCache(tmp_path)) as worker:
        bad = worker.submit("rusak")
        with pytest.raises(RenderError, match="fake failure"):
            bad.result(timeout=10)
        assert worker.submit("baik").result(timeout=10).exists()
        with pytest.raises(ValueError):
            worker.submit("  ")
    assert list(tmp_path.glob("*.tmp*")) == []


def test_cancelled_prefetch_is_not_rendered(tmp_path):
    gate = threading.Event()
    fake = FakeRenderer(gate=gate)
    with RenderWorker(fake, PhraseCache(tmp_path)) as worker:
        a, b, c = worker.prefetch(["a", "b", "c"])
        wait_until(lambda: fake.active == 1)
        assert b.cancel()
        gate.set()
        c.result(timeout=10)
    assert fake.texts == ["a", "c"] and worker.pending() == 0


def test_close_cancels_what_is_pending_and_refuses_new_work(tmp_path):
    gate = threading.Event()
    fake = FakeRenderer(gate=gate)
    worker = RenderWorker(fake, PhraseCache(tmp_path))
    a, b, c = worker.prefetch(["a", "b", "c"])
    wait_until(lambda: fake.active == 1)
    worker.close(timeout=0)  # returns at once; the worker stops after "a"
    gate.set()
    worker.thread.join(10)
    assert not worker.thread.is_alive()
    assert a.result().exists()
    for f in (b, c):
        with pytest.raises(CancelledError):
            f.result(timeout=1)
    with pytest.raises(RuntimeError, match="closed"):
        worker.submit("d")
    worker.close()  # idempotent
    assert fake.texts == ["a"]


def test_fake_renderer_writes_a_short_valid_wav_and_records(tmp_path):
    fake = FakeRenderer(seconds=0.25)
    path = fake.render("halo", tmp_path / "f.wav", rate=120, volume=0.5)
    m = measure(path)
    assert m["duration"] == pytest.approx(0.25, abs=0.001) and m["rms"] > 0.05
    assert fake.texts == ["halo"] and fake.calls == [("halo", 120, 0.5)]


# --------------------------------------------------------------------------- chime and WAVs


def goertzel_power(samples, rate: int, freq: float) -> float:
    k = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + k * s1 - s2, s1
    return s1 * s1 + s2 * s2 - k * s1 * s2


def test_chime_is_a_deterministic_audible_ding_dong(tmp_path):
    path = write_chime(tmp_path / "chime.wav")
    data = path.read_bytes()
    assert data == chime_wav_bytes() == chime_wav_bytes(22050)
    m = measure(path)
    assert m["rate"] == 22050 and m["duration"] == pytest.approx(1.2, abs=1e-3)
    assert m["rms"] > 0.1 and 0.45 < m["peak"] <= 0.5
    with wave.open(str(path)) as w:
        samples = struct.unpack(f"<{w.getnframes()}h", w.readframes(w.getnframes()))
    assert samples[0] == 0 and samples[-1] == 0  # no click at either end
    ding, dong = samples[0:int(0.4 * 22050)], samples[int(0.6 * 22050):int(1.0 * 22050)]
    assert goertzel_power(ding, 22050, 660) > 20 * goertzel_power(ding, 22050, 550)
    assert goertzel_power(dong, 22050, 550) > 2 * goertzel_power(dong, 22050, 660)
    # the same bytes in another interpreter
    code = ("import hashlib, sys; from shared.adapters.chime import chime_wav_bytes; "
            "sys.stdout.write(hashlib.sha256(chime_wav_bytes()).hexdigest())")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           cwd=ROOT, check=True).stdout
    assert other == hashlib.sha256(data).hexdigest()


def test_chime_follows_the_voice_sample_rate():
    fmt, frames = read_wav(chime_wav_bytes(16000))
    assert fmt == WavFormat(1, 2, 16000) and len(frames) == 2 * round(CHIME.duration * 16000)
    assert chime_frames(16000) != chime_frames(22050)
    with pytest.raises(ValueError):
        chime_frames(100)


def test_concat_joins_same_format_parts_with_gaps(tmp_path):
    fmt = WavFormat(1, 2, 8000)
    a = write_wav(tmp_path / "a.wav", b"\x01\x00" * 800, fmt)
    b = write_wav(tmp_path / "b.wav", b"\x02\x00" * 400, fmt)
    out = concat_wavs([a, b.read_bytes(), a], tmp_path / "ab.wav", gaps=[0.5, 0.25])
    got_fmt, frames = read_wav(out)
    assert got_fmt == fmt
    assert frames == (b"\x01\x00" * 800 + bytes(2 * 4000) + b"\x02\x00" * 400
                      + bytes(2 * 2000) + b"\x01\x00" * 800)
    other = write_wav(tmp_path / "c.wav", b"\x00\x00" * 10, WavFormat(1, 2, 22050))
    with pytest.raises(ValueError, match="part 1"):
        concat_wavs([a, other], tmp_path / "bad.wav")
    assert not (tmp_path / "bad.wav").exists()
