"""Acceptance: 8 threads or processes issuing and calling against one database file for 10 s —
zero duplicate numbers, zero lost tickets, no ticket at two counters at once.

(a) 8 threads share one QueueStore through the GroupWriter (the master's set-up).
(b) 4 processes each open their own QueueStore on the same file: every command starts with
    BEGIN IMMEDIATE (waiting on busy_timeout) and reloads when PRAGMA data_version says another
    process committed."""
from __future__ import annotations

import random
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter

import pytest

from shared.domain import commands as c
from shared.domain.model import PriorityClass
from shared.store.queue_store import QueueStore
from shared.store.writer import GroupWriter

from .fixtures import (SteadyClock, T0, check_events, check_tickets, counter_id, create_db,
                       event_rows, service_id)

SECONDS = 10.0


def state_of(store: QueueStore) -> tuple[dict, dict]:
    tickets = {t.id: (t.number, t.status.value, t.counter_id, t.service_id, t.calls)
               for t in store.state.tickets.values()}
    counters = {s.counter_id: (s.status.value, s.officer_id, s.ticket_id)
                for s in store.state.counters.values()}
    return tickets, counters


@pytest.mark.slow
def test_eight_threads_through_the_group_writer(tmp_path):
    db = create_db(tmp_path / "site.db")
    store = QueueStore(db, clock=SteadyClock())
    writer = GroupWriter(store)
    services = [service_id(store, "KTP"), service_id(store, "KK")]
    counters = [counter_id(store, f"DUK-{n}") for n in (1, 2, 3, 4)]
    seqs: list[int] = []  # of every event acknowledged to a caller
    for officer, counter in enumerate(counters, start=1):
        outcome = writer.execute(c.OpenCounter(counter, officer))
        assert outcome.ok
        seqs.extend(e.seq for e in outcome.events)

    issued: dict[int, str] = {}
    calls: Counter = Counter()  # (ticket, counter) acknowledged as called
    tally: Counter = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def work(k: int) -> None:
        rng = random.Random(k)
        try:
            while time.monotonic() < deadline:
                r = rng.random()
                counter = rng.choice(counters)
                if r < 0.5:
                    priority = PriorityClass.LANSIA if rng.random() < 0.1 else None
                    command = c.IssueTicket(rng.choice(services), priority=priority)
                elif r < 0.8:
                    command = c.CallNext(counter)
                elif r < 0.93:
                    command = c.Finish(counter)
                elif r < 0.97:
                    command = c.StartService(counter)
                else:
                    command = c.Transfer(counter, rng.choice(services))
                outcome = writer.execute(command)
                with lock:
                    seqs.extend(e.seq for e in outcome.events)
                    name = type(command).__name__
                    tally[name if outcome.ok else f"{name}:{outcome.rejected.code}"] += 1
                    if outcome.ok and isinstance(command, c.IssueTicket):
                        issued[outcome.ticket.id] = outcome.ticket.number
                    if outcome.ok and isinstance(command, c.CallNext):
                        calls[(outcome.ticket.id, command.counter_id)] += 1
        except BaseException as exc:  # reported below, with the rest
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    writer.close()
    final = state_of(store)
    store.close()
    assert not errors, errors

    rows = check_tickets(db, issued)
    assert len(rows) == len(issued), "a ticket was stored that nobody was told of"
    events = check_events(db)
    assert sorted(seqs) == [e["seq"] for e in events], "acknowledged events and the log differ"
    called = Counter((e["ticket_id"], e["counter_id"]) for e in events if e["type"] == "ticket_called")
    assert called == calls
    reopened = QueueStore(db, clock=SteadyClock())
    assert state_of(reopened) == final  # memory and file agree
    reopened.close()
    commands = sum(tally.values())
    print(f"\n8 threads, group writer: {len(issued)} tickets issued, {sum(calls.values())} calls, "
          f"{commands} commands in {elapsed:.1f} s ({len(issued) / elapsed:.0f} tickets/s, "
          f"{commands / elapsed:.0f} commands/s), {len(events)} events; {dict(tally)}")
    assert len(issued) >= 100 and sum(calls.values()) >= 50


