"""`antrean voice ...`: the call sentence as text, as a WAV (optionally after the chime), the
chime alone, and a render-time benchmark (JSON) for the "call -> audio start <= 300 ms" budget."""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from ..adapters.chime import chime_wav_bytes, write_chime
from ..adapters.tts import (DEFAULT_RATE, DEFAULT_VOLUME, ENGINES, MAX_RATE, MIN_RATE,
                            PhraseCache, RenderWorker, TTSError, make_renderer)
from ..adapters.wavfile import concat_wavs, read_wav, wav_stats
from ..domain.spoken import (AnnouncementTemplate, announcement_speech, announcement_text,
                             announcement_utterances)
from .errors import UserError

GAP_AFTER_CHIME = 0.3  # seconds between the chime and the voice
GAP_BETWEEN_REPEATS = 1.0  # seconds between repeated sentences
LATENCY_BUDGET_MS = 300  # call event -> audio start, on the display


def register(sub) -> None:
    voice = sub.add_parser("voice", help="voice calls: sentence, WAV, chime, render benchmark")
    voice_sub = voice.add_subparsers(dest="voice", required=True, metavar="ACTION")

    def call_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("number", help="ticket number, e.g. A123")
        p.add_argument("--counter", type=int, required=True, help="counter (loket) number")
        p.add_argument("--agency", default=None,
                       help="agency/booth name to append (\"..., gerai Dukcapil\")")
        p.add_argument("--digits", action="store_true",
                       help="read the number digit by digit (\"A, nol nol lima\")")
        p.add_argument("--lang", choices=("id", "en"), default="id")

    p = voice_sub.add_parser("text", help="print the call sentence")
    call_args(p)
    p.set_defaults(handler=cmd_text)

    p = voice_sub.add_parser("wav", help="write the call as a WAV file")
    call_args(p)
    p.add_argument("-o", "--output", type=Path, required=True, help="WAV file to write")
    p.add_argument("--engine", choices=sorted(ENGINES), default="espeak",
                   help="espeak: espeak-ng subprocess (default); pyttsx3: in process")
    p.add_argument("--rate", type=_rate, default=DEFAULT_RATE,
                   help=f"words per minute, {MIN_RATE}-{MAX_RATE} (default {DEFAULT_RATE})")
    p.add_argument("--volume", type=float, default=DEFAULT_VOLUME,
                   help="0.0-2.0, 1.0 = engine default (default 1.0)")
    p.add_argument("--with-chime", action="store_true", help="put the ding-dong first")
    p.add_argument("--repeats", type=int, default=1, help="say the sentence N times (default 1)")
    p.set_defaults(handler=cmd_wav)

    p = voice_sub.add_parser("chime", help="write the ding-dong as a WAV file")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--sample-rate", type=int, default=22050)
    p.set_defaults(handler=cmd_chime)

    p = voice_sub.add_parser("bench", help="render times per sentence, cold and warm (JSON)")
    p.add_argument("--engine", choices=(*sorted(ENGINES), "all"), default="all")
    p.add_argument("--renders", type=int, default=30, help="warm renders per engine")
    p.add_argument("--rate", type=_rate, default=DEFAULT_RATE)
    p.set_defaults(handler=cmd_bench)


def _rate(value: str) -> int:
    try:
        rate = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not MIN_RATE <= rate <= MAX_RATE:
        raise argparse.ArgumentTypeError(f"must be {MIN_RATE}-{MAX_RATE}, got {rate}")
    return rate


def _template(args, repeats: int = 1) -> AnnouncementTemplate:
    try:
        return AnnouncementTemplate(digit_by_digit=args.digits, include_agency=bool(args.agency),
                                    repeats=repeats, lang=args.lang)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def cmd_text(args) -> int:
    try:
        print(announcement_text(args.number, args.counter, args.agency, _template(args)))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    return 0


