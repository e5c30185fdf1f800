"""`antrean demo`: the whole appliance on one machine with an embedded demo MPP."""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("demo", help="build the demo MPP and start everything on this machine")
    p.add_argument("--dir", type=Path, default=Path("demo-run"),
                   help="folder for the demo database, logs and screenshots (default ./demo-run)")
    p.add_argument("--days", type=int, default=14, help="days of simulated history")
    p.add_argument("--port", type=int, default=8420, help="master port (0: any free port)")
    p.add_argument("--minutes", type=float, default=None,
                   help="stop after this many minutes (default: until Ctrl-C)")
    p.add_argument("--speed", type=float, default=1.0, help="live traffic speed factor")
    p.add_argument("--no-apps", action="store_true",
                   help="master and live traffic only, no Qt apps")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args) -> int:
    from .demo_run import run_demo
    return run_demo(args)
