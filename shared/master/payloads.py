"""JSON shapes of the API (tickets, counters, catalog, snapshot), built from the store's memory.

Call these while holding the store's lock (or from the writer thread inside a command)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain.engine import QueueState
from ..domain.eta import Estimate
from ..domain.model import PriorityClass
from ..domain.tickets import Ticket, TicketStatus


def iso(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat()


def localize(state: QueueState, t: datetime | None) -> str | None:
    """An instant in the site's zone (WIB/WITA/WIT), as the contract asks for offsets."""
    if t is None:
        return None
    from zoneinfo import ZoneInfo
    return t.astimezone(ZoneInfo(state.catalog.site.timezone)).isoformat()


def estimate_json(e: Estimate | None) -> dict[str, int] | None:
    return None if e is None else {"ahead": e.ahead, "minutes": e.minutes}


def ticket_json(state: QueueState, t: Ticket, with_token: bool = False) -> dict[str, Any]:
    """A ticket for devices. Its token (the visitor's key to the status page) only goes to the
    kiosk that issued it, never to displays or counters."""
    catalog = state.catalog
    service = catalog.services.get(t.service_id)
    agency = catalog.agencies.get(service.agency_id) if service else None
    counter = catalog.counters.get(t.counter_id) if t.counter_id is not None else None
    out = {
        "id": t.id,
        "number": t.number,
        "day": t.day.isoformat(),
        "service_id": t.service_id,
        "service_name": service.name if service else None,
        "original_service_id": t.original_service_id,
        "agency_id": agency.id if agency else None,
        "agency_name": agency.name if agency else None,
        "agency_short_name": agency.short_name if agency else None,
        "priority": t.priority.value if t.priority else None,
        "priority_label": t.priority.label_id if t.priority else None,
        "channel": t.channel.value,
        "status": t.status.value,
        "issued_at": localize(state, t.issued_at),
        "called_at": localize(state, t.called_at),
        "started_at": localize(state, t.started_at),
        "finished_at": localize(state, t.finished_at),
        "counter_id": t.counter_id,
        "counter_number": counter.number if counter else None,
        "calls": t.calls,
        "requeues": t.requeues,
        "transfers": t.transfers,
        "services_done": list(t.services_done),
    }
    if with_token:
        out["token"] = t.token
    return out


def public_ticket_json(state: QueueState, t: Ticket, estimate: Estimate | None) -> dict[str, Any]:
    """The status page's data: what the visitor may see (no officer ids, no internals)."""
    full = ticket_json(state, t)
    at_counter = t.status in (TicketStatus.CALLED, TicketStatus.SERVING)
    counter = state.catalog.counters.get(t.counter_id) if t.counter_id is not None else None
    booth = state.catalog.booths.get(counter.booth_id) if counter else None
    return {
        "number": t.number,
        "day": full["day"],
        "service": {"id": t.service_id, "name": full["service_name"]},
        "agency": {"id": full["agency_id"], "name": full["agency_name"],
                   "short_name": full["agency_short_name"]},
        "priority": full["priority"],
        "priority_label": full["priority_label"],
        "status": t.status.value,
        "ahead": estimate.ahead if estimate else None,
        "estimate": estimate_json(estimate),
        "issued_at": full["issued_at"],
        "called_at": full["called_at"] if at_counter else None,
        "counter_number": counter.number if counter and at_counter else None,
        "booth": booth.name if booth and at_counter else None,
    }


def counter_json(state: QueueState, counter_id: int) -> dict[str, Any]:
    catalog = state.catalog
    counter = catalog.counters[counter_id]
    booth = catalog.booths[counter.booth_id]
    agency = catalog.agencies[booth.agency_id]
    s = state.counters.get(counter_id)
    ticket = state.tickets.get(s.ticket_id) if s and s.ticket_id is not None else None
    return {
        "id": counter.id,
        "code": counter.code,
        "number": counter.number,
        "name": counter.name,
        "zone": counter.zone or booth.zone,
        "booth_id": booth.id,
        "booth": booth.name,
        "agency_id": agency.id,
        "agency": agency.short_name,
        "status": s.status.value if s else "closed",
        "officer_id": s.officer_id if s else None,
        "pause_reason": s.pause_reason.value if s and s.pause_reason else None,
        "since": localize(state, s.since) if s else None,
        "ticket": ticket_json(state, ticket) if ticket else None,
        "services": list(catalog.counter_services(counter_id)),
    }


