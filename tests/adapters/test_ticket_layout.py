from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.adapters.ticket_layout import (
    PAPER_58, PAPER_80, Feed, Logo, Qr, Rule, Text, TicketPrint, clean, format_datetime_id,
    layout_lines, max_columns, number_size, paper_for, sample_ticket, ticket_print_for)
from shared.domain.eta import Estimate
from shared.domain.model import Agency, PriorityClass, Service, ServiceStandard, Site
from shared.domain.tickets import Ticket


def texts(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Text)]


def joined(blocks) -> str:
    return " ".join(t.strip() for t in texts(blocks))


@pytest.mark.parametrize("cols", [32, 48])
def test_every_line_fits_its_paper(cols):
    blocks = layout_lines(sample_ticket(), cols)
    assert max_columns(blocks) <= cols
    for b in blocks:
        if isinstance(b, Text):
            assert 1 <= b.width <= 8 and 1 <= b.height <= 8
            assert len(b.text) * b.width <= cols, b
            assert "\n" not in b.text


@pytest.mark.parametrize("cols", [32, 48])
def test_indonesian_labels(cols):
    blocks = layout_lines(sample_ticket(), cols)
    text = joined(blocks)
    assert "Mal Pelayanan Publik Kabupaten Purbaraya" in text
    assert "Nomor Antrean" in texts(blocks)
    assert "Jumlah antrean di depan Anda: 7" in text
    assert "Perkiraan waktu tunggu: \u00b1 35 menit" in text
    assert "PRIORITAS \u2013 Lansia" in text
    assert "Senin, 23 November 2026 09.15" in texts(blocks)
    assert "Simpan tiket ini sebagai bukti antrean" in text
    assert "Dukcapil" in texts(blocks) and "Perekaman KTP-el" in texts(blocks)


def test_number_is_printed_very_large():
    for cols in (32, 48):
        (number,) = [b for b in layout_lines(sample_ticket(), cols)
                     if isinstance(b, Text) and b.text == "A123"]
        assert (number.width, number.height, number.bold) == (8, 8, True)
    assert number_size("A1234", 32) == 6  # largest that fits: 5 x 6 = 30 columns
    assert number_size("AB1234", 32) == 5
    assert number_size("A1234", 48) == 8
    long = dataclasses.replace(sample_ticket(), number="ABC1234")
    (number,) = [b for b in layout_lines(long, 32) if isinstance(b, Text) and b.text == "ABC1234"]
    assert number.width == 4 and len(number.text) * number.width <= 32


def test_58_wraps_where_80_does_not():
    t58, t80 = texts(layout_lines(sample_ticket(), 32)), texts(layout_lines(sample_ticket(), 48))
    assert "Mal Pelayanan Publik Kabupaten" in t58 and "Purbaraya" in t58
    assert "Mal Pelayanan Publik Kabupaten Purbaraya" in t80
    # the estimate value stays together on narrow paper
    assert "Perkiraan waktu tunggu:" in t58 and "\u00b1 35 menit" in t58
    assert "Perkiraan waktu tunggu: \u00b1 35 menit" in t80
    assert len(t58) > len(t80)


def test_priority_marker_is_an_inverted_full_line():
    (marker,) = [b for b in layout_lines(sample_ticket(), 32)
                 if isinstance(b, Text) and "PRIORITAS" in b.text]
    assert marker.invert and marker.bold and len(marker.text) == 32
    assert marker.text.strip() == "PRIORITAS \u2013 Lansia"
    plain = dataclasses.replace(sample_ticket(), priority_label=None)
    assert "PRIORITAS" not in joined(layout_lines(plain, 32))


def test_requirements_reminder_is_short():
    blocks = layout_lines(sample_ticket(), 32)
    lines = texts(blocks)
    start = lines.index("Persyaratan:")
    items = [line for line in lines[start:] if line.startswith("- ")]
    assert len(items) == 3  # of 4
    assert "(dan 1 persyaratan lainnya)" in lines
    assert "Surat keterangan pindah" not in joined(blocks)
    # the long third requirement is cut at two lines, on a word, with "..."
    third = lines.index(items[2])
    assert lines[third + 1].startswith("  ") and lines[third + 1].endswith("...")
    assert not lines[third + 2].startswith("  ")
    none = dataclasses.replace(sample_ticket(), requirements=())
    assert "Persyaratan:" not in texts(layout_lines(none, 32))


def test_qr_estimate_and_optional_parts():
    blocks = layout_lines(sample_ticket(), 32)
    (qr,) = [b for b in blocks if isinstance(b, Qr)]
    assert qr.data == "http://mpp.local:8420/t/SAMPLE" and 1 <= qr.module_dots <= 16
    assert any(isinstance(b, Rule) for b in blocks) and any(isinstance(b, Feed) for b in blocks)
    bare = dataclasses.replace(sample_ticket(), status_url=None, estimated_minutes=None,
                               priority_label=None, requirements=(), footer="")
    blocks = layout_lines(bare, 32)
    assert not any(isinstance(b, Qr) for b in blocks)
    assert "Perkiraan" not in joined(blocks)
    now = dataclasses.replace(sample_ticket(), people_ahead=0, estimated_minutes=0)
    assert "Perkiraan waktu tunggu: segera dipanggil" in joined(layout_lines(now, 48))
    assert "Jumlah antrean di depan Anda: 0" in joined(layout_lines(now, 48))


