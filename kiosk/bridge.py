"""Re-emits MasterClient callbacks (called on the client's thread) and finished futures (client
or printer thread) as Qt signals, so the view-models only ever run on the GUI thread.

A signal emitted from another thread is queued to the receiver's thread by Qt; the bridge lives
on the GUI thread, so ``deliver``'s callback always runs there, even for a future that was
already done (it is still queued: callers never see a callback run inside their own call)."""
from __future__ import annotations

from concurrent.futures import Future
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal


class KioskBridge(QObject):
    snapshot = Signal(dict)
    event = Signal(dict)
    state = Signal(object)  # shared.net.connection_state.ConnectionState
    _finished = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._finished.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def attach(self, client: Any) -> None:
        """Route a MasterClient's callbacks through this bridge (before ``client.start()``)."""
        client.on_snapshot = self.snapshot.emit
        client.on_event = self.event.emit
        client.on_state = self.state.emit

    def deliver(self, future: Future, callback: Callable[[Future], None]) -> None:
        """Call ``callback(future)`` on the GUI thread once ``future`` is done."""
        def done(f: Future) -> None:
            try:
                self._finished.emit(callback, f)
            except RuntimeError:  # the bridge is gone (the app is shutting down)
                pass

        future.add_done_callback(done)

    def _run(self, callback: Callable[[Future], None], future: Future) -> None:
        callback(future)
