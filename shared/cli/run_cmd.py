"""`antrean run --config /etc/antrean/antrean.toml`: what the systemd units start."""
from __future__ import annotations

import shlex
from pathlib import Path

from ..ops.config import ConfigError, load_config
from .errors import UserError

DEFAULT_CONFIG = Path("/etc/antrean/antrean.toml")


def register(sub) -> None:
    p = sub.add_parser("run", help="start this device's role as configured in antrean.toml")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    p.add_argument("--print-argv", action="store_true",
                   help="only print the command line the configuration stands for")
    p.set_defaults(handler=cmd_run)


def cmd_run(args) -> int:
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        raise UserError(f"configuration rejected:\n{exc}") from None
    argv = config.argv()
    if args.print_argv:
        print(shlex.join(["antrean", *argv]))
        return 0
    from .main import main
    return main(argv)