def cmd_wav(args) -> int:
    out: Path = args.output
    if not out.parent.is_dir():
        raise UserError(f"folder does not exist: {out.parent}")
    if not 0.0 <= args.volume <= 2.0:
        raise UserError(f"--volume must be 0.0-2.0, got {args.volume}")
    if args.repeats < 1:
        raise UserError(f"--repeats must be at least 1, got {args.repeats}")
    template = _template(args, args.repeats)
    try:
        utterances = announcement_utterances(args.number, args.counter, args.agency, template)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    speech = utterances[0]
    renderer = make_renderer(args.engine, args.lang)
    try:
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=".antrean-voice-") as tmp:
            voice = renderer.render(speech, Path(tmp) / "voice.wav", args.rate, args.volume)
            if args.with_chime or len(utterances) > 1:
                parts: list[Path | bytes] = [voice] * len(utterances)
                gaps = [GAP_BETWEEN_REPEATS] * (len(parts) - 1)
                if args.with_chime:
                    fmt, _ = read_wav(voice)
                    if (fmt.channels, fmt.sampwidth) != (1, 2):
                        raise UserError(f"cannot join the chime to {fmt} audio")
                    # the chime is generated at the voice's rate: no resampling needed
                    parts.insert(0, chime_wav_bytes(fmt.framerate))
                    gaps.insert(0, GAP_AFTER_CHIME)
                concat_wavs(parts, out, gaps)
            else:
                os.replace(voice, out)
    except TTSError as exc:
        raise UserError(str(exc)) from None
    stats = wav_stats(out)
    print(f"wrote {out}: {stats.duration:.2f} s, RMS {stats.rms:.3f}, {renderer.engine} "
          f"voice {renderer.voice}, rate {args.rate}")
    print(f"speech: {speech}")
    return 0


def cmd_chime(args) -> int:
    if not args.output.parent.is_dir():
        raise UserError(f"folder does not exist: {args.output.parent}")
    try:
        write_chime(args.output, args.sample_rate)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    stats = wav_stats(args.output)
    print(f"wrote {args.output}: {stats.duration:.2f} s, {args.sample_rate} Hz, "
          f"RMS {stats.rms:.3f}")
    return 0


# --------------------------------------------------------------------------- bench


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"median_ms": _ms(statistics.median(ordered)),
            "p95_ms": _ms(ordered[max(0, round(0.95 * len(ordered)) - 1)]),
            "max_ms": _ms(ordered[-1]), "n": len(ordered)}


def _bench_texts(n: int, salt: int) -> list[str]:
    # distinct sentences (different numbers and counters), like a day of calls
    return [announcement_speech(f"{'ABCD'[i % 4]}{(37 * i + salt) % 999 + 1}", i % 12 + 1)
            for i in range(n)]


def _bench_engine(engine: str, folder: Path, renders: int, rate: int) -> dict:
    renderer = make_renderer(engine, "id")
    sentence = announcement_speech("A123", 5)
    cold, _ = _timed(renderer.render, sentence, folder / f"{engine}-cold.wav", rate)
    warm = []
    for i, text in enumerate(_bench_texts(renders, salt=len(engine))):
        seconds, _ = _timed(renderer.render, text, folder / f"{engine}-{i}.wav", rate)
        warm.append(seconds)
    stats = wav_stats(folder / f"{engine}-cold.wav")
    return {"cold_first_render_ms": _ms(cold), "warm": _summary(warm),
            "audio_seconds": round(stats.duration, 2),
            "wav_bytes": (folder / f"{engine}-cold.wav").stat().st_size}


def _bench_worker(engine: str, folder: Path, renders: int, rate: int) -> dict:
    cache = PhraseCache(folder / f"cache-{engine}")
    texts = _bench_texts(renders, salt=99)
    miss, hit = [], []
    with RenderWorker(make_renderer(engine, "id"), cache, rate=rate) as worker:
        worker.submit(texts[0]).result(timeout=60)  # engine start-up is not a call
        for text in texts[1:]:
            seconds, _ = _timed(lambda t: worker.submit(t).result(timeout=60), text)
            miss.append(seconds)
        for text in texts[1:]:
            seconds, _ = _timed(lambda t: worker.submit(t).result(timeout=60), text)
            hit.append(seconds)
    return {"submit_to_wav_miss": _summary(miss), "submit_to_wav_hit": _summary(hit)}


def _timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def cmd_bench(args) -> int:
    if args.renders < 2:
        raise UserError("--renders must be at least 2")
    engines = sorted(ENGINES) if args.engine == "all" else [args.engine]
    result: dict = {"sentence": announcement_speech("A123", 5), "rate": args.rate,
                    "budget_ms": LATENCY_BUDGET_MS, "engines": {},
                    "machine": {"cpu_count": os.cpu_count(), "machine": platform.machine(),
                                "python": platform.python_version()}}
    try:
        with tempfile.TemporaryDirectory(prefix="antrean-voice-bench-") as tmp:
            for engine in engines:  # cold = first render in this process (engine start-up)
                data = _bench_engine(engine, Path(tmp), args.renders, args.rate)
                data["worker"] = _bench_worker(engine, Path(tmp), args.renders, args.rate)
                result["engines"][engine] = data
    except TTSError as exc:
        raise UserError(str(exc)) from None
    print(json.dumps(result, indent=2))
    return 0
