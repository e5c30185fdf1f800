"""antrean backup / restore."""
from __future__ import annotations

import json
from pathlib import Path

from ..store.backup import BackupError, backup, restore
from .errors import UserError


def register(sub) -> None:
    p = sub.add_parser("backup", help="consistent online backup of the database (master may run)")
    p.add_argument("--db", required=True, type=Path)
    p.add_argument("-o", "--output", required=True, type=Path, help="backup file to write")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("restore", help="restore a backup (stop the master first)")
    p.add_argument("source", type=Path, help="backup file")
    p.add_argument("--db", required=True, type=Path, help="database to replace")
    p.add_argument("--force", action="store_true",
                   help="replace an existing database (kept as <name>.before-restore)")
    p.set_defaults(handler=cmd_restore)


def _print(info) -> None:
    print(json.dumps({"path": str(info.path), "tickets": info.tickets, "events": info.events,
                      "last_seq": info.last_seq, "bytes": info.bytes}))


def cmd_backup(args) -> int:
    try:
        _print(backup(args.db, args.output))
    except BackupError as exc:
        raise UserError(str(exc)) from None
    return 0


def cmd_restore(args) -> int:
    try:
        _print(restore(args.source, args.db, force=args.force))
    except BackupError as exc:
        raise UserError(str(exc)) from None
    return 0
