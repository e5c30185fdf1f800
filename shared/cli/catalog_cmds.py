"""init, catalog import/export, demo-data."""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from ..catalog.csv_format import format_catalog, parse_catalog
from ..catalog.errors import CatalogError
from ..catalog.files import read_catalog_files, write_catalog_files
from ..demo.simulate import simulate_history
from ..store.catalog_db import NoCatalog, export_catalog, replace_catalog
from ..store.database import NotAnAntreanDatabase, SchemaTooNew, open_database
from ..store.queue_store import QueueStore
from .errors import UserError

DEMO_CATALOG = Path(__file__).resolve().parents[2] / "assets" / "demo-catalog"


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, type=Path, help="the site's SQLite file")


def register(sub) -> None:
    p = sub.add_parser("init", help="create an empty database (schema only)")
    add_db(p)
    p.set_defaults(handler=cmd_init)

    cat = sub.add_parser("catalog", help="import or export the catalog (CSV set, docs/catalog-format.md)")
    cat_sub = cat.add_subparsers(dest="action", required=True)
    p = cat_sub.add_parser("import", help="replace the catalog from a folder or .zip of CSV files")
    p.add_argument("source", type=Path)
    add_db(p)
    p.set_defaults(handler=cmd_catalog_import)
    p = cat_sub.add_parser("export", help="write the catalog as a folder or .zip of CSV files")
    p.add_argument("target", type=Path)
    add_db(p)
    p.set_defaults(handler=cmd_catalog_export)

    p = sub.add_parser("demo-data", help="seed a demo MPP, optionally with simulated history")
    add_db(p)
    p.add_argument("--days", type=int, default=0, help="days of simulated history before today")
    p.add_argument("--visitors", type=int, default=400, help="visitors per simulated day")
    p.add_argument("--open-24h", action="store_true",
                   help="every service issuable at any hour, staffed or not (demos, tests)")
    p.add_argument("--seed", type=int, default=2026)
    p.set_defaults(handler=cmd_demo_data)


def open_db(path: Path, create: bool = True):
    try:
        return open_database(path, create=create)
    except (SchemaTooNew, NotAnAntreanDatabase, FileNotFoundError) as exc:
        raise UserError(str(exc)) from None


def cmd_init(args) -> int:
    existed = args.db.exists()
    open_db(args.db).close()
    print(f"{'opened existing' if existed else 'created'} database {args.db}")
    return 0


def load_draft(source: Path):
    try:
        return parse_catalog(read_catalog_files(source))
    except CatalogError as exc:
        raise UserError(f"catalog {source} rejected, nothing was changed:\n{exc}") from None


def write_draft(conn, draft) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        replace_catalog(conn, draft)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def cmd_catalog_import(args) -> int:
    draft = load_draft(args.source)
    conn = open_db(args.db)
    write_draft(conn, draft)
    conn.close()
    print(f"imported {len(draft.agencies)} agencies, {len(draft.services)} services, "
          f"{len(draft.counters)} counters into {args.db}")
    return 0


def cmd_catalog_export(args) -> int:
    conn = open_db(args.db, create=False)
    try:
        draft = export_catalog(conn)
    except NoCatalog as exc:
        raise UserError(str(exc)) from None
    try:
        write_catalog_files(format_catalog(draft), args.target)
    except CatalogError as exc:
        raise UserError(str(exc)) from None
    print(f"exported {len(draft.services)} services to {args.target}")
    return 0


def cmd_demo_data(args) -> int:
    draft = load_draft(DEMO_CATALOG)
    if args.open_24h:
        draft.site = dataclasses.replace(draft.site, open_24h=True, require_staffed=False)
    conn = open_db(args.db)
    if conn.execute("SELECT count(*) FROM tickets").fetchone()[0]:
        raise UserError(f"{args.db} already holds tickets; demo data goes into a new database")
    write_draft(conn, draft)
    conn.close()
    print(f"demo MPP '{draft.site.name}': {len(draft.agencies)} agencies, "
          f"{len(draft.services)} services, {len(draft.counters)} counters")
    if args.days > 0:
        store = QueueStore(args.db, durable=False)
        today = datetime.now(timezone.utc).astimezone(ZoneInfo(draft.site.timezone)).date()

        def progress(stats) -> None:
            print(json.dumps({"day": stats.day.isoformat(), "issued": stats.issued,
                              "served": stats.served, "no_show": stats.no_show,
                              "refused": stats.refused}), file=sys.stderr)

        results = simulate_history(store, today, args.days, args.visitors, args.seed, progress)
        store.close()
        print(f"simulated {args.days} days: {sum(r.issued for r in results)} tickets, "
              f"{sum(r.served for r in results)} served")
    return 0
