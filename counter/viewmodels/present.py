"""Display-ready text for the counter panel from the master's JSON (tickets, history), so views
only place strings. Plain Python, no Qt; times are shown as Indonesian hh.mm in the site's zone
(the master already sends them with the site's offset)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..texts import t
from .catalog import CatalogIndex


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def hhmm(value: str | None) -> str:
    moment = parse_time(value)
    return moment.strftime("%H.%M") if moment else ""


def waited_minutes(ticket: dict[str, Any], now: datetime) -> int | None:
    """From arrival (kept across transfers) until called, or until now if not called yet."""
    issued = parse_time(ticket.get("issued_at"))
    if issued is None:
        return None
    until = parse_time(ticket.get("called_at")) or now
    return max(0, int((until - issued).total_seconds() // 60))


def ticket_card(ticket: dict[str, Any], catalog: CatalogIndex, lang: str,
                now: datetime) -> dict[str, Any]:
    """Everything the ticket card shows: number, status, service, priority, wait, information."""
    service = catalog.services.get(ticket.get("service_id"), {})
    status = ticket.get("status")
    priority = ticket.get("priority")
    label = ticket.get("priority_label") or catalog.priority_label(priority, lang)
    if lang == "en" and priority:
        label = catalog.priority_label(priority, lang)
    details = []
    minutes = waited_minutes(ticket, now)
    if minutes is not None:
        details.append(t("waited", lang, minutes=minutes))
    if ticket.get("calls", 0) > 1:
        details.append(t("calls", lang, n=ticket["calls"]))
    original = ticket.get("original_service_id")
    if original is not None and original != ticket.get("service_id"):
        details.append(t("transferred_from", lang, service=catalog.service_name(original)))
    info = []
    requirements = service.get("requirements") or []
    if requirements:
        info.append((t("info_requirements", lang), "; ".join(requirements)))
    if service.get("completion_time"):
        info.append((t("info_time", lang), str(service["completion_time"])))
    if service.get("cost"):
        info.append((t("info_cost", lang), str(service["cost"])))
    if service.get("product"):
        info.append((t("info_product", lang), str(service["product"])))
    agency = ticket.get("agency_short_name") or catalog.agency_short(ticket.get("agency_id"))
    return {
        "number": ticket.get("number", "?"),
        "status": t("ticket_serving" if status == "serving" else "ticket_called", lang),
        "serving": status == "serving",
        "service": ticket.get("service_name") or catalog.service_name(ticket.get("service_id")),
        "agency": agency or "",
        "priority": t("priority", lang, label=label) if priority else t("regular", lang),
        "is_priority": bool(priority),
        "details": " · ".join(details),
        "info": info,
    }


def outcome(ticket: dict[str, Any], catalog: CatalogIndex, lang: str) -> str:
    status = ticket.get("status", "")
    if status == "waiting" and ticket.get("transfers", 0):
        return t("outcome_transferred", lang, service=catalog.service_name(ticket.get("service_id")))
    key = f"outcome_{status}"
    try:
        return t(key, lang)
    except KeyError:
        return status


def history_rows(history: list[dict[str, Any]], catalog: CatalogIndex, lang: str,
                 limit: int = 8) -> list[dict[str, str]]:
    rows = []
    for ticket in history[:limit]:
        rows.append({
            "number": ticket.get("number", "?"),
            "service": ticket.get("service_name") or catalog.service_name(ticket.get("service_id")),
            "outcome": outcome(ticket, catalog, lang),
            "time": hhmm(ticket.get("finished_at") or ticket.get("called_at")),
        })
    return rows


def waiting_breakdown(by_service: dict[int, int], catalog: CatalogIndex) -> str:
    """``KTP-el 9 · Kartu Keluarga 5`` in the counter's work-profile order (non-zero only)."""
    parts = [f"{catalog.service_name(s)} {n}" for s, n in by_service.items() if n]
    return " · ".join(parts)
