"""The counter panel's own command-line options (the common ones come from
shared/cli/apps_cmds.py).

No Qt imports here: the CLI builds every parser, and the master must never load Qt."""
from __future__ import annotations

from pathlib import Path

DEFAULT_SIZES = "1366x768,1920x1080"


def add_arguments(parser) -> None:
    g = parser.add_argument_group("counter")
    g.add_argument("--counter", metavar="ID", action="append", default=None,
                   help="preselect this counter (its id or code) on the login screen; repeat "
                        "it to open one window per counter on this machine (two counters)")
    g.add_argument("--keymap", metavar="FILE", type=Path, default=None,
                   help="TOML or JSON file mapping keys to actions, for USB keypads "
                        "(see counter/keymap.py; default: F1..F8 and the keypad digits)")
    g.add_argument("--idle-minutes", type=float, default=30.0,
                   help="sign the officer out (closing the counter) after this many minutes "
                        "without input while no visitor is being served (0: never; default 30)")
    g.add_argument("--screenshot-sizes", metavar="WxH,...", default=DEFAULT_SIZES,
                   help=f"sizes for --screenshots (default {DEFAULT_SIZES})")
