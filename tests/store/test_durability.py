"""kill -9 in the middle of issuing: every ticket acknowledged before the kill is in the file.

A child process issues tickets in a loop and prints each number only after `execute` returned
(what a kiosk does before printing). The parent reads those lines, kills the child with SIGKILL
at an arbitrary moment, reopens the database and compares. Two rounds per test, so numbering
must also continue across the crash."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from shared.domain import commands as c
from shared.store.queue_store import QueueStore

from .fixtures import FakeClock, T0, check_events, check_tickets, create_db, raw

CHILD = textwrap.dedent('''
    import sys, threading, time
    from datetime import datetime, timedelta, timezone
    from shared.domain import commands as c
    from shared.store.queue_store import QueueStore
    from shared.store.writer import GroupWriter

    db, mode, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    T0 = datetime.fromisoformat(sys.argv[4])
    m0 = time.monotonic()
    store = QueueStore(db, clock=lambda: T0 + timedelta(seconds=time.monotonic() - m0))
    services = sorted(s.id for s in store.state.catalog.services.values())
    lock = threading.Lock()

    def ack(outcome):
        assert outcome.ok, outcome.rejected
        with lock:  # one write per line: a line is either whole or absent
            sys.stdout.buffer.write(f"{outcome.ticket.id} {outcome.ticket.number}\\n".encode())
            sys.stdout.buffer.flush()

    if mode == "store":
        print("ready", flush=True)
        i = 0
        while True:
            ack(store.execute(c.IssueTicket(services[i % len(services)])))
            i += 1
    else:
        writer = GroupWriter(store)

        def work(k):
            i = k
            while True:
                ack(writer.execute(c.IssueTicket(services[i % len(services)])))
                i += 1

        workers = [threading.Thread(target=work, args=(k,), daemon=True) for k in range(threads)]
        print("ready", flush=True)
        for w in workers:
            w.start()
        for w in workers:
            w.join()
''')


def run_and_kill(tmp_path, db, mode: str, threads: int, seconds: float) -> dict[int, str]:
    """Run the child for `seconds` after it is ready, SIGKILL it, return what it acknowledged."""
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(db), mode, str(threads), T0.isoformat()],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines: list[bytes] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            if line == b"ready\n":
                ready.set()
            else:
                lines.append(line)
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(30), "child did not start"
        assert proc.poll() is None, proc.stderr.read().decode()  # type: ignore[union-attr]
        time.sleep(seconds)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        reader.join(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read().decode()  # type: ignore[union-attr]
    assert proc.returncode == -signal.SIGKILL, stderr
    acked = {}
    for line in lines:
        if line.endswith(b"\n"):  # a line cut by the kill was not acknowledged
            tid, number = line.decode().split()
            assert int(tid) not in acked, f"ticket id {tid} acknowledged twice"
            acked[int(tid)] = number
    return acked


@pytest.mark.parametrize("mode,threads", [("store", 1), ("writer", 4)],
                         ids=["queue-store", "group-writer-4-threads"])
def test_acknowledged_tickets_survive_kill_9(tmp_path, mode, threads):
    db = create_db(tmp_path / "site.db")
    acknowledged: dict[int, str] = {}
    stored = 0
    for seconds in (1.2, 0.6):
        acked = run_and_kill(tmp_path, db, mode, threads, seconds)
        assert len(acked) >= 10, f"only {len(acked)} tickets in {seconds} s"
        assert not set(acked) & set(acknowledged), "a ticket id reused after the crash"
        acknowledged.update(acked)

        rows = check_tickets(db, acknowledged)  # all present, no duplicates, no holes
        check_events(db)
        # At most the commands in flight at the kill are stored but unacknowledged.
        assert 0 <= len(rows) - stored - len(acked) <= threads
        stored = len(rows)
        conn = raw(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()

    rows = check_tickets(db, acknowledged)
    print(f"\n{mode}: {len(acknowledged)} acknowledged, {len(rows)} stored")
    # The numbering goes on where the file says, after the crashes.
    store = QueueStore(db, clock=FakeClock(T0.replace(hour=9)))
    per_prefix = {}
    for r in rows:
        per_prefix[r["prefix"]] = per_prefix.get(r["prefix"], 0) + 1
    service = next(s for s in store.state.catalog.services.values() if s.prefix == "A")
    outcome = store.execute(c.IssueTicket(service.id))
    assert outcome.ticket.number == f"A{per_prefix['A'] + 1:03d}"
    store.close()
