"""Catalog tables <-> domain Catalog and file-level CatalogDraft."""
from __future__ import annotations

import sqlite3
from datetime import date, time

from ..catalog.draft import (AgencyRow, BoothRow, CatalogDraft, ClosureRow, CounterRow, ProfileRow,
                             ScheduleRow, ServiceRow, SiteRow)
from ..domain.calling import CallingRule
from ..domain.model import (Agency, Booth, Catalog, Closure, Counter, Interval, Service,
                            ServiceStandard, Site, WeeklyHours)


class NoCatalog(Exception):
    """The database has no site yet (run `antrean catalog import` or `antrean demo-data`)."""


def _rows(conn: sqlite3.Connection, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
    cur = conn.execute(sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]  # type: ignore[misc]


def _t(text: str) -> time:
    return time.fromisoformat(text)


def _split(text: str) -> tuple[str, ...]:
    return tuple(p for p in (s.strip() for s in text.split(";")) if p)


def load_catalog(conn: sqlite3.Connection) -> Catalog:
    sites = _rows(conn, "SELECT * FROM site")
    if not sites:
        raise NoCatalog("the database has no site yet: import a catalog or run `antrean demo-data`")
    s = sites[0]
    site = Site(
        id=s["id"], name=s["name"], timezone=s["timezone"], number_padding=s["number_padding"],
        calling_rule=CallingRule.parse(s["calling_rule"]), require_staffed=bool(s["require_staffed"]),
        ticket_footer=s["ticket_footer"], open_24h=bool(s["open_24h"]),
    )
    agencies = {r["id"]: Agency(r["id"], r["code"], r["name"], r["short_name"], r["sort"])
                for r in _rows(conn, "SELECT * FROM agencies")}
    booths = {r["id"]: Booth(r["id"], r["code"], r["agency_id"], r["name"], r["zone"])
              for r in _rows(conn, "SELECT * FROM booths")}
    counters = {r["id"]: Counter(r["id"], r["code"], r["booth_id"], r["number"], r["name"], r["zone"])
                for r in _rows(conn, "SELECT * FROM counters")}
    services = {}
    for r in _rows(conn, "SELECT * FROM services"):
        standard = ServiceStandard(_split(r["requirements"]), _split(r["procedure"]),
                                   r["completion_time"], r["cost"], r["product"], r["complaints"])
        services[r["id"]] = Service(
            r["id"], r["code"], r["agency_id"], r["prefix"], r["name"], standard, r["daily_quota"],
            r["cutoff_minutes"], bool(r["priority_eligible"]), r["booking_quota"],
            r["avg_service_minutes"], r["sort"], bool(r["active"]),
        )
    site_days: dict[int, list[Interval]] = {}
    agency_days: dict[int, dict[int, list[Interval]]] = {}
    booth_days: dict[int, dict[int, list[Interval]]] = {}
    for r in _rows(conn, "SELECT * FROM schedules ORDER BY weekday, opens"):
        interval = Interval(_t(r["opens"]), _t(r["closes"]))
        if r["booth_id"] is not None:
            target = booth_days.setdefault(r["booth_id"], {})
        elif r["agency_id"] is not None:
            target = agency_days.setdefault(r["agency_id"], {})
        else:
            target = None
        (site_days if target is None else target).setdefault(r["weekday"], []).append(interval)

    def weekly(days: dict[int, list[Interval]]) -> WeeklyHours:
        return WeeklyHours({d: tuple(ivs) for d, ivs in days.items()})

    closures = tuple(
        Closure(date.fromisoformat(r["day"]), r["reason"], r["agency_id"], r["booth_id"],
                Interval(_t(r["opens"]), _t(r["closes"])) if r["opens"] else None)
        for r in _rows(conn, "SELECT * FROM closures ORDER BY day")
    )
    profiles: dict[int, list[tuple[int, int]]] = {}
    for r in _rows(conn, "SELECT * FROM profiles ORDER BY counter_id, position, service_id"):
        profiles.setdefault(r["counter_id"], []).append((r["service_id"], r["position"]))
    return Catalog(
        site=site, agencies=agencies, booths=booths, counters=counters, services=services,
        site_hours=weekly(site_days),
        agency_hours={a: weekly(d) for a, d in agency_days.items()},
        booth_hours={b: weekly(d) for b, d in booth_days.items()},
        closures=closures,
        profiles={c: tuple(p) for c, p in profiles.items()},
    )


def _upsert_by_code(conn: sqlite3.Connection, table: str, rows: list[dict]) -> dict[str, int]:
    """Insert or update rows keyed by code, keeping existing ids (tickets refer to them)."""
    existing = dict(conn.execute(f"SELECT code, id FROM {table}").fetchall())
    ids = {}
    for row in rows:
        cols = list(row)
        if row["code"] in existing:
            assignments = ", ".join(f"{c} = ?" for c in cols)
            conn.execute(f"UPDATE {table} SET {assignments} WHERE code = ?",
                         [*row.values(), row["code"]])
            ids[row["code"]] = existing[row["code"]]
        else:
            cur = conn.execute(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                list(row.values()),
            )
            ids[row["code"]] = cur.lastrowid
    return ids


def replace_catalog(conn: sqlite3.Connection, draft: CatalogDraft) -> None:
    """Make the database's catalog equal to the draft. Runs inside the caller's transaction.

    Services missing from the draft are deactivated, not deleted (tickets refer to them);
    counters and booths missing from it are removed; schedules, closures, profiles are replaced."""
    s = draft.site
    conn.execute("DELETE FROM site")
    conn.execute(
        "INSERT INTO site VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (s.id, s.name, s.timezone, s.number_padding, s.calling_rule, int(s.require_staffed),
         s.ticket_footer, int(s.open_24h)),
    )
    agency_ids = _upsert_by_code(conn, "agencies", [
        {"code": a.code, "name": a.name, "short_name": a.short_name, "sort": a.sort}
        for a in draft.agencies])
    booth_ids = _upsert_by_code(conn, "booths", [
        {"code": b.code, "agency_id": agency_ids[b.agency], "name": b.name, "zone": b.zone}
        for b in draft.booths])
    counter_ids = _upsert_by_code(conn, "counters", [
        {"code": c.code, "booth_id": booth_ids[c.booth], "number": c.number, "name": c.name,
         "zone": c.zone} for c in draft.counters])
    service_ids = _upsert_by_code(conn, "services", [
        {"code": v.code, "agency_id": agency_ids[v.agency], "prefix": v.prefix, "name": v.name,
         "requirements": ";".join(v.requirements), "procedure": ";".join(v.procedure),
         "completion_time": v.completion_time, "cost": v.cost, "product": v.product,
         "complaints": v.complaints, "daily_quota": v.daily_quota,
         "cutoff_minutes": v.cutoff_minutes, "priority_eligible": int(v.priority_eligible),
         "booking_quota": v.booking_quota, "avg_service_minutes": v.avg_service_minutes,
         "sort": v.sort, "active": 1} for v in draft.services])
    conn.execute("DELETE FROM profiles")
    conn.execute("DELETE FROM schedules")
    conn.execute("DELETE FROM closures")
    _delete_missing(conn, "services", service_ids, deactivate=True)
    _delete_missing(conn, "counters", counter_ids)
    conn.execute("DELETE FROM counter_state WHERE counter_id NOT IN (SELECT id FROM counters)")
    _delete_missing(conn, "booths", booth_ids)
    for row in draft.schedules:
        conn.execute(
            "INSERT INTO schedules (agency_id, booth_id, weekday, opens, closes) VALUES (?,?,?,?,?)",
            (agency_ids.get(row.agency) if row.agency else None,
             booth_ids.get(row.booth) if row.booth else None, row.weekday, row.opens, row.closes))
    for row in draft.closures:
        conn.execute(
            "INSERT INTO closures (day, agency_id, booth_id, opens, closes, reason) VALUES (?,?,?,?,?,?)",
            (row.day, agency_ids.get(row.agency) if row.agency else None,
             booth_ids.get(row.booth) if row.booth else None, row.opens, row.closes, row.reason))
    for row in draft.profiles:
        conn.execute("INSERT INTO profiles VALUES (?, ?, ?)",
                     (counter_ids[row.counter], service_ids[row.service], row.position))


