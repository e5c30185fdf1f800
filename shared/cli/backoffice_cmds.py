"""`antrean officer set-password`: the back-office password of an admin or supervisor.

Registered into the `officer` command of master_cmds (this module must come after it in main's
module tuple); without it, it creates its own `officer` command."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from ..store import admin_db, auth_db
from ..store.database import NotAnAntreanDatabase, SchemaTooNew, open_database
from .errors import UserError


def _officer_subparsers(sub):
    officer = sub.choices.get("officer")
    if officer is None:
        officer = sub.add_parser("officer", help="officers who sign in at counters")
        return officer.add_subparsers(dest="action", required=True)
    for action in officer._actions:  # argparse keeps its subparsers action here
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("the officer command has no subcommands")  # pragma: no cover


def register(sub) -> None:
    p = _officer_subparsers(sub).add_parser(
        "set-password", help="set the back-office (web) password of an admin or supervisor; "
                             "also lifts the sign-in lockout and ends web sessions")
    p.add_argument("--username", required=True)
    p.add_argument("--password", help="the password (8-128 characters); default: "
                                      "$ANTREAN_PASSWORD, else asked for. A password on the "
                                      "command line may end up in shell history")
    p.add_argument("--clear", action="store_true", help="remove the password (no web sign-in)")
    p.add_argument("--db", required=True, type=Path, help="the site's SQLite file")
    p.set_defaults(handler=cmd_set_password)


def _read_password(args) -> str:
    if args.password:
        return args.password
    if os.environ.get("ANTREAN_PASSWORD"):
        return os.environ["ANTREAN_PASSWORD"]
    if not sys.stdin.isatty():
        raise UserError("no password given: use --password, $ANTREAN_PASSWORD or a terminal")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise UserError("the passwords differ")
    return first


def cmd_set_password(args) -> int:
    if not args.db.exists():
        raise UserError(f"no database at {args.db} (create one with: antrean init --db {args.db})")
    password = None if args.clear else _read_password(args)
    try:
        conn = open_database(args.db, create=False)
    except (SchemaTooNew, NotAnAntreanDatabase, FileNotFoundError) as exc:
        raise UserError(str(exc)) from None
    try:
        with auth_db.transaction(conn):
            user = admin_db.user_by_username(conn, args.username)
            if user is None:
                raise UserError(f"no officer {args.username!r}")
            if password is None:
                admin_db.set_password_hash(conn, user.id, None)
            else:
                admin_db.set_password(conn, args.username, password)
            at = auth_db.now_ms()
            admin_db.audit(conn, at, None, "cli", "officer_password_set", args.username,
                           {"cleared": password is None})
    except auth_db.AuthError as exc:
        raise UserError(str(exc)) from None
    finally:
        conn.close()
    if password is None:
        print(f"password removed for {args.username}; web sessions ended")
    else:
        print(f"back-office password set for {args.username} ({user.role}); lockout lifted, "
              "web sessions ended")
    return 0
