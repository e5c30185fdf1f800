"""`antrean counter --screenshots DIR`: every screen at 1366×768 and 1920×1080, and none of
them has clipped or overlapping text (checked from geometry and font metrics)."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from counter.bridge import ClientBridge
from counter.keymap import DEFAULT_KEYMAP
from counter.screenshots import NOW, STATES, sample_catalog, stage
from counter.viewmodels.counter_vm import CounterViewModel
from counter.views.main_window import CounterWindow
from shared.cli.main import main

from .layout_check import layout_problems

SIZES = [(1366, 768), (1920, 1080)]
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_one_command_renders_every_screen_at_both_sizes(qapp, tmp_path, capsys):
    assert main(["counter", "--screenshots", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.glob("*.png"))
    assert written == sorted(f"counter-{s}-{w}x{h}.png" for s in STATES for w, h in SIZES)
    for w, h in SIZES:
        image = QImage(str(tmp_path / f"counter-serving-{w}x{h}.png"))
        assert (image.width(), image.height()) == (w, h)
        colours = {image.pixel(x, y) for x in range(0, w, 37) for y in range(0, h, 29)}
        assert len(colours) > 8  # not a blank frame


@pytest.mark.parametrize("lang", ["id", "en"])
def test_nothing_is_clipped_or_overlapping(qtbot, lang):
    vm = CounterViewModel(None, ClientBridge(), counter_ref="1", lang=lang,
                          keymap=DEFAULT_KEYMAP, clock=lambda: NOW)
    vm.apply_catalog(sample_catalog())
    window = CounterWindow(vm)
    qtbot.addWidget(window)
    window.show()
    problems = []
    for width, height in SIZES:
        window.resize(width, height)
        for state in STATES:
            stage(vm, state)
            qtbot.wait(1)
            problems += [f"{state} {width}x{height}: {p}" for p in layout_problems(window)]
    assert not problems, "\n".join(problems)


def test_the_layout_check_catches_a_clipped_label(qtbot):
    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    label = QLabel("Panggil berikutnya, panggil ulang, lewati, mulai, selesai, alihkan")
    label.setMinimumWidth(10)
    layout.addWidget(label)
    root.resize(120, 60)
    root.show()
    qtbot.wait(1)
    assert any("text" in p for p in layout_problems(root))
