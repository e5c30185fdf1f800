"""The queue store: the only writer of queue state.

It keeps the engine's state in memory, runs each command inside an SQLite transaction, persists
the tickets and counters the events touch plus the events themselves (numbered by the per-site
sequence), and only then acknowledges. Several commands may share one commit (group commit):
each is validated completely by the engine before it changes anything (so a refused command
writes nothing), and all are acknowledged only after the shared COMMIT. An unexpected error
(a bug, a full disk) rolls back the whole batch and fails every command in it.

Another process writing the same file (a CLI import while the master runs) is noticed through
PRAGMA data_version, and the in-memory state is reloaded before the next command.
"""
from __future__ import annotations

import json
import logging
import secrets
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..catalog.draft import CatalogDraft
from ..domain import commands as c
from ..domain.engine import Context, QueueEngine, QueueState, Rejected
from ..domain.eta import Estimate
from ..domain.events import Event, EventType, jsonable
from ..domain.model import Channel, PriorityClass
from ..domain.tickets import CounterState, CounterStatus, PauseReason, Ticket, TicketStatus
from .catalog_db import load_catalog, replace_catalog
from .database import open_database
from . import idempotency as _idem
from .idempotency import IdempotencyKey, StoredResponse

Clock = Callable[[], datetime]

log = logging.getLogger("antrean.store")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def to_ms(t: datetime | None) -> int | None:
    return None if t is None else int(t.timestamp() * 1000)


def from_ms(ms: int | None) -> datetime | None:
    return None if ms is None else datetime.fromtimestamp(ms / 1000, timezone.utc)


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    type: str
    at: datetime
    ticket_id: int | None
    counter_id: int | None
    data: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "type": self.type, "at": self.at.isoformat(),
                "ticket_id": self.ticket_id, "counter_id": self.counter_id, "data": self.data}


@dataclass
class Outcome:
    """What one command did: its stored events, or why it was refused."""

    events: list[StoredEvent] = field(default_factory=list)
    rejected: Rejected | None = None
    ticket: Ticket | None = None  # copy of the ticket the command acted on, after it
    estimate: Estimate | None = None  # for an issued ticket
    # With an idempotency key: the response stored with it (replayed=True: the command was not
    # run again, an earlier request with the same key produced this response).
    response: StoredResponse | None = None

    @property
    def ok(self) -> bool:
        return self.rejected is None


