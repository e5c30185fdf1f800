"""Devices: enrol (the token is shown once), revoke, last seen and printer state; pairing
requests from devices themselves (approve: the device picks its token up; reject)."""
from __future__ import annotations

from starlette.responses import RedirectResponse, Response

from ...store import admin_db, auth_db, pairing_db
from ...store.auth_db import now_ms
from .catalog_ops import write_with_event
from .core import ADMIN, PREFIX, BackOffice, Page, PageRoute
from .fmt import ago, local_time
from .forms import HttpError
from .html import (Markup, button, described_by, field_wrap, join, link, notice, post_form,
                   select, table, tag, text_input)
from .layout import render

try:  # the master's device-health module names the printer states (one vocabulary)
    from ..handlers_devices import PRINTER_FINE, PRINTER_WORDS
except ImportError:  # pragma: no cover - an older master
    PRINTER_FINE, PRINTER_WORDS = (None, "ok", "unknown"), {}

OFFLINE_AFTER_MS = 5 * 60_000  # without a report for this long a device counts as offline


def device_state(p: Page, d: admin_db.DeviceOverview, now: int) -> tuple[str, str]:
    """(text, css class) of a device's connection state."""
    if d.device.revoked_at:
        return p.t("devices.revoked"), "muted"
    if d.last_seen is None:
        return p.t("devices.no_data"), "muted"
    silent_after = int(getattr(p.bo.master, "device_silent_after_s", 0) * 1000)
    if d.silent or now - d.last_seen > max(OFFLINE_AFTER_MS, silent_after):
        return p.t("devices.offline"), "bad"
    return p.t("devices.online"), "good"


def printer_text(p: Page, d: admin_db.DeviceOverview) -> tuple[str, str]:
    if d.printer is None:
        return ("–", "muted") if d.device.role != "kiosk" or d.last_seen else \
            (p.t("devices.no_data"), "muted")
    if d.printer in PRINTER_FINE:
        return p.t("devices.printer_ok") if d.printer == "ok" else d.printer, "good"
    words = PRINTER_WORDS.get(d.printer, d.printer) if p.lang == "id" else d.printer
    extra = f" ({d.detail})" if d.detail and d.detail != words else ""
    return f"{p.t('devices.printer_fault')}: {words}{extra}", "bad"


def _body(p: Page, errors: dict[str, str], values: dict[str, str]) -> Markup:
    tz, now = p.bo.catalog().site.timezone, now_ms()
    rows = []
    for d in admin_db.device_overview(p.bo.reader):
        state, cls = device_state(p, d, now)
        printer, pcls = printer_text(p, d)
        action: Markup | str = "–"
        if not d.device.revoked_at:
            action = post_form(f"{PREFIX}/admin/devices/{d.device.id}/revoke", p.csrf,
                               button(p.t("devices.revoke"), kind="danger small",
                                      confirm=p.t("devices.confirm_revoke", name=d.device.name)),
                               inline=True)
        rows.append([str(d.device.id), d.device.name, p.t(f"device.{d.device.role}"),
                     d.version or "–", local_time(d.device.created_at, tz),
                     ago(d.last_seen, now, p.lang),
                     tag("span", state, class_=f"pill {cls}"),
                     tag("span", printer, class_=f"pill {pcls}"), action])
    listing = table(["#", p.t("f.device_name"), p.t("f.device_role"), p.t("devices.version"),
                     p.t("devices.enrolled"),
                     p.t("devices.last_seen"), p.t("devices.state"), p.t("devices.printer"),
                     p.t("common.action")], rows, numeric={0}, empty=p.t("common.empty"))
    pairing = _pairing_section(p, now)
    error = p.t(errors["name"]) if "name" in errors else None
    role_error = p.t(errors["role"]) if "role" in errors else None
    add = post_form(f"{PREFIX}/admin/devices", p.csrf, join([
        tag("div", join([
            field_wrap("role", p.t("f.device_role"), select(
                "role", [(r, p.t(f"device.{r}")) for r in auth_db.DEVICE_ROLES],
                values.get("role", "kiosk"), error=bool(role_error),
                describedby=described_by("role", None, role_error)), error=role_error),
            field_wrap("name", p.t("f.device_name"), text_input(
                "name", values.get("name", ""), required=True, maxlength=80, error=bool(error),
                describedby=described_by("name", p.t("help.device_name"), error)),
                error=error, help_text=p.t("help.device_name"), required=True)]),
            class_="grid"),
        tag("div", button(p.t("devices.enrol")), class_="actions")]))
    return join([tag("p", p.t("devices.intro"), class_="lead"), pairing, listing,
                 tag("h2", p.t("devices.enrol_title")), add])


