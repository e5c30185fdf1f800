"""Opening the one SQLite file of a site: pragmas, migrations, schema checks.

Durability: WAL with synchronous=FULL, so a commit is on disk before the command is acknowledged
(a Raspberry Pi gets unplugged; a ticket that was printed must exist after a power cut). Group
commit in the writer recovers the throughput that costs.
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from .schema import MIGRATIONS, SCHEMA_MAJOR


class SchemaTooNew(Exception):
    """The database was written by a newer major version of Antrean."""


class NotAnAntreanDatabase(Exception):
    pass


def connect(path: str | Path, *, durable: bool = True) -> sqlite3.Connection:
    """A connection with the house pragmas. isolation_level=None: we issue BEGIN ourselves."""
    conn = _raw_connect(path)
    _configure(conn, durable)
    return conn


def _raw_connect(path: str | Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)


def _configure(conn: sqlite3.Connection, durable: bool) -> None:
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'OFF'}")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply the migrations the database lacks; return the versions applied now."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, major INTEGER NOT NULL, name TEXT NOT NULL,"
            " applied_at INTEGER NOT NULL)"
        )
        applied = dict(conn.execute("SELECT version, major FROM schema_migrations").fetchall())
        newest_major = max(applied.values(), default=SCHEMA_MAJOR)
        if newest_major > SCHEMA_MAJOR:
            raise SchemaTooNew(
                f"database schema major {newest_major} is newer than this program's "
                f"({SCHEMA_MAJOR}); upgrade Antrean before opening it"
            )
        done = []
        for migration in MIGRATIONS:
            if migration.version in applied:
                continue
            for statement in _statements(migration.sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?, ?)",
                (migration.version, migration.major, migration.name, int(time.time() * 1000)),
            )
            done.append(migration.version)
        conn.execute("COMMIT")
        return done
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(sql: str) -> list[str]:
    # Migrations are our own DDL without semicolons inside literals, so a plain split is safe.
    return [s.strip() for s in sql.split(";") if s.strip()]


def open_database(path: str | Path, *, durable: bool = True, create: bool = True) -> sqlite3.Connection:
    path = Path(path)
    if not create and not path.exists():
        raise FileNotFoundError(f"no database at {path} (create one with: antrean init --db {path})")
    conn = _raw_connect(path)
    try:
        # Look before touching: journal_mode=WAL already writes to the file (and fails first on a
        # file that is not SQLite at all).
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "schema_migrations" not in tables:
            raise NotAnAntreanDatabase(
                f"{path} is an SQLite database of another program (no schema_migrations table); "
                "refusing to change it")
        _configure(conn, durable)
        migrate(conn)
    except sqlite3.OperationalError:  # locked, unreadable, disk I/O: not a question of format
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:  # SQLITE_NOTADB, SQLITE_CORRUPT
        conn.close()
        raise NotAnAntreanDatabase(f"{path} is not an Antrean (SQLite) database: {exc}") from None
    except BaseException:
        conn.close()
        raise
    return conn
