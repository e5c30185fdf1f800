"""The kiosk's UI strings: {key: (Bahasa Indonesia, English)}. Indonesian is the default.

KBBI spelling: antrean, nomor, silakan. Placeholders use str.format names."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # welcome
    "welcome_title": ("Selamat datang", "Welcome"),
    "welcome_hint": ("Sentuh tombol di bawah untuk mengambil nomor antrean",
                     "Touch the button below to take a queue number"),
    "start": ("Ambil Nomor Antrean", "Take a Queue Number"),
    "checkin": ("Sudah pesan online? Check-in", "Booked online? Check in"),
    "lang_other": ("English", "Bahasa Indonesia"),
    "loading": ("Memuat daftar layanan…", "Loading the list of services…"),
    "home": ("Beranda", "Home"),
    "back": ("Kembali", "Back"),
    "done": ("Selesai", "Done"),
    "try_again": ("Coba lagi", "Try again"),
    "cancel": ("Batal", "Cancel"),
    # agencies and services
    "choose_agency": ("Pilih instansi", "Choose an agency"),
    "search_all": ("Cari layanan", "Search services"),
    "choose_service": ("Pilih layanan {agency}", "Choose a {agency} service"),
    "all_services": ("Semua layanan", "All services"),
    "search_placeholder": ("Cari layanan…", "Search services…"),
    "no_results": ("Tidak ada layanan yang cocok dengan “{query}”",
                   "No service matches “{query}”"),
    "no_services": ("Instansi ini belum memiliki layanan", "This agency has no services yet"),
    "open": ("Buka", "Open"),
    "closed": ("Tutup", "Closed"),
    "services_open": ("{open} layanan", "{open} services"),
    "waiting": ("{n} orang menunggu", "{n} waiting"),
    "opens_again": ("Buka lagi {when}", "Opens again {when}"),
    "page": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "prev": ("‹ Sebelumnya", "‹ Previous"),
    "next": ("Berikutnya ›", "Next ›"),
    # on-screen keyboard
    "kb_space": ("Spasi", "Space"),
    "kb_delete": ("Hapus", "Delete"),
    "kb_clear": ("Kosongkan", "Clear"),
    "kb_close": ("Tutup", "Hide"),
    # service information (PermenPANRB 15/2014)
    "requirements": ("Persyaratan", "Requirements"),
    "procedure": ("Prosedur", "Procedure"),
    "completion_time": ("Waktu penyelesaian", "Completion time"),
    "cost": ("Biaya/Tarif", "Cost"),
    "product": ("Produk layanan", "Product"),
    "complaints": ("Penanganan pengaduan", "Complaints"),
    "ask_officer": ("Tanyakan kepada petugas", "Ask a staff member"),
    "hours": ("Jam layanan: {hours}", "Opening hours: {hours}"),
    "bring_documents": ("Pastikan dokumen persyaratan sudah lengkap sebelum mengambil nomor.",
                        "Please make sure you have the required documents before you queue."),
    "take_ticket": ("Ambil Nomor Antrean", "Take a Queue Number"),
    "cannot_take": ("Nomor antrean tidak dapat diambil", "No queue number available"),
    # priority
    "priority_title": ("Apakah Anda termasuk kelompok prioritas?",
                       "Do you belong to a priority group?"),
    "priority_none": ("Tidak, antrean biasa", "No, regular queue"),
    "priority_rule": ("Aturan pemanggilan: {rule}", "Calling rule: {rule}"),
    "priority_note": ("Layanan prioritas tanpa biaya. Petugas dapat meminta bukti.",
                      "Priority service is free of charge. Staff may ask for proof."),
    # issuing and the ticket
    "issuing": ("Mohon tunggu, nomor antrean sedang dibuat…",
                "Please wait, your queue number is being made…"),
    "checking_printer": ("Memeriksa printer tiket…", "Checking the ticket printer…"),
    "printing": ("Tiket sedang dicetak…", "Printing your ticket…"),
    "master_retrying": ("Server antrean belum menjawab, mencoba lagi…",
                        "The queue server is not answering yet, retrying…"),
    "your_number": ("Nomor antrean Anda", "Your queue number"),
    "ahead": ("Antrean di depan Anda: {n}", "People ahead of you: {n}"),
    "eta": ("Perkiraan waktu tunggu: ± {m} menit", "Estimated wait: about {m} min"),
    "eta_now": ("Perkiraan waktu tunggu: segera dipanggil", "Estimated wait: called soon"),
    "take_your_ticket": ("Silakan ambil tiket Anda di bawah layar",
                         "Please take your ticket below the screen"),
    "scan_qr": ("Pindai untuk cek status antrean", "Scan to check your queue status"),
    "priority_marker": ("PRIORITAS – {label}", "PRIORITY – {label}"),
    # faults
    "print_failed_title": ("Tiket tidak dapat dicetak", "The ticket could not be printed"),
    "print_failed_body": ("Nomor antrean Anda sudah dibuat dan tetap berlaku. Silakan foto layar "
                          "ini atau catat nomornya, lalu tunggu panggilan.",
                          "Your queue number has been made and is valid. Please take a photo "
                          "of this screen or write the number down, then wait to be called."),
    "reprint": ("Coba cetak lagi", "Try printing again"),
    "printer_fault_title": ("Printer tiket bermasalah", "The ticket printer has a problem"),
    "no_ticket_made": ("Belum ada nomor antrean yang dibuat.", "No queue number was made."),
    "issue_failed_title": ("Server antrean tidak terjangkau", "The queue server cannot be reached"),
    "issue_failed_body": ("Nomor antrean Anda belum dapat diambil. Kios terus mencoba lagi; "
                          "jika tidak berhasil, silakan hubungi petugas.",
                          "Your queue number could not be obtained yet. The kiosk keeps "
                          "retrying; if it does not work, please ask a staff member."),
    "rejected_title": ("Nomor antrean tidak dapat diambil", "No queue number available"),
    "device_rejected": ("Kios ini belum terdaftar di server antrean. Silakan hubungi petugas.",
                        "This kiosk is not enrolled with the queue server. Please ask a staff "
                        "member."),
    # check-in (online bookings)
    "checkin_title": ("Check-in pemesanan online", "Online booking check-in"),
    "checkin_body": ("Ketik kode booking Anda atau pindai kode QR/barcode-nya",
                     "Type your booking code or scan its QR code/barcode"),
    "checkin_button": ("Check-in", "Check in"),
    "checkin_hint": ("Kode booking terdiri dari 8 huruf/angka, contoh K7M3-Q9XP",
                     "A booking code has 8 letters/digits, e.g. K7M3-Q9XP"),
    "checkin_failed_title": ("Check-in belum berhasil", "Check-in did not go through"),
    "checkin_code": ("Kode booking: {code}", "Booking code: {code}"),
    "checkin_help": ("Jika perlu bantuan, silakan tanyakan kepada petugas.",
                     "If you need help, please ask a staff member."),
    # status bar
    "link_connected": ("Terhubung ke server antrean", "Connected to the queue server"),
    "link_connecting": ("Menghubungkan ke server antrean…", "Connecting to the queue server…"),
    "link_reconnecting": ("Menyambung ulang ke server antrean…",
                          "Reconnecting to the queue server…"),
    "link_unreachable": ("Server antrean tidak terjangkau sejak {since}",
                         "Queue server unreachable since {since}"),
    "link_rejected": ("Kios ditolak server antrean (token tidak berlaku)",
                      "The queue server refused this kiosk (invalid token)"),
    "printer_ok": ("Printer siap", "Printer ready"),
    "printer_unknown": ("Printer: status tidak dilaporkan", "Printer: status not reported"),
    "printer_near_end": ("Kertas printer hampir habis", "Printer paper running low"),
    "printer_banner": ("Printer tiket bermasalah: {message}",
                       "Ticket printer problem: {message}"),
}

LANGS = ("id", "en")


def tr(key: str, lang: str = "id", **values: object) -> str:
    """The text for ``key`` in ``lang`` ("id" or "en"), with ``values`` filled in."""
    indonesian, english = TEXTS[key]
    text = english if lang == "en" else indonesian
    return text.format(**values) if values else text
