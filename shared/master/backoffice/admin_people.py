"""Officers: add, edit (name, role, agency, active), reset PIN, set password, unlock."""
from __future__ import annotations

import asyncio
from typing import Any

from starlette.responses import RedirectResponse, Response

from ...store import admin_db, auth_db
from ...store.auth_db import AuthError, now_ms
from .catalog_ops import write_with_event
from .core import ADMIN, PREFIX, BackOffice, Page, PageRoute
from .forms import HttpError, Invalid
from .html import (Markup, button, checkbox, described_by, field_wrap, join, link, notice,
                   post_form, select, table, tag, text_input)
from .layout import render

ROLES = auth_db.OFFICER_ROLES


def _field(p: Page, name: str, label: str, value: Any, errors: dict, *, kind: str = "text",
           help_key: str | None = None, required: bool = False, options=None, **kw) -> Markup:
    error = p.t(errors[name]) if name in errors else None
    help_text = p.t(help_key) if help_key else None
    desc = described_by(name, help_text, error)
    if options is not None:
        control = select(name, options, value, error=bool(error), describedby=desc)
    else:
        control = text_input(name, value, kind=kind, required=required, error=bool(error),
                             describedby=desc, **kw)
    return field_wrap(name, p.t(label), control, error=error, help_text=help_text,
                      required=required)


def _agency_options(p: Page) -> list[tuple[str, str]]:
    agencies = sorted(p.bo.catalog().agencies.values(), key=lambda a: (a.sort, a.id))
    return [("", p.t("officers.no_agency"))] + [(str(a.id), a.short_name) for a in agencies]


def _role_options(p: Page) -> list[tuple[str, str]]:
    return [(r, p.t(f"role.{r}")) for r in ROLES]


def _status(p: Page, u: admin_db.WebUser, now: int) -> str:
    parts = [p.t("officers.active") if u.active else p.t("officers.inactive")]
    if u.pin_locked_until and u.pin_locked_until > now:
        parts.append(p.t("officers.pin_locked"))
    if u.locked_until and u.locked_until > now:
        parts.append(p.t("officers.login_locked"))
    return ", ".join(parts)


def _list_body(p: Page, values: dict, errors: dict) -> Markup:
    agencies = p.bo.catalog().agencies
    now = now_ms()
    rows = []
    for u in admin_db.list_users(p.bo.reader):
        agency = agencies.get(u.agency_id) if u.agency_id else None
        rows.append([u.username, u.name, p.t(f"role.{u.role}"),
                     agency.short_name if agency else "–",
                     p.t("common.yes") if u.password_hash else p.t("common.no"), _status(p, u, now),
                     link(f"{PREFIX}/admin/officers/{u.id}", p.t("common.edit"),
                          aria_label=f"{p.t('common.edit')} {u.username}")])
    listing = table([p.t("f.username"), p.t("f.person_name"), p.t("f.role"), p.t("f.agency"),
                     p.t("officers.has_password"), p.t("officers.status"), p.t("common.action")],
                    rows, empty=p.t("common.empty"))
    fields = join([
        _field(p, "username", "f.username", values.get("username", ""), errors, required=True,
               maxlength=64, autocomplete="off"),
        _field(p, "name", "f.person_name", values.get("name", ""), errors, required=True,
               maxlength=100),
        _field(p, "role", "f.role", values.get("role", "officer"), errors,
               options=_role_options(p), help_key="help.role"),
        _field(p, "agency_id", "f.agency", values.get("agency_id", ""), errors,
               options=_agency_options(p), help_key="help.officer_agency"),
        _field(p, "pin", "f.pin", "", errors, kind="password", required=True, maxlength=12,
               inputmode="numeric", autocomplete="new-password", help_key="help.pin"),
        _field(p, "password", "f.password", "", errors, kind="password", maxlength=128,
               autocomplete="new-password", help_key="help.password_optional"),
    ])
    add = post_form(f"{PREFIX}/admin/officers", p.csrf, join([
        tag("div", fields, class_="grid"), tag("div", button(p.t("common.add")),
                                               class_="actions")]))
    return join([listing, tag("h2", p.t("common.add_new", what=p.t("officers.single"))), add])


async def list_page(bo: BackOffice, p: Page) -> Response:
    return render(p, p.t("officers.title"), _list_body(p, {}, {}), section="admin",
                  admin="officers")


