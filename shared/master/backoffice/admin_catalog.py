"""Generic list / add / edit / delete pages for the catalog tables described in entities.py."""
from __future__ import annotations

from typing import Any

from starlette.responses import RedirectResponse, Response

from ...catalog.draft import CatalogDraft
from ...catalog.errors import CatalogError
from .catalog_ops import Refused, change_catalog, problems_text
from .core import ADMIN, PREFIX, BackOffice, Page, PageRoute
from .entities import ENTITIES, Entity
from .entity_forms import choices, labels, raw_values, read_values, render_fields
from .forms import HttpError, Invalid
from .html import (Markup, button, error_list, field_wrap, join, link, notice, post_form, select,
                   table, tag, text_input)
from .layout import render

LIST_LIMIT = 300


def _list_body(p: Page, e: Entity, draft: CatalogDraft, form_values: dict[str, Any],
               errors: dict[str, str]) -> Markup:
    rows = e.rows_of(draft)
    agency = p.query("agency")
    q = p.query("q").strip().lower()
    if agency and any(f.name == "agency" for f in e.fields):
        rows = [r for r in rows if getattr(r, "agency", None) == agency]
    if q:
        rows = [r for r in rows if q in " ".join(str(v) for v in e.to_values(r).values()).lower()]
    if e.slug == "closures":
        rows = sorted(rows, key=lambda r: r.day, reverse=True)
    names, cols = labels(draft), [f for c in e.columns for f in e.fields if f.name == c]
    shown = []
    for r in rows[:LIST_LIMIT]:
        values = e.to_values(r)
        cells: list[Any] = []
        for f in cols:
            value = values[f.name]
            if value in (None, ""):
                cells.append(tag("span", p.t(f.empty), class_="muted") if f.empty else "–")
            else:
                cells.append(names[f.name].get(value, value) if f.name in names else value)
        cells.append(link(f"{PREFIX}/admin/{e.slug}/{e.key_of(r)}", p.t("common.edit"),
                          aria_label=f"{p.t('common.edit')} {values[e.fields[0].name]}"))
        shown.append(cells)
    numeric = {i for i, f in enumerate(cols) if f.kind in ("int", "decimal")}
    agency_filter = (field_wrap("agency", p.t("f.agency"), select(
        "agency", choices(p, draft, "agency?", filter_=True), agency, id_="filter-agency"),
        control_id="filter-agency") if any(f.name == "agency" for f in e.fields) else "")
    filters = tag("form", join([
        field_wrap("q", p.t("common.search"), text_input("q", p.query("q"), kind="search",
                                                         id_="filter-q"), control_id="filter-q"),
        agency_filter,
        tag("div", button(p.t("common.filter"), kind="secondary"), class_="actions")]),
        method="get", class_="filters", role="search")
    count = tag("p", p.t("common.count", shown=len(shown), total=len(rows)), class_="muted")
    listing = table([p.t(f.label) for f in cols] + [p.t("common.action")], shown,
                    numeric=numeric, empty=p.t("common.empty"))
    add = post_form(f"{PREFIX}/admin/{e.slug}", p.csrf, join([
        render_fields(p, e, draft, form_values, errors, editing=False),
        tag("div", button(p.t("common.add")), class_="actions")]))
    jump = link("#add", p.t("common.add_new", what=p.t(e.single)), class_="btn secondary")
    head = tag("div", join([count, jump]), class_="list-head")
    return join([filters, head, listing,
                 tag("h2", p.t("common.add_new", what=p.t(e.single)), id="add", tabindex="-1"),
                 add])


def _title(p: Page, e: Entity, row: Any) -> str:
    what = p.t(e.single)
    return f"{what[:1].upper()}{what[1:]}: {e.to_values(row)[e.fields[0].name]}"


