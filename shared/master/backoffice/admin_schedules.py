"""Weekly opening hours: the site's default, an agency's own, a booth's own (docs/catalog-format.md,
schedules.csv). Each scope is edited as one week grid with up to MAX_SLOTS intervals a day."""
from __future__ import annotations

from datetime import time

from starlette.responses import RedirectResponse, Response

from ...catalog.draft import CatalogDraft, ScheduleRow
from ...catalog.errors import CatalogError
from ...domain.model import Interval, WeeklyHours
from ...domain.schedule import DAY_NAMES_EN, DAY_NAMES_ID, describe_hours
from .catalog_ops import Refused, change_catalog, problems_text
from .core import ADMIN, PREFIX, BackOffice, Page, PageRoute
from .forms import HttpError
from .html import (Markup, button, error_list, field_wrap, join, link, notice, post_form, select,
                   table, tag, text_input)
from .layout import render

MAX_SLOTS = 3
# 24-hour text, not type=time: a browser in an English locale would show 04:00 PM.
TIME_INPUT = {"inputmode": "numeric", "placeholder": "JJ:MM", "maxlength": 5,
              "pattern": "[0-9]{1,2}[:.][0-9]{2}", "class_": "time"}


def parse_scope(p: Page, draft: CatalogDraft, scope: str) -> tuple[str | None, str | None, str]:
    """'site' | 'agency:CODE' | 'booth:CODE' -> (agency, booth, title)."""
    kind, _, code = scope.partition(":")
    if kind == "site" and not code:
        return None, None, p.t("schedules.site")
    if kind == "agency":
        for a in draft.agencies:
            if a.code == code:
                return code, None, p.t("schedules.agency", name=a.short_name)
    if kind == "booth":
        for b in draft.booths:
            if b.code == code:
                return b.agency, code, p.t("schedules.booth", name=b.name)
    raise HttpError(404, p.t("err.not_found_item", what=p.t("schedules.single")))


def rows_of(draft: CatalogDraft, agency: str | None, booth: str | None) -> list[ScheduleRow]:
    if booth is not None:
        return [r for r in draft.schedules if r.booth == booth]
    return [r for r in draft.schedules if r.agency == agency and r.booth is None]


def describe(rows: list[ScheduleRow], lang: str) -> str:
    days: dict[int, list[Interval]] = {}
    for r in sorted(rows, key=lambda r: (r.weekday, r.opens)):
        days.setdefault(r.weekday, []).append(Interval(time.fromisoformat(r.opens),
                                                       time.fromisoformat(r.closes)))
    return describe_hours(WeeklyHours({d: tuple(v) for d, v in days.items()}), lang)


def _scope_link(scope: str) -> str:
    return f"{PREFIX}/admin/schedules/{scope}"


async def list_page(bo: BackOffice, p: Page) -> Response:
    draft = bo.draft()
    short = {a.code: a.short_name for a in draft.agencies}
    rows = [[p.t("schedules.site"), "–", describe(rows_of(draft, None, None), p.lang),
             link(_scope_link("site"), p.t("common.edit"))]]
    for a in draft.agencies:
        own = rows_of(draft, a.code, None)
        if own:
            rows.append([p.t("schedules.kind_agency"), a.short_name, describe(own, p.lang),
                         link(_scope_link(f"agency:{a.code}"), p.t("common.edit"))])
    for b in draft.booths:
        own = rows_of(draft, b.agency, b.code)
        if own:
            rows.append([p.t("schedules.kind_booth"), f"{b.name} · {short.get(b.agency, '')}",
                         describe(own, p.lang),
                         link(_scope_link(f"booth:{b.code}"), p.t("common.edit"))])
    listing = table([p.t("schedules.scope"), p.t("schedules.whom"), p.t("schedules.hours"),
                     p.t("common.action")], rows)
    options = [("", p.t("common.choose"))]
    options += [(f"agency:{a.code}", f"{p.t('schedules.kind_agency')}: {a.short_name}")
                for a in draft.agencies if not rows_of(draft, a.code, None)]
    options += [(f"booth:{b.code}", f"{p.t('schedules.kind_booth')}: {b.name}")
                for b in draft.booths if not rows_of(draft, b.agency, b.code)]
    pick = tag("form", join([
        field_wrap("scope", p.t("schedules.new_scope"), select("scope", options, "")),
        tag("div", button(p.t("schedules.open_editor"), kind="secondary"), class_="actions")]),
        method="get", class_="filters", action=f"{PREFIX}/admin/schedules/new")
    body = join([tag("p", p.t("schedules.intro"), class_="lead"), listing,
                 tag("h2", p.t("schedules.add_title")), pick])
    return render(p, p.t("schedules.title"), body, section="admin", admin="schedules")


async def new_scope(bo: BackOffice, p: Page) -> Response:
    scope = p.query("scope")
    parse_scope(p, bo.draft(), scope)  # 404 for an unknown one
    return RedirectResponse(_scope_link(scope), 303)


def _grid(p: Page, values: dict[str, str], errors: dict[str, str], slots: int) -> Markup:
    names = DAY_NAMES_EN if p.lang == "en" else DAY_NAMES_ID
    head = [p.t("schedules.day")]
    for i in range(1, slots + 1):
        head += [p.t("schedules.opens_n", n=i), p.t("schedules.closes_n", n=i)]
    rows = []
    for day in range(1, 8):
        cells: list = [tag("span", names[day - 1], id=f"day-{day}")]
        for i in range(1, slots + 1):
            for part in ("o", "c"):
                name = f"d{day}{part}{i}"
                label = p.t("schedules.opens_n" if part == "o" else "schedules.closes_n", n=i)
                cells.append(text_input(name, values.get(name, ""), error=name in errors,
                                        aria_label=f"{names[day - 1]} {label}", **TIME_INPUT))
        error = next((errors[k] for k in errors if k.startswith(f"d{day}")), None)
        cells.append(tag("span", error, class_="field-error") if error else "")
        rows.append(cells)
    return table(head + [""], rows, class_="data grid-week")


