"""The slide slot: the current image (letterboxed), or, with no slides, an information card
(how to queue and the calling rule, which the domain wants visible)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from ..texts import text
from ..viewmodels.board import DisplayViewModel
from ..viewmodels.slides import SlidesViewModel
from . import paint
from .base import Panel


class SlidePanel(Panel):
    def __init__(self, vm: DisplayViewModel, slides: SlidesViewModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.slides = slides
        self._pixmap = QPixmap()  # only the current slide, scaled to the slot
        self._key: tuple | None = None
        slides.changed.connect(self.update)
        vm.siteChanged.connect(self.update)

    def _current(self, path: Path, size) -> QPixmap:
        key = (str(path), size.width(), size.height())
        if key != self._key:
            self._key = key
            image = QPixmap(str(path))
            self._pixmap = image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation) \
                if not image.isNull() else QPixmap()
        return self._pixmap

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.card(p)
        path = self.slides.current
        if path is not None:
            pixmap = self._current(path, self.size())
            if not pixmap.isNull():
                x = (rect.width() - pixmap.width()) / 2
                y = (rect.height() - pixmap.height()) / 2
                p.drawPixmap(QPointF(x, y), pixmap)
                p.end()
                return
        self._info(p, rect)
        p.end()

    def _info(self, p: QPainter, rect: QRectF) -> None:
        lang = self.vm.lang
        u = self.u()
        area = self.title(p, rect, text("info_title", lang))
        lines = [text("info_take_number", lang), text("info_wait", lang)]
        rule = self.vm.calling_rule
        if rule:
            lines.append(text("info_rule", lang, rule=rule))
        paint.draw_wrapped(p, area.adjusted(0, u * 0.5, 0, 0), "\n\n".join(lines), u * 2.6,
                           paint.TEXT, min_px=u * 1.6)
