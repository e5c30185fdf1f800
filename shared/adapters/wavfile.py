"""Small PCM WAV helpers on the stdlib ``wave`` module (no audioop: deprecated in 3.11, gone in 3.13).

Only what the voice path needs: read a file's format and frames, measure 16-bit audio (duration,
RMS, peak), write atomically, and join clips of the same format with silent gaps."""
from __future__ import annotations

import io
import math
import os
import sys
import uuid
import wave
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["WavFormat", "WavStats", "concat_wavs", "pcm16_samples", "read_wav", "silence",
           "wav_bytes", "wav_stats", "write_wav"]


@dataclass(frozen=True)
class WavFormat:
    channels: int
    sampwidth: int  # bytes per sample: 2 for 16-bit
    framerate: int

    def frames_for(self, seconds: float) -> int:
        return round(seconds * self.framerate)


@dataclass(frozen=True)
class WavStats:
    duration: float  # seconds
    rms: float  # 0..1 of full scale (same scale as sox's "RMS amplitude")
    peak: float  # 0..1 of full scale


def read_wav(source: Path | bytes) -> tuple[WavFormat, bytes]:
    """Format and raw frames of a PCM WAV file (a path, or the bytes of a whole file)."""
    handle = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")
    with handle, wave.open(handle, "rb") as w:
        fmt = WavFormat(w.getnchannels(), w.getsampwidth(), w.getframerate())
        return fmt, w.readframes(w.getnframes())


def wav_bytes(frames: bytes, fmt: WavFormat) -> bytes:
    """A whole WAV file in memory."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(fmt.channels)
        w.setsampwidth(fmt.sampwidth)
        w.setframerate(fmt.framerate)
        w.writeframes(frames)
    return buf.getvalue()


def write_wav(path: Path, frames: bytes, fmt: WavFormat) -> Path:
    """Write atomically (temporary file + rename): a reader never sees half a file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_bytes(wav_bytes(frames, fmt))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def pcm16_samples(frames: bytes) -> array:
    """Little-endian 16-bit frames (as ``wave`` gives them) as native ints."""
    samples = array("h")
    samples.frombytes(frames[: len(frames) - len(frames) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def wav_stats(source: Path | bytes) -> WavStats:
    fmt, frames = read_wav(source)
    if fmt.sampwidth != 2:
        raise ValueError(f"expected 16-bit PCM, got {8 * fmt.sampwidth}-bit")
    samples = pcm16_samples(frames)
    n = len(samples)
    duration = n / fmt.channels / fmt.framerate
    if n == 0:
        return WavStats(0.0, 0.0, 0.0)
    rms = math.sqrt(math.fsum(s * s for s in samples) / n) / 32768
    peak = max(max(samples), -min(samples)) / 32768
    return WavStats(duration, rms, peak)


def silence(fmt: WavFormat, seconds: float) -> bytes:
    return bytes(fmt.frames_for(seconds) * fmt.channels * fmt.sampwidth)


def concat_wavs(parts: Sequence[Path | bytes], out: Path, gaps: Sequence[float] = ()) -> Path:
    """Join WAV clips into ``out``; ``gaps[i]`` seconds of silence go after ``parts[i]``.

    All parts must share one format: render the chime at the voice's rate instead of resampling."""
    if not parts:
        raise ValueError("nothing to join")
    fmt: WavFormat | None = None
    chunks: list[bytes] = []
    for i, part in enumerate(parts):
        part_fmt, frames = read_wav(part)
        if fmt is None:
            fmt = part_fmt
        elif part_fmt != fmt:
            raise ValueError(f"part {i} is {part_fmt}, expected {fmt} like part 0")
        chunks.append(frames)
        if i < len(gaps) and i < len(parts) - 1 and gaps[i] > 0:
            chunks.append(silence(fmt, gaps[i]))
    assert fmt is not None
    return write_wav(out, b"".join(chunks), fmt)
