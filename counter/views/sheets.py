"""Sheets: choosers that take the ticket area for one decision (transfer to which service,
which services were done, why pause, which ticket to call). Mouse, touch, keyboard or keypad:
↑/↓ (keypad 8/2) choose, Enter confirms, Esc (keypad −) cancels; typing filters."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout)

from ..viewmodels.choices import Choice
from ..viewmodels.counter_vm import CounterViewModel
from .keys import KeypadCommands, digit_of

ID_ROLE = Qt.ItemDataRole.UserRole
MOVE_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


class Sheet(QFrame):
    title_key = ""
    filter_key = ""  # placeholder of the filter line (no filter line when empty)
    empty_key = ""  # what an empty list says

    def __init__(self, vm: CounterViewModel) -> None:
        super().__init__(objectName="sheet")
        self.vm = vm
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        self.title = QLabel(objectName="sheetTitle", wordWrap=True)
        self.hint = QLabel(objectName="small", wordWrap=True)
        self.filter = QLineEdit() if self.filter_key else None
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus if self.filter else Qt.FocusPolicy.StrongFocus)
        self.list.itemDoubleClicked.connect(lambda _item: self.confirm())
        self.empty = QLabel(objectName="emptyHint", wordWrap=True)
        self.keys = QLabel(objectName="small")
        self.cancel = QPushButton(focusPolicy=Qt.FocusPolicy.NoFocus)
        self.ok = QPushButton(objectName="big", focusPolicy=Qt.FocusPolicy.NoFocus)
        self.cancel.clicked.connect(vm.close_sheet)
        self.ok.clicked.connect(self.confirm)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        if self.filter is not None:
            self._keypad = KeypadCommands(self)
            self.filter.installEventFilter(self._keypad)
            self.filter.textChanged.connect(self.apply_filter)
            self.filter.returnPressed.connect(self.confirm)
            layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keys, 1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.ok)
        layout.addLayout(buttons)

    # -- subclasses ------------------------------------------------------------------------------
    def choices(self) -> list[Choice]:
        raise NotImplementedError

    def title_text(self) -> str:
        return self.vm.text(self.title_key, number=(self.vm.ticket or {}).get("number", ""))

    def hint_text(self) -> str:
        return ""

    def submit(self, item: QListWidgetItem | None) -> None:
        raise NotImplementedError

    def checkable(self) -> bool:
        return False

    # -- shared behaviour ------------------------------------------------------------------------
    def refresh(self) -> None:
        vm = self.vm
        self.title.setText(self.title_text())
        self.hint.setText(self.hint_text())
        self.hint.setVisible(bool(self.hint_text()))
        self.cancel.setText(vm.text("action_cancel"))
        self.ok.setText(vm.text("action_confirm"))
        keys = "sheet_keys_tick" if self.checkable() else "sheet_keys"
        self.keys.setText(vm.text(keys, confirm=vm.text("action_confirm"),
                                  cancel=vm.text("action_cancel")))
        selected = self.selected_id()
        self.list.clear()
        for choice in self.choices():
            text = f"{choice.label}   —   {choice.detail}" if choice.detail else choice.label
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, choice.id)
            if self.checkable():
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if choice.checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.empty.setText(vm.text(self.empty_key) if self.empty_key else "")
        self.empty.setVisible(self.list.count() == 0 and bool(self.empty_key))
        if self.filter is not None:
            self.filter.setPlaceholderText(vm.text(self.filter_key))
            self.apply_filter(self.filter.text())
        self.select(selected)

    def opened(self) -> None:
        if self.filter is not None:
            self.filter.clear()
        self.refresh()
        self.select(None)
        (self.filter or self.list).setFocus()

    def selected_id(self):
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None and not item.isHidden() else None

    def select(self, wanted) -> None:
        rows = [i for i in range(self.list.count()) if not self.list.item(i).isHidden()]
        pick = next((i for i in rows if self.list.item(i).data(ID_ROLE) == wanted), None)
        if pick is None and rows:
            pick = rows[0]
        self.list.setCurrentRow(-1 if pick is None else pick)

    def apply_filter(self, text: str) -> None:
        words = text.lower().split()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(not all(w in item.text().lower() for w in words))
        if self.selected_id() is None:
            self.select(None)

    def move(self, step: int) -> None:
        rows = [i for i in range(self.list.count()) if not self.list.item(i).isHidden()]
        if not rows:
            return
        current = self.list.currentRow()
        index = rows.index(current) if current in rows else -1
        self.list.setCurrentRow(rows[max(0, min(len(rows) - 1, index + step))])

    def toggle(self) -> None:
        item = self.list.currentItem()
        if self.checkable() and item is not None:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def confirm(self) -> None:
        item = self.list.currentItem()
        self.submit(item if item is not None and not item.isHidden() else None)

    def key(self, name: str) -> None:
        """A mapped key the view-model left to the sheet: keypad 8/2 move, 5/0 tick."""
        digit = digit_of(name)
        if digit in (8, 2):
            self.move(-1 if digit == 8 else 1)
        elif digit in (5, 0):
            self.toggle()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.key() in MOVE_KEYS:
            page = max(1, self.list.height() // max(1, self.list.sizeHintForRow(0)) - 1)
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -page,
                    Qt.Key.Key_PageDown: page}[event.key()]
            self.move(step)
        elif event.key() == Qt.Key.Key_Space and self.checkable():
            self.toggle()
        else:
            super().keyPressEvent(event)


class TransferSheet(Sheet):
    title_key, filter_key = "sheet_transfer", "transfer_filter"

    def choices(self) -> list[Choice]:
        return self.vm.transfer_choices()

    def hint_text(self) -> str:
        return self.vm.text("transfer_hint")

    def submit(self, item) -> None:
        self.vm.transfer(item.data(ID_ROLE) if item is not None else None)


class FinishSheet(Sheet):
    title_key = "sheet_finish"

    def checkable(self) -> bool:
        return True

    def choices(self) -> list[Choice]:
        return self.vm.finish_choices()

    def submit(self, item) -> None:
        done = [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]
        self.vm.finish(done)


class PauseSheet(Sheet):
    title_key = "sheet_pause"

    def choices(self) -> list[Choice]:
        return self.vm.pause_choices()

    def submit(self, item) -> None:
        self.vm.pause(item.data(ID_ROLE) if item is not None else "istirahat")


def number_matches(typed: str, number: str) -> bool:
    """``a12``, ``A012`` and ``A0`` all match ``A012`` (zero padding is optional)."""
    typed, number = typed.strip().upper(), number.upper()
    if not typed or number.startswith(typed):
        return True
    prefix = typed.rstrip("0123456789")
    digits = typed[len(prefix):].lstrip("0")
    own_prefix = number.rstrip("0123456789")
    return prefix == own_prefix and number[len(own_prefix):].lstrip("0").startswith(digits)


class CallSheet(Sheet):
    title_key, filter_key, empty_key = "sheet_call", "call_entry", "call_none"

    def choices(self) -> list[Choice]:
        return self.vm.call_choices()

    def apply_filter(self, text: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            number = item.text().split(" ", 1)[0]
            item.setHidden(not number_matches(text, number))
        if self.selected_id() is None:
            self.select(None)

    def submit(self, item) -> None:
        typed = self.filter.text().strip() if self.filter is not None else ""
        if item is not None:
            self.vm.call_ticket(ticket_id=item.data(ID_ROLE))
        else:
            self.vm.call_ticket(number=typed)
