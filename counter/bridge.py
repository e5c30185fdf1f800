"""MasterClient callbacks and futures (client thread) -> Qt signals (GUI thread).

The client calls ``on_snapshot``/``on_event``/``on_state`` on its own asyncio thread and
completes its futures there too. Emitting a signal whose receiver lives in the GUI thread queues
the call to the GUI thread, so view-models only ever run there. ``watch(future, callback)`` runs
``callback(future)`` on the GUI thread once the future is done (always queued, even when the
future is already done, so a callback never runs inside the call that asked for it).
"""
from __future__ import annotations

from concurrent.futures import Future
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal


class ClientBridge(QObject):
    snapshot = Signal(object)  # dict: GET /snapshot
    event = Signal(object)  # dict: one event
    state = Signal(object)  # shared.net.connection_state.ConnectionState
    _done = Signal(object, object)  # (callback, future)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._alive = True
        self._clients: list[Any] = []

    def attach(self, client: Any) -> Any:
        """Route ``client``'s callbacks here (before ``client.start()``)."""
        client.on_snapshot = lambda data: self._emit(self.snapshot, data)
        client.on_event = lambda data: self._emit(self.event, data)
        client.on_state = lambda data: self._emit(self.state, data)
        self._clients.append(client)
        return client

    def detach(self) -> None:
        """Stop delivering (closing window / tests): later callbacks are dropped."""
        self._alive = False
        for client in self._clients:
            client.on_snapshot = client.on_event = client.on_state = None
        self._clients.clear()

    def watch(self, future: Future, callback: Callable[[Future], None]) -> None:
        future.add_done_callback(lambda f: self._emit(self._done, callback, f))

    def _emit(self, signal: Any, *args: Any) -> None:
        if not self._alive:
            return
        try:
            signal.emit(*args)
        except RuntimeError:  # the C++ object is gone (shutting down): nothing to tell
            self._alive = False

    def _deliver(self, callback: Callable[[Future], None], future: Future) -> None:
        if self._alive:
            callback(future)
