"""``PhraseCache``: a bounded folder of rendered sentences (``<sha256>.wav``), LRU by mtime."""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from .tts_base import DEFAULT_RATE, DEFAULT_VOLUME, SpeechRenderer

__all__ = ["CacheStats", "PhraseCache", "default_cache_dir"]


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "antrean" / "voice"


_KEY_FILE = re.compile(r"^[0-9a-f]{64}\.wav$")
_CACHE_FORMAT = 1  # bump to invalidate every cached WAV (e.g. after changing how we render)


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    evicted: int = 0


class PhraseCache:
    """A folder of rendered sentences, ``<sha256>.wav``, bounded to ``max_bytes``.

    Key: sha256 of (engine, voice, rate, volume, text). A hit refreshes the file's mtime, and
    eviction removes the oldest mtimes first, so mtime order is LRU order and survives restarts.
    Thread-safe within a process; files appear by atomic rename, so several processes may share
    the folder (one may evict a file another is about to play: keep ``max_bytes`` generous -
    a call is ~240 KB, the default 64 MB holds ~270 of them)."""

    def __init__(self, folder: Path, max_bytes: int = 64 * 1024 * 1024) -> None:
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self.stats = CacheStats()
        self._lock = threading.RLock()
        self.evict()

    @staticmethod
    def key(engine: str, voice: str, rate: int, volume: float, text: str) -> str:
        blob = json.dumps([_CACHE_FORMAT, engine, voice, int(rate), round(float(volume), 3),
                           text.strip()], ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def path_for(self, key: str) -> Path:
        return self.folder / f"{key}.wav"

    def get(self, key: str) -> Path | None:
        """The cached WAV, refreshed as most recently used; None on a miss."""
        path = self.path_for(key)
        with self._lock:
            try:
                os.utime(path)  # LRU touch; raises if the file is missing
            except FileNotFoundError:
                self.stats.misses += 1
                return None
            self.stats.hits += 1
            return path

    def render(self, renderer: SpeechRenderer, text: str, rate: int = DEFAULT_RATE,
               volume: float = DEFAULT_VOLUME) -> Path:
        """The WAV for ``text``: from the cache, or rendered into it (then evicting)."""
        key = self.key(renderer.engine, renderer.voice, rate, volume, text)
        hit = self.get(key)
        if hit is not None:
            return hit
        path = renderer.render(text, self.path_for(key), rate, volume)
        self.evict(keep=path)
        return path

    def entries(self) -> list[tuple[Path, int, int]]:
        """(path, size, mtime_ns) of every cached WAV."""
        out = []
        with os.scandir(self.folder) as it:
            for entry in it:
                if _KEY_FILE.match(entry.name):
                    try:
                        st = entry.stat()
                    except FileNotFoundError:
                        continue
                    out.append((Path(entry.path), st.st_size, st.st_mtime_ns))
        return out

    def size(self) -> int:
        return sum(size for _, size, _ in self.entries())

    def evict(self, keep: Path | None = None) -> int:
        """Remove least recently used WAVs until the folder fits ``max_bytes``; never ``keep``."""
        with self._lock:
            entries = sorted(self.entries(), key=lambda e: e[2])
            total = sum(size for _, size, _ in entries)
            removed = 0
            for path, size, _ in entries:
                if total <= self.max_bytes:
                    break
                if keep is not None and path == keep:
                    continue
                path.unlink(missing_ok=True)
                total -= size
                removed += 1
            self.stats.evicted += removed
            return removed
