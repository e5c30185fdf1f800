"""A small simulated MPP (the demo catalog, 3 days through the real store, as `antrean demo-data
--days 3` makes it, but on fixed dates) shared by the report tests; plus SKM responses."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from shared.cli.catalog_cmds import DEMO_CATALOG, load_draft, write_draft
from shared.demo.simulate import simulate_history
from shared.demo.skm_sim import simulate_skm_history
from shared.store.database import open_database
from shared.store.queue_store import QueueStore

TODAY = date(2025, 1, 9)  # Thursday: simulated Monday 6 .. Wednesday 8 January 2025
FIRST, LAST = TODAY - timedelta(days=3), TODAY - timedelta(days=1)


def make_sim_db(path: Path, days: int = 3, visitors: int = 300) -> Path:
    conn = open_database(path)
    write_draft(conn, load_draft(DEMO_CATALOG))
    conn.close()
    store = QueueStore(path, durable=False)
    simulate_history(store, TODAY, days, visitors)
    simulate_skm_history(store, TODAY - timedelta(days=days), TODAY - timedelta(days=1))
    store.close()
    return path


@pytest.fixture(scope="session")
def sim_db(tmp_path_factory) -> Path:
    return make_sim_db(tmp_path_factory.mktemp("reports") / "sim.db")


@pytest.fixture()
def conn(sim_db):
    c = open_database(sim_db, create=False)
    yield c
    c.close()
