"""Live events to WebSocket subscribers.

The store calls its listeners in the writer thread after each commit; the hub's listener hands
the events to the asyncio loop (call_soon_threadsafe keeps their order), and the loop appends them
to every subscriber's bounded buffer. A subscriber whose buffer is full is cut off (it reconnects
with ?since= and replays from the database) rather than slowing the others or growing memory.
"""
from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from typing import Any

from ..store.queue_store import QueueStore, StoredEvent
from .logs import fields

log = logging.getLogger("antrean.master.hub")

SUBSCRIBER_BUFFER = 2000  # events a subscriber may lag behind before it is cut off


class EncodedEvent(dict):
    """An event dict that carries its JSON text, encoded once for all subscribers."""

    @property
    def text(self) -> str:
        text = self.__dict__.get("_text")
        if text is None:
            text = self.__dict__["_text"] = json.dumps(self, separators=(",", ":"),
                                                       ensure_ascii=False)
        return text


class Subscriber:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.buffer: deque[dict[str, Any]] = deque()
        self.wakeup = asyncio.Event()
        self.overflowed = False

    def push(self, event: dict[str, Any]) -> bool:
        if self.overflowed:
            return False
        if len(self.buffer) >= self.limit:
            self.overflowed = True
            self.buffer.clear()
            self.wakeup.set()
            return False
        self.buffer.append(event)
        self.wakeup.set()
        return True

    async def next_batch(self) -> list[dict[str, Any]] | None:
        """Events in order, or None once cut off for being too slow."""
        while not self.buffer and not self.overflowed:
            self.wakeup.clear()
            await self.wakeup.wait()
        if self.overflowed:
            return None
        batch = list(self.buffer)
        self.buffer.clear()
        return batch


class EventHub:
    def __init__(self, store: QueueStore, loop: asyncio.AbstractEventLoop,
                 buffer: int = SUBSCRIBER_BUFFER) -> None:
        self.store = store
        self.loop = loop
        self.buffer = buffer
        self.subscribers: set[Subscriber] = set()
        self.closed = False
        store.listeners.append(self._from_writer)
        self.last_seq = store.last_seq()  # after registering: nothing committed is missed

    def close(self) -> None:
        self.closed = True
        if self._from_writer in self.store.listeners:
            self.store.listeners.remove(self._from_writer)
        for sub in list(self.subscribers):
            sub.overflowed = True
            sub.wakeup.set()

    # Called in the writer thread: never touch loop state here.
    def _from_writer(self, events: list[StoredEvent]) -> None:
        if self.closed:
            return
        payload = [EncodedEvent(e.to_json()) for e in events]
        try:
            self.loop.call_soon_threadsafe(self.publish, payload)
        except RuntimeError:  # the loop is closed: shutting down
            pass

    def publish(self, events: list[dict[str, Any]]) -> None:
        """In the loop. Fills a gap from the database (a commit by another process)."""
        if not events:
            return
        if events[0]["seq"] > self.last_seq + 1:
            missing = [e.to_json() for e in self.store.events_since(self.last_seq, limit=10_000)
                       if e.seq < events[0]["seq"]]
            events = missing + events
        fresh = [e for e in events if e["seq"] > self.last_seq]
        if not fresh:
            return
        self.last_seq = fresh[-1]["seq"]
        for sub in list(self.subscribers):
            for event in fresh:
                if not sub.push(event):
                    self.subscribers.discard(sub)
                    log.warning("slow event subscriber cut off", extra=fields(seq=event["seq"]))
                    break

    def subscribe(self) -> Subscriber:
        sub = Subscriber(self.buffer)
        if self.closed:
            sub.overflowed = True
        self.subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        self.subscribers.discard(sub)

    @property
    def count(self) -> int:
        return len(self.subscribers)

