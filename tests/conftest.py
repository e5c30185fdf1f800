"""Test-suite wide set-up.

Qt must be told to render offscreen *before* anything imports it, so this runs first
(./dev test and .ci/run also export QT_QPA_PLATFORM=offscreen). A value already set by the
developer (e.g. ``QT_QPA_PLATFORM=xcb`` to watch a test on screen) is respected.

Qt warnings fail tests: pytest-qt's ``qt_log_level_fail = "WARNING"`` in pyproject's
``[tool.pytest.ini_options]`` turns any qWarning/qCritical/qFatal emitted while a test runs into
a failure (QML binding errors, missing fonts or images, bad property names ...). A warning that is
genuinely harmless goes into ``qt_log_ignore`` there, with a comment saying why, or is marked
per test with ``@pytest.mark.qt_log_ignore("regex")``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