def _pairing_section(p: Page, now: int) -> Markup:
    """Pending pairing requests with Approve / Reject (empty when there are none)."""
    rows = []
    for r in pairing_db.pending(p.bo.reader, now):
        base = f"{PREFIX}/admin/devices/pairing/{r.id}"
        actions = join([
            post_form(f"{base}/approve", p.csrf,
                      button(p.t("pairing.approve"), kind="primary small"), inline=True),
            post_form(f"{base}/reject", p.csrf, button(p.t("pairing.reject"),
                                                       kind="danger small"), inline=True)])
        rows.append([p.t(f"device.{r.role}"), r.name,
                     tag("strong", f"{r.code[:3]} {r.code[3:]}", class_="pairing-code"), r.ip,
                     ago(r.created_at, now, p.lang), actions])
    if not rows:
        return join([])
    return join([tag("h2", p.t("pairing.title")), tag("p", p.t("pairing.intro")),
                 table([p.t("f.device_role"), p.t("f.device_name"), p.t("pairing.code"),
                        p.t("pairing.ip"), p.t("pairing.age"), p.t("common.action")], rows)])


async def list_page(bo: BackOffice, p: Page) -> Response:
    return render(p, p.t("devices.title"), _body(p, {}, {}), section="admin", admin="devices")


async def enrol(bo: BackOffice, p: Page) -> Response:
    f = p.form
    role = f.choice("role", auth_db.DEVICE_ROLES)
    name = f.line("name", required=True, max_len=80)
    if f.errors:
        return render(p, p.t("devices.title"), _body(p, f.errors, {"role": f.raw("role"),
                                                                   "name": f.raw("name")}),
                      section="admin", admin="devices", status=422,
                      flash=notice(p.t("form.has_errors"), "error"))
    holder: dict[str, str] = {}

    def add(conn) -> dict:
        device, token = auth_db.add_device(conn, role, name)
        holder["token"], holder["id"] = token, str(device.id)
        return {"id": device.id, "role": role}

    await write_with_event(bo, p, "device_enrolled", name, add)
    token = holder["token"]
    body = join([
        notice(p.t("devices.token_once"), "warn"),
        field_wrap("token", p.t("devices.token"), text_input(
            "token", token, readonly=True, spellcheck="false", autocomplete="off",
            class_="token", describedby="token-help"),
            help_text=p.t("devices.token_help", id=holder["id"]), wide=True),
        tag("p", tag("button", p.t("devices.copy"), type="button", class_="btn secondary",
                     data_copy="#f-token")),
        tag("p", link(f"{PREFIX}/admin/devices", p.t("devices.back"))),
    ])
    return render(p, p.t("devices.enrolled_title", name=name), body, section="admin",
                  admin="devices")


async def revoke(bo: BackOffice, p: Page) -> Response:
    device_id = p.params["device_id"]
    known = {d.id: d for d in auth_db.list_devices(bo.reader)} if device_id < 2 ** 53 else {}
    device = known.get(device_id)
    if device is None:
        raise HttpError(404, p.t("err.not_found_item", what=p.t("devices.single")))
    if device.revoked_at:
        raise HttpError(409, p.t("devices.already_revoked"))
    await write_with_event(bo, p, "device_revoked", device.name,
                           lambda conn: {"id": device_id,
                                         "done": auth_db.revoke_device(conn, device_id)})
    return RedirectResponse(f"{PREFIX}/admin/devices?ok=revoked", 303)


async def _decide(bo: BackOffice, p: Page, approve: bool) -> Response:
    pairing_id = p.params["pairing_id"]
    request = pairing_db.get(bo.reader, pairing_id) if pairing_id < 2 ** 53 else None
    if request is None:
        raise HttpError(404, p.t("err.not_found_item", what=p.t("pairing.single")))
    now = now_ms()

    def decide(conn) -> dict:
        if approve:
            device, _ = pairing_db.approve(conn, pairing_id, now)
            return {"pairing_id": pairing_id, "id": device.id, "role": request.role,
                    "ip": request.ip}
        pairing_db.reject(conn, pairing_id, now)
        return {"pairing_id": pairing_id, "role": request.role, "ip": request.ip}

    try:
        await write_with_event(bo, p, "device_paired" if approve else "pairing_rejected",
                               request.name, decide)
    except pairing_db.PairingError:
        raise HttpError(409, p.t("pairing.not_pending")) from None
    ok = "paired" if approve else "pairing_rejected"
    return RedirectResponse(f"{PREFIX}/admin/devices?ok={ok}", 303)


async def approve_pairing(bo: BackOffice, p: Page) -> Response:
    return await _decide(bo, p, True)


async def reject_pairing(bo: BackOffice, p: Page) -> Response:
    return await _decide(bo, p, False)


ROUTES = [
    PageRoute("GET", "/admin/devices", list_page, ADMIN),
    PageRoute("POST", "/admin/devices", enrol, ADMIN),
    PageRoute("POST", "/admin/devices/{device_id:int}/revoke", revoke, ADMIN),
    PageRoute("POST", "/admin/devices/pairing/{pairing_id:int}/approve", approve_pairing, ADMIN),
    PageRoute("POST", "/admin/devices/pairing/{pairing_id:int}/reject", reject_pairing, ADMIN),
]
