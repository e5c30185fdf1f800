"""The entity forms: choices, field rendering from Field specs, reading a post back."""
from __future__ import annotations

from typing import Any

from ...catalog.draft import CatalogDraft
from .admin_schedules import TIME_INPUT
from .core import Page
from .entities import Entity, Field
from .html import (Markup, checkbox, described_by, field_wrap, join, select, tag, text_input,
                   textarea)

def choices(p: Page, draft: CatalogDraft, source: str, *, filter_: bool = False
            ) -> list[tuple[str, str]]:
    """Options of an agency/booth select; ``filter_``: the empty option means 'all'."""
    optional = source.endswith("?")
    if source.startswith("agency"):
        opts = [(a.code, f"{a.short_name} ({a.code})") for a in draft.agencies]
        empty = p.t("common.whole_site")
    else:
        short = {a.code: a.short_name for a in draft.agencies}
        opts = [(b.code, f"{b.name} · {short.get(b.agency, b.agency)}") for b in draft.booths]
        empty = p.t("common.none")
    if filter_:
        empty = p.t("common.all")
    return [("", empty if optional else p.t("common.choose"))] + opts


def _text_value(f: Field, value: Any) -> str:
    if value is None:
        return ""
    if f.kind == "lines":
        return "\n".join(value) if isinstance(value, (list, tuple)) else str(value)
    if f.kind == "decimal":
        return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)


def render_fields(p: Page, e: Entity, draft: CatalogDraft, values: dict[str, Any],
                  errors: dict[str, str], editing: bool) -> Markup:
    out = []
    for f in e.fields:
        error = p.t(errors[f.name]) if f.name in errors else None
        label, help_text = p.t(f.label), p.t(f.help) if f.help else None
        value = values.get(f.name, f.default)
        if f.kind == "bool":
            out.append(checkbox(f.name, bool(value), label))
            continue
        if editing and e.keyed and f is e.fields[0]:
            out.append(tag("div", join([tag("span", label, class_="label"),
                                        tag("code", value)]), class_="field readonly"))
            continue
        desc = described_by(f.name, help_text, error)
        text = _text_value(f, value)
        if f.kind in ("textarea", "lines"):
            control = textarea(f.name, text, rows=4, error=bool(error), describedby=desc,
                               maxlength=f.max_len)
        elif f.kind == "choice":
            control = select(f.name, choices(p, draft, f.choices or ""), text,
                             required=f.required, error=bool(error), describedby=desc)
        else:
            kind = {"date": "date", "int": "number"}.get(f.kind, "text")
            extra: dict[str, Any] = {}
            if f.kind == "time":
                extra = {k: v for k, v in TIME_INPUT.items() if k != "maxlength"}
            elif f.kind == "int":
                extra = {"min": str(f.minimum), "max": str(f.maximum), "step": "1"}
            elif f.kind == "decimal":
                extra = {"inputmode": "decimal"}
            control = text_input(f.name, text, kind=kind, required=f.required,
                                 maxlength=(5 if f.kind == "time" else f.max_len)
                                 if kind == "text" else None,
                                 error=bool(error), describedby=desc, **extra)
        out.append(field_wrap(f.name, label, control, error=error, help_text=help_text,
                              required=f.required, wide=f.wide))
    return tag("div", join(out), class_="grid")


def read_values(p: Page, e: Entity, draft: CatalogDraft, key: str | None) -> dict[str, Any]:
    form, v = p.form, {}
    for f in e.fields:
        if key is not None and e.keyed and f is e.fields[0]:
            v[f.name] = key
        elif f.kind == "code":
            v[f.name] = form.code(f.name)
        elif f.kind == "prefix":
            v[f.name] = form.prefix(f.name)
        elif f.kind == "line":
            v[f.name] = form.line(f.name, required=f.required, max_len=f.max_len)
        elif f.kind == "textarea":
            v[f.name] = form.text(f.name, required=f.required, max_len=f.max_len)
        elif f.kind == "lines":
            text = form.text(f.name, required=f.required, max_len=f.max_len)
            v[f.name] = [line.strip() for line in text.splitlines() if line.strip()]
        elif f.kind == "int":
            v[f.name] = form.integer(f.name, minimum=f.minimum, maximum=f.maximum,
                                     required=f.required, default=f.default)
        elif f.kind == "decimal":
            v[f.name] = form.decimal(f.name, default=f.default)
        elif f.kind == "bool":
            v[f.name] = form.boolean(f.name)
        elif f.kind == "choice":
            options = [c for c, _ in choices(p, draft, f.choices or "") if c]
            v[f.name] = form.choice(f.name, options, required=f.required)
        elif f.kind == "time":
            v[f.name] = form.time(f.name, required=f.required)
        elif f.kind == "date":
            v[f.name] = form.date(f.name, required=f.required)
    form.check()
    for name, text_key in e.check(v, draft, key).items():
        form.error(name, text_key)
    form.check()
    return v


def raw_values(p: Page, e: Entity) -> dict[str, Any]:
    return {f.name: p.form.boolean(f.name) if f.kind == "bool" else p.form.raw(f.name)
            for f in e.fields}


def labels(draft: CatalogDraft) -> dict[str, dict[str, str]]:
    return {"agency": {a.code: a.short_name for a in draft.agencies},
            "booth": {b.code: b.name for b in draft.booths}}
