"""Service information (the six published service-standard fields) and the priority choice."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QScrollArea, QScroller,
                               QVBoxLayout, QWidget)

from ..viewmodels.catalog import Service
from ..viewmodels.kiosk import KioskViewModel
from .style import Metrics
from .widgets import button, label, set_role

FIELDS = ("requirements", "procedure", "completion_time", "cost", "product", "complaints")


def _field_text(vm: KioskViewModel, s: Service, key: str) -> str:
    value = getattr(s, key)
    if isinstance(value, tuple):
        marks = [f"{i}." for i in range(1, len(value) + 1)] if key == "procedure" else ["•"] * len(value)
        return "\n".join(f"{m} {v}" for m, v in zip(marks, value)) or vm.t("ask_officer")
    return value or vm.t("ask_officer")


class InfoScreen(QWidget):
    def __init__(self, vm: KioskViewModel) -> None:
        super().__init__()
        self.setObjectName("InfoScreen")
        box = QVBoxLayout(self)
        self.title = label("", "title", name="ServiceTitle")
        self.agency = label("", "muted", name="ServiceAgency")
        self.state = label("", "banner-ok", name="Availability")
        box.addWidget(self.title)
        box.addWidget(self.agency)
        box.addWidget(self.state)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.scroll.viewport(),
                              QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        body = QWidget()
        body.setObjectName("ScrollBody")
        self.fields = QHBoxLayout(body)
        self.fields.setContentsMargins(0, 0, 0, 0)
        self.columns = (QVBoxLayout(), QVBoxLayout())
        for column in self.columns:
            self.fields.addLayout(column, 1)
        self.cards: dict[str, tuple[QFrame, object, object]] = {}
        for key in FIELDS:
            card = QFrame()
            card.setProperty("role", "card")
            inner = QVBoxLayout(card)
            head, text = label("", "heading"), label("", name=f"Field_{key}")
            inner.addWidget(head)
            if key == "requirements":
                self.reminder = label("", "small", name="BringDocuments")
                inner.addWidget(self.reminder)
            inner.addWidget(text)
            self.cards[key] = (card, head, text)
        self.scroll.setWidget(body)
        box.addWidget(self.scroll, 1)
        row = QHBoxLayout()
        self.back = button("", vm.back, name="BackButton")
        self.take = button("", vm.take_ticket, "primary", "TakeTicketButton")
        row.addWidget(self.back, 2)
        row.addWidget(self.take, 5)
        box.addLayout(row)
        self._wide: bool | None = None

    def render(self, vm: KioskViewModel, m: Metrics) -> None:
        s = vm.service()
        if s is None:
            return
        self.layout().setContentsMargins(m.pad, m.pad, m.pad, m.pad)
        self.layout().setSpacing(m.gap)
        agency = vm.agency() or (vm.catalog.agency(s.agency_id) if vm.catalog else None)
        self.title.setText(s.name)
        self.agency.setText(agency.name if agency else "")
        hours = vm.t("hours", hours=s.hours_text(vm.lang)) if s.hours_text(vm.lang) else ""
        if s.issuable:
            text = " · ".join(x for x in (vm.t("open"), vm.t("waiting", n=s.waiting)) if x)
            set_role(self.state, "banner-ok")
        else:
            why = s.why_closed(vm.lang)
            if not why.lower().startswith(vm.t("closed").lower()):
                why = f"{vm.t('closed')}: {why}" if why else vm.t("closed")
            text = " · ".join(x for x in (why,
                                          vm.opens_again(s.next_opening), hours) if x)
            set_role(self.state, "banner-closed")
        self.state.setText(text)
        self._arrange(self.width() > self.height() * 1.2, m)
        for key, (card, head, text_label) in self.cards.items():
            card.layout().setContentsMargins(m.pad, m.pad // 2, m.pad, m.pad // 2)
            head.setText(vm.t(key))
            text_label.setText(_field_text(vm, s, key))
        self.reminder.setText(vm.t("bring_documents"))
        self.back.setText("‹ " + vm.t("back"))
        self.take.setText(vm.t("take_ticket") if s.issuable else vm.t("cannot_take"))
        self.take.setEnabled(s.issuable)
        self.scroll.verticalScrollBar().setValue(0)

    def _arrange(self, wide: bool, m: Metrics) -> None:
        """Wide screens: requirements and procedure left, the four short fields right."""
        self.fields.setSpacing(m.gap)
        for column in self.columns:
            column.setSpacing(m.gap)
        if wide == self._wide:
            return
        self._wide = wide
        for column in self.columns:
            while column.count():
                column.takeAt(0)
        for i, key in enumerate(FIELDS):
            self.columns[1 if (wide and i >= 2) else 0].addWidget(self.cards[key][0])
            self.cards[key][0].show()
        for column in self.columns:
            column.addStretch(1)
        self.fields.setStretch(1, 1 if wide else 0)


class PriorityScreen(QWidget):
    def __init__(self, vm: KioskViewModel) -> None:
        super().__init__()
        self.setObjectName("PriorityScreen")
        self.vm = vm
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back = button("", vm.back, name="BackButton")
        self.title = label("", "title", name="ScreenTitle")
        top.addWidget(self.back)
        top.addWidget(self.title, 1)
        box.addLayout(top)
        self.rule = label("", "heading", name="CallingRule")
        box.addWidget(self.rule)
        self.grid = QGridLayout()
        box.addLayout(self.grid, 1)
        self.none = button("", lambda: vm.choose_priority(None), "primary", "Priority_none")
        box.addWidget(self.none)
        self.note = label("", "muted", name="PriorityNote")
        box.addWidget(self.note)
        self.buttons: list = []
        self._built: object = None

    def render(self, vm: KioskViewModel, m: Metrics) -> None:
        self.layout().setContentsMargins(m.pad, m.pad, m.pad, m.pad)
        self.layout().setSpacing(m.gap)
        self.grid.setSpacing(m.gap)
        self.back.setText("‹ " + vm.t("back"))
        self.title.setText(vm.t("priority_title"))
        rule = vm.catalog.rule_text(vm.lang) if vm.catalog else ""
        self.rule.setText(vm.t("priority_rule", rule=rule) if rule else "")
        self.none.setText(vm.t("priority_none"))
        self.note.setText(vm.t("priority_note"))
        classes = vm.catalog.priority_classes if vm.catalog else []
        cols = 3 if self.width() > self.height() else 2
        key = (vm.lang, tuple(classes), cols)
        if key == self._built:
            return
        self._built = key
        for b in self.buttons:
            self.grid.removeWidget(b)
            b.hide()
            b.deleteLater()
        self.buttons = []
        for i, (pid, label_id, label_en) in enumerate(classes):
            b = button(label_en if vm.lang == "en" else label_id,
                       lambda pid=pid: vm.choose_priority(pid), name=f"Priority_{pid}")
            self.grid.addWidget(b, i // cols, i % cols)
            b.show()
            self.buttons.append(b)
