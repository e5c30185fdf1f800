"""Idempotency keys: a retried request gets the first response instead of a second ticket.

The key row is written in the same transaction as the command it answers (QueueStore.execute_many
looks it up and writes it around the command), so after a crash either both the ticket and its
key exist or neither does. Keys are scoped per device.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # pragma: no cover
    from .queue_store import Outcome

KEEP_DAYS = 7  # keys older than this are purged at start-up


@dataclass(frozen=True)
class IdempotencyKey:
    """What the store needs to remember one response: whose key, which request, and how to turn
    the command's outcome into the (status, JSON body) to store and return."""

    device_id: int
    key: str
    request_hash: str
    respond: Callable[["Outcome"], tuple[int, dict[str, Any]]]


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: str  # JSON text, exactly as first sent
    request_hash: str
    replayed: bool  # True: an earlier request with this key produced it


def request_hash(payload: Any) -> str:
    """A stable hash of a parsed request body (key order does not matter)."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def lookup(conn: sqlite3.Connection, device_id: int, key: str) -> StoredResponse | None:
    row = conn.execute(
        "SELECT status, body, request_hash FROM idempotency_keys WHERE device_id = ? AND key = ?",
        (device_id, key)).fetchone()
    return StoredResponse(row[0], row[1], row[2], True) if row else None


def remember(conn: sqlite3.Connection, record: IdempotencyKey, status: int,
             body: dict[str, Any], now_ms: int) -> StoredResponse:
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    conn.execute(
        "INSERT INTO idempotency_keys (device_id, key, request_hash, status, body, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (record.device_id, record.key, record.request_hash, status, text, now_ms))
    return StoredResponse(status, text, record.request_hash, False)


def purge(conn: sqlite3.Connection, before_ms: int) -> int:
    return conn.execute("DELETE FROM idempotency_keys WHERE created_at < ?", (before_ms,)).rowcount
