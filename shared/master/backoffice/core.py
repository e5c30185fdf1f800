"""The back office's request pipeline: route table entries, sign-in check, roles, CSRF, language.

Every page handler is ``async def handler(bo, p) -> Response`` with ``p`` a Page (the signed-in
user, language, parsed form). ``endpoint`` wraps it: language, session (8 h idle), role, the
body's size, type and CSRF token, then the handler; HttpError becomes an error page, a Redirect
a 303. The context is the master (``shared.master.app.Master``): its store, writer and reader.
"""
from __future__ import annotations

import asyncio
import hmac
from dataclasses import dataclass
from typing import Any, Awaitable, Callable
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ...catalog.errors import CatalogError
from ...store import admin_db
from ...store.auth_db import AuthError, now_ms
from ...store.catalog_db import export_catalog
from .forms import (MAX_FORM, MAX_UPLOAD, Form, HttpError, Refused, parse_multipart,
                    parse_urlencoded)
from .i18n import LANGS, t


PREFIX = "/backoffice"
PUBLIC, ANY, ADMIN = "public", "any", "admin"  # ANY: admin or supervisor
SESSION_COOKIE = "antrean_bo"
LOGIN_CSRF_COOKIE = "antrean_bo_csrf"
LANG_COOKIE = "antrean_lang"
TOUCH_MS = 60_000
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class PageRoute:
    method: str  # GET | POST
    path: str  # below /backoffice, Starlette syntax
    handler: Callable[..., Awaitable[Response]]
    access: str  # PUBLIC | ANY | ADMIN
    upload: bool = False  # multipart/form-data body (catalog import)


class Redirect(Exception):
    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


class BackOffice:
    """What the pages need from the master: memory (store), reads, writes, the clock."""

    def __init__(self, master: Any, *, idle_seconds: int = admin_db.SESSION_IDLE_SECONDS,
                 max_failures: int = admin_db.MAX_PASSWORD_FAILURES,
                 lockout_seconds: int = admin_db.PASSWORD_LOCKOUT_SECONDS) -> None:
        self.master = master
        self.idle_ms = idle_seconds * 1000
        self.max_failures = max_failures
        self.lockout_seconds = lockout_seconds
        self.password_checks = asyncio.Semaphore(2)  # scrypt takes 16 MiB each

    @property
    def store(self):
        return self.master.store

    @property
    def reader(self):
        return self.master.reader

    @property
    def db_path(self):
        return self.master.db

    async def write(self, fn: Callable[[Any], Any]) -> Any:
        return await self.master.write(fn)

    def catalog(self):
        return self.store.state.catalog

    def draft(self):
        """The catalog as codes (one consistent read on the loop's read-only connection)."""
        conn = self.reader
        if conn.in_transaction:
            return export_catalog(conn)
        conn.execute("BEGIN")
        try:
            return export_catalog(conn)
        finally:
            conn.execute("ROLLBACK")


