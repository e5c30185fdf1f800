"""Complaints (pengaduan): validation, the page linked to a ticket, the back office's store
functions and the SP4N-LAPOR! export."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from shared.domain import complaints as cm
from shared.store import visitor_db

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


# -- pure ----------------------------------------------------------------------------------------
def test_clean_accepts_and_tidies():
    draft, errors = cm.clean("petugas", "  Petugas\n  tidak ramah  sama sekali ", " 0812 ")
    assert errors == {} and draft == cm.Draft("petugas", "Petugas\ntidak ramah sama sekali",
                                              "0812")


@pytest.mark.parametrize("category, text, contact, expected", [
    ("", "cukup panjang sekali", "", {"category": "required"}),
    ("hantu", "cukup panjang sekali", "", {"category": "invalid"}),
    ("lainnya", "", "", {"text": "required"}),
    ("lainnya", "pendek", "", {"text": "too_short"}),
    ("lainnya", "x" * 2001, "", {"text": "too_long"}),
    ("lainnya", "cukup panjang sekali", "x" * 121, {"contact": "too_long"}),
    ("lainnya", "cukup panjang sekali", "a\x07b", {"contact": "invalid"}),
    ("lainnya", "cukup panjang \x1b[31m sekali", "", {"text": "invalid"}),
])
def test_clean_refuses(category, text, contact, expected):
    draft, errors = cm.clean(category, text, contact)
    assert draft is None and errors == expected


def test_labels():
    assert cm.category_label("biaya") == "Biaya atau pungutan"
    assert cm.category_label("biaya", "en") == "Fees or illegal charges"
    assert cm.category_label("???") == "???"
    assert cm.status_label("diproses") == "Diproses" and cm.status_label("selesai", "en") == \
        "Resolved"


def test_lapor_csv_is_spreadsheet_safe():
    row = cm.lapor_row(tanggal="2025-01-06 09:00", category="biaya", text="=HYPERLINK(\"x\")",
                       agency="Dukcapil", service="KTP-el", ticket_number="A001",
                       contact="+6281234567890")
    text = cm.lapor_csv([row])
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert list(parsed[0]) == list(cm.LAPOR_FIELDS)
    assert parsed[0]["uraian"] == "'=HYPERLINK(\"x\")"
    assert parsed[0]["kontak"] == "+6281234567890" and parsed[0]["kategori"] == \
        "Biaya atau pungutan"


# -- through the master --------------------------------------------------------------------------
def file_complaint(api, token: str, **fields) -> object:
    api.http.get(f"/pengaduan/{token}")
    key = api.http.cookies["antrean_v"]  # the forms' CSRF token is the visitor cookie
    data = {"csrf": key, "category": "waktu_tunggu", "text": "Menunggu terlalu lama di loket",
            **fields}
    return api.http.post(f"/pengaduan/{token}", data=data)


def test_complaints_page_store_and_export(api):
    api.clock.set("09:15")
    body = api.issue().json()
    token = body["status_path"].rsplit("/", 1)[1]
    r = file_complaint(api, token, contact="0812 3456 7890")
    assert r.status_code == 200 and "Nomor pengaduan: P000001" in r.text
    bad = file_complaint(api, token, text="pendek", category="")
    assert bad.status_code == 422 and bad.text.count('class="field-error"') == 2
    assert 'value="" selected' in bad.text and "pendek</textarea>" in bad.text
    for _ in range(2):
        assert file_complaint(api, token).status_code == 200
    assert file_complaint(api, token).status_code == 409  # three per ticket
    assert "Batas pengaduan" in api.http.get(f"/pengaduan/{token}").text

    reader = api.master.reader
    items = visitor_db.list_complaints(reader)
    assert [c.reference for c in items] == ["P000003", "P000002", "P000001"]
    first = items[-1]
    assert (first.status, first.category, first.ticket_number, first.agency_name,
            first.service_name, first.contact) == (
        "baru", "waktu_tunggu", "A001", "Dinas Kependudukan dan Pencatatan Sipil", "KTP-el",
        "0812 3456 7890")
    assert first.day == date(2025, 1, 6)

    changed = api.master.store.write(lambda conn: visitor_db.set_complaint_status(
        conn, first.id, "diproses", at_ms=1, officer_id=1, note="Diteruskan ke kepala gerai"))
    assert changed
    assert api.master.store.write(lambda conn: visitor_db.set_complaint_status(
        conn, 999, "selesai", at_ms=1)) is False
    with pytest.raises(ValueError):
        visitor_db.set_complaint_status(reader, first.id, "hilang", at_ms=1)
    assert [c.id for c in visitor_db.list_complaints(reader, status="diproses")] == [first.id]
    assert visitor_db.list_complaints(reader, status="diproses")[0].note == \
        "Diteruskan ke kepala gerai"
    assert visitor_db.list_complaints(reader, agency_id=2) == []
    assert len(visitor_db.list_complaints(reader, from_day=date(2025, 1, 6),
                                          to_day=date(2025, 1, 6), limit=2)) == 2
    assert visitor_db.list_complaints(reader, from_day=date(2025, 1, 7)) == []

    rows = visitor_db.complaints_for_lapor(reader, date(2025, 1, 1), date(2025, 1, 31))
    assert len(rows) == 3 and list(rows[0]) == list(cm.LAPOR_FIELDS)
    assert rows[0] == {"tanggal": "2025-01-06 09:15", "kategori": "Waktu tunggu / antrean",
                       "uraian": "Menunggu terlalu lama di loket",
                       "instansi": "Dinas Kependudukan dan Pencatatan Sipil",
                       "layanan": "KTP-el", "nomor_tiket": "A001 (2025-01-06)",
                       "kontak": "0812 3456 7890"}
    assert visitor_db.complaints_for_lapor(reader, date(2025, 1, 1), date(2025, 1, 31),
                                           status="selesai") == []
    assert cm.lapor_csv(rows).startswith("tanggal,kategori,uraian,instansi,layanan,nomor_tiket,"
                                         "kontak\r\n")
