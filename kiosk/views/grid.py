"""A grid of tiles split into pages that fit the space (no kinetic scrolling: big "next" and
"previous" buttons are easier for everyone). Columns and rows follow the widget's size."""
from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from .style import Metrics
from .widgets import button, label


class PagedGrid(QWidget):
    def __init__(self, tile_w: int, tile_h: int, name: str = "") -> None:
        super().__init__()
        self.setObjectName(name)
        self.tile_w, self.tile_h = tile_w, tile_h  # at scale 1.0
        self.m = Metrics(1.0)
        self.items: Sequence[object] = ()
        self.make: Callable[[object], QWidget] = lambda item: QWidget()
        self.page = 0
        self.tiles: list[QWidget] = []
        self.texts = ("", "", "{page}/{pages}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.area = QWidget()
        self.grid = QGridLayout(self.area)
        self.grid.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.area, 1)
        self.pager = QWidget()
        row = QHBoxLayout(self.pager)
        row.setContentsMargins(0, 0, 0, 0)
        self.prev_btn = button("", lambda: self.turn(-1), name="PagePrev")
        self.next_btn = button("", lambda: self.turn(1), name="PageNext")
        self.page_label = label("", "muted", wrap=False, align=Qt.AlignmentFlag.AlignCenter,
                                name="PageLabel")
        row.addWidget(self.prev_btn)
        row.addWidget(self.page_label, 1)
        row.addWidget(self.next_btn)
        outer.addWidget(self.pager)
        self.empty = label("", "heading", align=Qt.AlignmentFlag.AlignCenter, name="GridEmpty")
        outer.addWidget(self.empty)

    def show_items(self, m: Metrics, items: Sequence[object], make: Callable[[object], QWidget],
                   texts: tuple[str, str, str], empty_text: str, reset: bool = False) -> None:
        """``texts``: previous, next, and the page label with {page} and {pages}."""
        self.m, self.items, self.make, self.texts = m, list(items), make, texts
        if reset:
            self.page = 0
        self.empty.setText(empty_text)
        self._layout()

    def shape(self) -> tuple[int, int]:
        m = self.m
        width = max(1, self.width())
        height = max(1, self.height() - (m.button_h + m.gap if self._pages_needed() else 0))
        gap = m.gap
        cols = max(1, (width + gap) // (m.px(self.tile_w, 200) + gap))
        rows = max(1, (height + gap) // (m.px(self.tile_h, 96) + gap))
        return cols, rows

    def _pages_needed(self) -> bool:
        m = self.m
        width, height = max(1, self.width()), max(1, self.height())
        cols = max(1, (width + m.gap) // (m.px(self.tile_w, 200) + m.gap))
        rows = max(1, (height + m.gap) // (m.px(self.tile_h, 96) + m.gap))
        return len(self.items) > cols * rows

    @property
    def per_page(self) -> int:
        cols, rows = self.shape()
        return cols * rows

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.items) // self.per_page))

    def turn(self, step: int) -> None:
        self.page = min(max(0, self.page + step), self.pages - 1)
        self._layout()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._layout()

    def _layout(self) -> None:
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.hide()  # gone from the next paint, even before Qt deletes it
            tile.deleteLater()
        self.tiles = []
        cols, rows = self.shape()
        self.page = min(self.page, self.pages - 1)
        start = self.page * cols * rows
        shown = self.items[start:start + cols * rows]
        for i in range(cols * rows):
            tile = self.make(shown[i]) if i < len(shown) else QWidget()  # blanks keep the size
            self.grid.addWidget(tile, i // cols, i % cols)
            tile.show()
            self.tiles.append(tile)
        self.grid.setSpacing(self.m.gap)
        for c in range(self.grid.columnCount()):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        multi = self.pages > 1
        self.pager.setVisible(multi)
        self.empty.setVisible(not self.items)
        self.area.setVisible(bool(self.items))
        self.prev_btn.setText(self.texts[0])
        self.next_btn.setText(self.texts[1])
        self.prev_btn.setEnabled(self.page > 0)
        self.next_btn.setEnabled(self.page < self.pages - 1)
        self.page_label.setText(self.texts[2].format(page=self.page + 1, pages=self.pages))
