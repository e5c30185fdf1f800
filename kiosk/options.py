"""The kiosk's own command-line options (the common ones come from shared/cli/apps_cmds.py).

No Qt imports here: the CLI builds every parser, and the master must never load Qt."""
from __future__ import annotations

DEFAULT_SIZES = "1920x1080,1024x600,1080x1920"


def add_arguments(parser) -> None:
    g = parser.add_argument_group("kiosk")
    g.add_argument("--printer", metavar="SPEC", default="dummy",
                   help="ticket printer: usb:VID:PID[:IN:OUT], net:HOST[:PORT], "
                        "serial:DEV[:BAUD], file:PATH or dummy (default: dummy)")
    g.add_argument("--paper", type=int, choices=(58, 80), default=58,
                   help="paper roll width in mm (default 58)")
    g.add_argument("--idle-seconds", type=float, default=45.0,
                   help="back to the welcome screen after this long without a touch (default 45)")
    g.add_argument("--done-seconds", type=float, default=15.0,
                   help="how long the printed-ticket confirmation stays on screen (default 15)")
    g.add_argument("--public-url", metavar="URL", default=None,
                   help="base URL of the ticket status page that visitors' phones can reach, "
                        "for the QR code (default: the master's URL)")
    g.add_argument("--issue-retry-seconds", type=float, default=10.0,
                   help="how long one ticket request keeps retrying an unreachable master "
                        "before the kiosk says so (it then keeps retrying, same ticket request)")
    g.add_argument("--screenshot-sizes", metavar="WxH,...", default=DEFAULT_SIZES,
                   help=f"sizes for --screenshots (default {DEFAULT_SIZES})")
