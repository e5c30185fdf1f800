"""Sign-in, sign-out and the own-account page (password change).

Username + password (scrypt, like the PINs); 5 wrong passwords lock the back-office login for
15 minutes (the 5th already answers 423); unknown users and wrong passwords get the same answer
and take the same time. The session cookie is HttpOnly, SameSite=Strict, Path=/backoffice; the
login form is protected by a double-submit CSRF cookie, every other form by the session's token.
"""
from __future__ import annotations

import asyncio
import secrets
from urllib.parse import urlsplit

from starlette.responses import RedirectResponse, Response

from ...store import admin_db
from ...store.auth_db import AuthError, now_ms, verify_pin
from .core import ANY, LOGIN_CSRF_COOKIE, PREFIX, PUBLIC, SESSION_COOKIE, BackOffice, Page, \
    PageRoute, Redirect
from .forms import Invalid
from .html import Markup, button, described_by, field_wrap, hidden, join, notice, tag, text_input
from .layout import render


def _safe_next(target: str) -> str:
    parts = urlsplit(target)
    if (parts.scheme or parts.netloc or not parts.path.startswith(PREFIX + "/")
            or "//" in parts.path or "\\" in target or parts.path.startswith(PREFIX + "/login")):
        return PREFIX + "/"
    return target


def _field(name: str, label: str, kind: str, error: str | None, value: str = "",
           autocomplete: str | None = None) -> Markup:
    control = text_input(name, value, kind=kind, required=True, maxlength=128, error=bool(error),
                         autocomplete=autocomplete, describedby=described_by(name, None, error))
    return field_wrap(name, label, control, error=error, required=True)


def _login_form(p: Page, csrf: str, username: str = "", error: str | None = None,
                status: int = 200) -> Response:
    reason = p.request.query_params.get("reason")
    flash = notice(p.t("login.expired"), "error") if reason == "expired" else None
    if error:
        flash = notice(error, "error")
    next_target = _safe_next(p.request.query_params.get("next", "") or p.form.raw("next"))
    form = Markup(
        f'<form method="post" class="form login" action="{PREFIX}/login">'
        f'{hidden("csrf", csrf)}{hidden("next", next_target)}'
        f'{_field("username", p.t("login.username"), "text", None, username, "username")}'
        f'{_field("password", p.t("login.password"), "password", None, "", "current-password")}'
        f'<div class="actions">{button(p.t("login.submit"))}</div></form>')
    body = join([tag("p", p.t("login.intro"), class_="lead"), form])
    response = render(p, p.t("login.title"), tag("div", body, class_="login-box"),
                      status=status, flash=flash)
    response.set_cookie(LOGIN_CSRF_COOKIE, csrf, httponly=True, samesite="strict", path=PREFIX)
    return response


async def login_page(bo: BackOffice, p: Page) -> Response:
    try:
        p.authenticate()
    except Redirect:
        csrf = p.request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
        if len(csrf) > 100:
            csrf = secrets.token_urlsafe(24)
        return _login_form(p, csrf)
    raise Redirect(_safe_next(p.request.query_params.get("next", "")))


async def login_submit(bo: BackOffice, p: Page) -> Response:
    csrf = p.form.raw("csrf")
    username = p.form.line("username", max_len=64)
    password = p.form.text("password", max_len=admin_db.PASSWORD_MAX_LENGTH, strip=False)
    if p.form.errors or not username or not password:
        return _login_form(p, csrf, username, p.t("login.wrong"), 401)
    user = admin_db.user_by_username(bo.reader, username)
    now = now_ms()
    if user is not None and user.locked_until and user.locked_until > now:
        return _locked(p, csrf, username, user.locked_until - now)
    usable = user is not None and user.may_sign_in
    async with bo.password_checks:
        ok = await asyncio.to_thread(verify_pin, password,
                                     user.password_hash if usable else None)  # type: ignore[union-attr]
    ip = p.ip()
    if not ok or user is None or not usable:
        if usable and user is not None:
            uid, name, maxf, lock_s = user.id, user.username, bo.max_failures, bo.lockout_seconds

            def fail(conn):
                until = admin_db.record_password_failure(conn, uid, now, maxf, lock_s)
                admin_db.audit(conn, now, uid, name, "login_failed", name,
                               {"locked": until is not None}, ip)
                return until

            until = await bo.write(fail)
            if until is not None:
                return _locked(p, csrf, username, until - now)
        return _login_form(p, csrf, username, p.t("login.wrong"), 401)

    def start(conn):
        admin_db.record_password_success(conn, user.id)
        admin_db.audit(conn, now, user.id, user.username, "login", user.username, {}, ip)
        return admin_db.create_session(conn, user.id, now)

    token, _ = await bo.write(start)
    response = RedirectResponse(_safe_next(p.form.raw("next")), 303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", path=PREFIX,
                        secure=p.request.url.scheme == "https")
    return response


