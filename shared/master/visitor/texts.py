"""Texts of the visitor pages: Bahasa Indonesia (default; KBBI: antrean, nomor, silakan) and
English. ``t(lang, key, **values)``; a missing key shows as ⟦key⟧ (tests look for it)."""
from __future__ import annotations

from datetime import date

from .texts_forms import TEXTS as _FORMS

LANGS = ("id", "en")

_UI: dict[str, tuple[str, str]] = {
    "lang.other": ("English", "Bahasa Indonesia"),
    "err.title": ("Maaf", "Sorry"),
    "err.404": ("Tautan ini tidak dikenal atau sudah tidak berlaku. Periksa kembali tautan atau "
                "QR pada tiket Anda.",
                "This link is unknown or no longer valid. Check the link or the QR code on your "
                "ticket."),
    "err.405": ("Metode tidak diizinkan.", "Method not allowed."),
    "err.400": ("Isian formulir tidak dapat dibaca.", "The form could not be read."),
    "err.413": ("Isian formulir terlalu besar.", "The form is too large."),
    "err.415": ("Kirim formulir dari halaman ini.", "Send the form from this page."),
    "err.csrf": ("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi.",
                 "The form has expired. Reload the page and try again."),
    "err.429": ("Terlalu banyak permintaan. Silakan coba lagi dalam {seconds} detik.",
                "Too many requests. Please try again in {seconds} seconds."),
    "home": ("Kembali ke awal", "Back to start"),
    "back": ("Kembali", "Back"),
    # ticket status
    "st.title": ("Status antrean", "Queue status"),
    "st.number": ("Nomor antrean", "Queue number"),
    "st.waiting": ("Menunggu dipanggil", "Waiting to be called"),
    "st.ahead": ("Jumlah antrean di depan Anda", "People ahead of you"),
    "st.wait": ("Perkiraan waktu tunggu", "Estimated wait"),
    "st.minutes": ("± {n} menit", "± {n} min"),
    "st.soon": ("Sebentar lagi giliran Anda", "Your turn is coming up"),
    "st.called": ("Anda dipanggil ke loket {counter}", "You are called to counter {counter}"),
    "st.called_hint": ("Silakan menuju {booth}.", "Please go to {booth}."),
    "st.serving": ("Sedang dilayani di loket {counter}", "Being served at counter {counter}"),
    "st.done": ("Layanan selesai. Terima kasih!", "Service finished. Thank you!"),
    "st.no_show": ("Nomor Anda terlewat. Silakan hubungi petugas di loket.",
                   "Your number was skipped. Please see an officer at the counter."),
    "st.cancelled": ("Tiket ini dibatalkan.", "This ticket was cancelled."),
    "st.expired": ("Tiket ini sudah tidak berlaku: hari layanannya telah berakhir.",
                   "This ticket is no longer valid: its service day has ended."),
    "st.priority": ("Prioritas: {label}", "Priority: {label}"),
    "st.issued": ("Diambil {day}, pukul {time}", "Issued {day} at {time}"),
    "st.live": ("Halaman ini diperbarui otomatis; tidak perlu dimuat ulang.",
                "This page updates by itself; no need to reload."),
    "st.offline": ("Koneksi terputus, mencoba lagi…", "Connection lost, retrying…"),
    "st.survey": ("Isi Survei Kepuasan (SKM)", "Take the satisfaction survey (SKM)"),
    "st.survey_done": ("Survei Anda sudah kami terima. Terima kasih!",
                       "We received your survey. Thank you!"),
    "st.complaint": ("Sampaikan pengaduan", "File a complaint"),
    "st.keep": ("Simpan tiket kertas Anda sebagai bukti antrean.",
                "Keep your paper ticket as proof of your place."),
    # booking
    "bk.title": ("Booking antrean daring", "Online queue booking"),
    "bk.lead": ("Pilih instansi, layanan, hari dan jam. Tanpa akun; nomor HP boleh dikosongkan.",
                "Choose an agency, a service, a day and a time. No account needed; the phone "
                "number is optional."),
    "bk.agency": ("Pilih instansi", "Choose an agency"),
    "bk.services_n": ("{n} layanan", "{n} services"),
    "bk.service": ("Pilih layanan", "Choose a service"),
    "bk.none": ("Belum ada layanan yang menerima booking daring.",
                "No service takes online bookings yet."),
    "bk.day": ("Pilih hari", "Choose a day"),
    "bk.slot": ("Pilih jam", "Choose a time"),
    "bk.no_day": ("Tidak ada hari yang masih bisa dibooking dalam {n} hari ke depan.",
                  "No day can be booked in the next {n} days."),
    "bk.free": ("sisa {n}", "{n} left"),
    "bk.full": ("penuh", "full"),
    "bk.closed_slot": ("ditutup", "closed"),
    "bk.phone": ("Nomor HP (opsional)", "Mobile number (optional)"),
    "bk.phone_help": ("Contoh 0812 3456 7890. Paling banyak {n} booking per nomor per hari.",
                      "E.g. 0812 3456 7890. At most {n} bookings per number per day."),
    "bk.phone_bad": ("Nomor HP tidak sah (awali dengan 08 atau +62).",
                     "Not a valid mobile number (start with 08 or +62)."),
    "bk.pick_slot": ("Pilih salah satu jam.", "Choose one of the times."),
    "bk.submit": ("Booking sekarang", "Book now"),
    "bk.requirements": ("Persyaratan", "Requirements"),
    "bk.cost": ("Biaya", "Cost"),
    "bk.cost_free": ("Gratis", "Free"),
    "bk.hours": ("Jam layanan", "Service hours"),
    "bk.code": ("Kode booking", "Booking code"),
    "bk.done": ("Booking berhasil", "Booking confirmed"),
    "bk.yours": ("Booking Anda", "Your booking"),
    "bk.show_qr": ("Di kiosk antrean, pindai QR ini atau ketik kodenya untuk mengambil tiket.",
                   "At the queue kiosk, scan this QR or type the code to get your ticket."),
    "bk.when": ("Jadwal", "When"),
    "bk.window": ("Check-in di kiosk pukul {start} sampai {end}. Lewat dari itu booking hangus.",
                  "Check in at the kiosk from {start} to {end}. After that the booking is lost."),
    "bk.save": ("Simpan tautan halaman ini untuk melihat atau membatalkan booking.",
                "Keep this page's link to see or cancel the booking."),
    "bk.status": ("Status", "Status"),
    "bk.st.booked": ("Aktif", "Active"),
    "bk.st.checked_in": ("Sudah check-in", "Checked in"),
    "bk.st.cancelled": ("Dibatalkan", "Cancelled"),
    "bk.st.expired": ("Hangus (terlambat)", "Lost (too late)"),
    "bk.cancel": ("Batalkan booking", "Cancel booking"),
    "bk.cancel_confirm": ("Batalkan booking ini?", "Cancel this booking?"),
    "bk.ticket": ("Lihat status antrean Anda", "See your queue status"),
    "bk.again": ("Booking layanan lain", "Book another service"),
}

DAYS = (("Senin", "Monday"), ("Selasa", "Tuesday"), ("Rabu", "Wednesday"), ("Kamis", "Thursday"),
        ("Jumat", "Friday"), ("Sabtu", "Saturday"), ("Minggu", "Sunday"))
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")

TEXTS: dict[str, tuple[str, str]] = {**_UI, **_FORMS}


def t(lang: str, key: str, **values: object) -> str:
    pair = TEXTS.get(key)
    if pair is None:
        return f"⟦{key}⟧"
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def day_text(lang: str, day: date, weekday: bool = True) -> str:
    """'Senin, 6 Januari 2025' / 'Monday, 6 January 2025'."""
    en = lang == "en"
    month = (MONTHS_EN if en else MONTHS)[day.month - 1]
    text = f"{day.day} {month} {day.year}"
    if weekday:
        text = f"{DAYS[day.weekday()][1 if en else 0]}, {text}"
    return text


def hm(value) -> str:
    """07.30 (Indonesian style, both languages: the site's clocks read so)."""
    return f"{value.hour:02d}.{value.minute:02d}"
