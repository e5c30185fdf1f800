"""Screenshots of every back-office page at 1280x800 (headless Chromium), for looking at them.

    python -m tests.backoffice.screenshots OUT_DIR [--db DEMO_DB]

With --db (a copy is used; e.g. from `antrean demo-data --days 45`) the pages show real-looking
history; a morning of live activity is added so the dashboard has something to show (the
master's clock is set to 10.15 local time today). Without it, the small test site is used.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from shared.domain import commands as c
from shared.domain.schedule import booth_day
from shared.domain.tickets import PauseReason
from shared.store import admin_db, auth_db
from shared.store.database import open_database
from tests.browser import chromium, new_page
from tests.backoffice.conftest import PASSWORD, make_bo_site, start_master

PAGES = [
    ("01-login", "/backoffice/login", None),
    ("02-dashboard", "/backoffice/", "admin"),
    ("03-reports", "/backoffice/reports", "admin"),
    ("04-report-visitors", "/backoffice/reports/visitors?from={month_start}&to={yesterday}", "admin"),
    ("05-report-times", "/backoffice/reports/times?from={month_start}&to={yesterday}", "admin"),
    ("06-report-presence", "/backoffice/reports/presence?from={month_start}&to={yesterday}", "admin"),
    ("07-report-skm", "/backoffice/reports/skm?from={month_start}&to={yesterday}", "admin"),
    ("08-admin-site", "/backoffice/admin/site", "admin"),
    ("09-admin-agencies", "/backoffice/admin/agencies", "admin"),
    ("10-admin-services", "/backoffice/admin/services", "admin"),
    ("11-admin-service-edit", "/backoffice/admin/services/{service}", "admin"),
    ("12-admin-booths", "/backoffice/admin/booths", "admin"),
    ("13-admin-counters", "/backoffice/admin/counters", "admin"),
    ("14-admin-schedules", "/backoffice/admin/schedules", "admin"),
    ("15-admin-schedule-edit", "/backoffice/admin/schedules/site", "admin"),
    ("16-admin-closures", "/backoffice/admin/closures", "admin"),
    ("17-admin-officers", "/backoffice/admin/officers", "admin"),
    ("18-admin-devices", "/backoffice/admin/devices", "admin"),
    ("19-admin-display", "/backoffice/admin/display", "admin"),
    ("20-admin-catalog", "/backoffice/admin/catalog", "admin"),
    ("21-admin-audit", "/backoffice/admin/audit", "admin"),
    ("22-account", "/backoffice/account", "admin"),
    ("23-dashboard-supervisor", "/backoffice/", "supervisor"),
    ("24-report-visitors-supervisor", "/backoffice/reports/visitors?from={month_start}&to={yesterday}", "supervisor"),
    ("25-dashboard-en", "/backoffice/?lang=en", "admin"),
    ("26-error-404", "/backoffice/admin/services/tidak-ada", "admin"),
]


def seed_morning(db: Path, local_now: datetime, seed: int = 7) -> None:
    """Counters opened at 07.35, tickets since, some served, two counters paused: a live morning.
    Some scheduled booths stay empty on purpose (the dashboard flags them)."""
    from shared.store.queue_store import QueueStore

    store = QueueStore(db, durable=False)
    rng = random.Random(seed)
    catalog = store.state.catalog
    tz = ZoneInfo(catalog.site.timezone)
    at = lambda hh, mm: datetime.combine(local_now.date(), time(hh, mm), tz)  # noqa: E731
    booths = [b for b in catalog.booths.values() if booth_day(catalog, b.id, local_now.date())[0]]
    rng.shuffle(booths)
    staffed = booths[: max(1, len(booths) * 4 // 5)]
    counters = [k for k in catalog.counters.values() if k.booth_id in {b.id for b in staffed}]
    commands, times = [], []
    for i, k in enumerate(counters):
        commands.append(c.OpenCounter(k.id, 1))
        times.append(at(7, 31 + i % 20))
    services = [s for s in catalog.services.values()
                if any(k.id in catalog.counters_for_service(s.id) for k in counters)]
    moment = at(7, 40)
    end = local_now - timedelta(minutes=2)
    while moment < end:
        service = rng.choice(services)
        commands.append(c.IssueTicket(service.id))
        times.append(moment)
        if rng.random() < 0.62:
            counter = rng.choice(catalog.counters_for_service(service.id))
            if counter in {k.id for k in counters}:
                commands += [c.CallNext(counter), c.Finish(counter)]
                times += [moment + timedelta(seconds=20), moment + timedelta(minutes=1)]
        moment += timedelta(seconds=rng.randint(25, 75))
    for k, reason in zip(counters[:3], (PauseReason.SHOLAT, PauseReason.RAPAT,
                                         PauseReason.ISTIRAHAT)):
        commands.append(c.PauseCounter(k.id, reason))
        times.append(local_now - timedelta(minutes=rng.randint(5, 25)))
    order = sorted(range(len(commands)), key=lambda i: times[i])
    store.execute_many([commands[i] for i in order], times=[times[i] for i in order])
    store.close()


def prepare(db: Path, folder: Path) -> tuple[Path, dict]:
    target = folder / "antrean.db"
    shutil.copyfile(db, target)
    conn = open_database(target)
    with auth_db.transaction(conn):
        supervisor = conn.execute("SELECT username FROM officers WHERE role = 'supervisor' "
                                  "AND password_hash IS NOT NULL LIMIT 1").fetchone()
        if conn.execute("SELECT 1 FROM officers WHERE username = 'admin'").fetchone() is None:
            auth_db.add_officer(conn, "admin", "Admin MPP", "123456", "admin", None)
        admin_db.set_password(conn, "admin", PASSWORD)
        if supervisor is None:
            agency = conn.execute("SELECT code FROM agencies ORDER BY sort LIMIT 1").fetchone()[0]
            auth_db.add_officer(conn, "kepala", "Kepala Instansi", "123456", "supervisor", agency)
            supervisor = ("kepala",)
            admin_db.set_password(conn, "kepala", PASSWORD)
        else:
            admin_db.set_password(conn, supervisor[0], PASSWORD)
        auth_db.add_device(conn, "kiosk", "Kiosk Lobi 1")
        auth_db.add_device(conn, "display", "Layar Ruang Tunggu")
        service = conn.execute("SELECT code FROM services WHERE active = 1 ORDER BY sort, id "
                               "LIMIT 1").fetchone()[0]
    conn.close()
    return target, {"supervisor": supervisor[0], "service": service}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--db", type=Path, default=None)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="antrean-shots-"))
    if args.db:
        db, names = prepare(args.db, folder)
    else:
        site = make_bo_site(folder)
        db, names = site.db, {"supervisor": "super", "service": "ktp"}
    conn = open_database(db)
    tz = ZoneInfo(conn.execute("SELECT timezone FROM site").fetchone()[0])
    conn.close()
    real = datetime.now(timezone.utc)
    local_now = datetime.combine(real.astimezone(tz).date(), time(10, 15), tz)
    seed_morning(db, local_now)
    server = start_master(db)
    shift = local_now.astimezone(timezone.utc) - real
    server.master.store.clock = lambda: datetime.now(timezone.utc) + shift
    today = local_now.date()
    fill = {"month_start": (today - timedelta(days=1)).replace(day=1).isoformat(),
            "yesterday": (today - timedelta(days=1)).isoformat(), **names}
    errors: list[str] = []
    statuses: list[int] = []  # the 404 page is shown on purpose
    try:
        with chromium() as browser:
            pages = {}
            for role, user in (("admin", "admin"), ("supervisor", names["supervisor"])):
                page = new_page(browser, errors, statuses)
                page.goto(server.url + "/backoffice/login")
                page.fill("#f-username", user)
                page.fill("#f-password", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url("**/backoffice/")
                pages[role] = page
            anonymous = new_page(browser, errors, statuses)
            for name, path, role in PAGES:
                page = pages[role] if role else anonymous
                page.goto(server.url + path.format(**fill))
                page.screenshot(path=str(args.out / f"{name}.png"))
                page.screenshot(path=str(args.out / f"{name}-full.png"), full_page=True)
                if "lang=en" in path:
                    page.goto(server.url + "/backoffice/?lang=id")
                print(name, page.title())
    finally:
        server.stop()
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
