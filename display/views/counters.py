"""The current number at each open counter: tiles in one or two columns, page by page when
there are more counters than fit. The counter just called is highlighted for a few seconds.

Each tile is drawn once into a pixmap and redrawn only when its content changes, so a call
repaints one tile's text, not every tile's (the call -> painted budget is 50 ms on a Pi)."""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from ..texts import TEXTS, text
from ..viewmodels.board import DisplayViewModel
from ..viewmodels.board_state import CallEntry, CounterInfo
from . import paint
from .base import PagedPanel

MIN_TILE_U = 6.5  # tile height bounds, in % of the window height
MAX_TILE_U = 11.0
HIGHLIGHT_MS = 4000


class CountersPanel(PagedPanel):
    def __init__(self, vm: DisplayViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.highlighted: int | None = None  # counter id
        self._unlight = QTimer(self, singleShot=True, interval=HIGHLIGHT_MS)
        self._unlight.timeout.connect(self._clear_highlight)
        self.shown: list[int] = []  # counter ids on the current page (tests)
        self._per_page = 1
        self._tiles: dict[int, tuple[tuple, QPixmap]] = {}  # counter id -> (content, pixmap)
        vm.countersChanged.connect(self.update)
        vm.linkChanged.connect(self.update)
        vm.siteChanged.connect(self.update)
        vm.called.connect(self._highlight)

    def _highlight(self, call: CallEntry) -> None:
        self.highlighted = call.counter_id
        self._unlight.start()
        counters = self.vm.counters()
        ids = [c.id for c in counters]
        if call.counter_id in ids and call.counter_id not in self.shown:
            self.pager.page = ids.index(call.counter_id) // self._per_page  # the caller's page
        self.update()

    def _clear_highlight(self) -> None:
        self.highlighted = None
        self.update()

    def layout_for(self, count: int, area_h: float) -> tuple[int, int, float]:
        """(columns, rows, tile height) for ``count`` tiles in ``area_h`` pixels."""
        u = self.u()
        rows_max = max(1, int(area_h // (MIN_TILE_U * u)))
        columns = 1 if count <= rows_max else 2
        rows = max(1, min(rows_max, math.ceil(count / columns)))
        return columns, rows, min(MAX_TILE_U * u, area_h / rows)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.card(p)
        lang = self.vm.lang
        counters = self.vm.counters()
        area = self.title(p, rect, text("counters", lang), self.page_label(lang))
        columns, rows, tile_h = self.layout_for(len(counters), area.height())
        self._per_page = columns * rows
        visible = self.pager.layout(len(counters), self._per_page)
        self.keep_turning()
        self.shown = [counters[i].id for i in visible]
        if not counters:
            paint.draw_text(p, QRectF(area.left(), area.top(), area.width(), self.u() * 6),
                            text("no_open_counters", lang), self.u() * 2.6, paint.MUTED)
        gap = self.u() * 0.6
        col_w = (area.width() - gap * (columns - 1)) / columns
        for slot, i in enumerate(visible):
            col, row = divmod(slot, rows)
            tile = QRectF(area.left() + col * (col_w + gap), area.top() + row * tile_h,
                          col_w, tile_h - gap)
            p.drawPixmap(tile.topLeft(), self._tile_pixmap(tile, counters[i], lang))
        p.end()
        self._tiles = {cid: self._tiles[cid] for cid in self.shown if cid in self._tiles}

    def _tile_pixmap(self, tile: QRectF, c: CounterInfo, lang: str) -> QPixmap:
        lit = c.id == self.highlighted
        key = (c.number, c.agency, c.status, c.pause_reason, c.ticket_number, lit,
               self.vm.link_ok, lang, round(tile.width()), round(tile.height()), self.u())
        cached = self._tiles.get(c.id)
        if cached is not None and cached[0] == key:
            return cached[1]
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(round(tile.width() * ratio), round(tile.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        tp = QPainter(pixmap)
        tp.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._tile(tp, QRectF(0, 0, tile.width(), tile.height()), c, lang, lit)
        tp.end()
        self._tiles[c.id] = (key, pixmap)
        return pixmap

    def _tile(self, p: QPainter, tile: QRectF, c: CounterInfo, lang: str, lit: bool) -> None:
        u = self.u()
        paint.rounded(p, tile, paint.FLASH if lit else paint.PANEL_ALT, u * 0.8)
        fg = paint.FLASH_TEXT if lit else paint.TEXT
        pad = u * 1.0
        left_w = tile.width() * 0.55
        name = QRectF(tile.left() + pad, tile.top() + tile.height() * 0.06, left_w - pad,
                      tile.height() * 0.5)
        agency = QRectF(name.left(), name.bottom(), name.width(), tile.height() * 0.38)
        paint.draw_text(p, name, text("counter_short", lang, counter=c.number),
                        min(u * 3.0, name.height() * 0.8), fg, bold=True)
        px = min(u * 2.2, agency.height() * 0.8)
        paint.draw_text(p, agency, c.agency, px, fg if lit else paint.MUTED, min_px=px * 0.85)
        right = QRectF(tile.left() + left_w, tile.top(), tile.width() - left_w - pad,
                       tile.height())
        if c.status == "paused":
            key = f"pause_{c.pause_reason}"
            label = text(key if key in TEXTS else "paused", lang)
            paint.draw_text(p, right, label, min(u * 2.6, right.height() * 0.5),
                            fg if lit else paint.MUTED, align=Qt.AlignmentFlag.AlignRight)
        else:
            number = c.ticket_number or text("idle", lang)
            color = paint.FLASH_TEXT if lit else (paint.ACCENT if self.vm.link_ok
                                                  else paint.STALE)
            paint.draw_text(p, right, number, min(u * 4.6, right.height() * 0.75), color,
                            bold=True, align=Qt.AlignmentFlag.AlignRight)
