"""Group commit: one writer thread drains waiting commands into one transaction.

With durable commits (fsync each), throughput is bounded by commits per second; sharing a commit
among the commands that arrived meanwhile lifts that bound without weakening durability: a
command's future resolves only after the COMMIT that contains it."""
from __future__ import annotations

import queue
import threading
from concurrent.futures import Future

from ..domain.commands import Command
from .queue_store import Outcome, QueueStore

_STOP = object()


class GroupWriter:
    def __init__(self, store: QueueStore, max_batch: int = 128) -> None:
        self.store = store
        self.max_batch = max_batch
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="antrean-writer", daemon=True)
        self._thread.start()

    def submit(self, command: Command) -> Future[Outcome]:
        future: Future[Outcome] = Future()
        self._queue.put((command, future))
        return future

    def execute(self, command: Command, timeout: float | None = 30) -> Outcome:
        return self.submit(command).result(timeout)

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join()

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            batch = [item]
            while len(batch) < self.max_batch:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is _STOP:
                    self._queue.put(_STOP)
                    break
                batch.append(nxt)
            try:
                outcomes = self.store.execute_many([cmd for cmd, _ in batch])
            except BaseException as exc:  # a bug or a disk fault: every caller hears of it
                for _, future in batch:
                    future.set_exception(exc)
                continue
            for (_, future), outcome in zip(batch, outcomes):
                future.set_result(outcome)
