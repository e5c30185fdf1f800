"""Sign-in: counter, officer id, PIN (typed, or on the touch keypad), then open the counter."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from ..viewmodels.counter_vm import CounterViewModel
from .keys import digit_of


class LoginPage(QWidget):
    def __init__(self, vm: CounterViewModel) -> None:
        super().__init__()
        self.vm = vm
        box = QFrame(objectName="loginBox")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 6)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)

        self.site = QLabel(objectName="siteName")
        self.title = QLabel(objectName="loginTitle")
        self.counter_label, self.user_label, self.pin_label = QLabel(), QLabel(), QLabel()
        self.counter = QComboBox()
        self.counter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.counter.setMinimumContentsLength(16)
        self.counter.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keypad digits are for the PIN
        self.username = QLineEdit()
        self.pin = QLineEdit(echoMode=QLineEdit.EchoMode.Password, maxLength=32)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.submit = QPushButton(objectName="big", focusPolicy=Qt.FocusPolicy.NoFocus)
        self.takeover = QPushButton(objectName="big", focusPolicy=Qt.FocusPolicy.NoFocus)
        self.lang = QPushButton(objectName="link", focusPolicy=Qt.FocusPolicy.NoFocus)
        self.username.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.do_login)
        self.submit.clicked.connect(self.do_login)
        self.takeover.clicked.connect(vm.take_over)
        self.lang.clicked.connect(lambda: vm.set_lang("en" if vm.lang == "id" else "id"))

        form = QGridLayout()
        form.setVerticalSpacing(10)
        for r, (label, field) in enumerate([(self.counter_label, self.counter),
                                            (self.user_label, self.username),
                                            (self.pin_label, self.pin)]):
            form.addWidget(label, r, 0)
            form.addWidget(field, r, 1)
        form.setColumnStretch(1, 1)
        left = QVBoxLayout()
        left.addWidget(self.site)
        left.addWidget(self.title)
        left.addSpacing(8)
        left.addLayout(form)
        left.addSpacing(8)
        left.addWidget(self.submit)
        left.addWidget(self.takeover)
        left.addStretch(1)
        left.addWidget(self.lang, 0, Qt.AlignmentFlag.AlignLeft)

        pad = QGridLayout()
        pad.setSpacing(8)
        self.clear = QPushButton(objectName="pinKeyText", focusPolicy=Qt.FocusPolicy.NoFocus)
        self.clear.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.clear.clicked.connect(self.pin.clear)
        keys = [*"123456789"]
        for i, digit in enumerate(keys):
            pad.addWidget(self._pin_key(digit), i // 3, i % 3)
        pad.addWidget(self.clear, 3, 0)
        pad.addWidget(self._pin_key("0"), 3, 1)
        back = self._pin_key("⌫")
        back.clicked.disconnect()
        back.clicked.connect(self.pin.backspace)
        pad.addWidget(back, 3, 2)
        for column in range(3):
            pad.setColumnStretch(column, 1)  # equal keys whatever their label

        inner = QHBoxLayout(box)
        inner.setContentsMargins(28, 22, 28, 22)
        inner.setSpacing(32)
        inner.addLayout(left, 3)
        inner.addLayout(pad, 2)

        vm.catalogChanged.connect(self.fill_counters)
        vm.changed.connect(self.sync)
        vm.langChanged.connect(self.retranslate)
        self.retranslate()
        self.fill_counters()

    def _pin_key(self, text: str) -> QPushButton:
        button = QPushButton(text, objectName="pinKey", focusPolicy=Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        button.clicked.connect(lambda: self.pin.insert(text))
        return button

    # -- rendering -------------------------------------------------------------------------------
    def retranslate(self) -> None:
        vm = self.vm
        self.title.setText(vm.text("login_title"))
        self.counter_label.setText(vm.text("counter"))
        self.user_label.setText(vm.text("username"))
        self.pin_label.setText(vm.text("pin"))
        self.clear.setText(vm.text("clear"))
        self.takeover.setText(vm.text("take_over"))
        self.lang.setText(vm.text("lang_switch"))
        self.fill_counters()
        self.sync()

    def fill_counters(self) -> None:
        self.site.setText(self.vm.catalog.site_name)
        current = self.counter.currentData() or self.vm.preselected_counter()
        self.counter.blockSignals(True)
        self.counter.clear()
        for counter_id, label in self.vm.counter_choices():
            self.counter.addItem(label, counter_id)
        self.counter.setPlaceholderText(self.vm.text("no_counters"))
        index = self.counter.findData(current) if current is not None else -1
        self.counter.setCurrentIndex(max(index, 0) if self.counter.count() else -1)
        self.counter.blockSignals(False)

    def sync(self) -> None:
        vm = self.vm
        busy = vm.login_busy
        self.submit.setText(vm.text("signing_in") if busy else vm.text("sign_in"))
        self.submit.setEnabled(not busy and not vm.takeover_offered)
        self.takeover.setVisible(vm.takeover_offered)
        self.takeover.setEnabled(not busy)
        for field in (self.counter, self.username, self.pin):
            field.setEnabled(not busy and not vm.takeover_offered)
        if not busy and vm.phase == "login" and not vm.takeover_offered:
            self.pin.clear()  # never leave a PIN behind a failed or finished sign-in

    # -- input -----------------------------------------------------------------------------------
    def do_login(self) -> None:
        self.vm.login(self.username.text(), self.pin.text(), self.counter.currentData())

    def key(self, name: str) -> None:
        """A mapped key the view-model did not use: keypad digits go into the PIN, Enter signs in."""
        digit = digit_of(name)
        if digit is not None:
            self.pin.insert(str(digit))
        elif name in ("Return", "Enter", "Num+Enter"):
            self.do_login()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        (self.pin if self.username.text() else self.username).setFocus()
