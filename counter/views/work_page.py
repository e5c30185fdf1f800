"""The work screen: header (counter, officer, open/paused/closed), the ticket area (or a sheet),
the side panel, and one large button per action with its key."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QSizePolicy, QStackedWidget, QVBoxLayout, QWidget)

from ..viewmodels.counter_vm import CounterViewModel
from .sheets import CallSheet, FinishSheet, PauseSheet, Sheet, TransferSheet
from .side_panel import SidePanel
from .style import repolish
from .ticket_area import TicketArea

# (action, style role) in two rows of four
BUTTONS = [("call_next", "primary"), ("recall", ""), ("skip", "warn"), ("start", ""),
           ("finish", ""), ("transfer", ""), ("call_ticket", ""), ("pause", "pause")]


class WorkPage(QWidget):
    def __init__(self, vm: CounterViewModel) -> None:
        super().__init__()
        self.vm = vm
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # keys land here, not on a button

        header = QFrame(objectName="header")
        head = QHBoxLayout(header)
        head.setContentsMargins(24, 10, 24, 10)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.title = QLabel(objectName="headerTitle")
        self.subtitle = QLabel(objectName="headerSub")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        self.badge = QLabel(objectName="statusBadge")
        self.logout = QPushButton(focusPolicy=Qt.FocusPolicy.NoFocus)
        self.logout.clicked.connect(lambda: vm.trigger("logout"))
        head.addLayout(titles, 1)
        head.addWidget(self.badge)
        head.addSpacing(16)
        head.addWidget(self.logout)

        self.area = TicketArea(vm)
        self.sheets: dict[str, Sheet] = {"transfer": TransferSheet(vm), "finish": FinishSheet(vm),
                                         "pause": PauseSheet(vm), "call": CallSheet(vm)}
        self.stack = QStackedWidget()
        for page in [*self.area.pages(), *self.sheets.values()]:
            self.stack.addWidget(page)
        self.side = SidePanel(vm)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.stack, 3)
        body.addWidget(self.side, 2)

        grid = QGridLayout()
        grid.setSpacing(10)
        self.buttons: dict[str, QPushButton] = {}
        for i, (action, role) in enumerate(BUTTONS):
            button = QPushButton(objectName="action", focusPolicy=Qt.FocusPolicy.NoFocus)
            button.setProperty("role", role)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, a=action: vm.trigger(a))
            grid.addWidget(button, i // 4, i % 4)
            self.buttons[action] = button

        content = QVBoxLayout()
        content.setContentsMargins(16, 14, 16, 12)
        content.setSpacing(12)
        content.addLayout(body, 1)
        content.addLayout(grid)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(content, 1)

        vm.changed.connect(self.sync)
        vm.catalogChanged.connect(self.sync)
        vm.langChanged.connect(self.sync)
        vm.sheetChanged.connect(self.show_sheet)
        vm.sheetAction.connect(self.sheet_action)
        self.sync()

    # -- rendering -------------------------------------------------------------------------------
    def sync(self) -> None:
        vm = self.vm
        if vm.counter_id is not None:
            self.title.setText(vm.catalog.counter_label(vm.counter_id, vm.text("counter")))
        agency = vm.counter.get("agency") or vm.catalog.agency_short(vm.catalog.counter_agency(vm.counter_id or 0))
        officer = vm.text("officer", name=(vm.officer or {}).get("name", ""))
        self.subtitle.setText(f"{agency}  ·  {officer}" if agency else officer)
        self.badge.setText(vm.text(f"status_{vm.status}"))
        repolish(self.badge, state=vm.status)
        self.logout.setText(self._label("logout"))
        for action, button in self.buttons.items():
            shown = "resume" if action == "pause" and vm.status == "paused" else action
            button.setText(f"{vm.text('action_' + shown)}\n{vm.key_hint(action)}".strip())
            button.setEnabled(vm.enabled(action))
        self.side.sync()
        if vm.sheet:
            if vm.sheet == "call":
                self.sheets["call"].refresh()  # waiting tickets come and go
        else:
            self.stack.setCurrentWidget(self.area.current())

    def _label(self, action: str) -> str:
        key = self.vm.key_hint(action)
        text = self.vm.text(f"action_{action}")
        return f"{text} ({key})" if key else text

    def show_sheet(self) -> None:
        sheet = self.sheets.get(self.vm.sheet)
        if sheet is None:
            self.stack.setCurrentWidget(self.area.current())
            self.setFocus()
            return
        sheet.opened()
        self.stack.setCurrentWidget(sheet)

    def sheet_action(self, action: str) -> None:
        sheet = self.sheets.get(self.vm.sheet)
        if sheet is not None and action == "confirm":
            sheet.confirm()

    def key(self, name: str) -> None:
        """A mapped key the view-model left alone: the open sheet may use it (keypad arrows)."""
        sheet = self.sheets.get(self.vm.sheet)
        if sheet is not None:
            sheet.key(name)
