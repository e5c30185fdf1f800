"""`antrean demo`: the whole appliance on one machine with an embedded demo MPP."""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("demo", help="build the demo MPP and start everything on this machine")
    p.add_argument("--dir", type=Path, default=Path("demo-run"),
                   help="folder for the demo database and screenshots (default ./demo-run)")
    p.add_argument("--days", type=int, default=14, help="days of simulated history")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args) -> int:
    from .demo_run import run_demo
    return run_demo(args)
