"""`antrean master`, `antrean device add|list|revoke|pair`, `antrean officer add|set-pin|list`."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from ..master.options import add_arguments
from ..store import auth_db
from ..store.catalog_db import NoCatalog
from ..store.database import NotAnAntreanDatabase, SchemaTooNew, open_database
from . import pair_cmd
from .errors import UserError


def register(sub) -> None:
    p = sub.add_parser("master", help="run the master server (HTTP + WebSocket API, mDNS)")
    add_arguments(p)
    p.set_defaults(handler=cmd_master)

    dev = sub.add_parser("device", help="enrol and revoke kiosks, displays and counter devices")
    dev_sub = dev.add_subparsers(dest="action", required=True)
    p = dev_sub.add_parser("add", help="enrol a device; prints its token alone on the last line")
    p.add_argument("--role", required=True, choices=auth_db.DEVICE_ROLES)
    p.add_argument("--name", required=True)
    _db(p)
    p.set_defaults(handler=cmd_device_add)
    p = dev_sub.add_parser("list", help="list enrolled devices")
    _db(p)
    p.set_defaults(handler=cmd_device_list)
    p = dev_sub.add_parser("revoke", help="revoke a device's token (and end its sessions)")
    p.add_argument("device_id", type=int)
    _db(p)
    p.set_defaults(handler=cmd_device_revoke)
    pair_cmd.add_parser(dev_sub)  # on the device: pair with the master (no --db)

    off = sub.add_parser("officer", help="officers who sign in at counters")
    off_sub = off.add_subparsers(dest="action", required=True)
    p = off_sub.add_parser("add", help="add an officer")
    p.add_argument("--username", required=True)
    p.add_argument("--name", required=True)
    _pin(p)
    p.add_argument("--role", default="officer", choices=auth_db.OFFICER_ROLES)
    p.add_argument("--agency", metavar="CODE", help="agency code (required except for admin)")
    _db(p)
    p.set_defaults(handler=cmd_officer_add)
    p = off_sub.add_parser("set-pin", help="set a new PIN (also unlocks and ends sessions)")
    p.add_argument("--username", required=True)
    _pin(p)
    _db(p)
    p.set_defaults(handler=cmd_officer_set_pin)
    p = off_sub.add_parser("list", help="list officers")
    _db(p)
    p.set_defaults(handler=cmd_officer_list)


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, type=Path, help="the site's SQLite file")


def _pin(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pin", help="the PIN (digits); default: $ANTREAN_PIN, else asked for. "
                                 "A PIN on the command line may end up in shell history")


def _read_pin(args) -> str:
    if args.pin:
        return args.pin
    if os.environ.get("ANTREAN_PIN"):
        return os.environ["ANTREAN_PIN"]
    if not sys.stdin.isatty():
        raise UserError("no PIN given: use --pin, $ANTREAN_PIN or a terminal")
    first = getpass.getpass("PIN: ")
    if getpass.getpass("PIN again: ") != first:
        raise UserError("the PINs differ")
    return first


def _open(path: Path):
    if not path.exists():
        raise UserError(f"no database at {path} (create one with: antrean init --db {path})")
    try:
        return open_database(path, create=False)
    except (SchemaTooNew, NotAnAntreanDatabase, FileNotFoundError) as exc:
        raise UserError(str(exc)) from None


def _write(path: Path, fn):
    conn = _open(path)
    try:
        with auth_db.transaction(conn):
            return fn(conn)
    except auth_db.AuthError as exc:
        raise UserError(str(exc)) from None
    finally:
        conn.close()


def _when(ms: int | None) -> str:
    if ms is None:
        return "-"
    return datetime.fromtimestamp(ms / 1000, timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_master(args) -> int:
    from ..master.run import DamagedDatabase, run_from_args

    if not args.db.exists():
        raise UserError(f"no database at {args.db} (create one with: antrean demo-data "
                        f"--db {args.db}, or antrean init + antrean catalog import)")
    try:
        return run_from_args(args)
    except (NoCatalog, SchemaTooNew, NotAnAntreanDatabase, DamagedDatabase) as exc:
        raise UserError(str(exc)) from None


def cmd_device_add(args) -> int:
    device, token = _write(args.db, lambda conn: auth_db.add_device(conn, args.role, args.name))
    print(f"enrolled {device.role} device #{device.id} '{device.name}'; its token (shown once):")
    print(token)
    return 0


def cmd_device_list(args) -> int:
    conn = _open(args.db)
    try:
        devices = auth_db.list_devices(conn)
    finally:
        conn.close()
    for d in devices:
        state = f"revoked {_when(d.revoked_at)}" if d.revoked_at else "active"
        print(f"{d.id:>4}  {d.role:<8} {d.name:<30} enrolled {_when(d.created_at)}  {state}")
    if not devices:
        print("no devices enrolled (antrean device add --role ... --name ... --db ...)")
    return 0


def cmd_device_revoke(args) -> int:
    if not _write(args.db, lambda conn: auth_db.revoke_device(conn, args.device_id)):
        raise UserError(f"no active device #{args.device_id}")
    print(f"revoked device #{args.device_id}")
    return 0


def cmd_officer_add(args) -> int:
    pin = _read_pin(args)
    officer = _write(args.db, lambda conn: auth_db.add_officer(
        conn, args.username, args.name, pin, args.role, args.agency))
    print(f"added {officer.role} {officer.username} (#{officer.id})")
    return 0


def cmd_officer_set_pin(args) -> int:
    pin = _read_pin(args)
    officer = _write(args.db, lambda conn: auth_db.set_pin(conn, args.username, pin))
    print(f"new PIN set for {officer.username}; lockout lifted, sessions ended")
    return 0


def cmd_officer_list(args) -> int:
    conn = _open(args.db)
    try:
        officers = auth_db.list_officers(conn)
        agencies = dict(conn.execute("SELECT id, code FROM agencies").fetchall())
    finally:
        conn.close()
    now = auth_db.now_ms()
    for o in officers:
        locked = f"locked until {_when(o.locked_until)}" if o.locked_until and o.locked_until > now else ""
        print(f"{o.id:>4}  {o.username:<20} {o.name:<30} {o.role:<10} "
              f"{agencies.get(o.agency_id, '-'):<10} {'active' if o.active else 'inactive'} {locked}")
    if not officers:
        print("no officers (antrean officer add ...)")
    return 0