def _delete_missing(conn: sqlite3.Connection, table: str, keep: dict[str, int],
                    deactivate: bool = False) -> None:
    placeholders = ", ".join("?" * len(keep)) or "NULL"
    verb = f"UPDATE {table} SET active = 0" if deactivate else f"DELETE FROM {table}"
    conn.execute(f"{verb} WHERE id NOT IN ({placeholders})", list(keep.values()))


def export_catalog(conn: sqlite3.Connection) -> CatalogDraft:
    """The catalog as a draft (active services only), for `antrean catalog export`."""
    cat = load_catalog(conn)
    s = cat.site
    agency_code = {a.id: a.code for a in cat.agencies.values()}
    booth_code = {b.id: b.code for b in cat.booths.values()}
    service_code = {v.id: v.code for v in cat.services.values()}
    counter_code = {c.id: c.code for c in cat.counters.values()}
    draft = CatalogDraft(site=SiteRow(s.id, s.name, s.timezone, s.number_padding,
                                      s.calling_rule.spec, s.require_staffed, s.ticket_footer,
                                      s.open_24h))
    draft.agencies = [AgencyRow(a.code, a.name, a.short_name, a.sort)
                      for a in sorted(cat.agencies.values(), key=lambda a: (a.sort, a.id))]
    draft.booths = [BoothRow(b.code, agency_code[b.agency_id], b.name, b.zone)
                    for b in sorted(cat.booths.values(), key=lambda b: b.id)]
    draft.counters = [CounterRow(c.code, booth_code[c.booth_id], c.number, c.name, c.zone)
                      for c in sorted(cat.counters.values(), key=lambda c: c.id)]
    draft.services = [
        ServiceRow(v.code, agency_code[v.agency_id], v.prefix, v.name, v.standard.requirements,
                   v.standard.procedure, v.standard.completion_time, v.standard.cost,
                   v.standard.product, v.standard.complaints, v.daily_quota, v.cutoff_minutes,
                   v.priority_eligible, v.booking_quota, v.avg_service_minutes, v.sort)
        for v in sorted(cat.services.values(), key=lambda v: v.id) if v.active]
    for r in _rows(conn, "SELECT * FROM schedules ORDER BY id"):
        draft.schedules.append(ScheduleRow(
            agency_code.get(r["agency_id"]), booth_code.get(r["booth_id"]), r["weekday"],
            r["opens"], r["closes"]))
    for r in _rows(conn, "SELECT * FROM closures ORDER BY id"):
        draft.closures.append(ClosureRow(r["day"], agency_code.get(r["agency_id"]),
                                         booth_code.get(r["booth_id"]), r["opens"], r["closes"],
                                         r["reason"]))
    for counter_id, entries in cat.profiles.items():
        for service_id, position in entries:
            draft.profiles.append(ProfileRow(counter_code[counter_id], service_code[service_id],
                                             position))
    return draft
