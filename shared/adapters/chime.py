"""The "ding-dong" played before every call (domain.md §4), generated in code.

Two bell-like tones (660 Hz, then 550 Hz), each a fundamental plus two quickly fading
overtones, with a 6 ms attack (no click) and an exponential decay; 16-bit mono; ~1.2 s.
Pure arithmetic, no randomness: the same sample rate always gives the same bytes, so the chime
can be generated at whatever rate the voice WAVs use and joined to them without resampling."""
from __future__ import annotations

import math
import sys
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .wavfile import WavFormat, wav_bytes, write_wav

__all__ = ["CHIME", "DEFAULT_RATE", "ChimeSpec", "Tone", "chime_format", "chime_frames",
           "chime_wav_bytes", "write_chime"]

DEFAULT_RATE = 22050  # espeak-ng's output rate


@dataclass(frozen=True)
class Tone:
    freq: float  # Hz
    start: float  # seconds from the start of the chime
    gain: float = 1.0


@dataclass(frozen=True)
class ChimeSpec:
    tones: tuple[Tone, ...] = (Tone(660.0, 0.0), Tone(550.0, 0.45, 0.9))
    duration: float = 1.2  # seconds
    decay: float = 0.32  # seconds for the fundamental to fall to 1/e
    attack: float = 0.006  # seconds of linear fade-in per tone
    fade_out: float = 0.05  # seconds of linear fade to exact silence at the end
    peak: float = 0.5  # of full scale: RMS ~0.14, a little above espeak-ng speech (~0.09)
    # (multiple of the fundamental, relative level, decay factor vs the fundamental's)
    partials: tuple[tuple[float, float, float], ...] = ((1.0, 1.0, 1.0), (2.0, 0.3, 0.5),
                                                        (3.0, 0.12, 0.33))


CHIME = ChimeSpec()


@lru_cache(maxsize=8)
def chime_frames(sample_rate: int = DEFAULT_RATE, spec: ChimeSpec = CHIME) -> bytes:
    """Little-endian 16-bit mono PCM frames of the chime at ``sample_rate``."""
    if not 8000 <= sample_rate <= 192000:
        raise ValueError(f"sample rate out of range 8000..192000: {sample_rate}")
    n = round(spec.duration * sample_rate)
    mix = [0.0] * n
    for tone in spec.tones:
        first = round(tone.start * sample_rate)
        for i in range(first, n):
            t = (i - first) / sample_rate
            env = min(1.0, t / spec.attack) * tone.gain
            value = 0.0
            for mult, level, decay_factor in spec.partials:
                value += (level * math.exp(-t / (spec.decay * decay_factor))
                          * math.sin(2 * math.pi * tone.freq * mult * t))
            mix[i] += env * value
    fade_n = max(1, round(spec.fade_out * sample_rate))
    for k in range(fade_n):
        mix[n - 1 - k] *= k / fade_n  # the last sample is exactly 0
    top = max(abs(v) for v in mix) or 1.0
    scale = spec.peak * 32767 / top
    samples = array("h", (round(v * scale) for v in mix))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


def chime_format(sample_rate: int = DEFAULT_RATE) -> WavFormat:
    return WavFormat(channels=1, sampwidth=2, framerate=sample_rate)


def chime_wav_bytes(sample_rate: int = DEFAULT_RATE, spec: ChimeSpec = CHIME) -> bytes:
    """The chime as a whole WAV file in memory."""
    return wav_bytes(chime_frames(sample_rate, spec), chime_format(sample_rate))


def write_chime(path: Path, sample_rate: int = DEFAULT_RATE, spec: ChimeSpec = CHIME) -> Path:
    return write_wav(Path(path), chime_frames(sample_rate, spec), chime_format(sample_rate))
