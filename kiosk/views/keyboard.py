"""The on-screen keyboard for the service search (a kiosk has no physical one): letters,
digits, space, delete, clear and hide. Keys forward to the view-model's slots."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ..viewmodels.kiosk import KioskViewModel
from .widgets import button

ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")


class OnScreenKeyboard(QWidget):
    def __init__(self, vm: KioskViewModel) -> None:
        super().__init__()
        self.setObjectName("Keyboard")
        self.vm = vm
        self.keys: dict[str, object] = {}
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.rows: list[QHBoxLayout] = []
        for chars in ROWS:
            row = QHBoxLayout()
            row.addStretch(1)
            for ch in chars:
                key = button(ch, lambda ch=ch: vm.type_text(ch.lower()), "key", f"Key_{ch}")
                self.keys[ch] = key
                row.addWidget(key, 2)
            row.addStretch(1)
            box.addLayout(row)
            self.rows.append(row)
        last = QHBoxLayout()
        self.space = button("", lambda: vm.type_text(" "), "key", "KeySpace")
        self.delete = button("", vm.backspace, "key", "KeyDelete")
        self.clear = button("", vm.clear_query, "key", "KeyClear")
        self.hide_btn = button("", lambda: vm.set_keyboard(False), "key", "KeyHide")
        last.addWidget(self.clear, 3)
        last.addWidget(self.space, 5)
        last.addWidget(self.delete, 3)
        last.addWidget(self.hide_btn, 3)
        box.addLayout(last)
        self.rows.append(last)

    def render(self, vm: KioskViewModel, spacing: int) -> None:
        self.space.setText(vm.t("kb_space"))
        self.delete.setText("⌫ " + vm.t("kb_delete"))
        self.clear.setText(vm.t("kb_clear"))
        self.hide_btn.setText("▼ " + vm.t("kb_close"))
        self.layout().setSpacing(spacing)
        for row in self.rows:
            row.setSpacing(spacing)
