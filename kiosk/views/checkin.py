"""Check-in of an online booking: the code large (typed on the on-screen keyboard, a physical
keyboard or a barcode/QR scanner that types it and Enter; the window forwards those keys), and
the "Check-in" button."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ..viewmodels.kiosk import KioskViewModel
from .keyboard import OnScreenKeyboard
from .style import Metrics
from .widgets import button, label

CENTER = Qt.AlignmentFlag.AlignCenter


class CheckinScreen(QWidget):
    def __init__(self, vm: KioskViewModel) -> None:
        super().__init__()
        self.setObjectName("CheckinScreen")
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back = button("", vm.back, name="BackButton")
        self.title = label("", "heading", name="ScreenTitle")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(self.back)
        top.addWidget(self.title, 1)
        box.addLayout(top)
        self.body = label("", "muted", align=CENTER, name="CheckinBody")
        box.addWidget(self.body)
        row = QHBoxLayout()
        # the field: a button, like the search field (a tap shows the keyboard again)
        self.field = button("", lambda: vm.set_keyboard(True), name="CodeField")
        self.field.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.submit = button("", vm.submit_checkin, "primary", "CheckinSubmit")
        row.addStretch(1)
        row.addWidget(self.field, 6)
        row.addWidget(self.submit, 3)
        row.addStretch(1)
        box.addLayout(row)
        self.hint = label("", "muted", align=CENTER, name="CheckinHint")
        box.addWidget(self.hint)
        box.addStretch(1)
        self.keyboard = OnScreenKeyboard(vm)
        box.addWidget(self.keyboard)

    def render(self, vm: KioskViewModel, m: Metrics) -> None:
        self.layout().setContentsMargins(m.pad, m.pad, m.pad, m.pad)
        self.layout().setSpacing(m.gap)
        self.back.setText("‹ " + vm.t("back"))
        self.title.setText(vm.t("checkin_title"))
        self.body.setText(vm.t("checkin_body"))
        self.field.setText(vm.code_display())
        self.field.setAccessibleName(vm.code)
        h = m.px(130, 64)
        self.field.setStyleSheet(
            f"min-height: {h}px; max-height: {h}px; font-size: {m.px(80, 36)}px;"
            f"font-family: 'DejaVu Sans Mono', monospace; letter-spacing: {m.px(6, 2)}px;"
            f"color: {'#0E1726' if vm.code else '#6B7686'}; border: 3px solid #0E1726;")
        self.submit.setText(vm.t("checkin_button"))
        self.submit.setStyleSheet(f"min-height: {h}px; max-height: {h}px;")
        self.submit.setEnabled(vm.code_complete and not vm.issuer.busy)
        self.hint.setText(vm.t("checkin_hint"))
        self.hint.setStyleSheet("color: #A4161A; font-weight: bold;" if vm.code_hint else "")
        self.keyboard.setVisible(vm.keyboard_visible)
        self.keyboard.render(vm, max(4, m.gap // 2))
