"""The monthly PDF for the head's meeting (reportlab): cover, visitors, times, booth presence,
SKM, with bar charts. Indonesian throughout; standard PDF fonts only (no font files needed), so
characters outside Latin-1 (such as ≥) are spelled in ASCII."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (CondPageBreak, KeepTogether, PageBreak, Paragraph,
                                SimpleDocTemplate, Spacer, Table, TableStyle)

from ..domain import reports as r
from ..domain.skm import UNSUR, UNSUR_KEYS, WEIGHT_LABELS
from .tables import (HOURS, INT, MINUTES, NRR, PCT, SCORE, TIMES_NOTE, PRESENCE_NOTE, fmt, hours,
                     minutes, period_text, skm_values)

PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
WIDTH = PAGE_W - 2 * MARGIN
BLUE = colors.HexColor("#1F4E79")
LIGHT = colors.HexColor("#DDE7F0")
STRIPE = colors.HexColor("#F4F7FA")
GOOD, FAIR, POOR = colors.HexColor("#2E7D32"), colors.HexColor("#F9A825"), colors.HexColor("#C62828")
MAX_SLOTS_LISTED = 30
THANKS = ("Terima kasih kepada seluruh masyarakat pengguna layanan yang telah mengisi Survei "
          "Kepuasan Masyarakat, serta kepada seluruh instansi dan petugas di Mal Pelayanan Publik.")


def _ascii(text: str) -> str:
    return text.replace("≥", ">=").replace("≤", "<=")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", base["Title"], fontSize=24, leading=30, textColor=BLUE),
        "subtitle": ParagraphStyle("subtitle", base["Title"], fontSize=16, leading=22,
                                   textColor=colors.black),
        "center": ParagraphStyle("center", base["Normal"], alignment=TA_CENTER, fontSize=11,
                                 leading=15),
        "h1": ParagraphStyle("h1", base["Heading1"], fontSize=15, textColor=BLUE, spaceBefore=6),
        "h2": ParagraphStyle("h2", base["Heading2"], fontSize=12, textColor=BLUE, spaceBefore=8),
        "body": ParagraphStyle("body", base["Normal"], fontSize=9.5, leading=13),
        "note": ParagraphStyle("note", base["Normal"], fontSize=7.5, leading=10,
                               textColor=colors.HexColor("#555555")),
        "cell": ParagraphStyle("cell", base["Normal"], fontSize=7.5, leading=9),
        "cellb": ParagraphStyle("cellb", base["Normal"], fontSize=7.5, leading=9,
                                fontName="Helvetica-Bold"),
        "head": ParagraphStyle("head", base["Normal"], fontSize=7, leading=8.5,
                               fontName="Helvetica-Bold"),
    }


S = _styles()


def _p(text: str, style: str = "body", markup: bool = False) -> Paragraph:
    """A paragraph of plain text (escaped), or of reportlab markup when ``markup``."""
    return Paragraph(_ascii(text if markup else escape(text)), S[style])


def _table(header: list[str], rows: list[list[Any]], kinds: list[str],
           widths: list[float], total_row: bool = False) -> Table:
    """A striped table; text cells wrap, numbers are right-aligned in Indonesian format."""
    data = [[_p(h, "head") for h in header]]
    for i, row in enumerate(rows):
        bold = total_row and i == len(rows) - 1
        data.append([fmt(v, k) if k != "text" else _p(str(v) if v is not None else "–",
                                                       "cellb" if bold else "cell")
                     for v, k in zip(row, kinds)])
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("FONTSIZE", (0, 1), (-1, -1), 7.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, BLUE),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#B0BEC5")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for col, kind in enumerate(kinds):
        if kind != "text":
            style.append(("ALIGN", (col, 1), (col, -1), "RIGHT"))
    for i in range(1, len(data)):
        if i % 2 == 0:
            style.append(("BACKGROUND", (0, i), (-1, i), STRIPE))
    if total_row and rows:
        style += [("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                  ("LINEABOVE", (0, -1), (-1, -1), 0.6, BLUE)]
    table.setStyle(TableStyle(style))
    return table


def _cols(first: float, n: int, rest_width: float | None = None) -> list[float]:
    other = (WIDTH - first) / n if rest_width is None else rest_width
    return [first] + [other] * n


# --------------------------------------------------------------------------- charts

def _count(value: float) -> str:
    return fmt(round(value), INT)


def _hbar(title: str, labels: list[str], values: list[float], value_max: float | None = None,
          bar_colors: list | None = None, value_fmt: Callable[[float], str] | None = None,
          ) -> Drawing:
    """Horizontal bar chart, one bar per label (top to bottom in the given order)."""
    n = max(1, len(labels))
    bar_h = 13
    height = n * bar_h + 50
    d = Drawing(WIDTH, height)
    d.add(String(0, height - 12, _ascii(title), fontName="Helvetica-Bold", fontSize=10,
                 fillColor=BLUE))
    chart = HorizontalBarChart()
    chart.x, chart.y = 175, 20
    chart.width, chart.height = WIDTH - 215, n * bar_h
    # HorizontalBarChart draws the first category at the bottom: reverse for a top-down list.
    chart.data = [list(reversed(values)) or [0]]
    chart.categoryAxis.categoryNames = [_ascii(x) for x in reversed(labels)] or [""]
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.valueAxis.valueMin = 0
    top = value_max if value_max is not None else max(values + [1]) * 1.1
    chart.valueAxis.valueMax = top
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = _count
    chart.bars[0].fillColor = BLUE
    chart.bars.strokeColor = None
    chart.barLabelFormat = value_fmt or _count
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    if bar_colors:
        for i, colour in enumerate(reversed(bar_colors)):
            chart.bars[(0, i)].fillColor = colour
    d.add(chart)
    return d


def _vbar(title: str, labels: list[str], values: list[float]) -> Drawing:
    height = 190
    d = Drawing(WIDTH, height)
    d.add(String(0, height - 12, _ascii(title), fontName="Helvetica-Bold", fontSize=10,
                 fillColor=BLUE))
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 30
    chart.width, chart.height = WIDTH - 60, height - 60
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(values + [1]) * 1.15
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = _count
    chart.bars[0].fillColor = BLUE
    chart.bars.strokeColor = None
    chart.barLabelFormat = _count
    chart.barLabels.fontSize = 6.5
    chart.barLabels.nudge = 6
    d.add(chart)
    return d


def _short(booth: str, limit: int = 42) -> str:
    """A booth name for a chart axis: without the leading 'Gerai ', cut at ``limit``."""
    name = booth.removeprefix("Gerai ")
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _coverage_colour(pct: float | None):
    if pct is None or pct < 50:
        return POOR
    return FAIR if pct < 80 else GOOD


# --------------------------------------------------------------------------- sections

def _cover(m: r.MonthlyReport, generated: datetime) -> list:
    v, t, p, s = m.visitors.total, m.times.total, m.presence.total, m.skm.total
    first, last = r.month_bounds(m.month)
    nik = s.result.nik
    summary = [
        ["Tiket diambil", fmt(v.issued, INT)],
        ["Terlayani", f"{fmt(v.served, INT)} ({fmt(v.served_pct, PCT)})"],
        ["Tidak hadir / hangus", f"{fmt(v.no_show, INT)} / {fmt(v.expired, INT)}"],
        ["Waktu tunggu rata-rata / median", f"{fmt(minutes(t.wait.mean), MINUTES)} / "
                                            f"{fmt(minutes(t.wait.median), MINUTES)} menit"],
        ["Waktu layanan rata-rata / median", f"{fmt(minutes(t.service.mean), MINUTES)} / "
                                             f"{fmt(minutes(t.service.median), MINUTES)} menit"],
        ["Cakupan kehadiran gerai", f"{fmt(p.coverage_pct, PCT)} dari "
                                    f"{fmt(hours(p.scheduled_ms), HOURS)} jam terjadwal"],
        ["Indeks Kepuasan Masyarakat (NIK)",
         "–" if nik is None else f"{fmt(float(nik), SCORE)} ({s.result.grade_letter}, "
                                 f"{s.result.grade_label})"],
        ["Responden SKM / target", f"{fmt(s.result.respondents, INT)} / {fmt(s.target, INT)}"],
    ]
    box = Table([[_p(a, "cellb"), _p(b, "cell")] for a, b in summary],
                colWidths=[75 * mm, 80 * mm])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, BLUE),
                             ("INNERGRID", (0, 0), (-1, -1), 0.25, LIGHT),
                             ("BACKGROUND", (0, 0), (0, -1), STRIPE),
                             ("FONTSIZE", (0, 0), (-1, -1), 10),
                             ("TOPPADDING", (0, 0), (-1, -1), 4),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return [
        Spacer(1, 45 * mm),
        _p("LAPORAN BULANAN PELAYANAN", "subtitle"),
        Spacer(1, 4 * mm),
        _p(m.site_name or "Mal Pelayanan Publik", "title"),
        Spacer(1, 6 * mm),
        _p(f"Periode: {r.period_label(m.month, 'month')}", "subtitle"),
        _p(period_text(first, last), "center"),
        Spacer(1, 14 * mm),
        box,
        Spacer(1, 20 * mm),
        _p("Isi: 1. Pengunjung · 2. Waktu tunggu dan layanan · 3. Kehadiran gerai · "
           "4. Survei Kepuasan Masyarakat", "center"),
        Spacer(1, 4 * mm),
        _p(f"Dibuat {generated.astimezone().strftime('%d/%m/%Y %H.%M')} oleh Antrean", "center"),
        PageBreak(),
    ]


def _visitors(m: r.MonthlyReport) -> list:
    v = m.visitors
    header = ["Instansi", "Tiket", "Terlayani", "Tidak Hadir", "Batal", "Hangus",
              "% Terlayani", "Daring", "Prioritas"]
    kinds = ["text", INT, INT, INT, INT, INT, PCT, INT, INT]
    rows = [[line.agency, line.issued, line.served, line.no_show, line.cancelled, line.expired,
             line.served_pct, line.online, line.priority]
            for line in (*v.agency_totals, v.total)]
    rows[-1][0] = "Total"
    hour_labels = [f"{h:02d}" for h in v.by_hour]
    return [
        _p("1. Pengunjung", "h1"),
        _p("Tiket diambil per instansi dan hasilnya. <i>Tidak hadir</i>: dipanggil tetapi tidak "
           "datang; <i>hangus</i>: belum terpanggil ketika hari layanan berakhir.", "body", True),
        Spacer(1, 3 * mm),
        _table(header, rows, kinds, _cols(45 * mm, 8), total_row=True),
        Spacer(1, 5 * mm),
        KeepTogether(_hbar("Pengunjung per instansi (tiket diambil)",
                           [x.agency for x in v.agency_totals],
                           [x.issued for x in v.agency_totals])),
        Spacer(1, 4 * mm),
        KeepTogether(_vbar("Pengunjung per jam (jam ambil tiket)", hour_labels,
                           list(v.by_hour.values()))),
    ]


def _times(m: r.MonthlyReport) -> list:
    t = m.times
    header = ["Instansi", "Dipanggil", "Tunggu rata-rata", "Tunggu median", "Tunggu P90",
              "Terlayani", "Layanan rata-rata", "Layanan median", "Layanan P90"]
    kinds = ["text", INT, MINUTES, MINUTES, MINUTES, INT, MINUTES, MINUTES, MINUTES]

    def row(line: r.TimesLine) -> list:
        w, s = line.wait, line.service
        return [line.label, w.count, minutes(w.mean), minutes(w.median), minutes(w.p90),
                s.count, minutes(s.mean), minutes(s.median), minutes(s.p90)]

    rows = [row(line) for line in t.lines["agency"]] + [row(t.total)]
    rows[-1][0] = "Total"
    hour_rows = [row(line) for line in t.lines.get("hour", ())]
    out = [
        CondPageBreak(120 * mm),
        _p("2. Waktu tunggu dan waktu layanan (menit)", "h1"),
        _p(TIMES_NOTE, "note"),
        Spacer(1, 3 * mm),
        _table(header, rows, kinds, _cols(45 * mm, 8), total_row=True),
    ]
    if hour_rows:
        header_h = ["Jam ambil tiket", *header[1:]]
        out += [Spacer(1, 5 * mm), CondPageBreak(60 * mm), _p("Per jam", "h2"),
                _table(header_h, hour_rows, kinds, _cols(45 * mm, 8))]
    return out


def _presence(m: r.MonthlyReport) -> list:
    p = m.presence
    header = ["Gerai", "Hari jadwal", "Hari hadir", "Jam jadwal", "Jam terisi", "Jam jeda",
              "Jam kosong", "Cakupan", f"Slot kosong >= {p.min_gap_minutes} mnt"]
    kinds = ["text", INT, INT, HOURS, HOURS, HOURS, HOURS, PCT, INT]
    rows = [[f"{b.booth}", b.scheduled_days, b.days_present, hours(b.scheduled_ms),
             hours(b.staffed_ms), hours(b.paused_ms), hours(b.empty_ms), b.coverage_pct,
             len(b.empty_slots)] for b in p.booths]
    tot = p.total
    rows.append(["Total", tot.scheduled_days, tot.days_present, hours(tot.scheduled_ms),
                 hours(tot.staffed_ms), hours(tot.paused_ms), hours(tot.empty_ms),
                 tot.coverage_pct, tot.empty_slots])
    # Whole days without anyone are listed per booth; the slot list shows gaps on days the
    # booth was staffed (late openings, early closings, long absences).
    slots = sorted(((b, x) for b, x in p.empty_slots if x.day not in b.absent_days),
                   key=lambda e: (-e[1].minutes, e[1].start))
    slot_rows = [[b.booth, f"{x.day.day:02d}/{x.day.month:02d}", x.start_text, x.end_text,
                  x.minutes] for b, x in slots[:MAX_SLOTS_LISTED]]
    absent_rows = [[b.booth, len(b.absent_days),
                    ", ".join(f"{d.day:02d}/{d.month:02d}" for d in b.absent_days)]
                   for b in p.booths if b.absent_days]
    never = [b for b in p.booths if b.scheduled_days and not b.days_present]
    out = [
        CondPageBreak(150 * mm),
        _p("3. Kehadiran gerai", "h1"),
        _p(PRESENCE_NOTE, "note"),
        Spacer(1, 3 * mm),
        _table(header, rows, kinds, _cols(58 * mm, 8), total_row=True),
    ]
    if never:
        out += [Spacer(1, 2 * mm),
                _p("<b>Tidak pernah buka pada jadwalnya bulan ini:</b> "
                   + escape(", ".join(b.booth for b in never)), "body", True)]
    out += [
        Spacer(1, 5 * mm),
        KeepTogether(_hbar("Cakupan kehadiran per gerai (%)", [_short(b.booth) for b in p.booths],
                           [b.coverage_pct or 0.0 for b in p.booths], value_max=100,
                           bar_colors=[_coverage_colour(b.coverage_pct) for b in p.booths],
                           value_fmt=lambda v: f"{v:.0f}%")),
        _p("Hijau: cakupan 80% ke atas; kuning: 50–80%; merah: di bawah 50%.", "note"),
    ]
    if absent_rows:
        out += [CondPageBreak(50 * mm), _p("Hari terjadwal tanpa petugas sama sekali", "h2"),
                _table(["Gerai", "Hari", "Tanggal"], absent_rows, ["text", INT, "text"],
                       [70 * mm, 15 * mm, WIDTH - 85 * mm])]
    if slot_rows:
        more = len(slots) - len(slot_rows)
        out += [CondPageBreak(50 * mm),
                _p(f"Slot kosong terpanjang pada hari hadir (>= {p.min_gap_minutes} menit)", "h2"),
                _table(["Gerai", "Tanggal", "Mulai", "Selesai", "Durasi (menit)"], slot_rows,
                       ["text", "text", "text", "text", INT], _cols(85 * mm, 4))]
        if more > 0:
            out.append(_p(f"... dan {more} slot kosong lainnya (lihat ekspor XLSX, tabel "
                          "slot_kosong).", "note"))
    return out


def _skm(m: r.MonthlyReport) -> list:
    s = m.skm
    header = ["Instansi", "Pengguna layanan (N)", "Target responden", "Responden", "IKM",
              "NIK", "Mutu", "Kinerja"]
    kinds = ["text", INT, INT, INT, NRR, SCORE, "text", "text"]

    def row(line: r.SkmLine) -> list:
        v = skm_values(line)
        return [line.agency, v[0], v[1], v[2], v[12], v[13], v[14], v[15]]

    rows = [row(line) for line in s.agencies] + [row(s.total)]
    rows[-1][0] = "Total"
    nrr_header = ["Instansi", *UNSUR_KEYS]
    nrr_rows = [[line.agency, *skm_values(line)[3:12]] for line in (*s.agencies, s.total)]
    nrr_rows[-1][0] = "Total"
    res = s.total.result
    unsur_rows = []
    for u in UNSUR:
        g = res.unsur_grade(u.key)
        score = res.unsur_score(u.key)
        unsur_rows.append([u.key, u.name, res.answered[u.key],
                           None if res.nrr[u.key] is None else float(res.nrr[u.key]),
                           None if score is None else float(score), g.letter if g else "–"])
    names = {"gender": "Jenis kelamin", "age": "Usia", "education": "Pendidikan",
             "occupation": "Pekerjaan"}
    profile_rows = [[names[k], ", ".join(f"{value}: {n}" for value, n in counts.items())]
                    for k, counts in s.profile.items()]
    return [
        CondPageBreak(150 * mm),
        _p("4. Survei Kepuasan Masyarakat (PermenPANRB 14/2017)", "h1"),
        _p(f"{WEIGHT_LABELS[s.weight]}. NIK = IKM × 25; mutu A (Sangat Baik) >= 88,31; "
           "B (Baik) >= 76,61; C (Kurang Baik) >= 65,00; D (Tidak Baik). Target responden: "
           "Krejcie & Morgan dari jumlah pengguna layanan yang terlayani.", "note"),
        Spacer(1, 3 * mm),
        _table(header, rows, kinds, [50 * mm] + [19 * mm] * 5 + [12 * mm, WIDTH - 157 * mm],
               total_row=True),
        Spacer(1, 5 * mm),
        CondPageBreak(60 * mm),
        _p("Nilai rata-rata per unsur (NRR) per instansi", "h2"),
        _table(nrr_header, nrr_rows, ["text", *[NRR] * 9], _cols(55 * mm, 9), total_row=True),
        Spacer(1, 5 * mm),
        CondPageBreak(60 * mm),
        _p("Nilai per unsur (seluruh instansi)", "h2"),
        _table(["Unsur", "Nama unsur", "Jawaban", "NRR", "NRR × 25", "Mutu"], unsur_rows,
               ["text", "text", INT, NRR, SCORE, "text"],
               [15 * mm, 75 * mm] + [(WIDTH - 90 * mm) / 4] * 4),
        Spacer(1, 5 * mm),
        KeepTogether([
            _p(f"Profil responden ({fmt(res.respondents, INT)} responden)", "h2"),
            _table(["Profil", "Sebaran"], profile_rows, ["text", "text"],
                   [35 * mm, WIDTH - 35 * mm]),
            Spacer(1, 8 * mm),
            _p(THANKS, "body"),
        ]),
    ]


def write_monthly_pdf(m: r.MonthlyReport, path: Path, generated: datetime | None = None) -> None:
    generated = generated or datetime.now(timezone.utc)
    footer = _ascii(f"{m.site_name} — Laporan Bulanan {r.period_label(m.month, 'month')}")

    def on_page(canvas, doc) -> None:
        if doc.page == 1:
            return
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, 9 * mm, footer)
        canvas.drawRightString(PAGE_W - MARGIN, 9 * mm, f"Halaman {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=16 * mm,
                            title=f"Laporan Bulanan {r.period_label(m.month, 'month')}",
                            author=m.site_name, subject="Laporan bulanan MPP (Antrean)")
    story = _cover(m, generated) + _visitors(m) + _times(m) + _presence(m) + _skm(m)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


def write_tables_pdf(report: Any, path: Path, generated: datetime | None = None) -> None:
    """Any report as a plain landscape PDF of its tables (the monthly report has its own)."""
    from reportlab.lib.pagesizes import landscape

    from .tables import TEXT, report_period, report_title, tables_for

    generated = generated or datetime.now(timezone.utc)
    page_w, _ = landscape(A4)
    width = page_w - 2 * MARGIN
    start, end = report_period(report)
    title = f"{report_title(report)} — {period_text(start, end)}"
    site = getattr(report, "site_name", "")
    story: list = [_p(site or "Mal Pelayanan Publik", "h2"), _p(title, "h1"),
                   _p(f"Dibuat {generated.astimezone().strftime('%d/%m/%Y %H.%M')} oleh Antrean",
                      "note")]
    for table in tables_for(report):
        if not table.rows:
            continue
        kinds = [c.kind for c in table.columns]
        texts = sum(1 for k in kinds if k == TEXT)
        numbers = len(kinds) - texts
        number_w = min(22 * mm, width * 0.6 / max(1, numbers)) if numbers else 0
        text_w = (width - number_w * numbers) / max(1, texts)
        widths = [text_w if k == TEXT else number_w for k in kinds]
        story += [CondPageBreak(40 * mm), _p(table.title, "h2")]
        if table.note:
            story.append(_p(table.note, "note"))
        story += [_table(table.headers, table.rows, kinds, widths), Spacer(1, 4 * mm)]
    footer = _ascii(f"{site} — {title}")

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, 9 * mm, footer)
        canvas.drawRightString(page_w - MARGIN, 9 * mm, f"Halaman {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=MARGIN,
                            rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=16 * mm,
                            title=title, author=site)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