def handlers(e: Entity) -> list[PageRoute]:
    async def list_page(bo: BackOffice, p: Page) -> Response:
        draft = bo.draft()
        return render(p, p.t(e.title), _list_body(p, e, draft, {}, {}), section="admin",
                      admin=e.slug)

    async def create(bo: BackOffice, p: Page) -> Response:
        draft = bo.draft()
        try:
            values = read_values(p, e, draft, None)
        except Invalid:
            return render(p, p.t(e.title), _list_body(p, e, draft, raw_values(p, e),
                                                      p.form.errors),
                          section="admin", admin=e.slug, status=422,
                          flash=notice(p.t("form.has_errors"), "error"))
        row = e.build(values)
        key = e.key_of(row)

        def edit(d: CatalogDraft) -> dict:
            if e.keyed and any(e.key_of(r) == key for r in e.rows_of(d)):
                raise Refused(p.t("err.duplicate_code"))
            e.rows_of(d).append(row)
            return {"values": e.to_values(row)}

        problem = await _apply(bo, p, f"{e.slug}_created", key, edit)
        if problem is not None:
            return render(p, p.t(e.title), join([problem, _list_body(
                p, e, draft, raw_values(p, e), {})]), section="admin", admin=e.slug,
                status=422)
        return RedirectResponse(f"{PREFIX}/admin/{e.slug}?ok=created", 303)

    def _find(draft: CatalogDraft, key: str):
        for r in e.rows_of(draft):
            if e.key_of(r) == key:
                return r
        raise HttpError(404, "")

    def _edit_body(p: Page, draft: CatalogDraft, key: str, values: dict, errors: dict) -> Markup:
        save = post_form(f"{PREFIX}/admin/{e.slug}/{key}", p.csrf, join([
            render_fields(p, e, draft, values, errors, editing=True),
            tag("div", join([button(p.t("common.save")),
                             link(f"{PREFIX}/admin/{e.slug}", p.t("common.cancel"),
                                  class_="btn secondary")]), class_="actions")]))
        if e.deletable:
            note = tag("p", p.t(e.delete_note), class_="help") if e.delete_note else ""
            delete = post_form(f"{PREFIX}/admin/{e.slug}/{key}/delete", p.csrf, join([
                note, button(p.t("common.delete"), kind="danger",
                             confirm=p.t("common.confirm_delete"))]), class_="danger-zone")
        else:
            delete = tag("p", p.t(e.delete_note), class_="help") if e.delete_note else ""
        return join([save, delete])

    async def edit_page(bo: BackOffice, p: Page) -> Response:
        draft, key = bo.draft(), p.params["key"]
        row = _find_or_404(p, draft, key)
        title = _title(p, e, row)
        return render(p, title, _edit_body(p, draft, key, e.to_values(row), {}),
                      section="admin", admin=e.slug)

    def _find_or_404(p: Page, draft: CatalogDraft, key: str):
        try:
            return _find(draft, key)
        except HttpError:
            raise HttpError(404, p.t("err.not_found_item", what=p.t(e.single))) from None

    async def update(bo: BackOffice, p: Page) -> Response:
        draft, key = bo.draft(), p.params["key"]
        row = _find_or_404(p, draft, key)
        title = _title(p, e, row)
        try:
            values = read_values(p, e, draft, key if e.keyed else None)
        except Invalid:
            raw = {**raw_values(p, e), e.fields[0].name: key} if e.keyed else raw_values(p, e)
            return render(p, title, _edit_body(p, draft, key, raw, p.form.errors),
                          section="admin", admin=e.slug, status=422,
                          flash=notice(p.t("form.has_errors"), "error"))
        new = e.build(values)

        def edit(d: CatalogDraft) -> dict:
            rows = e.rows_of(d)
            for i, r in enumerate(rows):
                if e.key_of(r) == key:
                    before = e.to_values(r)
                    rows[i] = new
                    after = e.to_values(new)
                    return {"changed": {k: [before[k], after[k]] for k in after
                                        if before.get(k) != after[k]}}
            raise Refused(p.t("err.not_found_item", what=p.t(e.single)), 404)

        problem = await _apply(bo, p, f"{e.slug}_updated", key, edit)
        if problem is not None:
            return render(p, title, join([problem, _edit_body(p, draft, key, raw_values(p, e)
                                                              | ({e.fields[0].name: key}
                                                                 if e.keyed else {}), {})]),
                          section="admin", admin=e.slug, status=422)
        return RedirectResponse(f"{PREFIX}/admin/{e.slug}?ok=saved", 303)

    async def delete(bo: BackOffice, p: Page) -> Response:
        draft, key = bo.draft(), p.params["key"]
        _find_or_404(p, draft, key)
        if not e.deletable:
            raise HttpError(409, p.t(e.delete_note or "err.forbidden"))

        def edit(d: CatalogDraft) -> dict:
            rows = e.rows_of(d)
            for i, r in enumerate(rows):
                if e.key_of(r) == key:
                    refusal = e.on_delete(d, key)
                    if refusal is not None:
                        raise Refused(p.t(refusal))
                    del rows[i]
                    return {"values": e.to_values(r)}
            raise Refused(p.t("err.not_found_item", what=p.t(e.single)), 404)

        problem = await _apply(bo, p, f"{e.slug}_deleted", key, edit)
        if problem is not None:
            raise HttpError(409, problem_text(problem))
        return RedirectResponse(f"{PREFIX}/admin/{e.slug}?ok=deleted", 303)

    for fn, name in ((list_page, "list"), (create, "create"), (edit_page, "edit"),
                     (update, "update"), (delete, "delete")):
        fn.__name__ = f"{e.slug}_{name}"
    return [
        PageRoute("GET", f"/admin/{e.slug}", list_page, ADMIN),
        PageRoute("POST", f"/admin/{e.slug}", create, ADMIN),
        PageRoute("GET", f"/admin/{e.slug}/{{key}}", edit_page, ADMIN),
        PageRoute("POST", f"/admin/{e.slug}/{{key}}", update, ADMIN),
        PageRoute("POST", f"/admin/{e.slug}/{{key}}/delete", delete, ADMIN),
    ]


def problem_text(problem: Markup) -> str:
    return getattr(problem, "plain", str(problem))


class _Problem(Markup):
    plain: str = ""


async def _apply(bo: BackOffice, p: Page, action: str, target: str, edit) -> Markup | None:
    """Run the change; None when done, else the error block to show."""
    try:
        await change_catalog(bo, p, action, target, edit, section=action.split("_")[0])
    except Refused as exc:
        block = _Problem(notice(exc.message, "error"))
        block.plain = exc.message
        return block
    except CatalogError as exc:
        items = problems_text(exc)
        block = _Problem(error_list(p.t("catalog.invalid"), items))
        block.plain = p.t("catalog.invalid") + " " + "; ".join(items)
        return block
    return None


ROUTES = [route for e in ENTITIES for route in handlers(e)]
