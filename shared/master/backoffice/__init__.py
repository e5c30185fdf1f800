"""The back office: web pages on the master for the MPP manager (admin) and agency heads
(supervisor), from an office PC's browser on the LAN. Server-rendered HTML, one small CSS and
one small script (assets/web/), no build step.

Wiring (shared/master/app.py, build_app)::

    from .backoffice import backoffice_routes
    routes = master.starlette_routes() + backoffice_routes(master)

Everything lives under /backoffice: /backoffice/login, / (dashboard), /reports..., /admin...,
/static/... . ``ROUTE_TABLE`` lists every page route with its access level (tests walk it).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.requests import Request
from starlette.routing import BaseRoute, Mount, Route, Router
from starlette.staticfiles import StaticFiles

from . import (admin_catalog, admin_devices, admin_io, admin_people, admin_schedules, admin_site,
               auth_pages, dashboard, reports_pages)
from .core import PREFIX, PUBLIC, BackOffice, Page, PageRoute, endpoint
from .forms import HttpError
from .layout import error_page

ASSETS = Path(__file__).resolve().parents[3] / "assets" / "web"

ROUTE_TABLE: list[PageRoute] = [
    *auth_pages.ROUTES, *dashboard.ROUTES, *reports_pages.ROUTES, *admin_site.ROUTES,
    *admin_catalog.ROUTES, *admin_schedules.ROUTES, *admin_people.ROUTES, *admin_devices.ROUTES,
    *admin_io.ROUTES,
]

__all__ = ["ROUTE_TABLE", "backoffice_routes", "BackOffice"]


def _fallback(bo: BackOffice):
    """HTML error pages for what Starlette's router refuses (404, 405) below /backoffice."""
    def handler(request: Request, exc: Exception):
        status = getattr(exc, "status_code", 404)
        page = Page(bo, request, PageRoute(request.method, request.url.path, _none, PUBLIC))
        try:
            page.authenticate()
        except Exception:  # noqa: BLE001 - the error page is shown signed in or not
            pass
        key = {404: "err.title.404", 405: "err.title.405"}.get(status, "err.title.other")
        return error_page(page, HttpError(status, page.t(key)))
    return handler


async def _none(bo, p):  # pragma: no cover - placeholder handler of the fallback page
    raise HttpError(404, "")


def backoffice_routes(master: Any, **options: Any) -> list[BaseRoute]:
    """The back office's routes for the master's Starlette app (one Mount at /backoffice).

    ``master`` is shared.master.app.Master (store, writer, reader, db, now()). ``options`` go to
    BackOffice (idle_seconds, max_failures, lockout_seconds: tests shorten them)."""
    bo = BackOffice(master, **options)
    routes: list[BaseRoute] = [Mount("/static", app=StaticFiles(directory=ASSETS), name="static")]
    for route in ROUTE_TABLE:
        routes.append(Route(route.path, endpoint(bo, route, error_page), methods=[route.method],
                            name=f"{route.method.lower()}:{route.path}"))
    app = ExceptionMiddleware(Router(routes), handlers={HTTPException: _fallback(bo)})
    return [Mount(PREFIX, app=app, name="backoffice")]
