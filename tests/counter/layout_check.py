"""What "nothing clipped, nothing overlapping" means for a rendered window, checked from the
widgets' geometry and font metrics (the screenshots are also looked at by a person)."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QWidget

SLACK = 1  # px of rounding


def _text_width(widget: QWidget, text: str) -> int:
    metrics = widget.fontMetrics()
    return max(metrics.horizontalAdvance(line) for line in text.split("\n"))


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.width() > 0 and widget.height() > 0


def layout_problems(root: QWidget) -> list[str]:
    problems: list[str] = []
    bounds = root.rect()
    widgets = [w for w in root.findChildren(QWidget) if _shown(w, root)]
    for w in widgets:
        text = w.text() if isinstance(w, (QLabel, QPushButton)) else ""
        name = f"{type(w).__name__}#{w.objectName() or '-'} {text!r}"
        top_left = w.mapTo(root, QPoint(0, 0))
        if not bounds.contains(QRect(top_left, w.size()).adjusted(SLACK, SLACK, -SLACK, -SLACK)):
            problems.append(f"{name}: outside the window at {top_left.x()},{top_left.y()} "
                            f"{w.width()}x{w.height()}")
        if isinstance(w, QLabel) and w.text():
            inner = w.contentsRect()
            if w.wordWrap():
                need = w.heightForWidth(inner.width())
                if need > inner.height() + SLACK:
                    problems.append(f"{name}: needs {need}px height, has {inner.height()}")
            elif _text_width(w, w.text()) > inner.width() + SLACK:
                problems.append(f"{name}: text {_text_width(w, w.text())}px wide in "
                                f"{inner.width()}px")
        if isinstance(w, QPushButton) and w.text():
            lines = w.text().count("\n") + 1
            if _text_width(w, w.text()) > w.width() - 8:
                problems.append(f"{name}: text wider than the button ({w.width()}px)")
            if lines * w.fontMetrics().height() > w.height():
                problems.append(f"{name}: {lines} lines taller than the button ({w.height()}px)")
    for parent in {w.parentWidget() for w in widgets}:
        if parent is None or isinstance(parent, QAbstractScrollArea):
            continue
        kids = [k for k in parent.findChildren(QWidget, options=_direct()) if _shown(k, root)]
        for i, a in enumerate(kids):
            for b in kids[i + 1:]:
                overlap = a.geometry().intersected(b.geometry())
                if overlap.width() > SLACK and overlap.height() > SLACK:
                    problems.append(f"{type(a).__name__}#{a.objectName()} overlaps "
                                    f"{type(b).__name__}#{b.objectName()} in "
                                    f"{type(parent).__name__}#{parent.objectName()}")
    return problems


def _direct():
    from PySide6.QtCore import Qt
    return Qt.FindChildOption.FindDirectChildrenOnly
