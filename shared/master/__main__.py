"""`python -m shared.master --db PATH ...`: the same as `antrean master`."""
from __future__ import annotations

import argparse
import sys

from ..store.catalog_db import NoCatalog
from ..store.database import NotAnAntreanDatabase, SchemaTooNew
from .run import add_arguments, run_from_args


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.master",
                                     description="the Antrean master server")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run_from_args(args)
    except (NoCatalog, SchemaTooNew, NotAnAntreanDatabase) as exc:
        print(f"antrean master: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