class QueueStore:
    def __init__(self, path: str | Path, *, clock: Clock = utc_now, durable: bool = True) -> None:
        self.path = Path(path)
        self.clock = clock
        self.conn = open_database(self.path, durable=durable)
        self.lock = threading.RLock()
        self.listeners: list[Callable[[list[StoredEvent]], None]] = []
        self._bulk = False
        self._written: list[StoredEvent] | None = None  # events of the write() under way
        self._memory_changed = False
        self._load()

    # -- loading ---------------------------------------------------------------------------------
    def _load(self) -> None:
        conn = self.conn
        if not conn.in_transaction:
            # One snapshot for all the reads and for data_version: a commit by another connection
            # between them would otherwise be half-seen and then never noticed.
            conn.execute("BEGIN")
            try:
                return self._load()
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")  # read only
        catalog = load_catalog(conn)
        self.site_id = catalog.site.id
        state = QueueState(catalog)
        latest = conn.execute("SELECT max(day) FROM tickets").fetchone()[0]
        started = conn.execute(
            "SELECT json_extract(data, '$.day') FROM events WHERE type = 'day_started' "
            "ORDER BY seq DESC LIMIT 1").fetchone()
        if started and started[0] and (latest is None or started[0] > latest):
            latest = started[0]  # the day has begun (counters opened) before its first ticket
        if latest is not None:
            state.day = date.fromisoformat(latest)
            rows = conn.execute(
                f"SELECT {_TICKET_COLS} FROM tickets WHERE day = ? OR status IN "
                "('waiting', 'called', 'serving', 'no_show')", (latest,)).fetchall()
            for row in rows:
                state.add_ticket(_ticket_from_row(row))
            for t in state.tickets.values():
                if t.day == state.day:
                    state.series[t.prefix] = max(state.series.get(t.prefix, 0), t.seq)
                    if t.channel is Channel.WALK_IN:
                        sid = t.original_service_id or t.service_id
                        state.issued[sid] = state.issued.get(sid, 0) + 1
                    if t.status is TicketStatus.DONE and t.started_at and t.finished_at:
                        state.record_duration(
                            t.service_id, (t.finished_at - t.started_at).total_seconds() / 60)
        for row in conn.execute("SELECT * FROM counter_state").fetchall():
            (cid, status, officer, ticket_id, since, reason, normals, history) = row
            if cid in catalog.counters:
                state.counters[cid] = CounterState(
                    cid, CounterStatus(status), officer, ticket_id, from_ms(since),
                    PauseReason(reason) if reason else None, normals, json.loads(history))
        self.next_id = (conn.execute("SELECT max(id) FROM tickets").fetchone()[0] or 0) + 1
        self.engine = QueueEngine(state)
        self._data_version = self._read_data_version()

    def _read_data_version(self) -> int:
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    @property
    def state(self) -> QueueState:
        return self.engine.state

    # -- commands --------------------------------------------------------------------------------
    def execute(self, command: c.Command) -> Outcome:
        return self.execute_many([command])[0]

    def execute_many(self, commands: list[c.Command],
                     times: list[datetime] | None = None,
                     idempotency: list[IdempotencyKey | None] | None = None) -> list[Outcome]:
        """Run commands in one transaction (one durable commit), each atomically.

        `times` overrides the clock per command (simulated history, replays).
        `idempotency` (parallel to commands, optional): a command whose key is already stored is
        not run again, its outcome carries the stored response; otherwise the response is stored
        with the key inside this same transaction (a crash keeps both or neither)."""
        with self.lock:
            conn = self.conn
            if self._bulk:
                return [self._run(command, times[i] if times else self.clock())
                        for i, command in enumerate(commands)]
            conn.execute("BEGIN IMMEDIATE")
            try:
                if self._read_data_version() != self._data_version:
                    self._load()  # someone else committed: start from the file's truth
                outcomes = [
                    self._run_keyed(command, times[i] if times else self.clock(),
                                    idempotency[i] if idempotency else None)
                    for i, command in enumerate(commands)]
                # Read before COMMIT: our own commit leaves data_version alone, but a commit by
                # another connection right after ours would be taken for seen if read later.
                self._data_version = self._read_data_version()
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite may have rolled back already (disk full, I/O)
                    conn.execute("ROLLBACK")
                self._load()  # memory may hold changes the file does not: drop them
                raise
        self._publish([e for o in outcomes for e in o.events])
        return outcomes

    def _publish(self, events: list[StoredEvent]) -> None:
        if not events:
            return
        for listener in list(self.listeners):
            try:
                listener(events)
            except Exception:  # the commands are committed: their callers must hear so
                log.exception("event listener failed")

    def _run_keyed(self, command: c.Command, now: datetime,
                   record: IdempotencyKey | None) -> Outcome:
        if record is None:
            return self._run(command, now)
        stored = _idem.lookup(self.conn, record.device_id, record.key)
        if stored is not None:
            return Outcome(response=stored)
        outcome = self._run(command, now)
        status, body = record.respond(outcome)
        outcome.response = _idem.remember(self.conn, record, status, body, to_ms(now))  # type: ignore[arg-type]
        return outcome

    def write(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run `fn(conn)` in its own durable transaction on the store's connection: devices,
        sessions, officers (writes that are not queue commands). On the same connection as the
        commands, so it is not mistaken for another process's change.

        Inside `fn`, ``append_event`` adds an event that is not a queue command's and
        ``run_command`` runs a command after a check made in the same transaction; their events
        go to the listeners (the WebSocket hub) after the COMMIT, like commands' events."""
        with self.lock:
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            self._written, self._memory_changed = [], False
            try:
                if self._read_data_version() != self._data_version:
                    self._load()
                result = fn(conn)
                self._data_version = self._read_data_version()
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if self._memory_changed:
                    self._load()  # a command ran in memory: drop what the file does not hold
                raise
            finally:
                events, self._written = self._written or [], None
        self._publish(events)
        return result

    def outside_change_pending(self) -> bool:
        """Another process committed to the file (e.g. `antrean catalog import` while the master
        runs): the next write reloads memory; the master makes that write at once."""
        with self.lock:
            return self._read_data_version() != self._data_version

    def append_event(self, type_: str, data: dict[str, Any], *, at: datetime | None = None,
                     ticket_id: int | None = None, counter_id: int | None = None) -> StoredEvent:
        """Inside ``write``: an event that is not a queue command's (e.g. ``device_status``),
        numbered by the same sequence; published after the commit."""
        if self._written is None:
            raise RuntimeError("append_event runs inside QueueStore.write")
        at = at or self.clock()
        payload = jsonable(data)
        cur = self.conn.execute(
            "INSERT INTO events (site_id, at, type, ticket_id, counter_id, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (self.site_id, to_ms(at), type_, ticket_id, counter_id,
             json.dumps(payload, ensure_ascii=False, separators=(",", ":"))))
        stored = StoredEvent(cur.lastrowid, type_, at, ticket_id, counter_id, payload)  # type: ignore[arg-type]
        self._written.append(stored)
        return stored

    def run_command(self, command: c.Command, *, annotate: dict[str, Any] | None = None
                    ) -> Outcome:
        """Inside ``write``: run a command in this transaction (the master's own decisions,
        checked against the state in the same transaction). ``annotate`` is added to the data
        of the command's events (e.g. a reason; an event's own data wins)."""
        if self._written is None:
            raise RuntimeError("run_command runs inside QueueStore.write")
        self._memory_changed = True
        outcome = self._run(command, self.clock(), annotate)
        self._written.extend(outcome.events)
        return outcome

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """One transaction around many commands, no listeners: for seeding simulated history."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            self._bulk = True
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            finally:
                self._bulk = False
                self._load()

    def _new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def _run(self, command: c.Command, now: datetime,
             annotate: dict[str, Any] | None = None) -> Outcome:
        ctx = Context(now, self._new_id, lambda: secrets.token_urlsafe(16))
        estimate = None
        if isinstance(command, c.IssueTicket) and command.service_id in self.state.catalog.services:
            # Everyone waiting now is ahead of the new ticket: O(1), unlike a positional count.
            estimate = self.engine.estimate_new(command.service_id, command.priority is not None)
        try:
            events = self.engine.handle(command, ctx)
        except Rejected as rejected:
            return Outcome(self._persist(rejected.pending_events), rejected=rejected)
        if annotate:  # the event's own data wins
            events = [replace(e, data={**annotate, **e.data}) for e in events]
        outcome = Outcome(self._persist(events))
        ticket_ids = [e.ticket_id for e in events if e.ticket_id is not None]
        if ticket_ids:
            ticket = self.state.tickets[ticket_ids[-1]]
            outcome.ticket = replace(ticket)
            outcome.estimate = estimate
        return outcome

    def _persist(self, events: list[Event]) -> list[StoredEvent]:
        if not events:
            return []
        conn = self.conn
        state = self.state
        tickets = {e.ticket_id for e in events if e.ticket_id is not None}
        counters = {e.counter_id for e in events if e.counter_id is not None}
        issued = {e.ticket_id for e in events if e.type is EventType.TICKET_ISSUED}
        for tid in tickets:
            # A new ticket is a plain INSERT: should its id or number exist already, the command
            # fails (and memory is reloaded) instead of REPLACE silently deleting another ticket.
            verb = "INSERT" if tid in issued else "INSERT OR REPLACE"
            conn.execute(f"{verb} INTO tickets ({_TICKET_COLS}) VALUES ({_TICKET_QS})",
                         _ticket_row(state.tickets[tid], state))
        for cid in counters:
            s = state.counters[cid]
            conn.execute(
                "INSERT OR REPLACE INTO counter_state VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (cid, s.status.value, s.officer_id, s.ticket_id, to_ms(s.since),
                 s.pause_reason.value if s.pause_reason else None, s.normals_since_priority,
                 json.dumps(s.history)))
        stored = []
        for e in events:
            data = jsonable({**self._describe(e), **e.data})
            cur = conn.execute(
                "INSERT INTO events (site_id, at, type, ticket_id, counter_id, data) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (self.site_id, to_ms(e.at), e.type.value, e.ticket_id, e.counter_id,
                 json.dumps(data, separators=(",", ":"))))
            stored.append(StoredEvent(cur.lastrowid, e.type.value, e.at, e.ticket_id,
                                      e.counter_id, data))
        return stored

    def _describe(self, e: Event) -> dict[str, Any]:
        """What a display needs to show an event without asking back (number, loket, agency)."""
        catalog = self.state.catalog
        out: dict[str, Any] = {}
        if e.ticket_id is not None:
            t = self.state.tickets[e.ticket_id]
            service = catalog.services[t.service_id]
            out.update(number=t.number, service_id=t.service_id, agency_id=service.agency_id,
                       status=t.status.value, priority=t.priority)
        if e.counter_id is not None:
            counter = catalog.counters[e.counter_id]
            booth = catalog.booths[counter.booth_id]
            agency = catalog.agencies[booth.agency_id]
            out.update(counter_number=counter.number, booth=booth.name, zone=counter.zone or booth.zone,
                       agency=agency.short_name, counter_status=self.state.counters[e.counter_id].status.value)
        return out

    # -- catalog -----------------------------------------------------------------------------------
    def replace_catalog(self, draft: CatalogDraft) -> None:
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                replace_catalog(self.conn, draft)
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            finally:
                self._load()

    # -- reads -------------------------------------------------------------------------------------
    def events_since(self, seq: int, limit: int = 1000) -> list[StoredEvent]:
        with self.lock:
            rows = self.conn.execute(
                "SELECT seq, type, at, ticket_id, counter_id, data FROM events WHERE seq > ? "
                "ORDER BY seq LIMIT ?", (seq, limit)).fetchall()
        return [StoredEvent(r[0], r[1], from_ms(r[2]), r[3], r[4], json.loads(r[5]))  # type: ignore[arg-type]
                for r in rows]

    def last_seq(self) -> int:
        with self.lock:
            return self.conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]

    def ticket_by_token(self, token: str) -> Ticket | None:
        with self.lock:
            for t in self.state.tickets.values():
                if secrets.compare_digest(t.token, token):
                    return replace(t)
            row = self.conn.execute(f"SELECT {_TICKET_COLS} FROM tickets WHERE token = ?",
                                    (token,)).fetchone()
        return _ticket_from_row(row) if row else None

    def close(self) -> None:
        with self.lock:
            self.conn.close()


_TICKET_FIELDS = (
    "id", "token", "day", "prefix", "seq", "number", "service_id", "original_service_id",
    "agency_id", "priority", "channel", "status", "issued_at", "queue_at", "called_at",
    "started_at", "finished_at", "counter_id", "officer_id", "calls", "requeues", "transfers",
    "services_done", "booking_code",
)
_TICKET_COLS = ", ".join(_TICKET_FIELDS)
_TICKET_QS = ", ".join("?" * len(_TICKET_FIELDS))


def _ticket_row(t: Ticket, state: QueueState) -> tuple:
    agency_id = state.catalog.services[t.service_id].agency_id
    return (
        t.id, t.token, t.day.isoformat(), t.prefix, t.seq, t.number, t.service_id,
        t.original_service_id or t.service_id, agency_id,
        t.priority.value if t.priority else None, t.channel.value, t.status.value,
        to_ms(t.issued_at), to_ms(t.queue_at), to_ms(t.called_at), to_ms(t.started_at),
        to_ms(t.finished_at), t.counter_id, t.officer_id, t.calls, t.requeues, t.transfers,
        json.dumps(list(t.services_done)), t.booking_code,
    )


def _ticket_from_row(r: Iterable) -> Ticket:
    (tid, token, day, prefix, seq, number, service_id, original, _agency, priority, channel,
     status, issued, queue, called, started, finished, counter_id, officer_id, calls, requeues,
     transfers, done, booking) = r
    return Ticket(
        id=tid, token=token, service_id=service_id, number=number, prefix=prefix, seq=seq,
        day=date.fromisoformat(day), issued_at=from_ms(issued), queue_at=from_ms(queue),  # type: ignore[arg-type]
        priority=PriorityClass(priority) if priority else None, channel=Channel(channel),
        status=TicketStatus(status), counter_id=counter_id, officer_id=officer_id,
        called_at=from_ms(called), started_at=from_ms(started), finished_at=from_ms(finished),
        calls=calls, requeues=requeues, transfers=transfers, original_service_id=original,
        services_done=tuple(json.loads(done)), booking_code=booking,
    )

