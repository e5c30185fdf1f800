"""The window and its panels: layout at every TV size, what is painted, flash, stale colours,
paging, the running text."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from display.sample import sample_catalog, sample_snapshot
from display.viewmodels.board import DisplayViewModel
from display.viewmodels.board_state import CallEntry
from display.viewmodels.clock import ClockViewModel
from display.viewmodels.slides import SlidesViewModel
from display.views import paint
from display.views.latest_call import FLASH_MS
from display.views.window import DisplayWindow
from shared.net.connection_state import ConnectionState, Link

NOW = datetime(2026, 11, 23, 3, 15, tzinfo=timezone.utc)
SIZES = [(1920, 1080), (3840, 2160), (1366, 768)]


def make_window(qtbot, size=(1920, 1080), busy=False, state=Link.CONNECTED):
    vm = DisplayViewModel(now=lambda: NOW)
    vm.on_snapshot(sample_snapshot(busy))
    vm.on_catalog(sample_catalog(busy))
    vm.on_state(ConnectionState(state, NOW - timedelta(minutes=2), "http://m:8420"))
    window = DisplayWindow(vm, ClockViewModel(now=lambda: NOW), SlidesViewModel())
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return vm, window


def panels(window):
    return [window.latest, window.slides, window.counters, window.recent, window.waiting]


def count_color(image: QImage, rect, color: QColor) -> int:
    """Pixels of ``color`` (within a small tolerance) inside ``rect``, sampled every 2 px."""
    n = 0
    for x in range(rect.left(), rect.right(), 2):
        for y in range(rect.top(), rect.bottom(), 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - color.red()) + abs(c.green() - color.green()) + \
                    abs(c.blue() - color.blue()) < 30:
                n += 1
    return n


@pytest.mark.parametrize("size", SIZES)
def test_panels_fit_the_window_without_overlapping(qtbot, size):
    for state in (Link.CONNECTED, Link.UNREACHABLE):
        _, window = make_window(qtbot, size, state=state)
        boxes = [window.header, window.ticker, *panels(window)]
        if state is Link.UNREACHABLE:
            assert window.banner.isVisible()
            boxes.append(window.banner)
            assert window.banner.geometry().top() == window.header.geometry().bottom() + 1
        else:
            assert not window.banner.isVisible()
        for widget in boxes:
            assert window.rect().contains(widget.geometry()), widget
            assert widget.height() > size[1] * 0.05, widget
        for a, b in itertools.combinations(boxes, 2):
            assert not a.geometry().intersects(b.geometry()), (a, b)


def test_the_latest_call_is_painted_large_and_flashes(qtbot):
    vm, window = make_window(qtbot)
    qtbot.waitUntil(lambda: window.latest.painted_number == "A123", timeout=1000)
    vm.on_event({"seq": 600, "type": "ticket_called", "at": NOW.isoformat(), "ticket_id": 77,
                 "counter_id": 3, "data": {"number": "B777", "counter_number": 1,
                                           "agency": "Samsat", "service_id": 2}})
    qtbot.waitUntil(lambda: window.latest.painted_number == "B777", timeout=1000)
    assert window.latest.flashing and window.counters.highlighted == 3
    assert window.recent.shown[0] == "A123"  # the previous call moved to the list
    window.latest._flash.setCurrentTime(FLASH_MS)
    assert not window.latest.flashing


def test_numbers_turn_grey_while_the_master_is_unreachable(qtbot):
    vm, window = make_window(qtbot)
    area = window.latest.geometry()
    image = window.grab().toImage()
    yellow, grey = count_color(image, area, paint.ACCENT), count_color(image, area, paint.STALE)
    assert yellow > 1000 and grey < yellow / 10  # (anti-aliased edges come close to grey)
    vm.on_state(ConnectionState(Link.UNREACHABLE, NOW, None, "refused"))
    qtbot.waitUntil(window.banner.isVisible, timeout=1000)
    image = window.grab().toImage()
    area = window.latest.geometry()
    assert count_color(image, area, paint.ACCENT) == 0
    assert count_color(image, area, paint.STALE) > 1000
    assert "tidak terjangkau sejak 10.15" in window.banner.message


def test_many_counters_are_shown_page_by_page_and_a_call_brings_its_page(qtbot):
    vm, window = make_window(qtbot, (1366, 768), busy=True)
    counters = window.counters
    counters.grab()
    assert counters.pager.pages >= 2 and counters._turn.isActive()
    seen = []
    for _ in range(counters.pager.pages):
        counters.grab()
        seen += counters.shown
        counters._next_page()
    assert sorted(seen) == sorted(c.id for c in vm.counters())  # each exactly once
    counters.pager.page = 0
    counters.grab()
    last = vm.counters()[-1]
    assert last.id not in counters.shown
    vm.called.emit(CallEntry(1, "Z001", last.id, last.number, last.agency))
    counters.grab()
    assert last.id in counters.shown


def test_the_running_text_moves_only_while_shown(qtbot):
    _, window = make_window(qtbot)
    ticker = window.ticker
    assert ticker.running
    start = ticker.offset
    qtbot.waitUntil(lambda: ticker.offset > start + 20, timeout=2000)
    window.hide()
    assert not ticker.running


def test_draw_text_shrinks_then_elides_but_never_leaves_its_rectangle(qtbot):
    image = QImage(400, 100, QImage.Format.Format_ARGB32)
    p = QPainter(image)
    long_name = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Purbaraya"
    rect = QRectF(10, 10, 200, 40)
    shrunk = paint.draw_text(p, rect, "Dukcapil Kabupaten", 40, paint.TEXT)
    elided = paint.draw_text(p, rect, long_name, 40, paint.TEXT)
    p.end()
    for covered in (shrunk, elided):
        assert covered.left() >= rect.left() - 0.5 and covered.right() <= rect.right() + 0.5
    f = paint.fitted_font(long_name, 200, 40)
    assert QFontMetricsF(f).horizontalAdvance(long_name) <= 200 or f.pixelSize() == paint.MIN_PX


def test_the_slide_slot_shows_images_in_turn_or_the_information_card(qtbot, tmp_path):
    from display.viewmodels.slides import images_in

    for name, color in (("1-merah.png", "#ff0000"), ("2-hijau.png", "#00ff00")):
        image = QImage(320, 180, QImage.Format.Format_RGB32)
        image.fill(QColor(color))
        image.save(str(tmp_path / name))
    (tmp_path / "catatan.txt").write_text("not an image")
    slides = SlidesViewModel(images_in(tmp_path), interval=0.05)
    assert [p.name for p in slides._items] == ["1-merah.png", "2-hijau.png"]
    vm = DisplayViewModel(now=lambda: NOW)
    vm.on_catalog(sample_catalog())
    window = DisplayWindow(vm, ClockViewModel(now=lambda: NOW), slides)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    area = window.slides.geometry()
    qtbot.waitUntil(lambda: count_color(window.grab().toImage(), area, QColor("#00ff00")) > 500,
                    timeout=3000)  # the second slide came round
    slides.set_items([])
    image = window.grab().toImage()
    assert count_color(image, area, QColor("#00ff00")) == 0
    assert count_color(image, area, QColor("#ff0000")) == 0