CHILD = textwrap.dedent('''
    import random, sys, time
    from datetime import datetime, timedelta, timezone
    from shared.domain import commands as c
    from shared.store.queue_store import QueueStore

    db, k, start, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    T0 = datetime.fromisoformat(sys.argv[5])
    store = QueueStore(db, clock=lambda: T0 + timedelta(seconds=time.time() - start))
    services = sorted(s.id for s in store.state.catalog.services.values() if s.prefix in "AB")
    counter = next(x.id for x in store.state.catalog.counters.values() if x.code == f"DUK-{k + 1}")
    rng = random.Random(k)
    out = []
    time.sleep(max(0.0, start - time.time()))
    o = store.execute(c.OpenCounter(counter, k + 1))
    assert o.ok, o.rejected
    out.extend(f"E {e.seq}" for e in o.events)
    rejected = 0
    worst = 0.0
    while time.time() < start + seconds:
        time.sleep(0)  # yield, then straight back at the lock: as much contention as we can
        r = rng.random()
        t = time.monotonic()
        if r < 0.7:
            o = store.execute(c.IssueTicket(rng.choice(services)))
            assert o.ok, o.rejected
            out.append(f"I {o.ticket.id} {o.ticket.number}")
        elif r < 0.9:
            o = store.execute(c.CallNext(counter))
            if o.ok:
                out.append(f"C {o.ticket.id} {counter}")
        else:
            o = store.execute(c.Finish(counter))
        worst = max(worst, time.monotonic() - t)
        rejected += not o.ok
        for e in o.events:
            out.append(f"E {e.seq}")
    store.close()
    out.append(f"R {rejected}")
    out.append(f"L {worst}")
    sys.stdout.write("\\n".join(out) + "\\n")
''')


@pytest.mark.slow
def test_four_processes_with_their_own_store(tmp_path):
    db = create_db(tmp_path / "site.db")
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    start = time.time() + 1.5  # all begin together, after their imports
    procs = [subprocess.Popen([sys.executable, str(script), str(db), str(k), str(start),
                               str(SECONDS), T0.isoformat()],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for k in range(4)]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=SECONDS + 60)
        assert proc.returncode == 0, err.decode()[-3000:]
        outputs.append(out.decode().splitlines())

    issued: dict[int, str] = {}
    calls: Counter = Counter()
    seqs: list[int] = []
    rejected = 0
    worst = 0.0
    per_process = []
    for lines in outputs:
        mine = 0
        for line in lines:
            kind, *rest = line.split()
            if kind == "I":
                assert int(rest[0]) not in issued, f"ticket id {rest[0]} acknowledged twice"
                issued[int(rest[0])] = rest[1]
                mine += 1
            elif kind == "C":
                calls[(int(rest[0]), int(rest[1]))] += 1
            elif kind == "E":
                seqs.append(int(rest[0]))
            elif kind == "R":
                rejected += int(rest[0])
            elif kind == "L":
                worst = max(worst, float(rest[0]))
        per_process.append(mine)

    rows = check_tickets(db, issued)
    assert len(rows) == len(issued)
    events = check_events(db)
    assert sorted(seqs) == [e["seq"] for e in events], "an acknowledged event is not stored"
    called = Counter((e["ticket_id"], e["counter_id"]) for e in events if e["type"] == "ticket_called")
    assert called == calls
    assert [e["type"] for e in events].count("day_started") == 1
    print(f"\n4 processes: {len(issued)} tickets issued {per_process}, {sum(calls.values())} calls, "
          f"{len(events)} events, {rejected} rejected (empty queue / no ticket) in {SECONDS:.0f} s "
          f"({len(issued) / SECONDS:.0f} tickets/s), slowest command {worst * 1000:.0f} ms")
    assert len(issued) >= 100 and sum(calls.values()) >= 20
    assert len(event_rows(db)) == len(events)
