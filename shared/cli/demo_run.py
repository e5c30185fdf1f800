"""The demo: a fresh demo MPP database, simulated history, and a short live walk-through.

Grows with the project: as the master and the Qt apps land, this starts them all on this machine
(mDNS bound to 127.0.0.1)."""
from __future__ import annotations

import json
import shutil
from argparse import Namespace
from pathlib import Path

from ..domain import commands as c
from ..domain.spoken import AnnouncementTemplate, announcement_text
from ..store.queue_store import QueueStore
from . import catalog_cmds


def build_demo_db(folder: Path, days: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    catalog_cmds.cmd_demo_data(Namespace(db=db, days=days, visitors=400, open_24h=True, seed=2026))
    return db


def run_demo(args) -> int:
    folder = args.dir.resolve()
    db = build_demo_db(folder, args.days)
    store = QueueStore(db)
    catalog = store.state.catalog
    counter = min(catalog.counters.values(), key=lambda k: k.number)
    service_id = catalog.counter_services(counter.id)[0]
    store.execute(c.OpenCounter(counter.id, 1))
    issued = store.execute(c.IssueTicket(service_id))
    called = store.execute(c.CallNext(counter.id))
    agency = catalog.agency_of_counter(counter.id)
    print(json.dumps({
        "database": str(db),
        "ticket": issued.ticket.number if issued.ticket else None,
        "estimate_minutes": issued.estimate.minutes if issued.estimate else None,
        "called_at_counter": counter.number,
        "announcement": announcement_text(called.ticket.number, counter.number, agency.short_name,
                                          AnnouncementTemplate(include_agency=True)),
        "events_in_log": store.last_seq(),
    }, indent=2))
    store.close()
    return 0
