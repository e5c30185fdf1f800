"""The running text at the bottom. The text is drawn once into a pixmap (again only when the
text or the size changes); each frame only blits it at a new offset, so the ticker costs
little CPU on a Raspberry Pi. The offset advances with elapsed time, not per frame, so a late
timer does not slow the text down."""
from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QFontMetricsF, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from ..viewmodels.board import DisplayViewModel
from . import paint

FPS = 25  # smooth enough for text moving ~5 px a frame; each frame costs CPU on a Pi
SPEED_U = 11.0  # % of the window height per second
SEPARATOR = "     •     "
MAX_STRIP = 16000  # pixels: longer messages are drawn directly each frame


class TickerBar(QWidget):
    def __init__(self, vm: DisplayViewModel, fps: int = FPS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.offset = 0.0
        self._strip: QPixmap | None = None  # None: too long for one pixmap, drawn directly
        self._width = 1.0  # of one copy of the message, in logical pixels
        self._font = paint.font(12)
        self._message = ""
        self._key: tuple | None = None
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(max(10, round(1000 / fps)))
        self._timer.timeout.connect(self._step)
        vm.siteChanged.connect(self._text_changed)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def showEvent(self, event) -> None:
        self._clock.start()
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def _text_changed(self) -> None:
        self._key = None
        self.update()

    def _u(self) -> float:
        return max(1.0, self.window().height() / 100.0)

    def _step(self) -> None:
        elapsed = self._clock.restart() / 1000.0
        self.offset = (self.offset + SPEED_U * self._u() * min(elapsed, 0.25)) % self._width
        self.update()

    def _ensure_strip(self) -> None:
        message = self.vm.ticker_text + SEPARATOR
        key = (message, self.height(), self.devicePixelRatioF())
        if key == self._key:
            return
        self._key = key
        f = paint.font(self.height() * 0.5, bold=False)
        width = max(1, int(QFontMetricsF(f).horizontalAdvance(message)) + 1)
        ratio = self.devicePixelRatioF()
        self._font, self._message, self._width, self.offset = f, message, float(width), 0.0
        if width * ratio > MAX_STRIP:
            self._strip = None
            return
        strip = QPixmap(int(width * ratio), int(self.height() * ratio))
        strip.setDevicePixelRatio(ratio)
        strip.fill(paint.HEADER)
        p = QPainter(strip)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.setFont(f)
        p.setPen(paint.TEXT)
        p.drawText(QRectF(0, 0, width, self.height()),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), message)
        p.end()
        self._strip = strip

    def paintEvent(self, _event) -> None:
        self._ensure_strip()
        p = QPainter(self)
        p.fillRect(self.rect(), paint.HEADER)
        x = -round(self.offset)
        if self._strip is None:
            p.setFont(self._font)
            p.setPen(paint.TEXT)
        while x < self.width():
            if self._strip is not None:
                p.drawPixmap(QPointF(x, 0), self._strip)
            else:
                p.drawText(QRectF(x, 0, self._width, self.height()),
                           int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                           self._message)
            x += self._width
        p.end()
