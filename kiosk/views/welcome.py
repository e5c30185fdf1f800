"""The welcome screen and the message screens (printer fault, master unreachable, refused,
check-in refused)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ..viewmodels.kiosk import KioskViewModel, Screen
from .style import Metrics
from .widgets import button, label, set_role

CENTER = Qt.AlignmentFlag.AlignCenter


class WelcomeScreen(QWidget):
    def __init__(self, vm: KioskViewModel) -> None:
        super().__init__()
        self.setObjectName("WelcomeScreen")
        box = QVBoxLayout(self)
        self.hello = label("", "heading", align=CENTER)
        self.site = label("", "title", align=CENTER, name="SiteName")
        self.hint = label("", "muted", align=CENTER)
        self.start = button("", vm.start, "primary", "StartButton")
        self.checkin = button("", vm.open_checkin, name="CheckinButton")
        self.loading = label("", "muted", align=CENTER, name="Loading")
        self.banner = label("", "banner-warn", align=CENTER, name="PrinterBanner")
        box.addStretch(2)
        for w in (self.hello, self.site, self.hint):
            box.addWidget(w)
        box.addStretch(1)
        for w in (self.start, self.checkin):
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(w, 4)
            row.addStretch(1)
            box.addLayout(row)
        box.addWidget(self.loading)
        box.addStretch(1)
        box.addWidget(self.banner)
        box.addStretch(1)

    def render(self, vm: KioskViewModel, m: Metrics) -> None:
        self.layout().setContentsMargins(m.pad * 2, m.pad, m.pad * 2, m.pad)
        self.layout().setSpacing(m.gap)
        catalog = vm.catalog
        self.hello.setText(vm.t("welcome_title"))
        self.site.setText(catalog.site_name if catalog else "")
        self.hint.setText(vm.t("welcome_hint"))
        self.start.setText(vm.t("start"))
        self.start.setEnabled(catalog is not None)
        self.start.setStyleSheet(f"min-height: {int(m.button_h * 1.7)}px;"
                                 f"font-size: {m.title}px;")
        self.checkin.setText(vm.t("checkin"))
        self.loading.setVisible(catalog is None)
        self.loading.setText(vm.t("loading") if vm.feed.error is None
                             else vm.link_text()[0])
        text, ok = vm.printer_text()
        self.banner.setVisible(vm.monitor.fault is not None)
        self.banner.setText(text)


class MessageScreen(QWidget):
    """Title, explanation and one or two buttons, filled in from the view-model's state."""

    def __init__(self, vm: KioskViewModel) -> None:
        super().__init__()
        self.setObjectName("MessageScreen")
        self.vm = vm
        box = QVBoxLayout(self)
        self.glyph = label("!", "title", align=CENTER, name="Glyph")
        self.title = label("", "title", align=CENTER, name="MessageTitle")
        self.body = label("", "heading", align=CENTER, name="MessageBody")
        self.detail = label("", "muted", align=CENTER, name="MessageDetail")
        self.primary = button("", self._primary, "primary", "MessagePrimary")
        self.secondary = button("", vm.back, name="MessageSecondary")
        box.addStretch(1)
        for w in (self.glyph, self.title, self.body, self.detail):
            box.addWidget(w)
        box.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.secondary, 3)
        row.addWidget(self.primary, 4)
        row.addStretch(1)
        box.addLayout(row)

    def _primary(self) -> None:
        self.vm.retry()

    def render(self, vm: KioskViewModel, m: Metrics) -> None:
        self.layout().setContentsMargins(m.pad * 2, m.pad, m.pad * 2, m.pad * 2)
        self.layout().setSpacing(m.gap)
        side = m.px(140, 70)
        self.glyph.setFixedHeight(side)
        calm = vm.screen is Screen.CHECKIN_FAILED  # the visitor did nothing wrong: no red
        color = "#0B4F9C" if calm else "#A4161A"
        self.glyph.setStyleSheet(f"font-size: {int(side * 0.7)}px; color: white;"
                                 f"background: {color}; border-radius: {side // 2}px;"
                                 f"min-width: {side}px; max-width: {side}px;")
        self.layout().setAlignment(self.glyph, CENTER)
        s = vm.screen
        retry = s in (Screen.PRINTER_FAULT, Screen.ISSUE_FAILED, Screen.CHECKIN_FAILED)
        self.glyph.setText("i" if calm else "!")
        self.primary.setVisible(retry)
        self.primary.setText(vm.t("try_again"))
        self.primary.setEnabled(not vm.issuer.busy)
        self.secondary.setText(vm.t("back") if calm else vm.t("cancel"))
        if s is Screen.PRINTER_FAULT:
            title, body, detail = vm.t("printer_fault_title"), vm.fault_text(), vm.t("no_ticket_made")
        elif s is Screen.ISSUE_FAILED:
            title, body = vm.t("issue_failed_title"), vm.t("issue_failed_body")
            link, ok = vm.link_text()
            detail = vm.t("master_retrying") if ok or vm.issuer.busy else link
        elif s is Screen.REJECTED:
            code, message = vm.rejection
            title = vm.t("rejected_title")
            body = vm.t("device_rejected") if code in ("invalid_token", "missing_token",
                                                       "wrong_role") else message
            detail = vm.t("no_ticket_made")
            self.secondary.setText(vm.t("back"))
        else:  # CHECKIN_FAILED: the master's reason, in its words (Indonesian)
            code, message = vm.rejection
            title = vm.t("checkin_failed_title")
            body = vm.t("device_rejected") if code in ("invalid_token", "missing_token",
                                                       "wrong_role") else message
            detail = "\n".join((vm.t("checkin_code", code=vm.code_display()),
                                vm.t("checkin_help")))
        self.title.setText(title)
        self.body.setText(body)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        set_role(self.body, "heading")
