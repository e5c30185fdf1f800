"""The connection banner: shown whenever the master is not connected (connecting, reconnecting,
unreachable since hh.mm, token refused), so the hall never reads stale numbers unawares."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from ..viewmodels.board import DisplayViewModel
from . import paint


class ConnectionBanner(QWidget):
    def __init__(self, vm: DisplayViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.message = ""
        vm.linkChanged.connect(self.refresh)
        vm.siteChanged.connect(self.refresh)  # the site's time zone for "since hh.mm"
        self.refresh()

    def refresh(self) -> None:
        self.message = self.vm.banner()
        self.setVisible(bool(self.message))
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        rect = QRectF(self.rect())
        p.fillRect(rect, paint.ALERT)
        u = max(1.0, self.window().height() / 100.0)
        inner = rect.adjusted(u * 1.5, 0, -u * 1.5, 0)
        paint.draw_text(p, inner, "⚠  " + self.message, min(u * 2.8, rect.height() * 0.55),
                        paint.TEXT, bold=True, align=Qt.AlignmentFlag.AlignHCenter,
                        min_px=u * 1.8)
        p.end()
