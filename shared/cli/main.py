"""`antrean` command line: a thin layer over the library (sqlite-utils style).

Each subcommand module registers its parsers; handlers return an exit code. Expected failures
(bad input, missing files) print one clear line to stderr and exit 2; bugs raise."""
from __future__ import annotations

import argparse
import sys

from . import apps_cmds, backoffice_cmds, backup_cmds, bench, catalog_cmds, demo_cmd, master_cmds, report_cmds, run_cmd, setup_cmd, ticket_cmds, voice_cmds
from .errors import UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="antrean", description="Queue appliance for Mal Pelayanan Publik (MPP)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (catalog_cmds, apps_cmds, backup_cmds, bench, demo_cmd, master_cmds, backoffice_cmds, run_cmd, setup_cmd, ticket_cmds,
                   voice_cmds, report_cmds):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args) or 0
    except UserError as exc:
        print(f"antrean: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
