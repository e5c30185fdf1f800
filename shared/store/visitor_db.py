"""The visitor side's tables: online bookings, SKM survey answers (skm_responses, one per
ticket) and complaints (pengaduan). Writes run inside the caller's transaction (the master's
writer thread); the rules live in shared.domain.booking and shared.domain.complaints.

For the back office: ``list_complaints``, ``set_complaint_status``, ``complaints_for_lapor``
(rows for SP4N-LAPOR!, see shared.domain.complaints.lapor_csv) and ``list_bookings``.
"""
from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo

from ..domain import booking as b
from ..domain import complaints as cm
from ..domain.skm import UNSUR_KEYS
from .reports_db import insert_skm_responses

ACTIVE = (b.BOOKED, b.CHECKED_IN)  # what takes a place in a slot and counts against the caps


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def booking_settings(conn: sqlite3.Connection) -> dict[str, str]:
    """The site's ``booking.*`` settings (see shared.domain.booking.policy_with)."""
    try:
        rows = conn.execute("SELECT key, value FROM site_settings WHERE key LIKE 'booking.%'")
    except sqlite3.OperationalError:  # pragma: no cover - a database before the settings table
        return {}
    return dict(rows.fetchall())


# -- bookings -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Booking:
    id: int
    code: str
    service_id: int
    agency_id: int
    day: date
    start: time
    end: time
    status: str  # as stored; see booking.effective_status for "expired"
    phone: str | None
    created_at: int
    cancelled_at: int | None
    checked_in_at: int | None
    ticket_id: int | None
    device_id: int | None


_BOOKING_COLS = ("id, code, service_id, agency_id, day, slot_start, slot_end, status, phone, "
                 "created_at, cancelled_at, checked_in_at, ticket_id, device_id")


def _booking(row: Any) -> Booking | None:
    if row is None:
        return None
    return Booking(row[0], row[1], row[2], row[3], date.fromisoformat(row[4]),
                   time.fromisoformat(row[5]), time.fromisoformat(row[6]), *row[7:])


def booking_by_code(conn: sqlite3.Connection, code: str) -> Booking | None:
    return _booking(conn.execute(f"SELECT {_BOOKING_COLS} FROM bookings WHERE code = ?",
                                 (code,)).fetchone())


def booking_by_token(conn: sqlite3.Connection, token: str) -> Booking | None:
    return _booking(conn.execute(f"SELECT {_BOOKING_COLS} FROM bookings WHERE token_hash = ?",
                                 (secret_hash(token),)).fetchone())


def list_bookings(conn: sqlite3.Connection, day: date, agency_id: int | None = None,
                  ) -> list[Booking]:
    sql = f"SELECT {_BOOKING_COLS} FROM bookings WHERE day = ?"
    args: list[Any] = [day.isoformat()]
    if agency_id is not None:
        sql += " AND agency_id = ?"
        args.append(agency_id)
    return [_booking(r) for r in conn.execute(sql + " ORDER BY slot_start, id", args)]  # type: ignore[misc]


def taken_by_slot(conn: sqlite3.Connection, service_id: int, day: date) -> dict[str, int]:
    rows = conn.execute(
        "SELECT slot_start, count(*) FROM bookings WHERE service_id = ? AND day = ? "
        "AND status IN ('booked', 'checked_in') GROUP BY slot_start",
        (service_id, day.isoformat()))
    return dict(rows.fetchall())


def taken_by_day(conn: sqlite3.Connection, service_id: int, first: date, last: date,
                 ) -> dict[date, int]:
    rows = conn.execute(
        "SELECT day, count(*) FROM bookings WHERE service_id = ? AND day BETWEEN ? AND ? "
        "AND status IN ('booked', 'checked_in') GROUP BY day",
        (service_id, first.isoformat(), last.isoformat()))
    return {date.fromisoformat(d): n for d, n in rows.fetchall()}


def active_counts(conn: sqlite3.Connection, day: date, *, phone: str | None,
                  client_hash: str | None, ip: str) -> tuple[int | None, int | None, int]:
    """Active bookings of the day by this phone, browser and address (None: not given)."""
    def count(column: str, value: str) -> int:
        return conn.execute(
            f"SELECT count(*) FROM bookings WHERE day = ? AND {column} = ? "
            "AND status IN ('booked', 'checked_in')", (day.isoformat(), value)).fetchone()[0]
    return (count("phone", phone) if phone else None,
            count("client_hash", client_hash) if client_hash else None,
            count("client_ip", ip))


