"""What any device reads about the site: health, the OpenAPI document, the catalog and the
snapshot.

Handlers: async (master, call) -> dict (JSON with the route's status) or a Response.
"""
from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from starlette.responses import Response

from . import payloads
from .call import Call
from .spec import API_VERSION

if TYPE_CHECKING:
    from .app import Master

__all__ = ["API_VERSION", "get_catalog", "get_snapshot", "health", "openapi_doc"]


async def health(m: Master, call: Call) -> dict:
    return {"status": "ok", "site": m.site_id, "seq": m.last_seq(), "api": API_VERSION,
            "version": m.version, "node": m.node_id}


async def openapi_doc(m: Master, call: Call) -> dict:
    return m.openapi


async def get_catalog(m: Master, call: Call) -> Response:
    # Thousands of services' availability take ~0.1 s: built in a worker thread (the loop goes
    # on serving) and kept until the next event, catalog change or minute.
    body = await asyncio.to_thread(m.catalog_body)
    return Response(body, media_type="application/json")


async def get_snapshot(m: Master, call: Call) -> dict:
    with m.store.lock:  # seq and state from the same moment: no commit can slip in between
        return payloads.snapshot_json(m.store.state, m.store.last_seq())
