"""The kiosk window: a header (site name, language switch, home), one screen at a time, and a
status bar (connection to the master, printer). It renders the view-model on every change and
tells it about every touch (the inactivity timer)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QStackedWidget, QVBoxLayout, QWidget

from ..viewmodels.kiosk import KioskViewModel, Screen
from .checkin import CheckinScreen
from .info import InfoScreen, PriorityScreen
from .lists import AgenciesScreen, ServicesScreen
from .style import metrics_for, stylesheet
from .ticket import IssuingScreen, TicketScreen
from .welcome import MessageScreen, WelcomeScreen
from .widgets import ElidedLabel, button

TOUCHES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress)


class KioskWindow(QWidget):
    def __init__(self, vm: KioskViewModel) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle("Antrean – Kios")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.vm = vm
        self.metrics = metrics_for(1920, 1080)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # the screen is the size
        self.header = QWidget(objectName="Header")
        self.header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        top = QHBoxLayout(self.header)
        self.site = ElidedLabel(name="HeaderSite")
        self.lang = button("", vm.toggle_lang, "header", "LangButton")
        self.home = button("", vm.home, "header", "HomeButton")
        top.addWidget(self.site, 1)
        top.addWidget(self.lang)
        top.addWidget(self.home)
        box.addWidget(self.header)
        self.stack = QStackedWidget()
        box.addWidget(self.stack, 1)
        message = MessageScreen(vm)
        ticket = TicketScreen(vm)
        self.screens: dict[Screen, QWidget] = {
            Screen.WELCOME: WelcomeScreen(vm), Screen.AGENCIES: AgenciesScreen(vm),
            Screen.SERVICES: ServicesScreen(vm), Screen.INFO: InfoScreen(vm),
            Screen.PRIORITY: PriorityScreen(vm), Screen.ISSUING: IssuingScreen(vm),
            Screen.TICKET: ticket, Screen.PRINT_FAILED: ticket,
            Screen.PRINTER_FAULT: message, Screen.ISSUE_FAILED: message,
            Screen.REJECTED: message, Screen.CHECKIN: CheckinScreen(vm),
            Screen.CHECKIN_FAILED: message}
        for widget in dict.fromkeys(self.screens.values()):
            self.stack.addWidget(widget)
        self.footer = QWidget(objectName="Footer")
        self.footer.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bottom = QHBoxLayout(self.footer)
        self.link = ElidedLabel(name="LinkStatus")
        self.printer = ElidedLabel(name="PrinterStatus")
        bottom.addWidget(self.link, 1)
        self.printer.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bottom.addWidget(self.printer, 1)
        box.addWidget(self.footer)
        self.setStyleSheet(stylesheet(self.metrics))
        vm.changed.connect(self.render)
        self.render()

    @property
    def current(self) -> QWidget:
        return self.screens[self.vm.screen]

    def render(self) -> None:
        vm, m = self.vm, self.metrics
        self.header.layout().setContentsMargins(m.pad, m.pad // 3, m.pad, m.pad // 3)
        self.footer.layout().setContentsMargins(m.pad, m.pad // 4, m.pad, m.pad // 4)
        self.site.setText(vm.catalog.site_name if vm.catalog else "Antrean")
        self.lang.setText(vm.t("lang_other"))
        self.home.setText(vm.t("home"))
        self.home.setVisible(vm.screen not in (Screen.WELCOME, Screen.ISSUING))
        self.lang.setVisible(vm.screen is not Screen.ISSUING)
        for lab, (text, ok) in ((self.link, vm.link_text()), (self.printer, vm.printer_text())):
            lab.setText(("● " if ok else "▲ ") + text)
            if lab.property("bad") != (not ok):
                lab.setProperty("bad", not ok)
                lab.style().unpolish(lab)
                lab.style().polish(lab)
        widget = self.current
        if self.stack.currentWidget() is not widget:
            self.stack.setCurrentWidget(widget)
        widget.render(vm, m)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        m = metrics_for(self.width(), self.height())
        if m != self.metrics:
            self.metrics = m
            self.setStyleSheet(stylesheet(m))
        self.render()

    def keyPressEvent(self, event) -> None:
        """A physical keyboard or a barcode/QR scanner (a keyboard that types the code and
        Enter) on the check-in screens. Buttons take no focus, so keys arrive here."""
        vm, key = self.vm, event.key()
        if vm.screen in (Screen.CHECKIN, Screen.CHECKIN_FAILED):
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                vm.submit_checkin()
            elif key == Qt.Key.Key_Backspace:
                vm.backspace()
            elif key == Qt.Key.Key_Escape:
                vm.back()
            elif event.text():
                vm.type_text(event.text())
            else:
                super().keyPressEvent(event)
            return
        super().keyPressEvent(event)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in TOUCHES:
            self.vm.touch()
        return False