def test_logo_block_only_with_a_path(tmp_path):
    assert not any(isinstance(b, Logo) for b in layout_lines(sample_ticket(), 32))
    with_logo = dataclasses.replace(sample_ticket(), logo_path=tmp_path / "logo.png")
    (logo,) = [b for b in layout_lines(with_logo, 32) if isinstance(b, Logo)]
    assert logo.max_width_dots <= PAPER_58.dots


def test_long_words_and_odd_text_never_overflow():
    odd = dataclasses.replace(
        sample_ticket(),
        mpp_name="MalPelayananPublikKotaYangNamanyaSangatPanjangSekaliTanpaSpasi",
        agency_name="Dinas Kependudukan dan Pencatatan Sipil\tKabupaten\u00a0Purbaraya",
        service_name=("Penerbitan \u201cKartu Identitas Anak\u201d (KIA) \u2026 "
                      "untuk usia 0\u201317"),
        priority_label="Penyandang Disabilitas",
        requirements=("x" * 200, "", "  "),
    )
    for cols in (32, 48):
        blocks = layout_lines(odd, cols)
        assert max_columns(blocks) <= cols
        text = joined(blocks)
        assert "\u2026" not in text and "\u201c" not in text and "\t" not in text
        assert "(dan" not in text  # blank requirements are not counted


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(max_size=120), service=st.text(max_size=120),
    number=st.from_regex(r"[A-Z]{1,3}[0-9]{1,5}", fullmatch=True),
    ahead=st.integers(0, 99999), minutes=st.none() | st.integers(0, 99999),
    reqs=st.lists(st.text(max_size=150), max_size=6),
    label=st.none() | st.text(min_size=1, max_size=60),
    cols=st.sampled_from([32, 48]),
)
def test_any_ticket_fits(name, service, number, ahead, minutes, reqs, label, cols):
    ticket = TicketPrint(name, "Agency", service, number, datetime(2026, 1, 1, 7, 30), ahead,
                         minutes, tuple(reqs), label, "http://mpp.local/t/x")
    blocks = layout_lines(ticket, cols)
    assert max_columns(blocks) <= cols
    assert any(isinstance(b, Text) and b.text == number and b.width >= 4 for b in blocks)


def test_indonesian_dates():
    assert format_datetime_id(datetime(2026, 11, 23, 9, 15)) == "Senin, 23 November 2026 09.15"
    assert format_datetime_id(datetime(2026, 2, 1, 7, 5)) == "Minggu, 1 Februari 2026 07.05"
    assert format_datetime_id(datetime(2026, 8, 14, 13, 0)) == "Jumat, 14 Agustus 2026 13.00"


def test_clean_keeps_one_char_per_column():
    assert clean("  a\u2026b \u201cc\u201d\t d\u200b ") == 'a...b "c" d'
    assert clean("Kabupaten\u00a0X") == "Kabupaten X"
    assert clean("e\u0301") == "\u00e9"  # NFC: one column


def test_paper_for():
    assert paper_for(58) is PAPER_58 and paper_for(32) is PAPER_58
    assert paper_for(80) is PAPER_80 and paper_for(48) is PAPER_80
    assert (PAPER_58.dots, PAPER_80.dots) == (384, 576) and PAPER_80.char_dots == 12
    with pytest.raises(ValueError):
        paper_for(76)


def test_ticket_print_from_domain_objects():
    site = Site(id="pb", name="MPP Kota Balikpapan", timezone="Asia/Makassar")  # WITA
    agency = Agency(1, "DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil")
    service = Service(7, "KTP", 1, "A", "Perekaman KTP-el",
                      standard=ServiceStandard(requirements=("Fotokopi KK", "Usia 17 tahun")))
    issued = datetime(2026, 11, 23, 1, 15, tzinfo=timezone.utc)  # 09.15 WITA
    ticket = Ticket(id=1, token="tok", service_id=7, number="A007", prefix="A", seq=7,
                    day=date(2026, 11, 23), issued_at=issued, queue_at=issued,
                    priority=PriorityClass.IBU_HAMIL)
    tp = ticket_print_for(site, agency, service, ticket, Estimate(3, 25), "http://m/t/tok")
    assert tp.number == "A007" and tp.people_ahead == 3 and tp.estimated_minutes == 25
    assert tp.requirements == ("Fotokopi KK", "Usia 17 tahun")
    assert tp.priority_label == "Ibu Hamil/Menyusui"
    assert tp.footer == "Simpan tiket ini sebagai bukti antrean"
    assert "Senin, 23 November 2026 09.15" in texts(layout_lines(tp, 32))
