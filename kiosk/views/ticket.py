"""Issuing in progress, and the ticket: printed (take it) or not printed (the number and the QR
large on screen, for a photo)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from ..viewmodels.issuer import Phase
from ..viewmodels.kiosk import KioskViewModel, Screen
from .qr import qr_pixmap
from .style import Metrics
from .widgets import button, label, set_role

CENTER = Qt.AlignmentFlag.AlignCenter


class IssuingScreen(QWidget):
    def __init__(self, vm: KioskViewModel) -> None:
        super().__init__()
        self.setObjectName("IssuingScreen")
        box = QVBoxLayout(self)
        self.title = label("", "title", align=CENTER, name="IssuingTitle")
        self.phase = label("", "heading", align=CENTER, name="IssuingPhase")
        self.link = label("", "muted", align=CENTER, name="IssuingLink")
        box.addStretch(1)
        for w in (self.title, self.phase, self.link):
            box.addWidget(w)
        box.addStretch(1)

    def render(self, vm: KioskViewModel, m: Metrics) -> None:
        self.layout().setSpacing(m.gap * 2)
        self.title.setText(vm.t("issuing"))
        phase = {Phase.CHECKING: "checking_printer", Phase.PRINTING: "printing"}.get(vm.phase)
        self.phase.setText(vm.t(phase) if phase else "")
        text, ok = vm.link_text()
        self.link.setText("" if ok else vm.t("master_retrying"))


class TicketScreen(QWidget):
    def __init__(self, vm: KioskViewModel) -> None:
        super().__init__()
        self.setObjectName("TicketScreen")
        outer = QVBoxLayout(self)
        self.banner = label("", "banner-ok", align=CENTER, name="TicketBanner")
        outer.addWidget(self.banner)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        outer.addLayout(self.body, 1)
        left = QVBoxLayout()
        self.caption = label("", "heading", align=CENTER)
        self.number = label("", "number", wrap=False, align=CENTER, name="TicketNumber")
        self.service = label("", "heading", align=CENTER, name="TicketService")
        self.priority = label("", "priority", wrap=False, align=CENTER, name="TicketPriority")
        self.ahead = label("", align=CENTER, name="TicketAhead")
        self.eta = label("", align=CENTER, name="TicketEta")
        self.note = label("", "muted", align=CENTER, name="TicketNote")
        left.addStretch(1)
        for w in (self.caption, self.number, self.service):
            left.addWidget(w)
        left.addWidget(self.priority, 0, CENTER)
        for w in (self.ahead, self.eta, self.note):
            left.addWidget(w)
        left.addStretch(1)
        self.body.addLayout(left, 3)
        right = QVBoxLayout()
        self.qr = label("", wrap=False, align=CENTER, name="TicketQr")
        self.qr_caption = label("", "small", align=CENTER)
        right.addStretch(1)
        right.addWidget(self.qr)
        right.addWidget(self.qr_caption)
        right.addStretch(1)
        self.body.addLayout(right, 2)
        row = QHBoxLayout()
        self.reprint = button("", vm.reprint, name="ReprintButton")
        self.done = button("", vm.home, "primary", "DoneButton")
        row.addStretch(1)
        row.addWidget(self.reprint, 3)
        row.addWidget(self.done, 3)
        row.addStretch(1)
        outer.addLayout(row)
        self._qr_key: object = None

    def render(self, vm: KioskViewModel, m: Metrics) -> None:
        t = vm.ticket
        if t is None:
            return
        failed = vm.screen is Screen.PRINT_FAILED
        self.layout().setContentsMargins(m.pad, m.pad, m.pad, m.pad)
        self.layout().setSpacing(m.gap // 2)
        landscape = self.width() >= self.height()
        self.body.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                               else QBoxLayout.Direction.TopToBottom)
        if failed:
            set_role(self.banner, "banner-warn")
            self.banner.setText(f"{vm.t('print_failed_title')}: {vm.fault_text()}")
            self.note.setText(vm.t("print_failed_body"))
        else:
            set_role(self.banner, "banner-ok")
            self.banner.setText(vm.t("take_your_ticket"))
            self.note.setText("")
        self.note.setVisible(failed)
        self.caption.setText(vm.t("your_number"))
        self.number.setText(t.number)
        self.service.setText(f"{t.service_name} · {t.agency_name}")
        label_text = vm.priority_label(t.priority)
        self.priority.setText(vm.t("priority_marker", label=label_text) if label_text else "")
        self.priority.setVisible(bool(label_text))
        self.ahead.setText(vm.t("ahead", n=t.ahead))
        self.eta.setText(vm.t("eta", m=t.minutes) if t.minutes else vm.t("eta_now"))
        self.eta.setVisible(t.minutes is not None)
        side = m.px(420 if failed else 300, 150)
        if not landscape:
            side = min(side, max(150, self.height() // 4))
        key = (t.status_url, side)
        if key != self._qr_key:
            self.qr.setPixmap(qr_pixmap(t.status_url, side) if t.status_url else QPixmap())
            self._qr_key = key
        self.qr.setVisible(bool(t.status_url))
        self.qr_caption.setText(vm.t("scan_qr") if t.status_url else "")
        self.reprint.setText(vm.t("reprint"))
        self.reprint.setVisible(failed)
        self.reprint.setEnabled(not vm.issuer.busy)
        self.done.setText(vm.t("done"))
