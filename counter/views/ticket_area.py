"""The big left area of the work screen: the ticket at the counter, or "no ticket", "paused",
"closed". (The sheets take this area too; see sheets.py.)"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from ..viewmodels.counter_vm import CounterViewModel
from .style import repolish

MAX_INFO_CHARS = 170


def _label(name: str, wrap: bool = False, align: Qt.AlignmentFlag | None = None) -> QLabel:
    label = QLabel(objectName=name)
    label.setWordWrap(wrap)
    if align is not None:
        label.setAlignment(align)
    return label


class TicketCard(QFrame):
    def __init__(self) -> None:
        super().__init__(objectName="card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 16, 28, 16)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.status = _label("ticketStatus")
        self.priority = _label("ticketPriority", align=Qt.AlignmentFlag.AlignRight)
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.priority)
        self.number = _label("ticketNumber")
        self.service = _label("ticketService", wrap=True)
        self.details = _label("ticketDetails", wrap=True)
        self.info = QGridLayout()
        self.info.setHorizontalSpacing(14)
        self.info.setVerticalSpacing(4)
        self.info.setColumnStretch(1, 1)
        layout.addLayout(top)
        layout.addWidget(self.number)
        layout.addWidget(self.service)
        layout.addWidget(self.details)
        layout.addSpacing(6)
        layout.addLayout(self.info)
        layout.addStretch(1)

    def show_ticket(self, card: dict) -> None:
        self.status.setText(card["status"])
        repolish(self.status, serving="true" if card["serving"] else "false")
        self.priority.setText(card["priority"])
        repolish(self.priority, priority="true" if card["is_priority"] else "false")
        self.number.setText(card["number"])
        service = card["service"] + (f"  ·  {card['agency']}" if card["agency"] else "")
        self.service.setText(service)
        self.details.setText(card["details"])
        while self.info.count():
            item = self.info.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        for row, (key, value) in enumerate(card["info"]):
            if len(value) > MAX_INFO_CHARS:
                value = value[:MAX_INFO_CHARS - 1].rstrip() + "…"
            k = _label("infoKey", align=Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            k.setText(key)
            v = _label("infoValue", wrap=True)
            v.setText(value)
            self.info.addWidget(k, row, 0)
            self.info.addWidget(v, row, 1)


class StateCard(QFrame):
    """No ticket / paused / closed: a title, a line, a hint, maybe one big button."""

    def __init__(self, title_name: str, button_action: str | None, vm: CounterViewModel) -> None:
        super().__init__(objectName="card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 18, 28, 18)
        center = Qt.AlignmentFlag.AlignCenter
        self.title = _label(title_name, wrap=True, align=center)
        self.line = _label("pausedText", wrap=True, align=center)
        self.hint = _label("emptyHint", wrap=True, align=center)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.line)
        layout.addSpacing(10)
        layout.addWidget(self.hint)
        self.button: QPushButton | None = None
        if button_action is not None:
            self.button = QPushButton(objectName="big", focusPolicy=Qt.FocusPolicy.NoFocus)
            self.button.clicked.connect(lambda: vm.trigger(button_action))
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self.button)
            row.addStretch(1)
            layout.addSpacing(14)
            layout.addLayout(row)
        layout.addStretch(1)

    def set_texts(self, title: str, text: str, hint: str, button: str = "") -> None:
        self.title.setText(title)
        self.line.setText(text)
        self.line.setVisible(bool(text))
        self.hint.setText(hint)
        if self.button is not None:
            self.button.setText(button)


def with_key(label: str, key: str) -> str:
    return f"{label} ({key})" if key else label


class TicketArea:
    """Builds the four state pages and shows the right one (the work page owns the stack)."""

    def __init__(self, vm: CounterViewModel) -> None:
        self.vm = vm
        self.card = TicketCard()
        self.empty = StateCard("empty", None, vm)
        self.paused = StateCard("pausedTitle", "resume", vm)
        self.closed = StateCard("closedTitle", "open", vm)

    def pages(self) -> list[QWidget]:
        return [self.card, self.empty, self.paused, self.closed]

    def current(self) -> QWidget:
        vm = self.vm
        if vm.status == "closed":
            self.closed.set_texts(vm.text("closed_title"), "", vm.text("closed_hint"),
                                  with_key(vm.text("action_open"), vm.key_hint("open")))
            return self.closed
        if vm.status == "paused":
            self.paused.set_texts(vm.text("paused_title"), vm.pause_text(),
                                  vm.text("paused_hint", key=vm.key_hint("pause")),
                                  with_key(vm.text("action_resume"), vm.key_hint("pause")))
            return self.paused
        card = vm.ticket_card()
        if card is None:
            self.empty.set_texts(vm.text("no_ticket"), "",
                                 vm.text("no_ticket_hint", key=vm.key_hint("call_next")))
            return self.empty
        self.card.show_ticket(card)
        return self.card
