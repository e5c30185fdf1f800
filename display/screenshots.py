"""`antrean display --screenshots DIR`: the display at 1920x1080, 3840x2160 and 1366x768, in
its states (a normal board, a call flashing, the master unreachable, a busy building with more
counters and agencies than fit), rendered offscreen from sample data (no master needed)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from PySide6.QtWidgets import QApplication

from shared.net.connection_state import ConnectionState, Link

from .sample import sample_catalog, sample_snapshot
from .viewmodels.board import DisplayViewModel
from .viewmodels.board_state import CallEntry
from .viewmodels.clock import ClockViewModel
from .viewmodels.display_filter import DisplayFilter
from .viewmodels.slides import SlidesViewModel
from .views.window import DisplayWindow

SIZES = ((1920, 1080), (3840, 2160), (1366, 768))
SCENES = ("board", "flash", "unreachable", "busy")
NOW = datetime(2026, 11, 23, 3, 15, tzinfo=timezone.utc)  # 10.15 WIB, a Monday


def build_scene(scene: str, size: tuple[int, int], lang: str = "id",
                logo: Path | None = None) -> DisplayWindow:
    busy = scene == "busy"
    vm = DisplayViewModel(filter=DisplayFilter(), lang=lang, now=lambda: NOW)
    vm.on_snapshot(sample_snapshot(busy))
    vm.on_catalog(sample_catalog(busy))
    if scene == "unreachable":
        vm.on_state(ConnectionState(Link.UNREACHABLE, NOW - timedelta(minutes=3),
                                    "http://10.0.0.2:8420", "ConnectError"))
    else:
        vm.on_state(ConnectionState(Link.CONNECTED, NOW, "http://10.0.0.2:8420"))
    clock = ClockViewModel(lang, now=lambda: NOW)
    window = DisplayWindow(vm, clock, SlidesViewModel(), logo)
    window.resize(*size)
    window.show()
    if scene == "flash":
        latest = vm.latest()
        assert latest is not None
        call = CallEntry(latest.ticket_id, latest.number, latest.counter_id,
                         latest.counter_number, latest.agency, calls=2)
        vm.called.emit(call)
        window.latest._flash.pause()
        window.latest._flash.setCurrentTime(50)  # a lit moment of the blink
    QApplication.processEvents()
    return window


def render_all(folder: Path, lang: str = "id", logo: Path | None = None,
               sizes=SIZES, scenes=SCENES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for width, height in sizes:
        for scene in scenes:
            window = build_scene(scene, (width, height), lang, logo)
            path = folder / f"display-{width}x{height}-{scene}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)
            window.close()
            window.deleteLater()
            QApplication.processEvents()
    return written
