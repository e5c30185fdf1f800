"""Work-around for a reference-count bug of PySide6 6.12.0 on CPython < 3.12.

On CPython 3.11, every call of a wrapped C++ method that returns void or bool (``setText``,
``setPen``, ``isVisible`` ...) drops one reference to None/True/False that it never took. After
a few thousand calls the count reaches zero and the interpreter aborts ("Fatal Python error:
none_dealloc: deallocating None"): a kiosk would die within minutes. CPython 3.12 made these
objects immortal (PEP 683), which is why the bug does not show there.

``immortalize_singletons()`` gives the same protection on 3.11: it raises their reference
counts to 2**60 (ob_refcnt is the first field of every PyObject), which no number of spurious
decrements will exhaust. It does nothing on 3.12+. Call it before Qt is used (the app and the
tests do). tests/kiosk/test_qtfix.py shows the bug and the fix."""
from __future__ import annotations

import ctypes
import sys

FLOOR = 1 << 60


def immortalize_singletons() -> bool:
    """Returns True when the counts were raised (CPython < 3.12)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for obj in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(obj))
        if count.value < FLOOR:
            count.value = FLOOR
    return True
