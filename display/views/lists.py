"""The right column: the last calls (after the big one) and the waiting count per agency."""
from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from ..texts import text
from ..viewmodels.board import DisplayViewModel
from . import paint
from .base import PagedPanel, Panel

ROW_U = 6.0  # minimum row height of the recent list, in % of the window height
WAIT_ROW_U = 4.6


class RecentCallsPanel(Panel):
    def __init__(self, vm: DisplayViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.shown: list[str] = []  # numbers drawn (tests)
        vm.callsChanged.connect(self.update)
        vm.linkChanged.connect(self.update)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.card(p)
        u = self.u()
        lang = self.vm.lang
        area = self.title(p, rect, text("recent_calls", lang))
        rows = max(1, int(area.height() // (ROW_U * u)))
        calls = self.vm.recent(rows + 1)[1:]  # the newest is the big panel's
        row_h = area.height() / rows
        self.shown = [c.number for c in calls]
        color = paint.ACCENT if self.vm.link_ok else paint.STALE
        if not calls:
            paint.draw_text(p, QRectF(area.left(), area.top(), area.width(), row_h),
                            text("no_recent", lang), u * 3, paint.MUTED)
        for i, call in enumerate(calls):
            row = QRectF(area.left(), area.top() + i * row_h, area.width(), row_h * 0.92)
            if i % 2 == 0:
                paint.rounded(p, row, paint.PANEL_ALT, u * 0.6)
            inner = row.adjusted(u, 0, -u, 0)
            number = QRectF(inner.left(), inner.top(), inner.width() * 0.42, inner.height())
            where = QRectF(number.right(), inner.top() + inner.height() * 0.06,
                           inner.width() - number.width(), inner.height() * 0.5)
            agency = QRectF(where.left(), where.bottom(), where.width(), inner.height() * 0.4)
            paint.draw_text(p, number, call.number, min(u * 4.0, row_h * 0.6), color, bold=True)
            paint.draw_text(p, where, text("counter_short", lang, counter=call.counter_number),
                            min(u * 2.6, where.height() * 0.85), paint.TEXT, bold=True,
                            align=Qt.AlignmentFlag.AlignRight)
            px = min(u * 2.1, agency.height() * 0.85)
            paint.draw_text(p, agency, call.agency, px, paint.MUTED, min_px=px * 0.85,
                            align=Qt.AlignmentFlag.AlignRight)
        p.end()


class WaitingPanel(PagedPanel):
    def __init__(self, vm: DisplayViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.shown: list[tuple[str, int]] = []  # rows drawn (tests)
        vm.waitingChanged.connect(self.update)
        vm.linkChanged.connect(self.update)
        vm.siteChanged.connect(self.update)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.card(p)
        u = self.u()
        lang = self.vm.lang
        rows_data = self.vm.waiting()
        count = len(rows_data or [])
        area = self.title(p, rect, text("waiting", lang), self.page_label(lang))
        rows_max = max(1, int(area.height() // (WAIT_ROW_U * u)))
        columns = 1 if count <= rows_max else 2
        rows = max(1, min(rows_max, math.ceil(count / columns))) if count else 1
        visible = self.pager.layout(count, rows * columns)
        self.keep_turning()
        if rows_data is None:
            paint.draw_text(p, QRectF(area.left(), area.top(), area.width(), WAIT_ROW_U * u),
                            text("waiting_unknown", lang), u * 3, paint.MUTED)
            self.shown = []
            p.end()
            return
        self.shown = [rows_data[i] for i in visible]
        row_h = min(area.height() / rows, u * 7)
        gap = u * 0.8
        col_w = (area.width() - gap * (columns - 1)) / columns
        color = paint.TEXT if self.vm.link_ok else paint.STALE
        for slot, i in enumerate(visible):
            col, r = divmod(slot, rows)
            row = QRectF(area.left() + col * (col_w + gap), area.top() + r * row_h, col_w,
                         row_h * 0.9)
            if r % 2 == 0:
                paint.rounded(p, row, paint.PANEL_ALT, u * 0.5)
            name, n = rows_data[i]
            inner = row.adjusted(u * 0.8, 0, -u * 0.8, 0)
            count_w = max(u * 5, inner.width() * 0.28)
            num = QRectF(inner.right() - count_w, inner.top(), count_w, inner.height())
            label = QRectF(inner.left(), inner.top(), inner.width() - count_w - u * 0.5,
                           inner.height())
            px = min(u * 2.6, row_h * 0.5)
            paint.draw_text(p, label, name, px, paint.TEXT, min_px=px * 0.85)
            paint.draw_text(p, num, str(n), px * 1.15, color, bold=True,
                            align=Qt.AlignmentFlag.AlignRight)
        p.end()
