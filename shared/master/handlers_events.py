"""The event stream: a WebSocket that replays events after ?since= and then follows live ones,
without gaps or duplicates."""
from __future__ import annotations

import asyncio
import contextlib
import json
from typing import TYPE_CHECKING

from starlette.websockets import WebSocket, WebSocketDisconnect

from .call import Call
from .hub import EncodedEvent
from .spec import ApiError

if TYPE_CHECKING:
    from .app import Master

__all__ = ["REPLAY_MAX", "REPLAY_PAGE", "events"]

REPLAY_MAX = 10_000  # a client further behind than this gets "resync" and fetches /snapshot
REPLAY_PAGE = 500


async def events(m: Master, call: Call) -> None:
    """WebSocket: replay from ?since=, then live events, without gaps or duplicates."""
    ws: WebSocket = call.request  # type: ignore[assignment]
    assert m.hub is not None
    since_text = ws.query_params.get("since")
    since: int | None = None
    if since_text is not None:
        if not since_text.isdigit() or len(since_text) > 18:
            raise ApiError(400, "invalid_since", "Parameter since harus bilangan bulat >= 0")
        since = int(since_text)
    await ws.accept()
    sub = m.hub.subscribe()  # first subscribe, then replay: nothing falls between the two

    async def send(payload: dict) -> None:
        text = payload.text if isinstance(payload, EncodedEvent) else json.dumps(
            payload, separators=(",", ":"), ensure_ascii=False)
        await ws.send_text(text)

    async def replay(after: int, until: int | None = None) -> int:
        last = after
        while True:
            with m.store.lock:
                page = m.store.events_since(last, REPLAY_PAGE)
            page = [e for e in page if until is None or e.seq < until]
            if not page:
                return last
            for e in page:
                await send(e.to_json())
                last = e.seq
            if len(page) < REPLAY_PAGE:
                return last

    async def pump() -> None:
        head = m.store.last_seq()
        if since is None:
            last = head
        elif since > head or head - since > REPLAY_MAX:
            await send({"type": "resync", "seq": head})
            last = head
        else:
            last = await replay(since)
        while True:
            batch = await sub.next_batch()
            if batch is None:  # too slow: cut off; the client reconnects with since=
                await ws.close(code=1013, reason="slow consumer, reconnect with since=")
                return
            for event in batch:
                if event["seq"] <= last:
                    continue  # already sent by the replay
                if event["seq"] > last + 1:
                    last = await replay(last, until=event["seq"])
                await send(event)
                last = event["seq"]

    async def drain() -> None:
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                return

    pump_task = asyncio.create_task(pump())
    drain_task = asyncio.create_task(drain())
    try:
        done, pending = await asyncio.wait({pump_task, drain_task},
                                           return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                await task
        for task in done:
            exc = task.exception()
            if exc is not None and not isinstance(exc, (WebSocketDisconnect, RuntimeError,
                                                        ConnectionError)):
                raise exc
    finally:
        pump_task.cancel()
        drain_task.cancel()
        m.hub.unsubscribe(sub)
