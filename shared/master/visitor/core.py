"""The visitor pages' context and request pipeline: options, the shared ``Visitor`` (master,
rate limiters, check-in locks), and ``Ctx`` (one request: language, visitor cookie, form).

``page_endpoint(v, get, post)`` wraps handlers ``async (v, ctx) -> Response``: language
(?lang= then cookie), the visitor cookie (also the CSRF token of the forms: SameSite=Lax, so a
cross-site post never carries it), bounded urlencoded forms, and errors as 4xx pages.
"""
from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ...domain.booking import BookingPolicy, policy_with
from ...domain.model import Catalog
from ...store import visitor_db
from .html import Markup, document, esc, lang_href, link, notice
from .ratelimit import RateLimiter
from .texts import LANGS, t

log = logging.getLogger("antrean.visitor")

LANG_COOKIE = "antrean_lang"  # shared with the back office
VISITOR_COOKIE = "antrean_v"
MAX_FORM = 16 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # token URLs never leave in a Referer
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class Limits:
    """Token buckets per client address: (capacity, refill per second)."""

    booking: tuple[float, float] = (30, 0.5)  # every /booking page and booking API call
    forms: tuple[float, float] = (10, 0.1)  # survey and complaint submissions
    lookups: tuple[float, float] = (20, 0.2)  # unknown ticket tokens, booking tokens and codes


@dataclass(frozen=True)
class VisitorOptions:
    policy: BookingPolicy = field(default_factory=BookingPolicy)
    limits: Limits = field(default_factory=Limits)
    booth_window_minutes: int = 10  # the booth tablet offers the visitor finished this recently
    booth_fill_minutes: int = 30  # ... whose form may still be sent this long after finishing
    survey_days: int = 7  # the QR survey stays open this long after the service day
    poll_seconds: int = 5  # the status page's refresh


class PageError(Exception):
    def __init__(self, status: int, key: str, headers: dict[str, str] | None = None,
                 **values: Any) -> None:
        super().__init__(key)
        self.status, self.key, self.values, self.headers = status, key, values, headers or {}


class Redirect(Exception):
    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


class Visitor:
    """What every visitor page and API handler shares."""

    def __init__(self, master: Any, options: VisitorOptions) -> None:
        self.master = master
        self.options = options
        self.booking_limit = RateLimiter(*options.limits.booking)
        self.form_limit = RateLimiter(*options.limits.forms)
        self.lookup_limit = RateLimiter(*options.limits.lookups)
        self.checkin_locks: dict[str, list] = {}  # code -> [asyncio.Lock, users]

    @property
    def store(self):
        return self.master.store

    @property
    def reader(self):
        return self.master.reader

    def now(self) -> datetime:
        return self.master.now()

    def now_ms(self) -> int:
        return int(self.now().timestamp() * 1000)

    def catalog(self) -> Catalog:
        return self.master.store.state.catalog

    @property
    def tz(self) -> str:
        return self.catalog().site.timezone

    def policy(self) -> BookingPolicy:
        return policy_with(self.options.policy, visitor_db.booking_settings(self.reader))

    async def write(self, fn: Callable[[Any], Any]) -> Any:
        return await self.master.write(fn)

    def render(self, ctx: "Ctx", title: str, body: Any, *, status: int = 200,
               script: str | None = None, body_class: str | None = None,
               headers: dict[str, str] | None = None) -> Response:
        other = "en" if ctx.lang == "id" else "id"
        href = lang_href(ctx.request.url.path, dict(ctx.request.query_params), other)
        switch = link(href, t(ctx.lang, "lang.other"), class_="lang", hreflang=other, lang=other)
        return document(lang=ctx.lang, title=title, site=self.catalog().site.name, body=body,
                        switch=switch, status=status, script=script, body_class=body_class,
                        headers=headers)

    def limit(self, limiter: RateLimiter, ctx: "Ctx") -> None:
        wait = limiter.take(ctx.ip)
        if wait:
            raise PageError(429, "err.429", {"Retry-After": str(wait)}, seconds=wait)


class Ctx:
    """One page request."""

    def __init__(self, request: Request) -> None:
        self.request = request
        asked = request.query_params.get("lang")
        cookie_lang = request.cookies.get(LANG_COOKIE)
        self.lang = asked if asked in LANGS else (cookie_lang if cookie_lang in LANGS else "id")
        self.remember_lang = asked in LANGS and asked != cookie_lang
        cookie = request.cookies.get(VISITOR_COOKIE, "")
        self.new_cookie = not (16 <= len(cookie) <= 64 and cookie.isascii())
        self.visitor_id = secrets.token_urlsafe(16) if self.new_cookie else cookie
        self.form: dict[str, str] = {}

    def t(self, key: str, **values: Any) -> str:
        return t(self.lang, key, **values)

    @property
    def ip(self) -> str:
        return self.request.client.host if self.request.client else ""

    @property
    def csrf(self) -> str:
        return self.visitor_id

    @property
    def client_hash(self) -> str | None:
        return None if self.new_cookie else visitor_db.secret_hash(self.visitor_id)

    async def read_form(self) -> None:
        ctype = self.request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            raise PageError(415, "err.415")
        length = self.request.headers.get("content-length", "")
        if length and (not length.isdigit() or int(length) > MAX_FORM):
            raise PageError(413, "err.413")
        raw = b""
        async for chunk in self.request.stream():
            raw += chunk
            if len(raw) > MAX_FORM:
                raise PageError(413, "err.413")
        try:
            pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=100,
                              errors="strict")
        except (UnicodeDecodeError, ValueError):
            raise PageError(400, "err.400") from None
        for key, value in pairs:
            if "\x00" in key or "\x00" in value:
                raise PageError(400, "err.400")
            self.form.setdefault(key, value)
        sent = self.form.get("csrf", "")
        if self.new_cookie or not hmac.compare_digest(sent.encode(), self.visitor_id.encode()):
            raise PageError(403, "err.csrf")


Handler = Callable[[Visitor, Ctx], Awaitable[Response]]


def error_page(v: Visitor, ctx: Ctx, exc: PageError) -> Response:
    body = Markup(f"<h1>{esc(ctx.t('err.title'))}</h1>") + notice(
        ctx.t(exc.key, **exc.values), "error")
    return v.render(ctx, ctx.t("err.title"), body, status=exc.status, headers=exc.headers)


def page_endpoint(v: Visitor, get: Handler | None, post: Handler | None = None):
    async def endpoint(request: Request) -> Response:
        ctx = Ctx(request)
        try:
            if request.method in ("GET", "HEAD") and get is not None:
                response = await get(v, ctx)
            elif request.method == "POST" and post is not None:
                await ctx.read_form()
                response = await post(v, ctx)
            else:
                allowed = ", ".join(m for m, h in (("GET", get), ("POST", post)) if h)
                raise PageError(405, "err.405", {"Allow": allowed})
        except PageError as exc:
            response = error_page(v, ctx, exc)
        except Redirect as exc:
            response = RedirectResponse(exc.location, 303)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if ctx.new_cookie:
            response.set_cookie(VISITOR_COOKIE, ctx.visitor_id, max_age=365 * 86400,
                                httponly=True, samesite="lax")
        if ctx.remember_lang:
            response.set_cookie(LANG_COOKIE, ctx.lang, max_age=365 * 86400, samesite="lax")
        return response
    return endpoint


async def not_found(v: Visitor, ctx: Ctx) -> Response:
    raise PageError(404, "err.404")
