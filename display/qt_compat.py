"""Work around a PySide6 6.12.0 bug on CPython < 3.12: the bindings return the singletons
``None``, ``True`` and ``False`` without the reference they owe. Measured, -1 per call: every
C++ method returning ``void`` (``QFont.setBold``, ``QPainter.setPen``, ``QTimer.start`` ...)
takes a reference from ``None``; every ``Signal.emit()`` one from ``True``; a failed
``disconnect`` one from ``False``. (6.11.3 and 6.8.0.2 are fine.) CPython 3.12+ makes these
objects immortal, which hides it; on 3.11 ``None``'s count (~5,000 at start) reaches zero after
a few thousand calls and the interpreter aborts ("Fatal Python error: none_dealloc" /
"bool_dealloc") -- within seconds for a display that paints 30 times a second.

``guard_none_refcount()`` detects the leak (100 ``setObjectName`` calls) and, only if it is
there, adds 2**60 to the reference counts of ``None``, ``True`` and ``False``, which is what
3.12's immortality amounts to. The real fix is a dependency pin (pyside6 != 6.12.0 on
Python 3.11) or Python >= 3.12."""
from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger("antrean.display")

_BOOST = 1 << 60
_applied = False


def none_leak_per_call() -> float:
    """References ``None`` loses per void-returning Qt call (0.0 when healthy)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    return (sys.getrefcount(None) - before) / 100


def guard_none_refcount() -> bool:
    """Apply the work-around if this Qt binding leaks ``None`` references; True if applied."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return _applied
    if none_leak_per_call() >= 0:
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _BOOST
    _applied = True
    log.warning("PySide6 drops references to None/True/False on this Python (a PySide6 6.12.0 "
                "bug): made them immortal as on Python 3.12; pin pyside6 != 6.12.0 to fix it")
    return True
