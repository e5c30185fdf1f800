"""Catalog import/export (the CSV set as a .zip, docs/catalog-format.md) and the audit log."""
from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path

from starlette.responses import RedirectResponse, Response

from ...catalog.csv_format import format_catalog, parse_catalog
from ...catalog.errors import CatalogError
from ...catalog.files import read_catalog_files, write_catalog_files
from ...store import admin_db
from .catalog_ops import Refused, problems_text, replace_all
from .core import ADMIN, PREFIX, BackOffice, Page, PageRoute
from .fmt import local_time
from .forms import HttpError
from .html import Markup, button, error_list, join, link, notice, post_form, table, tag, void
from .i18n import has
from .layout import render

AUDIT_PAGE = 100


def _page(p: Page, flash: Markup | None = None, status: int = 200) -> Response:
    export = join([tag("p", p.t("catalog.export_help")),
                   tag("p", link(f"{PREFIX}/admin/catalog/export.zip", p.t("catalog.export"),
                                 class_="btn secondary", download=True))])
    upload = post_form(f"{PREFIX}/admin/catalog/import", p.csrf, join([
        tag("div", join([
            tag("label", p.t("catalog.file"), for_="f-file"),
            void("input", type="file", id="f-file", name="file", accept=".zip,application/zip",
                 required=True, aria_describedby="file-help"),
            tag("p", p.t("catalog.import_help"), class_="help", id="file-help")]),
            class_="field wide"),
        tag("div", button(p.t("catalog.import"), confirm=p.t("catalog.confirm_import")),
            class_="actions")]), upload=True)
    body = join([tag("section", join([tag("h2", p.t("catalog.export_title")), export]),
                     class_="card"),
                 tag("section", join([tag("h2", p.t("catalog.import_title")), upload]),
                     class_="card")])
    return render(p, p.t("catalog.title"), body, section="admin", admin="catalog",
                  status=status, flash=flash)


async def page(bo: BackOffice, p: Page) -> Response:
    return _page(p)


def _zip_bytes(draft) -> bytes:
    with tempfile.TemporaryDirectory(prefix="antrean-export-") as folder:
        target = Path(folder) / "katalog.zip"
        write_catalog_files(format_catalog(draft), target)
        return target.read_bytes()


async def export_zip(bo: BackOffice, p: Page) -> Response:
    draft = bo.draft()
    data = await asyncio.to_thread(_zip_bytes, draft)
    name = f"katalog-{draft.site.id}.zip"
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _parse_upload(data: bytes):
    with tempfile.TemporaryDirectory(prefix="antrean-import-") as folder:
        path = Path(folder) / "upload.zip"
        path.write_bytes(data)
        try:
            return parse_catalog(read_catalog_files(path))
        except CatalogError as exc:  # name problems after the upload, not the temp path
            for i, problem in enumerate(exc.problems):
                if problem.file == str(path):
                    exc.problems[i] = problem._replace(file="zip")
            raise


async def import_zip(bo: BackOffice, p: Page) -> Response:
    upload = p.form.files.get("file")
    if upload is None or not upload[1]:
        return _page(p, notice(p.t("catalog.no_file"), "error"), 422)
    filename, data = upload
    if not data.startswith(b"PK"):
        return _page(p, notice(p.t("catalog.not_zip", name=filename), "error"), 422)
    try:
        draft = await asyncio.to_thread(_parse_upload, data)
    except CatalogError as exc:
        return _page(p, error_list(p.t("catalog.rejected", name=filename), problems_text(exc)),
                     422)
    if draft.site.id != bo.store.site_id:
        return _page(p, notice(p.t("catalog.other_site", id=draft.site.id,
                                   ours=bo.store.site_id), "error"), 422)
    try:
        await replace_all(bo, p, draft, filename[:100])
    except CatalogError as exc:
        return _page(p, error_list(p.t("catalog.rejected", name=filename), problems_text(exc)),
                     422)
    except Refused as exc:
        raise HttpError(exc.status, exc.message) from None
    return RedirectResponse(f"{PREFIX}/admin/catalog?ok=imported", 303)


async def audit_page(bo: BackOffice, p: Page) -> Response:
    before_text = p.query("before")
    before = int(before_text) if before_text.isdigit() and len(before_text) < 16 else None
    if before_text and before is None:
        raise HttpError(400, p.t("err.bad_query"))
    entries = admin_db.list_audit(bo.reader, AUDIT_PAGE, before)
    tz = bo.catalog().site.timezone
    rows = []
    for e in entries:
        action = p.t(f"audit.{e.action}") if has(f"audit.{e.action}") else e.action
        detail = json.dumps(e.detail, ensure_ascii=False, separators=(", ", ": "))
        rows.append([local_time(e.at, tz), e.username, action, e.target,
                     tag("span", detail[:300] + ("…" if len(detail) > 300 else ""),
                         class_="detail"), e.ip])
    listing = table([p.t("audit.when"), p.t("audit.who"), p.t("audit.what"),
                     p.t("audit.target"), p.t("audit.detail"), p.t("audit.ip")], rows,
                    empty=p.t("common.empty"), class_="data audit")
    more = ""
    if len(entries) == AUDIT_PAGE:
        more = tag("p", link(f"{PREFIX}/admin/audit?before={entries[-1].id}", p.t("audit.older")))
    body = join([tag("p", p.t("audit.intro"), class_="lead"), listing, more])
    return render(p, p.t("audit.title"), body, section="admin", admin="audit")


ROUTES = [
    PageRoute("GET", "/admin/catalog", page, ADMIN),
    PageRoute("GET", "/admin/catalog/export.zip", export_zip, ADMIN),
    PageRoute("POST", "/admin/catalog/import", import_zip, ADMIN, upload=True),
    PageRoute("GET", "/admin/audit", audit_page, ADMIN),
]
