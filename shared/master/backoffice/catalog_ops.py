"""Changing the catalog from the browser: one transaction in the master's writer thread.

    export the catalog as a draft -> apply the edit -> validate it exactly like a CSV import
    (format_catalog -> parse_catalog, so the web and the files share every rule) -> replace the
    catalog -> append `catalog_changed` -> audit -> reload the store's memory

The reload runs inside the same transaction (the store's own connection sees its uncommitted
writes), so no queue command ever runs against a catalog the file does not have; the event is
appended with QueueStore.append_event, which hands it to the hub after the commit, like a
command's.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from ...catalog.csv_format import format_catalog, parse_catalog
from ...catalog.draft import CatalogDraft
from ...catalog.errors import CatalogError
from ...store import admin_db
from ...store.auth_db import now_ms
from ...store.catalog_db import export_catalog
from .core import BackOffice, Page
from .forms import Refused

__all__ = ["Refused", "change_catalog", "problems_text", "replace_all", "validate",
           "write_with_event"]

log = logging.getLogger("antrean.backoffice")


def validate(draft: CatalogDraft) -> CatalogDraft:
    """The draft as a CSV import would read it back (raises CatalogError)."""
    services = {s.code for s in draft.services}
    draft.profiles = [r for r in draft.profiles if r.service in services]
    return parse_catalog(format_catalog(draft))


def problems_text(exc: CatalogError) -> list[str]:
    return [str(problem) for problem in exc.problems]


async def change_catalog(bo: BackOffice, p: Page, action: str, target: str,
                         edit: Callable[[CatalogDraft], dict[str, Any] | None],
                         section: str = "catalog") -> None:
    """Apply ``edit`` (which changes the draft in place and returns the audit detail, or raises
    Refused). Raises Refused or CatalogError; on success the change is durable and announced."""
    user = p.user
    assert user is not None
    store, at, ip = bo.store, now_ms(), p.ip()

    def run(conn):
        draft = export_catalog(conn)
        detail = edit(draft) or {}
        checked = validate(draft)
        admin_db.commit_catalog(conn, checked)
        admin_db.audit(conn, at, user.id, user.username, action, target, detail, ip)
        store._load()  # inside the transaction: memory = what is about to be committed
        store.append_event(admin_db.CATALOG_CHANGED,
                           {"section": section, "action": action, "target": target})

    try:
        await bo.write(run)
    except (Refused, CatalogError):
        raise
    except BaseException:
        await _reload(bo)  # the commit itself failed: memory may be ahead of the file
        raise


async def replace_all(bo: BackOffice, p: Page, draft: CatalogDraft, source: str) -> None:
    """Catalog import: the whole draft (already parsed) replaces the catalog."""
    def edit(current: CatalogDraft) -> dict[str, Any]:
        current.__dict__.update(draft.__dict__)
        return {"source": source, "agencies": len(draft.agencies),
                "services": len(draft.services), "counters": len(draft.counters)}

    await change_catalog(bo, p, "catalog_imported", source, edit, section="import")


async def _reload(bo: BackOffice) -> None:
    try:
        await bo.write(lambda conn: bo.store._load())
    except Exception:  # noqa: BLE001
        log.exception("reloading the store after a failed catalog change failed")


async def write_with_event(bo: BackOffice, p: Page, action: str, target: str,
                           fn: Callable[[Any], dict[str, Any] | None],
                           event: dict[str, Any] | None = None) -> None:
    """A non-catalog change (officers, devices, display text) with its audit entry; with
    ``event``, also a `catalog_changed` event (devices refetch what they show)."""
    user = p.user
    assert user is not None
    at, ip, store = now_ms(), p.ip(), bo.store

    def run(conn):
        detail = fn(conn) or {}
        admin_db.audit(conn, at, user.id, user.username, action, target, detail, ip)
        if event is not None:
            store.append_event(admin_db.CATALOG_CHANGED, event)

    await bo.write(run)
