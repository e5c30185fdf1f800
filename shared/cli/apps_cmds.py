"""`antrean kiosk|display|counter`: start a Qt app.

The apps are imported only when asked for, so the rest of the CLI (and the master) never loads
Qt. Each app package provides `add_arguments(parser)` in `<app>/options.py` (no Qt imports there)
and `run(args) -> int` in `<app>/app.py`."""
from __future__ import annotations

import importlib
from pathlib import Path

APPS = {
    "kiosk": "touchscreen ticket dispenser with thermal printer",
    "display": "lobby TV: calls, waiting counts and voice announcements",
    "counter": "officer's panel at a counter (loket)",
}


def add_connection_arguments(parser) -> None:
    """Options every device app shares: where the master is and who this device is."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--master", metavar="URL",
                       help="fixed master URL (overrides mDNS discovery), e.g. http://10.0.0.2:8420")
    where.add_argument("--site", metavar="ID", help="find the master of this site by mDNS")
    parser.add_argument("--mdns-interface", metavar="IP", action="append", default=None,
                        help="browse mDNS only on this interface address (repeatable)")
    token = parser.add_mutually_exclusive_group()
    token.add_argument("--token", help="device token from `antrean device add`")
    token.add_argument("--token-file", type=Path, help="file holding the device token")
    parser.add_argument("--lang", choices=("id", "en"), default="id", help="interface language")
    parser.add_argument("--windowed", action="store_true", help="not full screen (development)")
    parser.add_argument("--size", metavar="WxH", default=None, help="window size, e.g. 1366x768")
    parser.add_argument("--screenshots", metavar="DIR", type=Path, default=None,
                        help="render every screen offscreen to PNG files in DIR and exit")


def register(sub) -> None:
    for name, help_text in APPS.items():
        parser = sub.add_parser(name, help=help_text)
        add_connection_arguments(parser)
        parser.set_defaults(handler=lambda args, name=name: _run(name, args))
        try:
            options = importlib.import_module(f"{name}.options")
        except ImportError:
            continue  # app not written/installed: its own options are simply absent
        options.add_arguments(parser)


def _run(name: str, args) -> int:
    return importlib.import_module(f"{name}.app").run(args)
