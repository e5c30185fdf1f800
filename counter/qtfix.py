"""Guard against a reference-count bug of PySide6 6.12 on Python 3.11.

Measured here (PySide6 6.12.0, CPython 3.11.7): every call of a C++ method returning void (e.g.
``QTimer.start()``, ``QObject.setObjectName()``) drops one reference to ``None`` without having
taken it, and ``Signal.emit()`` does the same to ``True``. Python 3.12+ makes these objects
immortal, so the bug is harmless there; on 3.11 the count reaches zero after some thousands of
calls and the interpreter aborts ("Fatal Python error: none_dealloc" / "bool_dealloc") -- a
panel running all day would die mid-shift. Giving the three singletons a huge reference count
does what 3.12 does. No Qt import here; call ``immortalize_singletons()`` once at start-up.
"""
from __future__ import annotations

import ctypes
import sys

EXTRA_REFERENCES = 1 << 40  # ~10^12 calls before the count could reach zero again


def immortalize_singletons() -> bool:
    """Raise the reference counts of None, True and False (Python < 3.12 only). Idempotent
    enough: each call adds the same margin again. Returns whether it did anything."""
    if sys.version_info >= (3, 12) or hasattr(sys, "_is_gil_enabled"):
        return False
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += EXTRA_REFERENCES
    return True
