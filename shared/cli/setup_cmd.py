"""`antrean setup --role ROLE`: the technician's one command per device (see docs/operations.md)."""
from __future__ import annotations

from pathlib import Path

from ..ops.config import ROLES, ConfigError
from .errors import UserError


def register(sub) -> None:
    p = sub.add_parser("setup", help="install this machine as a master, kiosk, display or counter")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--site", default="", help="site id to find the master by mDNS (devices)")
    p.add_argument("--master", dest="master_url", default="",
                   help="fixed master URL instead of mDNS (devices)")
    p.add_argument("--token", default="", help="device token from `antrean device add` (devices)")
    p.add_argument("--printer", default="dummy", help="kiosk printer: usb:VID:PID | net:HOST:9100 | ...")
    p.add_argument("--paper", type=int, default=58, choices=(58, 80))
    p.add_argument("--zone", default="", help="display: show this zone/floor only")
    p.add_argument("--db", default="/var/lib/antrean/antrean.db", help="master: database path")
    p.add_argument("--root", type=Path, default=Path("/"), help="install below this folder (tests)")
    p.add_argument("--venv", type=Path, default=Path("/opt/antrean/venv"))
    p.add_argument("--no-apt", dest="apt", action="store_false", help="do not install Debian packages")
    p.add_argument("--no-systemctl", dest="systemctl", action="store_false",
                   help="write the unit but do not enable/start it")
    p.add_argument("--no-deps", dest="install_deps", action="store_false",
                   help="install the application without its Python dependencies")
    p.add_argument("--force", action="store_true", help="replace an existing antrean.toml")
    p.add_argument("--upgrade", action="store_true",
                   help="reinstall the application from this checkout (after git pull)")
    p.set_defaults(handler=cmd_setup)


def cmd_setup(args) -> int:
    from ..ops.install import SetupOptions, setup

    options = SetupOptions(**{k: getattr(args, k) for k in SetupOptions.__dataclass_fields__})
    try:
        report = setup(options)
    except ConfigError as exc:
        raise UserError(f"setup refused, nothing was changed:\n{exc}") from None
    for what, outcome in report.steps:
        print(f"{what:16} {outcome}")
    return 0
