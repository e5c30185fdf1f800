"""The right column of the work screen: how many wait for this counter, the calling rule in
words, the last tickets handled."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout

from ..viewmodels.counter_vm import CounterViewModel

HISTORY_ROWS = 6
MAX_OUTCOME_CHARS = 30


def _cap(text: str) -> str:
    return text if len(text) <= MAX_OUTCOME_CHARS else text[:MAX_OUTCOME_CHARS - 1] + "…"


def _label(name: str = "", wrap: bool = False) -> QLabel:
    label = QLabel(objectName=name) if name else QLabel()
    label.setWordWrap(wrap)
    return label


class SidePanel(QFrame):
    def __init__(self, vm: CounterViewModel) -> None:
        super().__init__(objectName="side")
        self.vm = vm
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 14, 22, 14)
        layout.setSpacing(4)
        self.waiting_caption = _label("sideCaption")
        self.waiting = _label("waitingCount")
        self.breakdown = _label("small", wrap=True)
        self.rule_caption = _label("sideCaption")
        self.rule = _label("small", wrap=True)
        self.history_caption = _label("sideCaption")
        self.history = QGridLayout()
        self.history.setHorizontalSpacing(12)
        self.history.setVerticalSpacing(3)
        self.history.setColumnStretch(1, 1)
        self.rows: list[tuple[QLabel, QLabel, QLabel]] = []
        for r in range(HISTORY_ROWS):
            cells = (_label("historyNumber"), _label("small"), _label("small"))
            cells[1].setMinimumWidth(10)
            cells[2].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for c, cell in enumerate(cells):
                self.history.addWidget(cell, r, c)
            self.rows.append(cells)
        self.history_empty = _label("small")
        layout.addWidget(self.waiting_caption)
        layout.addWidget(self.waiting)
        layout.addWidget(self.breakdown)
        layout.addSpacing(10)
        layout.addWidget(self.rule_caption)
        layout.addWidget(self.rule)
        layout.addSpacing(10)
        layout.addWidget(self.history_caption)
        layout.addLayout(self.history)
        layout.addWidget(self.history_empty)
        layout.addStretch(1)

    def sync(self) -> None:
        vm = self.vm
        self.waiting_caption.setText(vm.text("waiting_title").upper())
        self.waiting.setText(str(vm.waiting))
        self.breakdown.setText(vm.waiting_text() or vm.text("waiting_none"))
        self.rule_caption.setText(vm.text("rule_title").upper())
        self.rule.setText(vm.catalog.rule_text(vm.lang))
        self.history_caption.setText(vm.text("history_title").upper())
        rows = vm.history_rows()[:HISTORY_ROWS]
        for i, cells in enumerate(self.rows):
            row = rows[i] if i < len(rows) else None
            texts = (row["number"], _cap(row["outcome"]), row["time"]) if row else ("", "", "")
            for cell, text in zip(cells, texts):
                cell.setText(text)
                cell.setVisible(row is not None)
            if row:
                cells[1].setToolTip(f"{row['service']} · {row['outcome']}")
        self.history_empty.setText(vm.text("history_empty"))
        self.history_empty.setVisible(not rows)