def service_json(state: QueueState, service_id: int, now: datetime, engine) -> dict[str, Any]:
    catalog = state.catalog
    v = catalog.services[service_id]
    a = engine.availability(service_id, now)
    std = v.standard
    return {
        "id": v.id,
        "code": v.code,
        "agency_id": v.agency_id,
        "prefix": v.prefix,
        "name": v.name,
        "requirements": list(std.requirements),
        "procedure": list(std.procedure),
        "completion_time": std.completion_time,
        "cost": std.cost or "Gratis",
        "is_free": std.is_free,
        "product": std.product,
        "complaints": std.complaints,
        "daily_quota": v.daily_quota,
        "priority_eligible": v.priority_eligible,
        "sort": v.sort,
        "waiting": len(state.waiting((v.id,))),
        "availability": {
            "issuable": a.issuable,
            "reason": a.reason,
            "message": a.message("id"),
            "message_en": a.message("en"),
            "next_opening": localize(state, a.next_opening),
            "hours": a.hours_text_id,
            "hours_en": a.hours_text_en,
        },
    }


def catalog_json(state: QueueState, engine, now: datetime, seq: int) -> dict[str, Any]:
    catalog = state.catalog
    site = catalog.site
    rule = site.calling_rule
    return {
        "seq": seq,
        "site": {
            "id": site.id,
            "name": site.name,
            "timezone": site.timezone,
            "number_padding": site.number_padding,
            "ticket_footer": site.ticket_footer,
            "calling_rule": rule.spec,
            "calling_rule_description": rule.describe("id"),
            "calling_rule_description_en": rule.describe("en"),
        },
        "agencies": [{"id": a.id, "code": a.code, "name": a.name, "short_name": a.short_name,
                      "sort": a.sort}
                     for a in sorted(catalog.agencies.values(), key=lambda a: (a.sort, a.id))],
        "booths": [{"id": b.id, "code": b.code, "agency_id": b.agency_id, "name": b.name,
                    "zone": b.zone} for b in sorted(catalog.booths.values(), key=lambda b: b.id)],
        "counters": [{"id": c.id, "code": c.code, "booth_id": c.booth_id,
                      "agency_id": catalog.booths[c.booth_id].agency_id, "number": c.number,
                      "name": c.name, "zone": c.zone or catalog.booths[c.booth_id].zone,
                      "services": list(catalog.counter_services(c.id))}
                     for c in sorted(catalog.counters.values(), key=lambda c: c.id)],
        "services": [service_json(state, v.id, now, engine)
                     for v in sorted(catalog.services.values(), key=lambda v: (v.sort, v.id))
                     if v.active],
        "priority_classes": [{"id": p.value, "label": p.label_id, "label_en": p.label_en}
                             for p in PriorityClass],
    }


RECENT_CALLS = 20


def snapshot_json(state: QueueState, seq: int) -> dict[str, Any]:
    catalog = state.catalog
    called = sorted((t for t in state.tickets.values()
                     if t.called_at is not None and t.day == state.day),
                    key=lambda t: (t.called_at, t.id), reverse=True)[:RECENT_CALLS]
    recent = []
    for t in called:
        counter = catalog.counters.get(t.counter_id) if t.counter_id is not None else None
        recent.append({
            "ticket_id": t.id, "number": t.number, "service_id": t.service_id,
            "counter_id": t.counter_id, "counter_number": counter.number if counter else None,
            "agency": catalog.agency_of_counter(counter.id).short_name if counter else None,
            "status": t.status.value, "called_at": localize(state, t.called_at),
            "calls": t.calls})
    return {
        "seq": seq,
        "day": state.day.isoformat() if state.day else None,
        "counters": [counter_json(state, cid) for cid in sorted(catalog.counters)],
        "waiting": {str(v.id): len(state.waiting((v.id,)))
                    for v in catalog.services.values() if v.active},
        "recent_calls": recent,
    }
