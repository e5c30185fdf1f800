"""MasterClient callbacks (run on the client's thread) re-emitted as Qt signals, so the
view-models only ever run on the GUI thread (a signal emitted from another thread is queued to
the receiver's thread; snapshot and events keep their order because they come from one thread).

Also the display's two requests: the catalog and a fresh snapshot; their results come back as
signals the same way."""
from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Signal

from shared.net.client import MasterClient

log = logging.getLogger("antrean.display")


class ClientBridge(QObject):
    snapshotReceived = Signal(object)  # dict: the client's own (start, gap, resync): authoritative
    snapshotRefreshed = Signal(object)  # dict: a periodic refresh (applies only if not older)
    eventReceived = Signal(object)  # dict
    stateChanged = Signal(object)  # ConnectionState
    catalogLoaded = Signal(object)  # dict
    catalogFailed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client: MasterClient | None = None

    def attach(self, client: MasterClient) -> MasterClient:
        """Route the client's callbacks here (before ``client.start()``)."""
        self.client = client
        client.on_snapshot = self.snapshotReceived.emit
        client.on_event = self.eventReceived.emit
        client.on_state = self.stateChanged.emit
        return client

    # -- requests ---------------------------------------------------------------------------------
    def load_catalog(self) -> None:
        if self.client is not None:
            self._submit(self.client.catalog, self._catalog_done)

    def load_snapshot(self) -> None:
        if self.client is not None:
            self._submit(self.client.snapshot, self._snapshot_done)

    def _submit(self, request, done) -> None:
        try:
            request().add_done_callback(done)
        except RuntimeError as exc:  # the client is closing
            log.debug("request not sent: %s", exc)

    def _catalog_done(self, future: Future) -> None:
        try:
            data: Any = future.result().data
        except Exception as exc:  # MasterUnavailable, ApiError, cancelled
            self.catalogFailed.emit(f"{type(exc).__name__}: {exc}")
            return
        if isinstance(data, dict):
            self.catalogLoaded.emit(data)
        else:
            self.catalogFailed.emit("catalog is not a JSON object")

    def _snapshot_done(self, future: Future) -> None:
        try:
            data = future.result().data
        except Exception as exc:
            log.info("snapshot refresh failed: %s", exc)
            return
        if isinstance(data, dict):
            self.snapshotRefreshed.emit(data)
