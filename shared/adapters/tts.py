"""Speech synthesis to WAV files for voice calls (domain.md §4; tech-notes "Voice").

Nothing here plays audio. A renderer turns one sentence into a WAV file; a cache keeps the WAVs;
one worker thread owns the renderer, so callers (the Qt display) never block on synthesis and
never touch the engine from two threads. The display plays chime + voice itself (QMediaPlayer).

* ``EspeakRenderer``  - runs ``espeak-ng -v id -s RATE -a AMP -w out.wav -- TEXT`` in a
  subprocess: no shared state, a hung engine can be killed by a timeout. The default.
* ``Pyttsx3Renderer`` - pyttsx3's espeak driver (the same libespeak-ng, in process). pyttsx3 is
  not thread-safe (three threads: "run loop already started", hangs); every render takes a
  process-wide lock, and it is meant to be used from a ``RenderWorker`` only.
* ``FakeRenderer``    - a short tone, records what it was asked: for tests of upper layers.

Usage on the display::

    worker = RenderWorker(EspeakRenderer("id"), PhraseCache(default_cache_dir()), rate=150)
    worker.prefetch(announcement_speech(n, c) for n, c in likely_next_calls)   # background
    future = worker.submit(announcement_speech("A123", 5))   # done at once on a cache hit
    future.add_done_callback(...)   # runs in the worker thread: hand over with a queued signal

This module is the entry point (``make_renderer``) and re-exports the pieces that live beside it:
tts_base.py (limits, errors, the ``SpeechRenderer`` protocol), tts_espeak.py, tts_pyttsx3.py,
tts_fake.py (the renderers), phrase_cache.py and render_worker.py.
"""
from __future__ import annotations

from .phrase_cache import CacheStats, PhraseCache, default_cache_dir  # noqa: F401
from .render_worker import PREFETCH, URGENT, RenderWorker  # noqa: F401
from .tts_base import (DEFAULT_RATE, DEFAULT_VOLUME, MAX_RATE, MAX_VOLUME,  # noqa: F401
                       MIN_RATE, EngineUnavailable, RenderError, SpeechRenderer, TTSError,
                       VoiceNotFound)
from .tts_espeak import EspeakRenderer, espeak_voices
from .tts_fake import FakeRenderer
from .tts_pyttsx3 import Pyttsx3Renderer

__all__ = [
    "DEFAULT_RATE", "DEFAULT_VOLUME", "ENGINES", "MAX_RATE", "MIN_RATE", "EngineUnavailable",
    "EspeakRenderer", "FakeRenderer", "PhraseCache", "Pyttsx3Renderer", "RenderError",
    "RenderWorker", "SpeechRenderer", "TTSError", "VoiceNotFound", "default_cache_dir",
    "espeak_voices", "make_renderer",
]

ENGINES = {"espeak": EspeakRenderer, "pyttsx3": Pyttsx3Renderer}


def make_renderer(engine: str = "espeak", language: str = "id") -> SpeechRenderer:
    """"espeak" (espeak-ng subprocess, the default) or "pyttsx3"."""
    try:
        cls = ENGINES[engine]
    except KeyError:
        raise ValueError(f"unknown TTS engine {engine!r}; expected one of {sorted(ENGINES)}") \
            from None
    return cls(language)
