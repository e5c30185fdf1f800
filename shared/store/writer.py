"""Group commit: one writer thread drains waiting commands into one transaction.

With durable commits (fsync each), throughput is bounded by commits per second; sharing a commit
among the commands that arrived meanwhile lifts that bound without weakening durability: a
command's future resolves only after the COMMIT that contains it.

Other writes (devices, officer sessions: `call(fn)`) go through the same thread, each in its own
transaction, so one thread owns every write of the process."""
from __future__ import annotations

import queue
import sqlite3
import threading
from concurrent.futures import Future
from typing import Any, Callable

from ..domain.commands import Command
from .idempotency import IdempotencyKey
from .queue_store import Outcome, QueueStore

_STOP = object()


class _Call:
    __slots__ = ("fn", "future")

    def __init__(self, fn: Callable[[sqlite3.Connection], Any], future: Future) -> None:
        self.fn = fn
        self.future = future


class GroupWriter:
    def __init__(self, store: QueueStore, max_batch: int = 128) -> None:
        self.store = store
        self.max_batch = max_batch
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="antrean-writer", daemon=True)
        self._thread.start()

    def submit(self, command: Command,
               idempotency: IdempotencyKey | None = None) -> Future[Outcome]:
        future: Future[Outcome] = Future()
        self._queue.put((command, idempotency, future))
        return future

    def call(self, fn: Callable[[sqlite3.Connection], Any]) -> Future[Any]:
        """Run fn(conn) in the writer thread inside its own durable transaction."""
        future: Future[Any] = Future()
        self._queue.put(_Call(fn, future))
        return future

    def execute(self, command: Command, timeout: float | None = 30) -> Outcome:
        return self.submit(command).result(timeout)

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join()

    def _loop(self) -> None:
        carry = None
        while True:
            item = carry if carry is not None else self._queue.get()
            carry = None
            if item is _STOP:
                return
            if isinstance(item, _Call):
                self._run_call(item)
                continue
            batch = [item]
            while len(batch) < self.max_batch:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is _STOP or isinstance(nxt, _Call):
                    carry = nxt  # after this batch, in arrival order
                    break
                batch.append(nxt)
            self._run_batch(batch)

    def _run_call(self, item: _Call) -> None:
        if not item.future.set_running_or_notify_cancel():
            return
        try:
            result = self.store.write(item.fn)
        except BaseException as exc:
            item.future.set_exception(exc)
        else:
            item.future.set_result(result)

    def _run_batch(self, batch: list) -> None:
        # A caller that gave up (its future was cancelled before we got to it) is not run.
        batch = [item for item in batch if item[2].set_running_or_notify_cancel()]
        if not batch:
            return
        keys = [idem for _, idem, _ in batch]
        try:
            outcomes = self.store.execute_many(
                [cmd for cmd, _, _ in batch],
                idempotency=keys if any(k is not None for k in keys) else None)
        except BaseException as exc:  # a bug or a disk fault: every caller hears of it
            for _, _, future in batch:
                future.set_exception(exc)
            return
        for (_, _, future), outcome in zip(batch, outcomes):
            future.set_result(outcome)
