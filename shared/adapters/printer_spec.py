"""Printer connection specs: ``usb:VID:PID[:IN:OUT]``, ``net:HOST[:PORT]``, ``serial:DEV[:BAUD]``,
``file:PATH`` or ``dummy`` -> ``ConnectionSpec``; a bad one raises PrinterFault(not_configured).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .printer_faults import FaultKind, PrinterFault

__all__ = ["SPEC_HELP", "ConnectionSpec", "parse_spec"]


@dataclass(frozen=True)
class ConnectionSpec:
    kind: str  # usb / net / serial / file / dummy
    target: str = ""  # host, device file or path
    port: int = 0  # TCP port or baud rate
    vendor: int = 0
    product: int = 0
    in_ep: int = 0x82  # python-escpos defaults; many 0416:5011 clones need 81 / 03
    out_ep: int = 0x01

    def describe(self) -> str:
        if self.kind == "usb":
            return f"USB printer {self.vendor:04x}:{self.product:04x}"
        if self.kind == "net":
            return f"network printer {self.target}:{self.port}"
        if self.kind == "serial":
            return f"serial printer {self.target} ({self.port} baud)"
        if self.kind == "file":
            return f"printer file {self.target}"
        return "dummy printer"


SPEC_HELP = ("usb:VID:PID[:IN_EP:OUT_EP] (hex), net:HOST[:PORT] (default 9100), "
             "serial:/dev/ttyUSB0[:BAUD] (default 9600), file:/dev/usb/lp0, or dummy")


def parse_spec(spec: str) -> ConnectionSpec:
    """Parse a connection spec; a bad one raises PrinterFault(not_configured)."""
    def bad(why: str) -> PrinterFault:
        return PrinterFault(FaultKind.NOT_CONFIGURED,
                            f"printer connection {spec!r}: {why}; expected {SPEC_HELP}")

    kind, _, rest = (spec or "").strip().partition(":")
    kind = kind.lower()
    if kind == "dummy" and not rest:
        return ConnectionSpec("dummy")
    if kind == "usb":
        parts = rest.split(":")
        if len(parts) not in (2, 4):
            raise bad("USB needs VID:PID (hex), optionally :IN_EP:OUT_EP")
        try:
            nums = [int(p, 16) for p in parts]
        except ValueError:
            raise bad("USB ids and endpoints are hexadecimal numbers") from None
        if not all(0 < n <= 0xFFFF for n in nums):
            raise bad("USB ids out of range")
        extra = {"in_ep": nums[2], "out_ep": nums[3]} if len(nums) == 4 else {}
        return ConnectionSpec("usb", vendor=nums[0], product=nums[1], **extra)
    if kind == "net":
        m = re.fullmatch(r"\[(?P<v6>[0-9A-Fa-f:.]+)\](?::(?P<p6>\d+))?|(?P<host>[^:\[\]]+)"
                         r"(?::(?P<port>\d+))?", rest.strip())
        if not m:
            raise bad("network printers are net:HOST or net:HOST:PORT ([v6addr]:PORT)")
        host = m.group("v6") or m.group("host")
        port = int(m.group("p6") or m.group("port") or 9100)
        if not 0 < port < 65536:
            raise bad("port out of range")
        return ConnectionSpec("net", target=host, port=port)
    if kind == "serial":
        dev, sep, baud = rest.rpartition(":")
        if not (sep and baud.isdigit()):
            dev, baud = rest, "9600"
        if not dev:
            raise bad("serial needs a device file")
        return ConnectionSpec("serial", target=dev, port=int(baud))
    if kind == "file":
        if not rest:
            raise bad("file needs a path")
        return ConnectionSpec("file", target=rest)
    raise bad("unknown connection type")
