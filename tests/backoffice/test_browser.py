"""The back office in headless Chromium (Debian's, driven by Playwright): sign in, create an
agency and a service, edit a schedule, open every report; no console errors on any page."""
from __future__ import annotations

import pytest

from tests.browser import available, chromium, new_page
from .conftest import PASSWORD, issue_tickets

pytestmark = pytest.mark.skipif(available() is not None, reason=available() or "")


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _login(page, url: str, username: str) -> None:
    page.goto(url + "/backoffice/")
    assert "/backoffice/login" in page.url
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(url + "/backoffice/")


def test_admin_creates_agency_service_schedule_and_reads_reports(browser, bo, bo_site):
    issue_tickets(bo.url, bo_site)
    errors: list[str] = []
    statuses: list[int] = []
    page = new_page(browser, errors, statuses)
    _login(page, bo.url, "admin")
    assert page.locator("h1").inner_text() == "Dasbor langsung"
    assert page.locator("#live table").count() >= 2

    # an agency
    page.get_by_role("link", name="Administrasi").click()
    page.get_by_role("link", name="Instansi", exact=True).click()
    page.get_by_label("Kode").fill("dinsos")
    page.get_by_label("Nama instansi").fill("Dinas Sosial")
    page.get_by_label("Nama singkat").fill("Dinsos")
    page.get_by_role("button", name="Tambah").click()
    assert "Data baru disimpan" in page.locator(".notice").inner_text()
    assert page.get_by_role("cell", name="Dinas Sosial").count() == 1

    # a service of it, with a validation error first
    page.get_by_role("link", name="Layanan", exact=True).click()
    page.get_by_label("Kode").fill("dtks")
    page.locator("#f-agency").select_option("dinsos")
    page.get_by_label("Awalan nomor").fill("d1")
    page.get_by_label("Nama layanan").fill("Pendaftaran DTKS")
    page.get_by_label("Persyaratan").fill("KTP-el\nKartu Keluarga")
    page.get_by_label("Kuota harian").fill("40")
    page.get_by_role("button", name="Tambah").click()
    assert "1–3 huruf kapital" in page.locator(".field-error").first.inner_text()
    assert page.get_by_label("Nama layanan").input_value() == "Pendaftaran DTKS"  # kept
    page.get_by_label("Awalan nomor").fill("D")
    page.get_by_role("button", name="Tambah").click()
    assert "Data baru disimpan" in page.locator(".notice").inner_text()
    assert any(s.code == "dtks" for s in bo.master.store.state.catalog.services.values())

    # the new agency's own schedule, through the week grid
    page.get_by_role("link", name="Jadwal buka").click()
    page.get_by_label("Instansi atau gerai").select_option("agency:dinsos")
    page.get_by_role("button", name="Buat jadwal").click()
    for day in ("Senin", "Selasa", "Rabu", "Kamis"):
        page.get_by_label(f"{day} Buka 1").fill("08:00")
        page.get_by_label(f"{day} Tutup 1").fill("14:00")
    page.get_by_label("Jumat Buka 1").fill("08:00")
    page.get_by_label("Jumat Tutup 1").fill("11:00")
    page.get_by_role("button", name="Simpan").click()
    assert "Perubahan disimpan" in page.locator(".notice").inner_text()
    assert "Senin–Kamis 08.00–14.00; Jumat 08.00–11.00" in page.locator("table").inner_text()

    # every report, its charts and tables
    page.get_by_role("link", name="Laporan", exact=True).click()
    for name in ("Pengunjung", "Waktu tunggu dan layanan", "Kehadiran gerai",
                 "Survei Kepuasan Masyarakat (SKM)"):
        page.get_by_role("link", name="Laporan", exact=True).click()
        page.get_by_role("link", name=name).click()
        assert page.locator("h1").inner_text() == name
        page.get_by_role("link", name="Bulan ini").click()
        page.get_by_role("button", name="Tampilkan").click()
        assert page.locator("table.report").count() >= 1
        assert page.get_by_role("link", name="Excel (XLSX)").count() == 1
    page.goto(bo.url + "/backoffice/reports/visitors")
    assert page.locator("svg.chart").count() >= 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # English and back
    page.get_by_role("link", name="English").click()
    assert page.locator("h1").inner_text() == "Visitors"
    page.get_by_role("link", name="Bahasa Indonesia").click()
    assert errors == []
    assert statuses == [422]  # the service with the bad prefix, on purpose


def test_supervisor_sees_own_agency_and_no_administration(browser, bo, bo_site):
    issue_tickets(bo.url, bo_site, per_service=1)
    errors: list[str] = []
    statuses: list[int] = []
    page = new_page(browser, errors, statuses)
    _login(page, bo.url, "super")
    assert page.get_by_role("link", name="Administrasi").count() == 0
    assert "Dukcapil" in page.locator("#live").inner_text()
    assert "BPJS" not in page.content()
    page.get_by_role("link", name="Laporan", exact=True).click()
    page.get_by_role("link", name="Pengunjung").click()
    assert "BPJS" not in page.content()
    response = page.goto(bo.url + "/backoffice/admin/agencies")
    assert response.status == 403 and "Akses ditolak" in page.locator("h1").inner_text()
    page.goto(bo.url + "/backoffice/")
    assert errors == [] and statuses == [403]


def test_delete_asks_first(browser, bo):
    errors: list[str] = []
    page = new_page(browser, errors)
    _login(page, bo.url, "admin")
    page.goto(bo.url + "/backoffice/admin/counters/l2")
    page.once("dialog", lambda d: d.dismiss())
    page.get_by_role("button", name="Hapus").click()
    assert page.url.endswith("/admin/counters/l2")  # still there: cancelled
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Hapus").click()
    page.wait_for_url("**/admin/counters?ok=deleted")
    assert not any(c.code == "l2" for c in bo.master.store.state.catalog.counters.values())
    assert errors == []
