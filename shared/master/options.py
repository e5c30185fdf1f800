"""Command-line options of the master (light: no server imports, so `antrean --help` is quick)."""
from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_PORT = 8420


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, type=Path, help="the site's SQLite file")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; 0.0.0.0 for the LAN)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"TCP port (default {DEFAULT_PORT}; 0 picks a free one)")
    p.add_argument("--mdns-interface", action="append", default=[], metavar="IP",
                   help="advertise on this interface address only (repeatable; default: the "
                        "--host address, or all interfaces when listening on 0.0.0.0)")
    p.add_argument("--no-mdns", action="store_true", help="do not advertise on mDNS")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    b = p.add_argument_group("scheduled backups (consistent online copies; see antrean backup)")
    b.add_argument("--backup-dir", type=Path, default=None,
                   help="folder for scheduled backups (default: none)")
    b.add_argument("--backup-extra-dir", type=Path, action="append", default=[],
                   help="another folder, e.g. a mounted USB disk or share (repeatable; a missing "
                        "one is logged and skipped)")
    b.add_argument("--backup-every-hours", type=float, default=6.0)
    b.add_argument("--backup-keep", type=int, default=28, help="backups kept per folder")


def mdns_interfaces(host: str, explicit: list[str]) -> list[str] | None:
    if explicit:
        return explicit
    if host in ("", "0.0.0.0", "::"):
        return None  # every interface
    return [host]
