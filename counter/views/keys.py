"""Key map names -> Qt key sequences, and one QShortcut per mapped key on a window.

Shortcuts rather than key events: Qt resolves them before the focused widget, yet a line edit
still takes the characters typed into it (typing "A012" in the call sheet never presses F-keys'
neighbours), and a keypad's Enter or Esc works whatever has the focus."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from ..keymap import KeymapError

PORTABLE = QKeySequence.SequenceFormat.PortableText


def normalize(keymap: dict[str, str]) -> dict[str, str]:
    """``{"f1": "call_next", "num+enter": "confirm"}`` -> Qt's own spelling (``F1``,
    ``Num+Enter``), so the map, the shortcuts and the hints agree. Raises KeymapError."""
    out: dict[str, str] = {}
    for name, action in keymap.items():
        sequence = QKeySequence.fromString(name, PORTABLE)
        text = sequence.toString(PORTABLE)
        if sequence.count() != 1 or not text:
            raise KeymapError(f"key {name!r} is not a single key Qt knows (e.g. F1, Num+1, "
                              "Ctrl+N, Num+Enter, Esc)")
        out[text] = action
    return out


def install_shortcuts(window: QWidget, keymap: dict[str, str],
                      on_key: Callable[[str], None]) -> list[QShortcut]:
    shortcuts = []
    for name in keymap:
        shortcut = QShortcut(QKeySequence.fromString(name, PORTABLE), window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.setAutoRepeat(False)  # a held key is one press, never a burst of calls
        shortcut.activated.connect(lambda name=name: on_key(name))
        shortcuts.append(shortcut)
    return shortcuts


def key_name(event) -> str:
    """A key event in the key map's spelling (``Num+0``, ``F1``, ``Ctrl+N``)."""
    return QKeySequence(event.keyCombination()).toString(PORTABLE)


def digit_of(name: str) -> int | None:
    """``Num+3`` or ``3`` -> 3 (sheets pick their n-th line by digit)."""
    last = name.rsplit("+", 1)[-1]
    return int(last) if last.isdigit() and len(last) == 1 else None


class KeypadCommands(QObject):
    """Installed on a line edit: keypad digits still type, but the keypad's other keys (−, +,
    *, /, .) stay commands (cancel ...) instead of becoming characters in the field."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if (event.type() == QEvent.Type.ShortcutOverride
                and event.modifiers() & Qt.KeyboardModifier.KeypadModifier
                and not event.text().isdigit()):
            return True  # not accepted as text: the window's shortcut takes it
        return False