def _values(rows: list[ScheduleRow]) -> tuple[dict[str, str], int]:
    values, per_day = {}, {}
    for r in sorted(rows, key=lambda r: (r.weekday, r.opens)):
        i = per_day[r.weekday] = per_day.get(r.weekday, 0) + 1
        values[f"d{r.weekday}o{i}"], values[f"d{r.weekday}c{i}"] = r.opens, r.closes
    return values, max([2, *per_day.values()])


def _editor(p: Page, scope: str, title: str, values: dict, errors: dict, slots: int,
            own: bool, extra: Markup | str = "") -> Response:
    form = post_form(_scope_link(scope), p.csrf, join([
        tag("p", p.t("schedules.grid_help"), class_="help"), _grid(p, values, errors, slots),
        Markup(f'<input type="hidden" name="slots" value="{slots}">'),
        tag("div", join([button(p.t("common.save")),
                         link(f"{PREFIX}/admin/schedules", p.t("common.cancel"),
                              class_="btn secondary")]), class_="actions")]))
    parts = [extra, form]
    if own and scope != "site":
        parts.append(post_form(f"{_scope_link(scope)}/delete", p.csrf, join([
            tag("p", p.t("schedules.delete_note"), class_="help"),
            button(p.t("schedules.delete"), kind="danger",
                   confirm=p.t("common.confirm_delete"))]), class_="danger-zone"))
    status = 422 if errors or extra else 200
    return render(p, title, join(parts), section="admin", admin="schedules", status=status)


async def edit_page(bo: BackOffice, p: Page) -> Response:
    draft, scope = bo.draft(), p.params["scope"]
    agency, booth, title = parse_scope(p, draft, scope)
    rows = rows_of(draft, agency, booth)
    values, slots = _values(rows)
    return _editor(p, scope, title, values, {}, slots, bool(rows))


async def save(bo: BackOffice, p: Page) -> Response:
    draft, scope, f = bo.draft(), p.params["scope"], p.form
    agency, booth, title = parse_scope(p, draft, scope)
    slots = f.integer("slots", minimum=1, maximum=MAX_SLOTS, default=2) or 2
    new: list[ScheduleRow] = []
    for day in range(1, 8):
        spans = []
        for i in range(1, slots + 1):
            o, c = f.time(f"d{day}o{i}"), f.time(f"d{day}c{i}")
            if f"d{day}o{i}" in f.errors or f"d{day}c{i}" in f.errors:
                continue
            if bool(o) != bool(c):
                f.error(f"d{day}c{i}", "err.both_times")
            elif o and c and o >= c:
                f.error(f"d{day}c{i}", "err.time_order")
            elif o and c:
                spans.append((o, c, i))
        spans.sort()
        for (o1, c1, _), (o2, _, i2) in zip(spans, spans[1:]):
            if o2 < c1:
                f.error(f"d{day}o{i2}", "err.overlap")
        new += [ScheduleRow(agency, booth, day, o, c) for o, c, _ in spans]
    if f.errors:
        values = {k: f.raw(k) for k in f.data if k.startswith("d")}
        return _editor(p, scope, title, values, {k: p.t(v) for k, v in f.errors.items()},
                       slots, bool(rows_of(draft, agency, booth)),
                       notice(p.t("form.has_errors"), "error"))

    def edit(d: CatalogDraft) -> dict:
        old = rows_of(d, agency, booth)
        d.schedules = [r for r in d.schedules if r not in old] + new
        return {"before": describe(old, "id"), "after": describe(new, "id")}

    try:
        await change_catalog(bo, p, "schedule_updated", scope, edit, section="schedules")
    except (Refused, CatalogError) as exc:
        block = (notice(exc.message, "error") if isinstance(exc, Refused)
                 else error_list(p.t("catalog.invalid"), problems_text(exc)))
        values = {k: f.raw(k) for k in f.data if k.startswith("d")}
        return _editor(p, scope, title, values, {}, slots, True, block)
    return RedirectResponse(f"{PREFIX}/admin/schedules?ok=saved", 303)


async def delete(bo: BackOffice, p: Page) -> Response:
    draft, scope = bo.draft(), p.params["scope"]
    agency, booth, _ = parse_scope(p, draft, scope)
    if scope == "site":
        raise HttpError(409, p.t("schedules.site_no_delete"))

    def edit(d: CatalogDraft) -> dict:
        old = rows_of(d, agency, booth)
        d.schedules = [r for r in d.schedules if r not in old]
        return {"before": describe(old, "id")}

    await change_catalog(bo, p, "schedule_deleted", scope, edit, section="schedules")
    return RedirectResponse(f"{PREFIX}/admin/schedules?ok=deleted", 303)


ROUTES = [
    PageRoute("GET", "/admin/schedules", list_page, ADMIN),
    PageRoute("GET", "/admin/schedules/new", new_scope, ADMIN),
    PageRoute("GET", "/admin/schedules/{scope}", edit_page, ADMIN),
    PageRoute("POST", "/admin/schedules/{scope}", save, ADMIN),
    PageRoute("POST", "/admin/schedules/{scope}/delete", delete, ADMIN),
]
