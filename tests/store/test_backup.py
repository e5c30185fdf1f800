"""Backups under write load, restore, and refusal of damaged or newer files (real SQLite)."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from shared.domain import commands as c
from shared.store.backup import BackupError, backup, prune, restore, verify
from shared.store.queue_store import QueueStore
from shared.store.writer import GroupWriter

from .fixtures import create_db


def _counts(path) -> tuple[int, int]:
    conn = sqlite3.connect(str(path))
    try:
        return (conn.execute("SELECT count(*) FROM tickets").fetchone()[0],
                conn.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        conn.close()


def test_backup_under_write_load_restores_identical_counts(tmp_path):
    db = create_db(tmp_path / "live.db")
    store = QueueStore(db)
    writer = GroupWriter(store)
    services = sorted(store.state.catalog.services)
    stop = threading.Event()
    issued = []

    def load() -> None:
        i = 0
        while not stop.is_set():
            if writer.execute(c.IssueTicket(services[i % len(services)])).ok:
                issued.append(i)
            i += 1

    thread = threading.Thread(target=load)
    thread.start()
    try:
        while len(issued) < 200:
            time.sleep(0.01)
        info = backup(db, tmp_path / "b" / "backup.db")
        during = len(issued)
    finally:
        stop.set()
        thread.join()
        writer.close()
        store.close()
    assert 200 <= info.tickets <= len(issued) + 1
    assert during >= 200
    restored = restore(info.path, tmp_path / "new.db")
    assert _counts(restored.path) == (info.tickets, info.events)
    # The restored file is a working database: a store opens it and numbering continues.
    store = QueueStore(restored.path)
    try:
        outcome = store.execute(c.IssueTicket(services[0]))
        assert outcome.ok
        assert store.last_seq() > info.last_seq
    finally:
        store.close()


def test_corrupted_file_is_refused(tmp_path):
    db = create_db(tmp_path / "a.db")
    info = backup(db, tmp_path / "ok.db")
    data = bytearray(info.path.read_bytes())
    data[4096:4096 + 512] = b"\xff" * 512  # scribble over the second page
    bad = tmp_path / "bad.db"
    bad.write_bytes(bytes(data))
    with pytest.raises(BackupError):
        restore(bad, tmp_path / "target.db")
    assert not (tmp_path / "target.db").exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"hello, not sqlite" * 100)
    with pytest.raises(BackupError, match="not a readable SQLite database"):
        verify(junk)


def test_newer_schema_and_foreign_files_are_refused(tmp_path):
    db = create_db(tmp_path / "a.db")
    conn = sqlite3.connect(str(db))
    conn.execute("INSERT INTO schema_migrations VALUES (999, 7, 'future', 0)")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="newer Antrean"):
        restore(db, tmp_path / "t.db")
    other = tmp_path / "other.db"
    sqlite3.connect(str(other)).execute("CREATE TABLE x (y)").connection.commit()
    with pytest.raises(BackupError, match="not an Antrean database"):
        verify(other)


def test_restore_never_overwrites_without_force(tmp_path):
    db = create_db(tmp_path / "a.db")
    source = backup(db, tmp_path / "b.db").path
    target = create_db(tmp_path / "target.db")
    before = target.read_bytes()
    with pytest.raises(BackupError, match="--force"):
        restore(source, target)
    assert target.read_bytes() == before
    restore(source, target, force=True)
    assert (tmp_path / "target.db.before-restore").exists()


def test_prune_keeps_newest(tmp_path):
    for stamp in ("20261101T000000Z", "20261102T000000Z", "20261103T000000Z"):
        (tmp_path / f"antrean-{stamp}.db").write_bytes(b"x")
    deleted = prune(tmp_path, keep=2)
    assert [p.name for p in deleted] == ["antrean-20261101T000000Z.db"]
    assert len(list(tmp_path.glob("antrean-*.db"))) == 2


def test_cli_backup_and_restore(tmp_path):
    db = create_db(tmp_path / "a.db")
    out = tmp_path / "b.db"
    run = lambda *a: subprocess.run([sys.executable, "-m", "shared.cli.main", *a],  # noqa: E731
                                    capture_output=True, text=True)
    r = run("backup", "--db", str(db), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert '"tickets": 0' in r.stdout
    r = run("restore", str(out), "--db", str(db))
    assert r.returncode == 2 and "--force" in r.stderr
    (tmp_path / "bad.db").write_bytes(b"garbage" * 1000)
    r = run("restore", str(tmp_path / "bad.db"), "--db", str(tmp_path / "new.db"))
    assert r.returncode == 2 and "not a readable SQLite database" in r.stderr


def test_restore_force_over_a_damaged_database(tmp_path):
    """What the master tells the technician to do when its file is damaged must work."""
    good = backup(create_db(tmp_path / "a.db"), tmp_path / "good.db").path
    target = tmp_path / "live.db"
    data = bytearray(good.read_bytes())
    data[4096:4096 + 1024] = b"\x00\xff" * 512
    target.write_bytes(bytes(data))
    restored = restore(good, target, force=True)
    assert verify(restored.path).tickets == 0
    assert (tmp_path / "live.db.before-restore").read_bytes() == bytes(data)
    assert not list(tmp_path.glob(".*partial"))
