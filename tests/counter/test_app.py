"""`antrean counter` as started from the CLI: two windows for two counters on one machine, and
a stop (SIGTERM from systemd) signs the officers out, closing their counters."""
from __future__ import annotations

import signal

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from counter.views.main_window import CounterWindow
from shared.cli.main import build_parser

from .conftest import PIN, counter_state, stored_events

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_two_counters_on_one_machine_then_sigterm_closes_both(qapp, qtbot, master, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(master.site.tokens["counter"] + "\n")
    args = build_parser().parse_args([
        "counter", "--master", master.url, "--token-file", str(token_file),
        "--counter", "l1", "--counter", str(master.site.counters["l2"]),
        "--windowed", "--size", "1366x768", "--idle-minutes", "5"])
    seen: dict = {}

    def drive() -> None:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, CounterWindow) and w.isVisible()]
        seen["windows"] = len(windows)
        seen["preselected"] = sorted(w.login.counter.currentData() for w in windows)
        seen["sizes"] = {(w.width(), w.height()) for w in windows}
        for window, officer in zip(sorted(windows, key=lambda w: w.login.counter.currentData()),
                                   ("budi", "sari")):
            window.vm.login(officer, PIN, window.login.counter.currentData())
        wait_for_work(windows)

    def wait_for_work(windows, tries: list = [0]) -> None:  # noqa: B006 (a counter)
        tries[0] += 1
        if all(w.vm.phase == "work" for w in windows) or tries[0] > 200:
            seen["opened"] = [counter_state(master, c)["counter"]["status"] for c in ("l1", "l2")]
            signal.raise_signal(signal.SIGTERM)  # what systemd sends on stop
        else:
            QTimer.singleShot(25, lambda: wait_for_work(windows))

    QTimer.singleShot(0, lambda: QTimer.singleShot(300, drive))
    previous = signal.getsignal(signal.SIGTERM)
    assert args.handler(args) == 0
    assert signal.getsignal(signal.SIGTERM) is previous  # restored
    assert seen["windows"] == 2
    assert seen["preselected"] == sorted(master.site.counters[c] for c in ("l1", "l2"))
    assert seen["sizes"] == {(1366, 768)}
    assert seen["opened"] == ["open", "open"]
    for counter in ("l1", "l2"):
        assert counter_state(master, counter)["counter"]["status"] == "closed"
    assert len(stored_events(master, "counter_closed")) == 2
    loop = QEventLoop()  # the application is left usable (no quit pending for later loops)
    QTimer.singleShot(10, loop.quit)
    assert loop.exec() == 0


def test_missing_token_or_bad_keymap_exit_2(qapp, master, tmp_path, capsys):
    args = build_parser().parse_args(["counter", "--master", master.url])
    assert args.handler(args) == 2
    assert "--token" in capsys.readouterr().err
    bad = tmp_path / "keys.toml"
    bad.write_text('[keys]\n"F1" = "explode"\n')
    args = build_parser().parse_args(["counter", "--master", master.url, "--token", "x",
                                      "--keymap", str(bad)])
    assert args.handler(args) == 2
    assert "unknown action 'explode'" in capsys.readouterr().err
