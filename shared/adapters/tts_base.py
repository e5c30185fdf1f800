"""What every speech renderer shares: rate and volume limits, the errors, the ``SpeechRenderer``
protocol, the request check and the atomic, checked WAV write (temp file beside the target)."""
from __future__ import annotations

import os
import uuid
import wave
from pathlib import Path
from typing import Protocol, runtime_checkable

__all__ = [
    "DEFAULT_RATE", "DEFAULT_VOLUME", "MAX_RATE", "MAX_VOLUME", "MIN_RATE", "EngineUnavailable",
    "RenderError", "SpeechRenderer", "TTSError", "VoiceNotFound",
]

DEFAULT_RATE = 150  # words per minute; espeak-ng's own default (175) is hurried in a noisy hall
DEFAULT_VOLUME = 1.0  # 1.0 = espeak-ng amplitude 100 (its default); up to 2.0
MIN_RATE, MAX_RATE = 80, 450  # espeak-ng's accepted range
MAX_VOLUME = 2.0


class TTSError(Exception):
    """A speech-synthesis failure with a message fit for an operator."""


class EngineUnavailable(TTSError):
    """The engine (espeak-ng binary, pyttsx3, libespeak-ng) is not installed or won't start."""


class VoiceNotFound(TTSError):
    """The engine has no voice for the requested language."""


class RenderError(TTSError):
    """The engine ran but produced no usable WAV."""


@runtime_checkable
class SpeechRenderer(Protocol):
    """Renders one sentence to a WAV file. ``engine`` and ``voice`` name the sound it makes
    (they are part of the cache key). Not required to be thread-safe: use a RenderWorker."""

    engine: str
    voice: str

    def render(self, text: str, path: Path, rate: int = DEFAULT_RATE,
               volume: float = DEFAULT_VOLUME) -> Path:
        """Write ``text`` spoken as a WAV at ``path`` (atomically) and return ``path``."""
        ...


def _check_request(text: str, rate: int, volume: float) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValueError("text to speak must be a non-blank string")
    if isinstance(rate, bool) or not isinstance(rate, int) or not MIN_RATE <= rate <= MAX_RATE:
        raise ValueError(f"rate must be an int in {MIN_RATE}..{MAX_RATE} (words per minute), "
                         f"got {rate!r}")
    if isinstance(volume, bool) or not isinstance(volume, (int, float)) \
            or not 0.0 <= volume <= MAX_VOLUME:
        raise ValueError(f"volume must be a number in 0..{MAX_VOLUME}, got {volume!r}")
    return text.strip()


def _temp_beside(path: Path) -> Path:
    """A temporary name in the target's folder, so the final os.replace is atomic."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp.wav")


def _check_wav(path: Path, engine: str) -> None:
    try:
        with wave.open(str(path), "rb") as w:
            frames = w.getnframes()
    except (OSError, EOFError, wave.Error) as exc:
        raise RenderError(f"{engine} wrote no valid WAV ({exc})") from exc
    if frames == 0:
        raise RenderError(f"{engine} wrote an empty WAV")


def _finish(tmp: Path, path: Path, engine: str) -> Path:
    _check_wav(tmp, engine)
    os.replace(tmp, path)
    return path
