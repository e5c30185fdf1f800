"""The SKM form (PermenPANRB 14/2017): U1..U9 in the order and wording of shared.domain.skm, each
answered 1..4 with the standard labels, then the respondent profile and "Kritik dan Saran".
Answers are kept by unsur key, never by position. Profile values match the reports' groups."""
from __future__ import annotations

from typing import Any, Mapping

from ...domain.reports import PROFILE_ORDER
from ...domain.skm import UNSUR
from .html import Markup, esc, field_error, form, join, tag, void
from .texts import t
from .texts_forms import SKM_EN

COMMENT_MAX = 1000


def parse(data: Mapping[str, str]) -> tuple[dict[str, int], dict[str, Any], dict[str, str]]:
    """(answers by unsur key, profile, errors by field name)."""
    answers: dict[str, int] = {}
    errors: dict[str, str] = {}
    for unsur in UNSUR:
        raw = data.get(unsur.key.lower(), "")
        if raw in ("1", "2", "3", "4"):
            answers[unsur.key] = int(raw)
        else:
            errors[unsur.key.lower()] = "required" if not raw else "invalid"
    profile: dict[str, Any] = {"gender": None, "age": None, "education": None,
                               "occupation": None, "comment": ""}
    gender = data.get("gender", "")
    if gender in ("L", "P"):
        profile["gender"] = gender
    elif gender:
        errors["gender"] = "invalid"
    age = data.get("age", "").strip()
    if age:
        if age.isdigit() and len(age) <= 3 and 10 <= int(age) <= 120:
            profile["age"] = int(age)
        else:
            errors["age"] = "invalid"
    for name in ("education", "occupation"):
        value = data.get(name, "")
        if value in PROFILE_ORDER[name]:
            profile[name] = value
        elif value:
            errors[name] = "invalid"
    comment = " ".join(data.get("comment", "").split())
    if len(comment) > COMMENT_MAX:
        errors["comment"] = "too_long"
    profile["comment"] = comment
    return answers, profile, errors


def _question(lang: str, number: int, unsur, chosen: str, error: str | None) -> Markup:
    name = unsur.key.lower()
    question, labels = SKM_EN[unsur.key] if lang == "en" else (unsur.question, unsur.labels)
    options = join(
        Markup(f'<label class="opt">{void("input", type="radio", name=name, value=str(i), required=True, checked=chosen == str(i))}'
               f'<span><b>{i}</b> {esc(label)}</span></label>')
        for i, label in enumerate(labels, start=1))
    legend = Markup(f'<legend><span class="qn">{number}</span> {esc(question)}</legend>')
    err = field_error(name, t(lang, "sv.required") if error else None)
    return tag("fieldset", legend + tag("div", options, class_="scale") + err,
               class_="q" + (" has-error" if error else ""), id=f"q-{name}",
               aria_describedby=f"{name}-error" if error else None)


def _select(lang: str, name: str, options: list[tuple[str, str]], chosen: str,
            error: str | None) -> Markup:
    opts = join(tag("option", label, value=value, selected=value == chosen)
                for value, label in [("", t(lang, "sv.choose")), *options])
    label = Markup(f'<label for="f-{name}">{esc(t(lang, "sv." + name))} '
                   f'<span class="muted">({esc(t(lang, "sv.optional"))})</span></label>')
    return tag("div", label + tag("select", opts, id=f"f-{name}", name=name)
               + field_error(name, t(lang, "fe.invalid") if error else None), class_="field")


def render(lang: str, action: str, csrf: str, values: Mapping[str, str],
           errors: Mapping[str, str], hidden: Mapping[str, str] | None = None) -> Markup:
    parts = [tag("h2", t(lang, "sv.questions"))]
    if errors:
        parts.append(tag("p", t(lang, "sv.missing"), class_="notice error", role="alert"))
    for number, unsur in enumerate(UNSUR, start=1):
        key = unsur.key.lower()
        parts.append(_question(lang, number, unsur, values.get(key, ""), errors.get(key)))
    parts.append(tag("h2", t(lang, "sv.profile")))
    genders = join(
        Markup(f'<label class="opt">{void("input", type="radio", name="gender", value=g, checked=values.get("gender") == g)}'
               f'<span>{esc(t(lang, "sv.gender." + g))}</span></label>') for g in ("L", "P"))
    parts.append(Markup(f'<fieldset class="q"><legend>{esc(t(lang, "sv.gender"))} '
                        f'<span class="muted">({esc(t(lang, "sv.optional"))})</span></legend>'
                        f'<div class="scale two">{genders}</div></fieldset>'))
    age = void("input", type="number", id="f-age", name="age", min="10", max="120",
               inputmode="numeric", value=values.get("age", ""))
    parts.append(tag("div", Markup(f'<label for="f-age">{esc(t(lang, "sv.age"))} <span class="muted">'
                                   f'({esc(t(lang, "sv.optional"))})</span></label>') + age
                     + field_error("age", t(lang, "fe.invalid") if errors.get("age") else None),
                     class_="field"))
    parts.append(_select(lang, "education", [(e, e) for e in PROFILE_ORDER["education"]],
                         values.get("education", ""), errors.get("education")))
    parts.append(_select(lang, "occupation",
                         [(o, t(lang, "occ." + o)) for o in PROFILE_ORDER["occupation"]],
                         values.get("occupation", ""), errors.get("occupation")))
    parts.append(tag("div", Markup(f'<label for="f-comment">{esc(t(lang, "sv.comment"))}</label>')
                     + tag("textarea", values.get("comment", ""), id="f-comment", name="comment",
                           rows="4", maxlength=str(COMMENT_MAX))
                     + field_error("comment", t(lang, "fe.too_long")
                                   if errors.get("comment") else None), class_="field"))
    for name, value in (hidden or {}).items():
        parts.append(void("input", type="hidden", name=name, value=value))
    parts.append(tag("button", t(lang, "sv.submit"), type="submit", class_="btn wide"))
    return form(action, csrf, join(parts), class_="survey")
