"""The latest call, large: the number, the counter, the agency. A new call flashes (three
blinks over ``FLASH_MS``, driven by a QVariantAnimation that only runs while flashing)."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from ..texts import text
from ..viewmodels.board import DisplayViewModel
from ..viewmodels.board_state import CallEntry
from . import paint
from .base import Panel

FLASH_MS = 3000
BLINKS = 3


class LatestCallPanel(Panel):
    def __init__(self, vm: DisplayViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.painted_number: str | None = None  # what the last paint showed (tests, bench)
        self.paint_probe: Callable[[str | None], None] | None = None
        self._flash = QVariantAnimation(self)
        self._flash.setStartValue(0.0)
        self._flash.setEndValue(1.0)
        self._flash.setDuration(FLASH_MS)
        self._lit_now = False
        self._flash.valueChanged.connect(self._blink)  # repaint on each blink, not each frame
        self._flash.finished.connect(self._blink)
        vm.callsChanged.connect(self.update)
        vm.linkChanged.connect(self.update)
        vm.called.connect(self.flash)

    def flash(self, _call: CallEntry | None = None) -> None:
        self._flash.stop()
        self._flash.start()
        self._blink()

    def _blink(self, *_args) -> None:
        lit = self._lit()
        if lit != self._lit_now:
            self._lit_now = lit
            self.update()

    @property
    def flashing(self) -> bool:
        return self._flash.state() != QVariantAnimation.State.Stopped

    def _lit(self) -> bool:
        if not self.flashing:
            return False
        value = float(self._flash.currentValue() or 0.0)
        return int(value * BLINKS * 2) % 2 == 0

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        lit = self._lit()
        rect = self.card(p, paint.FLASH if lit else paint.PANEL)
        u = self.u()
        lang = self.vm.lang
        call = self.vm.latest()
        fg = paint.FLASH_TEXT if lit else paint.TEXT
        number_color = paint.FLASH_TEXT if lit else (
            paint.ACCENT if self.vm.link_ok else paint.STALE)
        pad = u * 1.5
        inner = rect.adjusted(pad, pad * 0.5, -pad, -pad * 0.5)
        h = inner.height()
        rows = [0.15, 0.47, 0.22, 0.16]  # title, number, counter, agency
        tops = [inner.top()]
        for share in rows[:-1]:
            tops.append(tops[-1] + h * share)
        boxes = [QRectF(inner.left(), top, inner.width(), h * share)
                 for top, share in zip(tops, rows)]
        center = Qt.AlignmentFlag.AlignHCenter
        title = text("latest_call", lang)
        if call is not None and call.recall:
            title = f"{title} · {text('recall', lang)}"
        paint.draw_text(p, boxes[0], title, u * 3.4, fg if lit else paint.MUTED, bold=True,
                        align=center)
        if call is None:
            paint.draw_text(p, boxes[1], text("no_call_yet", lang), u * 5, paint.MUTED,
                            align=center)
        else:
            paint.draw_text(p, boxes[1], call.number, boxes[1].height() * 0.92, number_color,
                            bold=True, align=center, min_px=u * 6)
            paint.draw_text(p, boxes[2], text("to_counter", lang, counter=call.counter_number),
                            boxes[2].height() * 0.8, fg, bold=True, align=center)
            if call.agency:
                paint.draw_text(p, boxes[3], call.agency, boxes[3].height() * 0.7,
                                fg if lit else paint.MUTED, align=center)
        p.end()
        self.painted_number = call.number if call else None
        if self.paint_probe is not None:
            self.paint_probe(self.painted_number)