def unused_code(conn: sqlite3.Connection, pick: Callable[[str], str] = secrets.choice) -> str:
    while True:
        code = b.new_code(pick)
        if conn.execute("SELECT 1 FROM bookings WHERE code = ?", (code,)).fetchone() is None:
            return code


def insert_booking(conn: sqlite3.Connection, *, code: str, token: str, service_id: int,
                   agency_id: int, day: date, slot: b.Slot, phone: str | None,
                   client_hash: str | None, ip: str, at_ms: int) -> Booking:
    cur = conn.execute(
        "INSERT INTO bookings (code, token_hash, service_id, agency_id, day, slot_start, "
        "slot_end, phone, client_hash, client_ip, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (code, secret_hash(token), service_id, agency_id, day.isoformat(), slot.key,
         f"{slot.end.hour:02d}:{slot.end.minute:02d}", phone, client_hash, ip, at_ms))
    booking = _booking(conn.execute(f"SELECT {_BOOKING_COLS} FROM bookings WHERE id = ?",
                                    (cur.lastrowid,)).fetchone())
    assert booking is not None
    return booking


def cancel_booking(conn: sqlite3.Connection, booking_id: int, at_ms: int) -> bool:
    return conn.execute("UPDATE bookings SET status = 'cancelled', cancelled_at = ? "
                        "WHERE id = ? AND status = 'booked'", (at_ms, booking_id)).rowcount == 1


def mark_expired(conn: sqlite3.Connection, booking_id: int) -> None:
    conn.execute("UPDATE bookings SET status = 'expired' WHERE id = ? AND status = 'booked'",
                 (booking_id,))


def mark_checked_in(conn: sqlite3.Connection, booking_id: int, ticket_id: int,
                    device_id: int | None, at_ms: int) -> None:
    conn.execute("UPDATE bookings SET status = 'checked_in', ticket_id = ?, device_id = ?, "
                 "checked_in_at = ? WHERE id = ?", (ticket_id, device_id, at_ms, booking_id))


def ticket_id_for_booking(conn: sqlite3.Connection, code: str) -> int | None:
    """The ticket issued for a booking code (the ticket row is the authoritative check-in)."""
    row = conn.execute("SELECT id FROM tickets WHERE booking_code = ? ORDER BY id LIMIT 1",
                       (code,)).fetchone()
    return row[0] if row else None


# -- SKM survey ---------------------------------------------------------------------------------
def survey_done(conn: sqlite3.Connection, ticket_id: int) -> bool:
    return conn.execute("SELECT 1 FROM skm_responses WHERE ticket_id = ?",
                        (ticket_id,)).fetchone() is not None


def insert_survey(conn: sqlite3.Connection, *, ticket_id: int, service_id: int, agency_id: int,
                  day: date, answers: Mapping[str, int], profile: Mapping[str, Any],
                  at_ms: int) -> bool:
    """Store one response for a served ticket; False when the ticket already has one."""
    if survey_done(conn, ticket_id):
        return False
    response = {"ticket_id": ticket_id, "service_id": service_id, "agency_id": agency_id,
                "day": day.isoformat(), "submitted_at": at_ms,
                **{k: answers.get(k) for k in UNSUR_KEYS}, **profile}
    try:
        insert_skm_responses(conn, [response])
    except sqlite3.IntegrityError:  # UNIQUE(ticket_id): a concurrent submission won
        return False
    return True


# -- complaints ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Complaint:
    id: int
    ticket_id: int | None
    agency_id: int | None
    service_id: int | None
    day: date
    created_at: int  # epoch ms
    category: str
    text: str
    contact: str
    status: str
    status_at: int | None
    status_by: int | None
    note: str
    ticket_number: str | None
    agency_name: str | None
    service_name: str | None

    @property
    def reference(self) -> str:
        return f"P{self.id:06d}"


