"""A scriptable stand-in for the master's /snapshot, /tickets and /events (Starlette + uvicorn in
a thread), for client behaviour the real master does not produce on demand (gaps, resyncs,
5xx before an answer)."""
from __future__ import annotations

import asyncio
import socket
import threading
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect


def ev(seq: int) -> dict[str, Any]:
    return {"seq": seq, "type": "ticket_issued", "at": "2026-11-23T08:00:00+07:00",
            "ticket_id": seq, "counter_id": None, "data": {"number": f"A{seq:03d}"}}


class FakeMaster:
    def __init__(self, port: int = 0) -> None:
        self.snapshot_seq = 0
        self.log: list[dict] = []  # what the WebSocket replays/pushes (may contain gaps)
        self.resync_if_since_above: int | None = None
        self.ws_connects: list[dict] = []
        self.snapshot_calls = 0
        self.ticket_posts: list[dict] = []
        self.fail_tickets = 0  # answer this many POST /tickets with 503 (after doing the work)
        self.issued: dict[str, dict] = {}
        self._subscribers: list[asyncio.Queue] = []
        self.app = Starlette(routes=[
            Route("/api/v1/snapshot", self.snapshot),
            Route("/api/v1/tickets", self.tickets, methods=["POST"]),
            WebSocketRoute("/api/v1/events", self.events),
        ])
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="off",
                                                    ws_ping_interval=None))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    def start(self) -> "FakeMaster":
        self.thread.start()
        while not self.server.started:
            threading.Event().wait(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(5)
        self.sock.close()

    def push(self, event: dict) -> None:
        """Append to the log and send to every open WebSocket (from the test thread)."""
        self.log.append(event)
        loop = getattr(self, "_loop", None)
        for q in list(self._subscribers):
            loop.call_soon_threadsafe(q.put_nowait, event)

    async def snapshot(self, request: Request) -> JSONResponse:
        self.snapshot_calls += 1
        return JSONResponse({"seq": self.snapshot_seq, "day": "2026-11-23", "counters": [],
                             "waiting": {}, "recent_calls": []})

    async def tickets(self, request: Request) -> JSONResponse:
        key = request.headers.get("idempotency-key", "")
        body = await request.json()
        self.ticket_posts.append({"key": key, "body": body,
                                  "auth": request.headers.get("authorization")})
        if key not in self.issued:
            self.issued[key] = {"ticket": {"id": len(self.issued) + 1, "number": "A001"}}
        if self.fail_tickets > 0:  # the work is done, the answer is lost
            self.fail_tickets -= 1
            return JSONResponse({"error": {"code": "unavailable", "message": "sibuk"}}, 503)
        return JSONResponse(self.issued[key], 201)

    async def events(self, ws: WebSocket) -> None:
        self._loop = asyncio.get_running_loop()
        since = int(ws.query_params.get("since", "0"))
        self.ws_connects.append({"since": since, "token": ws.query_params.get("token")})
        await ws.accept()
        if self.resync_if_since_above is not None and since > self.resync_if_since_above:
            await ws.send_json({"type": "resync", "seq": self.snapshot_seq})
            await ws.close()
            return
        q: asyncio.Queue = asyncio.Queue()
        self._subscribers.append(q)
        try:
            for e in list(self.log):
                if e["seq"] > since:
                    await ws.send_json(e)
            closed = asyncio.ensure_future(ws.receive())  # a disconnect ends the handler
            while True:
                getter = asyncio.ensure_future(q.get())
                done, _ = await asyncio.wait({getter, closed}, return_when=asyncio.FIRST_COMPLETED)
                if closed in done:
                    getter.cancel()
                    return
                e = getter.result()
                if e["seq"] > since:
                    await ws.send_json(e)
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            self._subscribers.remove(q)
