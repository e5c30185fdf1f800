"""Report results as titled tables with Indonesian headers: what CSV, XLSX and PDF render.

A Table is a list of columns (header + kind, which tells the renderers how to format) and rows of
plain values. Durations become minutes, milliseconds hours, and percentages stay 0..100.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..domain import reports as r
from ..domain.model import PriorityClass
from ..domain.schedule import DAY_NAMES_ID
from ..domain.skm import UNSUR, UNSUR_KEYS, WEIGHT_LABELS, round_half_up

# Column kinds: text, int, minutes (1 decimal), hours (1 decimal), pct (1 decimal), score
# (2 decimals), nrr (3 decimals).
TEXT, INT, MINUTES, HOURS, PCT, SCORE, NRR = "text", "int", "minutes", "hours", "pct", "score", "nrr"
DECIMALS = {MINUTES: 1, HOURS: 1, PCT: 1, SCORE: 2, NRR: 3}


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT


@dataclass
class Table:
    name: str  # short machine name: CSV --table, XLSX sheet name (<= 31 chars)
    title: str  # Indonesian title shown above the table
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


OUTCOME_LABELS = {
    "issued": "Tiket Diambil", "served": "Terlayani", "no_show": "Tidak Hadir",
    "cancelled": "Dibatalkan", "expired": "Hangus (tidak terpanggil)", "open": "Masih Antre",
}
PRIORITY_LABELS = {"normal": "Reguler", **{p.value: p.label_id for p in PriorityClass}}
DIMENSION_LABELS = {"agency": "Instansi", "service": "Layanan", "officer": "Petugas",
                    "hour": "Jam", "weekday": "Hari"}
GRAIN_LABELS = {"day": "Harian", "month": "Bulanan", "quarter": "Triwulanan", "year": "Tahunan"}


def minutes(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 60


def hours(ms: int) -> float:
    return ms / 3_600_000


def period_text(from_day: date, to_day: date) -> str:
    def d(x: date) -> str:
        return f"{x.day} {r.MONTHS_ID[x.month - 1]} {x.year}"
    return d(from_day) if from_day == to_day else f"{d(from_day)} – {d(to_day)}"


def fmt(value: Any, kind: str) -> str:
    """Indonesian display text (decimal comma, thousands dot), '–' for no value."""
    if value is None:
        return "–"
    if kind == INT:
        return f"{int(value):,}".replace(",", ".")
    if kind in DECIMALS:
        text = f"{float(value):,.{DECIMALS[kind]}f}"
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return text + ("%" if kind == PCT else "")
    return str(value)


# --------------------------------------------------------------------------- visitors

def visitor_tables(report: r.VisitorReport) -> list[Table]:
    priorities = [k for k in r.PRIORITY_KEYS]
    base = [Column("Periode"), Column("Kode Instansi"), Column("Instansi")]
    if report.by_service:
        base += [Column("Kode Layanan"), Column("Layanan")]
    counts = [Column(OUTCOME_LABELS[k], INT) for k in ("issued", *r.OUTCOMES)]
    counts += [Column("% Terlayani", PCT), Column("Datang Langsung", INT),
               Column("Daring (Booking)", INT)]
    counts += [Column(f"Prioritas: {PRIORITY_LABELS[k]}" if k != "normal" else "Reguler", INT)
               for k in priorities]

    def values(line: r.VisitorLine) -> list:
        return [line.issued, line.served, line.no_show, line.cancelled, line.expired, line.open,
                line.served_pct, line.walk_in, line.online,
                *(line.by_priority.get(k, 0) for k in priorities)]

    def label(period: str) -> str:
        return r.period_label(period, report.grain) if period else "Total"

    main = Table("pengunjung", f"Pengunjung per {'layanan' if report.by_service else 'instansi'} "
                 f"({GRAIN_LABELS[report.grain].lower()})", base + counts)
    for line in report.lines:
        head = [label(line.period), line.agency_code, line.agency]
        if report.by_service:
            head += [line.service_code, line.service]
        main.rows.append(head + values(line))
    total_head = ["Total", "", "Semua instansi"] + (["", ""] if report.by_service else [])
    main.rows.append(total_head + values(report.total))

    agencies = Table("per_instansi", "Pengunjung per instansi (seluruh periode)",
                     [Column("Kode Instansi"), Column("Instansi"), *counts])
    for line in report.agency_totals:
        agencies.rows.append([line.agency_code, line.agency, *values(line)])
    agencies.rows.append(["", "Total", *values(report.total)])

    periods = Table("per_periode", "Pengunjung per periode (semua instansi)",
                    [Column("Periode"), *counts])
    for line in report.period_totals:
        periods.rows.append([label(line.period), *values(line)])

    hourly = Table("per_jam", "Tiket diambil per jam", [Column("Jam"), Column("Tiket", INT)])
    hourly.rows = [[r.hour_label(h), n] for h, n in report.by_hour.items()]
    weekly = Table("per_hari", "Tiket diambil per hari", [Column("Hari"), Column("Tiket", INT)])
    weekly.rows = [[DAY_NAMES_ID[d - 1], n] for d, n in report.by_weekday.items()]
    return [main, agencies, periods, hourly, weekly]


# --------------------------------------------------------------------------- times

TIMES_COLUMNS = [
    Column("Jumlah Dipanggil", INT), Column("Tunggu Rata-rata (menit)", MINUTES),
    Column("Tunggu Median (menit)", MINUTES), Column("Tunggu P90 (menit)", MINUTES),
    Column("Jumlah Terlayani", INT), Column("Layanan Rata-rata (menit)", MINUTES),
    Column("Layanan Median (menit)", MINUTES), Column("Layanan P90 (menit)", MINUTES),
]
TIMES_NOTE = ("Waktu tunggu: dari ambil tiket sampai dipanggil; waktu layanan: dari mulai sampai "
              "selesai dilayani. Median dan P90 metode nearest-rank (nilai yang benar-benar "
              "terjadi; median jumlah genap = nilai tengah bawah).")


def _times_values(line: r.TimesLine) -> list:
    w, s = line.wait, line.service
    return [w.count, minutes(w.mean), minutes(w.median), minutes(w.p90),
            s.count, minutes(s.mean), minutes(s.median), minutes(s.p90)]


def times_tables(report: r.TimesReport) -> list[Table]:
    tables = []
    long = Table("waktu", "Waktu tunggu dan layanan (semua dimensi)",
                 [Column("Dimensi"), Column("Nama"), Column("Instansi"), *TIMES_COLUMNS],
                 note=TIMES_NOTE)
    for d in report.dimensions:
        label = DIMENSION_LABELS[d]
        table = Table(f"waktu_{d}", f"Waktu tunggu dan layanan per {label.lower()}",
                      [Column(label), *([Column("Instansi")] if d in ("service", "officer")
                                        else []), *TIMES_COLUMNS], note=TIMES_NOTE)
        for line in report.lines[d]:
            extra = [line.agency] if d in ("service", "officer") else []
            table.rows.append([line.label, *extra, *_times_values(line)])
            long.rows.append([label, line.label, line.agency, *_times_values(line)])
        table.rows.append(["Total", *([""] if d in ("service", "officer") else []),
                           *_times_values(report.total)])
        tables.append(table)
    long.rows.append(["Total", "Semua", "", *_times_values(report.total)])
    return [long, *tables]


# --------------------------------------------------------------------------- presence

PRESENCE_COLUMNS = [
    Column("Hari Terjadwal", INT), Column("Hari Hadir", INT), Column("Jam Terjadwal", HOURS),
    Column("Jam Terisi (≥1 loket buka)", HOURS), Column("Jam Jeda", HOURS),
    Column("Jam Kosong", HOURS), Column("Cakupan %", PCT), Column("Kehadiran incl. Jeda %", PCT),
    Column("Slot Kosong ≥ 15 mnt", INT),
]
PRESENCE_NOTE = ("Terisi = jam terjadwal dengan sedikitnya satu loket gerai buka; jeda = tidak ada "
                 "loket buka tetapi ada loket sedang jeda; kosong = tidak ada loket buka maupun "
                 "jeda. Cakupan = terisi / terjadwal. Jadwal mengikuti katalog saat ini, setelah "
                 "hari libur dan penutupan.")


def _presence_values(p: r.BoothPresence | r.AgencyPresence, slots: int) -> list:
    return [p.scheduled_days, p.days_present, hours(p.scheduled_ms), hours(p.staffed_ms),
            hours(p.paused_ms), hours(p.empty_ms), p.coverage_pct, p.presence_pct, slots]


def presence_tables(report: r.PresenceReport) -> list[Table]:
    columns = [c if c.header != "Slot Kosong ≥ 15 mnt"
               else Column(f"Slot Kosong ≥ {report.min_gap_minutes} mnt", INT)
               for c in PRESENCE_COLUMNS]
    booths = Table("kehadiran_gerai", "Kehadiran gerai (jadwal vs loket buka)",
                   [Column("Kode Instansi"), Column("Instansi"), Column("Gerai"),
                    Column("Loket", INT), *columns, Column("Tanggal Tidak Hadir")],
                   note=PRESENCE_NOTE)
    for b in report.booths:
        absent = ", ".join(f"{d.day:02d}/{d.month:02d}" for d in b.absent_days)
        booths.rows.append([b.agency_code, b.agency, b.booth, b.counters,
                            *_presence_values(b, len(b.empty_slots)), absent])
    agencies = Table("kehadiran_instansi", "Kehadiran per instansi",
                     [Column("Kode Instansi"), Column("Instansi"), Column("Gerai", INT),
                      *columns], note=PRESENCE_NOTE)
    for a in (*report.agencies, report.total):
        agencies.rows.append([a.agency_code, a.agency if a.agency_id is not None else "Total",
                              a.booths, *_presence_values(a, a.empty_slots)])
    slots = Table("slot_kosong", f"Slot kosong terjadwal (≥ {report.min_gap_minutes} menit)",
                  [Column("Kode Instansi"), Column("Instansi"), Column("Gerai"),
                   Column("Tanggal"), Column("Hari"), Column("Mulai"), Column("Selesai"),
                   Column("Durasi (menit)", INT)])
    for b, s in report.empty_slots:
        slots.rows.append([b.agency_code, b.agency, b.booth, s.day.isoformat(),
                           DAY_NAMES_ID[s.day.isoweekday() - 1], s.start_text, s.end_text,
                           s.minutes])
    return [booths, agencies, slots]


# --------------------------------------------------------------------------- SKM

def _num(x: Fraction | Decimal | None, places: int) -> float | None:
    return None if x is None else float(round_half_up(Fraction(x), places))


def skm_values(line: r.SkmLine) -> list:
    res = line.result
    return [line.population, line.target, res.respondents,
            *(_num(res.nrr[k], 3) for k in UNSUR_KEYS), _num(res.ikm, 3),
            None if res.nik is None else float(res.nik), res.grade_letter, res.grade_label]


SKM_COLUMNS = [
    Column("Pengguna Layanan (N)", INT), Column("Target Responden", INT),
    Column("Responden", INT), *(Column(f"NRR {k}", NRR) for k in UNSUR_KEYS),
    Column("IKM", NRR), Column("NIK (IKM × 25)", SCORE), Column("Mutu"), Column("Kinerja"),
]


def skm_tables(report: r.SkmReport) -> list[Table]:
    note = (f"{WEIGHT_LABELS[report.weight]}. Target responden: tabel Krejcie & Morgan dari "
            "jumlah pengguna layanan yang terlayani. Jawaban kosong tidak dihitung.")
    agencies = Table("skm_instansi", "Indeks Kepuasan Masyarakat per instansi",
                     [Column("Kode Instansi"), Column("Instansi"), *SKM_COLUMNS], note=note)
    for line in report.agencies:
        agencies.rows.append([line.agency_code, line.agency, *skm_values(line)])
    agencies.rows.append(["", "Total", *skm_values(report.total)])
    services = Table("skm_layanan", "Indeks Kepuasan Masyarakat per layanan",
                     [Column("Instansi"), Column("Layanan"), *SKM_COLUMNS], note=note)
    for line in report.services:
        services.rows.append([line.agency, line.service, *skm_values(line)])
    unsur = Table("skm_unsur", "Nilai per unsur (seluruh instansi)",
                  [Column("Unsur"), Column("Nama Unsur"), Column("Jawaban", INT),
                   Column("NRR", NRR), Column("NRR × 25", SCORE), Column("Mutu")], note=note)
    res = report.total.result
    for u in UNSUR:
        g = res.unsur_grade(u.key)
        score = res.unsur_score(u.key)
        unsur.rows.append([u.key, u.name, res.answered[u.key], _num(res.nrr[u.key], 3),
                           None if score is None else float(score), g.letter if g else None])
    profile = Table("skm_profil", "Profil responden",
                    [Column("Profil"), Column("Nilai"), Column("Responden", INT)])
    names = {"gender": "Jenis Kelamin", "age": "Usia", "education": "Pendidikan",
             "occupation": "Pekerjaan"}
    for key, counts in report.profile.items():
        for value, n in counts.items():
            profile.rows.append([names[key], value, n])
    return [agencies, services, unsur, profile]


def tables_for(report: Any) -> list[Table]:
    if isinstance(report, r.VisitorReport):
        return visitor_tables(report)
    if isinstance(report, r.TimesReport):
        return times_tables(report)
    if isinstance(report, r.PresenceReport):
        return presence_tables(report)
    if isinstance(report, r.SkmReport):
        return skm_tables(report)
    if isinstance(report, r.MonthlyReport):
        return (visitor_tables(report.visitors) + times_tables(report.times)
                + presence_tables(report.presence) + skm_tables(report.skm))
    raise TypeError(f"not a report: {type(report).__name__}")


def report_title(report: Any) -> str:
    titles = {r.VisitorReport: "Laporan Pengunjung", r.TimesReport: "Laporan Waktu Tunggu dan "
              "Waktu Layanan", r.PresenceReport: "Laporan Kehadiran Gerai",
              r.SkmReport: "Laporan Survei Kepuasan Masyarakat",
              r.MonthlyReport: "Laporan Bulanan"}
    return titles[type(report)]


def report_period(report: Any) -> tuple[date, date]:
    if isinstance(report, r.MonthlyReport):
        return r.month_bounds(report.month)
    return report.from_day, report.to_day