def _role_agency(p: Page) -> tuple[str, int | None]:
    f = p.form
    role = f.choice("role", ROLES)
    agency_text = f.choice("agency_id", [str(a) for a in p.bo.catalog().agencies],
                           required=False)
    agency_id = int(agency_text) if agency_text else None
    if role and role != "admin" and agency_id is None:
        f.error("agency_id", "err.agency_required")
    return role, agency_id


async def create(bo: BackOffice, p: Page) -> Response:
    f = p.form
    username = f.line("username", required=True, max_len=64)
    name = f.line("name", required=True, max_len=100)
    role, agency_id = _role_agency(p)
    pin = f.text("pin", required=True, max_len=12)
    password = f.text("password", max_len=128, strip=False)
    if pin and not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 12):
        f.error("pin", "help.pin")
    if password:
        try:
            admin_db.check_password_format(password)
        except AuthError:
            f.error("password", "account.rule")
        if role not in admin_db.BACKOFFICE_ROLES:
            f.error("password", "err.password_role")
    if username and admin_db.user_by_username(bo.reader, username) is not None:
        f.error("username", "err.duplicate_username")
    try:
        f.check()
    except Invalid:
        values = {k: f.raw(k) for k in ("username", "name", "role", "agency_id")}
        return render(p, p.t("officers.title"), _list_body(p, values, f.errors),
                      section="admin", admin="officers", status=422,
                      flash=notice(p.t("form.has_errors"), "error"))
    async with bo.password_checks:
        pin_hash = await asyncio.to_thread(auth_db.hash_pin, pin)
        pw_hash = await asyncio.to_thread(admin_db.hash_password, password) if password else None

    def add(conn) -> dict:
        oid = admin_db.create_officer(conn, username, name, role, agency_id, pin_hash, pw_hash)
        return {"id": oid, "role": role, "agency_id": agency_id, "password": bool(pw_hash)}

    await _guarded(p, write_with_event(bo, p, "officer_created", username, add))
    return RedirectResponse(f"{PREFIX}/admin/officers?ok=created", 303)


async def _guarded(p: Page, change) -> None:
    try:
        await change
    except AuthError as exc:
        raise HttpError(409, p.t("err.refused", detail=str(exc))) from None


def _user_or_404(p: Page) -> admin_db.WebUser:
    officer_id = p.params["officer_id"]
    user = admin_db.user_by_id(p.bo.reader, officer_id) if officer_id < 2 ** 53 else None
    if user is None:
        raise HttpError(404, p.t("err.not_found_item", what=p.t("officers.single")))
    return user


def _edit_body(p: Page, u: admin_db.WebUser, values: dict, errors: dict) -> Markup:
    base = f"{PREFIX}/admin/officers/{u.id}"
    main = post_form(base, p.csrf, join([
        tag("div", join([
            tag("div", join([tag("span", p.t("f.username"), class_="label"),
                             tag("code", u.username)]), class_="field readonly"),
            _field(p, "name", "f.person_name", values["name"], errors, required=True,
                   maxlength=100),
            _field(p, "role", "f.role", values["role"], errors, options=_role_options(p),
                   help_key="help.role"),
            _field(p, "agency_id", "f.agency", values["agency_id"], errors,
                   options=_agency_options(p)),
            checkbox("active", values["active"], p.t("f.active"))]), class_="grid"),
        tag("div", button(p.t("common.save")), class_="actions")]))
    pin = post_form(f"{base}/pin", p.csrf, join([
        _field(p, "pin", "f.new_pin", "", errors, kind="password", required=True, maxlength=12,
               inputmode="numeric", autocomplete="new-password", help_key="help.pin_reset"),
        tag("div", button(p.t("officers.reset_pin"), kind="secondary"), class_="actions")]))
    parts = [main, tag("h2", p.t("officers.pin_title")), pin]
    if u.role in admin_db.BACKOFFICE_ROLES:
        parts += [tag("h2", p.t("officers.password_title")), post_form(f"{base}/password", p.csrf, join([
            _field(p, "password", "f.new_password", "", errors, kind="password", required=True,
                   maxlength=128, autocomplete="new-password", help_key="account.rule"),
            tag("div", button(p.t("officers.set_password"), kind="secondary"),
                class_="actions")]))]
    parts.append(post_form(f"{base}/unlock", p.csrf, join([
        tag("p", p.t("officers.unlock_help"), class_="help"),
        button(p.t("officers.unlock"), kind="secondary")])))
    return join(parts)


def _user_values(u: admin_db.WebUser) -> dict:
    return {"name": u.name, "role": u.role, "agency_id": str(u.agency_id or ""),
            "active": u.active}


