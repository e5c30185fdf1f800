"""A plausible MPP board (catalog + snapshot as the master sends them) for screenshots and the
look of the display without a master. ``busy=True`` stresses the layout: 40 open counters,
28 agencies, long names."""
from __future__ import annotations

from typing import Any

_AGENCIES = [
    ("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil", "A"),
    ("samsat", "Kantor Bersama Samsat", "Samsat", "B"),
    ("dpmptsp", "Dinas Penanaman Modal dan PTSP", "DPMPTSP", "C"),
    ("bpn", "Kantor Pertanahan", "BPN", "D"),
    ("imigrasi", "Kantor Imigrasi", "Imigrasi", "E"),
    ("bpjs-kes", "BPJS Kesehatan", "BPJS Kesehatan", "F"),
    ("bpjs-tk", "BPJS Ketenagakerjaan", "BPJS Ketenagakerjaan", "G"),
    ("polres", "Kepolisian Resor", "Polres (SKCK)", "H"),
]
_EXTRA = ["Kemenag", "KPP Pratama", "PDAM Tirta Perwira", "Bank Jateng", "Pengadilan Agama",
          "Kejaksaan Negeri", "Dinas Sosial", "Disnaker", "Dinas Perhubungan", "Taspen",
          "Pegadaian", "PLN UP3", "Kantor Pos", "Dinas Kesehatan", "Dinas Pendidikan",
          "Bapenda", "Dinas Perindustrian dan Perdagangan Kabupaten", "BRI", "BNI", "Mandiri"]


def sample_catalog(busy: bool = False) -> dict[str, Any]:
    agencies = [(c, n, s, p) for c, n, s, p in _AGENCIES]
    if busy:
        agencies += [(f"x{i}", name, name, chr(ord("I") + i % 18))
                     for i, name in enumerate(_EXTRA)]
    return {
        "seq": 1,
        "site": {"id": "mpp-purbaraya", "name": "Mal Pelayanan Publik Kabupaten Purbaraya",
                 "timezone": "Asia/Jakarta", "number_padding": 3,
                 "calling_rule": "ratio:3",
                 "calling_rule_description": "satu antrean prioritas setelah setiap 3 antrean "
                                             "biasa",
                 "calling_rule_description_en": "one priority ticket after every 3 normal "
                                                "tickets"},
        "agencies": [{"id": i, "code": c, "name": n, "short_name": s, "sort": i}
                     for i, (c, n, s, _) in enumerate(agencies, 1)],
        "services": [{"id": i, "agency_id": i, "prefix": p, "name": n}
                     for i, (_, n, _, p) in enumerate(agencies, 1)],
    }


def sample_snapshot(busy: bool = False) -> dict[str, Any]:
    catalog = sample_catalog(busy)
    agencies = catalog["agencies"]
    per_agency = 5 if busy else 2
    counters = []
    number_of = {}
    cid = 0
    for a in agencies[:8]:
        for k in range(1, per_agency + 1):
            cid += 1
            prefix = catalog["services"][a["id"] - 1]["prefix"]
            seq = 10 + 7 * cid + k
            number_of[cid] = f"{prefix}{seq:03d}"
            status = "paused" if cid % 7 == 0 else "open"
            ticket = None
            if status == "open" and cid % 5 != 0:
                ticket = {"id": 1000 + cid, "number": number_of[cid], "status": "serving",
                          "service_id": a["id"], "agency_id": a["id"]}
            counters.append({"id": cid, "number": k, "name": "", "zone": "Lantai 1",
                             "agency_id": a["id"], "agency": a["short_name"],
                             "booth": f"Gerai {a['short_name']}", "status": status,
                             "pause_reason": "istirahat" if status == "paused" else None,
                             "ticket": ticket})
    counters.append({"id": cid + 1, "number": 9, "name": "", "zone": "Lantai 2",
                     "agency_id": 1, "agency": "Dukcapil", "booth": "Gerai Dukcapil 2",
                     "status": "closed", "pause_reason": None, "ticket": None})
    counters[0]["ticket"]["number"] = "A123"
    counters[0]["ticket"]["status"] = "called"
    recent = []
    for i, c in enumerate([c for c in counters if c["ticket"]][:12]):
        recent.append({"ticket_id": c["ticket"]["id"], "number": c["ticket"]["number"],
                       "service_id": c["agency_id"], "counter_id": c["id"],
                       "counter_number": c["number"], "agency": c["agency"],
                       "status": "called", "called_at": f"2026-11-23T10:{59 - i:02d}:00+07:00",
                       "calls": 1})
    waiting = {str(s["id"]): (s["id"] * 7) % 23 + (40 if s["id"] == 1 else 0)
               for s in catalog["services"]}
    return {"seq": 500, "day": "2026-11-23", "counters": counters, "waiting": waiting,
            "recent_calls": recent}
