"""Exports: CSV parses back, openpyxl reads the XLSX back, JSON serializes, the PDFs are PDFs
that pdftoppm renders."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from datetime import datetime, timezone

import pytest
from openpyxl import load_workbook

from shared.domain import reports as r
from shared.reports import export, pdf
from shared.reports.tables import (HOURS, INT, MINUTES, NRR, PCT, SCORE, TEXT, fmt, period_text,
                                   report_period, report_title, tables_for)
from shared.store import reports_db as q

from .conftest import FIRST, LAST

NOW = datetime(2025, 1, 9, 5, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def reports(sim_db):
    from shared.store.database import open_database

    conn = open_database(sim_db, create=False)
    out = {
        "visitors": q.visitor_report(conn, FIRST, LAST, "day", by_service=True),
        "visitors_month": q.visitor_report(conn, FIRST, LAST, "month"),
        "times": q.times_report(conn, FIRST, LAST, r.TIME_DIMENSIONS),
        "presence": q.presence_report(conn, FIRST, LAST, now=NOW),
        "skm": q.skm_report(conn, FIRST, LAST),
        "monthly": q.monthly_report(conn, "2025-01", now=NOW),
    }
    conn.close()
    return out


def test_indonesian_number_format():
    assert fmt(1234567, INT) == "1.234.567"
    assert fmt(12.345, MINUTES) == "12,3"
    assert fmt(1234.56, HOURS) == "1.234,6"
    assert fmt(50, PCT) == "50,0%"
    assert fmt(88.305, SCORE) == "88,31" or fmt(88.305, SCORE) == "88,30"  # float input
    assert fmt(3.5, NRR) == "3,500"
    assert fmt(None, INT) == "–" and fmt("Dukcapil", TEXT) == "Dukcapil"


def test_titles_and_periods(reports):
    assert period_text(FIRST, LAST) == "6 Januari 2025 – 8 Januari 2025"
    assert period_text(FIRST, FIRST) == "6 Januari 2025"
    assert report_title(reports["skm"]) == "Laporan Survei Kepuasan Masyarakat"
    assert report_period(reports["monthly"]) == r.month_bounds("2025-01")
    assert report_period(reports["times"]) == (FIRST, LAST)
    with pytest.raises(TypeError):
        tables_for(object())


def test_tables_of_every_report(reports):
    names = {k: [t.name for t in tables_for(v)] for k, v in reports.items()}
    assert names["visitors"] == ["pengunjung", "per_instansi", "per_periode", "per_jam", "per_hari"]
    assert names["times"][0] == "waktu" and "waktu_officer" in names["times"]
    assert names["presence"] == ["kehadiran_gerai", "kehadiran_instansi", "slot_kosong"]
    assert names["skm"] == ["skm_instansi", "skm_layanan", "skm_unsur", "skm_profil"]
    assert len(names["monthly"]) == len(set(names["monthly"]))
    for report in reports.values():
        for table in tables_for(report):
            assert all(len(row) == len(table.columns) for row in table.rows), table.name


@pytest.mark.parametrize("key", ["visitors", "times", "presence", "skm"])
def test_csv_parses_back(reports, key, tmp_path):
    report = reports[key]
    first = tables_for(report)[0]
    rows = list(csv.reader(io.StringIO(export.to_csv(report))))
    assert rows[0] == first.headers
    assert len(rows) == len(first.rows) + 1
    path = tmp_path / "x.csv"
    export.write_csv(report, path, delimiter=";")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read the UTF-8 names
    assert raw.decode("utf-8-sig").splitlines()[0] == ";".join(first.headers)


def test_csv_table_choice(reports):
    text = export.to_csv(reports["presence"], "slot_kosong")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[:4] == ["Kode Instansi", "Instansi", "Gerai", "Tanggal"]
    assert len(rows) == len(reports["presence"].empty_slots) > 0
    with pytest.raises(KeyError, match="tables: "):
        export.to_csv(reports["presence"], "nope")


def test_csv_values(reports):
    text = export.to_csv(reports["visitors_month"], "per_instansi")
    rows = list(csv.DictReader(io.StringIO(text)))
    total = rows[-1]
    assert total["Instansi"] == "Total"
    assert int(total["Tiket Diambil"]) == reports["visitors_month"].total.issued
    assert float(total["% Terlayani"]) == round(reports["visitors_month"].total.served_pct, 1)


@pytest.mark.parametrize("key", ["visitors", "times", "presence", "skm", "monthly"])
def test_xlsx_reads_back(reports, key, tmp_path):
    report = reports[key]
    path = tmp_path / f"{key}.xlsx"
    export.write_xlsx(report, path, generated=NOW)
    wb = load_workbook(path)
    tables = tables_for(report)
    assert wb.sheetnames == ["Info", *[t.name[:31] for t in tables]]
    info = wb["Info"]
    assert info["A1"].value == "Laporan" and info["B1"].value == report_title(report)
    for table in tables:
        ws = wb[table.name[:31]]
        values = list(ws.iter_rows(values_only=True))
        assert list(values[0]) == table.headers
        assert len(values) == len(table.rows) + 1
        for got, want in zip(values[1:], table.rows):
            for g, w, column in zip(got, want, table.columns):
                if isinstance(w, float):
                    assert g == pytest.approx(w), (table.name, column.header)
                else:
                    assert g == (w if w != "" else None), (table.name, column.header)


def test_json_is_complete(reports):
    data = json.loads(json.dumps(export.jsonable(reports["monthly"])))
    assert data["month"] == "2025-01"
    assert data["visitors"]["total"]["issued"] == reports["monthly"].visitors.total.issued
    assert "served_pct" in data["visitors"]["total"]
    booth = data["presence"]["booths"][0]
    assert {"coverage_pct", "scheduled_days", "empty_slots", "absent_days"} <= set(booth)
    assert data["skm"]["total"]["result"]["grade"] in "ABCD"
    assert data["skm"]["total"]["target"] > 0
    assert data["times"]["total"]["wait"]["count"] > 0
    grade = reports["skm"].total.result.grade
    assert export.jsonable(grade) == {"letter": grade.letter, "label": grade.label}
    assert export.jsonable(r.DurationRow(1, 2, None, 8, 1, 1.5, None)) == {
        "agency_id": 1, "service_id": 2, "officer_id": None, "hour": 8, "weekday": 1,
        "wait": 1.5, "service": None}


def render(pdf_path, tmp_path, dpi=50):
    """Render every page with pdftoppm; return the PNG paths."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf_path), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=120)
    return sorted(tmp_path.glob("page*.png"))


needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                                    reason="pdftoppm (poppler-utils) not installed")


def test_monthly_pdf(reports, tmp_path):
    path = tmp_path / "monthly.pdf"
    pdf.write_monthly_pdf(reports["monthly"], path, generated=NOW)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"Laporan Bulanan Januari 2025" in data  # the document title


@needs_pdftoppm
def test_monthly_pdf_renders(reports, tmp_path):
    path = tmp_path / "monthly.pdf"
    pdf.write_monthly_pdf(reports["monthly"], path, generated=NOW)
    pages = render(path, tmp_path)
    assert len(pages) >= 5
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pages)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout \
        if shutil.which("pdftotext") else ""
    if text:
        for phrase in ("LAPORAN BULANAN PELAYANAN", "Mal Pelayanan Publik Kabupaten Purbaraya",
                       "Periode: Januari 2025", "1. Pengunjung", "Pengunjung per instansi",
                       "Pengunjung per jam", "2. Waktu tunggu", "3. Kehadiran gerai",
                       "Cakupan kehadiran per gerai", "4. Survei Kepuasan Masyarakat",
                       "Nilai rata-rata per unsur", "Profil responden", "Terima kasih"):
            assert phrase in text, phrase


@needs_pdftoppm
@pytest.mark.parametrize("key", ["visitors", "times", "presence", "skm"])
def test_tables_pdf_renders(reports, key, tmp_path):
    path = tmp_path / f"{key}.pdf"
    pdf.write_tables_pdf(reports[key], path, generated=NOW)
    assert path.read_bytes().startswith(b"%PDF")
    assert render(path, tmp_path, dpi=30)


def test_monthly_pdf_of_an_empty_month(sim_db, tmp_path):
    from shared.store.database import open_database

    conn = open_database(sim_db, create=False)
    empty = q.monthly_report(conn, "2024-06", now=NOW)
    conn.close()
    assert empty.visitors.total.issued == 0 and empty.skm.total.result.nik is None
    path = tmp_path / "empty.pdf"
    pdf.write_monthly_pdf(empty, path)
    assert path.read_bytes().startswith(b"%PDF")