async def edit_page(bo: BackOffice, p: Page) -> Response:
    u = _user_or_404(p)
    return render(p, f"{p.t('officers.single')}: {u.username}", _edit_body(p, u, _user_values(u), {}),
                  section="admin", admin="officers")


async def update(bo: BackOffice, p: Page) -> Response:
    u, f = _user_or_404(p), p.form
    name = f.line("name", required=True, max_len=100)
    role, agency_id = _role_agency(p)
    active = f.boolean("active")
    if p.user is not None and u.id == p.user.id and (role != "admin" or not active):
        f.error("role", "err.self_demote")
    try:
        f.check()
    except Invalid:
        values = {"name": f.raw("name"), "role": f.raw("role"), "agency_id": f.raw("agency_id"),
                  "active": active}
        return render(p, f"{p.t('officers.single')}: {u.username}",
                      _edit_body(p, u, values, f.errors), section="admin", admin="officers",
                      status=422, flash=notice(p.t("form.has_errors"), "error"))

    def save(conn) -> dict:
        admin_db.update_officer(conn, u.id, name, role, agency_id, active)
        return {"before": _user_values(u), "after": {"name": name, "role": role,
                                                     "agency_id": agency_id, "active": active}}

    await _guarded(p, write_with_event(bo, p, "officer_updated", u.username, save))
    return RedirectResponse(f"{PREFIX}/admin/officers?ok=saved", 303)


async def reset_pin(bo: BackOffice, p: Page) -> Response:
    u, f = _user_or_404(p), p.form
    pin = f.text("pin", required=True, max_len=12)
    if pin and not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 12):
        f.error("pin", "help.pin")
    if f.errors:
        return render(p, f"{p.t('officers.single')}: {u.username}",
                      _edit_body(p, u, _user_values(u), f.errors), section="admin",
                      admin="officers", status=422, flash=notice(p.t("form.has_errors"), "error"))
    async with bo.password_checks:
        hashed = await asyncio.to_thread(auth_db.hash_pin, pin)
    await _guarded(p, write_with_event(bo, p, "officer_pin_reset", u.username,
                                       lambda conn: admin_db.set_pin_hash(conn, u.id, hashed)))
    return RedirectResponse(f"{PREFIX}/admin/officers/{u.id}?ok=pin", 303)


async def set_password(bo: BackOffice, p: Page) -> Response:
    u, f = _user_or_404(p), p.form
    password = f.text("password", required=True, max_len=128, strip=False)
    if u.role not in admin_db.BACKOFFICE_ROLES:  # its page has no password form to show it on
        raise HttpError(422, p.t("err.password_role"))
    if password:
        try:
            admin_db.check_password_format(password)
        except AuthError:
            f.error("password", "account.rule")
    if f.errors:
        return render(p, f"{p.t('officers.single')}: {u.username}",
                      _edit_body(p, u, _user_values(u), f.errors), section="admin",
                      admin="officers", status=422, flash=notice(p.t("form.has_errors"), "error"))
    async with bo.password_checks:
        hashed = await asyncio.to_thread(admin_db.hash_password, password)
    await _guarded(p, write_with_event(
        bo, p, "officer_password_set", u.username,
        lambda conn: admin_db.set_password_hash(conn, u.id, hashed)))
    return RedirectResponse(f"{PREFIX}/admin/officers/{u.id}?ok=password", 303)


async def unlock(bo: BackOffice, p: Page) -> Response:
    u = _user_or_404(p)
    await write_with_event(bo, p, "officer_unlocked", u.username,
                           lambda conn: admin_db.unlock_officer(conn, u.id))
    return RedirectResponse(f"{PREFIX}/admin/officers/{u.id}?ok=unlocked", 303)


ROUTES = [
    PageRoute("GET", "/admin/officers", list_page, ADMIN),
    PageRoute("POST", "/admin/officers", create, ADMIN),
    PageRoute("GET", "/admin/officers/{officer_id:int}", edit_page, ADMIN),
    PageRoute("POST", "/admin/officers/{officer_id:int}", update, ADMIN),
    PageRoute("POST", "/admin/officers/{officer_id:int}/pin", reset_pin, ADMIN),
    PageRoute("POST", "/admin/officers/{officer_id:int}/password", set_password, ADMIN),
    PageRoute("POST", "/admin/officers/{officer_id:int}/unlock", unlock, ADMIN),
]