def add_complaint(conn: sqlite3.Connection, *, ticket_id: int | None, agency_id: int | None,
                  service_id: int | None, day: date, draft: cm.Draft, ip: str, at_ms: int) -> int:
    cur = conn.execute(
        "INSERT INTO complaints (ticket_id, agency_id, service_id, day, created_at, category, "
        "text, contact, client_ip) VALUES (?,?,?,?,?,?,?,?,?)",
        (ticket_id, agency_id, service_id, day.isoformat(), at_ms, draft.category, draft.text,
         draft.contact, ip))
    return cur.lastrowid  # type: ignore[return-value]


def complaints_for_ticket(conn: sqlite3.Connection, ticket_id: int) -> int:
    return conn.execute("SELECT count(*) FROM complaints WHERE ticket_id = ?",
                        (ticket_id,)).fetchone()[0]


_COMPLAINT_SQL = (
    "SELECT c.id, c.ticket_id, c.agency_id, c.service_id, c.day, c.created_at, c.category, "
    "c.text, c.contact, c.status, c.status_at, c.status_by, c.note, t.number, a.name, s.name "
    "FROM complaints c LEFT JOIN tickets t ON t.id = c.ticket_id "
    "LEFT JOIN agencies a ON a.id = c.agency_id LEFT JOIN services s ON s.id = c.service_id")


def list_complaints(conn: sqlite3.Connection, *, status: str | None = None,
                    agency_id: int | None = None, from_day: date | None = None,
                    to_day: date | None = None, limit: int = 100, offset: int = 0,
                    ) -> list[Complaint]:
    """Newest first. A supervisor's view passes their agency_id."""
    where, args = ["1"], []  # type: ignore[var-annotated]
    for clause, value in (("c.status = ?", status), ("c.agency_id = ?", agency_id),
                          ("c.day >= ?", from_day and from_day.isoformat()),
                          ("c.day <= ?", to_day and to_day.isoformat())):
        if value is not None:
            where.append(clause)
            args.append(value)
    sql = f"{_COMPLAINT_SQL} WHERE {' AND '.join(where)} ORDER BY c.id DESC LIMIT ? OFFSET ?"
    rows = conn.execute(sql, (*args, limit, offset)).fetchall()
    return [Complaint(*r[:4], date.fromisoformat(r[4]), *r[5:]) for r in rows]


def set_complaint_status(conn: sqlite3.Connection, complaint_id: int, status: str, *,
                         at_ms: int, officer_id: int | None = None,
                         note: str | None = None) -> bool:
    """baru -> diproses -> selesai (any order allowed for corrections); False: no such id."""
    if status not in cm.STATUSES:
        raise ValueError(f"unknown complaint status {status!r}")
    sql = "UPDATE complaints SET status = ?, status_at = ?, status_by = ?"
    args: list[Any] = [status, at_ms, officer_id]
    if note is not None:
        sql += ", note = ?"
        args.append(note)
    return conn.execute(sql + " WHERE id = ?", (*args, complaint_id)).rowcount == 1


def complaints_for_lapor(conn: sqlite3.Connection, from_day: date, to_day: date, *,
                         agency_id: int | None = None, status: str | None = None,
                         ) -> list[dict[str, str]]:
    """Rows ready for SP4N-LAPOR! (LAPOR_FIELDS: tanggal, kategori, uraian, instansi, layanan,
    nomor_tiket, kontak), oldest first; write them with ``complaints.lapor_csv``."""
    site = conn.execute("SELECT timezone FROM site").fetchone()
    tz = ZoneInfo(site[0] if site else "Asia/Jakarta")
    items = list_complaints(conn, status=status, agency_id=agency_id, from_day=from_day,
                            to_day=to_day, limit=1_000_000)
    rows = []
    for c in reversed(items):
        when = datetime.fromtimestamp(c.created_at / 1000, timezone.utc).astimezone(tz)
        rows.append(cm.lapor_row(
            tanggal=when.strftime("%Y-%m-%d %H:%M"), category=c.category, text=c.text,
            agency=c.agency_name or "", service=c.service_name or "",
            ticket_number=f"{c.ticket_number} ({c.day.isoformat()})" if c.ticket_number else "",
            contact=c.contact))
    return rows
