"""UI strings of the lobby display: {key: (indonesian, english)} (KBBI: antrean, nomor, silakan).

``text(key, lang, **fields)`` picks the language and fills ``{fields}``; Indonesian is the
default. Day and month names for the clock live here too."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "window_title": ("Antrean — Layar Panggilan", "Antrean — Call Display"),
    "latest_call": ("NOMOR ANTREAN", "QUEUE NUMBER"),
    "to_counter": ("LOKET {counter}", "COUNTER {counter}"),
    "no_call_yet": ("Belum ada panggilan", "No calls yet"),
    "recall": ("PANGGILAN ULANG", "CALLED AGAIN"),
    "counters": ("Loket Aktif", "Open Counters"),
    "counter_short": ("Loket {counter}", "Counter {counter}"),
    "no_open_counters": ("Belum ada loket yang buka", "No counter is open yet"),
    "idle": ("—", "—"),
    "paused": ("Jeda", "Paused"),
    "pause_istirahat": ("Istirahat", "On break"),
    "pause_sholat": ("Sholat", "Prayer"),
    "pause_rapat": ("Rapat", "Meeting"),
    "pause_lainnya": ("Jeda", "Paused"),
    "recent_calls": ("Panggilan Terakhir", "Recent Calls"),
    "no_recent": ("—", "—"),
    "waiting": ("Menunggu", "Waiting"),
    "waiting_unknown": ("…", "…"),
    "people": ("orang", "people"),
    "page": ("{page}/{pages}", "{page}/{pages}"),
    "ticker_default": ("Selamat datang di {site}. Budayakan antre. Ambil nomor antrean di "
                       "anjungan dan tunggu nomor Anda dipanggil.",
                       "Welcome to {site}. Please queue in order. Take a number at the kiosk "
                       "and wait for your number to be called."),
    "site_unknown": ("Mal Pelayanan Publik", "Public Service Mall"),
    "info_title": ("Informasi", "Information"),
    "info_take_number": ("Ambil nomor antrean di anjungan.",
                         "Take a queue number at the kiosk."),
    "info_wait": ("Perhatikan layar dan suara panggilan.",
                  "Watch the screen and listen for your call."),
    "info_rule": ("Urutan panggilan: {rule}", "Calling order: {rule}"),
    "link_connecting": ("Menghubungkan ke server antrean…", "Connecting to the queue server…"),
    "link_reconnecting": ("Koneksi ke server antrean terputus, menyambung ulang… "
                          "Data di layar mungkin tidak terbaru.",
                          "Connection to the queue server lost, reconnecting… "
                          "The data on screen may be out of date."),
    "link_unreachable": ("Server antrean tidak terjangkau sejak {time}. "
                         "Data di layar mungkin tidak terbaru.",
                         "Queue server unreachable since {time}. "
                         "The data on screen may be out of date."),
    "link_upgrade": ("Aplikasi layar ini perlu diperbarui: versinya tidak didukung server "
                     "antrean. Hubungi admin MPP.",
                     "This display's software must be updated: the queue server does not "
                     "support its version. Contact the MPP admin."),
    "link_rejected": ("Layar ini ditolak server antrean (token tidak berlaku). "
                      "Hubungi admin MPP.",
                      "The queue server refused this display (invalid token). "
                      "Contact the MPP admin."),
}

DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
# Indonesian time zones by IANA name (three zones; anything else shows no abbreviation).
ZONE_NAMES = {
    "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA", "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}


def text(key: str, lang: str = "id", **fields: object) -> str:
    indonesian, english = TEXTS[key]
    template = english if lang == "en" else indonesian
    return template.format(**fields) if fields else template
