"""Part of the network benchmarks (``antrean bench``, see :mod:`shared.cli.bench_net`): a small raw
HTTP/1.1 keep-alive client, counter sign-in, percentiles.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from .master_process import Site


# -- a small HTTP/1.1 keep-alive client (cheap enough not to compete with the master) ----------
class RawHttp:
    def __init__(self, url: str, token: str) -> None:
        rest = url.split("://", 1)[1]
        self.host, port = rest.rsplit(":", 1)
        self.port = int(port)
        self.token = token
        self.session: str | None = None
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
            self.writer = None

    async def request(self, method: str, path: str, body: Any = None,
                      headers: dict[str, str] | None = None) -> tuple[int, Any]:
        if self.writer is None:
            await self._connect()
        assert self.reader is not None and self.writer is not None
        data = b"" if body is None else json.dumps(body).encode()
        lines = [f"{method} /api/v1{path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                 f"Authorization: Bearer {self.token}", f"Content-Length: {len(data)}"]
        if data:
            lines.append("Content-Type: application/json")
        if self.session:
            lines.append(f"X-Officer-Session: {self.session}")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + data)
        try:
            status_line = await self.reader.readline()
            if not status_line:
                raise ConnectionError("connection closed")
            status = int(status_line.split()[1])
            length, close = 0, False
            while True:
                line = await self.reader.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                key, _, value = line.decode("latin-1").partition(":")
                key = key.strip().lower()
                if key == "content-length":
                    length = int(value)
                elif key == "connection" and value.strip().lower() == "close":
                    close = True
                elif key == "transfer-encoding":
                    raise ConnectionError("chunked responses are not supported here")
            raw = await self.reader.readexactly(length) if length else b""
        except BaseException:
            await self.close()
            raise
        if close:
            await self.close()
        return status, json.loads(raw) if raw else None


async def sign_in(http: RawHttp, site: Site, counter_id: int) -> None:
    status, body = await http.request("POST", "/sessions", {
        "username": site.officer, "pin": site.pin, "counter_id": counter_id})
    if status != 200:
        raise RuntimeError(f"sign-in at counter {counter_id}: {status} {body}")
    http.session = body["session"]
    status, body = await http.request("POST", f"/counters/{counter_id}/open")
    if status != 200:
        raise RuntimeError(f"open counter {counter_id}: {status} {body}")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]