class Page:
    """One request as a handler sees it."""

    def __init__(self, bo: BackOffice, request: Request, route: PageRoute) -> None:
        self.bo = bo
        self.request = request
        self.route = route
        self.user: admin_db.WebUser | None = None
        self.session: admin_db.WebSession | None = None
        self.form = Form({}, "id")
        self.cookies: list[tuple[str, str, dict]] = []
        asked = request.query_params.get("lang")
        if asked in LANGS:
            self.lang = asked
            self.cookies.append((LANG_COOKIE, asked, {"max_age": 365 * 86400}))
        else:
            cookie = request.cookies.get(LANG_COOKIE)
            self.lang = cookie if cookie in LANGS else "id"

    def t(self, key: str, **kw: Any) -> str:
        return t(self.lang, key, **kw)

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.request.path_params)

    def query(self, name: str, default: str = "") -> str:
        value = self.request.query_params.get(name, default)
        if len(value) > 200 or "\x00" in value:
            raise HttpError(400, self.t("err.bad_query"))
        return value

    @property
    def csrf(self) -> str:
        return self.session.csrf if self.session else ""

    @property
    def is_admin(self) -> bool:
        return self.user is not None and self.user.role == "admin"

    @property
    def scope_agency(self) -> int | None:
        """None: every agency (admin); else the supervisor's own agency."""
        return None if self.is_admin or self.user is None else self.user.agency_id

    def ip(self) -> str:
        return self.request.client.host if self.request.client else ""

    # -- sign-in -----------------------------------------------------------------------------
    def _to_login(self, reason: str = "") -> Redirect:
        target = self.request.url.path
        if self.request.method == "GET" and self.request.url.query:
            target += "?" + self.request.url.query
        extra = f"&reason={reason}" if reason else ""
        return Redirect(f"{PREFIX}/login?next={quote(target, safe='')}{extra}")

    def authenticate(self) -> None:
        token = self.request.cookies.get(SESSION_COOKIE, "")
        if not token or len(token) > 200:
            raise self._to_login()
        session = admin_db.session_by_token(self.bo.reader, token)
        if session is None or session.ended_at is not None:
            raise self._to_login()
        now = now_ms()
        if now - session.last_used > self.bo.idle_ms:
            raise self._to_login("expired")
        user = admin_db.user_by_id(self.bo.reader, session.officer_id)
        if user is None or not user.may_sign_in:
            raise self._to_login()
        self.user, self.session = user, session
        if now - session.last_used > TOUCH_MS:
            hashed = session.token_hash
            self.bo.master.writer.call(lambda conn: admin_db.touch_session(conn, hashed, now))

    # -- bodies ------------------------------------------------------------------------------
    async def read_form(self) -> None:
        limit = MAX_UPLOAD if self.route.upload else MAX_FORM
        length = self.request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            raise HttpError(413, self.t("err.too_large"))
        chunks, size = [], 0
        async for chunk in self.request.stream():
            size += len(chunk)
            if size > limit:
                raise HttpError(413, self.t("err.too_large"))
            chunks.append(chunk)
        raw = b"".join(chunks)
        ctype = self.request.headers.get("content-type", "")
        kind = ctype.split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            self.form = Form(parse_urlencoded(raw, self.lang), self.lang)
        elif kind == "multipart/form-data" and self.route.upload:
            fields, files = parse_multipart(raw, ctype, self.lang)
            self.form = Form(fields, self.lang, files)
        else:
            raise HttpError(415, self.t("err.media_type"))

    def check_csrf(self) -> None:
        sent = self.form.raw("csrf")
        if self.session is not None:
            expected = self.session.csrf
        else:  # the login form: double-submit cookie
            expected = self.request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not expected or not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
            raise HttpError(403, self.t("err.csrf"))
        origin = self.request.headers.get("origin")
        host = self.request.headers.get("host", "")
        if origin and origin != "null" and origin.split("://", 1)[-1] != host:
            raise HttpError(403, self.t("err.csrf"))


def endpoint(bo: BackOffice, route: PageRoute, error_page: Callable[[Page, HttpError], Response]):
    async def run(request: Request) -> Response:
        p = Page(bo, request, route)
        try:
            if route.access != PUBLIC:
                p.authenticate()
                if route.access == ADMIN and not p.is_admin:
                    raise HttpError(403, p.t("err.forbidden"))
            if request.method == "POST":
                await p.read_form()
                p.check_csrf()
            response = await route.handler(bo, p)
        except Redirect as r:
            response = RedirectResponse(r.location, 303)
        except HttpError as e:
            response = error_page(p, e)
        except Refused as e:  # a change the handler did not expect to be refused
            response = error_page(p, HttpError(e.status, e.message))
        except CatalogError as e:
            detail = "; ".join(str(problem) for problem in e.problems[:20])
            response = error_page(p, HttpError(422, f"{p.t('catalog.invalid')} {detail}"))
        except AuthError as e:
            response = error_page(p, HttpError(409, p.t("err.refused", detail=str(e))))
        for name, value, kw in p.cookies:
            response.set_cookie(name, value, httponly=True, samesite="strict",
                                path=PREFIX, **kw)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response
    run.__name__ = route.handler.__name__
    return run


def html_response(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status)
