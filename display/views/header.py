"""Top bar: the MPP's logo and name on the left, clock and date on the right, and beside the
date a dot for the link to the master (green connected, red not), so the connection state is
always visible (apps.md); the banner below explains a red one."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from ..viewmodels.board import DisplayViewModel
from ..viewmodels.clock import ClockViewModel
from . import paint
from .base import Panel


class HeaderBar(Panel):
    def __init__(self, vm: DisplayViewModel, clock: ClockViewModel, logo: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.clock = clock
        self._logo = QPixmap(str(logo)) if logo else QPixmap()
        self._scaled = QPixmap()
        self._scaled_for = None
        vm.siteChanged.connect(self.update)
        vm.linkChanged.connect(self.update)
        clock.changed.connect(self.update)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        p.fillRect(rect, paint.HEADER)
        u = self.u()
        pad = u * 1.5
        side = rect.height() - 2 * u * 1.5
        logo_rect = QRectF(pad, (rect.height() - side) / 2, side, side)
        self._draw_logo(p, logo_rect)
        clock_w = max(u * 26, rect.width() * 0.22)
        clock = QRectF(rect.right() - pad - clock_w, 0, clock_w, rect.height())
        name = QRectF(logo_rect.right() + pad, 0, clock.left() - logo_rect.right() - 2 * pad,
                      rect.height())
        paint.draw_text(p, name, self.vm.site_name, u * 4.2, paint.TEXT, bold=True,
                        min_px=u * 2.6)
        zone = self.clock.zone_text
        time_text = f"{self.clock.time_text} {zone}".strip()
        top = QRectF(clock.left(), rect.height() * 0.08, clock.width(), rect.height() * 0.52)
        bottom = QRectF(clock.left(), rect.height() * 0.58, clock.width(), rect.height() * 0.34)
        paint.draw_text(p, top, time_text, u * 5.0, paint.TEXT, bold=True,
                        align=Qt.AlignmentFlag.AlignRight)
        date = paint.draw_text(p, bottom, self.clock.date_text, u * 2.6, paint.MUTED,
                               align=Qt.AlignmentFlag.AlignRight)
        d = u * 1.3
        dot = QRectF(date.left() - d * 1.8, date.center().y() - d / 2, d, d)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(paint.ONLINE if self.vm.link_ok else paint.ALERT)
        p.drawEllipse(dot)
        p.end()

    def _draw_logo(self, p: QPainter, rect: QRectF) -> None:
        if not self._logo.isNull():
            size = rect.size().toSize()
            if self._scaled_for != size:  # scale once per size, not on every paint
                self._scaled = self._logo.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation)
                self._scaled_for = size
            x = rect.left() + (rect.width() - self._scaled.width()) / 2
            y = rect.top() + (rect.height() - self._scaled.height()) / 2
            p.drawPixmap(QPointF(x, y), self._scaled)
            return
        # No logo given: an emblem with "MPP", so the corner is never empty.
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(paint.ACCENT)
        p.drawEllipse(rect)
        inner = rect.adjusted(rect.width() * 0.12, 0, -rect.width() * 0.12, 0)
        paint.draw_text(p, inner, "MPP", rect.height() * 0.34, paint.FLASH_TEXT, bold=True,
                        align=Qt.AlignmentFlag.AlignHCenter)
