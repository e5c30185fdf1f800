"""`antrean ticket ...`: preview the printed ticket (PNG or exact ESC/POS bytes), test a printer.

    antrean ticket preview --sample --width 58 -o ticket.png
    antrean ticket preview --sample --width 80 --escpos -o ticket.bin   (or -o - for stdout)
    antrean ticket check --printer net:192.168.1.50
    antrean ticket print --sample --printer usb:0416:5011 --width 58
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..adapters.printer import SPEC_HELP, EscposPrinter, PrinterFault, render_escpos
from ..adapters.ticket_layout import sample_ticket
from .errors import UserError


def register(sub) -> None:
    ticket = sub.add_parser("ticket", help="preview the printed ticket; check or test a printer")
    ticket_sub = ticket.add_subparsers(dest="action", required=True)

    p = ticket_sub.add_parser("preview", help="render a ticket as PNG (or ESC/POS bytes)")
    p.add_argument("--sample", action="store_true", required=True,
                   help="the built-in sample ticket (A123, Dukcapil, priority Lansia)")
    _add_width(p)
    p.add_argument("--escpos", action="store_true",
                   help="write the exact ESC/POS bytes instead of a PNG")
    p.add_argument("-o", "--output", required=True,
                   help="output file (.png, or .bin with --escpos; '-' = stdout for --escpos)")
    p.set_defaults(handler=cmd_preview)

    p = ticket_sub.add_parser("check", help="ask a printer for its status (DLE EOT)")
    _add_printer(p)
    p.set_defaults(handler=cmd_check)

    p = ticket_sub.add_parser("print", help="print the sample ticket on a printer")
    p.add_argument("--sample", action="store_true", required=True,
                   help="the built-in sample ticket")
    _add_printer(p)
    _add_width(p)
    p.set_defaults(handler=cmd_print)


def _add_width(p: argparse.ArgumentParser) -> None:
    p.add_argument("--width", type=int, choices=(58, 80), default=58,
                   help="paper width in mm: 58 (32 columns) or 80 (48 columns); default 58")


def _add_printer(p: argparse.ArgumentParser) -> None:
    p.add_argument("--printer", required=True, metavar="SPEC", help=SPEC_HELP)
    p.add_argument("--timeout", type=float, default=3.0, help="connect/write timeout, seconds")


def _printer(args) -> EscposPrinter:
    try:
        return EscposPrinter(args.printer, paper=getattr(args, "width", 58),
                             timeout=args.timeout)
    except PrinterFault as fault:
        raise UserError(fault.message) from None


def cmd_preview(args) -> int:
    ticket = sample_ticket()
    if args.escpos:
        data = render_escpos(ticket, args.width)
        if args.output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return 0
        _write(Path(args.output), data)
        print(f"wrote {len(data)} bytes of ESC/POS ({args.width} mm) to {args.output}")
        return 0
    if args.output == "-":
        raise UserError("a PNG preview needs a file name (-o ticket.png)")
    from ..adapters.ticket_preview import render_preview

    image = render_preview(ticket, args.width)
    path = Path(args.output)
    _check_dir(path)
    try:
        image.save(path, format="PNG", optimize=True)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    print(f"wrote {image.width}x{image.height} px preview ({args.width} mm) to {path}")
    return 0


def cmd_check(args) -> int:
    status = _printer(args).check()
    print(f"{args.printer}: {status.state}")
    if status.detail:
        print(f"  {status.detail}")
    if status.fault is not None:
        print(f"  kiosk: {status.fault.kiosk_id}")
    return 0 if status.can_print else 1


def cmd_print(args) -> int:
    printer = _printer(args)
    try:
        printer.print_ticket(sample_ticket())
    except PrinterFault as fault:
        raise UserError(f"{fault.kind.value}: {fault.message}") from None
    finally:
        printer.close()
    print(f"printed the sample ticket on {printer.describe()}")
    return 0


def _check_dir(path: Path) -> None:
    if not path.parent.is_dir():
        raise UserError(f"cannot write {path}: folder {path.parent} does not exist")


def _write(path: Path, data: bytes) -> None:
    _check_dir(path)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
