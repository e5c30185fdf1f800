"""The event hub: bounded per-subscriber buffers; a slow subscriber is cut off, others go on."""
from __future__ import annotations

import asyncio
import json

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from shared.domain import commands as c
from shared.master.hub import EventHub
from shared.store.queue_store import QueueStore

from .conftest import make_site


def test_slow_subscriber_is_cut_off_and_others_keep_up(tmp_path):
    site = make_site(tmp_path)
    store = QueueStore(site.db)

    async def scenario() -> None:
        hub = EventHub(store, asyncio.get_running_loop(), buffer=10)
        slow, fast = hub.subscribe(), hub.subscribe()
        got: list[int] = []

        async def follow() -> None:
            while len(got) < 30:
                batch = await fast.next_batch()
                assert batch is not None
                got.extend(e["seq"] for e in batch)

        reader = asyncio.create_task(follow())
        for _ in range(29):  # 30 events: day_started + 29 tickets; the slow one never reads
            await asyncio.to_thread(store.execute, c.IssueTicket(site.services["ktp"]))
            await asyncio.sleep(0)
        await asyncio.wait_for(reader, 5)
        assert got == list(range(1, 31))
        assert await slow.next_batch() is None  # cut off
        assert slow not in hub.subscribers and fast in hub.subscribers
        hub.close()

    asyncio.run(scenario())
    store.close()


def test_gap_from_another_writer_is_filled_from_the_database(tmp_path):
    site = make_site(tmp_path)
    store = QueueStore(site.db)
    other = QueueStore(site.db)  # e.g. a command-line tool writing the same file

    async def scenario() -> None:
        hub = EventHub(store, asyncio.get_running_loop())
        sub = hub.subscribe()
        other.execute(c.IssueTicket(site.services["ktp"]))  # seq 1, 2: nobody publishes them
        await asyncio.to_thread(store.execute, c.IssueTicket(site.services["kk"]))  # seq 3
        batch = await asyncio.wait_for(sub.next_batch(), 5)
        assert [e["seq"] for e in batch] == [1, 2, 3]
        hub.close()

    asyncio.run(scenario())
    other.close()
    store.close()


def test_cut_off_websocket_reconnects_and_replays(master):
    hub = master.server.master.hub
    hub.buffer = 1  # the first command of a day publishes two events at once: over the limit
    url = master.url.replace("http://", "ws://") + "/api/v1/events?token=" + \
        master.site.tokens["display"]
    with connect(url) as ws:
        master.issue("ktp")
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)
        assert closed.value.rcvd.code == 1013
    hub.buffer = 100
    with connect(url + "&since=0") as ws:
        assert [json.loads(ws.recv(timeout=5))["seq"] for _ in range(2)] == [1, 2]


def test_tokens_in_websocket_urls_are_not_logged():
    import json
    import logging

    from shared.master.logs import JsonFormatter

    record = logging.LogRecord("uvicorn.error", logging.INFO, __file__, 1,
                               '%s - "WebSocket %s" [accepted]',
                               ("127.0.0.1:5", "/api/v1/events?since=7&token=G-O_I8x"), None)
    line = json.loads(JsonFormatter().format(record))["msg"]
    assert "G-O_I8x" not in line and "token=[redacted]" in line and "since=7" in line
