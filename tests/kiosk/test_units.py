"""Pure parts of the kiosk: catalog view, search, dates, texts, the printout of a 201."""
from __future__ import annotations

import re
import string
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.sample import sample_catalog
from kiosk.texts import TEXTS, tr
from kiosk.viewmodels.catalog import CatalogView, initials, when_text

WIB = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize("name, expected", [
    ("Dukcapil", "DU"), ("BPJS", "BPJS"), ("BPJS Kesehatan", "BK"), ("KPP Pratama", "KP"),
    ("PDAM", "PDAM"), ("BRI", "BRI"), ("Pengadilan Agama", "PA"), ("", "?"), ("-- x --", "X"),
])
def test_initials(name, expected):
    assert initials(name) == expected


def test_catalog_view_agencies_open_state_and_search():
    now = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
    view = CatalogView(sample_catalog(now))
    by_code = {a.code: a for a in view.agencies}
    dukcapil, pa = by_code["dukcapil"], by_code["pa"]
    assert dukcapil.is_open and dukcapil.open_services == 5 and len(dukcapil.services) == 6
    assert not pa.is_open and pa.why_closed("id") == "Hari ini tidak buka"
    assert pa.next_opening == datetime(2026, 11, 24, 8, 0, tzinfo=WIB)
    names = lambda found: sorted(s.name for s in found)  # noqa: E731
    assert names(view.search(dukcapil.id, "kart kel")) == ["Kartu Keluarga"]
    assert names(view.search(dukcapil.id, "AKTA")) == ["Akta Kelahiran", "Akta Kematian"]
    assert names(view.search(None, "skck")) == ["Perpanjangan SKCK", "SKCK baru"]
    assert len(view.search(None, "dukcapil")) == 6  # the agency's name finds its services
    assert view.search(dukcapil.id, "paspor") == []  # another agency's service
    assert len(view.search(None, "")) == len(view.services)
    assert view.priority_label("ibu_hamil", "en") == "Pregnant/nursing mother"
    assert "3 tiket biasa" in view.rule_text("id")


def test_when_text():
    now = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)  # a Monday
    at = lambda d, h: datetime(2026, 11, d, h, 0, tzinfo=WIB)  # noqa: E731
    assert when_text(at(23, 13), now, "id") == "hari ini pukul 13.00"
    assert when_text(at(24, 8), now, "id") == "besok pukul 08.00"
    assert when_text(at(24, 8), now, "en") == "tomorrow at 08:00"
    assert when_text(at(25, 8), now, "id") == "Rabu, 25 November pukul 08.00"
    assert when_text(at(25, 8), now, "id", short=True) == "Rabu 08.00"
    assert when_text(datetime(2026, 12, 7, 8, tzinfo=WIB), now, "id", short=True) == "7 Des 08.00"
    # "now" in UTC late on the 23rd is already the 24th in WIB: "today", not "tomorrow"
    utc_now = datetime(2026, 11, 23, 18, 0, tzinfo=ZoneInfo("UTC"))
    assert when_text(at(24, 8), utc_now, "id") == "hari ini pukul 08.00"


def test_texts_both_languages_kbbi_and_same_placeholders():
    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    for key, (indonesian, english) in TEXTS.items():
        assert indonesian and english, key
        assert fields(indonesian) == fields(english), key
        assert not re.search(r"antrian|nomer|silahkan", indonesian, re.I), key
    assert tr("ahead", "id", n=3) == "Antrean di depan Anda: 3"
    assert tr("ahead", "en", n=3) == "People ahead of you: 3"


def test_printout_of_a_201_answer():
    from kiosk.viewmodels.issuer import build_issued

    view = CatalogView(sample_catalog())
    ktp = next(s for s in view.services.values() if s.name == "Perekaman KTP-el")
    body = {"ticket": {"id": 9, "number": "A009", "service_id": ktp.id,
                       "service_name": "Perekaman KTP-el", "agency_name": "Dinas Dukcapil",
                       "priority": "lansia", "priority_label": "Lansia",
                       "issued_at": "2026-11-23T09:15:00+07:00"},
            "estimate": {"ahead": 4, "minutes": 20}, "status_path": "/t/abc123"}
    t = build_issued(body, "key-1", False, view, "http://10.0.0.2:8420/")
    p = t.printout
    assert (t.number, t.ahead, t.minutes, t.key) == ("A009", 4, 20, "key-1")
    assert t.status_url == p.status_url == "http://10.0.0.2:8420/t/abc123"
    assert p.mpp_name == "Mal Pelayanan Publik Kabupaten Purbaraya"
    assert p.issued_at == datetime(2026, 11, 23, 9, 15, tzinfo=WIB)
    assert p.priority_label == "Lansia" and p.requirements == ktp.requirements
    assert (p.people_ahead, p.estimated_minutes) == (4, 20)
