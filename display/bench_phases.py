"""The benchmark's phases, run by the driver thread while the Qt event loop runs the display.

* latency: one call at a time (the voice queue idle): counter's POST -> number painted, call
  event -> audio start, and how long the voice came after the chime (synthesis + cache).
* soak: ``--minutes`` of calls at ``--calls-per-hour`` replayed ``--speedup`` times faster
  (clips and pauses shortened by the same factor), with recalls and pauses; resident memory,
  CPU and Python objects sampled every 5 simulated minutes; the trend is a least-squares slope.
* idle: CPU over ``--idle-seconds`` with nothing happening but the clock and the ticker."""
from __future__ import annotations

import gc
import time
from collections import deque

from .bench_run import Driver, cpu_seconds, rss_mib, summary

SETTLE = 5.0  # seconds after the last call before "idle" (flash 3 s, highlight 4 s)
WARM_UP_MINUTES = 10  # simulated minutes left out of the memory trend (caches filling)


def latency_phase(driver: Driver) -> dict:
    args, d = driver.args, driver.display
    d.set_speedup(args.latency_speedup)
    post_paint, event_paint, event_audio, event_sound, missed = [], [], [], [], 0
    for i in range(args.latency_calls):
        driver.wait(lambda: d.idle, 60)
        if driver.sink is not None:
            time.sleep(0.3)  # quiet before the chime, so the probe sees its onset
        counter, service = driver.counters[i % len(driver.counters)]
        t0, event = driver.call(counter, service)
        number, seq = event["data"]["number"], event["seq"]
        if not driver.wait(lambda: number in d.painted and seq in d.audio, 15):
            missed += 1
            continue
        arrived, painted, audio = d.arrived.pop(seq), d.painted.pop(number), d.audio.pop(seq)
        post_paint.append((painted - t0) * 1000)
        event_paint.append((painted - arrived) * 1000)
        event_audio.append((audio - arrived) * 1000)
        sound = driver.sink.onset_after(arrived) if driver.sink is not None else None
        if sound is not None:
            event_sound.append((sound - arrived) * 1000)
    driver.wait(lambda: d.idle, 60)
    return {"calls": args.latency_calls, "missed": missed,
            "call_to_paint": summary(post_paint),
            "event_to_paint": summary(event_paint),
            "event_to_audio_start": summary(event_audio),
            "event_to_sound_at_sink": summary(event_sound) if driver.sink else "not measured "
                                      "(give --pulse-monitor with a PulseAudio null sink)",
            "voice_wait_after_chime": summary([w * 1000 for w in d.voice_waits]),
            "clips_shortened_by": args.latency_speedup}


def idle_cpu(driver: Driver, seconds: float) -> dict:
    driver.wait(lambda: driver.display.idle, 120)
    time.sleep(SETTLE)  # the last call's flash and highlight end
    c0, w0 = cpu_seconds(), time.monotonic()
    time.sleep(seconds)
    c1, w1 = cpu_seconds(), time.monotonic()
    return {"seconds": seconds, "cpu_percent_of_one_core": round(100 * (c1 - c0) / (w1 - w0), 2),
            "rss_mib": round(rss_mib(), 1)}


def _slope_per_hour(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (simulated minute, MiB), in MiB per simulated hour."""
    if len(points) < 3:
        return 0.0
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    return 60 * sxy / sxx if sxx else 0.0


def soak_phase(driver: Driver) -> dict:
    args, d, rng = driver.args, driver.display, driver.rng
    d.voice_waits.clear()
    d.set_speedup(args.speedup)
    calls = max(1, round(args.calls_per_hour * args.minutes / 60))
    interval = args.minutes * 60 / args.speedup / calls
    samples: list[dict] = []
    paint_ms: list[float] = []
    seqs: deque[int] = deque()
    called: set[int] = set()  # counters with a called ticket (recall possible)
    paused: dict[int, int] = {}  # counter -> call index at which it resumes
    counts = {"call-next": 0, "recall": 0, "pause": 0}
    start, next_sample = time.monotonic(), 0.0
    for i in range(calls):
        _sleep_until(start + i * interval)
        minute = (time.monotonic() - start) * args.speedup / 60
        if minute >= next_sample:
            samples.append(_sample(minute))
            next_sample += args.sample_minutes
        for counter in [c for c, until in paused.items() if until <= i]:
            driver.act(counter, "resume")
            del paused[counter]
        counter, service = rng.choice([cs for cs in driver.counters if cs[0] not in paused])
        roll = rng.random()
        if roll < 0.04 and len(paused) < 3:
            driver.act(counter, "finish")
            driver.act(counter, "pause", {"reason": rng.choice(["istirahat", "sholat"])})
            called.discard(counter)
            paused[counter] = i + 10
            counts["pause"] += 1
            continue
        action = "recall" if roll < 0.14 and counter in called else "call-next"
        t0, event = driver.call(counter, service, action)
        counts[action] += 1
        if not event:
            continue
        called.add(counter)
        seqs.append(event["seq"])
        number = event["data"]["number"]
        if action == "call-next" and driver.wait(lambda: number in d.painted, 2.0):
            paint_ms.append((d.painted.pop(number) - t0) * 1000)
        while len(seqs) > 50:  # forget probes of calls long past (bounded memory)
            old = seqs.popleft()
            d.arrived.pop(old, None)
            d.audio.pop(old, None)
        if len(d.painted) > 200:
            d.painted.clear()
    samples.append(_sample(args.minutes))
    drained = driver.wait(lambda: d.idle, 120)
    after = [(s["minute"], s["rss_mib"]) for s in samples if s["minute"] >= WARM_UP_MINUTES]
    rss = [s["rss_mib"] for s in samples]
    cpu = samples[-1]["cpu_s"] - samples[0]["cpu_s"]
    return {"simulated_minutes": args.minutes, "speedup": args.speedup,
            "wall_seconds": round(time.monotonic() - start, 1), "actions": counts,
            "announced": d.queue.played, "dropped": d.queue.dropped_count,
            "voice_queue_drained": drained,
            "call_to_paint_under_load": summary(paint_ms),
            "voice_wait_after_chime": summary([w * 1000 for w in d.voice_waits]),
            "rss_mib": {"start": rss[0], "max": max(rss), "end": rss[-1]},
            "rss_trend_mib_per_hour": round(_slope_per_hour(after), 2),
            "python_objects": {"start": samples[0]["objects"], "end": samples[-1]["objects"]},
            "cpu_percent_of_one_core_during_soak":
                round(100 * cpu / max(1e-9, samples[-1]["wall"] - samples[0]["wall"]), 1),
            "samples": samples}


def _sleep_until(t: float) -> None:
    delay = t - time.monotonic()
    if delay > 0:
        time.sleep(delay)


def _sample(minute: float) -> dict:
    return {"minute": round(minute, 1), "rss_mib": round(rss_mib(), 1),
            "objects": len(gc.get_objects()), "cpu_s": round(cpu_seconds(), 2),
            "wall": round(time.monotonic(), 2)}
