"""The slide area's content: a list of images shown in turn.

The master has no endpoint for slides yet; today they come from a local folder (``--slides``).
A future source (the master's media list) only has to call ``set_items``. With no items the
view shows the information card instead (how to queue, the calling rule)."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QObject, QTimer, Signal

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg", ".webp", ".bmp"}
INTERVAL = 10.0  # seconds per slide


def images_in(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


class SlidesViewModel(QObject):
    changed = Signal()

    def __init__(self, items: Sequence[Path] = (), interval: float = INTERVAL,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Path] = []
        self._index = 0
        self._timer = QTimer(self)
        self._timer.setInterval(round(interval * 1000))
        self._timer.timeout.connect(self.next)
        self.set_items(items)

    @property
    def current(self) -> Path | None:
        return self._items[self._index] if self._items else None

    @property
    def count(self) -> int:
        return len(self._items)

    def set_items(self, items: Sequence[Path]) -> None:
        self._items = list(items)
        self._index = 0
        if len(self._items) > 1:
            self._timer.start()
        else:
            self._timer.stop()
        self.changed.emit()

    def next(self) -> None:
        if self._items:
            self._index = (self._index + 1) % len(self._items)
            self.changed.emit()
