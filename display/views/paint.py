"""Drawing helpers shared by the display's panels: colours, fonts that scale with the window's
height, text fitted into a rectangle (shrunk, then elided: never clipped), and paging."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPainter

# High contrast on a dark hall TV.
BACKGROUND = QColor("#0b1f3a")
PANEL = QColor("#13315c")
PANEL_ALT = QColor("#17396b")
TEXT = QColor("#ffffff")
MUTED = QColor("#b8c7dd")
ACCENT = QColor("#ffd23f")  # numbers
FLASH = QColor("#ffd23f")
FLASH_TEXT = QColor("#0b1f3a")
STALE = QColor("#7d8aa0")  # numbers while the master is unreachable
ALERT = QColor("#c62828")
ONLINE = QColor("#43a047")
HEADER = QColor("#0a1830")

FAMILIES = ("Noto Sans", "DejaVu Sans")
MIN_PX = 8


@lru_cache(maxsize=1)
def family() -> str:
    available = set(QFontDatabase.families())
    return next((f for f in FAMILIES if f in available), QFont().defaultFamily())


def font(px: float, bold: bool = False) -> QFont:
    """The display's font at ``px`` pixels (shared: do not modify the returned font)."""
    return _font(max(MIN_PX, int(px)), bold)


@lru_cache(maxsize=256)  # sizes are whole pixels: a few dozen per window size
def _font(px: int, bold: bool) -> QFont:
    f = QFont(family())
    f.setPixelSize(px)
    f.setBold(bold)
    return f


@lru_cache(maxsize=256)
def metrics(px: int, bold: bool) -> QFontMetricsF:
    return QFontMetricsF(_font(px, bold))


def fitted_font(text: str, width: float, px: float, bold: bool = False) -> QFont:
    """``font(px)``, made smaller until ``text`` fits ``width`` (not below MIN_PX)."""
    size = max(MIN_PX, int(px))
    if width <= 0 or not text:
        return _font(size, bold)
    advance = metrics(size, bold).horizontalAdvance(text)
    if advance > width:
        size = max(MIN_PX, int(size * width / advance * 0.98))
    return _font(size, bold)


def draw_text(p: QPainter, rect: QRectF, text: str, px: float, color: QColor, *,
              bold: bool = False, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
              min_px: float | None = None) -> QRectF:
    """One line of text in ``rect`` (vertically centred). It shrinks to fit the width, but not
    below ``min_px`` (default: half of ``px``); below that it is elided with "…". Returns the
    rectangle actually covered."""
    px = min(px, rect.height() * 0.95)
    f = fitted_font(text, rect.width(), px, bold)
    floor = max(MIN_PX, min_px if min_px is not None else px * 0.5)
    if f.pixelSize() < floor:
        f = font(floor, bold)
    fm = metrics(f.pixelSize(), bold)
    shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    p.setFont(f)
    p.setPen(color)
    p.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), shown)
    width = fm.horizontalAdvance(shown)
    if align & Qt.AlignmentFlag.AlignRight:
        left = rect.right() - width
    elif align & Qt.AlignmentFlag.AlignHCenter:
        left = rect.center().x() - width / 2
    else:
        left = rect.left()
    return QRectF(left, rect.top(), width, rect.height())


def draw_wrapped(p: QPainter, rect: QRectF, text: str, px: float, color: QColor, *,
                 bold: bool = False, min_px: float = MIN_PX) -> None:
    """Text wrapped on word boundaries inside ``rect``, made smaller until it fits the height
    (down to ``min_px``; below that the last lines are cut at the rectangle's edge)."""
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
    size = px
    while True:
        f = font(size, bold)
        needed = QFontMetricsF(f).boundingRect(rect, flags, text)
        if needed.height() <= rect.height() or size <= min_px:
            break
        size = max(min_px, size * 0.9)
    p.setFont(f)
    p.setPen(color)
    p.drawText(rect, flags, text)


def rounded(p: QPainter, rect: QRectF, color: QColor, radius: float) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawRoundedRect(rect, radius, radius)


class Pager:
    """Splits ``count`` items into pages of ``per_page``; ``advance()`` turns the page."""

    def __init__(self) -> None:
        self.page = 0
        self.pages = 1

    def layout(self, count: int, per_page: int) -> range:
        per_page = max(1, per_page)
        self.pages = max(1, -(-count // per_page))
        if self.page >= self.pages:
            self.page = 0
        start = self.page * per_page
        return range(start, min(count, start + per_page))

    def advance(self) -> bool:
        """Next page; False when there is only one (nothing to redraw)."""
        if self.pages <= 1:
            self.page = 0
            return False
        self.page = (self.page + 1) % self.pages
        return True
