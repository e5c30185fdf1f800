"""UI strings of the counter panel: {key: (indonesian, english)}. Bahasa Indonesia by default
(KBBI spelling: antrean, nomor, silakan); English with --lang en or the switch on the login
screen. ``t(key, lang, **fields)`` formats one."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- sign-in ---------------------------------------------------------------------------------
    "app_title": ("Panel Loket", "Counter panel"),
    "login_title": ("Masuk Petugas", "Officer sign-in"),
    "counter": ("Loket", "Counter"),
    "username": ("ID petugas", "Officer ID"),
    "pin": ("PIN", "PIN"),
    "sign_in": ("Masuk", "Sign in"),
    "signing_in": ("Memeriksa…", "Checking…"),
    "take_over": ("Ambil alih loket", "Take over the counter"),
    "clear": ("Hapus", "Clear"),
    "lang_switch": ("English", "Bahasa Indonesia"),
    "need_credentials": ("Isi ID petugas dan PIN", "Enter your officer ID and PIN"),
    "need_counter": ("Pilih loket dulu", "Choose a counter first"),
    "no_counters": ("Belum ada daftar loket dari server antrean",
                    "No counters from the queue server yet"),
    # -- the work screen -------------------------------------------------------------------------
    "officer": ("Petugas: {name}", "Officer: {name}"),
    "status_open": ("BUKA", "OPEN"),
    "status_paused": ("JEDA", "PAUSED"),
    "status_closed": ("TUTUP", "CLOSED"),
    "no_ticket": ("Belum ada tiket dipanggil", "No ticket called"),
    "no_ticket_hint": ("Tekan {key} untuk memanggil antrean berikutnya",
                       "Press {key} to call the next ticket"),
    "ticket_called": ("DIPANGGIL", "CALLED"),
    "ticket_serving": ("SEDANG DILAYANI", "BEING SERVED"),
    "waited": ("Menunggu {minutes} menit", "Waited {minutes} min"),
    "calls": ("dipanggil {n}×", "called {n}×"),
    "priority": ("Prioritas: {label}", "Priority: {label}"),
    "regular": ("Antrean biasa", "Regular"),
    "transferred_from": ("dialihkan dari {service}", "transferred from {service}"),
    "info_requirements": ("Persyaratan", "Requirements"),
    "info_time": ("Waktu penyelesaian", "Completion time"),
    "info_cost": ("Biaya", "Cost"),
    "info_product": ("Produk", "Product"),
    "waiting_title": ("Menunggu untuk loket ini", "Waiting for this counter"),
    "waiting_none": ("Tidak ada yang menunggu", "No one waiting"),
    "rule_title": ("Aturan panggilan", "Calling rule"),
    "history_title": ("Terakhir ditangani", "Last handled"),
    "history_empty": ("Belum ada", "None yet"),
    "outcome_done": ("selesai", "done"),
    "outcome_no_show": ("tidak hadir", "no-show"),
    "outcome_transferred": ("dialihkan ke {service}", "transferred to {service}"),
    "outcome_cancelled": ("dibatalkan", "cancelled"),
    "outcome_expired": ("kedaluwarsa", "expired"),
    "outcome_waiting": ("kembali ke antrean", "back in the queue"),
    "outcome_called": ("dipanggil", "called"),
    "outcome_serving": ("dilayani", "being served"),
    "paused_title": ("Loket sedang jeda", "Counter paused"),
    "paused_since": ("{reason} · sejak {time}", "{reason} · since {time}"),
    "paused_hint": ("Tekan {key} untuk melanjutkan", "Press {key} to resume"),
    "closed_title": ("Loket ditutup", "Counter closed"),
    "closed_hint": ("Loket ini tidak sedang dibuka. Buka lagi untuk melayani.",
                    "This counter is not open. Open it again to serve."),
    "idle_warning": ("Tidak ada aktivitas: keluar otomatis dalam {seconds} detik",
                     "No activity: signing out in {seconds} s"),
    # -- actions ---------------------------------------------------------------------------------
    "action_call_next": ("Panggil berikutnya", "Call next"),
    "action_recall": ("Panggil ulang", "Recall"),
    "action_skip": ("Lewati (tidak hadir)", "Skip (no-show)"),
    "action_start": ("Mulai layanan", "Start service"),
    "action_finish": ("Selesai", "Finish"),
    "action_transfer": ("Alihkan", "Transfer"),
    "action_call_ticket": ("Panggil nomor", "Call a number"),
    "action_pause": ("Jeda", "Pause"),
    "action_resume": ("Lanjutkan", "Resume"),
    "action_open": ("Buka loket", "Open counter"),
    "action_logout": ("Keluar", "Sign out"),
    "action_confirm": ("OK", "OK"),
    "action_cancel": ("Batal", "Cancel"),
    "reason_istirahat": ("Istirahat", "Break"),
    "reason_sholat": ("Sholat", "Prayer"),
    "reason_rapat": ("Rapat", "Meeting"),
    "reason_lainnya": ("Lainnya", "Other"),
    # -- sheets (choosers over the ticket area) ----------------------------------------------------
    "sheet_transfer": ("Alihkan {number} ke layanan lain", "Transfer {number} to another service"),
    "transfer_filter": ("Cari layanan atau instansi…", "Search service or agency…"),
    "transfer_hint": ("Pengunjung tetap memakai nomor dan waktu kedatangan yang sama.",
                      "The visitor keeps the same number and arrival time."),
    "sheet_finish": ("Selesaikan {number}: centang layanan yang dikerjakan",
                     "Finish {number}: tick the services done"),
    "sheet_pause": ("Jeda loket: pilih alasan", "Pause the counter: choose a reason"),
    "sheet_call": ("Panggil nomor tertentu", "Call a specific ticket"),
    "call_entry": ("Nomor tiket, mis. A012", "Ticket number, e.g. A012"),
    "call_none": ("Belum ada tiket menunggu yang tercatat di panel ini",
                  "No waiting tickets recorded by this panel yet"),
    "sheet_keys": ("↑↓ pilih · Enter {confirm} · Esc {cancel}",
                   "↑↓ choose · Enter {confirm} · Esc {cancel}"),
    "sheet_keys_tick": ("↑↓ pilih · Spasi centang · Enter {confirm} · Esc {cancel}",
                        "↑↓ choose · Space tick · Enter {confirm} · Esc {cancel}"),
    "closed_note": ("tutup", "closed"),
    # -- messages --------------------------------------------------------------------------------
    "msg_opened": ("Loket dibuka. Selamat bertugas, {name}.", "Counter open. Welcome, {name}."),
    "msg_called": ("{number} dipanggil", "{number} called"),
    "msg_recalled": ("{number} dipanggil ulang", "{number} called again"),
    "msg_started": ("Layanan {number} dimulai", "Serving {number}"),
    "msg_finished": ("{number} selesai", "{number} finished"),
    "msg_skipped": ("{number} dilewati (tidak hadir)", "{number} skipped (no-show)"),
    "msg_transferred": ("{number} dialihkan ke {service}", "{number} transferred to {service}"),
    "msg_paused": ("Loket dijeda: {reason}", "Counter paused: {reason}"),
    "msg_resumed": ("Loket dilanjutkan", "Counter resumed"),
    "msg_logged_out": ("Anda sudah keluar; loket ditutup", "Signed out; the counter is closed"),
    "msg_idle_out": ("Keluar otomatis setelah {minutes} menit tanpa aktivitas; loket ditutup",
                     "Signed out after {minutes} min without activity; the counter is closed"),
    "msg_session_lost": ("Sesi berakhir; silakan masuk lagi", "Session ended; please sign in again"),
    "msg_unreachable": ("Server antrean tidak terjangkau; periksa jaringan lalu coba lagi",
                        "Queue server unreachable; check the network and try again"),
    "msg_not_found": ("Tiket {number} tidak ada di daftar tunggu loket ini",
                      "Ticket {number} is not in this counter's waiting list"),
    "msg_pick_service": ("Pilih layanan tujuan dulu", "Choose the target service first"),
    "msg_counter_closed_elsewhere": ("Loket ditutup dari perangkat lain",
                                     "The counter was closed from elsewhere"),
    "msg_ticket_left": ("Tiket {number} tidak lagi di loket ini", "Ticket {number} left this counter"),
    # -- connection ------------------------------------------------------------------------------
    "conn_connected": ("Terhubung ke server antrean", "Connected to the queue server"),
    "conn_connecting": ("Menghubungkan ke server antrean…", "Connecting to the queue server…"),
    "conn_reconnecting": ("Menyambung ulang ke server antrean…",
                          "Reconnecting to the queue server…"),
    "conn_unreachable": ("Server antrean tidak terjangkau sejak {time}",
                         "Queue server unreachable since {time}"),
    "conn_rejected": ("Perangkat ini ditolak server antrean (token tidak berlaku)",
                      "The queue server refused this device (invalid token)"),
    "conn_offline": ("Tanpa server (tampilan contoh)", "No server (sample screen)"),
}

# The master's refusals (409/4xx codes) in calm words; unknown codes show the master's message.
ERRORS: dict[str, tuple[str, str]] = {
    "queue_empty": ("Tidak ada antrean yang menunggu", "No one is waiting"),
    "counter_paused": ("Loket sedang jeda; lanjutkan dulu", "The counter is paused; resume first"),
    "counter_closed": ("Loket belum dibuka", "The counter is not open"),
    "counter_busy": ("Selesaikan atau alihkan tiket yang sedang dilayani dulu",
                     "Finish or transfer the current ticket first"),
    "counter_in_use": ("Loket sedang digunakan petugas lain",
                       "Another officer is using this counter"),
    "not_paused": ("Loket tidak sedang jeda", "The counter is not paused"),
    "no_ticket": ("Belum ada tiket yang dipanggil di loket ini", "No ticket called here yet"),
    "wrong_state": ("Tiket ini sudah dilayani; tindakan itu tidak berlaku",
                    "This ticket is already being served; that action does not apply"),
    "not_waiting": ("Tiket itu tidak sedang menunggu", "That ticket is not waiting"),
    "not_served_here": ("Tiket itu bukan untuk loket ini", "That ticket is not for this counter"),
    "same_service": ("Tiket sudah berada di layanan itu", "The ticket is already in that service"),
    "inactive": ("Layanan itu tidak tersedia", "That service is not available"),
    "unknown_ticket": ("Tiket tidak ada dalam antrean hari ini", "No such ticket today"),
    "unknown_service": ("Layanan tidak dikenal", "Unknown service"),
    "unknown_counter": ("Loket tidak dikenal", "Unknown counter"),
    "wrong_credentials": ("ID petugas atau PIN salah", "Wrong officer ID or PIN"),
    "officer_locked": ("Terlalu banyak PIN salah; coba lagi nanti",
                       "Too many wrong PINs; try again later"),
    "wrong_agency": ("Petugas tidak terdaftar di instansi loket ini",
                     "This officer does not belong to this counter's agency"),
    "other_counter": ("Sesi ini untuk loket lain", "This session is for another counter"),
    "wrong_role": ("Perangkat ini bukan perangkat loket", "This device is not a counter device"),
    "invalid_token": ("Token perangkat tidak berlaku", "The device token is not valid"),
}
# Codes whose master message carries a detail we want (the lockout's minutes).
PREFER_MASTER_MESSAGE = {"officer_locked"}


def t(key: str, lang: str = "id", /, **fields: object) -> str:
    indonesian, english = TEXTS[key]
    text = english if lang == "en" else indonesian
    return text.format(**fields) if fields else text


def error_text(code: str, master_message: str, lang: str = "id") -> str:
    """A refusal from the master, calmly, in the panel's language."""
    if lang != "en" and code in PREFER_MASTER_MESSAGE and master_message:
        return master_message
    known = ERRORS.get(code)
    if known is not None:
        return known[1] if lang == "en" else known[0]
    return master_message or code
