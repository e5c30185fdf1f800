"""Schema migrations, recorded in the database itself.

Each migration has a version (strictly increasing) and the schema *major* it belongs to. A database
that carries a migration of a newer major than this code knows is refused: its meaning may have
changed under us. Newer migrations of the same major are additive and tolerated (an older device
may open a backup taken by a newer master).
"""
from __future__ import annotations

from dataclasses import dataclass

SCHEMA_MAJOR = 1


@dataclass(frozen=True)
class Migration:
    version: int
    major: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, 1, "catalog, tickets, counters, events", """
    CREATE TABLE site (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        timezone TEXT NOT NULL,
        number_padding INTEGER NOT NULL DEFAULT 3,
        calling_rule TEXT NOT NULL DEFAULT 'ratio:3',
        require_staffed INTEGER NOT NULL DEFAULT 1,
        ticket_footer TEXT NOT NULL DEFAULT '',
        open_24h INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE agencies (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        short_name TEXT NOT NULL,
        sort INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE booths (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        agency_id INTEGER NOT NULL REFERENCES agencies(id),
        name TEXT NOT NULL,
        zone TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE counters (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        booth_id INTEGER NOT NULL REFERENCES booths(id),
        number INTEGER NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        zone TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE services (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        agency_id INTEGER NOT NULL REFERENCES agencies(id),
        prefix TEXT NOT NULL,
        name TEXT NOT NULL,
        requirements TEXT NOT NULL DEFAULT '',
        procedure TEXT NOT NULL DEFAULT '',
        completion_time TEXT NOT NULL DEFAULT '',
        cost TEXT NOT NULL DEFAULT '',
        product TEXT NOT NULL DEFAULT '',
        complaints TEXT NOT NULL DEFAULT '',
        daily_quota INTEGER,
        cutoff_minutes INTEGER NOT NULL DEFAULT 30,
        priority_eligible INTEGER NOT NULL DEFAULT 1,
        booking_quota INTEGER NOT NULL DEFAULT 0,
        avg_service_minutes REAL NOT NULL DEFAULT 10,
        sort INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE schedules (
        id INTEGER PRIMARY KEY,
        agency_id INTEGER REFERENCES agencies(id),
        booth_id INTEGER REFERENCES booths(id),
        weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        opens TEXT NOT NULL,
        closes TEXT NOT NULL
    );
    CREATE TABLE closures (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL,
        agency_id INTEGER REFERENCES agencies(id),
        booth_id INTEGER REFERENCES booths(id),
        opens TEXT,
        closes TEXT,
        reason TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE profiles (
        counter_id INTEGER NOT NULL REFERENCES counters(id),
        service_id INTEGER NOT NULL REFERENCES services(id),
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (counter_id, service_id)
    );
    CREATE TABLE officers (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        agency_id INTEGER REFERENCES agencies(id),
        role TEXT NOT NULL DEFAULT 'officer',
        pin_hash TEXT,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,
        token TEXT NOT NULL UNIQUE,
        day TEXT NOT NULL,
        prefix TEXT NOT NULL,
        seq INTEGER NOT NULL,
        number TEXT NOT NULL,
        service_id INTEGER NOT NULL,
        original_service_id INTEGER NOT NULL,
        agency_id INTEGER NOT NULL,
        priority TEXT,
        channel TEXT NOT NULL,
        status TEXT NOT NULL,
        issued_at INTEGER NOT NULL,
        queue_at INTEGER NOT NULL,
        called_at INTEGER,
        started_at INTEGER,
        finished_at INTEGER,
        counter_id INTEGER,
        officer_id INTEGER,
        calls INTEGER NOT NULL DEFAULT 0,
        requeues INTEGER NOT NULL DEFAULT 0,
        transfers INTEGER NOT NULL DEFAULT 0,
        services_done TEXT NOT NULL DEFAULT '[]',
        booking_code TEXT,
        UNIQUE (day, prefix, seq)
    );
    CREATE INDEX tickets_open ON tickets(status) WHERE status IN ('waiting', 'called', 'serving', 'no_show');
    CREATE INDEX tickets_agency_day ON tickets(agency_id, day);
    CREATE TABLE counter_state (
        counter_id INTEGER PRIMARY KEY,
        status TEXT NOT NULL,
        officer_id INTEGER,
        ticket_id INTEGER,
        since INTEGER,
        pause_reason TEXT,
        normals_since_priority INTEGER NOT NULL DEFAULT 0,
        history TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        site_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        type TEXT NOT NULL,
        ticket_id INTEGER,
        counter_id INTEGER,
        data TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX events_counter ON events(counter_id, at) WHERE counter_id IS NOT NULL;
    """),
    Migration(2, 1, "devices, officer sessions, idempotency keys, node id", """
    CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('kiosk', 'display', 'counter')),
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
    );
    CREATE TABLE officer_sessions (
        token_hash TEXT PRIMARY KEY,
        officer_id INTEGER NOT NULL REFERENCES officers(id),
        device_id INTEGER NOT NULL REFERENCES devices(id),
        counter_id INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        last_used INTEGER NOT NULL,
        ended_at INTEGER
    );
    CREATE INDEX officer_sessions_open ON officer_sessions(officer_id) WHERE ended_at IS NULL;
    CREATE TABLE idempotency_keys (
        device_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (device_id, key)
    );
    CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT INTO meta (key, value) VALUES ('node_id', lower(hex(randomblob(8))))
    """),
    Migration(3, 1, "report indexes, SKM responses", """
    CREATE INDEX tickets_report ON tickets(day, agency_id, service_id, status, channel, priority,
        issued_at, called_at, started_at, finished_at, officer_id);
    CREATE INDEX events_counter_state ON events(at)
        WHERE type IN ('counter_opened', 'counter_closed', 'counter_paused', 'counter_resumed');
    CREATE TABLE IF NOT EXISTS skm_responses (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER UNIQUE,
        service_id INTEGER,
        agency_id INTEGER,
        day TEXT NOT NULL,
        submitted_at INTEGER NOT NULL,
        u1 INTEGER CHECK (u1 BETWEEN 1 AND 4),
        u2 INTEGER CHECK (u2 BETWEEN 1 AND 4),
        u3 INTEGER CHECK (u3 BETWEEN 1 AND 4),
        u4 INTEGER CHECK (u4 BETWEEN 1 AND 4),
        u5 INTEGER CHECK (u5 BETWEEN 1 AND 4),
        u6 INTEGER CHECK (u6 BETWEEN 1 AND 4),
        u7 INTEGER CHECK (u7 BETWEEN 1 AND 4),
        u8 INTEGER CHECK (u8 BETWEEN 1 AND 4),
        u9 INTEGER CHECK (u9 BETWEEN 1 AND 4),
        gender TEXT CHECK (gender IN ('L', 'P')),
        age INTEGER CHECK (age BETWEEN 0 AND 130),
        education TEXT,
        occupation TEXT,
        comment TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS skm_responses_day ON skm_responses(day, agency_id, service_id)
    """),
    Migration(4, 1, "back office: passwords, web sessions, audit log, settings, device status", """
    ALTER TABLE officers ADD COLUMN password_hash TEXT;
    ALTER TABLE officers ADD COLUMN password_failures INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE officers ADD COLUMN password_locked_until INTEGER;
    CREATE TABLE backoffice_sessions (
        token_hash TEXT PRIMARY KEY,
        officer_id INTEGER NOT NULL REFERENCES officers(id),
        csrf TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used INTEGER NOT NULL,
        ended_at INTEGER
    );
    CREATE INDEX backoffice_sessions_open ON backoffice_sessions(officer_id) WHERE ended_at IS NULL;
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        officer_id INTEGER,
        username TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '{}',
        ip TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_log_at ON audit_log(at);
    CREATE TABLE site_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE device_status (
        device_id INTEGER PRIMARY KEY REFERENCES devices(id),
        last_seen INTEGER NOT NULL,
        printer TEXT,
        detail TEXT NOT NULL DEFAULT '',
        reported_at INTEGER
    )
    """),
    Migration(5, 1, "visitor side: online bookings, complaints", """
    CREATE TABLE bookings (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        token_hash TEXT NOT NULL UNIQUE,
        service_id INTEGER NOT NULL,
        agency_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        slot_start TEXT NOT NULL,
        slot_end TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'booked'
            CHECK (status IN ('booked', 'checked_in', 'cancelled', 'expired')),
        phone TEXT,
        client_hash TEXT,
        client_ip TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        cancelled_at INTEGER,
        checked_in_at INTEGER,
        ticket_id INTEGER,
        device_id INTEGER
    );
    CREATE INDEX bookings_slot ON bookings(service_id, day, slot_start)
        WHERE status IN ('booked', 'checked_in');
    CREATE INDEX bookings_day ON bookings(day, status);
    CREATE INDEX tickets_booking ON tickets(booking_code) WHERE booking_code IS NOT NULL;
    CREATE TABLE complaints (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER,
        agency_id INTEGER,
        service_id INTEGER,
        day TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        category TEXT NOT NULL,
        text TEXT NOT NULL,
        contact TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'baru' CHECK (status IN ('baru', 'diproses', 'selesai')),
        status_at INTEGER,
        status_by INTEGER,
        note TEXT NOT NULL DEFAULT '',
        client_ip TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX complaints_created ON complaints(created_at);
    CREATE INDEX complaints_ticket ON complaints(ticket_id)
    """),
    Migration(6, 1, "device health reports and silence; officer sessions by officer", """
    ALTER TABLE device_status ADD COLUMN status TEXT;
    ALTER TABLE device_status ADD COLUMN silent_since INTEGER;
    CREATE INDEX officer_sessions_officer ON officer_sessions(officer_id, last_used)
    """),
    Migration(7, 1, "device pairing requests", """
    CREATE TABLE pairing_requests (
        id INTEGER PRIMARY KEY,
        request_hash TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        name TEXT NOT NULL,
        code TEXT NOT NULL,
        ip TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'picked_up')),
        decided_at INTEGER,
        device_id INTEGER REFERENCES devices(id),
        token TEXT
    );
    CREATE INDEX pairing_requests_open ON pairing_requests(status, ip)
    """),
)
