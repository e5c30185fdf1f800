"""The window, driven like an officer: clicks on the PIN pad, F-keys, a USB keypad (Num+ keys),
the sheets by keyboard. The view only renders and forwards; these check that it does both."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from counter.keymap import load_keymap
from counter.views.keys import normalize
from counter.views.main_window import CounterWindow
from counter.views.sheets import CallSheet, FinishSheet, PauseSheet, TransferSheet

from .conftest import PIN, issue, stored_events

KP = Qt.KeyboardModifier.KeypadModifier
# The offscreen platform cannot pass size hints to a window manager; it says so on every layout
# change of a top-level window. Harmless here (there is no window manager to tell).
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def window(qtbot, panels):
    def make(**vm_kw):
        panel = panels(**vm_kw)
        win = CounterWindow(panel.vm)
        qtbot.addWidget(win)
        with qtbot.waitActive(win):  # window shortcuts need the active window
            win.show()
            win.activateWindow()
        return panel, win
    return make


def pin_key(win: CounterWindow, text: str) -> QPushButton:
    return next(b for b in win.login.findChildren(QPushButton) if b.text() == text)


def press(qtbot, win, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(win.focusWidget() or win, key, modifier)


def test_officer_works_a_shift_with_mouse_and_f_keys(qtbot, window, master):
    panel, win = window()
    assert win.pages.currentWidget() is win.login
    assert win.login.counter.currentData() is not None
    win.login.counter.setCurrentIndex(win.login.counter.findData(master.site.counters["l1"]))
    qtbot.keyClicks(win.login.username, "budi")
    for digit in PIN:
        qtbot.mouseClick(pin_key(win, digit), Qt.MouseButton.LeftButton)
    assert win.login.pin.text() == PIN
    qtbot.mouseClick(win.login.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.pages.currentWidget() is win.work)
    assert win.work.title.text() == "Loket 1 · Gerai Dukcapil"
    assert win.work.badge.text() == "BUKA"
    assert win.work.side.rule.text() == panel.vm.catalog.rule_text("id") != ""

    issue(master, "ktp"), issue(master, "kk")
    qtbot.waitUntil(lambda: win.work.side.waiting.text() == "2")
    press(qtbot, win, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: win.work.area.card.number.text() == "A001")
    assert win.work.stack.currentWidget() is win.work.area.card
    assert win.work.area.card.status.text() == "DIPANGGIL"
    press(qtbot, win, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: win.work.area.card.status.text() == "SEDANG DILAYANI")
    assert not win.work.buttons["recall"].isEnabled()

    press(qtbot, win, Qt.Key.Key_F6)  # transfer: filter by typing, Enter confirms
    sheet = win.work.stack.currentWidget()
    assert isinstance(sheet, TransferSheet) and sheet.filter.hasFocus()
    qtbot.keyClicks(sheet.filter, "jkn")
    assert sheet.selected_id() == master.site.services["jkn"]
    press(qtbot, win, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.message.text() == "A001 dialihkan ke Pendaftaran JKN")
    assert win.work.stack.currentWidget() is win.work.area.empty

    qtbot.mouseClick(win.work.buttons["call_next"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.work.area.card.number.text() == "B001")
    press(qtbot, win, Qt.Key.Key_F5)  # finish: tick KTP-el too
    sheet = win.work.stack.currentWidget()
    assert isinstance(sheet, FinishSheet)
    press(qtbot, win, Qt.Key.Key_Down)
    press(qtbot, win, Qt.Key.Key_Space)
    press(qtbot, win, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.work.side.rows[0][0].text() == "B001")
    (finished,) = stored_events(master, "ticket_finished")
    assert sorted(finished.data["services_done"]) == sorted(master.site.services.values())[:2]

    press(qtbot, win, Qt.Key.Key_F7)  # pause: second reason
    assert isinstance(win.work.stack.currentWidget(), PauseSheet)
    press(qtbot, win, Qt.Key.Key_Down)
    press(qtbot, win, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.work.badge.text() == "JEDA")
    assert win.work.area.paused.line.text().startswith("Sholat · sejak ")
    assert not win.work.buttons["call_next"].isEnabled()
    assert win.work.buttons["pause"].text().startswith("Lanjutkan")
    press(qtbot, win, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: win.work.badge.text() == "BUKA")

    press(qtbot, win, Qt.Key.Key_F12)
    assert win.pages.currentWidget() is win.login
    assert win.login.pin.text() == ""
    qtbot.waitUntil(lambda: len(stored_events(master, "counter_closed")) == 1)


def test_a_usb_keypad_with_a_custom_key_map(qtbot, window, master, tmp_path):
    (tmp_path / "keypad.toml").write_text('[keys]\n"Num+0" = "recall"\n"num+/" = "logout"\n')
    keymap = normalize(load_keymap(tmp_path / "keypad.toml"))
    panel, win = window(keymap=keymap)
    panel.login()
    qtbot.waitUntil(lambda: win.pages.currentWidget() is win.work)
    panel.wait_connected()
    for _ in range(3):
        issue(master)
    qtbot.waitUntil(lambda: len(panel.vm.call_choices()) == 3)

    press(qtbot, win, Qt.Key.Key_1, KP)  # call next
    qtbot.waitUntil(lambda: win.work.area.card.number.text() == "A001")
    press(qtbot, win, Qt.Key.Key_0, KP)  # recall (from the file)
    qtbot.waitUntil(lambda: panel.vm.ticket["calls"] == 2)
    assert "dipanggil 2×" in win.work.area.card.details.text()

    press(qtbot, win, Qt.Key.Key_8, KP)  # call a number: keypad digits type into the entry
    sheet = win.work.stack.currentWidget()
    assert isinstance(sheet, CallSheet)
    qtbot.keyClicks(sheet.filter, "a")
    press(qtbot, win, Qt.Key.Key_3, KP)
    assert sheet.filter.text() == "a3"
    assert panel.vm.ticket["calls"] == 2  # Num+3 typed, did not skip
    press(qtbot, win, Qt.Key.Key_Enter, KP)
    qtbot.waitUntil(lambda: win.work.area.card.number.text() == "A003")

    press(qtbot, win, Qt.Key.Key_7, KP)  # pause with a visitor at the counter: refused calmly
    assert win.message.text() == "Selesaikan atau alihkan tiket yang sedang dilayani dulu"
    press(qtbot, win, Qt.Key.Key_6, KP)  # transfer sheet; keypad minus cancels it
    assert isinstance(win.work.stack.currentWidget(), TransferSheet)
    press(qtbot, win, Qt.Key.Key_Minus, KP)
    assert win.work.stack.currentWidget() is win.work.area.card
    press(qtbot, win, Qt.Key.Key_Slash, KP)  # sign out (from the file)
    assert win.pages.currentWidget() is win.login


def test_keypad_digits_enter_the_pin_and_enter_signs_in(qtbot, window, master):
    panel, win = window(counter_ref="l2")
    assert win.login.counter.currentData() == master.site.counters["l2"]
    qtbot.keyClicks(win.login.username, "sari")
    assert win.login.counter.focusPolicy() == Qt.FocusPolicy.NoFocus  # digits never pick a counter
    win.focusWidget().clearFocus()  # digits still reach the PIN when no field has the focus
    for digit in PIN:
        press(qtbot, win, getattr(Qt.Key, f"Key_{digit}"), KP)
    assert win.login.pin.text() == PIN
    press(qtbot, win, Qt.Key.Key_Enter, KP)
    qtbot.waitUntil(lambda: panel.vm.phase == "work")
    assert panel.vm.counter_id == master.site.counters["l2"]


def test_language_switch_on_the_sign_in_screen(qtbot, window):
    panel, win = window()
    assert win.login.title.text() == "Masuk Petugas"
    qtbot.mouseClick(win.login.lang, Qt.MouseButton.LeftButton)
    assert panel.vm.lang == "en"
    assert win.login.title.text() == "Officer sign-in"
    assert win.login.submit.text() == "Sign in"
    assert win.connection.text().startswith(("Connected", "Connecting"))
