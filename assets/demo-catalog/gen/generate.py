"""Writes the demo MPP catalog (docs/catalog-format.md) into assets/demo-catalog/.

    python3 assets/demo-catalog/gen/generate.py

Deterministic: the same data always gives byte-identical files, written the way
`antrean catalog export` writes them (all columns, CRLF line ends, items joined by "; ").
The data lives in layout.py (building) and agencies_*.py (services)."""
import csv
import io
import re
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import agencies_1, agencies_2, agencies_3, agencies_4, agencies_5, agencies_6  # noqa: E402
import layout  # noqa: E402

OUT = HERE.parent
PARTS = (agencies_1, agencies_2, agencies_3, agencies_4, agencies_5, agencies_6)
DEFAULTS = dict(quota=None, cutoff=30, prio=True, booking=0, avg=10)
HEADERS = {
    "site.csv": ["key", "value"],
    "agencies.csv": ["code", "name", "short_name", "sort"],
    "booths.csv": ["code", "agency", "name", "zone"],
    "counters.csv": ["code", "booth", "number", "name", "zone"],
    "services.csv": ["code", "agency", "prefix", "name", "requirements", "procedure",
                     "completion_time", "cost", "product", "complaints", "daily_quota",
                     "cutoff_minutes", "priority", "booking_quota", "avg_service_minutes", "sort"],
    "schedules.csv": ["agency", "booth", "days", "opens", "closes"],
    "closures.csv": ["date", "agency", "booth", "from", "until", "reason"],
    "profiles.csv": ["counter", "service", "position"],
}
SLUG = re.compile(r"[a-z0-9-]{1,40}")
PREFIX = re.compile(r"[A-Z]{1,3}")


def items(text):
    return "; ".join(i.strip() for i in text.split(";") if i.strip())


def counter_code(number):
    return f"loket-{number:02d}"


def build():
    agencies = {a["code"]: a for part in PARTS for a in part.AGENCIES}
    assert len(agencies) == sum(len(p.AGENCIES) for p in PARTS), "agency defined twice"
    assert list(agencies) and set(agencies) == set(layout.AGENCY_ORDER), \
        set(agencies) ^ set(layout.AGENCY_ORDER)
    prefixes = [agencies[c]["prefix"] for c in layout.AGENCY_ORDER]
    assert len(set(prefixes)) == len(prefixes), "two agencies share a prefix"

    rows = {name: [] for name in HEADERS}
    rows["site.csv"] = [list(kv) for kv in layout.SITE]
    for sort, code in enumerate(layout.AGENCY_ORDER, 1):
        a = agencies[code]
        rows["agencies.csv"].append([code, a["name"], a["short_name"], str(sort * 10)])

    number = 0
    for booth, agency, name, zone, counters in layout.BOOTHS:
        rows["booths.csv"].append([booth, agency, name, zone])
        for counter_name in counters:
            number += 1
            rows["counters.csv"].append([counter_code(number), booth, str(number), counter_name, ""])

    for code in layout.AGENCY_ORDER:
        a = agencies[code]
        assert PREFIX.fullmatch(a["prefix"]), a["prefix"]
        for sort, s in enumerate(a["services"], 1):
            o = {**DEFAULTS, **a["defaults"], **{k: v for k, v in s.items() if k in DEFAULTS}}
            rows["services.csv"].append([
                f"{code}-{s['slug']}", code, a["prefix"], s["name"], items(s["requirements"]),
                items(s["procedure"]), s["completion_time"], s["cost"], s["product"],
                a["complaints"], "" if o["quota"] is None else str(o["quota"]), str(o["cutoff"]),
                "ya" if o["prio"] else "tidak", str(o["booking"]), str(o["avg"]), str(sort * 10),
            ])

    rows["schedules.csv"] = [list(r) for r in layout.SCHEDULES]
    rows["closures.csv"] = [list(r) for r in layout.CLOSURES]
    for counter, groups in sorted(layout.PROFILES.items()):
        for services, position in groups:
            for service in services:
                rows["profiles.csv"].append([counter_code(counter), service, str(position)])
    check(rows)
    return rows


def check(rows):
    services = rows["services.csv"]
    codes = [r[0] for r in services]
    for name in ("agencies.csv", "booths.csv", "counters.csv", "services.csv"):
        file_codes = [r[0] for r in rows[name]]
        assert len(set(file_codes)) == len(file_codes), f"{name}: duplicate code"
        bad = [c for c in file_codes if not SLUG.fullmatch(c)]
        assert not bad, f"{name}: bad codes {bad}"
    assert 330 <= len(codes) <= 370, f"{len(codes)} services"
    known = set(codes)
    missing = [r[1] for r in rows["profiles.csv"] if r[1] not in known]
    assert not missing, f"profiles.csv: unknown services {missing}"
    for r in services:
        assert all(r[i] for i in (3, 4, 5, 6, 7, 8, 9)), f"{r[0]}: empty service-standard field"
        assert 3 <= float(r[14]) <= 25, f"{r[0]}: avg_service_minutes {r[14]}"


def write(rows):
    for name, header in HEADERS.items():
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows([header] + rows[name])
        (OUT / name).write_bytes(out.getvalue().encode("utf-8"))


if __name__ == "__main__":
    result = build()
    write(result)
    print(", ".join(f"{name} {len(r)}" for name, r in result.items()))
