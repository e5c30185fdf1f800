"""Small building blocks: labelled buttons, labels with a style role, and the painted tile (an
agency or service button: initials badge, up to two title lines, a subtitle and a status line).
Tiles are painted, not laid out, so long names are wrapped and elided and never overflow."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton, QSizePolicy, QWidget

from . import style
from .style import Metrics


def button(text: str, on_click: Callable[[], None], role: str = "", name: str = "") -> QPushButton:
    b = QPushButton(text)
    if role:
        b.setProperty("role", role)
    if name:
        b.setObjectName(name)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    b.clicked.connect(lambda _=False: on_click())
    return b


def label(text: str = "", role: str = "", wrap: bool = True, align=None, name: str = "") -> QLabel:
    lab = QLabel(text)
    if role:
        lab.setProperty("role", role)
    if name:
        lab.setObjectName(name)
    lab.setWordWrap(wrap)
    if align is not None:
        lab.setAlignment(align)
    return lab


def set_role(widget: QWidget, role: str) -> None:
    if widget.property("role") != role:
        widget.setProperty("role", role)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def font(px: int, bold: bool = False) -> QFont:
    f = QFont()
    f.setFamilies(style.FONT_FAMILIES)
    f.setPixelSize(px)
    f.setBold(bold)
    return f


def wrap_lines(fm: QFontMetrics, text: str, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines; the last one elided if needed."""
    lines: list[str] = []
    if max_lines <= 0:
        return lines
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and fm.horizontalAdvance(line + " " + words[0]) <= width:
            line += " " + words.pop(0)
        lines.append(line)
    if words:
        lines[-1] = lines[-1] + " " + " ".join(words)
    return [fm.elidedText(s, Qt.TextElideMode.ElideRight, width) for s in lines]


class Tile(QAbstractButton):
    """An agency or a service. ``ok`` colours the status line (True green, False red)."""

    def __init__(self, m: Metrics, badge: str, color: str, title: str, subtitle: str,
                 status: str, ok: bool, dim: bool = False, name: str = "") -> None:
        super().__init__()
        self.m, self.badge, self.color, self.title = m, badge, color, title
        self.subtitle, self.status, self.ok, self.dim = subtitle, status, ok, dim
        self.setText(title)  # for tests and accessibility
        self.setAccessibleName(f"{title}. {subtitle}. {status}")
        self.setObjectName(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(self.m.px(400, 200), self.m.px(170, 96))

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        try:
            self._paint(p)
        finally:
            p.end()

    def _paint(self, p: QPainter) -> None:
        m = self.m
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        bg = style.CLOSED_BG if self.dim else style.SURFACE
        if self.isDown():
            bg = style.BORDER
        p.setPen(QPen(QColor(style.BORDER if self.dim else style.PRIMARY), 3))
        p.setBrush(QColor(bg))
        p.drawRoundedRect(r, m.radius, m.radius)
        pad = m.px(18, 8)
        side = min(r.height() - 2 * pad, m.px(110, 44))
        badge = QRectF(r.left() + pad, r.top() + (r.height() - side) / 2, side, side)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(style.CLOSED_TEXT if self.dim else self.color))
        p.drawRoundedRect(badge, side / 4, side / 4)
        bf = font(max(10, int(side * (0.5 if len(self.badge) <= 2 else 0.34))), bold=True)
        p.setFont(bf)
        p.setPen(QColor("white"))
        p.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.badge)
        x = badge.right() + pad
        width = int(r.right() - pad - x)
        title_f, small_f = font(m.px(32, 18), bold=True), font(m.small)
        tfm, sfm = QFontMetrics(title_f), QFontMetrics(small_f)
        bold_small = font(m.small, bold=True)
        status = wrap_lines(QFontMetrics(bold_small), self.status, width, 2)
        room = int(r.height() - 2 * pad - len(status) * sfm.height())
        if room < tfm.height() + sfm.height() * (1 if self.subtitle else 0):
            status = status[:1]  # the long status gives way to the title
            status[0] = QFontMetrics(bold_small).elidedText(self.status,
                                                            Qt.TextElideMode.ElideRight, width)
            room = int(r.height() - 2 * pad - sfm.height())
        lines = wrap_lines(tfm, self.title, width, 2 if room >= 2 * tfm.height() else 1)
        room -= len(lines) * tfm.height()
        if len(lines) > 1 and self.subtitle and room < sfm.height():
            lines = wrap_lines(tfm, self.title, width, 1)  # keep a subtitle line instead
            room += tfm.height()
        sub = wrap_lines(sfm, self.subtitle, width, max(0, min(2, room // sfm.height()))) \
            if self.subtitle else []
        total = len(lines) * tfm.height() + (len(sub) + len(status)) * sfm.height()
        y = r.top() + max(pad, (r.height() - total) / 2)
        p.setFont(title_f)
        p.setPen(QColor(style.CLOSED_TEXT if self.dim else style.TEXT))
        for line in lines:
            p.drawText(QRectF(x, y, width, tfm.height()), Qt.AlignmentFlag.AlignLeft, line)
            y += tfm.height()
        p.setFont(small_f)
        for line in sub:
            p.setPen(QColor(style.MUTED if not self.dim else style.CLOSED_TEXT))
            p.drawText(QRectF(x, y, width, sfm.height()), Qt.AlignmentFlag.AlignLeft, line)
            y += sfm.height()
        p.setFont(bold_small)
        p.setPen(QColor(style.OK if self.ok else style.CLOSED_STATUS))
        for line in status:
            p.drawText(QRectF(x, y, width, sfm.height() + 4), Qt.AlignmentFlag.AlignLeft, line)
            y += sfm.height()


class ElidedLabel(QLabel):
    """One line that shortens itself with "…" instead of pushing its neighbours off screen."""

    def __init__(self, text: str = "", name: str = "") -> None:
        super().__init__(text)
        self.setObjectName(name)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setFont(self.font())
        p.setPen(self.palette().color(self.foregroundRole()))
        r = self.contentsRect()
        text = QFontMetrics(self.font()).elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                                    r.width())
        p.drawText(r, int(self.alignment()), text)
        p.end()
