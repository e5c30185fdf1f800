"""A stand-in network printer: a real TCP listener on 127.0.0.1 (random port).

It records every connection's bytes and answers DLE EOT n real-time status requests from a
table (like a printer), or stays silent, or accepts and never reads at all."""
from __future__ import annotations

import socket
import threading
import time

import pytest

DLE_EOT = b"\x10\x04"

READY = {1: 0x12, 2: 0x12, 4: 0x12}  # online, cover closed, paper present
PAPER_OUT = {1: 0x1A, 2: 0x32, 4: 0x72}  # offline; cause: paper end; sensor: paper end
COVER_OPEN = {1: 0x1A, 2: 0x16, 4: 0x12}  # offline; cause: cover open
NEAR_END = {1: 0x12, 2: 0x12, 4: 0x1E}  # online, paper near end


class PrinterSim:
    def __init__(self, answers: dict[int, int] | None = None, *, read: bool = True,
                 rcvbuf: int | None = None) -> None:
        self.answers = answers  # None: never answers status requests
        self.read = read  # False: accepts connections but never reads from them
        self.connections: list[bytes] = []  # finished connections, in order
        self._held: list[socket.socket] = []
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if rcvbuf:
            self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(8)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        accept = threading.Thread(target=self._accept, daemon=True)
        accept.start()
        self._threads.append(accept)

    @property
    def spec(self) -> str:
        return f"net:127.0.0.1:{self.port}"

    def _accept(self) -> None:
        self._server.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            if not self.read:
                self._held.append(conn)
                continue
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            t.start()
            self._threads.append(t)

    def _serve(self, conn: socket.socket) -> None:
        data = bytearray()
        scanned = 0
        conn.settimeout(0.1)
        with conn:
            while not self._stop.is_set():
                try:
                    chunk = conn.recv(65536)
                except (TimeoutError, socket.timeout):
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
                while (i := data.find(DLE_EOT, scanned)) >= 0 and i + 2 < len(data):
                    scanned = i + 3
                    n = data[i + 2]
                    if self.answers is not None and n in self.answers:
                        conn.sendall(bytes([self.answers[n]]))
        with self._lock:
            self.connections.append(bytes(data))

    def wait_connections(self, count: int, timeout: float = 3.0) -> list[bytes]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.connections) >= count:
                    return list(self.connections)
            time.sleep(0.01)
        with self._lock:
            return list(self.connections)

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        for conn in self._held:
            conn.close()
        for t in self._threads:
            t.join(timeout=2)


@pytest.fixture
def printer_sim():
    sims: list[PrinterSim] = []

    def make(answers=READY, **kwargs) -> PrinterSim:
        sim = PrinterSim(answers, **kwargs)
        sims.append(sim)
        return sim

    yield make
    for sim in sims:
        sim.close()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 with nobody listening."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
