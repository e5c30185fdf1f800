"""The visitor's side on the visitor's phone (and the survey tablet at the booth): mobile web
pages served by the master, Bahasa Indonesia by default (?lang=en switches, remembered in a
cookie), server-rendered, one small stylesheet and two tiny scripts (assets/web/visitor/).

Pages (mounted at /):  /t/{token} ticket status (live) · /booking… online booking ·
/survey/{token} and /survey/booth/{counter_code} SKM · /pengaduan/{token} complaints.
JSON: /api/v1/public/... (tickets, booth, booking) and POST /api/v1/bookings/{code}/check-in
(kiosk devices). Assets: /visitor-assets/.

Wiring (shared/master/app.py, build_app)::

    from .visitor import visitor_routes
    routes = master.starlette_routes() + visitor_routes(master)

``register_openapi`` (default) adds the JSON routes to ``master.routes`` and regenerates
``master.openapi``, so GET /api/v1/openapi.json lists them. Other keywords go to
VisitorOptions (policy, limits, booth/survey windows: tests shorten them).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ..spec import openapi
from . import booking_pages as bp
from .api import api_routes
from .complaint_pages import complaint_page, complaint_submit
from .core import Visitor, VisitorOptions, not_found, page_endpoint
from .html import ASSETS
from .status import status_page
from .survey import booth_page, booth_submit, survey_page, survey_submit

ASSET_DIR = Path(__file__).resolve().parents[3] / "assets" / "web" / "visitor"

# (path, GET handler, POST handler): every page path answers every method (405 as a page).
PAGES = (
    ("/t/{token:str}", status_page, None),
    ("/booking", bp.home, None),
    ("/booking/a/{agency_id:int}", bp.agency, None),
    ("/booking/s/{service_id:int}", bp.service, bp.book),
    ("/booking/v/{token:str}", bp.view, None),
    ("/booking/v/{token:str}/cancel", None, bp.cancel),
    ("/survey/booth/{counter_code:str}", booth_page, booth_submit),
    ("/survey/{token:str}", survey_page, survey_submit),
    ("/pengaduan/{token:str}", complaint_page, complaint_submit),
    # anything else below these prefixes: a 404 page rather than the API's JSON
    ("/t/{rest:path}", not_found, not_found),
    ("/booking/{rest:path}", not_found, not_found),
    ("/survey/{rest:path}", not_found, not_found),
    ("/survey", not_found, not_found),
    ("/pengaduan/{rest:path}", not_found, not_found),
    ("/pengaduan", not_found, not_found),
)

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

__all__ = ["PAGES", "VisitorOptions", "visitor_routes"]


def visitor_routes(master: Any, *, register_openapi: bool = True,
                   **options: Any) -> list[BaseRoute]:
    """The visitor side's routes for the master's Starlette app (see the module docstring)."""
    v = Visitor(master, VisitorOptions(**options))
    specs = api_routes(v)
    routes: list[BaseRoute] = [Mount(ASSETS, app=StaticFiles(directory=ASSET_DIR),
                                     name="visitor-assets")]
    routes += [Route(r.full_path, master.endpoint(r), methods=[r.method]) for r in specs]
    routes += [Route(path, page_endpoint(v, get, post), methods=ALL_METHODS)
               for path, get, post in PAGES]
    if register_openapi:
        known = {(r.method, r.path) for r in master.routes}
        master.routes.extend(r for r in specs if (r.method, r.path) not in known)
        master.openapi = openapi(master.routes, master.version)
    return routes
