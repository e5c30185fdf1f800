"""The lobby display's window: header, connection banner, the board (latest call + slides,
counters, recent calls + waiting counts) and the running text. Panels are placed by fractions
of the window (``place``), so every size from 1366x768 to 4K gets the same layout."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from ..texts import text
from ..viewmodels.board import DisplayViewModel
from ..viewmodels.clock import ClockViewModel
from ..viewmodels.slides import SlidesViewModel
from . import paint
from .banner import ConnectionBanner
from .counters import CountersPanel
from .header import HeaderBar
from .latest_call import LatestCallPanel
from .lists import RecentCallsPanel, WaitingPanel
from .slides import SlidePanel
from .ticker import TickerBar

HEADER_H, BANNER_H, TICKER_H, MARGIN = 0.11, 0.065, 0.07, 0.012  # of the height
COLUMNS = (0.41, 0.32, 0.27)  # left, middle, right: shares of the width
LATEST_SHARE = 0.57  # of the left column's height
RECENT_SHARE = 0.50  # of the right column's height


class DisplayWindow(QWidget):
    def __init__(self, vm: DisplayViewModel, clock: ClockViewModel, slides: SlidesViewModel,
                 logo: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.setWindowTitle(text("window_title", vm.lang))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.header = HeaderBar(vm, clock, logo, self)
        self.banner = ConnectionBanner(vm, self)
        self.latest = LatestCallPanel(vm, self)
        self.slides = SlidePanel(vm, slides, self)
        self.counters = CountersPanel(vm, self)
        self.recent = RecentCallsPanel(vm, self)
        self.waiting = WaitingPanel(vm, self)
        self.ticker = TickerBar(vm, parent=self)
        vm.linkChanged.connect(self.place)
        clock.set_zone(vm.timezone_name)
        vm.siteChanged.connect(lambda: clock.set_zone(vm.timezone_name))

    def resizeEvent(self, event) -> None:
        self.place()
        super().resizeEvent(event)

    def place(self) -> None:
        """Lay the panels out by fractions of the window (and show/hide the banner)."""
        w, h = self.width(), self.height()
        m = round(h * MARGIN)
        y = round(h * HEADER_H)
        self.header.setGeometry(0, 0, w, y)
        self.banner.refresh()
        if self.banner.isVisibleTo(self) or self.banner.message:
            bh = round(h * BANNER_H)
            self.banner.setGeometry(0, y, w, bh)
            y += bh
        ticker_h = round(h * TICKER_H)
        self.ticker.setGeometry(0, h - ticker_h, w, ticker_h)
        top, bottom = y + m, h - ticker_h - m
        avail_w = w - 4 * m
        x = m
        columns = []
        for share in COLUMNS:
            width = round(avail_w * share)
            columns.append((x, width))
            x += width + m
        main_h = bottom - top
        (lx, lw), (mx, mw), (rx, rw) = columns
        latest_h = round(main_h * LATEST_SHARE)
        self.latest.setGeometry(QRect(lx, top, lw, latest_h))
        self.slides.setGeometry(QRect(lx, top + latest_h + m, lw, main_h - latest_h - m))
        self.counters.setGeometry(QRect(mx, top, mw, main_h))
        recent_h = round(main_h * RECENT_SHARE)
        self.recent.setGeometry(QRect(rx, top, rw, recent_h))
        self.waiting.setGeometry(QRect(rx, top + recent_h + m, rw, main_h - recent_h - m))
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), paint.BACKGROUND)
        p.end()
