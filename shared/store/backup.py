"""Consistent online backups of the site database, restore, and integrity checks.

Backups use SQLite's online backup API: a consistent snapshot while the master keeps writing
(WAL readers do not block the writer). Every backup and every restore source is verified
(integrity_check + our schema rules) before it is trusted.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .schema import SCHEMA_MAJOR


class BackupError(Exception):
    """A backup or restore that must not go ahead (message says why, for the technician)."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    tickets: int
    events: int
    last_seq: int
    schema_major: int
    bytes: int


def verify(path: str | Path) -> BackupInfo:
    """Open read-only and check: an SQLite file, intact, an Antrean schema we can read."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:  # pragma: no cover - mode=ro on an existing file opens lazily
        raise BackupError(f"{path}: cannot open: {exc}") from None
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            problems = "; ".join(r[0] for r in result[:5])
            raise BackupError(f"{path}: database is damaged ({problems})")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "schema_migrations" not in tables:
            raise BackupError(f"{path}: not an Antrean database (no schema_migrations table)")
        major = conn.execute("SELECT max(major) FROM schema_migrations").fetchone()[0] or 0
        if major > SCHEMA_MAJOR:
            raise BackupError(f"{path}: written by a newer Antrean (schema major {major} > "
                              f"{SCHEMA_MAJOR}); upgrade this machine first")
        tickets = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
        events, last_seq = conn.execute("SELECT count(*), coalesce(max(seq), 0) FROM events").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: not a readable SQLite database ({exc})") from None
    finally:
        conn.close()
    return BackupInfo(path, tickets, events, last_seq, major, path.stat().st_size)


def backup(source: str | Path, target: str | Path, pages_per_step: int = 1024) -> BackupInfo:
    """Copy a live database to `target` (written to a temporary name, verified, then renamed)."""
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise BackupError(f"{source}: no such database")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(str(source), timeout=30)
    dst = sqlite3.connect(str(partial))
    try:  # (on failure the partial file is removed below)
        # Small steps let the master's writer in between (it waits at most one step).
        src.backup(dst, pages=pages_per_step, sleep=0.001)
        dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"{source}: cannot be copied ({exc})") from None
    finally:
        dst.close()
        src.close()
    try:
        info = verify(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    with open(partial, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, target)
    return BackupInfo(target, info.tickets, info.events, info.last_seq, info.schema_major, info.bytes)


def restore(source: str | Path, target: str | Path, force: bool = False) -> BackupInfo:
    """Replace the database at `target` by a verified copy of `source`.

    The master must be stopped (a running one would keep its old file open). Without `force`
    an existing target is never overwritten; with it, the old file is kept as `<name>.before-restore`."""
    source, target = Path(source), Path(target)
    info = verify(source)
    if target.exists() and not force:
        raise BackupError(f"{target} exists; stop the master and restore with --force "
                          f"(the current file is kept as {target.name}.before-restore)")
    if target.exists():
        # A plain copy, not the backup API: the file being replaced is often the damaged one.
        keep = target.with_name(target.name + ".before-restore")
        shutil.copy2(target, keep)
        wal = Path(f"{target}-wal")
        if wal.exists():
            shutil.copy2(wal, Path(f"{keep}-wal"))
    staged = target.with_name(f".{target.name}.restoring")
    backup(source, staged)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staged, target)
    return BackupInfo(target, info.tickets, info.events, info.last_seq, info.schema_major,
                      target.stat().st_size)


def quick_check(conn: sqlite3.Connection) -> str | None:
    """None when the open database looks intact, else the first problem (for start-up)."""
    rows = conn.execute("PRAGMA quick_check").fetchall()
    return None if rows == [("ok",)] else rows[0][0]


def backup_name(now: datetime) -> str:
    return f"antrean-{now.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}.db"


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in folder; return what was deleted."""
    backups = sorted(folder.glob("antrean-*.db"))
    doomed = backups[:-keep] if keep > 0 else backups
    for path in doomed:
        path.unlink()
    return doomed


class BackupScheduler:
    """Backs up every `interval` seconds into each folder (local disk, USB disk, share)."""

    def __init__(self, db: Path, folders: list[Path], interval: float, keep: int,
                 log: Callable[[str, dict], None], clock: Callable[[], datetime] | None = None) -> None:
        self.db, self.folders, self.interval, self.keep = db, folders, interval, keep
        self.log = log
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="antrean-backup", daemon=True)

    def start(self) -> BackupScheduler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def run_once(self) -> list[BackupInfo]:
        done = []
        name = backup_name(self.clock())
        for folder in self.folders:
            try:  # a missing USB disk must not stop the others: environment fault, log and go on
                started = time.monotonic()
                info = backup(self.db, folder / name)
                prune(folder, self.keep)
                self.log("backup written", {"path": str(info.path), "tickets": info.tickets,
                                            "seconds": round(time.monotonic() - started, 2)})
                done.append(info)
            except (OSError, BackupError, sqlite3.Error) as exc:
                self.log("backup failed", {"folder": str(folder), "error": str(exc)})
        return done

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.run_once()