def _locked(p: Page, csrf: str, username: str, remaining_ms: int) -> Response:
    minutes = max(1, -(-remaining_ms // 60_000))
    response = _login_form(p, csrf, username, p.t("login.locked", n=minutes), 423)
    response.headers["Retry-After"] = str(max(1, remaining_ms // 1000))
    return response


async def logout(bo: BackOffice, p: Page) -> Response:
    session, user = p.session, p.user
    assert session is not None and user is not None
    now, ip = now_ms(), p.ip()

    def end(conn):
        admin_db.end_session(conn, session.token_hash, now)
        admin_db.audit(conn, now, user.id, user.username, "logout", user.username, {}, ip)

    await bo.write(end)
    response = RedirectResponse(f"{PREFIX}/login?ok=signed_out", 303)
    response.delete_cookie(SESSION_COOKIE, path=PREFIX)
    return response


def _account_body(p: Page, errors: dict[str, str]) -> Markup:
    user = p.user
    assert user is not None
    agency = p.bo.catalog().agencies.get(user.agency_id) if user.agency_id else None
    facts = tag("dl", join([
        tag("dt", p.t("account.username")), tag("dd", user.username),
        tag("dt", p.t("account.role")), tag("dd", p.t("role." + user.role)),
        tag("dt", p.t("account.agency")),
        tag("dd", agency.name if agency else p.t("common.all_agencies"))]), class_="facts")
    fields = join([
        _field("current", p.t("account.current"), "password", errors.get("current"),
               autocomplete="current-password"),
        _field("new", p.t("account.new"), "password", errors.get("new"),
               autocomplete="new-password"),
        _field("repeat", p.t("account.repeat"), "password", errors.get("repeat"),
               autocomplete="new-password"),
    ])
    form = tag("form", join([hidden("csrf", p.csrf), fields,
                             tag("p", p.t("account.rule"), class_="help"),
                             tag("div", button(p.t("account.change")), class_="actions")]),
               method="post", class_="form narrow", action=f"{PREFIX}/account/password")
    return join([facts, tag("h2", p.t("account.password")), form])


async def account_page(bo: BackOffice, p: Page) -> Response:
    return render(p, p.t("account.title"), _account_body(p, {}))


async def change_password(bo: BackOffice, p: Page) -> Response:
    user = p.user
    assert user is not None
    f = p.form
    current = f.text("current", required=True, max_len=128, strip=False)
    new = f.text("new", required=True, max_len=128, strip=False)
    repeat = f.text("repeat", required=True, max_len=128, strip=False)
    try:
        f.check()
        try:
            admin_db.check_password_format(new)
        except AuthError:
            f.error("new", "account.rule")
        if new != repeat:
            f.error("repeat", "account.mismatch")
        f.check()
        async with bo.password_checks:
            ok = await asyncio.to_thread(verify_pin, current, user.password_hash)
            hashed = await asyncio.to_thread(admin_db.hash_password, new) if ok else None
        if not ok:
            f.error("current", "account.wrong_current")
        f.check()
    except Invalid:
        return render(p, p.t("account.title"), _account_body(p, f.errors), status=422,
                      flash=notice(p.t("form.has_errors"), "error"))
    now, ip = now_ms(), p.ip()

    def change(conn):
        admin_db.set_password_hash(conn, user.id, hashed)
        admin_db.audit(conn, now, user.id, user.username, "password_changed", user.username,
                       {}, ip)

    await bo.write(change)
    response = RedirectResponse(f"{PREFIX}/login?ok=password", 303)
    response.delete_cookie(SESSION_COOKIE, path=PREFIX)
    return response


ROUTES = [
    PageRoute("GET", "/login", login_page, PUBLIC),
    PageRoute("POST", "/login", login_submit, PUBLIC),
    PageRoute("POST", "/logout", logout, ANY),
    PageRoute("GET", "/account", account_page, ANY),
    PageRoute("POST", "/account/password", change_password, ANY),
]
