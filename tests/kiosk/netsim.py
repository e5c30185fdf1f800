"""Stand-ins on 127.0.0.1 for the kiosk's tests: a network ESC/POS printer that records every
connection's bytes (and answers DLE EOT status requests from a table that the test may change
at any moment), and a TCP proxy in front of the master that can cut every connection, refuse
new ones, or swallow the next "201 Created" answer (a connection dropped mid-ticket)."""
from __future__ import annotations

import socket
import threading
import time

DLE_EOT = b"\x10\x04"
READY = {1: 0x12, 2: 0x12, 4: 0x12}  # online, cover closed, paper present
PAPER_OUT = {1: 0x1A, 2: 0x32, 4: 0x72}  # offline; cause: paper end; sensor: paper end


class _Listener:
    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.stopped = threading.Event()
        self.threads: list[threading.Thread] = []
        self.lock = threading.Lock()
        self.spawn(self._accept_loop)

    def spawn(self, target, *args) -> None:
        t = threading.Thread(target=target, args=args, daemon=True)
        t.start()
        self.threads.append(t)

    def _accept_loop(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.server.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            self.accepted(conn)

    def accepted(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.stopped.set()
        self.server.close()
        for t in self.threads:
            t.join(2)


class PrinterSim(_Listener):
    """``answers``: status byte per DLE EOT n (None: never answers); read at every request."""

    def __init__(self, answers: dict[int, int] | None = READY) -> None:
        self.answers = answers
        self.connections: list[bytes] = []
        super().__init__()

    @property
    def spec(self) -> str:
        return f"net:127.0.0.1:{self.port}"

    def accepted(self, conn: socket.socket) -> None:
        self.spawn(self._serve, conn)

    def _serve(self, conn: socket.socket) -> None:
        data, scanned = bytearray(), 0
        conn.settimeout(0.05)
        with conn:
            while not self.stopped.is_set():
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
                    answers = self.answers
                    if answers is not None and data[i + 2] in answers:
                        conn.sendall(bytes([answers[data[i + 2]]]))
        with self.lock:
            self.connections.append(bytes(data))

    def jobs(self) -> list[bytes]:
        """Connections that carried more than status requests (ticket jobs)."""
        with self.lock:
            return [c for c in self.connections if c.replace(DLE_EOT + b"\x01", b"")
                    .replace(DLE_EOT + b"\x02", b"").replace(DLE_EOT + b"\x04", b"")]


class MasterProxy(_Listener):
    """Forwards to the master. ``cut()`` closes every open connection and refuses new ones until
    ``restore()``; ``drop_next_201`` swallows that many 201 answers (closing the connection
    instead). ``sent``: what the kiosk sent on each connection."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.refusing = False
        self.drop_next_201 = 0
        self.dropped = 0
        self.sent: list[bytearray] = []  # per connection, in the order they were opened
        self.open: list[socket.socket] = []
        super().__init__()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def accepted(self, conn: socket.socket) -> None:
        if self.refusing:
            conn.close()
            return
        try:
            up = socket.create_connection(("127.0.0.1", self.target), timeout=2)
        except OSError:
            conn.close()
            return
        record = bytearray()
        with self.lock:
            self.open += [conn, up]
            self.sent.append(record)
        self.spawn(self._pump, conn, up, record)
        self.spawn(self._pump, up, conn, None)

    def _pump(self, src: socket.socket, dst: socket.socket, record: bytearray | None) -> None:
        src.settimeout(0.05)
        try:
            while not self.stopped.is_set():
                try:
                    chunk = src.recv(65536)
                except (TimeoutError, socket.timeout):
                    continue
                if not chunk:
                    break
                if record is not None:  # kiosk -> master
                    with self.lock:
                        record += chunk
                elif self.drop_next_201 and chunk.startswith(b"HTTP/1.1 201"):
                    with self.lock:
                        self.drop_next_201 -= 1
                        self.dropped += 1
                    break  # the answer is lost on the way: the kiosk sees the link drop
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def cut(self) -> None:
        self.refusing = True
        with self.lock:
            conns, self.open = self.open, []
        for s in conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def restore(self) -> None:
        self.refusing = False

    def requests(self, method_path: bytes) -> list[bytes]:
        """Every complete request whose first line starts with ``method_path`` (head and
        body), connection by connection."""
        with self.lock:
            streams = [bytes(r) for r in self.sent]
        out = []
        for data in streams:
            start = 0
            while (i := data.find(method_path, start)) >= 0:
                nxt = data.find(b"\r\n\r\n", i)
                if nxt < 0:
                    break  # still arriving
                length = 0
                for line in data[i:nxt].split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                if nxt + 4 + length > len(data):
                    break  # the body is still arriving
                out.append(data[i:nxt + 4 + length])
                start = nxt + 4 + length
        return out


def wait_until(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()
