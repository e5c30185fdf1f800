"""Sanity check of the committed demo catalog CSVs, with the csv module only (independent of
generate.py): exact headers, unique codes, references, prefixes, times, service count.

    python3 assets/demo-catalog/gen/check.py"""
import csv
import re
import sys
from pathlib import Path

DIR = Path(__file__).resolve().parent.parent
HEADERS = {
    "site.csv": "key,value",
    "agencies.csv": "code,name,short_name,sort",
    "booths.csv": "code,agency,name,zone",
    "counters.csv": "code,booth,number,name,zone",
    "services.csv": "code,agency,prefix,name,requirements,procedure,completion_time,cost,product,"
                    "complaints,daily_quota,cutoff_minutes,priority,booking_quota,avg_service_minutes,sort",
    "schedules.csv": "agency,booth,days,opens,closes",
    "closures.csv": "date,agency,booth,from,until,reason",
    "profiles.csv": "counter,service,position",
}
SLUG, PREFIX = re.compile(r"[a-z0-9-]{1,40}"), re.compile(r"[A-Z]{1,3}")
TIME, DATE = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]"), re.compile(r"\d{4}-\d{2}-\d{2}")
errors = []


def table(name):
    with open(DIR / name, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if ",".join(rows[0]) != HEADERS[name]:
        errors.append(f"{name}: header {rows[0]}")
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def codes(name, rows):
    seen = [r["code"] for r in rows]
    errors.extend(f"{name}: bad code {c!r}" for c in seen if not SLUG.fullmatch(c))
    errors.extend(f"{name}: duplicate code {c!r}" for c in set(seen) if seen.count(c) > 1)
    return set(seen)


t = {name: table(name) for name in HEADERS}
agencies = codes("agencies.csv", t["agencies.csv"])
booths = codes("booths.csv", t["booths.csv"])
counters = codes("counters.csv", t["counters.csv"])
services = codes("services.csv", t["services.csv"])
site = {r["key"]: r["value"] for r in t["site.csv"]}
if not SLUG.fullmatch(site.get("id", "")) or not site.get("name"):
    errors.append("site.csv: id/name")
booth_agency = {r["code"]: r["agency"] for r in t["booths.csv"]}
errors += [f"booths.csv: agency {r['agency']}" for r in t["booths.csv"] if r["agency"] not in agencies]
errors += [f"counters.csv: booth {r['booth']}" for r in t["counters.csv"] if r["booth"] not in booths]
numbers = [r["number"] for r in t["counters.csv"]]
if numbers != [str(n) for n in range(1, len(numbers) + 1)]:
    errors.append("counters.csv: loket numbers are not 1..N building-wide")
prefix_of = {}
for r in t["services.csv"]:
    if r["agency"] not in agencies or not PREFIX.fullmatch(r["prefix"]):
        errors.append(f"services.csv: {r['code']} agency/prefix")
    if prefix_of.setdefault(r["agency"], r["prefix"]) != r["prefix"]:
        errors.append(f"services.csv: {r['code']} prefix differs within its agency")
if len(set(prefix_of.values())) != len(prefix_of):
    errors.append("services.csv: two agencies share a prefix")
if not 330 <= len(services) <= 370:
    errors.append(f"services.csv: {len(services)} services")
for r in t["schedules.csv"] + t["closures.csv"]:
    for key in ("opens", "closes", "from", "until"):
        if r.get(key) and not TIME.fullmatch(r[key]):
            errors.append(f"time {r[key]!r}")
    if r["agency"] and r["agency"] not in agencies or r["booth"] and booth_agency.get(r["booth"]) != r["agency"]:
        errors.append(f"agency/booth {r['agency']}/{r['booth']}")
errors += [f"closures.csv: date {r['date']}" for r in t["closures.csv"] if not DATE.fullmatch(r["date"])]
errors += [f"profiles.csv: {r}" for r in t["profiles.csv"]
           if r["counter"] not in counters or r["service"] not in services]
print("\n".join(errors) or "ok: " + ", ".join(f"{n} {len(r)}" for n, r in t.items()))
sys.exit(1 if errors else 0)
