"""The offline Indonesian announcer: chime + the sentence (shared.domain.spoken) rendered by the
TTS adapter's worker thread into its phrase cache (shared.adapters.tts).

Nothing here blocks: ``script`` submits the sentence to the worker and returns futures, so the
chime (generated once at start-up) starts at once while espeak-ng renders; a cached phrase is a
future that is already done. ``prefetch`` renders the probable next calls in the background."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable, Sequence

from shared.adapters.chime import DEFAULT_RATE as CHIME_RATE
from shared.adapters.chime import write_chime
from shared.adapters.tts import PhraseCache, RenderWorker, default_cache_dir, make_renderer
from shared.domain.spoken import AnnouncementTemplate, announcement_speech

from .viewmodels.announcements import Clip
from .viewmodels.board_state import CallEntry

log = logging.getLogger("antrean.display.voice")

GAP_AFTER_CHIME = 0.3  # seconds between the chime and the sentence
GAP_BETWEEN_REPEATS = 1.0  # seconds between repeated sentences
VOICE_LANGUAGE = "id"  # the hall hears Indonesian whatever the screen's language


class TtsAnnouncer:
    def __init__(self, worker: RenderWorker, chime: Path | None,
                 template: AnnouncementTemplate = AnnouncementTemplate(), *,
                 gap_after_chime: float = GAP_AFTER_CHIME,
                 gap_between: float = GAP_BETWEEN_REPEATS) -> None:
        self.worker = worker
        self.chime = chime
        self.template = template
        self.gap_after_chime = gap_after_chime
        self.gap_between = gap_between

    def sentence(self, call: CallEntry) -> str:
        return announcement_speech(call.number, call.counter_number, call.agency or None,
                                   self.template)

    def script(self, call: CallEntry) -> Sequence[Clip]:
        try:
            text = self.sentence(call)
        except ValueError as exc:  # a number the spoken form cannot read: chime only
            log.error("cannot announce %r at counter %r: %s", call.number, call.counter_number,
                      exc)
            return [Clip(self.chime)] if self.chime else []
        voice = self.worker.submit(text)
        clips = [Clip(self.chime, self.gap_after_chime)] if self.chime else []
        repeats = self.template.repeats
        clips += [Clip(voice, self.gap_between if i < repeats - 1 else 0.0)
                  for i in range(repeats)]
        return clips

    def prefetch(self, calls: Iterable[CallEntry]) -> None:
        texts = []
        for call in calls:
            try:
                texts.append(self.sentence(call))
            except ValueError:
                continue
        if texts:
            self.worker.prefetch(texts)

    def close(self) -> None:
        self.worker.close(timeout=5)


def make_tts_announcer(*, engine: str = "espeak", rate: int = 150, volume: float = 1.0,
                       template: AnnouncementTemplate = AnnouncementTemplate(),
                       cache_dir: Path | None = None, chime: bool = True) -> TtsAnnouncer:
    """The announcer with its render worker, phrase cache and the chime WAV in ``cache_dir``."""
    folder = Path(cache_dir) if cache_dir else default_cache_dir()
    cache = PhraseCache(folder)
    chime_path = write_chime(folder / f"chime-{CHIME_RATE}.wav") if chime else None
    worker = RenderWorker(make_renderer(engine, VOICE_LANGUAGE), cache, rate=rate,
                          volume=volume, name="display-tts")
    return TtsAnnouncer(worker, chime_path, template)
