"""One counter's window: the sign-in page or the work page, and a footer with the last message
and the link to the master. Keys go through the key map's shortcuts to the view-model."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QStackedWidget,
                               QVBoxLayout, QWidget)

from ..viewmodels.counter_vm import CounterViewModel
from .keys import install_shortcuts, key_name
from .login_page import LoginPage
from .style import repolish, scale_for, stylesheet
from .work_page import WorkPage

ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin}


class CounterWindow(QWidget):
    def __init__(self, vm: CounterViewModel) -> None:
        super().__init__()
        self.vm = vm
        self._scale = 0.0
        self.pages = QStackedWidget(objectName="pages")
        self.login = LoginPage(vm)
        self.work = WorkPage(vm)
        self.pages.addWidget(self.login)
        self.pages.addWidget(self.work)

        footer = QFrame(objectName="footer")
        row = QHBoxLayout(footer)
        row.setContentsMargins(18, 6, 18, 6)
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)
        self.connection = QLabel(objectName="connection")
        row.addWidget(self.message, 1)
        row.addWidget(self.connection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.pages, 1)
        layout.addWidget(footer)

        self.shortcuts = install_shortcuts(self, vm.keymap, self.on_key)
        vm.changed.connect(self.sync)
        vm.messageChanged.connect(self.show_message)
        vm.connectionChanged.connect(self.show_connection)
        vm.langChanged.connect(self.retranslate)
        QApplication.instance().installEventFilter(self)
        self.retranslate()
        self.resize(1366, 768)

    # -- input -----------------------------------------------------------------------------------
    def on_key(self, name: str) -> None:
        if not self.vm.handle_key(name):
            page = self.pages.currentWidget()
            if hasattr(page, "key"):
                page.key(name)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        """Keys no widget took and no shortcut claimed (e.g. an unmapped keypad 0 for the PIN)."""
        self.on_key(key_name(event))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        """Any touch, click or key in this window counts as activity (the idle sign-out)."""
        if event.type() in ACTIVITY and isinstance(obj, QWidget) and obj.window() is self:
            self.vm.note_activity()
        return False

    # -- rendering -------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.vm.text("app_title"))
        self.sync()
        self.show_message()
        self.show_connection()

    def sync(self) -> None:
        page = self.work if self.vm.phase == "work" else self.login
        if self.pages.currentWidget() is not page:
            self.pages.setCurrentWidget(page)
            page.setFocus()
        self.show_message()

    def show_message(self) -> None:
        vm = self.vm
        if vm.idle_left is not None:
            text, level = vm.text("idle_warning", seconds=vm.idle_left), "warn"
        else:
            text, level = vm.message, vm.message_level
        self.message.setText(text)
        repolish(self.message, level=level)

    def show_connection(self) -> None:
        ok = self.vm.connection is None or getattr(self.vm.connection, "connected", False)
        self.connection.setText(self.vm.connection_text())
        repolish(self.connection, ok="true" if ok or self.vm.client is None else "false")

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        scale = round(scale_for(self.width(), self.height()), 3)
        if scale != self._scale:
            self._scale = scale
            self.setStyleSheet(stylesheet(scale))
        super().resizeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt)
        QApplication.instance().removeEventFilter(self)
        self.vm.shutdown()
        super().closeEvent(event)
