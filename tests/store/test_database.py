"""Opening the database file: migrations, refusals, pragmas."""
from __future__ import annotations

import sqlite3

import pytest

from shared.store.database import (NotAnAntreanDatabase, SchemaTooNew, connect, migrate,
                                   open_database)
from shared.store.queue_store import QueueStore
from shared.store.schema import MIGRATIONS, SCHEMA_MAJOR

from .fixtures import create_db, raw


def recorded(path) -> list[tuple]:
    conn = raw(path)
    try:
        return [tuple(r) for r in conn.execute(
            "SELECT version, major, name, applied_at FROM schema_migrations ORDER BY version")]
    finally:
        conn.close()


def test_fresh_database_records_every_migration(tmp_path):
    path = tmp_path / "site.db"
    conn = connect(path)
    assert migrate(conn) == [m.version for m in MIGRATIONS]
    conn.close()
    rows = recorded(path)
    assert [r[:3] for r in rows] == [(m.version, m.major, m.name) for m in MIGRATIONS]
    assert all(r[3] > 0 for r in rows)
    conn = raw(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert {"site", "services", "counters", "tickets", "counter_state", "events"} <= tables


def test_reopening_applies_nothing(tmp_path):
    path = tmp_path / "site.db"
    open_database(path).close()
    before = recorded(path)
    conn = open_database(path)
    assert migrate(conn) == []  # and open_database itself applied nothing either:
    conn.close()
    assert recorded(path) == before


def test_newer_major_is_refused_untouched(tmp_path):
    path = create_db(tmp_path / "site.db")
    conn = raw(path)
    conn.execute("INSERT INTO schema_migrations VALUES (99, 99, 'from the future', 0)")
    conn.close()
    before = recorded(path)
    with pytest.raises(SchemaTooNew) as info:
        open_database(path)
    message = str(info.value)
    assert "99" in message and str(SCHEMA_MAJOR) in message and "upgrade" in message.lower()
    with pytest.raises(SchemaTooNew):
        QueueStore(path)
    assert recorded(path) == before


def test_newer_migration_of_same_major_is_tolerated(tmp_path):
    path = create_db(tmp_path / "site.db")
    conn = raw(path)
    conn.execute("CREATE TABLE later_addition (x INTEGER)")
    conn.execute(f"INSERT INTO schema_migrations VALUES (99, {SCHEMA_MAJOR}, 'additive', 0)")
    conn.close()
    before = recorded(path)
    conn = open_database(path)
    assert migrate(conn) == []
    conn.close()
    store = QueueStore(path)
    store.close()
    assert recorded(path) == before


GARBAGE = {
    "text": b"service;prefix;name\nKTP;A;KTP-el\n" * 200,
    "short": b"hello",
    "bad header": b"SQLite format 3\x00" + b"\xff" * 4080,
    "zip": b"PK\x03\x04" + bytes(range(256)) * 16,
}


@pytest.mark.parametrize("content", GARBAGE.values(), ids=GARBAGE.keys())
def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path, content):
    path = tmp_path / "catalog.csv"
    path.write_bytes(content)
    with pytest.raises(NotAnAntreanDatabase) as info:
        open_database(path)
    assert str(path) in str(info.value)
    with pytest.raises(NotAnAntreanDatabase):
        QueueStore(path)
    assert path.read_bytes() == content
    assert not (tmp_path / "catalog.csv-wal").exists() or \
        (tmp_path / "catalog.csv-wal").stat().st_size == 0


def test_missing_file_without_create(tmp_path):
    with pytest.raises(FileNotFoundError, match="antrean init"):
        open_database(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


def test_store_connection_is_wal_and_synchronous_full(tmp_path):
    store = QueueStore(create_db(tmp_path / "site.db"))
    try:
        conn = store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    finally:
        store.close()
    # WAL is a property of the file: a plain connection sees it too.
    conn = sqlite3.connect(str(tmp_path / "site.db"))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_non_durable_connection_only_for_tools(tmp_path):
    conn = open_database(tmp_path / "scratch.db", durable=False)
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 0
    conn.close()


def test_an_sqlite_file_of_another_program_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE site (url TEXT)")  # even a clashing table name
    conn.execute("INSERT INTO site VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAnAntreanDatabase, match="another program") as info:
        open_database(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == before  # not even switched to WAL


def test_an_empty_file_becomes_a_database(tmp_path):
    path = tmp_path / "site.db"
    path.touch()  # `touch site.db` then `antrean init`: an empty file is an empty database
    conn = open_database(path, create=False)
    assert migrate(conn) == []
    conn.close()
    assert [r[0] for r in recorded(path)] == [m.version for m in MIGRATIONS]
