"""Base of the display's panels: a rounded card with an optional title row, sizes in units of
1 % of the window's height (so a 4K TV and a 1366x768 one look the same, only sharper)."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from . import paint

TITLE_SHARE = 0.13  # of a panel's height, for its title row


class Panel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def u(self) -> float:
        """1 % of the window's height, in pixels."""
        return max(1.0, self.window().height() / 100.0)

    def card(self, p: QPainter, color=paint.PANEL) -> QRectF:
        rect = QRectF(self.rect())
        paint.rounded(p, rect, color, self.u() * 1.2)
        return rect

    def title(self, p: QPainter, rect: QRectF, text: str, right: str = "") -> QRectF:
        """Draw the title row at the top of ``rect``; return the rectangle below it."""
        u = self.u()
        pad = u * 1.2
        height = max(u * 4.0, min(rect.height() * TITLE_SHARE, u * 5.5))
        row = QRectF(rect.left() + pad, rect.top(), rect.width() - 2 * pad, height)
        if right:
            right_rect = QRectF(row.right() - u * 8, row.top(), u * 8, row.height())
            paint.draw_text(p, right_rect, right, u * 2.2, paint.MUTED,
                            align=Qt.AlignmentFlag.AlignRight)
            row.setWidth(row.width() - u * 8.5)
        paint.draw_text(p, row, text, u * 2.8, paint.MUTED, bold=True)
        return QRectF(rect.left() + pad, rect.top() + height, rect.width() - 2 * pad,
                      rect.height() - height - pad * 0.6)


class PagedPanel(Panel):
    """A panel whose rows may not all fit: it shows them page by page, turning every
    ``interval`` seconds (the timer runs only while there is more than one page)."""

    def __init__(self, parent: QWidget | None = None, interval: float = 8.0) -> None:
        super().__init__(parent)
        self.pager = paint.Pager()
        self._turn = QTimer(self)
        self._turn.setInterval(round(interval * 1000))
        self._turn.timeout.connect(self._next_page)

    def _next_page(self) -> None:
        if self.pager.advance():
            self.update()

    def keep_turning(self) -> None:
        """Call after layout in paintEvent: start/stop the page timer as needed."""
        if self.pager.pages > 1 and not self._turn.isActive():
            self._turn.start()
        elif self.pager.pages <= 1 and self._turn.isActive():
            self._turn.stop()

    def page_label(self, lang: str) -> str:
        from ..texts import text
        if self.pager.pages <= 1:
            return ""
        return text("page", lang, page=self.pager.page + 1, pages=self.pager.pages)
