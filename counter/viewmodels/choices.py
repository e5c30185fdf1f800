"""What the sheets offer: transfer targets, services to tick as done, pause reasons, waiting
tickets to call. Plain Python over the catalog and the current ticket."""
from __future__ import annotations

from dataclasses import dataclass

from ..texts import t
from .catalog import CatalogIndex
from .waiting import WaitingTracker

PAUSE_REASONS = ("istirahat", "sholat", "rapat", "lainnya")


@dataclass(frozen=True)
class Choice:
    id: int | str
    label: str
    detail: str = ""  # agency, availability note, priority ...
    checked: bool = False


def transfer_choices(catalog: CatalogIndex, ticket: dict | None, lang: str) -> list[Choice]:
    """Every other service, agency by agency; closed ones say so (the transfer still works: the
    visitor waits for the booth to open)."""
    current = (ticket or {}).get("service_id")
    out = []
    for service_id in catalog.transfer_targets(current):
        service = catalog.services[service_id]
        detail = catalog.agency_short(service.get("agency_id"))
        availability = service.get("availability") or {}
        if availability and not availability.get("issuable", True):
            detail += f" · {t('closed_note', lang)}"
        out.append(Choice(service_id, service.get("name", f"#{service_id}"), detail))
    return out


def finish_choices(catalog: CatalogIndex, ticket: dict | None, counter_id: int | None
                   ) -> list[Choice]:
    """The ticket's own service (ticked) first, then the others this counter serves."""
    own = (ticket or {}).get("service_id")
    ids = [own] if own is not None else []
    if counter_id is not None:
        ids += [s for s in catalog.counter_services(counter_id) if s != own]
    return [Choice(s, catalog.service_name(s), "", s == own) for s in ids]


def pause_choices(lang: str) -> list[Choice]:
    return [Choice(code, t(f"reason_{code}", lang)) for code in PAUSE_REASONS]


def call_choices(catalog: CatalogIndex, tracker: WaitingTracker, lang: str) -> list[Choice]:
    out = []
    for w in tracker.ordered():
        detail = catalog.service_name(w.service_id)
        if w.priority:
            detail += " · " + t("priority", lang, label=catalog.priority_label(w.priority, lang))
        out.append(Choice(w.id, w.number, detail))
    return out


def reason_label(code: str | None, lang: str) -> str:
    return t(f"reason_{code}", lang) if code in PAUSE_REASONS else (code or "")
